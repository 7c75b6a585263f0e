import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DashboardMeasure, DepartmentView } from '../lib/api/types';
import { date } from '../lib/format';
import { Progress } from './Progress';
import { TrafficLightBadge } from './TrafficLight';

/** A compact list of measures (dashboard lists). */
export function DashboardMeasureTable({
  caption,
  measures,
  departments,
}: {
  caption: string;
  measures: DashboardMeasure[];
  departments: Map<number, DepartmentView>;
}) {
  const { t } = useTranslation();
  if (measures.length === 0) return <p className="muted">{t('dashboard.none')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.code')}</th>
            <th scope="col">{t('measures.titleColumn')}</th>
            <th scope="col">{t('dashboard.department')}</th>
            <th scope="col">{t('dashboard.light')}</th>
            <th scope="col">{t('dashboard.progress')}</th>
            <th scope="col">{t('dashboard.plannedEnd')}</th>
            <th scope="col">{t('dashboard.lastUpdate')}</th>
          </tr>
        </thead>
        <tbody>
          {measures.map((m) => (
            <tr key={m.id}>
              <td>
                <Link to={`/measures/${m.id}`}>{m.code}</Link>
              </td>
              <td>{m.title}</td>
              <td>{departments.get(m.lead_department_id)?.code ?? '–'}</td>
              <td>
                <TrafficLightBadge light={m.light} overridden={m.overridden} />
                {m.reasons.length > 0 && (
                  <div className="muted small">
                    {m.reasons.map((r) => t(`reason.${r}`)).join('; ')}
                  </div>
                )}
              </td>
              <td>
                <Progress value={m.progress} />
              </td>
              <td>{date(m.planned_end)}</td>
              <td>{m.last_update_date ? date(m.last_update_date) : t('dashboard.never')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
