//! Table `maturity_finding_measures`. Measures that answer a finding.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "maturity_finding_measures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub finding_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub measure_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
