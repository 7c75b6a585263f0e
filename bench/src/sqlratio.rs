//! The dashboard through the app's store code versus the same aggregation written by hand
//! as one SQL query on the same database.
//!
//! The query computes every measure's traffic light with the documented rule (the same
//! thresholds, passed in from [`LightRules`]), then in one pass the roll-up inputs of the
//! strategy, of every goal (over its subtree, each measure once) and of every department
//! (over the measures led in its subtree): measures, cancelled, Σ weight × progress,
//! Σ weight and the light counts; plus the ids of the three attention lists (overdue, at
//! risk, without recent update). Before timing, its numbers are compared with the store's
//! dashboard, so both sides provably compute the same thing. The store side additionally
//! builds the formula texts and the list items' fields; that is part of what is measured.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use chrono::NaiveDate;
use kurs::config::DatabaseUrl;
use kurs::domain::traffic_light::LightRules;
use kurs::store::{self, Db, dashboard::DashboardView};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

/// One aggregated row: (kind, id) → numbers.
type Key = (String, i32);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Agg {
    total: i64,
    cancelled: i64,
    weighted_sum: i64,
    weight_total: i64,
    green: i64,
    yellow: i64,
    red: i64,
    pending: i64,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Computed {
    rollups: BTreeMap<Key, Agg>,
    lists: BTreeMap<String, BTreeSet<i32>>,
}

/// The result of a comparison run.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SqlRatio {
    pub iterations: usize,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub store_median_ms: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub sql_median_ms: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub ratio: f64,
    /// Whether the hand-written query's numbers equal the store's.
    pub equal: bool,
}

fn days(backend: DatabaseBackend, a: &str, b: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("({a} - {b})"),
        _ => format!("CAST(julianday({a}) - julianday({b}) AS INTEGER)"),
    }
}

