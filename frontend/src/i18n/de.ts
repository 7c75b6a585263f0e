/**
 * German texts (the primary language): Sie-form, official terms of German public
 * administration. `en.ts` must have exactly the same keys (the type checker enforces it).
 */
const de = {
  app: {
    name: 'Kurs',
    tagline: 'Digitalisierungsstrategie im Blick',
    skipToContent: 'Zum Inhalt springen',
    mainNavigation: 'Hauptnavigation',
    language: 'Sprache',
    languageNames: { de: 'Deutsch', en: 'English' },
    switchTo: 'Switch to English',
    signedInAs: 'Angemeldet als {{name}} ({{role}})',
    logout: 'Abmelden',
    loading: 'Wird geladen …',
    footer: 'Kurs – Roadmap- und Reifegrad-Tracker für die Digitalisierungsstrategie',
    exampleData: 'Beispieldaten',
  },
  roles: {
    admin: 'IT-Administration',
    officer: 'Digitalisierungsbeauftragte/r',
    editor: 'Fachbereich',
    council: 'Stadtrat',
  },
  nav: {
    dashboard: 'Lagebild',
    measures: 'Maßnahmen',
    myUpdates: 'Meine Aktualisierungen',
    roadmap: 'Roadmap',
    maturity: 'Reifegrad',
    admin: 'Verwaltung',
    accessibility: 'Barrierefreiheit',
  },
  login: {
    title: 'Anmeldung',
    intro: 'Bitte melden Sie sich mit Ihrem Benutzernamen und Ihrem Passwort an.',
    username: 'Benutzername',
    password: 'Passwort',
    submit: 'Anmelden',
    submitting: 'Anmeldung läuft …',
    wrongCredentials: 'Benutzername oder Passwort ist falsch.',
    throttled:
      'Zu viele fehlgeschlagene Versuche. Bitte warten Sie einen Moment und versuchen Sie es erneut.',
    expired: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
    loggedOut: 'Sie haben sich abgemeldet.',
    failed: 'Die Anmeldung ist fehlgeschlagen. Bitte versuchen Sie es später erneut.',
  },
  errors: {
    title: 'Es ist ein Fehler aufgetreten',
    network: 'Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung.',
    notFound: 'Die angeforderte Seite oder der Eintrag wurde nicht gefunden.',
    forbidden: 'Sie haben keine Berechtigung für diese Aktion.',
    generic: 'Die Anfrage konnte nicht ausgeführt werden ({{status}}).',
    retry: 'Erneut versuchen',
    backToDashboard: 'Zum Lagebild',
    pageNotFoundTitle: 'Seite nicht gefunden',
  },
  common: {
    notYetAvailable: 'Dieser Bereich wird gerade aufgebaut.',
  },
  a11y: {
    title: 'Erklärung zur Barrierefreiheit',
    intro:
      'Die Betreiberin dieser Anwendung ist bemüht, Kurs im Einklang mit der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) und der Norm EN 301 549 barrierefrei zugänglich zu machen. Diese Erklärung gilt für die Weboberfläche von Kurs.',
    statusTitle: 'Stand der Vereinbarkeit mit den Anforderungen',
    status:
      'Die Anwendung ist mit den Anforderungen der WCAG 2.1 auf Konformitätsstufe AA weitgehend vereinbar. Alle Funktionen sind mit der Tastatur bedienbar, der Fokus ist sichtbar, Ampeln werden zusätzlich durch Text und Form dargestellt, und zu jedem Diagramm gibt es eine Datentabelle.',
    limitationsTitle: 'Nicht barrierefreie Inhalte',
    limitations:
      'Die zeitliche Darstellung der Roadmap ist auf kleinen Bildschirmen nur eingeschränkt lesbar; dieselben Angaben stehen in der Tabelle darunter. Ausgedruckte Berichte enthalten keine Tags für Screenreader.',
    methodTitle: 'Erstellung dieser Erklärung',
    method:
      'Die Erklärung beruht auf einer Selbstbewertung. Jede Seite wird bei jedem Release automatisiert mit axe-core in deutscher und englischer Sprache geprüft und zusätzlich manuell mit der Tastatur getestet.',
    feedbackTitle: 'Feedback und Kontakt',
    feedback:
      'Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Dann wenden Sie sich bitte an die Stelle, die Kurs in Ihrer Verwaltung betreibt:',
    contactFallback: 'die bzw. den Digitalisierungsbeauftragten Ihrer Verwaltung',
    enforcementTitle: 'Durchsetzungsverfahren',
    enforcement:
      'Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die für Ihr Land zuständige Durchsetzungsstelle für digitale Barrierefreiheit wenden (in Bayern: die Durchsetzungs- und Überwachungsstelle für barrierefreie Informationstechnik beim Landesamt für Digitalisierung, Breitband und Vermessung).',
    back: 'Zurück zur Anwendung',
  },
};

export default de;
