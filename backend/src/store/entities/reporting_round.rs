//! Table `reporting_rounds`. Berichtsrunden: the officer's request for status before a
//! council meeting (state `open` or `frozen`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reporting_rounds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub title: String,
    pub meeting_body: String,
    pub meeting_date: Date,
    pub vorlage_number: Option<String>,
    pub deadline: Date,
    pub grace_days: i32,
    pub state: String,
    pub created_by_id: Option<i32>,
    pub created_by_name: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
