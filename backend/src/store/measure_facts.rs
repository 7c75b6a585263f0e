//! The facts of measures that rules need (status category, schedule, milestones, last
//! update, links, override), loaded for many measures in a fixed number of queries, and
//! their evaluated traffic light. Measure lists, the dashboard and the roll-up explanations
//! all use this one loader, so a light is computed the same way everywhere.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use utoipa::ToSchema;

use super::StoreResult;
use super::entities::{measure, measure_department, measure_goal, milestone, status, user};
use crate::domain::measure::Visibility;
use crate::domain::status::StatusCategory;
use crate::domain::traffic_light::{
    self, LightAssessment, LightInputs, LightReason, LightRules, MilestoneState, TrafficLight,
};

/// A manual override of the traffic light by the officer.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct LightOverride {
    pub light: TrafficLight,
    /// The officer's written reason (always present).
    pub reason: String,
    pub by_user_id: Option<i32>,
    /// Display name of the officer who set it.
    pub by_user_name: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// Everything the rules need to know about one measure.
#[derive(Debug, Clone)]
pub struct MeasureFacts {
    pub id: i32,
    pub code: String,
    pub title: String,
    pub lead_department_id: i32,
    pub participating_department_ids: Vec<i32>,
    pub goal_ids: Vec<i32>,
    pub status_id: i32,
    pub status_category: StatusCategory,
    pub progress: u8,
    pub weight: u32,
    pub visibility: Visibility,
    pub archived: bool,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub last_update_date: Option<NaiveDate>,
    pub milestones: Vec<MilestoneState>,
    pub light_override: Option<LightOverride>,
}

/// The traffic light of a measure: the rule's result and, if set, the officer's override.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct MeasureLight {
    /// The light in effect: the override if there is one, otherwise the computed light.
    /// `null` only for cancelled measures.
    pub light: Option<TrafficLight>,
    /// The light the documented rule computes.
    pub computed: Option<TrafficLight>,
    /// Why the rule computed that light.
    pub reasons: Vec<LightReason>,
    /// Progress expected today from the planned dates (linear), if both are set.
    pub expected_progress: Option<f64>,
    /// The officer's override, visible wherever the light is shown.
    #[serde(rename = "override")]
    pub override_: Option<LightOverride>,
}

impl MeasureFacts {
    /// Applies the traffic-light rule, then the override.
    pub fn evaluate(&self, rules: &LightRules, today: NaiveDate) -> MeasureLight {
        let LightAssessment {
            light,
            reasons,
            expected_progress,
        } = traffic_light::assess(
            &LightInputs {
                status: self.status_category,
                progress: self.progress,
                planned_start: self.planned_start,
                planned_end: self.planned_end,
                milestones: &self.milestones,
                last_update: self.last_update_date,
                today,
            },
            rules,
        );
        MeasureLight {
            light: self.light_override.as_ref().map(|o| o.light).or(light),
            computed: light,
            reasons,
            expected_progress,
            override_: self.light_override.clone(),
        }
    }
}

/// Which measures to load.
#[derive(Debug, Clone, Copy)]
pub enum Selection<'a> {
    /// Every measure that is not archived.
    AllActive,
    /// Exactly these (archived or not).
    Ids(&'a [i32]),
}

