import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ErrorView } from '../../components/ErrorView';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { MeasureLightCell } from '../../components/LightCard';
import { useLookups, useMeasures } from '../../lib/queries';

/** All measures (archived too) with links to edit them, and "create". */
export default function AdminMeasuresPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const measures = useMeasures({ include_archived: true, per_page: 200 });
  const lookups = useLookups();
  return (
    <>
      <PageHeading title={t('admin.measures')}>
        <Link className="button button-primary" to="/admin/measures/new">
          {t('admin.newMeasure')}
        </Link>
      </PageHeading>
      {notice && (
        <p className="notice notice-success" role="status">
          {notice}
        </p>
      )}
      <p>{t('admin.intro')}</p>
      {measures.isPending ? (
        <Loading />
      ) : measures.isError ? (
        <ErrorView error={measures.error} onRetry={() => void measures.refetch()} />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('admin.measures')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.code')}</th>
                <th scope="col">{t('admin.title_')}</th>
                <th scope="col">{t('admin.lead')}</th>
                <th scope="col">{t('admin.status')}</th>
                <th scope="col">{t('admin.visibility')}</th>
                <th scope="col">{t('measures.light')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {measures.data.items.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/measures/${m.id}`}>{m.code}</Link>
                  </td>
                  <td>
                    {m.title}
                    {m.archived && <span className="tag">{t('measures.archived')}</span>}
                  </td>
                  <td>{lookups.departments.get(m.lead_department_id)?.code ?? '–'}</td>
                  <td>{lookups.statuses.get(m.status_id)?.label ?? '–'}</td>
                  <td>{t(`visibility.${m.visibility}`)}</td>
                  <td>
                    <MeasureLightCell light={m.light} />
                  </td>
                  <td>
                    <Link
                      className="button"
                      to={`/admin/measures/${m.id}/edit`}
                      aria-label={t('admin.editLabel', { code: m.code })}
                    >
                      {t('admin.edit')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
