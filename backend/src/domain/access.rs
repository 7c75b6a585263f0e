//! Roles and the access policy. Every authorization decision in Kurs is one of the functions
//! below; handlers call exactly one of them per request, so the rules can be read (and
//! tested) in one place:
//!
//! | action | admin | officer | editor | council |
//! |---|---|---|---|---|
//! | read non-draft data, dashboards | ✓ | ✓ | ✓ | ✓ |
//! | read draft measures | ✓ | ✓ | own departments | – |
//! | progress, status, milestones, updates of a measure | ✓ | ✓ | own departments | – |
//! | structure: strategy, goals, departments, statuses, measure create/edit/archive, users | ✓ | ✓ | – | – |
//! | override a traffic light (with a written reason) | – | ✓ | – | – |
//! | read the audit log | ✓ | ✓ | – | – |
//! | create or change admin accounts | ✓ | – | – | – |
//! | maturity: models, rounds (create, submit), findings, measures' maturity targets | ✓ | ✓ | – | – |
//! | maturity: approve or reopen a round | – | ✓ | – | – |
//! | maturity: read rounds, assessments, results | ✓ | ✓ | ✓ | approved rounds only |
//! | maturity: record an assessment (open rounds only) | ✓ | ✓ | self-assessment, own departments | – |
//! | reporting rounds: read rounds, progress counts, approved answers | ✓ | ✓ | ✓ | ✓ |
//! | reporting rounds: open, change, delete a round | ✓ | ✓ | – | – |
//! | reporting rounds: answer an item (draft, submit), read answers before approval | ✓ | ✓ | items owed by own departments | – |
//! | reporting rounds: return or approve an answer, send reminders now | – | ✓ | – | – |
//! | notifications: read and mark one's own | ✓ | ✓ | ✓ | ✓ |
//! | export measures as CSV/XLSX (the ones they may read) | ✓ | ✓ | ✓ | ✓ |
//! | import measures from a CSV/XLSX file | ✓ | ✓ | – | – |
//! | reports: read frozen reports, their changes and exports | ✓ | ✓ | ✓ | ✓ |
//! | reports: freeze a reporting round, withdraw a report (with a reason) | – | ✓ | – | – |
//!
//! "Own departments" means the measure's lead or one of its participating departments is
//! one the editor belongs to.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::maturity::{AssessmentMethod, RoundState};
use super::measure::Visibility;

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// IT administration: users, departments, settings, backups.
    Admin,
    /// Digitalisierungsbeauftragte/r: strategy, goals, measures, approvals.
    Officer,
    /// Fachbereich/Abteilung: updates the measures of their own departments.
    Editor,
    /// Stadtrat/Ausschuss: reads dashboards and reports.
    Council,
}

impl Role {
    pub const ALL: [Role; 4] = [Self::Admin, Self::Officer, Self::Editor, Self::Council];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Officer => "officer",
            Self::Editor => "editor",
            Self::Council => "council",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == value)
    }
}

/// The signed-in user as far as authorization is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i32,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub department_ids: Vec<i32>,
}

/// The departments a measure belongs to and its visibility: all the policy needs to know.
#[derive(Debug, Clone, Copy)]
pub struct MeasureScope<'a> {
    pub visibility: Visibility,
    pub lead_department_id: i32,
    pub participating_department_ids: &'a [i32],
}

