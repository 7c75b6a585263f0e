//! Table `maturity_models`. One row per model version; `definition` holds the scale and the
//! dimensions as JSON (`domain::maturity::ModelDefinition`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "maturity_models")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub key: String,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub model_version: i32,
    pub aggregation_rule: String,
    #[sea_orm(column_type = "Text")]
    pub definition: String,
    pub based_on_id: Option<i32>,
    pub frozen: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
