//! Maturity assessment (Reifegrad) rules: what a maturity model is, how a questionnaire turns
//! answers into a level, how dimension levels aggregate into an overall score, what a gap is
//! and which measures address it, and the life cycle of an assessment round. Pure functions
//! and value types; the store loads and saves them, the HTTP layer parses into them.
//!
//! **Models are data.** A [`ModelDefinition`] has a level scale (`min..=max`, at most
//! 0..=10, every level labelled) and ordered dimensions, each with a stable `code`, a title,
//! a description, a weight (for the weighted mean), optional descriptors ("what level 3 of
//! this dimension looks like") and optional questions whose answer options map to levels.
//! [`ModelDefinition::validate`] names every problem with its JSON path.
//!
//! **Questionnaire scoring** ([`score_questionnaire`]): every question of the dimension must
//! be answered with exactly one of its options; the dimension's level is the mean of the
//! answers' levels, **rounded down**: `⌊Σ answer levels / number of questions⌋`. Rounding
//! down means a level is only reached when the answers on average reach it; one strong
//! answer does not lift a weak dimension.
//!
//! **Aggregation** ([`aggregate`]) of the dimensions that have a value, by the model's rule:
//! - `mean`: `Σ levels / n`;
//! - `weighted_mean`: `Σ(weight × level) / Σ weight`; if every included weight is 0 the plain
//!   mean is used and the formula says so;
//! - `minimum`: the lowest dimension sets the level ("the lowest criterion sets the level",
//!   as in the OZG maturity model).
//!
//! Dimensions without a value are left out and listed; with no value at all there is no
//! score. Scores are exact: values are held in tenths ([`Tenths`]) and means are rounded to
//! one decimal, half up, in integers. Every result names its rule and carries the formula
//! with the actual numbers, in German and English.
//!
//! **Gaps** ([`is_gap`], [`TargetClaim::addresses`]): a (department, dimension) is a gap when
//! both actual (Ist) and target (Soll) are known and actual < target. A measure addresses a
//! gap when it declares a maturity target for the dimension's code and either names that
//! department or names no department (it then covers the dimension for every department and
//! for the administration as a whole); a gap of the administration as a whole is addressed
//! only by targets without a department. Whether a measure counts at all (active, not a
//! draft) is decided by the caller. A measure *reaches* the target when its expected level
//! is at least the target level.
//!
//! **Rounds** ([`RoundState::apply`]): `open → submitted → approved`; an officer may reopen
//! a submitted or approved round (`→ open`). Nothing else is allowed. Assessments can only be
//! changed while a round is open.

use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write as _};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Highest level any scale may have.
pub const MAX_LEVEL: i32 = 10;
/// Most dimensions a model may have.
pub const MAX_DIMENSIONS: usize = 30;
/// Most questions per dimension.
pub const MAX_QUESTIONS: usize = 20;
/// Most answer options per question.
pub const MAX_OPTIONS: usize = 11;
/// Longest code (dimension, question, option, model key).
pub const MAX_CODE_LENGTH: usize = 40;
/// Largest dimension weight.
pub const MAX_WEIGHT: u32 = 100;

// ---------------------------------------------------------------------------------------
// Small value types
// ---------------------------------------------------------------------------------------

/// How a model aggregates its dimensions into an overall score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AggregationRule {
    /// Σ levels / number of assessed dimensions.
    Mean,
    /// Σ(weight × level) / Σ weight.
    WeightedMean,
    /// The lowest assessed dimension sets the level.
    Minimum,
}

impl AggregationRule {
    pub const ALL: [AggregationRule; 3] = [Self::Mean, Self::WeightedMean, Self::Minimum];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mean => "mean",
            Self::WeightedMean => "weighted_mean",
            Self::Minimum => "minimum",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == value)
    }
}

/// The state of an assessment round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoundState {
    /// Assessments are being entered.
    Open,
    /// Complete and waiting for the officer's approval; no changes.
    Submitted,
    /// Approved by the officer; results are official and visible to the council.
    Approved,
}

impl RoundState {
    pub const ALL: [RoundState; 3] = [Self::Open, Self::Submitted, Self::Approved];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Submitted => "submitted",
            Self::Approved => "approved",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// Whether assessments of the round may be created, changed or deleted.
    pub fn accepts_assessments(self) -> bool {
        self == Self::Open
    }

    /// The state after `action`, or why the action is not possible.
    pub fn apply(self, action: RoundAction) -> Result<RoundState, TransitionError> {
        match (self, action) {
            (Self::Open, RoundAction::Submit) => Ok(Self::Submitted),
            (Self::Submitted, RoundAction::Approve) => Ok(Self::Approved),
            (Self::Submitted | Self::Approved, RoundAction::Reopen) => Ok(Self::Open),
            (from, action) => Err(TransitionError { from, action }),
        }
    }
}

impl fmt::Display for RoundState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A state change of a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundAction {
    Submit,
    Approve,
    Reopen,
}

impl RoundAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Approve => "approve",
            Self::Reopen => "reopen",
        }
    }
}

/// A round state change that the state machine does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a round that is {from} cannot {action}", action = .action.as_str())]
pub struct TransitionError {
    pub from: RoundState,
    pub action: RoundAction,
}

/// How an assessment was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentMethod {
    /// The department assessed itself (Selbsteinschätzung).
    SelfAssessment,
    /// Determined in an interview (as in the Ist-Analyse).
    Interview,
    /// Set by the digitalization officer.
    Officer,
}

impl AssessmentMethod {
    pub const ALL: [AssessmentMethod; 3] = [Self::SelfAssessment, Self::Interview, Self::Officer];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SelfAssessment => "self_assessment",
            Self::Interview => "interview",
            Self::Officer => "officer",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == value)
    }
}

/// How serious a finding of the Ist-Analyse is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Self::Low, Self::Medium, Self::High];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// One problem found while validating maturity data, with the JSON path of the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub field: String,
    /// Stable code: `required`, `too_long`, `out_of_range`, `invalid`, `duplicate`, `unknown`,
    /// `missing`, `not_applicable`.
    pub code: &'static str,
    pub message: String,
}

