//! Roll-up: aggregates the progress and traffic lights of a set of measures (for a goal, a
//! field of action, a department or the whole strategy) into one progress value and one
//! light, together with the formula and the numbers behind them, so the maths is never hidden.
//!
//! The rule, implemented by [`roll_up`]:
//!
//! - **Inclusion.** Cancelled measures (abgebrochen) are excluded from everything below; they
//!   are only counted in `measures_excluded_cancelled`. [`excluded_reason`] says per measure
//!   whether and why it is excluded. Every other measure is *included*.
//! - **Progress** is the weighted mean over the included measures:
//!   `Σ(weightᵢ × progressᵢ) / Σ weightᵢ`. If every included measure has weight 0, the
//!   unweighted mean `Σ progressᵢ / n` is used instead, and `method` and the formula say so.
//!   Reported progress above 100 is treated as 100. The result is rounded to one decimal,
//!   half up, computed exactly in integers.
//! - **Light** is a weighted mean too. Each included measure scores green = 100,
//!   yellow = 50, red = 0 points, weighted by its weight (with the same fallback to the
//!   unweighted mean when every scored measure has weight 0). Pending measures (and an
//!   included measure without a light, which is treated as pending) are not scored. The score
//!   is rounded to one decimal like progress and then mapped: **≥ 75 → green, ≥ 40 → yellow,
//!   otherwise red**. If every included measure is pending, the roll-up light is pending and
//!   there is no score.
//! - **No included measures** (none at all, or all cancelled): progress, light and score are
//!   `None` and `method` is `no_measures`.
//! - **Counts** count the included measures by light.
//!
//! `weighted_progress_sum` and `weight_total` are the true sums `Σ(weightᵢ × progressᵢ)` and
//! `Σ weightᵢ` over the included measures (both 0 when the unweighted fallback applies; the
//! formula then shows `Σ progressᵢ` and `n`). The formulas are given in German (decimal
//! comma) and English (decimal point), with the actual numbers filled in.
//!
//! The computation is one pass over the inputs with fixed-size accumulators; only the formula
//! strings are allocated.

use std::fmt::Write as _;

use serde::Serialize;
use utoipa::ToSchema;

use super::status::StatusCategory;
use super::traffic_light::TrafficLight;

/// Points of a green measure in the light score.
const GREEN_POINTS: u128 = 100;
/// Points of a yellow measure in the light score.
const YELLOW_POINTS: u128 = 50;
/// Points of a red measure in the light score.
const RED_POINTS: u128 = 0;
/// Minimum score for a green roll-up, in tenths of a point (75.0).
const GREEN_FROM_TENTHS: u128 = 750;
/// Minimum score for a yellow roll-up, in tenths of a point (40.0).
const YELLOW_FROM_TENTHS: u128 = 400;

/// One measure as the roll-up sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RollupInput {
    /// Id of the measure (for tracing which measures were included).
    pub measure_id: i64,
    /// Weight of the measure; 0 means "no influence" unless all weights are 0.
    pub weight: u32,
    /// Progress in percent, 0..=100 (larger values are treated as 100).
    pub progress: u8,
    /// The measure's effective traffic light; `None` for cancelled measures.
    pub light: Option<TrafficLight>,
    /// Status category; cancelled measures are excluded.
    pub status: StatusCategory,
}

/// How the roll-up progress was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RollupMethod {
    /// Σ(weight × progress) / Σ weight over the included measures.
    WeightedMean,
    /// Every included measure has weight 0, so Σ progress / count is used.
    UnweightedMeanBecauseAllWeightsZero,
    /// No measure is included (none exist, or all are cancelled): no progress, no light.
    NoMeasures,
}

/// Number of included measures per traffic light.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct LightCounts {
    /// Measures that are im Plan.
    pub green: u32,
    /// Measures that are gefährdet.
    pub yellow: u32,
    /// Measures that are kritisch.
    pub red: u32,
    /// Measures whose status is ausstehend (no update yet); not scored.
    pub pending: u32,
}

