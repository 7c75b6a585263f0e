//! Findings (Befunde) of the Ist-Analyse: what the interviews found, per department and
//! dimension where known, with severity and source, traced to the goals and measures that
//! answer them. A finding is *answered* when at least one linked measure is active (not
//! archived, not cancelled, not a draft) — the same rule that decides whether a measure
//! covers a maturity gap.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::super::audit::{self, Action};
use super::super::entities::{maturity_finding, maturity_finding_goal, maturity_finding_measure};
use super::super::measure_facts::{self, MeasureFacts, Selection};
use super::super::{Actor, Db, Page, PageRequest, StoreError, StoreResult};
use super::results::{is_active_measure, scope_of};
use super::{entity_type, to_json};
use crate::domain::access::MeasureScope;
use crate::domain::maturity::Severity;
use crate::store::{delete_if_version, update_if_version};

/// A finding as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FindingView {
    pub id: i32,
    pub text: String,
    /// The department concerned; `null`: the administration as a whole.
    pub department_id: Option<i32>,
    /// The maturity dimension concerned (by code), if any.
    pub dimension_code: Option<String>,
    pub severity: Severity,
    /// Where the finding comes from, e.g. "Interview".
    pub source: String,
    pub source_date: Option<NaiveDate>,
    /// The assessment round the finding belongs to (e.g. the Ist-Analyse), if any.
    pub round_id: Option<i32>,
    /// Goals that answer the finding.
    pub goal_ids: Vec<i32>,
    /// Measures that answer the finding (drafts only for those who may see them).
    pub measure_ids: Vec<i32>,
    /// At least one linked measure is active (not archived, not cancelled, not a draft).
    pub answered: bool,
    /// The active measures that answer it.
    pub answered_by_measure_ids: Vec<i32>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A validated finding.
#[derive(Debug, Clone)]
pub struct FindingInput {
    pub text: String,
    pub department_id: Option<i32>,
    pub dimension_code: Option<String>,
    pub severity: Severity,
    pub source: String,
    pub source_date: Option<NaiveDate>,
    pub round_id: Option<i32>,
    pub goal_ids: Vec<i32>,
    pub measure_ids: Vec<i32>,
}

/// Validated changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct FindingChanges {
    pub text: Option<String>,
    pub department_id: Option<Option<i32>>,
    pub dimension_code: Option<Option<String>>,
    pub severity: Option<Severity>,
    pub source: Option<String>,
    pub source_date: Option<Option<NaiveDate>>,
    pub round_id: Option<Option<i32>>,
    pub goal_ids: Option<Vec<i32>>,
    pub measure_ids: Option<Vec<i32>>,
}

/// Filters of [`list`].
#[derive(Debug, Clone, Default)]
pub struct FindingFilter {
    /// Only findings no active measure answers.
    pub unanswered: bool,
    pub department_id: Option<i32>,
    pub dimension_code: Option<String>,
    pub severity: Option<Severity>,
    pub round_id: Option<i32>,
}

