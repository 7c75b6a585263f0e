import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../components/PageHeading';
import { PublicFrame } from '../components/PublicFrame';

/** Erklärung zur Barrierefreiheit (BITV 2.0 § 7), readable without signing in. */
export default function AccessibilityPage() {
  const { t } = useTranslation();
  const contact = (import.meta.env.VITE_ACCESSIBILITY_CONTACT as string | undefined)?.trim();
  return (
    <PublicFrame>
      <article className="prose">
        <PageHeading title={t('a11y.title')} />
        <p>{t('a11y.intro')}</p>
        <h2>{t('a11y.statusTitle')}</h2>
        <p>{t('a11y.status')}</p>
        <h2>{t('a11y.limitationsTitle')}</h2>
        <p>{t('a11y.limitations')}</p>
        <h2>{t('a11y.methodTitle')}</h2>
        <p>{t('a11y.method')}</p>
        <h2>{t('a11y.feedbackTitle')}</h2>
        <p>
          {t('a11y.feedback')}{' '}
          {contact ? <a href={`mailto:${contact}`}>{contact}</a> : t('a11y.contactFallback')}
        </p>
        <h2>{t('a11y.enforcementTitle')}</h2>
        <p>{t('a11y.enforcement')}</p>
        <p>
          <Link to="/">{t('a11y.back')}</Link>
        </p>
      </article>
    </PublicFrame>
  );
}
