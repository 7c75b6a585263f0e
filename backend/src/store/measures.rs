//! Measures (Maßnahmen): master data, links (goals, participating departments,
//! dependencies), milestones, the append-only status updates (Sachstandsmeldungen) and the
//! traffic-light override.
//!
//! Rules kept here:
//! - Every write is one transaction together with its audit entries (`measure`, and
//!   `status_update` when one is appended). Status updates are only ever inserted.
//! - Every light shown is evaluated through [`measure_facts`]; nothing here computes one.
//! - Lists cost a fixed number of queries however many measures there are: candidates are
//!   loaded once, filtered, sorted and paged in memory.
//! - Checks that need the database (do goals, departments, statuses, dependencies and
//!   milestone ids exist; would a dependency close a cycle; are dates still in order after a
//!   partial change) run inside the write's transaction and come back as
//!   [`MeasureError::Invalid`], naming each field.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::audit::{self, Action};
use super::entities::{
    department, goal, measure, measure_department, measure_dependency, measure_goal, milestone,
    status, status_update,
};
use super::measure_facts::{self, MeasureFacts, MeasureLight, Selection};
use super::{Actor, Db, Page, PageRequest, StoreError, StoreResult};
use crate::domain::access::MeasureScope;
use crate::domain::measure::{Priority, Visibility, find_dependency_cycle};
use crate::domain::traffic_light::{LightRules, TrafficLight};
use crate::store::update_if_version;

/// Above this many candidates a list loads the facts of all active measures instead of
/// naming every id in an `IN` list.
const LARGE_SELECTION: usize = 500;

// ---------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------

/// A measure in lists: what is needed to show, filter and sort it, with its traffic light.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct MeasureSummary {
    pub id: i32,
    /// Unique short code such as "M 1.2".
    pub code: String,
    pub title: String,
    pub lead_department_id: i32,
    /// Departments taking part besides the lead, ascending.
    pub participating_department_ids: Vec<i32>,
    /// Goals the measure serves (at least one), ascending.
    pub goal_ids: Vec<i32>,
    pub status_id: i32,
    /// Reported progress in percent, 0–100.
    pub progress: i32,
    /// Weight in the roll-up of its goals, 0–1000.
    pub weight: i32,
    pub visibility: Visibility,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub priority: Priority,
    pub archived: bool,
    /// Reporting date of the latest status update; `null` if there never was one.
    pub last_update_date: Option<NaiveDate>,
    /// The traffic light (computed by the documented rule, or the officer's override).
    pub light: MeasureLight,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// A milestone of a measure.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct MilestoneView {
    pub id: i32,
    pub title: String,
    /// Due date.
    pub due: NaiveDate,
    /// Date the milestone was reached; `null` while open.
    pub done: Option<NaiveDate>,
}

/// Another measure, by id, code and title.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct DependencyRef {
    pub id: i32,
    pub code: String,
    pub title: String,
}

/// A measure with all its data.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct MeasureDetail {
    pub id: i32,
    /// Unique short code such as "M 1.2".
    pub code: String,
    pub title: String,
    pub description: String,
    /// Goals the measure serves (at least one), ascending.
    pub goal_ids: Vec<i32>,
    pub lead_department_id: i32,
    /// Departments taking part besides the lead, ascending.
    pub participating_department_ids: Vec<i32>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub status_id: i32,
    /// Reported progress in percent, 0–100.
    pub progress: i32,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub priority: Priority,
    /// Weight in the roll-up of its goals, 0–1000.
    pub weight: i32,
    /// Planned budget in euro cents.
    pub budget_planned_cents: Option<i64>,
    /// Budget spent so far in euro cents.
    pub budget_spent_cents: Option<i64>,
    pub visibility: Visibility,
    pub archived: bool,
    /// Milestones in their order.
    pub milestones: Vec<MilestoneView>,
    /// Measures this one depends on, by code.
    pub dependencies: Vec<DependencyRef>,
    /// Reporting date of the latest status update; `null` if there never was one.
    pub last_update_date: Option<NaiveDate>,
    /// The traffic light with its reasons; `light.override` is the officer's override.
    pub light: MeasureLight,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl MeasureDetail {
    /// What the access policy needs to know about this measure.
    pub fn scope(&self) -> MeasureScope<'_> {
        MeasureScope {
            visibility: self.visibility,
            lead_department_id: self.lead_department_id,
            participating_department_ids: &self.participating_department_ids,
        }
    }
}

/// One status update (Sachstandsmeldung).
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct StatusUpdateView {
    pub id: i32,
    /// The day the update reports on.
    pub reporting_date: NaiveDate,
    pub narrative: String,
    /// Progress reported with the update, 0–100.
    pub progress: i32,
    pub status_id: i32,
    /// The status's label at the time of reading.
    pub status_label: String,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
}

/// A status update just recorded, and the measure's new version (for its ETag).
#[derive(Debug, Clone)]
pub struct RecordedUpdate {
    pub update: StatusUpdateView,
    pub measure_version: i32,
}

/// The departments and visibility of a measure (for the access policy) and its version.
#[derive(Debug, Clone)]
pub struct MeasureAccess {
    pub visibility: Visibility,
    pub lead_department_id: i32,
    pub participating_department_ids: Vec<i32>,
    pub version: i32,
}

