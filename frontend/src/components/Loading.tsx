import { useTranslation } from 'react-i18next';

/** A polite loading notice (announced by screen readers, no spinner animation needed). */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status" aria-live="polite">
      {label ?? t('app.loading')}
    </p>
  );
}
