import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { date } from '../../lib/format';
import { useReports } from '../../lib/reporting';

/** On the dashboard: the latest valid Sachstandsbericht, one click away (nothing if none). */
export function LatestReportLink() {
  const { t } = useTranslation();
  const reports = useReports();
  const latest = (reports.data ?? [])
    .filter((r) => !r.withdrawn)
    .sort(
      (a, b) =>
        b.meeting.date.localeCompare(a.meeting.date) || b.frozen_at.localeCompare(a.frozen_at),
    )[0];
  if (!latest) return null;
  return (
    <p className="latest-report no-print">
      {t('reports.latest')} <Link to={`/berichte/${latest.id}`}>{latest.title}</Link> (
      {latest.meeting.body}, {date(latest.meeting.date)})
    </p>
  );
}
