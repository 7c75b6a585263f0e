import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRollupExplanation, type RollupTarget } from '../lib/queries';
import { number, percent } from '../lib/format';
import { Dialog } from './Dialog';
import { ErrorView } from './ErrorView';
import { Loading } from './Loading';
import { TrafficLightBadge } from './TrafficLight';

/** The formula and every input of one roll-up, as the API explains it. */
export function RollupExplanationView({ target }: { target: RollupTarget }) {
  const { t, i18n } = useTranslation();
  const query = useRollupExplanation(target);
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} />;
  const { rollup, inputs, rules, excluded_drafts } = query.data;
  const en = i18n.language === 'en';
  return (
    <div className="explanation">
      <h3>{t('explain.progressFormula')}</h3>
      <p>{t(`explain.method.${rollup.method}`)}</p>
      <p className="formula">{en ? rollup.formula_en : rollup.formula}</p>
      <h3>{t('explain.lightFormula')}</h3>
      <p>{t('explain.lightRule')}</p>
      <p className="formula">{en ? rollup.light_formula_en : rollup.light_formula}</p>
      <p>
        <TrafficLightBadge light={rollup.light} />
      </p>
      <p className="muted">
        {t('dashboard.rules', {
          yellow: number(rules.yellow_gap_points),
          red: number(rules.red_gap_points),
          stale: rules.stale_after_days,
          milestone: rules.red_milestone_overdue_days,
        })}
      </p>
      {excluded_drafts > 0 && <p>{t('explain.drafts', { count: excluded_drafts })}</p>}
      <h3>{t('explain.inputs')}</h3>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('explain.inputsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.code')}</th>
              <th scope="col">{t('measures.titleColumn')}</th>
              <th scope="col" className="num">
                {t('explain.weight')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.progress')}
              </th>
              <th scope="col">{t('dashboard.light')}</th>
              <th scope="col">{t('explain.counted')}</th>
            </tr>
          </thead>
          <tbody>
            {inputs.map((input) => (
              <tr key={input.measure_id}>
                <td>
                  <Link to={`/measures/${input.measure_id}`}>{input.code}</Link>
                </td>
                <td>{input.title}</td>
                <td className="num">{input.weight}</td>
                <td className="num">{percent(input.progress)}</td>
                <td>
                  <TrafficLightBadge light={input.light} overridden={input.overridden} />
                </td>
                <td>
                  {input.included
                    ? t('explain.yes')
                    : t('explain.notCounted', {
                        reason:
                          input.excluded_reason === 'draft'
                            ? t('explain.excludedReason.draft')
                            : t('explain.excludedReason.cancelled'),
                      })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * A roll-up number that opens its explanation. The visible text is the number; the
 * accessible name says what clicking does.
 */
export function ExplainButton({
  target,
  name,
  children,
}: {
  target: RollupTarget;
  name: string;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="explain-button"
        aria-haspopup="dialog"
        title={t('dashboard.explainFor', { name })}
        onClick={() => setOpen(true)}
      >
        {children}
        <span className="visually-hidden"> – {t('dashboard.explainFor', { name })}</span>
      </button>
      {open && (
        <Dialog title={t('explain.title', { name })} onClose={() => setOpen(false)}>
          <RollupExplanationView target={target} />
        </Dialog>
      )}
    </>
  );
}