/// Loads the facts of the selected measures in five queries, whatever their number.
/// `db` may be a transaction, so a write can evaluate the light of what it just wrote.
pub async fn load<C: ConnectionTrait>(
    db: &C,
    selection: Selection<'_>,
) -> StoreResult<Vec<MeasureFacts>> {
    let mut query = measure::Entity::find().order_by_asc(measure::Column::Code);
    let mut links_query_ids: Option<Vec<i32>> = None;
    // A selection too large for one IN list reads the whole tables and keeps its ids.
    let mut keep_only: Option<std::collections::HashSet<i32>> = None;
    match selection {
        Selection::AllActive => {
            query = query.filter(measure::Column::Archived.eq(false));
        }
        Selection::Ids([]) => return Ok(Vec::new()),
        Selection::Ids(ids) if ids.len() > super::MAX_IN_LIST => {
            keep_only = Some(ids.iter().copied().collect());
        }
        Selection::Ids(ids) => {
            query = query.filter(measure::Column::Id.is_in(ids.iter().copied()));
            links_query_ids = Some(ids.to_vec());
        }
    }
    let mut measures = query.all(db).await?;
    if let Some(keep) = &keep_only {
        measures.retain(|m| keep.contains(&m.id));
    }
    let categories: HashMap<i32, StatusCategory> = status::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| {
            (
                s.id,
                StatusCategory::parse(&s.category).unwrap_or(StatusCategory::Planned),
            )
        })
        .collect();

    // For a full load, reading whole link tables is cheaper than a huge IN list.
    let mut goals_query = measure_goal::Entity::find();
    let mut departments_query = measure_department::Entity::find();
    let mut milestones_query = milestone::Entity::find()
        .order_by_asc(milestone::Column::Position)
        .order_by_asc(milestone::Column::DueDate);
    if let Some(ids) = &links_query_ids {
        goals_query = goals_query.filter(measure_goal::Column::MeasureId.is_in(ids.clone()));
        departments_query =
            departments_query.filter(measure_department::Column::MeasureId.is_in(ids.clone()));
        milestones_query = milestones_query.filter(milestone::Column::MeasureId.is_in(ids.clone()));
    }
    let mut goals: HashMap<i32, Vec<i32>> = HashMap::new();
    for link in goals_query.all(db).await? {
        goals.entry(link.measure_id).or_default().push(link.goal_id);
    }
    let mut departments: HashMap<i32, Vec<i32>> = HashMap::new();
    for link in departments_query.all(db).await? {
        departments
            .entry(link.measure_id)
            .or_default()
            .push(link.department_id);
    }
    let mut milestones: HashMap<i32, Vec<MilestoneState>> = HashMap::new();
    for m in milestones_query.all(db).await? {
        milestones
            .entry(m.measure_id)
            .or_default()
            .push(MilestoneState {
                due: m.due_date,
                done: m.done_date,
            });
    }

    // Names of the officers behind overrides: one query for all of them.
    let override_authors: Vec<i32> = measures
        .iter()
        .filter(|m| m.light_override.is_some())
        .filter_map(|m| m.light_override_by)
        .collect();
    let author_names: HashMap<i32, String> = if override_authors.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(override_authors))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect()
    };

    Ok(measures
        .into_iter()
        .map(|m| {
            let mut goal_ids = goals.remove(&m.id).unwrap_or_default();
            goal_ids.sort_unstable();
            let mut participating = departments.remove(&m.id).unwrap_or_default();
            participating.sort_unstable();
            MeasureFacts {
                light_override: override_of(&m).map(|mut o| {
                    o.by_user_name = o.by_user_id.and_then(|id| author_names.get(&id).cloned());
                    o
                }),
                id: m.id,
                code: m.code,
                title: m.title,
                lead_department_id: m.lead_department_id,
                participating_department_ids: participating,
                goal_ids,
                status_id: m.status_id,
                status_category: categories
                    .get(&m.status_id)
                    .copied()
                    .unwrap_or(StatusCategory::Planned),
                progress: m.progress.clamp(0, 100) as u8,
                weight: m.weight.max(0) as u32,
                visibility: Visibility::parse(&m.visibility).unwrap_or(Visibility::Draft),
                archived: m.archived,
                planned_start: m.planned_start,
                planned_end: m.planned_end,
                last_update_date: m.last_update_date,
                milestones: milestones.remove(&m.id).unwrap_or_default(),
            }
        })
        .collect())
}

/// The override stored on a measure row, if any.
pub fn override_of(m: &measure::Model) -> Option<LightOverride> {
    let light = TrafficLight::parse(m.light_override.as_deref()?)?;
    Some(LightOverride {
        light,
        reason: m.light_override_reason.clone().unwrap_or_default(),
        by_user_id: m.light_override_by,
        by_user_name: None,
        at: m.light_override_at,
    })
}
