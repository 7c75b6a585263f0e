//! Table `measure_maturity_targets`. The maturity dimensions (by code, optionally for one
//! department) a measure is meant to raise, with the level it is expected to reach.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "measure_maturity_targets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub measure_id: i32,
    pub dimension_code: String,
    pub department_id: Option<i32>,
    pub expected_level: i32,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
