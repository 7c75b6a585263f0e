import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../lib/format';
import { useAudit } from '../lib/queries';
import { changedFields, overrideChange, showValue } from '../lib/audit';
import { ErrorView } from './ErrorView';
import { Loading } from './Loading';

/** The audit trail of one entity (officer, admin): who changed what when, before → after. */
export function AuditTrail({ entityType, entityId }: { entityType: string; entityId: number }) {
  const { t } = useTranslation();
  const [perPage, setPerPage] = useState(20);
  const audit = useAudit(entityType, entityId, perPage, true);
  if (audit.isPending) return <Loading />;
  if (audit.isError) return <ErrorView error={audit.error} onRetry={() => void audit.refetch()} />;
  if (audit.data.items.length === 0) return <p className="muted">{t('measure.noAudit')}</p>;
  const lightLabel = (light: string | undefined) =>
    light === 'green' || light === 'yellow' || light === 'red' || light === 'pending'
      ? t(`light.${light}`)
      : showValue(light);
  const actionLabel = (action: string) => {
    const known = ['create', 'update', 'delete', 'archive', 'override'] as const;
    const match = known.find((k) => k === action);
    return match ? t(`measure.auditAction.${match}`) : action;
  };
  return (
    <>
      <div className="table-wrap">
        <table className="audit">
          <caption className="visually-hidden">{t('measure.audit')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('measure.auditWhen')}</th>
              <th scope="col">{t('measure.auditWho')}</th>
              <th scope="col">{t('measure.auditWhat')}</th>
              <th scope="col">{t('measure.auditChanges')}</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.items.map((entry) => {
              const changes = changedFields(entry);
              const override = overrideChange(entry);
              const showOverride = (o: { light?: string; reason?: string } | null) =>
                o
                  ? t('override.auditSet', {
                      light: lightLabel(o.light),
                      reason: showValue(o.reason),
                    })
                  : t('override.auditNone');
              return (
                <tr key={entry.id}>
                  <td>{dateTime(entry.at)}</td>
                  <td>{entry.actor_name}</td>
                  <td>{actionLabel(entry.action)}</td>
                  <td>
                    {override ? (
                      <p className="changes-override">
                        <del>{showOverride(override.before)}</del> <span aria-hidden="true">→</span>
                        <span className="visually-hidden">{t('measure.after')}:</span>{' '}
                        <ins>{showOverride(override.after)}</ins>
                      </p>
                    ) : changes.length === 0 ? (
                      <span className="muted">{t('measure.noChanges')}</span>
                    ) : (
                      <ul className="changes">
                        {changes.map((c) => (
                          <li key={c.field}>
                            <code>{c.field}</code>: <del>{showValue(c.before)}</del>{' '}
                            <span aria-hidden="true">→</span>
                            <span className="visually-hidden">{t('measure.after')}:</span>{' '}
                            <ins>{showValue(c.after)}</ins>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {audit.data.total > audit.data.items.length && (
        <button type="button" className="button no-print" onClick={() => setPerPage((n) => n + 50)}>
          {t('measure.moreAudit')}
        </button>
      )}
    </>
  );
}