impl MeasureAccess {
    pub fn scope(&self) -> MeasureScope<'_> {
        MeasureScope {
            visibility: self.visibility,
            lead_department_id: self.lead_department_id,
            participating_department_ids: &self.participating_department_ids,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Inputs and errors
// ---------------------------------------------------------------------------------------

/// A milestone as sent by a client. With `id` it keeps the identity of an existing
/// milestone of the same measure; without, it is new.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneInput {
    pub id: Option<i32>,
    pub title: String,
    pub due: NaiveDate,
    pub done: Option<NaiveDate>,
}

/// A new measure whose values are valid on their own; references are checked on insert.
#[derive(Debug, Clone)]
pub struct NewMeasure {
    pub code: String,
    pub title: String,
    pub description: String,
    pub goal_ids: Vec<i32>,
    pub lead_department_id: i32,
    pub participating_department_ids: Vec<i32>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub status_id: i32,
    /// `None`: the status's default progress, or 0.
    pub progress: Option<i32>,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub priority: Priority,
    pub weight: i32,
    pub budget_planned_cents: Option<i64>,
    pub budget_spent_cents: Option<i64>,
    pub visibility: Visibility,
    pub milestones: Vec<MilestoneInput>,
    pub dependency_ids: Vec<i32>,
}

/// Changes to a measure; `None` leaves a field as it is. The first group is structure
/// (officer, admin); the second is execution (also editors of the measure's departments).
#[derive(Debug, Clone, Default)]
pub struct MeasureChanges {
    pub code: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub goal_ids: Option<Vec<i32>>,
    pub lead_department_id: Option<i32>,
    pub participating_department_ids: Option<Vec<i32>>,
    pub contact_name: Option<Option<String>>,
    pub contact_email: Option<Option<String>>,
    pub planned_start: Option<Option<NaiveDate>>,
    pub planned_end: Option<Option<NaiveDate>>,
    pub priority: Option<Priority>,
    pub weight: Option<i32>,
    pub budget_planned_cents: Option<Option<i64>>,
    pub budget_spent_cents: Option<Option<i64>>,
    pub visibility: Option<Visibility>,
    pub dependency_ids: Option<Vec<i32>>,
    pub archived: Option<bool>,

    pub progress: Option<i32>,
    pub status_id: Option<i32>,
    /// The complete new list of milestones.
    pub milestones: Option<Vec<MilestoneInput>>,
    pub actual_start: Option<Option<NaiveDate>>,
    pub actual_end: Option<Option<NaiveDate>>,
    /// Narrative of the status update written when progress or status change.
    pub narrative: Option<String>,
}

impl MeasureChanges {
    /// Whether any structure field is set (anything but progress, status, milestones,
    /// actual dates and narrative).
    pub fn touches_structure(&self) -> bool {
        self.code.is_some()
            || self.title.is_some()
            || self.description.is_some()
            || self.goal_ids.is_some()
            || self.lead_department_id.is_some()
            || self.participating_department_ids.is_some()
            || self.contact_name.is_some()
            || self.contact_email.is_some()
            || self.planned_start.is_some()
            || self.planned_end.is_some()
            || self.priority.is_some()
            || self.weight.is_some()
            || self.budget_planned_cents.is_some()
            || self.budget_spent_cents.is_some()
            || self.visibility.is_some()
            || self.dependency_ids.is_some()
            || self.archived.is_some()
    }

    /// The references these changes make, for [`reference_problems`].
    pub fn references(&self) -> References<'_> {
        References {
            goal_ids: self.goal_ids.as_deref(),
            lead_department_id: self.lead_department_id,
            participating_department_ids: self.participating_department_ids.as_deref(),
            status_id: self.status_id,
            dependency_ids: self.dependency_ids.as_deref(),
        }
    }
}

impl NewMeasure {
    /// The references of the new measure, for [`reference_problems`]. An id of 0 stands
    /// for "not given" (already reported as required) and is not looked up again.
    pub fn references(&self) -> References<'_> {
        let given = |id: i32| (id != 0).then_some(id);
        References {
            goal_ids: Some(&self.goal_ids),
            lead_department_id: given(self.lead_department_id),
            participating_department_ids: Some(&self.participating_department_ids),
            status_id: given(self.status_id),
            dependency_ids: Some(&self.dependency_ids),
        }
    }
}

/// A new status update; `reporting_date` is not in the future.
#[derive(Debug, Clone)]
pub struct NewStatusUpdate {
    pub reporting_date: NaiveDate,
    pub narrative: String,
    pub progress: i32,
    pub status_id: i32,
}

/// Ids a request refers to; `None` = not part of the request.
#[derive(Debug, Clone, Copy, Default)]
pub struct References<'a> {
    pub goal_ids: Option<&'a [i32]>,
    pub lead_department_id: Option<i32>,
    pub participating_department_ids: Option<&'a [i32]>,
    pub status_id: Option<i32>,
    pub dependency_ids: Option<&'a [i32]>,
}

/// A request value that the stored data contradicts, named by its JSON field.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub field: String,
    /// Stable code: `unknown`, `inactive`, `cycle`, `before_start`.
    pub code: &'static str,
    pub message: String,
}

impl Invalid {
    fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

/// Why a write of a measure failed.
#[derive(Debug, thiserror::Error)]
pub enum MeasureError {
    /// The request refers to things that do not exist or contradicts stored data.
    #[error("invalid fields")]
    Invalid(Vec<Invalid>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<DbErr> for MeasureError {
    fn from(err: DbErr) -> Self {
        Self::Store(err.into())
    }
}

type WriteResult<T> = Result<T, MeasureError>;

// ---------------------------------------------------------------------------------------
// Listing: filters, sorting
// ---------------------------------------------------------------------------------------

/// Filters of [`list`]. All given filters must match.
#[derive(Debug, Clone, Default)]
pub struct MeasureFilter {
    /// Lead or participating department, or any department below it.
    pub department_id: Option<i32>,
    /// The goal or any goal below it.
    pub goal_id: Option<i32>,
    pub status_id: Option<i32>,
    /// The light in effect (override or computed).
    pub light: Option<TrafficLight>,
    pub visibility: Option<Visibility>,
    /// Case-insensitive text in code, title or description.
    pub q: Option<String>,
    pub include_archived: bool,
}

/// What a list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Code,
    Title,
    Progress,
    PlannedEnd,
    Light,
    UpdatedAt,
}

/// Sort order of [`list`]; ties are broken by code, then id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeasureSort {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for MeasureSort {
    fn default() -> Self {
        Self {
            key: SortKey::Code,
            descending: false,
        }
    }
}

impl MeasureSort {
    /// The accepted values, for error messages and documentation.
    pub const KEYS: [&'static str; 6] = [
        "code",
        "title",
        "progress",
        "planned_end",
        "light",
        "updated_at",
    ];

    /// Parses `code`, `-code`, `title`, … (`-` = descending).
    pub fn parse(value: &str) -> Option<Self> {
        let (descending, name) = match value.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, value),
        };
        let key = match name {
            "code" => SortKey::Code,
            "title" => SortKey::Title,
            "progress" => SortKey::Progress,
            "planned_end" => SortKey::PlannedEnd,
            "light" => SortKey::Light,
            "updated_at" => SortKey::UpdatedAt,
            _ => return None,
        };
        Some(Self { key, descending })
    }
}

