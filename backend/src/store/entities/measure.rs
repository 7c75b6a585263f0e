//! Table `measures`. Measures (Maßnahmen), the unit of work.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "measures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub lead_department_id: i32,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub status_id: i32,
    pub progress: i32,
    pub planned_start: Option<Date>,
    pub planned_end: Option<Date>,
    pub actual_start: Option<Date>,
    pub actual_end: Option<Date>,
    pub priority: String,
    pub weight: i32,
    pub budget_planned_cents: Option<i64>,
    pub budget_spent_cents: Option<i64>,
    pub visibility: String,
    pub archived: bool,
    pub light_override: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub light_override_reason: Option<String>,
    pub light_override_by: Option<i32>,
    pub light_override_at: Option<DateTimeUtc>,
    pub last_update_date: Option<Date>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
