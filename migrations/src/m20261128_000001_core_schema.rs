//! The core schema: users and sessions, departments, the strategy with its goal tree,
//! configurable statuses, measures with their links, milestones and dependencies, the
//! append-only status updates (Sachstand) and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    DisplayName,
    Email,
    PasswordHash,
    Role,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
    ParentId,
    Code,
    Name,
    Active,
    Position,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UserDepartments {
    Table,
    UserId,
    DepartmentId,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    Family,
    TokenHash,
    ExpiresAt,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Strategy {
    Table,
    Id,
    Title,
    Description,
    ResolutionNumber,
    ResolutionBody,
    ResolutionDate,
    InForceFrom,
    InForceTo,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Goals {
    Table,
    Id,
    ParentId,
    Code,
    Title,
    Description,
    Position,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Statuses {
    Table,
    Id,
    Code,
    Label,
    Category,
    DefaultProgress,
    Position,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Measures {
    Table,
    Id,
    Code,
    Title,
    Description,
    LeadDepartmentId,
    ContactName,
    ContactEmail,
    StatusId,
    Progress,
    PlannedStart,
    PlannedEnd,
    ActualStart,
    ActualEnd,
    Priority,
    Weight,
    BudgetPlannedCents,
    BudgetSpentCents,
    Visibility,
    Archived,
    LightOverride,
    LightOverrideReason,
    LightOverrideBy,
    LightOverrideAt,
    LastUpdateDate,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MeasureGoals {
    Table,
    MeasureId,
    GoalId,
}

#[derive(DeriveIden)]
enum MeasureDepartments {
    Table,
    MeasureId,
    DepartmentId,
}

#[derive(DeriveIden)]
enum MeasureDependencies {
    Table,
    MeasureId,
    DependsOnId,
}

#[derive(DeriveIden)]
enum Milestones {
    Table,
    Id,
    MeasureId,
    Title,
    DueDate,
    DoneDate,
    Position,
}

#[derive(DeriveIden)]
enum StatusUpdates {
    Table,
    Id,
    MeasureId,
    ReportingDate,
    Narrative,
    Progress,
    StatusId,
    AuthorId,
    AuthorName,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    ActorName,
    EntityType,
    EntityId,
    Action,
    Before,
    After,
}

fn fk(
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    to_col: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(on_delete)
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_auto(Users::Id))
                    .col(string_uniq(Users::Username))
                    .col(string(Users::DisplayName))
                    .col(string_null(Users::Email))
                    .col(string(Users::PasswordHash))
                    .col(string(Users::Role))
                    .col(boolean(Users::Active).default(true))
                    .col(integer(Users::Version).default(1))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Departments::Table)
                    .col(pk_auto(Departments::Id))
                    .col(integer_null(Departments::ParentId))
                    .col(string_uniq(Departments::Code))
                    .col(string(Departments::Name))
                    .col(boolean(Departments::Active).default(true))
                    .col(integer(Departments::Position).default(0))
                    .col(integer(Departments::Version).default(1))
                    .col(timestamp_with_time_zone(Departments::CreatedAt))
                    .col(timestamp_with_time_zone(Departments::UpdatedAt))
                    .foreign_key(&mut fk(
                        Departments::Table,
                        Departments::ParentId,
                        Departments::Table,
                        Departments::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserDepartments::Table)
                    .col(integer(UserDepartments::UserId))
                    .col(integer(UserDepartments::DepartmentId))
                    .primary_key(
                        Index::create()
                            .col(UserDepartments::UserId)
                            .col(UserDepartments::DepartmentId),
                    )
                    .foreign_key(&mut fk(
                        UserDepartments::Table,
                        UserDepartments::UserId,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        UserDepartments::Table,
                        UserDepartments::DepartmentId,
                        Departments::Table,
                        Departments::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(pk_auto(RefreshTokens::Id))
                    .col(integer(RefreshTokens::UserId))
                    .col(string(RefreshTokens::Family))
                    .col(string_uniq(RefreshTokens::TokenHash))
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                    .foreign_key(&mut fk(
                        RefreshTokens::Table,
                        RefreshTokens::UserId,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_index(index(
                "idx_refresh_tokens_family",
                RefreshTokens::Table,
                &["family"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Strategy::Table)
                    .col(pk_auto(Strategy::Id))
                    .col(string(Strategy::Title))
                    .col(text(Strategy::Description))
                    .col(string(Strategy::ResolutionNumber))
                    .col(string(Strategy::ResolutionBody))
                    .col(date_null(Strategy::ResolutionDate))
                    .col(date_null(Strategy::InForceFrom))
                    .col(date_null(Strategy::InForceTo))
                    .col(integer(Strategy::Version).default(1))
                    .col(timestamp_with_time_zone(Strategy::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Goals::Table)
                    .col(pk_auto(Goals::Id))
                    .col(integer_null(Goals::ParentId))
                    .col(string_uniq(Goals::Code))
                    .col(string(Goals::Title))
                    .col(text(Goals::Description))
                    .col(integer(Goals::Position).default(0))
                    .col(integer(Goals::Version).default(1))
                    .col(timestamp_with_time_zone(Goals::CreatedAt))
                    .col(timestamp_with_time_zone(Goals::UpdatedAt))
                    .foreign_key(&mut fk(
                        Goals::Table,
                        Goals::ParentId,
                        Goals::Table,
                        Goals::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Statuses::Table)
                    .col(pk_auto(Statuses::Id))
                    .col(string_uniq(Statuses::Code))
                    .col(string(Statuses::Label))
                    .col(string(Statuses::Category))
                    .col(integer_null(Statuses::DefaultProgress))
                    .col(integer(Statuses::Position).default(0))
                    .col(boolean(Statuses::Active).default(true))
                    .col(integer(Statuses::Version).default(1))
                    .col(timestamp_with_time_zone(Statuses::CreatedAt))
                    .col(timestamp_with_time_zone(Statuses::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Measures::Table)
                    .col(pk_auto(Measures::Id))
                    .col(string_uniq(Measures::Code))
                    .col(string(Measures::Title))
                    .col(text(Measures::Description))
                    .col(integer(Measures::LeadDepartmentId))
                    .col(string_null(Measures::ContactName))
                    .col(string_null(Measures::ContactEmail))
                    .col(integer(Measures::StatusId))
                    .col(integer(Measures::Progress).default(0))
                    .col(date_null(Measures::PlannedStart))
                    .col(date_null(Measures::PlannedEnd))
                    .col(date_null(Measures::ActualStart))
                    .col(date_null(Measures::ActualEnd))
                    .col(string(Measures::Priority))
                    .col(integer(Measures::Weight).default(1))
                    .col(big_integer_null(Measures::BudgetPlannedCents))
                    .col(big_integer_null(Measures::BudgetSpentCents))
                    .col(string(Measures::Visibility))
                    .col(boolean(Measures::Archived).default(false))
                    .col(string_null(Measures::LightOverride))
                    .col(text_null(Measures::LightOverrideReason))
                    .col(integer_null(Measures::LightOverrideBy))
                    .col(timestamp_with_time_zone_null(Measures::LightOverrideAt))
                    .col(date_null(Measures::LastUpdateDate))
                    .col(integer(Measures::Version).default(1))
                    .col(timestamp_with_time_zone(Measures::CreatedAt))
                    .col(timestamp_with_time_zone(Measures::UpdatedAt))
                    .foreign_key(&mut fk(
                        Measures::Table,
                        Measures::LeadDepartmentId,
                        Departments::Table,
                        Departments::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Measures::Table,
                        Measures::StatusId,
                        Statuses::Table,
                        Statuses::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Measures::Table,
                        Measures::LightOverrideBy,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_measures_lead_department",
                Measures::Table,
                &["lead_department_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_measures_status",
                Measures::Table,
                &["status_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MeasureGoals::Table)
                    .col(integer(MeasureGoals::MeasureId))
                    .col(integer(MeasureGoals::GoalId))
                    .primary_key(
                        Index::create()
                            .col(MeasureGoals::MeasureId)
                            .col(MeasureGoals::GoalId),
                    )
                    .foreign_key(&mut fk(
                        MeasureGoals::Table,
                        MeasureGoals::MeasureId,
                        Measures::Table,
                        Measures::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        MeasureGoals::Table,
                        MeasureGoals::GoalId,
                        Goals::Table,
                        Goals::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_measure_goals_goal",
                MeasureGoals::Table,
                &["goal_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MeasureDepartments::Table)
                    .col(integer(MeasureDepartments::MeasureId))
                    .col(integer(MeasureDepartments::DepartmentId))
                    .primary_key(
                        Index::create()
                            .col(MeasureDepartments::MeasureId)
                            .col(MeasureDepartments::DepartmentId),
                    )
                    .foreign_key(&mut fk(
                        MeasureDepartments::Table,
                        MeasureDepartments::MeasureId,
                        Measures::Table,
                        Measures::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        MeasureDepartments::Table,
                        MeasureDepartments::DepartmentId,
                        Departments::Table,
                        Departments::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_measure_departments_department",
                MeasureDepartments::Table,
                &["department_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MeasureDependencies::Table)
                    .col(integer(MeasureDependencies::MeasureId))
                    .col(integer(MeasureDependencies::DependsOnId))
                    .primary_key(
                        Index::create()
                            .col(MeasureDependencies::MeasureId)
                            .col(MeasureDependencies::DependsOnId),
                    )
                    .foreign_key(&mut fk(
                        MeasureDependencies::Table,
                        MeasureDependencies::MeasureId,
                        Measures::Table,
                        Measures::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        MeasureDependencies::Table,
                        MeasureDependencies::DependsOnId,
                        Measures::Table,
                        Measures::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Milestones::Table)
                    .col(pk_auto(Milestones::Id))
                    .col(integer(Milestones::MeasureId))
                    .col(string(Milestones::Title))
                    .col(date(Milestones::DueDate))
                    .col(date_null(Milestones::DoneDate))
                    .col(integer(Milestones::Position).default(0))
                    .foreign_key(&mut fk(
                        Milestones::Table,
                        Milestones::MeasureId,
                        Measures::Table,
                        Measures::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_milestones_measure",
                Milestones::Table,
                &["measure_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StatusUpdates::Table)
                    .col(pk_auto(StatusUpdates::Id))
                    .col(integer(StatusUpdates::MeasureId))
                    .col(date(StatusUpdates::ReportingDate))
                    .col(text(StatusUpdates::Narrative))
                    .col(integer(StatusUpdates::Progress))
                    .col(integer(StatusUpdates::StatusId))
                    .col(integer_null(StatusUpdates::AuthorId))
                    .col(string(StatusUpdates::AuthorName))
                    .col(timestamp_with_time_zone(StatusUpdates::CreatedAt))
                    // Status updates are append-only history: deleting a measure is not
                    // possible while it has any (measures are archived instead).
                    .foreign_key(&mut fk(
                        StatusUpdates::Table,
                        StatusUpdates::MeasureId,
                        Measures::Table,
                        Measures::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        StatusUpdates::Table,
                        StatusUpdates::StatusId,
                        Statuses::Table,
                        Statuses::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        StatusUpdates::Table,
                        StatusUpdates::AuthorId,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_status_updates_measure",
                StatusUpdates::Table,
                &["measure_id", "id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(integer_null(AuditLog::ActorId))
                    .col(string(AuditLog::ActorName))
                    .col(string(AuditLog::EntityType))
                    .col(integer_null(AuditLog::EntityId))
                    .col(string(AuditLog::Action))
                    .col(text_null(AuditLog::Before))
                    .col(text_null(AuditLog::After))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_audit_entity",
                AuditLog::Table,
                &["entity_type", "entity_id"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            StatusUpdates::Table.into_iden(),
            Milestones::Table.into_iden(),
            MeasureDependencies::Table.into_iden(),
            MeasureDepartments::Table.into_iden(),
            MeasureGoals::Table.into_iden(),
            Measures::Table.into_iden(),
            Statuses::Table.into_iden(),
            Goals::Table.into_iden(),
            Strategy::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            UserDepartments::Table.into_iden(),
            Departments::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