impl Principal {
    fn is_steering(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Officer)
    }

    fn belongs_to_measure(&self, scope: &MeasureScope<'_>) -> bool {
        self.department_ids.iter().any(|d| {
            *d == scope.lead_department_id || scope.participating_department_ids.contains(d)
        })
    }

    /// May see the measure at all (hidden measures answer `404`).
    pub fn can_view_measure(&self, scope: &MeasureScope<'_>) -> bool {
        match scope.visibility {
            Visibility::Internal | Visibility::Public => true,
            Visibility::Draft => {
                self.is_steering() || (self.role == Role::Editor && self.belongs_to_measure(scope))
            }
        }
    }

    /// Whether draft measures are visible in lists at all; editors then see only their own
    /// departments' drafts (see [`Principal::can_view_measure`]).
    pub fn sees_drafts(&self) -> bool {
        self.role != Role::Council
    }

    /// May change progress, status, milestones and write status updates of the measure.
    pub fn can_update_measure_execution(&self, scope: &MeasureScope<'_>) -> bool {
        self.is_steering() || (self.role == Role::Editor && self.belongs_to_measure(scope))
    }

    /// May change structure: strategy, goals, departments, statuses, measures' master data,
    /// creating and archiving measures, users.
    pub fn can_manage_structure(&self) -> bool {
        self.is_steering()
    }

    /// May import measures from a spreadsheet (creates and changes measures' structure).
    /// Exporting needs no policy of its own: the file holds exactly the measures
    /// [`Principal::can_view_measure`] admits.
    pub fn can_import_measures(&self) -> bool {
        self.is_steering()
    }

    /// May override a measure's traffic light.
    pub fn can_override_traffic_light(&self) -> bool {
        self.role == Role::Officer
    }

    /// May read the audit log.
    pub fn can_read_audit(&self) -> bool {
        self.is_steering()
    }

    /// May read the user list.
    pub fn can_manage_users(&self) -> bool {
        self.is_steering()
    }

    /// May manage maturity models, create, change and submit assessment rounds, and write
    /// findings of the Ist-Analyse.
    pub fn can_manage_maturity(&self) -> bool {
        self.is_steering()
    }

    /// May approve a submitted assessment round or reopen one (the officer only).
    pub fn can_approve_maturity_round(&self) -> bool {
        self.role == Role::Officer
    }

    /// May see an assessment round in `state`, its assessments and its results (the council
    /// only sees approved rounds; other rounds answer `404`).
    pub fn can_view_maturity_round(&self, state: RoundState) -> bool {
        self.role != Role::Council || state == RoundState::Approved
    }

    /// May record (or delete) the assessment of `department_id` (`None`: the administration
    /// as a whole) made by `method`: officer and admin anything, editors only the
    /// self-assessment of their own departments.
    pub fn can_write_maturity_assessment(
        &self,
        department_id: Option<i32>,
        method: AssessmentMethod,
    ) -> bool {
        match self.role {
            Role::Admin | Role::Officer => true,
            Role::Editor => {
                method == AssessmentMethod::SelfAssessment
                    && department_id.is_some_and(|d| self.department_ids.contains(&d))
            }
            Role::Council => false,
        }
    }

    /// May read frozen reports (Sachstandsberichte), their changes and exports: every
    /// signed-in role (reports never contain drafts).
    pub fn can_read_reports(&self) -> bool {
        true
    }

    /// May freeze a reporting round into a report, or withdraw a report (the officer only).
    pub fn can_freeze_reports(&self) -> bool {
        self.role == Role::Officer
    }

    /// May open, change and delete reporting rounds (Berichtsrunden).
    pub fn can_manage_reporting_rounds(&self) -> bool {
        self.is_steering()
    }

    /// May save and submit the answer of a reporting item owed by `department_id` (the
    /// measure's lead department), and read it before its approval: officer and admin, and
    /// editors of that department.
    pub fn can_answer_reporting_item(&self, department_id: i32) -> bool {
        self.is_steering()
            || (self.role == Role::Editor && self.department_ids.contains(&department_id))
    }

    /// May return or approve a submitted answer (the officer only).
    pub fn can_review_reporting_answers(&self) -> bool {
        self.role == Role::Officer
    }

    /// May send a round's due reminders now (the officer only).
    pub fn can_send_reporting_reminders(&self) -> bool {
        self.role == Role::Officer
    }

    /// May create or modify an account with `target_role` (only admins touch admins).
    pub fn can_assign_role(&self, target_role: Role) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Officer => target_role != Role::Admin,
            Role::Editor | Role::Council => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, departments: &[i32]) -> Principal {
        Principal {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role,
            department_ids: departments.to_vec(),
        }
    }

    fn scope(visibility: Visibility, lead: i32, participants: &[i32]) -> MeasureScope<'_> {
        MeasureScope {
            visibility,
            lead_department_id: lead,
            participating_department_ids: participants,
        }
    }

    #[test]
    fn an_editor_updates_measures_where_their_department_leads_or_participates() {
        let editor = user(Role::Editor, &[7]);
        assert!(editor.can_update_measure_execution(&scope(Visibility::Internal, 7, &[])));
        assert!(editor.can_update_measure_execution(&scope(Visibility::Internal, 1, &[7])));
        assert!(!editor.can_update_measure_execution(&scope(Visibility::Internal, 1, &[2])));
    }

    #[test]
    fn council_never_sees_drafts_and_never_writes() {
        let council = user(Role::Council, &[]);
        assert!(!council.can_view_measure(&scope(Visibility::Draft, 1, &[])));
        assert!(council.can_view_measure(&scope(Visibility::Internal, 1, &[])));
        assert!(!council.can_update_measure_execution(&scope(Visibility::Public, 1, &[])));
        assert!(!council.can_manage_structure());
    }

    #[test]
    fn editors_see_only_their_own_departments_drafts() {
        let editor = user(Role::Editor, &[3]);
        assert!(editor.can_view_measure(&scope(Visibility::Draft, 3, &[])));
        assert!(!editor.can_view_measure(&scope(Visibility::Draft, 4, &[])));
    }

    #[test]
    fn only_the_officer_overrides_traffic_lights() {
        assert!(user(Role::Officer, &[]).can_override_traffic_light());
        assert!(!user(Role::Admin, &[]).can_override_traffic_light());
        assert!(!user(Role::Editor, &[1]).can_override_traffic_light());
    }

    #[test]
    fn editors_self_assess_only_their_own_departments() {
        let editor = user(Role::Editor, &[3]);
        let own = AssessmentMethod::SelfAssessment;
        assert!(editor.can_write_maturity_assessment(Some(3), own));
        assert!(!editor.can_write_maturity_assessment(Some(4), own));
        assert!(!editor.can_write_maturity_assessment(None, own));
        assert!(!editor.can_write_maturity_assessment(Some(3), AssessmentMethod::Officer));
        assert!(
            user(Role::Officer, &[])
                .can_write_maturity_assessment(None, AssessmentMethod::Interview)
        );
        assert!(!user(Role::Council, &[3]).can_write_maturity_assessment(Some(3), own));
    }

    #[test]
    fn council_sees_only_approved_maturity_rounds() {
        let council = user(Role::Council, &[]);
        assert!(council.can_view_maturity_round(RoundState::Approved));
        assert!(!council.can_view_maturity_round(RoundState::Submitted));
        assert!(!council.can_view_maturity_round(RoundState::Open));
        assert!(user(Role::Editor, &[1]).can_view_maturity_round(RoundState::Open));
    }

    #[test]
    fn only_the_officer_approves_maturity_rounds_and_steering_manages_maturity() {
        assert!(user(Role::Officer, &[]).can_approve_maturity_round());
        assert!(!user(Role::Admin, &[]).can_approve_maturity_round());
        assert!(!user(Role::Editor, &[1]).can_approve_maturity_round());
        assert!(user(Role::Admin, &[]).can_manage_maturity());
        assert!(!user(Role::Editor, &[1]).can_manage_maturity());
        assert!(!user(Role::Council, &[]).can_manage_maturity());
    }

    #[test]
    fn editors_answer_only_their_departments_items_and_only_the_officer_reviews() {
        let editor = user(Role::Editor, &[3]);
        assert!(editor.can_answer_reporting_item(3));
        assert!(!editor.can_answer_reporting_item(4));
        assert!(!user(Role::Council, &[3]).can_answer_reporting_item(3));
        assert!(user(Role::Officer, &[]).can_answer_reporting_item(4));
        assert!(user(Role::Officer, &[]).can_review_reporting_answers());
        assert!(!user(Role::Admin, &[]).can_review_reporting_answers());
        assert!(!editor.can_review_reporting_answers());
        assert!(user(Role::Admin, &[]).can_manage_reporting_rounds());
        assert!(!editor.can_manage_reporting_rounds());
        assert!(!user(Role::Admin, &[]).can_send_reporting_reminders());
    }

    #[test]
    fn officers_cannot_create_admins() {
        assert!(!user(Role::Officer, &[]).can_assign_role(Role::Admin));
        assert!(user(Role::Officer, &[]).can_assign_role(Role::Editor));
        assert!(user(Role::Admin, &[]).can_assign_role(Role::Admin));
    }
}