impl Issue {
    fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

/// Checks a required text: not blank, at most `max` characters.
fn check_text(issues: &mut Vec<Issue>, field: &str, value: &str, max: usize) {
    let value = value.trim();
    if value.is_empty() {
        issues.push(Issue::new(field, "required", "must not be empty"));
    } else if value.chars().count() > max {
        issues.push(Issue::new(
            field,
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
}

/// Checks a free text that may be empty.
fn check_long_text(issues: &mut Vec<Issue>, field: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        issues.push(Issue::new(
            field,
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
}

/// Whether `code` is a valid code: 1..=40 characters, lowercase ASCII letters, digits, `_`
/// and `-`, starting with a letter. Codes identify dimensions across model versions, so they
/// are kept simple and stable.
pub fn is_valid_code(code: &str) -> bool {
    let mut chars = code.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && code.len() <= MAX_CODE_LENGTH
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn check_code(issues: &mut Vec<Issue>, field: &str, code: &str) {
    if code.is_empty() {
        issues.push(Issue::new(field, "required", "must not be empty"));
    } else if !is_valid_code(code) {
        issues.push(Issue::new(
            field,
            "invalid",
            format!(
                "must be at most {MAX_CODE_LENGTH} characters of a-z, 0-9, '_' and '-', \
                 starting with a letter"
            ),
        ));
    }
}

/// Turns a name into a code: lowercase ASCII, umlauts transliterated, other characters
/// become `-`. Used to derive a model key from its name.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        let piece: &str = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        out.push_str(piece);
    }
    let mut collapsed = String::new();
    for part in out.split('-').filter(|p| !p.is_empty()) {
        if !collapsed.is_empty() {
            collapsed.push('-');
        }
        collapsed.push_str(part);
    }
    let trimmed: String = collapsed
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-')
        .chars()
        .take(MAX_CODE_LENGTH)
        .collect();
    let trimmed = trimmed.trim_end_matches('-').to_owned();
    if trimmed.is_empty() {
        "modell".into()
    } else {
        trimmed
    }
}

// ---------------------------------------------------------------------------------------
// The model definition
// ---------------------------------------------------------------------------------------

/// The label of one level of the scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelLabel {
    pub level: i32,
    /// Short name such as "Etabliert".
    pub label: String,
    /// What the level means in general (dimension-specific text is in the descriptors).
    #[serde(default)]
    pub description: String,
}

/// The level scale of a model: `min..=max`, every level labelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelScale {
    /// Lowest level, at least 0.
    pub min: i32,
    /// Highest level, at most 10.
    pub max: i32,
    /// One label per level from `min` to `max`, in ascending order.
    pub labels: Vec<LevelLabel>,
}

impl LevelScale {
    pub fn contains(&self, level: i32) -> bool {
        (self.min..=self.max).contains(&level)
    }
}

/// What one level looks like in one dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelDescriptor {
    pub level: i32,
    pub text: String,
}

/// One answer option of a question and the level it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    /// Code, unique within the question.
    pub code: String,
    pub label: String,
    /// The level this answer stands for (within the model's scale).
    pub level: i32,
}

/// A question of a dimension's questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Code, unique within the dimension.
    pub code: String,
    pub text: String,
    /// 2 to 11 options.
    pub options: Vec<AnswerOption>,
}

fn default_weight() -> u32 {
    1
}

/// One dimension (criterion) of a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Stable code, unique within the model and kept across versions (measures and findings
    /// refer to dimensions by code).
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Weight in the weighted mean, 0..=100 (default 1).
    #[serde(default = "default_weight")]
    pub weight: u32,
    /// What each level looks like in this dimension (optional, at most one per level).
    #[serde(default)]
    pub descriptors: Vec<LevelDescriptor>,
    /// Optional questionnaire: when answered, it computes the level.
    #[serde(default)]
    pub questions: Vec<Question>,
}

/// The content of a model version: its scale and its ordered dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelDefinition {
    pub levels: LevelScale,
    pub dimensions: Vec<Dimension>,
}