/// Who may see which linked measure.
pub type MeasureVisibility<'a> = &'a dyn Fn(&MeasureScope<'_>) -> bool;

/// Links of the given findings, in two queries.
async fn links<C: ConnectionTrait>(
    conn: &C,
    finding_ids: &[i32],
) -> StoreResult<(HashMap<i32, Vec<i32>>, HashMap<i32, Vec<i32>>)> {
    let mut goals: HashMap<i32, Vec<i32>> = HashMap::new();
    let mut measures: HashMap<i32, Vec<i32>> = HashMap::new();
    if finding_ids.is_empty() {
        return Ok((goals, measures));
    }
    for link in maturity_finding_goal::Entity::find()
        .filter(maturity_finding_goal::Column::FindingId.is_in(finding_ids.iter().copied()))
        .all(conn)
        .await?
    {
        goals.entry(link.finding_id).or_default().push(link.goal_id);
    }
    for link in maturity_finding_measure::Entity::find()
        .filter(maturity_finding_measure::Column::FindingId.is_in(finding_ids.iter().copied()))
        .all(conn)
        .await?
    {
        measures
            .entry(link.finding_id)
            .or_default()
            .push(link.measure_id);
    }
    Ok((goals, measures))
}

/// Builds views for `rows` in seven queries (links, then the linked measures' facts).
async fn views<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<maturity_finding::Model>,
    can_view: MeasureVisibility<'_>,
) -> StoreResult<Vec<FindingView>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let (mut goals, mut measures) = links(conn, &ids).await?;
    let mut measure_ids: Vec<i32> = measures.values().flatten().copied().collect();
    measure_ids.sort_unstable();
    measure_ids.dedup();
    let facts: HashMap<i32, MeasureFacts> = measure_facts::load(conn, Selection::Ids(&measure_ids))
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut goal_ids = goals.remove(&row.id).unwrap_or_default();
            goal_ids.sort_unstable();
            let mut linked = measures.remove(&row.id).unwrap_or_default();
            linked.sort_unstable();
            let answered_by: Vec<i32> = linked
                .iter()
                .copied()
                .filter(|id| facts.get(id).is_some_and(is_active_measure))
                .collect();
            let visible: Vec<i32> = linked
                .into_iter()
                .filter(|id| facts.get(id).is_some_and(|m| can_view(&scope_of(m))))
                .collect();
            FindingView {
                id: row.id,
                text: row.text,
                department_id: row.department_id,
                dimension_code: row.dimension_code,
                severity: Severity::parse(&row.severity).unwrap_or(Severity::Medium),
                source: row.source,
                source_date: row.source_date,
                round_id: row.round_id,
                goal_ids,
                measure_ids: visible,
                answered: !answered_by.is_empty(),
                answered_by_measure_ids: answered_by,
                version: row.version,
                created_at: row.created_at,
                updated_at: row.updated_at,
            }
        })
        .collect())
}

fn everything(_: &MeasureScope<'_>) -> bool {
    true
}

async fn view_of<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    can_view: MeasureVisibility<'_>,
) -> StoreResult<FindingView> {
    let row = maturity_finding::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    views(conn, vec![row], can_view)
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Findings matching `filter`, oldest first, one page at a time (eight queries).
pub async fn list(
    db: &Db,
    filter: &FindingFilter,
    page: PageRequest,
    can_view: MeasureVisibility<'_>,
) -> StoreResult<Page<FindingView>> {
    let mut query = maturity_finding::Entity::find().order_by_asc(maturity_finding::Column::Id);
    if let Some(d) = filter.department_id {
        query = query.filter(maturity_finding::Column::DepartmentId.eq(d));
    }
    if let Some(code) = &filter.dimension_code {
        query = query.filter(maturity_finding::Column::DimensionCode.eq(code.as_str()));
    }
    if let Some(severity) = filter.severity {
        query = query.filter(maturity_finding::Column::Severity.eq(severity.as_str()));
    }
    if let Some(round_id) = filter.round_id {
        query = query.filter(maturity_finding::Column::RoundId.eq(round_id));
    }
    // Whether a finding is answered depends on its measures' state, so the filter and the
    // paging run in memory over the (small) list of findings.
    let mut all = views(db, query.all(db).await?, can_view).await?;
    if filter.unanswered {
        all.retain(|f| !f.answered);
    }
    let total = all.len() as u64;
    let items = all
        .into_iter()
        .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(page.per_page).unwrap_or(usize::MAX))
        .collect();
    Ok(Page::new(items, total, page))
}

/// One finding.
pub async fn get(db: &Db, id: i32, can_view: MeasureVisibility<'_>) -> StoreResult<FindingView> {
    view_of(db, id, can_view).await
}

async fn set_links<C: ConnectionTrait>(
    conn: &C,
    finding_id: i32,
    goal_ids: Option<&[i32]>,
    measure_ids: Option<&[i32]>,
) -> StoreResult<()> {
    if let Some(goal_ids) = goal_ids {
        crate::store::replace_links(
            conn,
            maturity_finding_goal::Column::FindingId,
            finding_id,
            goal_ids,
            |goal_id| maturity_finding_goal::ActiveModel {
                finding_id: Set(finding_id),
                goal_id: Set(goal_id),
            },
        )
        .await?;
    }
    if let Some(measure_ids) = measure_ids {
        crate::store::replace_links(
            conn,
            maturity_finding_measure::Column::FindingId,
            finding_id,
            measure_ids,
            |measure_id| maturity_finding_measure::ActiveModel {
                finding_id: Set(finding_id),
                measure_id: Set(measure_id),
            },
        )
        .await?;
    }
    Ok(())
}

