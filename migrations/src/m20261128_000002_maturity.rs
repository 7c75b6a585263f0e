//! Maturity assessments: model versions (the definition is one JSON document per version,
//! frozen once a round uses it), assessment rounds with their department scope, the
//! assessments per (round, department or administration, dimension), the findings of the
//! Ist-Analyse with their links to goals and measures, and the maturity targets measures
//! declare per dimension code.

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
enum Goals {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Measures {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum MaturityModels {
    Table,
    Id,
    Key,
    Name,
    Description,
    ModelVersion,
    AggregationRule,
    Definition,
    BasedOnId,
    Frozen,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MaturityRounds {
    Table,
    Id,
    Title,
    Description,
    RoundDate,
    ModelId,
    IncludesAdministration,
    State,
    SubmittedAt,
    SubmittedBy,
    ApprovedAt,
    ApprovedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MaturityRoundDepartments {
    Table,
    RoundId,
    DepartmentId,
}

#[derive(DeriveIden)]
enum MaturityAssessments {
    Table,
    Id,
    RoundId,
    DepartmentId,
    ScopeKey,
    DimensionCode,
    ActualLevel,
    TargetLevel,
    TargetDate,
    Evidence,
    Method,
    Answers,
    AssessedBy,
    AssessedByName,
    AssessedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MaturityFindings {
    Table,
    Id,
    Text,
    DepartmentId,
    DimensionCode,
    Severity,
    Source,
    SourceDate,
    RoundId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MaturityFindingGoals {
    Table,
    FindingId,
    GoalId,
}

#[derive(DeriveIden)]
enum MaturityFindingMeasures {
    Table,
    FindingId,
    MeasureId,
}

#[derive(DeriveIden)]
enum MeasureMaturityTargets {
    Table,
    Id,
    MeasureId,
    DimensionCode,
    DepartmentId,
    ExpectedLevel,
    Position,
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
                    .table(MaturityModels::Table)
                    .col(pk_auto(MaturityModels::Id))
                    .col(string(MaturityModels::Key))
                    .col(string(MaturityModels::Name))
                    .col(text(MaturityModels::Description))
                    .col(integer(MaturityModels::ModelVersion))
                    .col(string(MaturityModels::AggregationRule))
                    // The scale and the dimensions as one JSON document (see the store).
                    .col(text(MaturityModels::Definition))
                    .col(integer_null(MaturityModels::BasedOnId))
                    .col(boolean(MaturityModels::Frozen).default(false))
                    .col(integer(MaturityModels::Version).default(1))
                    .col(timestamp_with_time_zone(MaturityModels::CreatedAt))
                    .col(timestamp_with_time_zone(MaturityModels::UpdatedAt))
                    .foreign_key(&mut fk(
                        MaturityModels::Table,
                        MaturityModels::BasedOnId,
                        MaturityModels::Table,
                        MaturityModels::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_maturity_models_key_version",
                    MaturityModels::Table,
                    &["key", "model_version"],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MaturityRounds::Table)
                    .col(pk_auto(MaturityRounds::Id))
                    .col(string(MaturityRounds::Title))
                    .col(text(MaturityRounds::Description))
                    .col(date(MaturityRounds::RoundDate))
                    .col(integer(MaturityRounds::ModelId))
                    .col(boolean(MaturityRounds::IncludesAdministration).default(true))
                    .col(string(MaturityRounds::State))
                    .col(timestamp_with_time_zone_null(MaturityRounds::SubmittedAt))
                    .col(integer_null(MaturityRounds::SubmittedBy))
                    .col(timestamp_with_time_zone_null(MaturityRounds::ApprovedAt))
                    .col(integer_null(MaturityRounds::ApprovedBy))
                    .col(integer(MaturityRounds::Version).default(1))
                    .col(timestamp_with_time_zone(MaturityRounds::CreatedAt))
                    .col(timestamp_with_time_zone(MaturityRounds::UpdatedAt))
                    .foreign_key(&mut fk(
                        MaturityRounds::Table,
                        MaturityRounds::ModelId,
                        MaturityModels::Table,
                        MaturityModels::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        MaturityRounds::Table,
                        MaturityRounds::SubmittedBy,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        MaturityRounds::Table,
                        MaturityRounds::ApprovedBy,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_maturity_rounds_model",
                MaturityRounds::Table,
                &["model_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MaturityRoundDepartments::Table)
                    .col(integer(MaturityRoundDepartments::RoundId))
                    .col(integer(MaturityRoundDepartments::DepartmentId))
                    .primary_key(
                        Index::create()
                            .col(MaturityRoundDepartments::RoundId)
                            .col(MaturityRoundDepartments::DepartmentId),
                    )
                    .foreign_key(&mut fk(
                        MaturityRoundDepartments::Table,
                        MaturityRoundDepartments::RoundId,
                        MaturityRounds::Table,
                        MaturityRounds::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        MaturityRoundDepartments::Table,
                        MaturityRoundDepartments::DepartmentId,
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
                    .table(MaturityAssessments::Table)
                    .col(pk_auto(MaturityAssessments::Id))
                    .col(integer(MaturityAssessments::RoundId))
                    .col(integer_null(MaturityAssessments::DepartmentId))
                    // department_id, or 0 for the administration as a whole: NULLs are
                    // distinct in unique indexes, so the uniqueness rule needs a non-null key.
                    .col(integer(MaturityAssessments::ScopeKey))
                    .col(string(MaturityAssessments::DimensionCode))
                    .col(integer_null(MaturityAssessments::ActualLevel))
                    .col(integer_null(MaturityAssessments::TargetLevel))
                    .col(date_null(MaturityAssessments::TargetDate))
                    .col(text(MaturityAssessments::Evidence))
                    .col(string(MaturityAssessments::Method))
                    .col(text_null(MaturityAssessments::Answers))
                    .col(integer_null(MaturityAssessments::AssessedBy))
                    .col(string(MaturityAssessments::AssessedByName))
                    .col(timestamp_with_time_zone(MaturityAssessments::AssessedAt))
                    .col(integer(MaturityAssessments::Version).default(1))
                    .col(timestamp_with_time_zone(MaturityAssessments::CreatedAt))
                    .col(timestamp_with_time_zone(MaturityAssessments::UpdatedAt))
                    .foreign_key(&mut fk(
                        MaturityAssessments::Table,
                        MaturityAssessments::RoundId,
                        MaturityRounds::Table,
                        MaturityRounds::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        MaturityAssessments::Table,
                        MaturityAssessments::DepartmentId,
                        Departments::Table,
                        Departments::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        MaturityAssessments::Table,
                        MaturityAssessments::AssessedBy,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_maturity_assessments_cell",
                    MaturityAssessments::Table,
                    &["round_id", "scope_key", "dimension_code"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_maturity_assessments_department",
                MaturityAssessments::Table,
                &["department_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MaturityFindings::Table)
                    .col(pk_auto(MaturityFindings::Id))
                    .col(text(MaturityFindings::Text))
                    .col(integer_null(MaturityFindings::DepartmentId))
                    .col(string_null(MaturityFindings::DimensionCode))
                    .col(string(MaturityFindings::Severity))
                    .col(string(MaturityFindings::Source))
                    .col(date_null(MaturityFindings::SourceDate))
                    .col(integer_null(MaturityFindings::RoundId))
                    .col(integer(MaturityFindings::Version).default(1))
                    .col(timestamp_with_time_zone(MaturityFindings::CreatedAt))
                    .col(timestamp_with_time_zone(MaturityFindings::UpdatedAt))
                    .foreign_key(&mut fk(
                        MaturityFindings::Table,
                        MaturityFindings::DepartmentId,
                        Departments::Table,
                        Departments::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        MaturityFindings::Table,
                        MaturityFindings::RoundId,
                        MaturityRounds::Table,
                        MaturityRounds::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MaturityFindingGoals::Table)
                    .col(integer(MaturityFindingGoals::FindingId))
                    .col(integer(MaturityFindingGoals::GoalId))
                    .primary_key(
                        Index::create()
                            .col(MaturityFindingGoals::FindingId)
                            .col(MaturityFindingGoals::GoalId),
                    )
                    .foreign_key(&mut fk(
                        MaturityFindingGoals::Table,
                        MaturityFindingGoals::FindingId,
                        MaturityFindings::Table,
                        MaturityFindings::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        MaturityFindingGoals::Table,
                        MaturityFindingGoals::GoalId,
                        Goals::Table,
                        Goals::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MaturityFindingMeasures::Table)
                    .col(integer(MaturityFindingMeasures::FindingId))
                    .col(integer(MaturityFindingMeasures::MeasureId))
                    .primary_key(
                        Index::create()
                            .col(MaturityFindingMeasures::FindingId)
                            .col(MaturityFindingMeasures::MeasureId),
                    )
                    .foreign_key(&mut fk(
                        MaturityFindingMeasures::Table,
                        MaturityFindingMeasures::FindingId,
                        MaturityFindings::Table,
                        MaturityFindings::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        MaturityFindingMeasures::Table,
                        MaturityFindingMeasures::MeasureId,
                        Measures::Table,
                        Measures::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_maturity_finding_measures_measure",
                MaturityFindingMeasures::Table,
                &["measure_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MeasureMaturityTargets::Table)
                    .col(pk_auto(MeasureMaturityTargets::Id))
                    .col(integer(MeasureMaturityTargets::MeasureId))
                    // A dimension *code*, so a target stays valid across model versions.
                    .col(string(MeasureMaturityTargets::DimensionCode))
                    .col(integer_null(MeasureMaturityTargets::DepartmentId))
                    .col(integer(MeasureMaturityTargets::ExpectedLevel))
                    .col(integer(MeasureMaturityTargets::Position).default(0))
                    .foreign_key(&mut fk(
                        MeasureMaturityTargets::Table,
                        MeasureMaturityTargets::MeasureId,
                        Measures::Table,
                        Measures::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        MeasureMaturityTargets::Table,
                        MeasureMaturityTargets::DepartmentId,
                        Departments::Table,
                        Departments::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_measure_maturity_targets_measure",
                MeasureMaturityTargets::Table,
                &["measure_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_measure_maturity_targets_dimension",
                MeasureMaturityTargets::Table,
                &["dimension_code"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MeasureMaturityTargets::Table.into_iden(),
            MaturityFindingMeasures::Table.into_iden(),
            MaturityFindingGoals::Table.into_iden(),
            MaturityFindings::Table.into_iden(),
            MaturityAssessments::Table.into_iden(),
            MaturityRoundDepartments::Table.into_iden(),
            MaturityRounds::Table.into_iden(),
            MaturityModels::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