impl ModelDefinition {
    /// The dimension with `code`.
    pub fn dimension(&self, code: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.code == code)
    }

    /// The same definition with all texts trimmed.
    pub fn normalized(mut self) -> Self {
        fn trim(s: &mut String) {
            let t = s.trim();
            if t.len() != s.len() {
                *s = t.to_owned();
            }
        }
        for label in &mut self.levels.labels {
            trim(&mut label.label);
            trim(&mut label.description);
        }
        for d in &mut self.dimensions {
            trim(&mut d.code);
            trim(&mut d.title);
            trim(&mut d.description);
            for desc in &mut d.descriptors {
                trim(&mut desc.text);
            }
            d.descriptors.sort_by_key(|desc| desc.level);
            for q in &mut d.questions {
                trim(&mut q.code);
                trim(&mut q.text);
                for o in &mut q.options {
                    trim(&mut o.code);
                    trim(&mut o.label);
                }
            }
        }
        self.levels.labels.sort_by_key(|l| l.level);
        self
    }

    /// Every problem of the definition, with JSON paths relative to the definition
    /// (`levels.labels[0].label`, `dimensions[2].questions[0].options[1].level`, …).
    pub fn validate(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        let scale = &self.levels;
        let scale_ok = scale.min >= 0 && scale.max <= MAX_LEVEL && scale.min < scale.max;
        if scale.min < 0 || scale.min > MAX_LEVEL {
            issues.push(Issue::new(
                "levels.min",
                "out_of_range",
                format!("must be between 0 and {}", MAX_LEVEL - 1),
            ));
        }
        if scale.max < 1 || scale.max > MAX_LEVEL {
            issues.push(Issue::new(
                "levels.max",
                "out_of_range",
                format!("must be between 1 and {MAX_LEVEL}"),
            ));
        } else if scale.max <= scale.min {
            issues.push(Issue::new(
                "levels.max",
                "out_of_range",
                "must be greater than levels.min",
            ));
        }
        let mut labelled = HashSet::new();
        for (i, label) in scale.labels.iter().enumerate() {
            let path = format!("levels.labels[{i}]");
            if scale_ok && !scale.contains(label.level) {
                issues.push(Issue::new(
                    format!("{path}.level"),
                    "out_of_range",
                    format!("must be between {} and {}", scale.min, scale.max),
                ));
            } else if !labelled.insert(label.level) {
                issues.push(Issue::new(
                    format!("{path}.level"),
                    "duplicate",
                    format!("level {} is labelled twice", label.level),
                ));
            }
            check_text(&mut issues, &format!("{path}.label"), &label.label, 100);
            check_long_text(
                &mut issues,
                &format!("{path}.description"),
                &label.description,
                2000,
            );
        }
        if scale_ok {
            let missing: Vec<String> = (scale.min..=scale.max)
                .filter(|l| !labelled.contains(l))
                .map(|l| l.to_string())
                .collect();
            if !missing.is_empty() {
                issues.push(Issue::new(
                    "levels.labels",
                    "missing",
                    format!("every level needs a label; missing: {}", missing.join(", ")),
                ));
            }
        }

        if self.dimensions.is_empty() {
            issues.push(Issue::new(
                "dimensions",
                "required",
                "a model needs at least one dimension",
            ));
        } else if self.dimensions.len() > MAX_DIMENSIONS {
            issues.push(Issue::new(
                "dimensions",
                "too_long",
                format!("at most {MAX_DIMENSIONS} dimensions"),
            ));
        }
        let mut codes = HashSet::new();
        for (i, d) in self.dimensions.iter().enumerate() {
            let path = format!("dimensions[{i}]");
            let code_field = format!("{path}.code");
            check_code(&mut issues, &code_field, d.code.trim());
            if !codes.insert(d.code.trim()) {
                issues.push(Issue::new(
                    code_field,
                    "duplicate",
                    format!("dimension code '{}' is used twice", d.code.trim()),
                ));
            }
            check_text(&mut issues, &format!("{path}.title"), &d.title, 200);
            check_long_text(
                &mut issues,
                &format!("{path}.description"),
                &d.description,
                4000,
            );
            if d.weight > MAX_WEIGHT {
                issues.push(Issue::new(
                    format!("{path}.weight"),
                    "out_of_range",
                    format!("must be between 0 and {MAX_WEIGHT}"),
                ));
            }
            let mut described = HashSet::new();
            for (j, desc) in d.descriptors.iter().enumerate() {
                let dpath = format!("{path}.descriptors[{j}]");
                if scale_ok && !scale.contains(desc.level) {
                    issues.push(Issue::new(
                        format!("{dpath}.level"),
                        "out_of_range",
                        format!("must be between {} and {}", scale.min, scale.max),
                    ));
                } else if !described.insert(desc.level) {
                    issues.push(Issue::new(
                        format!("{dpath}.level"),
                        "duplicate",
                        format!("level {} is described twice", desc.level),
                    ));
                }
                check_text(&mut issues, &format!("{dpath}.text"), &desc.text, 2000);
            }
            if d.questions.len() > MAX_QUESTIONS {
                issues.push(Issue::new(
                    format!("{path}.questions"),
                    "too_long",
                    format!("at most {MAX_QUESTIONS} questions per dimension"),
                ));
            }
            let mut question_codes = HashSet::new();
            for (j, q) in d.questions.iter().enumerate() {
                let qpath = format!("{path}.questions[{j}]");
                check_code(&mut issues, &format!("{qpath}.code"), q.code.trim());
                if !question_codes.insert(q.code.trim()) {
                    issues.push(Issue::new(
                        format!("{qpath}.code"),
                        "duplicate",
                        format!("question code '{}' is used twice", q.code.trim()),
                    ));
                }
                check_text(&mut issues, &format!("{qpath}.text"), &q.text, 1000);
                if q.options.len() < 2 || q.options.len() > MAX_OPTIONS {
                    issues.push(Issue::new(
                        format!("{qpath}.options"),
                        "out_of_range",
                        format!("a question needs 2 to {MAX_OPTIONS} options"),
                    ));
                }
                let mut option_codes = HashSet::new();
                for (k, o) in q.options.iter().enumerate() {
                    let opath = format!("{qpath}.options[{k}]");
                    check_code(&mut issues, &format!("{opath}.code"), o.code.trim());
                    if !option_codes.insert(o.code.trim()) {
                        issues.push(Issue::new(
                            format!("{opath}.code"),
                            "duplicate",
                            format!("option code '{}' is used twice", o.code.trim()),
                        ));
                    }
                    check_text(&mut issues, &format!("{opath}.label"), &o.label, 500);
                    if scale_ok && !scale.contains(o.level) {
                        issues.push(Issue::new(
                            format!("{opath}.level"),
                            "out_of_range",
                            format!("must be between {} and {}", scale.min, scale.max),
                        ));
                    }
                }
            }
        }
        issues
    }
}

/// A model as a shareable JSON document: what `GET …/export` returns, what
/// `POST /maturity/models/import` accepts, and the format of the shipped default model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelDocument {
    /// Always `kurs-maturity-model`.
    pub format: String,
    /// Format version; currently 1.
    pub format_version: u32,
    /// Stable key of the model across versions, e.g. `kurs-standard`.
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The version number in the exporting installation (informational; an import always
    /// becomes the next version of the model with this key in the importing installation).
    #[serde(default)]
    pub model_version: Option<i32>,
    pub aggregation_rule: AggregationRule,
    pub levels: LevelScale,
    pub dimensions: Vec<Dimension>,
}

impl ModelDocument {
    /// The value of `format`.
    pub const FORMAT: &'static str = "kurs-maturity-model";
    /// The supported `format_version`.
    pub const FORMAT_VERSION: u32 = 1;

    /// Every problem of the document, with JSON paths.
    pub fn validate(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        if self.format != Self::FORMAT {
            issues.push(Issue::new(
                "format",
                "invalid",
                format!("must be '{}'", Self::FORMAT),
            ));
        }
        if self.format_version != Self::FORMAT_VERSION {
            issues.push(Issue::new(
                "format_version",
                "unsupported",
                format!("only format version {} is supported", Self::FORMAT_VERSION),
            ));
        }
        check_code(&mut issues, "key", self.key.trim());
        check_text(&mut issues, "name", &self.name, 200);
        check_long_text(&mut issues, "description", &self.description, 4000);
        issues.extend(self.definition().validate());
        issues
    }

