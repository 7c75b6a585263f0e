//! Table `reminder_log`. Which reminder (before or after the deadline) went to which
//! department in which round, so each is sent exactly once.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminder_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    pub department_id: i32,
    pub kind: String,
    pub sent_at: DateTimeUtc,
    pub recipients: i32,
    pub emails_sent: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
