//! Table `reports`. Frozen Sachstandsberichte: the content is written once and never
//! updated; only the withdrawal columns may be set, once.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    pub title: String,
    pub meeting_body: String,
    pub meeting_date: Date,
    pub vorlage_number: Option<String>,
    pub previous_report_id: Option<i32>,
    pub frozen_at: DateTimeUtc,
    pub frozen_by_id: Option<i32>,
    pub frozen_by_name: String,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub content_hash: String,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub withdrawn_by_id: Option<i32>,
    pub withdrawn_by_name: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub withdrawal_reason: Option<String>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