    /// The model definition part of the document.
    pub fn definition(&self) -> ModelDefinition {
        ModelDefinition {
            levels: self.levels.clone(),
            dimensions: self.dimensions.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Questionnaire scoring
// ---------------------------------------------------------------------------------------

/// One answer: the chosen option of a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub question_code: String,
    pub option_code: String,
}

/// One answer with the level it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ScoredAnswer {
    pub question_code: String,
    pub question_text: String,
    pub option_code: String,
    pub option_label: String,
    pub level: i32,
}

/// The level computed from a questionnaire, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct QuestionnaireScore {
    /// Always `floor_of_mean`: ⌊Σ answer levels / number of questions⌋.
    pub rule: String,
    /// The answers in the order of the model's questions.
    pub answers: Vec<ScoredAnswer>,
    pub level_sum: i64,
    pub answer_count: u32,
    /// The computed level.
    pub level: i32,
    /// The computation with the actual numbers, in German.
    pub formula: String,
    /// The computation with the actual numbers, in English.
    pub formula_en: String,
}

/// Scores a complete set of answers for `dimension` (see the module documentation). Problems
/// are reported with paths `answers[i].question_code`, `answers[i].option_code` and
/// `answers` (missing questions).
pub fn score_questionnaire(
    dimension: &Dimension,
    answers: &[Answer],
) -> Result<QuestionnaireScore, Vec<Issue>> {
    let mut issues = Vec::new();
    if dimension.questions.is_empty() {
        issues.push(Issue::new(
            "answers",
            "not_applicable",
            format!(
                "dimension '{}' has no questionnaire; give the level directly",
                dimension.code
            ),
        ));
        return Err(issues);
    }
    let mut chosen: HashMap<&str, (&Question, &AnswerOption)> = HashMap::new();
    for (i, answer) in answers.iter().enumerate() {
        let Some(question) = dimension
            .questions
            .iter()
            .find(|q| q.code == answer.question_code)
        else {
            issues.push(Issue::new(
                format!("answers[{i}].question_code"),
                "unknown",
                format!(
                    "dimension '{}' has no question '{}'",
                    dimension.code, answer.question_code
                ),
            ));
            continue;
        };
        let Some(option) = question
            .options
            .iter()
            .find(|o| o.code == answer.option_code)
        else {
            issues.push(Issue::new(
                format!("answers[{i}].option_code"),
                "unknown",
                format!(
                    "question '{}' has no option '{}'",
                    question.code, answer.option_code
                ),
            ));
            continue;
        };
        if chosen
            .insert(question.code.as_str(), (question, option))
            .is_some()
        {
            issues.push(Issue::new(
                format!("answers[{i}].question_code"),
                "duplicate",
                format!("question '{}' is answered twice", question.code),
            ));
        }
    }
    let missing: Vec<&str> = dimension
        .questions
        .iter()
        .map(|q| q.code.as_str())
        .filter(|code| !chosen.contains_key(code))
        .collect();
    if !missing.is_empty() && issues.is_empty() {
        issues.push(Issue::new(
            "answers",
            "missing",
            format!(
                "every question must be answered; missing: {}",
                missing.join(", ")
            ),
        ));
    }
    if !issues.is_empty() {
        return Err(issues);
    }

    let scored: Vec<ScoredAnswer> = dimension
        .questions
        .iter()
        .filter_map(|q| chosen.get(q.code.as_str()))
        .map(|(q, o)| ScoredAnswer {
            question_code: q.code.clone(),
            question_text: q.text.clone(),
            option_code: o.code.clone(),
            option_label: o.label.clone(),
            level: o.level,
        })
        .collect();
    let level_sum: i64 = scored.iter().map(|a| i64::from(a.level)).sum();
    let count = scored.len() as i64;
    // Levels are never negative, so integer division rounds down.
    let level = i32::try_from(level_sum / count).unwrap_or(0);
    let levels_de = scored
        .iter()
        .map(|a| a.level.to_string())
        .collect::<Vec<_>>()
        .join(" + ");
    let exact = level_sum % count == 0;
    let formula = format!(
        "Stufe = ⌊Σ Antwortstufen / Anzahl Fragen⌋ = ⌊({levels_de}) / {count}⌋ = \
         ⌊{level_sum} / {count}⌋ = {level}{}",
        if exact { "" } else { " (abgerundet)" }
    );
    let formula_en = format!(
        "Level = ⌊Σ answer levels / number of questions⌋ = ⌊({levels_de}) / {count}⌋ = \
         ⌊{level_sum} / {count}⌋ = {level}{}",
        if exact { "" } else { " (rounded down)" }
    );
    Ok(QuestionnaireScore {
        rule: "floor_of_mean".into(),
        answers: scored,
        level_sum,
        answer_count: u32::try_from(count).unwrap_or(0),
        level,
        formula,
        formula_en,
    })
}

// ---------------------------------------------------------------------------------------
// Values in tenths, aggregation
// ---------------------------------------------------------------------------------------

/// A maturity value in tenths of a level (27 = 2.7). Assessed levels are whole levels;
/// means (the administration derived from its departments, overall scores) have one
/// decimal. Holding tenths keeps every computation exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tenths(pub i64);

impl Tenths {
    pub fn from_level(level: i32) -> Self {
        Self(i64::from(level) * 10)
    }

    pub fn as_f64(self) -> f64 {
        // Exact for the small values used here.
        self.0 as f64 / 10.0
    }

    /// The mean of `values`, rounded to one decimal (half up); `None` for no values.
    pub fn mean(values: &[Tenths]) -> Option<Tenths> {
        if values.is_empty() {
            return None;
        }
        let sum: i64 = values.iter().map(|v| v.0).sum();
        Some(Tenths(rounded_div(sum, values.len() as i64)))
    }

