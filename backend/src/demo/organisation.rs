//! The example administration: strategy, departments (with invented contact persons),
//! demo accounts and the goal tree (Handlungsfelder and Ziele). Plain data, all invented.

use crate::domain::access::Role;

/// Title of the demo strategy.
pub const STRATEGY_TITLE: &str =
    "Digitalisierungsstrategie der Stadt Musterstadt a. d. Pegnitz (Beispieldaten)";

/// Description of the demo strategy; says plainly that this is example data.
pub const STRATEGY_DESCRIPTION: &str = "Beispieldaten: Diese Strategie, ihre Handlungsfelder, \
Ziele und Maßnahmen sind frei erfunden und dienen nur der Vorführung von Kurs. Sie sind an \
eine Beschlussvorlage angelehnt, mit der ein Stadtrat eine Digitalisierungsstrategie zum \
1.1.2023 als strategische Vorgabe für die Stadtverwaltung in Kraft gesetzt hat (Anlass: \
Onlinezugangsgesetz, besserer Bürgerservice, bessere Arbeitsbedingungen in der Verwaltung; \
Grundlage: eine Ist-Analyse mit Interviews in allen Fachabteilungen). Es handelt sich \
ausdrücklich nicht um den Maßnahmenplan einer realen Stadt.";

/// Vorlage number of the council resolution.
pub const RESOLUTION_NUMBER: &str = "FB 1/169/2022";
/// The body that adopted the strategy.
pub const RESOLUTION_BODY: &str = "Stadtrat";
/// Date of the council resolution (year, month, day).
pub const RESOLUTION_DATE: (i32, u32, u32) = (2022, 11, 24);
/// The strategy is in force from this day.
pub const IN_FORCE_FROM: (i32, u32, u32) = (2023, 1, 1);

/// E-mail domain of the invented town (reserved example domain, never delivered).
pub const MAIL_DOMAIN: &str = "musterstadt.example";

/// A department of the example administration.
pub struct DepartmentSpec {
    pub code: &'static str,
    pub name: &'static str,
    pub parent: Option<&'static str>,
    /// Invented contact persons; measures of the department name one of them.
    pub contacts: &'static [&'static str],
}

/// Fachbereiche and Abteilungen, parents first.
pub const DEPARTMENTS: &[DepartmentSpec] = &[
    DepartmentSpec {
        code: "FB 1",
        name: "Zentrale Dienste (Hauptamt)",
        parent: None,
        contacts: &["Claudia Brunner", "Stefan Lindner"],
    },
    DepartmentSpec {
        code: "FB 1.1",
        name: "IT und Digitalisierung",
        parent: Some("FB 1"),
        contacts: &["Markus Höfler", "Julia Wendt", "Tobias Kern"],
    },
    DepartmentSpec {
        code: "FB 1.2",
        name: "Personal und Organisation",
        parent: Some("FB 1"),
        contacts: &["Andrea Vogt", "Sven Maurer"],
    },
    DepartmentSpec {
        code: "FB 2",
        name: "Finanzen",
        parent: None,
        contacts: &["Thomas Greiner"],
    },
    DepartmentSpec {
        code: "FB 2.1",
        name: "Kämmerei, Steuern und Stadtkasse",
        parent: Some("FB 2"),
        contacts: &["Monika Seidl", "Florian Roth"],
    },
    DepartmentSpec {
        code: "FB 3",
        name: "Bürgerservice und Ordnung",
        parent: None,
        contacts: &["Birgit Hartmann"],
    },
    DepartmentSpec {
        code: "FB 3.1",
        name: "Bürgerbüro",
        parent: Some("FB 3"),
        contacts: &["Nina Kaufmann", "Daniel Schreiner"],
    },
    DepartmentSpec {
        code: "FB 3.2",
        name: "Öffentliche Ordnung, Gewerbe und Standesamt",
        parent: Some("FB 3"),
        contacts: &["Ralf Weigand", "Sandra Pfister"],
    },
    DepartmentSpec {
        code: "FB 4",
        name: "Bauen und Stadtentwicklung",
        parent: None,
        contacts: &["Michael Ebert"],
    },
    DepartmentSpec {
        code: "FB 4.1",
        name: "Bauordnung und Bauverwaltung",
        parent: Some("FB 4"),
        contacts: &["Katrin Zeller", "Jürgen Haas"],
    },
    DepartmentSpec {
        code: "FB 4.2",
        name: "Stadtplanung, Tiefbau und Geoinformation",
        parent: Some("FB 4"),
        contacts: &["Lena Baumann", "Christoph Wolf"],
    },
    DepartmentSpec {
        code: "FB 5",
        name: "Bildung, Soziales und Kultur",
        parent: None,
        contacts: &["Ute Lorenz", "Georg Albrecht"],
    },
    DepartmentSpec {
        code: "FB 5.1",
        name: "Schulen und Kindertagesstätten",
        parent: Some("FB 5"),
        contacts: &["Heike Sommer", "Patrick Fuchs"],
    },
];

