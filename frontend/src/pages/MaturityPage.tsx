import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ChartFigure } from '../charts/ChartFigure';
import { LineChart } from '../charts/LineChart';
import { RadarChart } from '../charts/RadarChart';
import { ErrorView } from '../components/ErrorView';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import type { components } from '../lib/api/schema';
import { useUser } from '../lib/auth/context';
import { date, number } from '../lib/format';
import {
  useFindings,
  useGaps,
  useHeatmap,
  useResults,
  useRounds,
  useTrend,
} from '../lib/maturityQueries';
import { useLookups } from '../lib/queries';

type RoundView = components['schemas']['RoundView'];
type SubjectResult = components['schemas']['SubjectResult'];
type LevelScale = components['schemas']['LevelScale'];

/** The round shown first: the latest approved one, else the latest. */
function defaultRound(rounds: RoundView[]): RoundView | undefined {
  const byDate = [...rounds].sort((a, b) => b.round_date.localeCompare(a.round_date));
  return byDate.find((r) => r.state === 'approved') ?? byDate[0];
}

const ADMINISTRATION: components['schemas']['SubjectRef'] = { kind: 'administration', name: '' };

function subjectKey(s: { department_id?: number | null }): string {
  return s.department_id == null ? 'admin' : String(s.department_id);
}

export default function MaturityPage() {
  const { t } = useTranslation();
  const user = useUser();
  const rounds = useRounds();
  const [roundId, setRoundId] = useState<number | undefined>();
  const [subject, setSubject] = useState('admin');
  const chosen = roundId ?? (rounds.data ? defaultRound(rounds.data)?.id : undefined);
  const round = rounds.data?.find((r) => r.id === chosen);
  const openRound = rounds.data?.find((r) => r.state === 'open');
  const mayAssess =
    user.role !== 'council' && (user.role !== 'editor' || user.department_ids.length > 0);

  const heading = (
    <>
      <PageHeading title={t('maturity.title')}>
        {openRound && mayAssess && (
          <Link className="button button-primary no-print" to="/maturity/assess">
            {t('maturity.assess')}
          </Link>
        )}
      </PageHeading>
      <p>{t('maturity.intro')}</p>
    </>
  );
  if (rounds.isPending) {
    return (
      <>
        {heading}
        <Loading />
      </>
    );
  }
  if (rounds.isError) {
    return (
      <>
        {heading}
        <ErrorView error={rounds.error} onRetry={() => void rounds.refetch()} />
      </>
    );
  }
  if (!round) {
    return (
      <>
        {heading}
        <p className="notice">{t('maturity.noRounds')}</p>
      </>
    );
  }
  return (
    <div className="maturity">
      {heading}
      <div className="card filters no-print">
        <div className="filter-grid">
          <div className="field field-wide">
            <label htmlFor="maturity-round">{t('maturity.round')}</label>
            <select
              id="maturity-round"
              value={round.id}
              onChange={(e) => setRoundId(Number(e.target.value))}
            >
              {rounds.data.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title} ({t(`maturity.state.${r.state}`)})
                </option>
              ))}
            </select>
          </div>
          <SubjectSelect roundId={round.id} value={subject} onChange={setSubject} />
        </div>
        <p className="muted">
          {t('maturity.roundInfo', {
            model: round.model.name,
            version: round.model.model_version,
            date: date(round.round_date),
            state: t(`maturity.state.${round.state}`),
          })}
        </p>
      </div>
      <SubjectOverview roundId={round.id} subject={subject} />
      <TrendSection subject={subject} />
      <HeatmapSection roundId={round.id} />
      <GapsSection roundId={round.id} />
      <FindingsSection roundId={round.id} />
    </div>
  );
}

