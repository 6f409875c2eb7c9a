//! The README's operation table, grouped by resource so a large API stays readable.
//!
//! A resource is named by the path: its first literal segment after the prefix every
//! operation shares (in UltraCart every path starts with `/conversation`, so
//! `/conversation/engagements/{oid}` is `engagements`), and where that alone would make a
//! table long enough to want grouping itself, the next segment too (`pbx/audio`, `pbx/menu`,
//! ... for UltraCart's 77 PBX operations). Paths say more than tags here: UltraCart puts
//! all 128 operations under the one tag `conversation`. Parameter segments are skipped, so
//! an item and its collection (`/engagements`, `/engagements/{oid}`) are one resource.
//! Groups are sorted by name, their operations kept in document order. A short table is
//! left whole.

use std::collections::BTreeMap;

use crate::ir::{Operation, ReadmeGroup};

/// A table of fewer operations reads fine as it is (guest chat has 11, Engage 3).
const GROUP_FROM: usize = 20;

/// The README's groups for these operations.
pub fn readme_groups(operations: &[Operation]) -> Vec<ReadmeGroup> {
    let paths: Vec<&str> = operations.iter().map(|op| op.path.as_str()).collect();
    group(&paths).into_iter().map(|(resource, operations)| ReadmeGroup { resource, operations }).collect()
}

/// `(resource, indices of its operations)` for operation paths in document order. A small
/// API, or one whose operations all fall in one resource, gets one group named `""`.
pub fn group(paths: &[&str]) -> Vec<(String, Vec<usize>)> {
    if paths.len() < GROUP_FROM {
        return vec![(String::new(), (0..paths.len()).collect())];
    }
    by_resource(paths)
}

/// `(resource, indices of its operations)` at any length: what `group` gives a table long
/// enough to group (also what cargo features per resource start from, `lower/tag_features.rs`).
pub fn by_resource(paths: &[&str]) -> Vec<(String, Vec<usize>)> {
    let literals: Vec<Vec<&str>> = paths.iter().map(|path| path.split('/').filter(|s| !s.is_empty() && !s.starts_with('{')).collect()).collect();
    let shared = literals.first().map_or(0, |first| (0..first.len()).take_while(|&i| literals.iter().all(|l| l.get(i) == first.get(i))).count());
    let mut groups = split(&literals, (0..paths.len()).collect(), shared);
    if groups.len() <= 1 {
        return vec![(String::new(), (0..paths.len()).collect())];
    }
    // An operation on the shared prefix itself is named by the prefix's last segment.
    if let Some((name, _)) = groups.iter_mut().find(|(name, _)| name.is_empty()) {
        *name = shared.checked_sub(1).and_then(|last| literals[0].get(last)).copied().unwrap_or("/").to_string();
    }
    groups.sort();
    groups
}

/// The operations `members`, grouped by their literal segment at `depth`; a group of
/// `GROUP_FROM` or more is split again by the next segment (named `first/next`).
fn split(literals: &[Vec<&str>], members: Vec<usize>, depth: usize) -> Vec<(String, Vec<usize>)> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for index in members {
        groups.entry(literals[index].get(depth).copied().unwrap_or("")).or_default().push(index);
    }
    let mut out = Vec::new();
    for (segment, members) in groups {
        let deeper = members.iter().any(|&i| literals[i].len() > depth + 1);
        if members.len() >= GROUP_FROM && !segment.is_empty() && deeper {
            for (rest, members) in split(literals, members, depth + 1) {
                let name = if rest.is_empty() { segment.to_string() } else { format!("{segment}/{rest}") };
                out.push((name, members));
            }
        } else {
            out.push((segment.to_string(), members));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(groups: &[(String, Vec<usize>)]) -> Vec<&str> {
        groups.iter().map(|(name, _)| name.as_str()).collect()
    }

    #[test]
    fn groups_by_the_first_segment_after_the_shared_prefix() {
        let paths = ["/conversation/engagements/{oid}", "/conversation/agent/keepalive", "/conversation/engagements", "/conversation/agent/profiles/{id}/mcps"];
        assert_eq!(by_resource(&paths), [("agent".to_string(), vec![1, 3]), ("engagements".to_string(), vec![0, 2])]);
    }

    #[test]
    fn a_resource_as_long_as_a_grouped_table_is_split_by_the_next_segment() {
        let mut paths: Vec<String> = (0..GROUP_FROM).map(|i| format!("/c/pbx/{}/{{id}}", ["audio", "menu"][i % 2])).collect();
        paths.push("/c/pbx".into());
        paths.push("/c/agent/keepalive".into());
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        let groups = by_resource(&paths);
        assert_eq!(names(&groups), ["agent", "pbx", "pbx/audio", "pbx/menu"]);
        assert_eq!(groups[1].1, [GROUP_FROM]);
        assert_eq!(groups[2].1.len(), GROUP_FROM / 2);
    }

    #[test]
    fn an_operation_on_the_prefix_itself_is_named_by_it() {
        let paths = ["/api/v2/chats", "/api/v2/chats/{id}/messages", "/api/v2/chats/{id}"];
        assert_eq!(by_resource(&paths), [("chats".to_string(), vec![0, 2]), ("messages".to_string(), vec![1])]);
        assert_eq!(names(&by_resource(&["/", "/a"])), ["/", "a"]);
    }

    #[test]
    fn one_resource_is_one_unnamed_group() {
        assert_eq!(by_resource(&["/things", "/things/{id}"]), [(String::new(), vec![0, 1])]);
        assert_eq!(by_resource(&[]), [(String::new(), Vec::<usize>::new())]);
    }

    #[test]
    fn a_short_table_is_not_grouped() {
        let small: Vec<String> = (0..GROUP_FROM - 1).map(|i| format!("/r{i}")).collect();
        let small: Vec<&str> = small.iter().map(String::as_str).collect();
        assert_eq!(group(&small), [(String::new(), (0..small.len()).collect())]);
        let large: Vec<String> = (0..GROUP_FROM).map(|i| format!("/r{}", i % 2)).collect();
        let large: Vec<&str> = large.iter().map(String::as_str).collect();
        assert_eq!(names(&group(&large)), ["r0", "r1"]);
    }
}