/// The hand-written query (both dialects; only date arithmetic differs).
pub fn query(backend: DatabaseBackend, rules: &LightRules, today: NaiveDate) -> String {
    let today = match backend {
        DatabaseBackend::Postgres => format!("DATE '{today}'"),
        _ => format!("'{today}'"),
    };
    let d = |a: &str, b: &str| days(backend, a, b);
    let total = d("m.planned_end", "m.planned_start");
    let elapsed = d(&today, "m.planned_start");
    let since_update = d(&today, "m.last_update_date");
    let overdue_by = d(&today, "ms.due_date");
    let (falsy, truthy) = match backend {
        DatabaseBackend::Postgres => ("false", "true"),
        _ => ("0", "1"),
    };
    let yellow_gap = (rules.yellow_gap_points * 10.0).round() as i64;
    let red_gap = (rules.red_gap_points * 10.0).round() as i64;
    let stale = rules.stale_after_days;
    let long_overdue = rules.red_milestone_overdue_days;
    format!(
        r#"
WITH RECURSIVE
open_milestones AS (
  SELECT ms.measure_id, MAX({overdue_by}) AS max_overdue
    FROM milestones ms WHERE ms.done_date IS NULL GROUP BY ms.measure_id
),
base AS NOT MATERIALIZED (
  SELECT m.id, m.lead_department_id,
         CASE WHEN m.weight < 0 THEN 0 ELSE m.weight END AS weight,
         CASE WHEN m.progress < 0 THEN 0 WHEN m.progress > 100 THEN 100 ELSE m.progress END AS progress,
         s.category, m.light_override, m.last_update_date, m.planned_end,
         CASE WHEN m.planned_start IS NULL OR m.planned_end IS NULL OR {total} < 0 THEN NULL
              WHEN {total} = 0 THEN CASE WHEN {today} < m.planned_start THEN 0 ELSE 1000 END
              ELSE ((CASE WHEN {elapsed} < 0 THEN 0 WHEN {elapsed} > {total} THEN {total} ELSE {elapsed} END)
                    * 2000 + {total}) / (2 * {total})
         END AS expected_tenths,
         o.max_overdue,
         {since_update} AS since_update
    FROM measures m JOIN statuses s ON s.id = m.status_id
    LEFT JOIN open_milestones o ON o.measure_id = m.id
   WHERE m.archived = {falsy} AND m.visibility <> 'draft'
),
lit AS NOT MATERIALIZED (
  SELECT b.*,
    COALESCE(b.light_override, CASE
      WHEN b.category = 'cancelled' THEN NULL
      WHEN b.category = 'completed' THEN 'green'
      WHEN b.last_update_date IS NULL THEN 'pending'
      WHEN (b.planned_end IS NOT NULL AND {today} > b.planned_end)
        OR (b.expected_tenths IS NOT NULL AND b.expected_tenths - b.progress * 10 > {red_gap})
        OR COALESCE(b.max_overdue, 0) > {long_overdue} THEN 'red'
      WHEN (b.expected_tenths IS NOT NULL AND b.expected_tenths - b.progress * 10 > {yellow_gap})
        OR COALESCE(b.max_overdue, 0) > 0
        OR b.since_update > {stale}
        OR b.category = 'deferred' THEN 'yellow'
      ELSE 'green' END) AS light,
    CASE WHEN b.category IN ('planned', 'in_progress', 'deferred') THEN {truthy} ELSE {falsy} END AS active
  FROM base b
),
dept_tree(ancestor, id) AS (
  SELECT id, id FROM departments
  UNION ALL SELECT t.ancestor, d.id FROM dept_tree t JOIN departments d ON d.parent_id = t.id
),
goal_tree(ancestor, id) AS (
  SELECT id, id FROM goals
  UNION ALL SELECT t.ancestor, g.id FROM goal_tree t JOIN goals g ON g.parent_id = t.id
),
goal_cover AS (
  SELECT DISTINCT t.ancestor AS goal_id, mg.measure_id
    FROM goal_tree t JOIN measure_goals mg ON mg.goal_id = t.id
),
scoped AS (
  SELECT 'strategy' AS kind, 0 AS scope_id, l.* FROM lit l
  UNION ALL
  SELECT 'department', t.ancestor, l.* FROM lit l JOIN dept_tree t ON t.id = l.lead_department_id
  UNION ALL
  SELECT 'goal', c.goal_id, l.* FROM lit l JOIN goal_cover c ON c.measure_id = l.id
)
SELECT kind, scope_id,
       COUNT(*) AS total,
       SUM(CASE WHEN category = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
       SUM(CASE WHEN category <> 'cancelled' THEN weight * progress ELSE 0 END) AS weighted_sum,
       SUM(CASE WHEN category <> 'cancelled' THEN weight ELSE 0 END) AS weight_total,
       SUM(CASE WHEN category <> 'cancelled' AND light = 'green' THEN 1 ELSE 0 END) AS green,
       SUM(CASE WHEN category <> 'cancelled' AND light = 'yellow' THEN 1 ELSE 0 END) AS yellow,
       SUM(CASE WHEN category <> 'cancelled' AND light = 'red' THEN 1 ELSE 0 END) AS red,
       SUM(CASE WHEN category <> 'cancelled' AND (light = 'pending' OR light IS NULL) THEN 1 ELSE 0 END) AS pending
  FROM scoped GROUP BY kind, scope_id
UNION ALL
SELECT 'overdue', id, 0, 0, 0, 0, 0, 0, 0, 0 FROM lit
 WHERE active = {truthy} AND ((planned_end IS NOT NULL AND planned_end < {today}) OR COALESCE(max_overdue, 0) > 0)
UNION ALL
SELECT 'at_risk', id, 0, 0, 0, 0, 0, 0, 0, 0 FROM lit WHERE light IN ('red', 'yellow')
UNION ALL
SELECT 'stale', id, 0, 0, 0, 0, 0, 0, 0, 0 FROM lit
 WHERE active = {truthy} AND (last_update_date IS NULL OR since_update > {stale})
"#
    )
}

async fn run_query(db: &Db, sql: &str) -> anyhow::Result<Computed> {
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    let mut out = Computed::default();
    for row in rows {
        let kind: String = row.try_get_by_index(0)?;
        let id: i32 = row
            .try_get_by_index::<i64>(1)
            .map(|v| v as i32)
            .or_else(|_| row.try_get_by_index::<i32>(1))?;
        let n = |i: usize| -> anyhow::Result<i64> {
            Ok(row
                .try_get_by_index::<i64>(i)
                .or_else(|_| row.try_get_by_index::<i32>(i).map(i64::from))?)
        };
        match kind.as_str() {
            "overdue" | "at_risk" | "stale" => {
                out.lists.entry(kind).or_default().insert(id);
            }
            _ => {
                let agg = Agg {
                    total: n(2)?,
                    cancelled: n(3)?,
                    weighted_sum: n(4)?,
                    weight_total: n(5)?,
                    green: n(6)?,
                    yellow: n(7)?,
                    red: n(8)?,
                    pending: n(9)?,
                };
                out.rollups.insert((kind, id), agg);
            }
        }
    }
    Ok(out)
}

fn from_dashboard(view: &DashboardView) -> Computed {
    let mut out = Computed::default();
    let agg = |r: &kurs::domain::rollup::Rollup| Agg {
        total: i64::from(r.measures_total),
        cancelled: i64::from(r.measures_excluded_cancelled),
        weighted_sum: r.weighted_progress_sum as i64,
        weight_total: r.weight_total as i64,
        green: i64::from(r.counts.green),
        yellow: i64::from(r.counts.yellow),
        red: i64::from(r.counts.red),
        pending: i64::from(r.counts.pending),
    };
    // The query only has rows for scopes with at least one measure.
    let mut put = |kind: &str, id: i32, r: &kurs::domain::rollup::Rollup| {
        if r.measures_total > 0 {
            out.rollups.insert((kind.to_owned(), id), agg(r));
        }
    };
    put("strategy", 0, &view.overall.rollup);
    for e in &view.goals {
        put("goal", e.scope.id, &e.rollup);
    }
    for e in &view.departments {
        put("department", e.scope.id, &e.rollup);
    }
    let ids = |l: &[kurs::store::dashboard::DashboardMeasure]| l.iter().map(|m| m.id).collect();
    let mut insert = |k: &str, set: BTreeSet<i32>| {
        if !set.is_empty() {
            out.lists.insert(k.to_owned(), set);
        }
    };
    insert("overdue", ids(&view.overdue));
    insert("at_risk", ids(&view.at_risk));
    insert("stale", ids(&view.without_recent_update));
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Times both sides `iterations` times (interleaved, after one warm-up each).
pub async fn compare(url: &str, iterations: usize) -> anyhow::Result<SqlRatio> {
    let db = store::connect(&DatabaseUrl::new(url.to_owned()), 2).await?;
    let rules = LightRules::default();
    let today = store::today();
    let sql = query(db.get_database_backend(), &rules, today);

    let view = store::dashboard::dashboard(&db, &rules, today).await?;
    let by_store = from_dashboard(&view);
    let by_sql = run_query(&db, &sql).await?;
    let equal = by_store == by_sql;
    if !equal {
        report_difference(&by_store, &by_sql);
    }

    let mut store_ms = Vec::with_capacity(iterations);
    let mut sql_ms = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let t = Instant::now();
        let view = store::dashboard::dashboard(&db, &rules, today).await?;
        std::hint::black_box(&view);
        store_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let rows = run_query(&db, &sql).await?;
        std::hint::black_box(&rows);
        sql_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    db.close().await.ok();
    let (store_median_ms, sql_median_ms) = (median(store_ms), median(sql_ms));
    Ok(SqlRatio {
        iterations,
        store_median_ms,
        sql_median_ms,
        ratio: store_median_ms / sql_median_ms,
        equal,
    })
}

fn report_difference(store: &Computed, sql: &Computed) {
    let mut shown = 0;
    for (key, a) in &store.rollups {
        let b = sql.rollups.get(key);
        if b != Some(a) && shown < 5 {
            eprintln!("sql-ratio: {key:?}: store {a:?} vs SQL {b:?}");
            shown += 1;
        }
    }
    for key in sql.rollups.keys() {
        if !store.rollups.contains_key(key) && shown < 10 {
            eprintln!("sql-ratio: {key:?} only in SQL");
            shown += 1;
        }
    }
    for (k, set) in &store.lists {
        let other = sql.lists.get(k).cloned().unwrap_or_default();
        if *set != other {
            eprintln!(
                "sql-ratio: list {k}: store {} ids, SQL {} ids, {} differ",
                set.len(),
                other.len(),
                set.symmetric_difference(&other).count()
            );
        }
    }
}