function SubjectSelect({
  roundId,
  value,
  onChange,
}: {
  roundId: number;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const results = useResults(roundId);
  return (
    <div className="field">
      <label htmlFor="maturity-subject">{t('maturity.subject')}</label>
      <select id="maturity-subject" value={value} onChange={(e) => onChange(e.target.value)}>
        {(results.data?.subjects.map((x) => x.subject) ?? [ADMINISTRATION]).map((s) => (
          <option key={subjectKey(s)} value={subjectKey(s)}>
            {s.department_id == null ? t('maturity.administration') : `${s.code ?? ''} ${s.name}`}
          </option>
        ))}
      </select>
    </div>
  );
}

function subjectName(t: (k: 'maturity.administration') => string, s: SubjectResult['subject']) {
  return s.department_id == null
    ? t('maturity.administration')
    : `${s.code ?? ''} ${s.name}`.trim();
}

function SubjectOverview({ roundId, subject }: { roundId: number; subject: string }) {
  const { t, i18n } = useTranslation();
  const results = useResults(roundId);
  if (results.isPending) return <Loading />;
  if (results.isError)
    return <ErrorView error={results.error} onRetry={() => void results.refetch()} />;
  const { levels } = results.data;
  const chosen =
    results.data.subjects.find((s) => subjectKey(s.subject) === subject) ??
    results.data.subjects[0];
  if (!chosen) return null;
  const name = subjectName(t, chosen.subject);
  const en = i18n.language === 'en';
  return (
    <section aria-labelledby="radar-heading">
      <h2 id="radar-heading">{t('maturity.radar')}</h2>
      <div className="maturity-top">
        <ChartFigure
          caption={t('maturity.radarCaption', { subject: name })}
          summary={t('maturity.radarSummary', {
            subject: name,
            values: chosen.dimensions
              .map(
                (d) =>
                  `${d.title}: ${t('maturity.actual')} ${number(d.actual)}, ${t('maturity.target')} ${number(d.target)}`,
              )
              .join('; '),
          })}
          chart={
            <>
              <RadarChart
                min={levels.min}
                max={levels.max}
                axes={chosen.dimensions.map((d) => ({
                  code: d.code,
                  label: d.title,
                  actual: d.actual ?? null,
                  target: d.target ?? null,
                }))}
              />
              <ul className="legend">
                <li>
                  <svg width="28" height="10" aria-hidden="true">
                    <line x1="0" x2="28" y1="5" y2="5" className="legend-actual-line" />
                  </svg>
                  {t('maturity.actual')} ●
                </li>
                <li>
                  <svg width="28" height="10" aria-hidden="true">
                    <line x1="0" x2="28" y1="5" y2="5" className="legend-target-line" />
                  </svg>
                  {t('maturity.target')} ■
                </li>
              </ul>
            </>
          }
          table={<DimensionTable result={chosen} levels={levels} />}
        />
        <div>
          <div className="card">
            <h3>{t('maturity.overall')}</h3>
            <p className="stat-value">{number(chosen.overall.score)}</p>
            <p>
              {t('maturity.overallText', {
                actual: number(chosen.overall.score),
                target: number(chosen.target_overall.score),
                min: levels.min,
                max: levels.max,
              })}
            </p>
            {chosen.previous && (
              <p>
                {t('maturity.previous', {
                  title: chosen.previous.title,
                  change:
                    chosen.previous.change == null
                      ? '–'
                      : `${chosen.previous.change > 0 ? '+' : ''}${number(chosen.previous.change)}`,
                })}
              </p>
            )}
            <h4>{t('maturity.formula')}</h4>
            <p>{t(`maturity.aggregation.${chosen.overall.aggregation_rule}`)}</p>
            <p className="formula">{en ? chosen.overall.formula_en : chosen.overall.formula}</p>
          </div>
          <DimensionTable result={chosen} levels={levels} visible />
        </div>
      </div>
    </section>
  );
}

function DimensionTable({
  result,
  levels,
  visible = false,
}: {
  result: SubjectResult;
  levels: LevelScale;
  visible?: boolean;
}) {
  const { t } = useTranslation();
  const label = (v: number | null | undefined) => {
    if (v == null) return '–';
    const l = levels.labels.find((x) => x.level === Math.round(v));
    return l && Number.isInteger(v) ? `${v} (${l.label})` : number(v);
  };
  return (
    <div className="table-wrap">
      <table>
        {visible && <caption className="visually-hidden">{t('maturity.radar')}</caption>}
        <thead>
          <tr>
            <th scope="col">{t('maturity.dimension')}</th>
            <th scope="col">{t('maturity.actual')}</th>
            <th scope="col">{t('maturity.target')}</th>
            <th scope="col">{t('maturity.gap')}</th>
          </tr>
        </thead>
        <tbody>
          {result.dimensions.map((d) => (
            <tr key={d.code}>
              <th scope="row">
                {d.code} {d.title}
              </th>
              <td>
                {label(d.actual)}
                {d.actual_source === 'department_mean' && (
                  <span className="muted small"> ({t('maturity.derived')})</span>
                )}
              </td>
              <td>{label(d.target)}</td>
              <td>
                {d.is_gap ? (
                  <span className="gap-mark">
                    ▼ {t('maturity.yes')} ({number(d.difference)})
                  </span>
                ) : (
                  t('maturity.no')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TrendSection({ subject }: { subject: string }) {
  const { t } = useTranslation();
  const trend = useTrend(subject === 'admin' ? null : Number(subject));
  if (trend.isPending) return <Loading />;
  if (trend.isError) return <ErrorView error={trend.error} onRetry={() => void trend.refetch()} />;
  const rounds = trend.data.rounds;
  if (rounds.length === 0) return null;
  const name =
    trend.data.subject.department_id == null
      ? t('maturity.administration')
      : `${trend.data.subject.code ?? ''} ${trend.data.subject.name}`;
  const scores = rounds
    .flatMap((r) => [r.overall.score, r.target_overall.score])
    .filter((v): v is number => v != null);
  const max = Math.max(4, Math.ceil(Math.max(...scores, 0)));
  return (
    <section aria-labelledby="trend-heading">
      <h2 id="trend-heading">{t('maturity.trend')}</h2>
      <ChartFigure
        caption={t('maturity.trendCaption', { subject: name })}
        summary={rounds
          .map(
            (r) =>
              `${r.round.title}: ${t('maturity.actual')} ${number(r.overall.score)}, ${t('maturity.target')} ${number(r.target_overall.score)}`,
          )
          .join('; ')}
        chart={
          <LineChart
            labels={rounds.map((r) => r.round.title)}
            min={0}
            max={max}
            series={[
              { key: 'actual', points: rounds.map((r) => r.overall.score ?? null) },
              {
                key: 'target',
                dashed: true,
                points: rounds.map((r) => r.target_overall.score ?? null),
              },
            ]}
          />
        }
        table={
          <table>
            <thead>
              <tr>
                <th scope="col">{t('maturity.round')}</th>
                <th scope="col">{t('dashboard.asOf', { date: '' }).replace(/[:\s]+$/, '')}</th>
                <th scope="col">{t('maturity.actual')}</th>
                <th scope="col">{t('maturity.target')}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.round.id}>
                  <th scope="row">{r.round.title}</th>
                  <td>{date(r.round.round_date)}</td>
                  <td>{number(r.overall.score)}</td>
                  <td>{number(r.target_overall.score)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </section>
  );
}

function HeatmapSection({ roundId }: { roundId: number }) {
  const { t } = useTranslation();
  const heatmap = useHeatmap(roundId);
  if (heatmap.isPending) return <Loading />;
  if (heatmap.isError)
    return <ErrorView error={heatmap.error} onRetry={() => void heatmap.refetch()} />;
  const { levels, dimensions, rows } = heatmap.data;
  const shade = (v: number | null | undefined) =>
    v == null
      ? ''
      : `level-${Math.round(((v - levels.min) / Math.max(1, levels.max - levels.min)) * 4)}`;
  return (
    <section aria-labelledby="heatmap-heading">
      <h2 id="heatmap-heading">{t('maturity.heatmap')}</h2>
      <p className="muted">{t('maturity.heatmapHint')}</p>
      {/* Focusable so keyboard users can scroll the wide table. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="heatmap-caption">
        <table className="heatmap">
          <caption id="heatmap-caption">{t('maturity.heatmapCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('maturity.subject')}</th>
              {dimensions.map((d) => (
                <th scope="col" key={d.code} title={d.title}>
                  <abbr title={d.title}>{d.code}</abbr>
                </th>
              ))}
              <th scope="col">{t('maturity.overall')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={subjectKey(row.subject)}>
                <th scope="row">
                  {row.subject.department_id == null
                    ? t('maturity.administration')
                    : `${row.subject.code ?? ''} ${row.subject.name}`}
                </th>
                {row.cells.map((c) => (
                  <td key={c.dimension_code} className={shade(c.actual)}>
                    {number(c.actual)} / {number(c.target)}
                    {c.is_gap && (
                      <>
                        {' '}
                        <span aria-hidden="true">▼</span>
                        <span className="visually-hidden">{t('maturity.gap')}</span>
                      </>
                    )}
                  </td>
                ))}
                <td>{number(row.score)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function GapsSection({ roundId }: { roundId: number }) {
  const { t, i18n } = useTranslation();
  const [onlyUncovered, setOnlyUncovered] = useState(false);
  const gaps = useGaps(roundId, onlyUncovered);
  return (
    <section aria-labelledby="gaps-heading">
      <h2 id="gaps-heading">{t('maturity.gaps')}</h2>
      <div className="field field-checkbox no-print">
        <input
          id="gaps-uncovered"
          type="checkbox"
          checked={onlyUncovered}
          onChange={(e) => setOnlyUncovered(e.target.checked)}
        />
        <label htmlFor="gaps-uncovered">{t('maturity.onlyUncovered')}</label>
      </div>
      {gaps.isPending ? (
        <Loading />
      ) : gaps.isError ? (
        <ErrorView error={gaps.error} onRetry={() => void gaps.refetch()} />
      ) : (
        <>
          <p className="muted">{i18n.language === 'en' ? gaps.data.rule_en : gaps.data.rule}</p>
          <p className="result-count" role="status">
            {t('maturity.gapsSummary', {
              total: gaps.data.total_gaps,
              uncovered: gaps.data.uncovered_gaps,
            })}
          </p>
          {gaps.data.gaps.length === 0 ? (
            <p>{t('maturity.noGaps')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('maturity.gaps')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('maturity.subject')}</th>
                    <th scope="col">{t('maturity.dimension')}</th>
                    <th scope="col">{t('maturity.actual')}</th>
                    <th scope="col">{t('maturity.target')}</th>
                    <th scope="col">{t('maturity.coveredBy')}</th>
                  </tr>
                </thead>
                <tbody>
                  {gaps.data.gaps.map((g) => (
                    <tr key={`${subjectKey(g.subject)}-${g.dimension_code}`}>
                      <td>
                        {g.subject.department_id == null
                          ? t('maturity.administration')
                          : `${g.subject.code ?? ''} ${g.subject.name}`}
                      </td>
                      <td>
                        {g.dimension_code} {g.dimension_title}
                      </td>
                      <td>{number(g.actual)}</td>
                      <td>{number(g.target)}</td>
                      <td>
                        {g.measures.length === 0 ? (
                          <strong className="gap-mark">▼ {t('maturity.uncovered')}</strong>
                        ) : (
                          <ul className="plain">
                            {g.measures.map((m) => (
                              <li key={m.measure_id}>
                                <Link to={`/measures/${m.measure_id}`}>{m.code}</Link> {m.title} (
                                {t('maturity.expectedLevel', { level: m.expected_level })},{' '}
                                {m.reaches_target
                                  ? t('maturity.reaches')
                                  : t('maturity.notReaches')}
                                )
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function FindingsSection({ roundId }: { roundId: number }) {
  const { t } = useTranslation();
  const findings = useFindings(roundId);
  const lookups = useLookups();
  return (
    <section aria-labelledby="findings-heading">
      <h2 id="findings-heading">{t('maturity.findings')}</h2>
      {findings.isPending ? (
        <Loading />
      ) : findings.isError ? (
        <ErrorView error={findings.error} onRetry={() => void findings.refetch()} />
      ) : findings.data.items.length === 0 ? (
        <p>{t('maturity.noFindings')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('maturity.findings')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('maturity.finding')}</th>
                <th scope="col">{t('maturity.subject')}</th>
                <th scope="col">{t('maturity.severity')}</th>
                <th scope="col">{t('maturity.source')}</th>
                <th scope="col">{t('maturity.trace')}</th>
              </tr>
            </thead>
            <tbody>
              {findings.data.items.map((f) => (
                <tr key={f.id}>
                  <td>
                    {f.text}
                    {f.dimension_code && <div className="muted small">{f.dimension_code}</div>}
                  </td>
                  <td>
                    {f.department_id == null
                      ? t('maturity.administration')
                      : (lookups.departments.get(f.department_id)?.code ?? '–')}
                  </td>
                  <td>{t(`maturity.severities.${f.severity}`)}</td>
                  <td>
                    {f.source}
                    {f.source_date && <div className="muted small">{date(f.source_date)}</div>}
                  </td>
                  <td>
                    <ul className="plain">
                      {f.goal_ids.map((g) => {
                        const goal = lookups.goals.get(g);
                        return (
                          <li key={`g${g}`}>{goal ? `${goal.code} ${goal.title}` : `#${g}`}</li>
                        );
                      })}
                      {f.measure_ids.map((m) => (
                        <li key={`m${m}`}>
                          <Link to={`/measures/${m}`}>
                            {t('nav.measures')} #{m}
                          </Link>
                        </li>
                      ))}
                    </ul>
                    {f.answered ? (
                      <span className="muted small">{t('maturity.answered')}</span>
                    ) : (
                      <strong className="gap-mark">▼ {t('maturity.unanswered')}</strong>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