/// Compares texts the way people read codes: case-insensitively, with runs of digits
/// compared as numbers ("M 2" before "M 10").
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let mut x = a.chars().peekable();
    let mut y = b.chars().peekable();
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let mut n = String::new();
                while let Some(c) = x.next_if(char::is_ascii_digit) {
                    n.push(c);
                }
                let mut m = String::new();
                while let Some(d) = y.next_if(char::is_ascii_digit) {
                    m.push(d);
                }
                let n = n.trim_start_matches('0');
                let m = m.trim_start_matches('0');
                let order = n.len().cmp(&m.len()).then_with(|| n.cmp(m));
                if order != Ordering::Equal {
                    return order;
                }
            }
            (Some(c), Some(d)) => {
                let order = c.to_lowercase().cmp(d.to_lowercase());
                if order != Ordering::Equal {
                    return order;
                }
                x.next();
                y.next();
            }
        }
    }
}

/// Orders optional keys with the missing ones last in either direction.
fn directed<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) if descending => b.cmp(&a),
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Severity of the light in effect for sorting: green < yellow < red; pending and
/// cancelled (no light) have no severity and sort last.
fn light_rank(light: &MeasureLight) -> Option<u8> {
    match light.light? {
        TrafficLight::Green => Some(0),
        TrafficLight::Yellow => Some(1),
        TrafficLight::Red => Some(2),
        TrafficLight::Pending => None,
    }
}

fn compare(a: &MeasureSummary, b: &MeasureSummary, sort: MeasureSort) -> Ordering {
    let desc = sort.descending;
    let flip = |o: Ordering| if desc { o.reverse() } else { o };
    let primary = match sort.key {
        SortKey::Code => flip(natural_cmp(&a.code, &b.code)),
        SortKey::Title => flip(natural_cmp(&a.title, &b.title)),
        SortKey::Progress => flip(a.progress.cmp(&b.progress)),
        SortKey::PlannedEnd => directed(a.planned_end, b.planned_end, desc),
        SortKey::Light => directed(light_rank(&a.light), light_rank(&b.light), desc),
        SortKey::UpdatedAt => flip(a.updated_at.cmp(&b.updated_at)),
    };
    primary
        .then_with(|| natural_cmp(&a.code, &b.code))
        .then_with(|| a.id.cmp(&b.id))
}

/// `root` and every node below it in a tree given as `(id, parent_id)` pairs.
pub fn subtree(root: i32, nodes: &[(i32, Option<i32>)]) -> HashSet<i32> {
    let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
    for &(id, parent) in nodes {
        if let Some(parent) = parent {
            children.entry(parent).or_default().push(id);
        }
    }
    let mut found = HashSet::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if found.insert(node)
            && let Some(below) = children.get(&node)
        {
            stack.extend(below.iter().copied());
        }
    }
    found
}

fn matches_text(m: &measure::Model, needle: &str) -> bool {
    [&m.code, &m.title, &m.description]
        .iter()
        .any(|field| field.to_lowercase().contains(needle))
}

fn summary(m: measure::Model, facts: &MeasureFacts, light: MeasureLight) -> MeasureSummary {
    MeasureSummary {
        id: m.id,
        code: m.code,
        title: m.title,
        lead_department_id: m.lead_department_id,
        participating_department_ids: facts.participating_department_ids.clone(),
        goal_ids: facts.goal_ids.clone(),
        status_id: m.status_id,
        progress: m.progress,
        weight: m.weight,
        visibility: facts.visibility,
        planned_start: m.planned_start,
        planned_end: m.planned_end,
        priority: Priority::parse(&m.priority).unwrap_or(Priority::Medium),
        archived: m.archived,
        last_update_date: m.last_update_date,
        light,
        updated_at: m.updated_at,
        version: m.version,
    }
}

/// One page of the measures that match `filter` and that `visible` admits, sorted.
/// Runs at most eight queries, however many measures there are.
pub async fn list(
    db: &Db,
    filter: &MeasureFilter,
    sort: MeasureSort,
    page: PageRequest,
    rules: &LightRules,
    visible: impl Fn(&MeasureScope<'_>) -> bool,
) -> StoreResult<Page<MeasureSummary>> {
    // The department and goal filters cover their subtrees; they are applied in SQL, so
    // only the matching measures are loaded and evaluated (a department's list is the
    // screen editors use most; evaluating the whole plan for it cost 160 ms at 5,000
    // measures).
    let departments = match filter.department_id {
        Some(root) => {
            let nodes: Vec<(i32, Option<i32>)> = department::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|d| (d.id, d.parent_id))
                .collect();
            Some(subtree(root, &nodes))
        }
        None => None,
    };
    let goals = match filter.goal_id {
        Some(root) => {
            let nodes: Vec<(i32, Option<i32>)> = goal::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|g| (g.id, g.parent_id))
                .collect();
            Some(subtree(root, &nodes))
        }
        None => None,
    };

    let mut query = measure::Entity::find();
    if !filter.include_archived {
        query = query.filter(measure::Column::Archived.eq(false));
    }
    if let Some(status_id) = filter.status_id {
        query = query.filter(measure::Column::StatusId.eq(status_id));
    }
    if let Some(visibility) = filter.visibility {
        query = query.filter(measure::Column::Visibility.eq(visibility.as_str()));
    }
    if let Some(set) = &departments {
        let participating = Query::select()
            .column(measure_department::Column::MeasureId)
            .from(measure_department::Entity)
            .and_where(measure_department::Column::DepartmentId.is_in(set.iter().copied()))
            .to_owned();
        query = query.filter(
            Condition::any()
                .add(measure::Column::LeadDepartmentId.is_in(set.iter().copied()))
                .add(measure::Column::Id.in_subquery(participating)),
        );
    }
    if let Some(set) = &goals {
        let linked = Query::select()
            .column(measure_goal::Column::MeasureId)
            .from(measure_goal::Entity)
            .and_where(measure_goal::Column::GoalId.is_in(set.iter().copied()))
            .to_owned();
        query = query.filter(measure::Column::Id.in_subquery(linked));
    }
    let mut rows = query.all(db).await?;

    // Text search in memory: Unicode-aware lower-casing, the same on SQLite and PostgreSQL.
    if let Some(needle) = filter
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(str::to_lowercase)
    {
        rows.retain(|m| matches_text(m, &needle));
    }

    let ids: Vec<i32> = rows.iter().map(|m| m.id).collect();
    let selection = if ids.len() > LARGE_SELECTION && !filter.include_archived {
        Selection::AllActive
    } else {
        Selection::Ids(&ids)
    };
    let facts: HashMap<i32, MeasureFacts> = measure_facts::load(db, selection)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();

    let today = super::today();
    let mut items = Vec::new();
    for m in rows {
        // A measure without facts was written between the two reads; it shows next time.
        let Some(f) = facts.get(&m.id) else {
            continue;
        };
        let scope = MeasureScope {
            visibility: f.visibility,
            lead_department_id: f.lead_department_id,
            participating_department_ids: &f.participating_department_ids,
        };
        if !visible(&scope) {
            continue;
        }
        if let Some(set) = &departments
            && !set.contains(&f.lead_department_id)
            && !f
                .participating_department_ids
                .iter()
                .any(|d| set.contains(d))
        {
            continue;
        }
        if let Some(set) = &goals
            && !f.goal_ids.iter().any(|g| set.contains(g))
        {
            continue;
        }
        let light = f.evaluate(rules, today);
        if filter.light.is_some() && light.light != filter.light {
            continue;
        }
        items.push(summary(m, f, light));
    }
    items.sort_by(|a, b| compare(a, b, sort));
    let total = items.len() as u64;
    let items = items
        .into_iter()
        .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(page.per_page).unwrap_or(usize::MAX))
        .collect();
    Ok(Page::new(items, total, page))
}

