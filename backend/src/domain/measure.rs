//! Small value types of a measure: visibility and priority, and the dependency-cycle check.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who may see a measure: `draft` (officer/admin and its departments' editors only),
/// `internal` (every signed-in user) or `public` (also the anonymous transparency page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Draft,
    Internal,
    Public,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Internal => "internal",
            Self::Public => "public",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Draft, Self::Internal, Self::Public]
            .into_iter()
            .find(|v| v.as_str() == value)
    }
}

/// Priority of a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Medium,
    High,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Low, Self::Medium, Self::High]
            .into_iter()
            .find(|v| v.as_str() == value)
    }
}

/// Returns the first dependency of `measure` that would close a cycle, given the existing
/// edges (`measure_id → depends_on_id`) and the proposed new dependencies of `measure`.
/// The existing edges of `measure` itself are ignored, since the proposal replaces them.
pub fn find_dependency_cycle(
    measure: i32,
    proposed: &[i32],
    existing_edges: &[(i32, i32)],
) -> Option<i32> {
    let mut graph: HashMap<i32, Vec<i32>> = HashMap::new();
    for &(from, to) in existing_edges {
        if from != measure {
            graph.entry(from).or_default().push(to);
        }
    }
    for &start in proposed {
        if start == measure {
            return Some(start);
        }
        // Depth-first search from the new dependency: reaching `measure` again is a cycle.
        let mut stack = vec![start];
        let mut seen = HashSet::new();
        while let Some(node) = stack.pop() {
            if node == measure {
                return Some(start);
            }
            if seen.insert(node)
                && let Some(next) = graph.get(&node)
            {
                stack.extend(next.iter().copied());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measure_cannot_depend_on_itself() {
        assert_eq!(find_dependency_cycle(1, &[1], &[]), Some(1));
    }

    #[test]
    fn an_indirect_cycle_is_found() {
        // 2 → 3 → 1 exists; 1 → 2 would close it.
        assert_eq!(find_dependency_cycle(1, &[2], &[(2, 3), (3, 1)]), Some(2));
    }

    #[test]
    fn a_diamond_is_not_a_cycle() {
        assert_eq!(find_dependency_cycle(1, &[2, 3], &[(2, 4), (3, 4)]), None);
    }

    #[test]
    fn replacing_own_edges_ignores_the_old_ones() {
        // 1 → 2 exists and is being replaced by 1 → 3; 2 → 1 does not matter for 3.
        assert_eq!(find_dependency_cycle(1, &[3], &[(1, 2), (2, 1)]), None);
    }

    #[test]
    fn values_round_trip_through_their_names() {
        for v in [Visibility::Draft, Visibility::Internal, Visibility::Public] {
            assert_eq!(Visibility::parse(v.as_str()), Some(v));
        }
        for p in [Priority::Low, Priority::Medium, Priority::High] {
            assert_eq!(Priority::parse(p.as_str()), Some(p));
        }
    }
}
