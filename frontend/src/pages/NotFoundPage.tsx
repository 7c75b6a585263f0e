import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../components/PageHeading';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('errors.pageNotFoundTitle')} />
      <p>{t('errors.notFound')}</p>
      <p>
        <Link to="/">{t('errors.backToDashboard')}</Link>
      </p>
    </>
  );
}
