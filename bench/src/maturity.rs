//! Maturity data for the benchmark: 20 approved rounds × every department × the default
//! model's 8 dimensions, written through the per-item store functions the API uses
//! (`rounds::create`, `assessments::put`, `rounds::transition`).

use chrono::Duration;
use kurs::domain::maturity::{AssessmentMethod, RoundAction};
use kurs::store::maturity::{assessments, models, rounds};
use kurs::store::{self, Actor, Db};

use crate::data::Rng;

pub const ROUNDS: usize = 20;

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct MaturitySeeded {
    pub assessments: usize,
    pub note: Option<String>,
}

pub async fn seed(db: &Db, seed: u64) -> anyhow::Result<MaturitySeeded> {
    let actor = Actor::system("kurs-bench");
    let mut rng = Rng::new(seed ^ 0x6d61_7475_7269_7479);
    store::maturity::ensure_default_model(db).await?;
    let Some(model) = models::list(db).await?.into_iter().find(|m| m.latest) else {
        return Ok(MaturitySeeded {
            assessments: 0,
            note: Some("no maturity model: maturity not seeded".into()),
        });
    };
    let loaded = models::load(db, model.id).await?;
    let dimensions: Vec<String> = loaded
        .definition
        .dimensions
        .iter()
        .map(|d| d.code.clone())
        .collect();
    let (min, max) = (loaded.definition.levels.min, loaded.definition.levels.max);
    let departments: Vec<i32> = store::departments::list(db)
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect();
    let today = store::today();
    let mut written = 0;
    let mut level: Vec<i32> = vec![min; departments.len() * dimensions.len()];
    for r in 0..ROUNDS {
        let round = rounds::create(
            db,
            rounds::NewRound {
                title: format!("Reifegraderhebung {} (Benchmark)", r + 1),
                description: String::new(),
                round_date: today - Duration::days(60 * (ROUNDS - r) as i64),
                model_id: model.id,
                includes_administration: false,
                department_ids: Some(departments.clone()),
            },
            &actor,
        )
        .await?;
        let context = assessments::context(db, round.id).await?;
        for (d, department) in departments.iter().enumerate() {
            for (k, dimension) in dimensions.iter().enumerate() {
                let cell = &mut level[d * dimensions.len() + k];
                if rng.chance(25) && *cell < max {
                    *cell += 1;
                }
                assessments::put(
                    db,
                    &context,
                    assessments::AssessmentInput {
                        department_id: Some(*department),
                        dimension_code: dimension.clone(),
                        actual_level: Some(*cell),
                        target_level: Some(max.min(*cell + 1)),
                        target_date: None,
                        evidence: format!("Benchmark-Erhebung {}", r + 1),
                        method: AssessmentMethod::SelfAssessment,
                        answers: Vec::new(),
                    },
                    None,
                    &actor,
                )
                .await?;
                written += 1;
            }
        }
        let submitted = rounds::transition(
            db,
            round.id,
            round.version,
            RoundAction::Submit,
            None,
            &actor,
        )
        .await?;
        rounds::transition(
            db,
            round.id,
            submitted.version,
            RoundAction::Approve,
            None,
            &actor,
        )
        .await?;
    }
    Ok(MaturitySeeded {
        assessments: written,
        note: None,
    })
}