// ---------------------------------------------------------------------------------------
// Reading one measure
// ---------------------------------------------------------------------------------------

async fn load_detail<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    rules: &LightRules,
) -> StoreResult<MeasureDetail> {
    let m = measure::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let facts = measure_facts::load(conn, Selection::Ids(&[id]))
        .await?
        .into_iter()
        .next()
        .ok_or(StoreError::NotFound)?;
    let light = facts.evaluate(rules, super::today());
    let milestones = milestone::Entity::find()
        .filter(milestone::Column::MeasureId.eq(id))
        .order_by_asc(milestone::Column::Position)
        .order_by_asc(milestone::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|ms| MilestoneView {
            id: ms.id,
            title: ms.title,
            due: ms.due_date,
            done: ms.done_date,
        })
        .collect();
    let dependency_ids: Vec<i32> = measure_dependency::Entity::find()
        .filter(measure_dependency::Column::MeasureId.eq(id))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| d.depends_on_id)
        .collect();
    let mut dependencies: Vec<DependencyRef> = if dependency_ids.is_empty() {
        Vec::new()
    } else {
        measure::Entity::find()
            .filter(measure::Column::Id.is_in(dependency_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|d| DependencyRef {
                id: d.id,
                code: d.code,
                title: d.title,
            })
            .collect()
    };
    dependencies.sort_by(|a, b| natural_cmp(&a.code, &b.code));
    Ok(MeasureDetail {
        id: m.id,
        code: m.code,
        title: m.title,
        description: m.description,
        goal_ids: facts.goal_ids,
        lead_department_id: m.lead_department_id,
        participating_department_ids: facts.participating_department_ids,
        contact_name: m.contact_name,
        contact_email: m.contact_email,
        status_id: m.status_id,
        progress: m.progress,
        planned_start: m.planned_start,
        planned_end: m.planned_end,
        actual_start: m.actual_start,
        actual_end: m.actual_end,
        priority: Priority::parse(&m.priority).unwrap_or(Priority::Medium),
        weight: m.weight,
        budget_planned_cents: m.budget_planned_cents,
        budget_spent_cents: m.budget_spent_cents,
        visibility: facts.visibility,
        archived: m.archived,
        milestones,
        dependencies,
        last_update_date: m.last_update_date,
        light,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// One measure with everything about it. Visibility is the caller's decision.
pub async fn get(db: &Db, id: i32, rules: &LightRules) -> StoreResult<MeasureDetail> {
    load_detail(db, id, rules).await
}

/// The departments, visibility and version of a measure, for the access policy.
pub async fn access(db: &Db, id: i32) -> StoreResult<MeasureAccess> {
    let m = measure::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut participating: Vec<i32> = measure_department::Entity::find()
        .filter(measure_department::Column::MeasureId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.department_id)
        .collect();
    participating.sort_unstable();
    Ok(MeasureAccess {
        visibility: Visibility::parse(&m.visibility).unwrap_or(Visibility::Draft),
        lead_department_id: m.lead_department_id,
        participating_department_ids: participating,
        version: m.version,
    })
}

/// The status updates of a measure, newest reporting date first.
pub async fn list_updates(db: &Db, measure_id: i32) -> StoreResult<Vec<StatusUpdateView>> {
    let labels = status_labels(db).await?;
    Ok(status_update::Entity::find()
        .filter(status_update::Column::MeasureId.eq(measure_id))
        .order_by_desc(status_update::Column::ReportingDate)
        .order_by_desc(status_update::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| update_view(u, &labels))
        .collect())
}

async fn status_labels<C: ConnectionTrait>(conn: &C) -> StoreResult<HashMap<i32, String>> {
    Ok(status::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.label))
        .collect())
}

fn update_view(u: status_update::Model, labels: &HashMap<i32, String>) -> StatusUpdateView {
    StatusUpdateView {
        id: u.id,
        reporting_date: u.reporting_date,
        narrative: u.narrative,
        progress: u.progress,
        status_id: u.status_id,
        status_label: labels.get(&u.status_id).cloned().unwrap_or_default(),
        author_name: u.author_name,
        created_at: u.created_at,
    }
}

// ---------------------------------------------------------------------------------------
// Validation against stored data
// ---------------------------------------------------------------------------------------

/// Date pairs out of order: an end before its start.
pub fn schedule_problems(
    planned_start: Option<NaiveDate>,
    planned_end: Option<NaiveDate>,
    actual_start: Option<NaiveDate>,
    actual_end: Option<NaiveDate>,
) -> Vec<Invalid> {
    let mut problems = Vec::new();
    if let (Some(start), Some(end)) = (planned_start, planned_end)
        && end < start
    {
        problems.push(Invalid::new(
            "planned_end",
            "before_start",
            "must not be before planned_start",
        ));
    }
    if let (Some(start), Some(end)) = (actual_start, actual_end)
        && end < start
    {
        problems.push(Invalid::new(
            "actual_end",
            "before_start",
            "must not be before actual_start",
        ));
    }
    problems
}

fn join_ids(ids: &[i32]) -> String {
    ids.iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn missing(wanted: &[i32], existing: &HashSet<i32>) -> Vec<i32> {
    let mut absent: Vec<i32> = wanted
        .iter()
        .copied()
        .filter(|id| !existing.contains(id))
        .collect();
    absent.sort_unstable();
    absent.dedup();
    absent
}

/// Checks the references of a request against the stored data, on `conn`.
/// `measure_id` is the measure being changed (`None` when creating one).
async fn check_references<C: ConnectionTrait>(
    conn: &C,
    measure_id: Option<i32>,
    refs: References<'_>,
) -> StoreResult<Vec<Invalid>> {
    let mut problems = Vec::new();

    if let Some(goal_ids) = refs.goal_ids.filter(|ids| !ids.is_empty()) {
        let existing: HashSet<i32> = goal::Entity::find()
            .filter(goal::Column::Id.is_in(goal_ids.iter().copied()))
            .all(conn)
            .await?
            .into_iter()
            .map(|g| g.id)
            .collect();
        let absent = missing(goal_ids, &existing);
        if !absent.is_empty() {
            problems.push(Invalid::new(
                "goal_ids",
                "unknown",
                format!("no goal with id {}", join_ids(&absent)),
            ));
        }
    }

    let mut department_ids: Vec<i32> = refs.lead_department_id.into_iter().collect();
    department_ids.extend(refs.participating_department_ids.unwrap_or_default());
    if !department_ids.is_empty() {
        let existing: HashSet<i32> = department::Entity::find()
            .filter(department::Column::Id.is_in(department_ids.iter().copied()))
            .all(conn)
            .await?
            .into_iter()
            .map(|d| d.id)
            .collect();
        if let Some(lead) = refs.lead_department_id
            && !existing.contains(&lead)
        {
            problems.push(Invalid::new(
                "lead_department_id",
                "unknown",
                format!("no department with id {lead}"),
            ));
        }
        let absent = missing(
            refs.participating_department_ids.unwrap_or_default(),
            &existing,
        );
        if !absent.is_empty() {
            problems.push(Invalid::new(
                "participating_department_ids",
                "unknown",
                format!("no department with id {}", join_ids(&absent)),
            ));
        }
    }

    if let Some(status_id) = refs.status_id {
        let current_status = match measure_id {
            Some(id) => measure::Entity::find_by_id(id)
                .one(conn)
                .await?
                .map(|m| m.status_id),
            None => None,
        };
        match status::Entity::find_by_id(status_id).one(conn).await? {
            None => problems.push(Invalid::new(
                "status_id",
                "unknown",
                format!("no status with id {status_id}"),
            )),
            // An inactive status may be kept, but not newly chosen.
            Some(s) if !s.active && current_status != Some(status_id) => {
                problems.push(Invalid::new(
                    "status_id",
                    "inactive",
                    format!("status {status_id} is no longer in use"),
                ));
            }
            Some(_) => {}
        }
    }

    if let Some(dependency_ids) = refs.dependency_ids.filter(|ids| !ids.is_empty()) {
        let existing: HashSet<i32> = measure::Entity::find()
            .filter(measure::Column::Id.is_in(dependency_ids.iter().copied()))
            .all(conn)
            .await?
            .into_iter()
            .map(|m| m.id)
            .collect();
        let absent = missing(dependency_ids, &existing);
        if !absent.is_empty() {
            problems.push(Invalid::new(
                "dependency_ids",
                "unknown",
                format!("no measure with id {}", join_ids(&absent)),
            ));
        } else if let Some(id) = measure_id {
            // A new measure cannot close a cycle: nothing depends on it yet.
            let edges: Vec<(i32, i32)> = measure_dependency::Entity::find()
                .all(conn)
                .await?
                .into_iter()
                .map(|e| (e.measure_id, e.depends_on_id))
                .collect();
            if let Some(closing) = find_dependency_cycle(id, dependency_ids, &edges) {
                problems.push(Invalid::new(
                    "dependency_ids",
                    "cycle",
                    if closing == id {
                        "a measure cannot depend on itself".to_owned()
                    } else {
                        format!("depending on measure {closing} would create a cycle")
                    },
                ));
            }
        }
    }
    Ok(problems)
}

/// Read-only check of a request's references, so that a response rejecting invalid
/// values can name the unknown references as well. Writes check again in their
/// transaction.
pub async fn reference_problems(
    db: &Db,
    measure_id: Option<i32>,
    refs: References<'_>,
) -> StoreResult<Vec<Invalid>> {
    check_references(db, measure_id, refs).await
}

/// Milestone ids that are not milestones of this measure, or repeated.
fn milestone_id_problems(items: &[MilestoneInput], existing: &HashSet<i32>) -> Vec<Invalid> {
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let Some(id) = item.id else { continue };
        if !existing.contains(&id) {
            problems.push(Invalid::new(
                format!("milestones[{index}].id"),
                "unknown",
                format!("milestone {id} does not belong to this measure"),
            ));
        } else if !seen.insert(id) {
            problems.push(Invalid::new(
                format!("milestones[{index}].id"),
                "duplicate",
                format!("milestone {id} is listed twice"),
            ));
        }
    }
    problems
}

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

fn to_json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// Sorted, without repeats, and without the lead (which is on the measure itself).
fn participants(ids: &[i32], lead: i32) -> Vec<i32> {
    let mut ids: Vec<i32> = ids.iter().copied().filter(|&d| d != lead).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn distinct(ids: &[i32]) -> Vec<i32> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

async fn replace_goals<C: ConnectionTrait>(conn: &C, id: i32, goal_ids: &[i32]) -> StoreResult<()> {
    super::replace_links(
        conn,
        measure_goal::Column::MeasureId,
        id,
        goal_ids,
        |goal_id| measure_goal::ActiveModel {
            measure_id: Set(id),
            goal_id: Set(goal_id),
        },
    )
    .await
}

async fn replace_departments<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    department_ids: &[i32],
) -> StoreResult<()> {
    super::replace_links(
        conn,
        measure_department::Column::MeasureId,
        id,
        department_ids,
        |department_id| measure_department::ActiveModel {
            measure_id: Set(id),
            department_id: Set(department_id),
        },
    )
    .await
}

async fn replace_dependencies<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    dependency_ids: &[i32],
) -> StoreResult<()> {
    super::replace_links(
        conn,
        measure_dependency::Column::MeasureId,
        id,
        dependency_ids,
        |depends_on_id| measure_dependency::ActiveModel {
            measure_id: Set(id),
            depends_on_id: Set(depends_on_id),
        },
    )
    .await
}

