//! Trees given as `(id, parent_id)` pairs: the goal tree (Handlungsfeld → Ziel → …) and the
//! department tree (Fachbereich → Abteilung). [`Forest`] orders them for display (depth-first,
//! siblings in the order given) and answers ancestor questions; [`coverage`] says which items
//! (measures) a node covers when an item counts for the node it is attached to *and all its
//! ancestors*, each item at most once per node.
//!
//! The store keeps the trees acyclic, but nothing here trusts that: a parent that is not in
//! the forest makes a node a root, and every walk stops at a node it has already seen, so a
//! corrupt cycle yields a finite (if odd) answer instead of a hang.

use std::collections::{HashMap, HashSet};

/// A set of trees over `i32` ids.
#[derive(Debug, Clone, Default)]
pub struct Forest {
    parent: HashMap<i32, Option<i32>>,
    children: HashMap<i32, Vec<i32>>,
    roots: Vec<i32>,
    /// Every node in the order given, to reach nodes a cycle hides from the roots.
    order: Vec<i32>,
}

impl Forest {
    /// Builds the forest. Siblings keep the order of `nodes`, so pass them sorted the way
    /// they are to be displayed (e.g. by position, then code).
    pub fn new(nodes: impl IntoIterator<Item = (i32, Option<i32>)>) -> Self {
        let nodes: Vec<(i32, Option<i32>)> = nodes.into_iter().collect();
        let ids: HashSet<i32> = nodes.iter().map(|(id, _)| *id).collect();
        let mut forest = Forest::default();
        for (id, parent) in nodes {
            // A parent outside the forest (or the node itself) makes the node a root.
            let parent = parent.filter(|p| ids.contains(p) && *p != id);
            forest.parent.insert(id, parent);
            forest.order.push(id);
            match parent {
                Some(p) => forest.children.entry(p).or_default().push(id),
                None => forest.roots.push(id),
            }
        }
        forest
    }

    /// Whether `id` is a node of the forest.
    pub fn contains(&self, id: i32) -> bool {
        self.parent.contains_key(&id)
    }

    /// The top-level nodes, in the order given.
    pub fn roots(&self) -> &[i32] {
        &self.roots
    }

    /// The parent of `id`, if it has one in the forest.
    pub fn parent(&self, id: i32) -> Option<i32> {
        self.parent.get(&id).copied().flatten()
    }

    /// Every node depth-first (parents before their children, siblings in the order given),
    /// with its depth: 0 for a root. Nodes caught in a cycle come last, at depth 0.
    pub fn preorder(&self) -> Vec<(i32, u32)> {
        let mut out = Vec::with_capacity(self.order.len());
        let mut seen = HashSet::with_capacity(self.order.len());
        let starts = self.roots.iter().chain(self.order.iter());
        for &start in starts {
            if seen.contains(&start) {
                continue;
            }
            let mut stack = vec![(start, 0u32)];
            while let Some((node, depth)) = stack.pop() {
                if !seen.insert(node) {
                    continue;
                }
                out.push((node, depth));
                if let Some(children) = self.children.get(&node) {
                    // Reversed so that the first child is visited first.
                    stack.extend(children.iter().rev().map(|&c| (c, depth + 1)));
                }
            }
        }
        out
    }

    /// `id` followed by its parent, grandparent, … up to the root. Empty if `id` is not in
    /// the forest.
    pub fn self_and_ancestors(&self, id: i32) -> Vec<i32> {
        let mut out = Vec::new();
        let mut next = self.contains(id).then_some(id);
        while let Some(node) = next {
            if out.contains(&node) {
                break;
            }
            out.push(node);
            next = self.parent(node);
        }
        out
    }

    /// The root above `id` (or `id` itself when it is a root).
    pub fn root_of(&self, id: i32) -> Option<i32> {
        self.self_and_ancestors(id).last().copied()
    }

    /// Number of ancestors of `id` (0 for a root).
    pub fn depth(&self, id: i32) -> u32 {
        u32::try_from(self.self_and_ancestors(id).len().saturating_sub(1)).unwrap_or(u32::MAX)
    }
}

/// For items attached to nodes (e.g. measures linked to goals), which items each node
/// covers: an item covers every node it is attached to and all their ancestors, and appears
/// at most once per node however many of its nodes lie below it. `items` yields each item's
/// index and the nodes it is attached to; nodes not in the forest are ignored. The indices
/// of every node's list are in the order the items were given.
pub fn coverage<'a>(
    forest: &Forest,
    items: impl IntoIterator<Item = (usize, &'a [i32])>,
) -> HashMap<i32, Vec<usize>> {
    let mut covered: HashMap<i32, Vec<usize>> = HashMap::new();
    let mut nodes: HashSet<i32> = HashSet::new();
    for (index, attached) in items {
        nodes.clear();
        for &node in attached {
            nodes.extend(forest.self_and_ancestors(node));
        }
        for &node in &nodes {
            covered.entry(node).or_default().push(index);
        }
    }
    covered
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1 ─┬─ 2 ── 4
    ///    └─ 3
    /// 5
    fn sample() -> Forest {
        Forest::new([
            (1, None),
            (5, None),
            (2, Some(1)),
            (3, Some(1)),
            (4, Some(2)),
        ])
    }

    #[test]
    fn preorder_lists_parents_before_children_with_depths() {
        assert_eq!(
            sample().preorder(),
            vec![(1, 0), (2, 1), (4, 2), (3, 1), (5, 0)]
        );
    }

    #[test]
    fn siblings_keep_the_order_given() {
        let forest = Forest::new([(1, None), (3, Some(1)), (2, Some(1))]);
        assert_eq!(forest.preorder(), vec![(1, 0), (3, 1), (2, 1)]);
    }

    #[test]
    fn ancestors_roots_and_depths_follow_the_parents() {
        let forest = sample();
        assert_eq!(forest.self_and_ancestors(4), vec![4, 2, 1]);
        assert_eq!(forest.root_of(4), Some(1));
        assert_eq!(forest.root_of(5), Some(5));
        assert_eq!(forest.depth(4), 2);
        assert_eq!(forest.depth(1), 0);
        assert!(forest.self_and_ancestors(99).is_empty());
        assert_eq!(forest.roots(), &[1, 5]);
    }

    #[test]
    fn a_node_whose_parent_is_missing_becomes_a_root() {
        let forest = Forest::new([(1, Some(42))]);
        assert_eq!(forest.roots(), &[1]);
        assert_eq!(forest.preorder(), vec![(1, 0)]);
    }

    #[test]
    fn a_corrupt_cycle_terminates_and_lists_every_node_once() {
        let forest = Forest::new([(1, Some(2)), (2, Some(1)), (3, None)]);
        let order = forest.preorder();
        assert_eq!(order.len(), 3);
        assert_eq!(order[0], (3, 0));
        assert_eq!(forest.self_and_ancestors(1), vec![1, 2]);
    }

    #[test]
    fn an_item_covers_its_nodes_and_their_ancestors_once() {
        let forest = sample();
        // Item 0 is linked to 4 and to its grandparent 1: node 1 must count it once.
        // Item 1 is linked to 3; item 2 to 5 and to an unknown node.
        let links: [&[i32]; 3] = [&[4, 1], &[3], &[5, 77]];
        let covered = coverage(&forest, links.iter().copied().enumerate());
        assert_eq!(covered[&1], vec![0, 1]);
        assert_eq!(covered[&2], vec![0]);
        assert_eq!(covered[&4], vec![0]);
        assert_eq!(covered[&3], vec![1]);
        assert_eq!(covered[&5], vec![2]);
        assert!(!covered.contains_key(&77));
    }
}
