import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';

/** One button that switches between German and English, labelled in the target language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'de' : 'en';
  return (
    <button
      type="button"
      className="button button-quiet"
      lang={next}
      onClick={() => void setLanguage(next)}
    >
      {t('app.switchTo')}
    </button>
  );
}