/// Makes `items` the milestones of the measure: listed ids are updated in place, the
/// others of the measure deleted, items without id inserted. Positions follow the list.
async fn replace_milestones<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    items: &[MilestoneInput],
) -> StoreResult<()> {
    let kept: Vec<i32> = items.iter().filter_map(|m| m.id).collect();
    let mut stale = milestone::Entity::delete_many().filter(milestone::Column::MeasureId.eq(id));
    if !kept.is_empty() {
        stale = stale.filter(milestone::Column::Id.is_not_in(kept));
    }
    stale.exec(conn).await?;
    let mut new = Vec::new();
    for (position, item) in items.iter().enumerate() {
        let values = milestone::ActiveModel {
            measure_id: Set(id),
            title: Set(item.title.clone()),
            due_date: Set(item.due),
            done_date: Set(item.done),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            ..Default::default()
        };
        match item.id {
            Some(milestone_id) => {
                milestone::Entity::update_many()
                    .set(values)
                    .filter(milestone::Column::Id.eq(milestone_id))
                    .filter(milestone::Column::MeasureId.eq(id))
                    .exec(conn)
                    .await?;
            }
            None => new.push(values),
        }
    }
    if !new.is_empty() {
        milestone::Entity::insert_many(new).exec(conn).await?;
    }
    Ok(())
}