/// Inserts a finding with its links inside `conn` and audits it (also used by the demo).
pub(crate) async fn insert<C: ConnectionTrait>(
    conn: &C,
    input: FindingInput,
    actor: &Actor,
) -> StoreResult<i32> {
    let now = Utc::now();
    let row = maturity_finding::Entity::insert(maturity_finding::ActiveModel {
        text: Set(input.text),
        department_id: Set(input.department_id),
        dimension_code: Set(input.dimension_code),
        severity: Set(input.severity.as_str().to_owned()),
        source: Set(input.source),
        source_date: Set(input.source_date),
        round_id: Set(input.round_id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(conn)
    .await?;
    set_links(
        conn,
        row.id,
        Some(&input.goal_ids),
        Some(&input.measure_ids),
    )
    .await?;
    let view = view_of(conn, row.id, &everything).await?;
    audit::record(
        conn,
        actor,
        entity_type::FINDING,
        Some(row.id),
        Action::Create,
        None,
        Some(&to_json(&view)),
    )
    .await?;
    Ok(row.id)
}

/// Creates a finding.
pub async fn create(
    db: &Db,
    input: FindingInput,
    actor: &Actor,
    can_view: MeasureVisibility<'_>,
) -> StoreResult<FindingView> {
    let txn = db.begin().await?;
    let id = insert(&txn, input, actor).await?;
    let view = view_of(&txn, id, can_view).await?;
    crate::store::commit(txn).await?;
    Ok(view)
}

/// Changes a finding (optimistic locking on `version`).
pub async fn update(
    db: &Db,
    id: i32,
    expected_version: i32,
    changes: FindingChanges,
    actor: &Actor,
    can_view: MeasureVisibility<'_>,
) -> StoreResult<FindingView> {
    let txn = db.begin().await?;
    let current = maturity_finding::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    let before = view_of(&txn, id, &everything).await?;
    let mut active: maturity_finding::ActiveModel = current.into();
    if let Some(v) = changes.text {
        active.text = Set(v);
    }
    if let Some(v) = changes.department_id {
        active.department_id = Set(v);
    }
    if let Some(v) = changes.dimension_code {
        active.dimension_code = Set(v);
    }
    if let Some(v) = changes.severity {
        active.severity = Set(v.as_str().to_owned());
    }
    if let Some(v) = changes.source {
        active.source = Set(v);
    }
    if let Some(v) = changes.source_date {
        active.source_date = Set(v);
    }
    if let Some(v) = changes.round_id {
        active.round_id = Set(v);
    }
    active.version = Set(expected_version + 1);
    active.updated_at = Set(Utc::now());
    update_if_version(&txn, id, expected_version, active).await?;
    set_links(
        &txn,
        id,
        changes.goal_ids.as_deref(),
        changes.measure_ids.as_deref(),
    )
    .await?;
    let after = view_of(&txn, id, &everything).await?;
    audit::record(
        &txn,
        actor,
        entity_type::FINDING,
        Some(id),
        Action::Update,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    let view = view_of(&txn, id, can_view).await?;
    crate::store::commit(txn).await?;
    Ok(view)
}

/// Deletes a finding and its links.
pub async fn delete(db: &Db, id: i32, expected_version: i32, actor: &Actor) -> StoreResult<()> {
    let txn = db.begin().await?;
    let current = maturity_finding::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    let before = view_of(&txn, id, &everything).await?;
    delete_if_version::<maturity_finding::Entity, _>(&txn, id, expected_version).await?;
    audit::record(
        &txn,
        actor,
        entity_type::FINDING,
        Some(id),
        Action::Delete,
        Some(&to_json(&before)),
        None,
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(())
}
