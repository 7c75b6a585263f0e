import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api/errors';

/** Explains a failed request in the user's language; offers a retry when given one. */
export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  let message: string;
  if (error instanceof ApiError) {
    if (error.status === 404) message = t('errors.notFound');
    else if (error.status === 403) message = t('errors.forbidden');
    else message = t('errors.generic', { status: error.status });
  } else {
    message = t('errors.network');
  }
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{t('errors.title')}:</strong> {message}
      </p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      )}
    </div>
  );
}
