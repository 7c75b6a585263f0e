//! The columns of the measure spreadsheet: the German headers the export writes and the
//! many ways people write them in their own sheets (German and English, with or without
//! umlauts, units and brackets).

/// A column of the measure sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Code,
    Title,
    Description,
    Goals,
    Lead,
    Participating,
    Status,
    Progress,
    PlannedStart,
    PlannedEnd,
    ActualStart,
    ActualEnd,
    Priority,
    Weight,
    BudgetPlanned,
    BudgetSpent,
    Visibility,
    ContactName,
    ContactEmail,
    /// Export only: the traffic light in effect (ignored on import).
    Light,
    /// Export only: the date of the latest status update (ignored on import).
    LastUpdate,
}

impl Field {
    /// Export order.
    pub const ALL: [Field; 21] = [
        Field::Code,
        Field::Title,
        Field::Description,
        Field::Goals,
        Field::Lead,
        Field::Participating,
        Field::Status,
        Field::Progress,
        Field::PlannedStart,
        Field::PlannedEnd,
        Field::ActualStart,
        Field::ActualEnd,
        Field::Priority,
        Field::Weight,
        Field::BudgetPlanned,
        Field::BudgetSpent,
        Field::Visibility,
        Field::ContactName,
        Field::ContactEmail,
        Field::Light,
        Field::LastUpdate,
    ];

    /// The header the export writes.
    pub fn header(self) -> &'static str {
        match self {
            Field::Code => "Kennung",
            Field::Title => "Titel",
            Field::Description => "Beschreibung",
            Field::Goals => "Ziele",
            Field::Lead => "Federführung",
            Field::Participating => "Beteiligte",
            Field::Status => "Status",
            Field::Progress => "Fortschritt (%)",
            Field::PlannedStart => "Beginn (geplant)",
            Field::PlannedEnd => "Ende (geplant)",
            Field::ActualStart => "Beginn (tatsächlich)",
            Field::ActualEnd => "Ende (tatsächlich)",
            Field::Priority => "Priorität",
            Field::Weight => "Gewichtung",
            Field::BudgetPlanned => "Budget geplant (€)",
            Field::BudgetSpent => "Budget verbraucht (€)",
            Field::Visibility => "Sichtbarkeit",
            Field::ContactName => "Ansprechperson",
            Field::ContactEmail => "E-Mail Ansprechperson",
            Field::Light => "Ampel",
            Field::LastUpdate => "Letzte Meldung",
        }
    }

    /// The API field of the measure (as in `MeasureDetail`).
    pub fn key(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Title => "title",
            Field::Description => "description",
            Field::Goals => "goal_ids",
            Field::Lead => "lead_department_id",
            Field::Participating => "participating_department_ids",
            Field::Status => "status_id",
            Field::Progress => "progress",
            Field::PlannedStart => "planned_start",
            Field::PlannedEnd => "planned_end",
            Field::ActualStart => "actual_start",
            Field::ActualEnd => "actual_end",
            Field::Priority => "priority",
            Field::Weight => "weight",
            Field::BudgetPlanned => "budget_planned_cents",
            Field::BudgetSpent => "budget_spent_cents",
            Field::Visibility => "visibility",
            Field::ContactName => "contact_name",
            Field::ContactEmail => "contact_email",
            Field::Light => "light",
            Field::LastUpdate => "last_update_date",
        }
    }

    /// The field an API field name belongs to.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Computed columns: written by the export, ignored by the import.
    pub fn read_only(self) -> bool {
        matches!(self, Field::Light | Field::LastUpdate)
    }

    /// Column width in the XLSX export (characters).
    pub fn width(self) -> f64 {
        match self {
            Field::Code => 10.0,
            Field::Title => 45.0,
            Field::Description => 60.0,
            Field::Goals | Field::Participating => 18.0,
            Field::Lead | Field::Status => 16.0,
            Field::ContactName | Field::ContactEmail => 26.0,
            Field::BudgetPlanned | Field::BudgetSpent => 20.0,
            Field::PlannedStart
            | Field::PlannedEnd
            | Field::ActualStart
            | Field::ActualEnd
            | Field::LastUpdate => 14.0,
            _ => 12.0,
        }
    }

    /// Normalised header spellings (see [`normalize`]) that mean this column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Code => &[
                "kennung",
                "code",
                "nr",
                "nummer",
                "massnahmennr",
                "massnahmennummer",
                "massnahmenkennung",
                "kennziffer",
                "kuerzel",
                "id",
                "lfdnr",
                "measurecode",
            ],
            Field::Title => &[
                "titel",
                "title",
                "massnahme",
                "bezeichnung",
                "name",
                "massnahmentitel",
                "massnahmenbezeichnung",
                "kurztitel",
                "measure",
            ],
            Field::Description => &[
                "beschreibung",
                "description",
                "erlaeuterung",
                "erlaeuterungen",
                "details",
                "inhalt",
                "massnahmenbeschreibung",
                "kurzbeschreibung",
            ],
            Field::Goals => &[
                "ziele",
                "ziel",
                "goals",
                "goal",
                "goalids",
                "goalcodes",
                "zielcodes",
                "strategischeziele",
                "zielzuordnung",
            ],
            Field::Lead => &[
                "federfuehrung",
                "federfuehrend",
                "federfuehrenderfachbereich",
                "lead",
                "leaddepartment",
                "leaddepartmentid",
                "zustaendigkeit",
                "zustaendig",
                "verantwortlich",
                "fachbereich",
                "organisationseinheit",
                "amt",
                "department",
            ],
            Field::Participating => &[
                "beteiligte",
                "beteiligt",
                "beteiligtefachbereiche",
                "weiterebeteiligte",
                "mitwirkende",
                "participating",
                "participatingdepartments",
                "participatingdepartmentids",
            ],
            Field::Status => &["status", "stand", "zustand", "statusid"],
            Field::Progress => &[
                "fortschritt",
                "progress",
                "umsetzungsgrad",
                "umsetzungsstand",
                "erfuellungsgrad",
                "fertigstellungsgrad",
                "prozent",
            ],
            Field::PlannedStart => &[
                "beginngeplant",
                "geplanterbeginn",
                "beginn",
                "start",
                "startgeplant",
                "geplanterstart",
                "plannedstart",
                "startdate",
                "startdatum",
                "von",
            ],
            Field::PlannedEnd => &[
                "endegeplant",
                "geplantesende",
                "ende",
                "end",
                "fertigstellunggeplant",
                "geplantefertigstellung",
                "fertigstellung",
                "abschlussgeplant",
                "geplanterabschluss",
                "abschluss",
                "plannedend",
                "enddate",
                "enddatum",
                "bis",
                "termin",
                "frist",
            ],
            Field::ActualStart => &[
                "beginntatsaechlich",
                "tatsaechlicherbeginn",
                "istbeginn",
                "beginnist",
                "actualstart",
            ],
            Field::ActualEnd => &[
                "endetatsaechlich",
                "tatsaechlichesende",
                "istende",
                "endeist",
                "abgeschlossenam",
                "actualend",
            ],
            Field::Priority => &["prioritaet", "priority", "prio"],
            Field::Weight => &["gewichtung", "gewicht", "weight"],
            Field::BudgetPlanned => &[
                "budgetgeplant",
                "geplantesbudget",
                "budget",
                "budgetplan",
                "plannedbudget",
                "budgetplanned",
                "budgetplannedcents",
                "kosten",
                "kostengeplant",
                "geplantekosten",
                "mittelgeplant",
                "haushaltsmittel",
            ],
            Field::BudgetSpent => &[
                "budgetverbraucht",
                "verbrauchtesbudget",
                "budgetist",
                "istkosten",
                "kostenist",
                "ausgaben",
                "verbraucht",
                "mittelverbraucht",
                "budgetspent",
                "spentbudget",
                "budgetspentcents",
            ],
            Field::Visibility => &["sichtbarkeit", "visibility", "veroeffentlichung"],
            Field::ContactName => &[
                "ansprechperson",
                "ansprechpartner",
                "ansprechpartnerin",
                "ansprechpartnerinnen",
                "kontakt",
                "kontaktperson",
                "contact",
                "contactname",
            ],
            Field::ContactEmail => &[
                "emailansprechperson",
                "emailansprechpartner",
                "emailansprechpartnerin",
                "ansprechpersonemail",
                "email",
                "mail",
                "emailadresse",
                "kontaktemail",
                "contactemail",
            ],
            Field::Light => &["ampel", "light", "trafficlight", "ampelstatus"],
            Field::LastUpdate => &[
                "letztemeldung",
                "letztersachstand",
                "letzteaktualisierung",
                "lastupdate",
                "lastupdatedate",
            ],
        }
    }

    /// The column a header names, if any.
    pub fn recognise(header: &str) -> Option<Field> {
        let key = normalize(header);
        if key.is_empty() {
            return None;
        }
        Field::ALL
            .into_iter()
            .find(|f| f.aliases().contains(&key.as_str()))
    }
}