/// Aggregated progress and traffic light of a set of measures, with the formula used.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Rollup {
    /// Aggregated progress in percent, rounded to one decimal; `None` when no measure is
    /// included.
    pub progress: Option<f64>,
    /// Aggregated light; `pending` when every included measure is pending; `None` when no
    /// measure is included.
    pub light: Option<TrafficLight>,
    /// Light score 0..=100 (green = 100, yellow = 50, red = 0 points, weighted), rounded to
    /// one decimal; ≥ 75 is green, ≥ 40 yellow, otherwise red. `None` when no measure is
    /// scored.
    pub light_score: Option<f64>,
    /// How `progress` was computed.
    pub method: RollupMethod,
    /// The progress formula with the actual numbers, in German (decimal comma).
    pub formula: String,
    /// The progress formula with the actual numbers, in English.
    pub formula_en: String,
    /// The light-score formula with the actual numbers and thresholds, in German.
    pub light_formula: String,
    /// The light-score formula with the actual numbers and thresholds, in English.
    pub light_formula_en: String,
    /// Σ(weight × progress) over the included measures.
    pub weighted_progress_sum: f64,
    /// Σ weight over the included measures.
    pub weight_total: u64,
    /// All measures given, including cancelled ones.
    pub measures_total: u32,
    /// Measures that entered the roll-up (all but the cancelled ones).
    pub measures_included: u32,
    /// Cancelled measures left out of the roll-up.
    pub measures_excluded_cancelled: u32,
    /// Included measures per light.
    pub counts: LightCounts,
}

/// Why a measure is left out of roll-ups: `Some("cancelled")` for cancelled measures,
/// `None` for included ones.
pub fn excluded_reason(input: &RollupInput) -> Option<&'static str> {
    match input.status {
        StatusCategory::Cancelled => Some("cancelled"),
        StatusCategory::Planned
        | StatusCategory::InProgress
        | StatusCategory::Completed
        | StatusCategory::Deferred => None,
    }
}

/// Running sums of a weighted mean with its unweighted fallback.
#[derive(Default)]
struct Mean {
    weighted_sum: u128,
    weight_total: u64,
    plain_sum: u128,
    count: u64,
}

impl Mean {
    fn add(&mut self, weight: u32, value: u128) {
        self.weighted_sum += u128::from(weight) * value;
        self.weight_total += u64::from(weight);
        self.plain_sum += value;
        self.count += 1;
    }

    /// Numerator and denominator actually used, and whether the weights were used.
    fn fraction(&self) -> Option<(u128, u128, bool)> {
        if self.weight_total > 0 {
            Some((self.weighted_sum, u128::from(self.weight_total), true))
        } else if self.count > 0 {
            Some((self.plain_sum, u128::from(self.count), false))
        } else {
            None
        }
    }
}