/// A demo account.
pub struct UserSpec {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: Role,
    /// Departments an editor belongs to (exact codes).
    pub departments: &'static [&'static str],
}

/// Username of the Digitalisierungsbeauftragte (author of reviews and overrides).
pub const OFFICER: &str = "officer";

/// The demo accounts; all share [`crate::demo::DEMO_PASSWORD`].
pub const USERS: &[UserSpec] = &[
    UserSpec {
        username: "admin",
        display_name: "Alex Admin",
        role: Role::Admin,
        departments: &[],
    },
    UserSpec {
        username: OFFICER,
        display_name: "Dana Digital – Digitalisierungsbeauftragte",
        role: Role::Officer,
        departments: &[],
    },
    UserSpec {
        username: "council",
        display_name: "Ratsmitglied Rita Rat",
        role: Role::Council,
        departments: &[],
    },
    UserSpec {
        username: "editor1",
        display_name: "Ines IT (FB 1.1 IT und Digitalisierung)",
        role: Role::Editor,
        departments: &["FB 1.1", "FB 1"],
    },
    UserSpec {
        username: "editor2",
        display_name: "Bernd Bürgerbüro (FB 3.1 Bürgerbüro)",
        role: Role::Editor,
        departments: &["FB 3.1"],
    },
    UserSpec {
        username: "editor3",
        display_name: "Karin Kämmerei (FB 2 Finanzen)",
        role: Role::Editor,
        departments: &["FB 2", "FB 2.1"],
    },
    UserSpec {
        username: "editor4",
        display_name: "Boris Bau (FB 4 Bauen und Stadtentwicklung)",
        role: Role::Editor,
        departments: &["FB 4", "FB 4.1", "FB 4.2"],
    },
    UserSpec {
        username: "editor5",
        display_name: "Sabine Schule (FB 5 Bildung, Soziales und Kultur)",
        role: Role::Editor,
        departments: &["FB 5", "FB 5.1"],
    },
    UserSpec {
        username: "editor6",
        display_name: "Paula Personal (FB 1.2 Personal und Organisation)",
        role: Role::Editor,
        departments: &["FB 1.2"],
    },
    UserSpec {
        username: "editor7",
        display_name: "Olaf Ordnung (FB 3.2 Ordnung, Gewerbe, Standesamt)",
        role: Role::Editor,
        departments: &["FB 3", "FB 3.2"],
    },
];

/// A Handlungsfeld (parent `None`) or a Ziel.
pub struct GoalSpec {
    pub code: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub parent: Option<&'static str>,
}

const fn field(code: &'static str, title: &'static str, description: &'static str) -> GoalSpec {
    GoalSpec {
        code,
        title,
        description,
        parent: None,
    }
}

const fn aim(
    parent: &'static str,
    code: &'static str,
    title: &'static str,
    description: &'static str,
) -> GoalSpec {
    GoalSpec {
        code,
        title,
        description,
        parent: Some(parent),
    }
}

