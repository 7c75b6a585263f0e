import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { date } from '../../lib/format';
import { useMyItems } from '../../lib/reporting';
import { ErrorView } from '../ErrorView';
import { Loading } from '../Loading';
import { ItemFlags, ItemStateBadge } from './Badges';

/**
 * "Offene Berichtspflichten" on Meine Aktualisierungen: the items of the caller's
 * departments in open reporting rounds, what is due or returned first.
 */
export function OpenDuties() {
  const { t } = useTranslation();
  const location = useLocation();
  const submitted = (location.state as { submitted?: string } | null)?.submitted;
  const items = useMyItems(true);
  const order = { returned: 0, due: 1, submitted: 2, approved: 3 } as const;
  const list = [...(items.data ?? [])]
    .filter((i) => i.state !== 'approved')
    .sort(
      (a, b) =>
        order[a.state] - order[b.state] ||
        Number(b.overdue) - Number(a.overdue) ||
        a.deadline.localeCompare(b.deadline) ||
        a.measure.code.localeCompare(b.measure.code),
    );
  const open = list.filter((i) => i.state === 'due' || i.state === 'returned');
  return (
    <section className="open-duties" aria-labelledby="duties-heading">
      <h2 id="duties-heading">{t('reporting.duties')}</h2>
      {submitted && (
        <p className="notice notice-success" role="status">
          {t('reporting.submittedNotice', { code: submitted })}
        </p>
      )}
      {items.isPending ? (
        <Loading />
      ) : items.isError ? (
        <ErrorView error={items.error} onRetry={() => void items.refetch()} />
      ) : list.length === 0 ? (
        <p>{t('reporting.noDuties')}</p>
      ) : (
        <>
          <p className="result-count">{t('reporting.dutiesSummary', { count: open.length })}</p>
          <div className="table-wrap">
            <table className="duties">
              <caption className="visually-hidden">{t('reporting.duties')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reporting.measure')}</th>
                  <th scope="col">{t('reporting.round')}</th>
                  <th scope="col">{t('reporting.deadline')}</th>
                  <th scope="col">{t('reporting.itemState')}</th>
                  <th scope="col">{t('reporting.action')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((item) => {
                  const todo = item.state === 'due' || item.state === 'returned';
                  return (
                    <tr key={item.id} className={item.overdue ? 'row-due' : undefined}>
                      <th scope="row">
                        {item.measure.code} <span className="item-title">{item.measure.title}</span>
                      </th>
                      <td>{item.round_title}</td>
                      <td>
                        {date(item.deadline)}
                        {item.grace_days > 0 && (
                          <div className="muted small">
                            {t('reporting.graceDays', { count: item.grace_days })}
                          </div>
                        )}
                      </td>
                      <td>
                        <ItemStateBadge state={item.state} /> <ItemFlags item={item} />
                        {item.state === 'returned' && item.review_comment && (
                          <div className="small pre-line">
                            {t('reporting.returnComment', { text: item.review_comment })}
                          </div>
                        )}
                      </td>
                      <td>
                        <Link
                          className={todo ? 'button button-primary' : 'button'}
                          to={`/berichtsrunden/antwort/${item.id}`}
                          aria-label={t(todo ? 'reporting.answerLabel' : 'reporting.viewLabel', {
                            code: item.measure.code,
                          })}
                        >
                          {todo ? t('reporting.answerAction') : t('reporting.viewAction')}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