/// Aggregates measures by the rule described in the module documentation.
pub fn roll_up(inputs: &[RollupInput]) -> Rollup {
    let mut measures_total: u32 = 0;
    let mut excluded_cancelled: u32 = 0;
    let mut counts = LightCounts::default();
    let mut progress = Mean::default();
    let mut score = Mean::default();

    for input in inputs {
        measures_total = measures_total.saturating_add(1);
        if excluded_reason(input).is_some() {
            excluded_cancelled = excluded_cancelled.saturating_add(1);
            continue;
        }
        progress.add(input.weight, u128::from(input.progress.min(100)));
        let (bucket, points) = match input.light {
            Some(TrafficLight::Green) => (&mut counts.green, Some(GREEN_POINTS)),
            Some(TrafficLight::Yellow) => (&mut counts.yellow, Some(YELLOW_POINTS)),
            Some(TrafficLight::Red) => (&mut counts.red, Some(RED_POINTS)),
            // No light on an included measure is an inconsistency; nothing is known, so it
            // is treated like pending rather than dropped silently.
            Some(TrafficLight::Pending) | None => (&mut counts.pending, None),
        };
        *bucket = bucket.saturating_add(1);
        if let Some(points) = points {
            score.add(input.weight, points);
        }
    }
    let measures_included = measures_total - excluded_cancelled;

    let mut formula = String::new();
    let mut formula_en = String::new();
    let (progress_value, method) = match progress.fraction() {
        None => {
            formula.push_str("Fortschritt: keine einbezogenen Maßnahmen, kein Wert berechnet");
            formula_en.push_str("Progress: no included measures, no value computed");
            (None, RollupMethod::NoMeasures)
        }
        Some((numerator, denominator, weighted)) => {
            let tenths = rounded_tenths(numerator, denominator);
            let (de, en) = (Tenths(tenths, ','), Tenths(tenths, '.'));
            if weighted {
                let _ = write!(
                    formula,
                    "Fortschritt = Σ(Gewicht × Fortschritt) / Σ Gewicht \
                     = {numerator} / {denominator} = {de} %"
                );
                let _ = write!(
                    formula_en,
                    "Progress = Σ(weight × progress) / Σ weight \
                     = {numerator} / {denominator} = {en}%"
                );
            } else {
                let _ = write!(
                    formula,
                    "Fortschritt = Σ Fortschritt / Anzahl = {numerator} / {denominator} = {de} % \
                     (ungewichteter Mittelwert, da alle Gewichte 0 sind)"
                );
                let _ = write!(
                    formula_en,
                    "Progress = Σ progress / count = {numerator} / {denominator} = {en}% \
                     (unweighted mean because all weights are 0)"
                );
            }
            let method = if weighted {
                RollupMethod::WeightedMean
            } else {
                RollupMethod::UnweightedMeanBecauseAllWeightsZero
            };
            (Some(tenths_to_f64(tenths)), method)
        }
    };
    if excluded_cancelled > 0 {
        let n = excluded_cancelled;
        if n == 1 {
            formula.push_str("; 1 abgebrochene Maßnahme nicht einbezogen");
            formula_en.push_str("; 1 cancelled measure excluded");
        } else {
            let _ = write!(formula, "; {n} abgebrochene Maßnahmen nicht einbezogen");
            let _ = write!(formula_en, "; {n} cancelled measures excluded");
        }
    }

    let mut light_formula = String::new();
    let mut light_formula_en = String::new();
    let (light, light_score) = match score.fraction() {
        None if measures_included == 0 => {
            light_formula.push_str("Ampel: keine einbezogenen Maßnahmen, keine Ampel berechnet");
            light_formula_en.push_str("Light: no included measures, no light computed");
            (None, None)
        }
        None => {
            let n = counts.pending;
            if n == 1 {
                light_formula.push_str(
                    "Ampel = Status ausstehend, da die einbezogene Maßnahme noch keinen \
                     Sachstand gemeldet hat",
                );
                light_formula_en
                    .push_str("Light = pending because the included measure is pending");
            } else {
                let _ = write!(
                    light_formula,
                    "Ampel = Status ausstehend, da alle {n} einbezogenen Maßnahmen noch keinen \
                     Sachstand gemeldet haben"
                );
                let _ = write!(
                    light_formula_en,
                    "Light = pending because all {n} included measures are pending"
                );
            }
            (Some(TrafficLight::Pending), None)
        }
        Some((numerator, denominator, weighted)) => {
            let tenths = rounded_tenths(numerator, denominator);
            let light = if tenths >= GREEN_FROM_TENTHS {
                TrafficLight::Green
            } else if tenths >= YELLOW_FROM_TENTHS {
                TrafficLight::Yellow
            } else {
                TrafficLight::Red
            };
            let (de, en) = (Tenths(tenths, ','), Tenths(tenths, '.'));
            let (label_de, label_en) = (label_de(light), light.as_str());
            if weighted {
                let _ = write!(
                    light_formula,
                    "Ampelwert = Σ(Gewicht × Punkte) / Σ Gewicht = {numerator} / {denominator} \
                     = {de} → {label_de}"
                );
                let _ = write!(
                    light_formula_en,
                    "Light score = Σ(weight × points) / Σ weight = {numerator} / {denominator} \
                     = {en} → {label_en}"
                );
            } else {
                let _ = write!(
                    light_formula,
                    "Ampelwert = Σ Punkte / Anzahl = {numerator} / {denominator} = {de} \
                     → {label_de} (ungewichteter Mittelwert, da alle bewerteten Maßnahmen das \
                     Gewicht 0 haben)"
                );
                let _ = write!(
                    light_formula_en,
                    "Light score = Σ points / count = {numerator} / {denominator} = {en} \
                     → {label_en} (unweighted mean because all scored measures have weight 0)"
                );
            }
            light_formula.push_str(
                "; Punkte: im Plan = 100, gefährdet = 50, kritisch = 0; \
                 ab 75 im Plan, ab 40 gefährdet, darunter kritisch",
            );
            light_formula_en.push_str(
                "; points: green = 100, yellow = 50, red = 0; \
                 green from 75, yellow from 40, red below",
            );
            match counts.pending {
                0 => {}
                1 => {
                    light_formula.push_str("; 1 Maßnahme mit Status ausstehend nicht bewertet");
                    light_formula_en.push_str("; 1 pending measure not scored");
                }
                n => {
                    let _ = write!(
                        light_formula,
                        "; {n} Maßnahmen mit Status ausstehend nicht bewertet"
                    );
                    let _ = write!(light_formula_en, "; {n} pending measures not scored");
                }
            }
            (Some(light), Some(tenths_to_f64(tenths)))
        }
    };

    Rollup {
        progress: progress_value,
        light,
        light_score,
        method,
        formula,
        formula_en,
        light_formula,
        light_formula_en,
        weighted_progress_sum: progress.weighted_sum as f64,
        weight_total: progress.weight_total,
        measures_total,
        measures_included,
        measures_excluded_cancelled: excluded_cancelled,
        counts,
    }
}