/// Seven Handlungsfelder with 23 Ziele, parents first.
pub const GOALS: &[GoalSpec] = &[
    field(
        "HF1",
        "Bürgerservice und Onlinezugang (OZG)",
        "Beispieldaten: Verwaltungsleistungen sind digital, barrierefrei und rund um die Uhr \
         erreichbar; die Pflichten aus dem Onlinezugangsgesetz werden erfüllt.",
    ),
    aim(
        "HF1",
        "HF1.1",
        "Verwaltungsleistungen online anbieten",
        "Die 30 meistgenutzten Leistungen für Bürgerschaft und Unternehmen sind vollständig \
         online beantragbar (mindestens OZG-Reifegrad 3).",
    ),
    aim(
        "HF1",
        "HF1.2",
        "Wartezeiten im Bürgerbüro verkürzen",
        "Vorsprachen sind online planbar; die durchschnittliche Wartezeit liegt unter 15 Minuten.",
    ),
    aim(
        "HF1",
        "HF1.3",
        "Barrierefreie und mobile Zugänge",
        "Website und Online-Dienste erfüllen BITV 2.0 und sind auf Smartphones voll nutzbar.",
    ),
    aim(
        "HF1",
        "HF1.4",
        "Digitale Bezahlung und Bescheidzustellung",
        "Gebühren können online bezahlt, Bescheide auf Wunsch digital zugestellt werden.",
    ),
    field(
        "HF2",
        "Digitale Verwaltungsprozesse und E-Akte",
        "Beispieldaten: Akten und Abläufe sind digital, medienbruchfrei und nachvollziehbar.",
    ),
    aim(
        "HF2",
        "HF2.1",
        "Elektronische Akte flächendeckend einführen",
        "Alle Fachbereiche führen ihre Akten elektronisch; Papierakten sind die Ausnahme.",
    ),
    aim(
        "HF2",
        "HF2.2",
        "Prozesse dokumentieren und optimieren",
        "Die Kernprozesse sind in einer Prozesslandkarte erfasst, medienbruchfrei gestaltet \
         und werden regelmäßig überprüft.",
    ),
    aim(
        "HF2",
        "HF2.3",
        "Medienbruchfreies Finanzwesen",
        "Rechnungseingang, Vergabe und Zahlungsverkehr laufen durchgängig digital.",
    ),
    aim(
        "HF2",
        "HF2.4",
        "Papierlose Gremienarbeit",
        "Sitzungsunterlagen für Stadtrat und Ausschüsse werden ausschließlich digital \
         bereitgestellt.",
    ),
    field(
        "HF3",
        "IT-Infrastruktur und Informationssicherheit",
        "Beispieldaten: Eine leistungsfähige, sichere und ausfallsichere IT ist die Grundlage \
         jeder Digitalisierung.",
    ),
    aim(
        "HF3",
        "HF3.1",
        "Leistungsfähige und ausfallsichere IT",
        "Server, Netze und Anbindungen der Außenstellen sind modern, redundant und dokumentiert.",
    ),
    aim(
        "HF3",
        "HF3.2",
        "Informationssicherheit nach BSI IT-Grundschutz",
        "Ein Informationssicherheitsmanagement nach BSI IT-Grundschutz ist eingeführt und wird \
         jährlich überprüft.",
    ),
    aim(
        "HF3",
        "HF3.3",
        "Moderne und mobile Arbeitsplätze",
        "Alle Beschäftigten können ortsunabhängig, sicher und mit zeitgemäßen Werkzeugen arbeiten.",
    ),
    field(
        "HF4",
        "Kompetenzen, Kultur und Organisation",
        "Beispieldaten: Die Beschäftigten gestalten die Digitalisierung mit und werden dazu \
         befähigt.",
    ),
    aim(
        "HF4",
        "HF4.1",
        "Digitale Kompetenzen der Beschäftigten stärken",
        "Jede und jeder Beschäftigte nimmt jährlich an mindestens einer Qualifizierung zu \
         digitalen Themen teil.",
    ),
    aim(
        "HF4",
        "HF4.2",
        "Veränderung gemeinsam gestalten",
        "Veränderungen werden früh kommuniziert; Führungskräfte und Personalrat sind \
         eingebunden.",
    ),
    aim(
        "HF4",
        "HF4.3",
        "Digitalisierung wirksam steuern",
        "Ein Digitalisierungsboard steuert das Portfolio; dem Stadtrat wird regelmäßig berichtet.",
    ),
    aim(
        "HF4",
        "HF4.4",
        "Fachkräfte für IT und Digitalisierung gewinnen",
        "Stellen in IT und Digitalisierung werden innerhalb von sechs Monaten besetzt.",
    ),
    field(
        "HF5",
        "Daten und Transparenz",
        "Beispieldaten: Daten der Verwaltung werden als Ressource genutzt und, wo möglich, offen \
         bereitgestellt.",
    ),
    aim(
        "HF5",
        "HF5.1",
        "Offene Daten bereitstellen",
        "Geeignete Datenbestände werden maschinenlesbar unter offener Lizenz veröffentlicht.",
    ),
    aim(
        "HF5",
        "HF5.2",
        "Daten und Geoinformation nutzen",
        "Datenbestände sind katalogisiert, haben Verantwortliche und stehen allen Fachbereichen \
         zur Verfügung.",
    ),
    aim(
        "HF5",
        "HF5.3",
        "Transparenz für Bürgerschaft und Stadtrat",
        "Haushalt, Beschlüsse und der Stand der Digitalisierung sind öffentlich nachvollziehbar.",
    ),
    field(
        "HF6",
        "Digitale Bildung",
        "Beispieldaten: Schulen, Kitas und Bibliothek bieten eine zeitgemäße digitale Ausstattung \
         und Teilhabe.",
    ),
    aim(
        "HF6",
        "HF6.1",
        "Digitale Infrastruktur an Schulen",
        "Alle städtischen Schulen haben Glasfaser, flächendeckendes WLAN und verlässlichen \
         IT-Support.",
    ),
    aim(
        "HF6",
        "HF6.2",
        "Digitale Teilhabe und Medienkompetenz",
        "Alle Generationen finden niedrigschwellige Angebote, um digitale Dienste zu nutzen.",
    ),
    field(
        "HF7",
        "Smart City und nachhaltige Stadt",
        "Beispieldaten: Vernetzte Infrastruktur und digitale Beteiligung machen die Stadt \
         lebenswerter und nachhaltiger.",
    ),
    aim(
        "HF7",
        "HF7.1",
        "Vernetzte städtische Infrastruktur",
        "Sensorik und vernetzte Systeme werden dort eingesetzt, wo sie Betrieb und Planung \
         messbar verbessern.",
    ),
    aim(
        "HF7",
        "HF7.2",
        "Digitale Beteiligung",
        "Bürgerinnen und Bürger können sich online an Planungen beteiligen und Anliegen melden.",
    ),
    aim(
        "HF7",
        "HF7.3",
        "Nachhaltige Digitalisierung (Green IT)",
        "Energieverbrauch und Ressourceneinsatz der IT sinken messbar.",
    ),
];
