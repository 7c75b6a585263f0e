import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import i18n from '../i18n';

// Tests run in German unless they switch; every test starts clean.
afterEach(async () => {
  cleanup();
  window.localStorage.clear();
  await i18n.changeLanguage('de');
});
