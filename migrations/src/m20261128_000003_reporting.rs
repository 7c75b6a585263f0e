//! Council reporting: reporting rounds (Berichtsrunden) tied to a council meeting, the
//! measures due in each round with their draft → submitted → returned/approved answers,
//! in-app notifications, the log of reminders already sent (so each is sent once), the
//! frozen reports (Sachstandsberichte: one immutable JSON document with its SHA-256 hash per
//! freeze, withdrawable with a recorded reason but never edited or deleted) and the cache of
//! their rendered exports.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Measures {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Statuses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum StatusUpdates {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ReportingRounds {
    Table,
    Id,
    Title,
    MeetingBody,
    MeetingDate,
    VorlageNumber,
    Deadline,
    GraceDays,
    State,
    CreatedById,
    CreatedByName,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReportingRoundItems {
    Table,
    Id,
    RoundId,
    MeasureId,
    DepartmentId,
    State,
    DraftStatusId,
    DraftProgress,
    DraftNarrative,
    DraftSavedAt,
    SubmittedAt,
    SubmittedById,
    SubmittedByName,
    ReviewedAt,
    ReviewedById,
    ReviewedByName,
    ReviewComment,
    StatusUpdateId,
    Version,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    RoundId,
    MeasureId,
    Message,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum ReminderLog {
    Table,
    Id,
    RoundId,
    DepartmentId,
    Kind,
    SentAt,
    Recipients,
    EmailsSent,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    RoundId,
    Title,
    MeetingBody,
    MeetingDate,
    VorlageNumber,
    PreviousReportId,
    FrozenAt,
    FrozenById,
    FrozenByName,
    Content,
    ContentHash,
    WithdrawnAt,
    WithdrawnById,
    WithdrawnByName,
    WithdrawalReason,
    Version,
}

#[derive(DeriveIden)]
enum ReportExports {
    Table,
    ReportId,
    Variant,
    Content,
    GeneratedAt,
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
                    .table(ReportingRounds::Table)
                    .col(pk_auto(ReportingRounds::Id))
                    .col(string(ReportingRounds::Title))
                    // The meeting the round reports to: body (Stadtrat, Ausschuss), date, Vorlage.
                    .col(string(ReportingRounds::MeetingBody))
                    .col(date(ReportingRounds::MeetingDate))
                    .col(string_null(ReportingRounds::VorlageNumber))
                    .col(date(ReportingRounds::Deadline))
                    .col(integer(ReportingRounds::GraceDays).default(0))
                    // open | frozen
                    .col(string(ReportingRounds::State))
                    .col(integer_null(ReportingRounds::CreatedById))
                    .col(string(ReportingRounds::CreatedByName))
                    .col(integer(ReportingRounds::Version).default(1))
                    .col(timestamp_with_time_zone(ReportingRounds::CreatedAt))
                    .col(timestamp_with_time_zone(ReportingRounds::UpdatedAt))
                    .foreign_key(&mut fk(
                        ReportingRounds::Table,
                        ReportingRounds::CreatedById,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReportingRoundItems::Table)
                    .col(pk_auto(ReportingRoundItems::Id))
                    .col(integer(ReportingRoundItems::RoundId))
                    .col(integer(ReportingRoundItems::MeasureId))
                    // The measure's lead department when the round was opened: who owes it.
                    .col(integer(ReportingRoundItems::DepartmentId))
                    // due | submitted | returned | approved
                    .col(string(ReportingRoundItems::State))
                    .col(integer_null(ReportingRoundItems::DraftStatusId))
                    .col(integer_null(ReportingRoundItems::DraftProgress))
                    .col(text_null(ReportingRoundItems::DraftNarrative))
                    .col(timestamp_with_time_zone_null(
                        ReportingRoundItems::DraftSavedAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        ReportingRoundItems::SubmittedAt,
                    ))
                    .col(integer_null(ReportingRoundItems::SubmittedById))
                    .col(string_null(ReportingRoundItems::SubmittedByName))
                    .col(timestamp_with_time_zone_null(
                        ReportingRoundItems::ReviewedAt,
                    ))
                    .col(integer_null(ReportingRoundItems::ReviewedById))
                    .col(string_null(ReportingRoundItems::ReviewedByName))
                    .col(text_null(ReportingRoundItems::ReviewComment))
                    // The status update written when the answer was approved.
                    .col(integer_null(ReportingRoundItems::StatusUpdateId))
                    .col(integer(ReportingRoundItems::Version).default(1))
                    .foreign_key(&mut fk(
                        ReportingRoundItems::Table,
                        ReportingRoundItems::RoundId,
                        ReportingRounds::Table,
                        ReportingRounds::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ReportingRoundItems::Table,
                        ReportingRoundItems::MeasureId,
                        Measures::Table,
                        Measures::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        ReportingRoundItems::Table,
                        ReportingRoundItems::DepartmentId,
                        Departments::Table,
                        Departments::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        ReportingRoundItems::Table,
                        ReportingRoundItems::DraftStatusId,
                        Statuses::Table,
                        Statuses::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        ReportingRoundItems::Table,
                        ReportingRoundItems::SubmittedById,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        ReportingRoundItems::Table,
                        ReportingRoundItems::ReviewedById,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        ReportingRoundItems::Table,
                        ReportingRoundItems::StatusUpdateId,
                        StatusUpdates::Table,
                        StatusUpdates::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_reporting_round_items_round_measure",
                    ReportingRoundItems::Table,
                    &["round_id", "measure_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_reporting_round_items_department",
                ReportingRoundItems::Table,
                &["department_id", "state"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(pk_auto(Notifications::Id))
                    .col(integer(Notifications::UserId))
                    .col(string(Notifications::Kind))
                    .col(integer_null(Notifications::RoundId))
                    .col(integer_null(Notifications::MeasureId))
                    .col(text(Notifications::Message))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .foreign_key(&mut fk(
                        Notifications::Table,
                        Notifications::UserId,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Notifications::Table,
                        Notifications::RoundId,
                        ReportingRounds::Table,
                        ReportingRounds::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Notifications::Table,
                        Notifications::MeasureId,
                        Measures::Table,
                        Measures::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_notifications_user",
                Notifications::Table,
                &["user_id", "read_at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReminderLog::Table)
                    .col(pk_auto(ReminderLog::Id))
                    .col(integer(ReminderLog::RoundId))
                    .col(integer(ReminderLog::DepartmentId))
                    // before_deadline | after_deadline
                    .col(string(ReminderLog::Kind))
                    .col(timestamp_with_time_zone(ReminderLog::SentAt))
                    .col(integer(ReminderLog::Recipients))
                    .col(integer(ReminderLog::EmailsSent))
                    .foreign_key(&mut fk(
                        ReminderLog::Table,
                        ReminderLog::RoundId,
                        ReportingRounds::Table,
                        ReportingRounds::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ReminderLog::Table,
                        ReminderLog::DepartmentId,
                        Departments::Table,
                        Departments::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_reminder_log_once",
                    ReminderLog::Table,
                    &["round_id", "department_id", "kind"],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Reports::Table)
                    .col(pk_auto(Reports::Id))
                    .col(integer(Reports::RoundId))
                    .col(string(Reports::Title))
                    .col(string(Reports::MeetingBody))
                    .col(date(Reports::MeetingDate))
                    .col(string_null(Reports::VorlageNumber))
                    .col(integer_null(Reports::PreviousReportId))
                    .col(timestamp_with_time_zone(Reports::FrozenAt))
                    .col(integer_null(Reports::FrozenById))
                    .col(string(Reports::FrozenByName))
                    // The frozen report as canonical JSON; ContentHash = SHA-256 of it (hex).
                    .col(text(Reports::Content))
                    .col(string(Reports::ContentHash))
                    .col(timestamp_with_time_zone_null(Reports::WithdrawnAt))
                    .col(integer_null(Reports::WithdrawnById))
                    .col(string_null(Reports::WithdrawnByName))
                    .col(text_null(Reports::WithdrawalReason))
                    .col(integer(Reports::Version).default(1))
                    .foreign_key(&mut fk(
                        Reports::Table,
                        Reports::RoundId,
                        ReportingRounds::Table,
                        ReportingRounds::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Reports::Table,
                        Reports::PreviousReportId,
                        Reports::Table,
                        Reports::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Reports::Table,
                        Reports::FrozenById,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        Reports::Table,
                        Reports::WithdrawnById,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_reports_meeting",
                Reports::Table,
                &["meeting_date", "meeting_body"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReportExports::Table)
                    .col(integer(ReportExports::ReportId))
                    // e.g. "pdf:internal", "pdf:public", "xlsx:internal"
                    .col(string(ReportExports::Variant))
                    .col(blob(ReportExports::Content))
                    .col(timestamp_with_time_zone(ReportExports::GeneratedAt))
                    .primary_key(
                        Index::create()
                            .col(ReportExports::ReportId)
                            .col(ReportExports::Variant),
                    )
                    .foreign_key(&mut fk(
                        ReportExports::Table,
                        ReportExports::ReportId,
                        Reports::Table,
                        Reports::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ReportExports::Table.into_iden(),
            Reports::Table.into_iden(),
            ReminderLog::Table.into_iden(),
            Notifications::Table.into_iden(),
            ReportingRoundItems::Table.into_iden(),
            ReportingRounds::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
