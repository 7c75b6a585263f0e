import type { Messages } from './types';

/** English texts (second language). Same keys as `de.ts`. */
const en: Messages = {
  app: {
    name: 'Kurs',
    tagline: 'Keeping the digitalization strategy on track',
    skipToContent: 'Skip to content',
    mainNavigation: 'Main navigation',
    language: 'Language',
    languageNames: { de: 'Deutsch', en: 'English' },
    switchTo: 'Auf Deutsch wechseln',
    signedInAs: 'Signed in as {{name}} ({{role}})',
    logout: 'Sign out',
    loading: 'Loading …',
    footer: 'Kurs – roadmap and maturity tracker for the digitalization strategy',
    exampleData: 'Example data',
  },
  roles: {
    admin: 'IT administration',
    officer: 'Digitalization officer',
    editor: 'Department',
    council: 'Council',
  },
  nav: {
    dashboard: 'Overview',
    measures: 'Measures',
    myUpdates: 'My updates',
    roadmap: 'Roadmap',
    maturity: 'Maturity',
    admin: 'Administration',
    accessibility: 'Accessibility',
  },
  login: {
    title: 'Sign in',
    intro: 'Please sign in with your user name and password.',
    username: 'User name',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in …',
    wrongCredentials: 'The user name or password is wrong.',
    throttled: 'Too many failed attempts. Please wait a moment and try again.',
    expired: 'Your session has expired. Please sign in again.',
    loggedOut: 'You have signed out.',
    failed: 'Signing in failed. Please try again later.',
  },
  errors: {
    title: 'Something went wrong',
    network: 'The server cannot be reached. Please check your connection.',
    notFound: 'The requested page or item was not found.',
    forbidden: 'You are not allowed to do this.',
    generic: 'The request could not be completed ({{status}}).',
    retry: 'Try again',
    backToDashboard: 'Go to the overview',
    pageNotFoundTitle: 'Page not found',
  },
  common: {
    notYetAvailable: 'This area is being built.',
  },
  a11y: {
    title: 'Accessibility statement',
    intro:
      'The operator of this application strives to make Kurs accessible in accordance with the German accessibility regulation (BITV 2.0) and the standard EN 301 549. This statement applies to the Kurs web interface.',
    statusTitle: 'Compliance status',
    status:
      'The application largely complies with WCAG 2.1 level AA. Every function can be operated with the keyboard, focus is visible, traffic lights are also shown by text and shape, and every chart has a data table.',
    limitationsTitle: 'Non-accessible content',
    limitations:
      'The roadmap timeline is hard to read on small screens; the same information is in the table below it. Printed reports carry no tags for screen readers.',
    methodTitle: 'Preparation of this statement',
    method:
      'This statement is based on a self-assessment. Every page is checked automatically with axe-core in German and English on every release and tested manually with the keyboard.',
    feedbackTitle: 'Feedback and contact',
    feedback:
      'Have you noticed barriers to access? Please contact the team that runs Kurs in your administration:',
    contactFallback: 'the digitalization officer of your administration',
    enforcementTitle: 'Enforcement procedure',
    enforcement:
      'If you receive no satisfactory answer to your feedback, you can turn to the enforcement body for digital accessibility of your federal state (in Bavaria: the enforcement and monitoring body for accessible information technology at the State Office for Digitisation, Broadband and Surveying).',
    back: 'Back to the application',
  },
};

export default en;
