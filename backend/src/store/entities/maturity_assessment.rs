//! Table `maturity_assessments`. Ist and Soll of one dimension for one department (or the
//! administration as a whole: `department_id` null, `scope_key` 0) in one round.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "maturity_assessments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    pub department_id: Option<i32>,
    pub scope_key: i32,
    pub dimension_code: String,
    pub actual_level: Option<i32>,
    pub target_level: Option<i32>,
    pub target_date: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub evidence: String,
    pub method: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub answers: Option<String>,
    pub assessed_by: Option<i32>,
    pub assessed_by_name: String,
    pub assessed_at: DateTimeUtc,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
