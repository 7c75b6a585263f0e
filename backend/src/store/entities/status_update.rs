//! Table `status_updates`. Append-only status updates (Sachstandsmeldungen).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "status_updates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub measure_id: i32,
    pub reporting_date: Date,
    #[sea_orm(column_type = "Text")]
    pub narrative: String,
    pub progress: i32,
    pub status_id: i32,
    pub author_id: Option<i32>,
    pub author_name: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