    /// Displays the value with one decimal (omitted when zero) and the given separator.
    pub fn display(self, separator: char) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.abs();
        if abs % 10 == 0 {
            format!("{sign}{}", abs / 10)
        } else {
            format!("{sign}{}{separator}{}", abs / 10, abs % 10)
        }
    }
}

/// `numerator / denominator` rounded half up (both non-negative, denominator > 0).
fn rounded_div(numerator: i64, denominator: i64) -> i64 {
    (2 * numerator + denominator) / (2 * denominator)
}

/// One dimension's value as the aggregation sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AggregateInput<'a> {
    pub code: &'a str,
    pub weight: u32,
    /// `None`: the dimension has no value (not assessed) and is left out.
    pub value: Option<Tenths>,
}

/// An overall score with its rule and formula.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct OverallScore {
    /// The model's aggregation rule that produced `score`.
    pub aggregation_rule: AggregationRule,
    /// The overall level with one decimal; `None` when no dimension has a value.
    pub score: Option<f64>,
    /// The computation with the actual numbers, in German (decimal comma).
    pub formula: String,
    /// The computation with the actual numbers, in English.
    pub formula_en: String,
    /// Number of dimensions that entered the score.
    pub dimensions_included: u32,
    /// Codes of dimensions without a value, left out of the score.
    pub dimensions_missing: Vec<String>,
    /// For `minimum`: the codes of the dimension(s) at the minimum.
    pub limiting_dimensions: Vec<String>,
    /// For `weighted_mean`: true when every included weight is 0 and the plain mean was used.
    pub unweighted_fallback: bool,
    #[serde(skip)]
    pub tenths: Option<Tenths>,
}

/// Aggregates dimension values by `rule` (see the module documentation).
pub fn aggregate(rule: AggregationRule, inputs: &[AggregateInput<'_>]) -> OverallScore {
    let included: Vec<(&str, u32, Tenths)> = inputs
        .iter()
        .filter_map(|i| i.value.map(|v| (i.code, i.weight, v)))
        .collect();
    let missing: Vec<String> = inputs
        .iter()
        .filter(|i| i.value.is_none())
        .map(|i| i.code.to_owned())
        .collect();
    let mut result = OverallScore {
        aggregation_rule: rule,
        score: None,
        formula: String::new(),
        formula_en: String::new(),
        dimensions_included: u32::try_from(included.len()).unwrap_or(u32::MAX),
        dimensions_missing: missing,
        limiting_dimensions: Vec::new(),
        unweighted_fallback: false,
        tenths: None,
    };
    if included.is_empty() {
        result.formula = "Gesamtstufe: keine bewertete Dimension, kein Wert berechnet".into();
        result.formula_en = "Overall level: no assessed dimension, no value computed".into();
        return result;
    }
    let count = included.len() as i64;
    let plain_sum: i64 = included.iter().map(|(_, _, v)| v.0).sum();
    let value = match rule {
        AggregationRule::Mean => {
            let value = Tenths(rounded_div(plain_sum, count));
            result.formula = format!(
                "Gesamtstufe = Mittelwert = Σ Stufen / Anzahl = {} / {count} = {}",
                Tenths(plain_sum).display(','),
                value.display(',')
            );
            result.formula_en = format!(
                "Overall level = mean = Σ levels / count = {} / {count} = {}",
                Tenths(plain_sum).display('.'),
                value.display('.')
            );
            value
        }
        AggregationRule::WeightedMean => {
            let weight_total: i64 = included.iter().map(|(_, w, _)| i64::from(*w)).sum();
            if weight_total == 0 {
                let value = Tenths(rounded_div(plain_sum, count));
                result.unweighted_fallback = true;
                result.formula = format!(
                    "Gesamtstufe = Σ Stufen / Anzahl = {} / {count} = {} (ungewichteter \
                     Mittelwert, da alle Gewichte 0 sind)",
                    Tenths(plain_sum).display(','),
                    value.display(',')
                );
                result.formula_en = format!(
                    "Overall level = Σ levels / count = {} / {count} = {} (unweighted mean \
                     because all weights are 0)",
                    Tenths(plain_sum).display('.'),
                    value.display('.')
                );
                value
            } else {
                let weighted_sum: i64 = included.iter().map(|(_, w, v)| i64::from(*w) * v.0).sum();
                let value = Tenths(rounded_div(weighted_sum, weight_total));
                result.formula = format!(
                    "Gesamtstufe = gewichteter Mittelwert = Σ(Gewicht × Stufe) / Σ Gewicht \
                     = {} / {weight_total} = {}",
                    Tenths(weighted_sum).display(','),
                    value.display(',')
                );
                result.formula_en = format!(
                    "Overall level = weighted mean = Σ(weight × level) / Σ weight \
                     = {} / {weight_total} = {}",
                    Tenths(weighted_sum).display('.'),
                    value.display('.')
                );
                value
            }
        }
        AggregationRule::Minimum => {
            let value = included
                .iter()
                .map(|(_, _, v)| *v)
                .min()
                .unwrap_or(Tenths(0));
            result.limiting_dimensions = included
                .iter()
                .filter(|(_, _, v)| *v == value)
                .map(|(code, _, _)| (*code).to_owned())
                .collect();
            let list = |sep: char| {
                included
                    .iter()
                    .map(|(_, _, v)| v.display(sep))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let limiting = result.limiting_dimensions.join(", ");
            result.formula = format!(
                "Gesamtstufe = Minimum der Dimensionen = min({}) = {} (die niedrigste \
                 Dimension bestimmt die Stufe: {limiting})",
                list(','),
                value.display(',')
            );
            result.formula_en = format!(
                "Overall level = minimum of the dimensions = min({}) = {} (the lowest \
                 dimension sets the level: {limiting})",
                list('.'),
                value.display('.')
            );
            value
        }
    };
    match result.dimensions_missing.len() {
        0 => {}
        n => {
            let codes = result.dimensions_missing.join(", ");
            let _ = write!(
                result.formula,
                "; {n} {} ohne Wert nicht einbezogen ({codes})",
                if n == 1 { "Dimension" } else { "Dimensionen" }
            );
            let _ = write!(
                result.formula_en,
                "; {n} {} without a value left out ({codes})",
                if n == 1 { "dimension" } else { "dimensions" }
            );
        }
    }
    result.score = Some(value.as_f64());
    result.tenths = Some(value);
    result
}

// ---------------------------------------------------------------------------------------
// Gaps and the measures that address them
// ---------------------------------------------------------------------------------------

/// Whether actual and target make a gap: both known and actual below target.
pub fn is_gap(actual: Option<Tenths>, target: Option<Tenths>) -> bool {
    matches!((actual, target), (Some(a), Some(t)) if a < t)
}

/// A measure's declared maturity target: the dimension (by code) it is meant to raise,
/// optionally for one department, to an expected level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TargetClaim {
    pub measure_id: i32,
    pub dimension_code: String,
    /// `None`: every department and the administration as a whole.
    pub department_id: Option<i32>,
    pub expected_level: i32,
}

impl TargetClaim {
    /// Whether the claim addresses the (department, dimension); `department_id = None` is the
    /// administration as a whole (see the module documentation).
    pub fn addresses(&self, department_id: Option<i32>, dimension_code: &str) -> bool {
        self.dimension_code == dimension_code
            && (self.department_id.is_none() || self.department_id == department_id)
    }

    /// Whether the measure's expected level reaches `target`.
    pub fn reaches(&self, target: Tenths) -> bool {
        Tenths::from_level(self.expected_level) >= target
    }
}

// ---------------------------------------------------------------------------------------
// Round order
// ---------------------------------------------------------------------------------------

/// What ordering and comparison of rounds need to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundKey {
    pub id: i32,
    pub date: NaiveDate,
    pub state: RoundState,
}

