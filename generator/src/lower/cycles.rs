//! Recursion: which fields need a `Box`, and which aliases must become newtypes.
//!
//! A struct that contains itself by value (directly or through other structs/unions) has
//! infinite size. Every edge that stays inside one strongly connected component of the
//! "contains by value" graph gets a `Box`; `Vec` and maps already store items on the heap,
//! so edges through them do not count. Type aliases are expanded by the compiler, so an
//! alias that reaches itself through other aliases (`type Tree = Vec<Tree>`) is an error
//! whatever the container: those become newtype structs.

use std::collections::{HashMap, HashSet};

/// Strongly connected components of a directed graph (iterative Tarjan, so deep specs
/// cannot overflow the stack). Returns each node's component id.
pub fn components(nodes: &[String], edges: &HashMap<String, Vec<String>>) -> HashMap<String, usize> {
    let index_of: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let adj: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            edges
                .get(n)
                .map(|targets| targets.iter().filter_map(|t| index_of.get(t.as_str()).copied()).collect())
                .unwrap_or_default()
        })
        .collect();
    let n = nodes.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, next edge to visit)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if *edge < adj[v].len() {
                let w = adj[v][*edge];
                *edge += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    nodes.iter().cloned().zip(comp).collect()
}

/// Whether the edge `from → to` closes a cycle (same component, or a self-loop).
pub fn in_cycle(comp: &HashMap<String, usize>, from: &str, to: &str) -> bool {
    from == to || (comp.get(from).is_some() && comp.get(from) == comp.get(to))
}

/// Aliases that reach themselves through aliases only.
pub fn self_referential_aliases(aliases: &HashMap<String, Vec<String>>) -> HashSet<String> {
    let names: Vec<String> = {
        let mut v: Vec<String> = aliases.keys().cloned().collect();
        v.sort();
        v
    };
    let edges: HashMap<String, Vec<String>> = aliases
        .iter()
        .map(|(a, targets)| (a.clone(), targets.iter().filter(|t| aliases.contains_key(*t)).cloned().collect()))
        .collect();
    let comp = components(&names, &edges);
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for c in comp.values() {
        *sizes.entry(*c).or_default() += 1;
    }
    names
        .into_iter()
        .filter(|a| sizes[&comp[a]] > 1 || edges[a].contains(a))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_mutual_recursion() {
        let nodes: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
        let edges = HashMap::from([
            ("A".to_string(), vec!["B".to_string()]),
            ("B".to_string(), vec!["A".to_string(), "C".to_string()]),
        ]);
        let comp = components(&nodes, &edges);
        assert!(in_cycle(&comp, "A", "B"));
        assert!(!in_cycle(&comp, "B", "C"));
    }

    #[test]
    fn alias_cycles() {
        let aliases = HashMap::from([
            ("Tree".to_string(), vec!["Tree".to_string()]),
            ("Ids".to_string(), vec![]),
        ]);
        let found = self_referential_aliases(&aliases);
        assert!(found.contains("Tree") && !found.contains("Ids"));
    }
}
