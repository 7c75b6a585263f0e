import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/PageHeading';

/** A screen that is not built yet. */
export function PlaceholderPage({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={title} />
      <p>{t('common.notYetAvailable')}</p>
    </>
  );
}