/// Filler words dropped from headers ("Fortschritt in %", "Budget in EUR").
const FILLERS: [&str; 10] = [
    "in", "eur", "euro", "der", "die", "das", "des", "im", "zur", "the",
];

/// Lower case, umlauts spelled out, filler words, units and punctuation dropped:
/// "Fortschritt in %" → "fortschritt", "E-Mail Ansprechperson" → "emailansprechperson".
pub fn normalize(header: &str) -> String {
    let lower = header.trim().to_lowercase();
    let spelled: String = lower
        .chars()
        .flat_map(|c| match c {
            'ä' => "ae".chars().collect::<Vec<_>>(),
            'ö' => "oe".chars().collect(),
            'ü' => "ue".chars().collect(),
            'ß' => "ss".chars().collect(),
            c => vec![c],
        })
        .collect();
    spelled
        .split(|c: char| !c.is_alphanumeric())
        .filter(|token| !token.is_empty() && !FILLERS.contains(token))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_headers_are_recognised() {
        for field in Field::ALL {
            assert_eq!(Field::recognise(field.header()), Some(field), "{field:?}");
        }
    }

    #[test]
    fn variants_of_headers_are_recognised() {
        let cases = [
            ("Maßnahme", Field::Title),
            ("Bezeichnung", Field::Title),
            ("MASSNAHME", Field::Title),
            ("Fertigstellung (geplant)", Field::PlannedEnd),
            ("Ende", Field::PlannedEnd),
            ("Fortschritt in %", Field::Progress),
            ("fortschritt", Field::Progress),
            ("Budget (geplant) in EUR", Field::BudgetPlanned),
            ("Prioritaet", Field::Priority),
            ("E-Mail", Field::ContactEmail),
            ("Federfuehrung", Field::Lead),
            ("Planned end", Field::PlannedEnd),
            ("Nr.", Field::Code),
        ];
        for (header, field) in cases {
            assert_eq!(Field::recognise(header), Some(field), "{header}");
        }
        assert_eq!(Field::recognise("Bemerkung"), None);
        assert_eq!(Field::recognise(""), None);
    }
}