/// Writes `values` if the row still has `expected_version`, and bumps the version.
async fn write_versioned<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    expected_version: i32,
    mut values: measure::ActiveModel,
) -> StoreResult<()> {
    values.version = Set(expected_version + 1);
    values.updated_at = Set(Utc::now());
    update_if_version(conn, id, expected_version, values).await?;
    Ok(())
}

/// The measure row, if it still has `expected_version`.
async fn current<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    expected_version: i32,
) -> StoreResult<measure::Model> {
    let row = measure::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if row.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: row.version,
        });
    }
    Ok(row)
}

/// Appends a status update and records it in the audit log.
async fn append_update<C: ConnectionTrait>(
    conn: &C,
    measure_id: i32,
    update: &NewStatusUpdate,
    actor: &Actor,
) -> StoreResult<StatusUpdateView> {
    let row = status_update::Entity::insert(status_update::ActiveModel {
        measure_id: Set(measure_id),
        reporting_date: Set(update.reporting_date),
        narrative: Set(update.narrative.clone()),
        progress: Set(update.progress),
        status_id: Set(update.status_id),
        author_id: Set(actor.user_id),
        author_name: Set(actor.name.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec_with_returning(conn)
    .await?;
    let labels = status_labels(conn).await?;
    let view = update_view(row, &labels);
    audit::record(
        conn,
        actor,
        "status_update",
        Some(view.id),
        Action::Create,
        None,
        Some(&to_json(&view)),
    )
    .await?;
    Ok(view)
}

/// Creates a measure with its links and milestones. Version 1, no status update yet (so
/// its light is pending until the first Sachstand). `db` may be a transaction (the write
/// then runs in a savepoint of it, as the measure import does for all its rows).
pub async fn create<C: TransactionTrait<Transaction = sea_orm::DatabaseTransaction>>(
    db: &C,
    new: NewMeasure,
    actor: &Actor,
    rules: &LightRules,
) -> WriteResult<MeasureDetail> {
    let participating = participants(&new.participating_department_ids, new.lead_department_id);
    let goal_ids = distinct(&new.goal_ids);
    let dependency_ids = distinct(&new.dependency_ids);
    let txn = db.begin().await?;
    let problems = check_references(&txn, None, new.references()).await?;
    if !problems.is_empty() {
        return Err(MeasureError::Invalid(problems));
    }
    let progress = match new.progress {
        Some(p) => p,
        None => status::Entity::find_by_id(new.status_id)
            .one(&txn)
            .await?
            .and_then(|s| s.default_progress)
            .unwrap_or(0),
    }
    .clamp(0, 100);
    let now = Utc::now();
    let row = measure::Entity::insert(measure::ActiveModel {
        code: Set(new.code),
        title: Set(new.title),
        description: Set(new.description),
        lead_department_id: Set(new.lead_department_id),
        contact_name: Set(new.contact_name),
        contact_email: Set(new.contact_email),
        status_id: Set(new.status_id),
        progress: Set(progress),
        planned_start: Set(new.planned_start),
        planned_end: Set(new.planned_end),
        actual_start: Set(new.actual_start),
        actual_end: Set(new.actual_end),
        priority: Set(new.priority.as_str().to_owned()),
        weight: Set(new.weight),
        budget_planned_cents: Set(new.budget_planned_cents),
        budget_spent_cents: Set(new.budget_spent_cents),
        visibility: Set(new.visibility.as_str().to_owned()),
        archived: Set(false),
        light_override: Set(None),
        light_override_reason: Set(None),
        light_override_by: Set(None),
        light_override_at: Set(None),
        last_update_date: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    replace_goals(&txn, row.id, &goal_ids).await?;
    replace_departments(&txn, row.id, &participating).await?;
    replace_dependencies(&txn, row.id, &dependency_ids).await?;
    let milestones: Vec<MilestoneInput> = new
        .milestones
        .into_iter()
        .map(|m| MilestoneInput { id: None, ..m })
        .collect();
    replace_milestones(&txn, row.id, &milestones).await?;
    let created = load_detail(&txn, row.id, rules).await?;
    audit::record(
        &txn,
        actor,
        "measure",
        Some(created.id),
        Action::Create,
        None,
        Some(&to_json(&created)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(created)
}

/// Applies changes. A change of progress or status (or a narrative) appends one status
/// update reported today; a new status without explicit progress takes the status's
/// default progress, if it has one. `db` may be a transaction (see [`create`]).
pub async fn update<C: TransactionTrait<Transaction = sea_orm::DatabaseTransaction>>(
    db: &C,
    id: i32,
    expected_version: i32,
    changes: MeasureChanges,
    actor: &Actor,
    rules: &LightRules,
) -> WriteResult<MeasureDetail> {
    let txn = db.begin().await?;
    let row = current(&txn, id, expected_version).await?;
    let before = load_detail(&txn, id, rules).await?;

    let mut problems = check_references(&txn, Some(id), changes.references()).await?;
    problems.extend(schedule_problems(
        changes.planned_start.unwrap_or(row.planned_start),
        changes.planned_end.unwrap_or(row.planned_end),
        changes.actual_start.unwrap_or(row.actual_start),
        changes.actual_end.unwrap_or(row.actual_end),
    ));
    if let Some(items) = &changes.milestones {
        let existing: HashSet<i32> = before.milestones.iter().map(|m| m.id).collect();
        problems.extend(milestone_id_problems(items, &existing));
    }
    if !problems.is_empty() {
        return Err(MeasureError::Invalid(problems));
    }

    let status_id = changes.status_id.unwrap_or(row.status_id);
    let status_changed = status_id != row.status_id;
    let progress = match changes.progress {
        Some(p) => p,
        None if status_changed => status::Entity::find_by_id(status_id)
            .one(&txn)
            .await?
            .and_then(|s| s.default_progress)
            .unwrap_or(row.progress),
        None => row.progress,
    }
    .clamp(0, 100);
    let narrative = changes.narrative.clone().unwrap_or_default();
    let report = status_changed || progress != row.progress || !narrative.is_empty();
    let today = super::today();

    let lead = changes.lead_department_id.unwrap_or(row.lead_department_id);
    let participating = participants(
        changes
            .participating_department_ids
            .as_deref()
            .unwrap_or(&before.participating_department_ids),
        lead,
    );

    let mut values: measure::ActiveModel = row.clone().into();
    if let Some(v) = changes.code {
        values.code = Set(v);
    }
    if let Some(v) = changes.title {
        values.title = Set(v);
    }
    if let Some(v) = changes.description {
        values.description = Set(v);
    }
    if let Some(v) = changes.lead_department_id {
        values.lead_department_id = Set(v);
    }
    if let Some(v) = changes.contact_name {
        values.contact_name = Set(v);
    }
    if let Some(v) = changes.contact_email {
        values.contact_email = Set(v);
    }
    if let Some(v) = changes.planned_start {
        values.planned_start = Set(v);
    }
    if let Some(v) = changes.planned_end {
        values.planned_end = Set(v);
    }
    if let Some(v) = changes.actual_start {
        values.actual_start = Set(v);
    }
    if let Some(v) = changes.actual_end {
        values.actual_end = Set(v);
    }
    if let Some(v) = changes.priority {
        values.priority = Set(v.as_str().to_owned());
    }
    if let Some(v) = changes.weight {
        values.weight = Set(v);
    }
    if let Some(v) = changes.budget_planned_cents {
        values.budget_planned_cents = Set(v);
    }
    if let Some(v) = changes.budget_spent_cents {
        values.budget_spent_cents = Set(v);
    }
    if let Some(v) = changes.visibility {
        values.visibility = Set(v.as_str().to_owned());
    }
    if let Some(v) = changes.archived {
        values.archived = Set(v);
    }
    if status_changed {
        values.status_id = Set(status_id);
    }
    if progress != row.progress {
        values.progress = Set(progress);
    }
    if report {
        values.last_update_date = Set(Some(row.last_update_date.map_or(today, |d| d.max(today))));
    }
    write_versioned(&txn, id, expected_version, values).await?;

    if let Some(goal_ids) = &changes.goal_ids {
        replace_goals(&txn, id, &distinct(goal_ids)).await?;
    }
    if participating != before.participating_department_ids {
        replace_departments(&txn, id, &participating).await?;
    }
    if let Some(dependency_ids) = &changes.dependency_ids {
        replace_dependencies(&txn, id, &distinct(dependency_ids)).await?;
    }
    if let Some(items) = &changes.milestones {
        replace_milestones(&txn, id, items).await?;
    }
    if report {
        let update = NewStatusUpdate {
            reporting_date: today,
            narrative,
            progress,
            status_id,
        };
        append_update(&txn, id, &update, actor).await?;
    }

    let after = load_detail(&txn, id, rules).await?;
    audit::record(
        &txn,
        actor,
        "measure",
        Some(id),
        Action::Update,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(after)
}

/// Appends a status update. Unless it reports on an earlier day than the measure's latest
/// update, its progress, status and reporting date become the measure's (so the measure's
/// last update date is the later of the two). The version is bumped either way.
pub async fn add_status_update(
    db: &Db,
    id: i32,
    expected_version: i32,
    new: NewStatusUpdate,
    actor: &Actor,
    rules: &LightRules,
) -> WriteResult<RecordedUpdate> {
    let txn = db.begin().await?;
    let recorded =
        add_status_update_in(&txn, id, Some(expected_version), new, actor, rules).await?;
    crate::store::commit(txn).await?;
    Ok(recorded)
}

/// [`add_status_update`] on the caller's transaction (the approval of a reporting round's
/// answer writes its status update this way). `expected_version: None` takes the measure's
/// current version; the write still fails if another transaction changes it meanwhile.
pub(crate) async fn add_status_update_in<C: ConnectionTrait>(
    txn: &C,
    id: i32,
    expected_version: Option<i32>,
    new: NewStatusUpdate,
    actor: &Actor,
    rules: &LightRules,
) -> WriteResult<RecordedUpdate> {
    let expected_version = match expected_version {
        Some(v) => v,
        None => {
            measure::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(StoreError::NotFound)?
                .version
        }
    };
    let row = current(txn, id, expected_version).await?;
    let problems = check_references(
        txn,
        Some(id),
        References {
            status_id: Some(new.status_id),
            ..Default::default()
        },
    )
    .await?;
    if !problems.is_empty() {
        return Err(MeasureError::Invalid(problems));
    }
    let before = load_detail(txn, id, rules).await?;
    let mut values: measure::ActiveModel = row.clone().into();
    // A report for an earlier day than the latest one is history: it does not undo the
    // newer state.
    if row
        .last_update_date
        .is_none_or(|latest| new.reporting_date >= latest)
    {
        values.progress = Set(new.progress.clamp(0, 100));
        values.status_id = Set(new.status_id);
        values.last_update_date = Set(Some(new.reporting_date));
    }
    write_versioned(txn, id, expected_version, values).await?;
    let update = append_update(txn, id, &new, actor).await?;
    let after = load_detail(txn, id, rules).await?;
    audit::record(
        txn,
        actor,
        "measure",
        Some(id),
        Action::Update,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    Ok(RecordedUpdate {
        update,
        measure_version: after.version,
    })
}

/// Archives a measure (it is never deleted: its status updates are history). Archiving
/// an archived measure changes nothing.
pub async fn archive(
    db: &Db,
    id: i32,
    expected_version: i32,
    actor: &Actor,
    rules: &LightRules,
) -> StoreResult<()> {
    let txn = db.begin().await?;
    let row = current(&txn, id, expected_version).await?;
    if row.archived {
        return Ok(());
    }
    let before = load_detail(&txn, id, rules).await?;
    let mut values: measure::ActiveModel = row.into();
    values.archived = Set(true);
    write_versioned(&txn, id, expected_version, values).await?;
    let after = load_detail(&txn, id, rules).await?;
    audit::record(
        &txn,
        actor,
        "measure",
        Some(id),
        Action::Archive,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(())
}

/// Sets (`Some`) or removes (`None`) the officer's override of the traffic light. The
/// actor and the time are recorded with it. Removing a missing override changes nothing.
pub async fn set_override(
    db: &Db,
    id: i32,
    expected_version: i32,
    light_override: Option<(TrafficLight, String)>,
    actor: &Actor,
    rules: &LightRules,
) -> StoreResult<MeasureDetail> {
    let txn = db.begin().await?;
    let row = current(&txn, id, expected_version).await?;
    let before = load_detail(&txn, id, rules).await?;
    if light_override.is_none() && row.light_override.is_none() {
        return Ok(before);
    }
    let mut values: measure::ActiveModel = row.into();
    match light_override {
        Some((light, reason)) => {
            values.light_override = Set(Some(light.as_str().to_owned()));
            values.light_override_reason = Set(Some(reason));
            values.light_override_by = Set(actor.user_id);
            values.light_override_at = Set(Some(Utc::now()));
        }
        None => {
            values.light_override = Set(None);
            values.light_override_reason = Set(None);
            values.light_override_by = Set(None);
            values.light_override_at = Set(None);
        }
    }
    write_versioned(&txn, id, expected_version, values).await?;
    let after = load_detail(&txn, id, rules).await?;
    audit::record(
        &txn,
        actor,
        "measure",
        Some(id),
        Action::Override,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn codes_sort_with_numbers_as_numbers() {
        let mut codes = vec!["M 10", "M 2", "m 1.10", "M 1.2", "A"];
        codes.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(codes, vec!["A", "M 1.2", "m 1.10", "M 2", "M 10"]);
        // Equal numbers written differently still get a fixed order.
        assert_ne!(natural_cmp("M 007", "M 7"), Ordering::Equal);
        assert_eq!(natural_cmp("x", "x"), Ordering::Equal);
    }

    #[test]
    fn sort_values_parse_with_an_optional_minus() {
        assert_eq!(MeasureSort::parse("code"), Some(MeasureSort::default()));
        assert_eq!(
            MeasureSort::parse("-planned_end"),
            Some(MeasureSort {
                key: SortKey::PlannedEnd,
                descending: true
            })
        );
        for key in MeasureSort::KEYS {
            assert!(MeasureSort::parse(key).is_some());
        }
        assert_eq!(MeasureSort::parse("--code"), None);
        assert_eq!(MeasureSort::parse("budget"), None);
    }

    #[test]
    fn missing_values_sort_last_in_both_directions() {
        let mut values = vec![None, Some(2), Some(1)];
        values.sort_by(|a, b| directed(*a, *b, false));
        assert_eq!(values, vec![Some(1), Some(2), None]);
        values.sort_by(|a, b| directed(*a, *b, true));
        assert_eq!(values, vec![Some(2), Some(1), None]);
    }

    #[test]
    fn a_subtree_holds_the_root_and_everything_below_it() {
        let tree = [
            (1, None),
            (2, Some(1)),
            (3, Some(2)),
            (4, None),
            (5, Some(4)),
        ];
        assert_eq!(subtree(1, &tree), HashSet::from([1, 2, 3]));
        assert_eq!(subtree(3, &tree), HashSet::from([3]));
        assert_eq!(subtree(99, &tree), HashSet::from([99]));
        // A corrupt cycle does not loop forever.
        assert_eq!(
            subtree(6, &[(6, Some(7)), (7, Some(6))]),
            HashSet::from([6, 7])
        );
    }

    #[test]
    fn ends_before_starts_are_named() {
        let problems = schedule_problems(
            Some(date(2026, 5, 1)),
            Some(date(2026, 4, 30)),
            Some(date(2026, 1, 1)),
            Some(date(2025, 12, 31)),
        );
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, vec!["planned_end", "actual_end"]);
        assert!(
            schedule_problems(Some(date(2026, 1, 1)), Some(date(2026, 1, 1)), None, None)
                .is_empty()
        );
        assert!(schedule_problems(None, Some(date(2020, 1, 1)), None, None).is_empty());
    }

    #[test]
    fn milestone_ids_must_belong_to_the_measure_and_appear_once() {
        let item = |id| MilestoneInput {
            id,
            title: "t".into(),
            due: date(2026, 1, 1),
            done: None,
        };
        let existing = HashSet::from([1, 2]);
        let problems = milestone_id_problems(
            &[item(Some(1)), item(None), item(Some(9)), item(Some(1))],
            &existing,
        );
        let fields: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("milestones[2].id", "unknown"),
                ("milestones[3].id", "duplicate")
            ]
        );
    }

    #[test]
    fn participants_exclude_the_lead_and_repeats() {
        assert_eq!(participants(&[3, 1, 3, 2], 2), vec![1, 3]);
    }

    #[test]
    fn changing_only_execution_fields_is_not_a_structure_change() {
        let execution = MeasureChanges {
            progress: Some(40),
            status_id: Some(2),
            milestones: Some(Vec::new()),
            actual_start: Some(None),
            actual_end: Some(None),
            narrative: Some("x".into()),
            ..Default::default()
        };
        assert!(!execution.touches_structure());
        let structure = MeasureChanges {
            planned_end: Some(None),
            ..Default::default()
        };
        assert!(structure.touches_structure());
    }
}