impl RoundKey {
    fn order(&self) -> (NaiveDate, i32) {
        (self.date, self.id)
    }
}

/// The approved round that comes last before `current` (by date, then id), if any.
pub fn previous_approved(rounds: &[RoundKey], current: &RoundKey) -> Option<i32> {
    rounds
        .iter()
        .filter(|r| r.state == RoundState::Approved && r.order() < current.order())
        .max_by_key(|r| r.order())
        .map(|r| r.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dimension(code: &str, questions: Vec<Question>) -> Dimension {
        Dimension {
            code: code.into(),
            title: code.to_uppercase(),
            description: String::new(),
            weight: 1,
            descriptors: vec![],
            questions,
        }
    }

    fn question(code: &str, levels: &[i32]) -> Question {
        Question {
            code: code.into(),
            text: format!("Frage {code}?"),
            options: levels
                .iter()
                .map(|l| AnswerOption {
                    code: format!("o{l}"),
                    label: format!("Antwort {l}"),
                    level: *l,
                })
                .collect(),
        }
    }

    fn answer(q: &str, o: &str) -> Answer {
        Answer {
            question_code: q.into(),
            option_code: o.into(),
        }
    }

    fn scale(min: i32, max: i32) -> LevelScale {
        LevelScale {
            min,
            max,
            labels: (min..=max)
                .map(|l| LevelLabel {
                    level: l,
                    label: format!("Stufe {l}"),
                    description: String::new(),
                })
                .collect(),
        }
    }

    fn input(code: &str, weight: u32, level: Option<i32>) -> AggregateInput<'_> {
        AggregateInput {
            code,
            weight,
            value: level.map(Tenths::from_level),
        }
    }

    #[test]
    fn the_mean_is_the_sum_of_levels_over_their_count_rounded_half_up() {
        let result = aggregate(
            AggregationRule::Mean,
            &[
                input("a", 1, Some(2)),
                input("b", 1, Some(3)),
                input("c", 9, Some(3)),
            ],
        );
        // 8 / 3 = 2.666… → 2.7
        assert_eq!(result.score, Some(2.7));
        assert_eq!(result.aggregation_rule, AggregationRule::Mean);
        assert_eq!(
            result.formula,
            "Gesamtstufe = Mittelwert = Σ Stufen / Anzahl = 8 / 3 = 2,7"
        );
        assert_eq!(
            result.formula_en,
            "Overall level = mean = Σ levels / count = 8 / 3 = 2.7"
        );
    }

    #[test]
    fn the_mean_rounds_exact_halves_up() {
        // 2.5 and 2.4 → 4.9 / 2 = 2.45 → 2.5
        let inputs = [
            AggregateInput {
                code: "a",
                weight: 1,
                value: Some(Tenths(25)),
            },
            AggregateInput {
                code: "b",
                weight: 1,
                value: Some(Tenths(24)),
            },
        ];
        assert_eq!(aggregate(AggregationRule::Mean, &inputs).score, Some(2.5));
        assert_eq!(Tenths::mean(&[Tenths(25), Tenths(24)]), Some(Tenths(25)));
        assert_eq!(
            Tenths::mean(&[Tenths(20), Tenths(30), Tenths(30)]),
            Some(Tenths(27))
        );
    }

    #[test]
    fn the_weighted_mean_weighs_each_level_by_its_dimension_weight() {
        let result = aggregate(
            AggregationRule::WeightedMean,
            &[input("a", 2, Some(1)), input("b", 1, Some(4))],
        );
        // (2×1 + 1×4) / 3 = 2.0
        assert_eq!(result.score, Some(2.0));
        assert!(!result.unweighted_fallback);
        assert_eq!(
            result.formula,
            "Gesamtstufe = gewichteter Mittelwert = Σ(Gewicht × Stufe) / Σ Gewicht = 6 / 3 = 2"
        );
    }

    #[test]
    fn the_weighted_mean_falls_back_to_the_plain_mean_when_all_weights_are_zero() {
        let result = aggregate(
            AggregationRule::WeightedMean,
            &[input("a", 0, Some(1)), input("b", 0, Some(4))],
        );
        assert_eq!(result.score, Some(2.5));
        assert!(result.unweighted_fallback);
        assert!(result.formula.contains("da alle Gewichte 0 sind"));
    }

    #[test]
    fn a_dimension_with_weight_zero_does_not_move_the_weighted_mean() {
        let result = aggregate(
            AggregationRule::WeightedMean,
            &[input("a", 1, Some(3)), input("b", 0, Some(0))],
        );
        assert_eq!(result.score, Some(3.0));
    }

    #[test]
    fn the_minimum_rule_lets_the_lowest_dimension_set_the_level_and_names_it() {
        let result = aggregate(
            AggregationRule::Minimum,
            &[
                input("prozesse", 5, Some(3)),
                input("daten", 1, Some(1)),
                input("it", 1, Some(1)),
            ],
        );
        assert_eq!(result.score, Some(1.0));
        assert_eq!(result.limiting_dimensions, vec!["daten", "it"]);
        assert_eq!(
            result.formula,
            "Gesamtstufe = Minimum der Dimensionen = min(3; 1; 1) = 1 (die niedrigste \
             Dimension bestimmt die Stufe: daten, it)"
        );
    }

    #[test]
    fn dimensions_without_a_value_are_left_out_and_listed() {
        let result = aggregate(
            AggregationRule::Mean,
            &[input("a", 1, Some(2)), input("b", 1, None)],
        );
        assert_eq!(result.score, Some(2.0));
        assert_eq!(result.dimensions_included, 1);
        assert_eq!(result.dimensions_missing, vec!["b"]);
        assert!(
            result
                .formula
                .ends_with("; 1 Dimension ohne Wert nicht einbezogen (b)")
        );
    }

    #[test]
    fn no_assessed_dimension_gives_no_score() {
        for rule in AggregationRule::ALL {
            let result = aggregate(rule, &[input("a", 1, None)]);
            assert_eq!(result.score, None);
            assert_eq!(result.tenths, None);
        }
    }

    #[test]
    fn fractional_values_aggregate_exactly() {
        let inputs = [
            AggregateInput {
                code: "a",
                weight: 1,
                value: Some(Tenths(27)),
            },
            AggregateInput {
                code: "b",
                weight: 1,
                value: Some(Tenths(18)),
            },
        ];
        let result = aggregate(AggregationRule::Mean, &inputs);
        // 4.5 / 2 = 2.25 → 2.3 (half up)
        assert_eq!(result.score, Some(2.3));
        assert_eq!(
            result.formula,
            "Gesamtstufe = Mittelwert = Σ Stufen / Anzahl = 4,5 / 2 = 2,3"
        );
    }

    #[test]
    fn a_questionnaire_scores_the_mean_of_its_answers_rounded_down() {
        let d = dimension(
            "prozesse",
            vec![
                question("q1", &[0, 1, 2, 3, 4]),
                question("q2", &[0, 1, 2, 3, 4]),
                question("q3", &[0, 1, 2, 3, 4]),
            ],
        );
        let score = score_questionnaire(
            &d,
            &[answer("q1", "o3"), answer("q2", "o3"), answer("q3", "o1")],
        )
        .expect("valid answers");
        // (3 + 3 + 1) / 3 = 2.33 → 2
        assert_eq!(score.level, 2);
        assert_eq!(score.level_sum, 7);
        assert_eq!(score.answer_count, 3);
        assert_eq!(score.rule, "floor_of_mean");
        assert_eq!(
            score.formula,
            "Stufe = ⌊Σ Antwortstufen / Anzahl Fragen⌋ = ⌊(3 + 3 + 1) / 3⌋ = ⌊7 / 3⌋ = 2 \
             (abgerundet)"
        );
    }

    #[test]
    fn a_questionnaire_with_even_answers_needs_no_rounding() {
        let d = dimension(
            "x",
            vec![question("q1", &[1, 2, 3]), question("q2", &[1, 2, 3])],
        );
        let score = score_questionnaire(&d, &[answer("q2", "o3"), answer("q1", "o3")])
            .expect("valid answers");
        assert_eq!(score.level, 3);
        assert!(!score.formula.contains("abgerundet"));
        // Answers are reported in the model's question order.
        assert_eq!(score.answers[0].question_code, "q1");
    }

    #[test]
    fn a_questionnaire_must_be_answered_completely_with_known_options() {
        let d = dimension("x", vec![question("q1", &[0, 1]), question("q2", &[0, 1])]);
        let missing = score_questionnaire(&d, &[answer("q1", "o1")]).expect_err("incomplete");
        assert_eq!(missing[0].field, "answers");
        assert_eq!(missing[0].code, "missing");
        let unknown = score_questionnaire(&d, &[answer("q1", "o7"), answer("q9", "o1")])
            .expect_err("unknown");
        assert_eq!(unknown[0].field, "answers[0].option_code");
        assert_eq!(unknown[1].field, "answers[1].question_code");
        let twice = score_questionnaire(
            &d,
            &[answer("q1", "o1"), answer("q1", "o0"), answer("q2", "o0")],
        )
        .expect_err("duplicate");
        assert_eq!(twice[0].code, "duplicate");
    }

    #[test]
    fn a_dimension_without_questions_cannot_be_scored_from_answers() {
        let d = dimension("x", vec![]);
        let issues = score_questionnaire(&d, &[]).expect_err("no questionnaire");
        assert_eq!(issues[0].code, "not_applicable");
    }

    #[test]
    fn a_round_goes_from_open_to_submitted_to_approved() {
        let submitted = RoundState::Open
            .apply(RoundAction::Submit)
            .expect("open → submitted");
        assert_eq!(submitted, RoundState::Submitted);
        let approved = submitted
            .apply(RoundAction::Approve)
            .expect("submitted → approved");
        assert_eq!(approved, RoundState::Approved);
    }

    #[test]
    fn an_open_round_cannot_be_approved_without_being_submitted() {
        let err = RoundState::Open
            .apply(RoundAction::Approve)
            .expect_err("not allowed");
        assert_eq!(err.to_string(), "a round that is open cannot approve");
    }

    #[test]
    fn submitted_and_approved_rounds_can_be_reopened_but_open_ones_not() {
        assert_eq!(
            RoundState::Submitted.apply(RoundAction::Reopen),
            Ok(RoundState::Open)
        );
        assert_eq!(
            RoundState::Approved.apply(RoundAction::Reopen),
            Ok(RoundState::Open)
        );
        assert!(RoundState::Open.apply(RoundAction::Reopen).is_err());
        assert!(RoundState::Approved.apply(RoundAction::Submit).is_err());
        assert!(RoundState::Approved.apply(RoundAction::Approve).is_err());
    }

    #[test]
    fn only_open_rounds_accept_assessments() {
        assert!(RoundState::Open.accepts_assessments());
        assert!(!RoundState::Submitted.accepts_assessments());
        assert!(!RoundState::Approved.accepts_assessments());
    }

    #[test]
    fn a_gap_needs_both_values_and_an_actual_below_the_target() {
        let l = |v| Some(Tenths::from_level(v));
        assert!(is_gap(l(1), l(3)));
        assert!(!is_gap(l(3), l(3)));
        assert!(!is_gap(l(4), l(3)));
        assert!(!is_gap(None, l(3)));
        assert!(!is_gap(l(1), None));
        assert!(is_gap(Some(Tenths(27)), l(3)));
    }

    #[test]
    fn a_target_without_department_covers_every_department_and_the_administration() {
        let claim = TargetClaim {
            measure_id: 1,
            dimension_code: "prozesse".into(),
            department_id: None,
            expected_level: 3,
        };
        assert!(claim.addresses(Some(4), "prozesse"));
        assert!(claim.addresses(None, "prozesse"));
        assert!(!claim.addresses(Some(4), "daten"));
    }

    #[test]
    fn a_department_target_covers_only_that_department() {
        let claim = TargetClaim {
            measure_id: 1,
            dimension_code: "prozesse".into(),
            department_id: Some(4),
            expected_level: 3,
        };
        assert!(claim.addresses(Some(4), "prozesse"));
        assert!(!claim.addresses(Some(5), "prozesse"));
        assert!(!claim.addresses(None, "prozesse"));
        assert!(claim.reaches(Tenths::from_level(3)));
        assert!(!claim.reaches(Tenths::from_level(4)));
    }

    #[test]
    fn the_previous_approved_round_is_the_latest_approved_one_before_the_current() {
        let d = |y| NaiveDate::from_ymd_opt(y, 6, 1).expect("date");
        let rounds = [
            RoundKey {
                id: 1,
                date: d(2022),
                state: RoundState::Approved,
            },
            RoundKey {
                id: 2,
                date: d(2024),
                state: RoundState::Approved,
            },
            RoundKey {
                id: 3,
                date: d(2025),
                state: RoundState::Submitted,
            },
            RoundKey {
                id: 4,
                date: d(2026),
                state: RoundState::Open,
            },
        ];
        assert_eq!(previous_approved(&rounds, &rounds[3]), Some(2));
        assert_eq!(previous_approved(&rounds, &rounds[1]), Some(1));
        assert_eq!(previous_approved(&rounds, &rounds[0]), None);
    }

    #[test]
    fn a_valid_definition_has_no_issues() {
        let def = ModelDefinition {
            levels: scale(0, 4),
            dimensions: vec![dimension("a", vec![question("q1", &[0, 4])])],
        };
        assert_eq!(def.validate(), vec![]);
    }

    #[test]
    fn validation_names_every_invalid_field_by_its_path() {
        let mut levels = scale(0, 4);
        levels.labels.pop();
        let def = ModelDefinition {
            levels,
            dimensions: vec![
                dimension("Prozesse", vec![question("q1", &[0, 9])]),
                dimension("b", vec![]),
                dimension("b", vec![]),
            ],
        };
        let fields: Vec<(String, &str)> = def
            .validate()
            .into_iter()
            .map(|i| (i.field, i.code))
            .collect();
        assert!(fields.contains(&("levels.labels".into(), "missing")));
        assert!(fields.contains(&("dimensions[0].code".into(), "invalid")));
        assert!(fields.contains(&(
            "dimensions[0].questions[0].options[1].level".into(),
            "out_of_range"
        )));
        assert!(fields.contains(&("dimensions[2].code".into(), "duplicate")));
    }

    #[test]
    fn a_scale_must_run_upwards_within_zero_to_ten() {
        let def = ModelDefinition {
            levels: LevelScale {
                min: 3,
                max: 2,
                labels: vec![],
            },
            dimensions: vec![dimension("a", vec![])],
        };
        assert!(def.validate().iter().any(|i| i.field == "levels.max"));
        let def = ModelDefinition {
            levels: LevelScale {
                min: 0,
                max: 11,
                labels: vec![],
            },
            dimensions: vec![dimension("a", vec![])],
        };
        assert!(def.validate().iter().any(|i| i.field == "levels.max"));
    }

    #[test]
    fn codes_are_lowercase_words_starting_with_a_letter() {
        assert!(is_valid_code("buergerservice"));
        assert!(is_valid_code("e-akte_2"));
        assert!(!is_valid_code("2fa"));
        assert!(!is_valid_code("Prozesse"));
        assert!(!is_valid_code("a b"));
        assert!(!is_valid_code(""));
    }

    #[test]
    fn slugs_transliterate_umlauts_and_collapse_separators() {
        assert_eq!(
            slug("Kommunaler Reifegrad (Lauf) für Ämter"),
            "kommunaler-reifegrad-lauf-fuer-aemter"
        );
        assert_eq!(slug("  2026 Modell  "), "modell");
        assert_eq!(slug("!!!"), "modell");
    }

    #[test]
    fn tenths_display_with_the_given_separator() {
        assert_eq!(Tenths(27).display(','), "2,7");
        assert_eq!(Tenths(30).display('.'), "3");
        assert_eq!(Tenths(-5).display(','), "-0,5");
    }

    #[test]
    fn documents_must_name_the_kurs_format() {
        let doc = ModelDocument {
            format: "other".into(),
            format_version: 2,
            key: "x".into(),
            name: "X".into(),
            description: String::new(),
            model_version: None,
            aggregation_rule: AggregationRule::Mean,
            levels: scale(1, 5),
            dimensions: vec![dimension("a", vec![])],
        };
        let fields: Vec<String> = doc.validate().into_iter().map(|i| i.field).collect();
        assert_eq!(fields, vec!["format", "format_version"]);
    }
}