/// `numerator / denominator` in tenths, rounded half up, exactly (denominator > 0).
fn rounded_tenths(numerator: u128, denominator: u128) -> u128 {
    (numerator * 20 + denominator) / (2 * denominator)
}

fn tenths_to_f64(tenths: u128) -> f64 {
    // Exact for every value produced here (0..=1000 tenths).
    tenths as f64 / 10.0
}

/// A value in tenths, displayed with one decimal and the given decimal separator.
struct Tenths(u128, char);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{}", self.0 / 10, self.1, self.0 % 10)
    }
}

fn label_de(light: TrafficLight) -> &'static str {
    match light {
        TrafficLight::Green => "im Plan",
        TrafficLight::Yellow => "gefährdet",
        TrafficLight::Red => "kritisch",
        TrafficLight::Pending => "Status ausstehend",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(weight: u32, progress: u8, light: TrafficLight) -> RollupInput {
        RollupInput {
            measure_id: 1,
            weight,
            progress,
            light: Some(light),
            status: StatusCategory::InProgress,
        }
    }

    fn cancelled(weight: u32, progress: u8) -> RollupInput {
        RollupInput {
            measure_id: 9,
            weight,
            progress,
            light: None,
            status: StatusCategory::Cancelled,
        }
    }

    use TrafficLight::{Green, Pending, Red, Yellow};

    #[test]
    fn no_measures_give_no_progress_and_no_light() {
        let r = roll_up(&[]);
        assert_eq!(r.progress, None);
        assert_eq!(r.light, None);
        assert_eq!(r.light_score, None);
        assert_eq!(r.method, RollupMethod::NoMeasures);
        assert_eq!(r.measures_total, 0);
        assert_eq!(r.measures_included, 0);
        assert_eq!(r.counts, LightCounts::default());
        assert!(r.formula.contains("keine einbezogenen Maßnahmen"));
        assert!(r.formula_en.contains("no included measures"));
    }

    #[test]
    fn all_cancelled_measures_are_treated_like_no_measures() {
        let r = roll_up(&[cancelled(3, 80), cancelled(0, 10)]);
        assert_eq!(r.progress, None);
        assert_eq!(r.light, None);
        assert_eq!(r.method, RollupMethod::NoMeasures);
        assert_eq!(r.measures_total, 2);
        assert_eq!(r.measures_included, 0);
        assert_eq!(r.measures_excluded_cancelled, 2);
        assert_eq!(r.weight_total, 0);
        assert!(
            r.formula
                .contains("2 abgebrochene Maßnahmen nicht einbezogen")
        );
        assert!(r.formula_en.contains("2 cancelled measures excluded"));
    }

    #[test]
    fn cancelled_measures_do_not_change_the_result() {
        let kept = [measure(2, 40, Green), measure(3, 90, Red)];
        let with_cancelled = [kept[0], cancelled(100, 0), kept[1]];
        let a = roll_up(&kept);
        let b = roll_up(&with_cancelled);
        assert_eq!(a.progress, b.progress);
        assert_eq!(a.light, b.light);
        assert_eq!(a.light_score, b.light_score);
        assert_eq!(a.counts, b.counts);
        assert_eq!(b.measures_total, 3);
        assert_eq!(b.measures_included, 2);
        assert_eq!(b.measures_excluded_cancelled, 1);
        assert!(
            b.formula
                .ends_with("; 1 abgebrochene Maßnahme nicht einbezogen")
        );
    }

    #[test]
    fn mixed_weights_give_the_weighted_mean() {
        // (1 × 20 + 3 × 60) / 4 = 200 / 4 = 50.
        let r = roll_up(&[measure(1, 20, Green), measure(3, 60, Green)]);
        assert_eq!(r.progress, Some(50.0));
        assert_eq!(r.method, RollupMethod::WeightedMean);
        assert_eq!(r.weighted_progress_sum, 200.0);
        assert_eq!(r.weight_total, 4);
    }

    #[test]
    fn a_zero_weight_measure_among_weighted_ones_has_no_influence() {
        let r = roll_up(&[measure(2, 80, Green), measure(0, 0, Red)]);
        assert_eq!(r.progress, Some(80.0));
        assert_eq!(r.method, RollupMethod::WeightedMean);
        assert_eq!(r.light, Some(Green));
        assert_eq!(r.light_score, Some(100.0));
        assert_eq!(r.counts.red, 1);
    }

    #[test]
    fn zero_weights_fall_back_to_the_unweighted_mean() {
        let r = roll_up(&[
            measure(0, 10, Green),
            measure(0, 20, Yellow),
            measure(0, 90, Red),
            cancelled(5, 100),
        ]);
        assert_eq!(r.progress, Some(40.0));
        assert_eq!(r.method, RollupMethod::UnweightedMeanBecauseAllWeightsZero);
        assert_eq!(r.weighted_progress_sum, 0.0);
        assert_eq!(r.weight_total, 0);
        // (100 + 50 + 0) / 3 = 50.0 → yellow
        assert_eq!(r.light_score, Some(50.0));
        assert_eq!(r.light, Some(Yellow));
        assert_eq!(
            r.formula,
            "Fortschritt = Σ Fortschritt / Anzahl = 120 / 3 = 40,0 % \
             (ungewichteter Mittelwert, da alle Gewichte 0 sind); \
             1 abgebrochene Maßnahme nicht einbezogen"
        );
        assert!(
            r.formula_en
                .contains("unweighted mean because all weights are 0")
        );
        assert!(
            r.light_formula
                .contains("Σ Punkte / Anzahl = 150 / 3 = 50,0 → gefährdet")
        );
    }

    #[test]
    fn the_light_score_falls_back_on_its_own_when_only_scored_measures_have_weight_0() {
        // Progress is weighted (the pending measure has weight), the score is not.
        let r = roll_up(&[measure(4, 10, Pending), measure(0, 90, Green)]);
        assert_eq!(r.method, RollupMethod::WeightedMean);
        assert_eq!(r.progress, Some(10.0));
        assert_eq!(r.light, Some(Green));
        assert_eq!(r.light_score, Some(100.0));
        assert!(r.light_formula.contains("ungewichteter Mittelwert"));
    }

    #[test]
    fn all_pending_measures_give_a_pending_light() {
        let r = roll_up(&[measure(1, 0, Pending), measure(2, 30, Pending)]);
        assert_eq!(r.light, Some(Pending));
        assert_eq!(r.light_score, None);
        assert_eq!(r.progress, Some(20.0));
        assert_eq!(r.counts.pending, 2);
        assert!(r.light_formula.contains("alle 2 einbezogenen Maßnahmen"));
        assert!(
            r.light_formula_en
                .contains("all 2 included measures are pending")
        );
    }

    #[test]
    fn a_single_pending_measure_is_explained_in_the_singular() {
        let r = roll_up(&[measure(1, 0, Pending)]);
        assert_eq!(r.light, Some(Pending));
        assert!(r.light_formula.contains("die einbezogene Maßnahme"));
    }

    #[test]
    fn pending_measures_are_counted_but_not_scored() {
        // Scored: green (w 1) and red (w 1) → 100 / 2 = 50 → yellow; the pending one is
        // heavy but has no say in the light, only in progress.
        let r = roll_up(&[
            measure(1, 100, Green),
            measure(1, 0, Red),
            measure(8, 50, Pending),
        ]);
        assert_eq!(r.light_score, Some(50.0));
        assert_eq!(r.light, Some(Yellow));
        assert_eq!(r.progress, Some(50.0));
        assert_eq!(
            r.counts,
            LightCounts {
                green: 1,
                yellow: 0,
                red: 1,
                pending: 1
            }
        );
        assert!(
            r.light_formula
                .contains("1 Maßnahme mit Status ausstehend nicht bewertet")
        );
        assert!(r.light_formula_en.contains("1 pending measure not scored"));
    }

    #[test]
    fn an_included_measure_without_a_light_counts_as_pending() {
        let mut odd = measure(1, 50, Green);
        odd.light = None;
        let r = roll_up(&[odd]);
        assert_eq!(r.counts.pending, 1);
        assert_eq!(r.light, Some(Pending));
    }

    #[test]
    fn light_score_thresholds_are_75_for_green_and_40_for_yellow() {
        // 1 green + 1 yellow: 150 / 2 = 75.0 exactly → green.
        let at_75 = roll_up(&[measure(1, 0, Green), measure(1, 0, Yellow)]);
        assert_eq!(at_75.light_score, Some(75.0));
        assert_eq!(at_75.light, Some(Green));

        // weights 49 green / 51 yellow: (4900 + 2550) / 100 = 74.5 → yellow.
        let below_75 = roll_up(&[measure(49, 0, Green), measure(51, 0, Yellow)]);
        assert_eq!(below_75.light_score, Some(74.5));
        assert_eq!(below_75.light, Some(Yellow));

        // yellow 4 / red 1: 200 / 5 = 40.0 → yellow.
        let at_40 = roll_up(&[measure(4, 0, Yellow), measure(1, 0, Red)]);
        assert_eq!(at_40.light_score, Some(40.0));
        assert_eq!(at_40.light, Some(Yellow));

        // yellow 79 / red 21: 3950 / 100 = 39.5 → red.
        let below_40 = roll_up(&[measure(79, 0, Yellow), measure(21, 0, Red)]);
        assert_eq!(below_40.light_score, Some(39.5));
        assert_eq!(below_40.light, Some(Red));
    }

    #[test]
    fn the_light_follows_the_rounded_score_shown() {
        // green 2 / yellow 1: 250 / 3 = 83.33… → 83.3.
        let r = roll_up(&[measure(2, 0, Green), measure(1, 0, Yellow)]);
        assert_eq!(r.light_score, Some(83.3));
        // green 999 / yellow 1001: 149950 / 2000 = 74.975, shown as 75.0, so green.
        let shown_75 = roll_up(&[measure(999, 0, Green), measure(1001, 0, Yellow)]);
        assert_eq!(shown_75.light_score, Some(75.0));
        assert_eq!(shown_75.light, Some(Green));
    }

    #[test]
    fn progress_is_rounded_to_one_decimal_half_up() {
        // 200 / 3 = 66.666… → 66.7
        let thirds = roll_up(&[
            measure(1, 100, Green),
            measure(1, 100, Green),
            measure(1, 0, Green),
        ]);
        assert_eq!(thirds.progress, Some(66.7));
        // 19 × 61 + 1 × 74 = 1233; 1233 / 20 = 61.65 exactly → 61.7
        let half = roll_up(&[measure(19, 61, Green), measure(1, 74, Green)]);
        assert_eq!(half.weighted_progress_sum, 1233.0);
        assert_eq!(half.progress, Some(61.7));
        assert!(half.formula.ends_with("= 1233 / 20 = 61,7 %"));
        // 10 × 100 + 10 × 23 + 1 × 0 = 1230; 1230 / 21 = 58.571… → 58.6
        let down = roll_up(&[
            measure(10, 100, Green),
            measure(10, 23, Green),
            measure(1, 0, Red),
        ]);
        assert_eq!(down.progress, Some(58.6));
    }

    #[test]
    fn progress_above_100_is_treated_as_100() {
        let r = roll_up(&[measure(1, 200, Green), measure(1, 0, Green)]);
        assert_eq!(r.progress, Some(50.0));
    }

    #[test]
    fn the_formula_contains_the_numbers_with_a_decimal_comma_in_german() {
        // 14 × 71 + 6 × 40 = 994 + 240 = 1234; 1234 / 20 = 61.7.
        let r = roll_up(&[measure(14, 71, Green), measure(6, 40, Yellow)]);
        assert_eq!(r.weighted_progress_sum, 1234.0);
        assert_eq!(r.weight_total, 20);
        assert_eq!(r.progress, Some(61.7));
        assert_eq!(
            r.formula,
            "Fortschritt = Σ(Gewicht × Fortschritt) / Σ Gewicht = 1234 / 20 = 61,7 %"
        );
        assert_eq!(
            r.formula_en,
            "Progress = Σ(weight × progress) / Σ weight = 1234 / 20 = 61.7%"
        );
        // (14 × 100 + 6 × 50) / 20 = 1700 / 20 = 85.0 → green
        assert!(r.light_formula.starts_with(
            "Ampelwert = Σ(Gewicht × Punkte) / Σ Gewicht = 1700 / 20 = 85,0 → im Plan"
        ));
        assert!(
            r.light_formula_en.starts_with(
                "Light score = Σ(weight × points) / Σ weight = 1700 / 20 = 85.0 → green"
            )
        );
        assert!(r.light_formula.contains("ab 75 im Plan, ab 40 gefährdet"));
    }

    #[test]
    fn excluded_reason_names_cancelled_measures_only() {
        assert_eq!(excluded_reason(&cancelled(1, 0)), Some("cancelled"));
        for status in [
            StatusCategory::Planned,
            StatusCategory::InProgress,
            StatusCategory::Completed,
            StatusCategory::Deferred,
        ] {
            let input = RollupInput {
                status,
                ..measure(1, 0, Green)
            };
            assert_eq!(excluded_reason(&input), None);
        }
    }

    #[test]
    fn huge_weights_do_not_overflow() {
        let r = roll_up(&[measure(u32::MAX, 100, Green), measure(u32::MAX, 0, Red)]);
        assert_eq!(r.progress, Some(50.0));
        assert_eq!(r.weight_total, 2 * u64::from(u32::MAX));
        assert_eq!(r.light_score, Some(50.0));
    }
}
