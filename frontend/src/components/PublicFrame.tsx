import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Footer } from './Layout';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame of pages outside the signed-in area (sign-in, accessibility statement). */
export function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <div className="header-tools">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="app-main public-main" tabIndex={-1}>
        {children}
      </main>
      <Footer />
    </div>
  );
}
