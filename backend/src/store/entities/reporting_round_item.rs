//! Table `reporting_round_items`. One measure due in a reporting round, owed by its lead
//! department: its draft answer and the review state (due, submitted, returned, approved).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reporting_round_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    pub measure_id: i32,
    pub department_id: i32,
    pub state: String,
    pub draft_status_id: Option<i32>,
    pub draft_progress: Option<i32>,
    #[sea_orm(column_type = "Text", nullable)]
    pub draft_narrative: Option<String>,
    pub draft_saved_at: Option<DateTimeUtc>,
    pub submitted_at: Option<DateTimeUtc>,
    pub submitted_by_id: Option<i32>,
    pub submitted_by_name: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by_id: Option<i32>,
    pub reviewed_by_name: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub review_comment: Option<String>,
    pub status_update_id: Option<i32>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
