//! One small sort for the core's short lists (an object's keys, a scenario's agents, codes or
//! lessons), instead of the standard library's: each instantiation of `slice::sort_by`
//! brings its own quicksort, drift sort and small-sort (50 KB of the page's bundle for
//! fourteen call sites), while an insertion sort costs a few hundred bytes and is as fast on
//! lists of a few dozen items.

use core::cmp::Ordering;

/// Sorts `v` in place by `cmp`, stably (equal items keep their order), by insertion.
/// Quadratic: meant for the short lists the engine and its faces sort.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 {
            let (Some(a), Some(b)) = (v.get(j - 1), v.get(j)) else { break };
            if cmp(a, b) != Ordering::Greater {
                break;
            }
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sorts `v` in place by the key `key` gives each item, stably.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Adds one to `key`'s count, or starts it at 1 after the others (first-seen order).
pub fn bump<K: PartialEq>(counts: &mut alloc::vec::Vec<(K, u64)>, key: K) {
    match counts.iter_mut().find(|(k, _)| *k == key) {
        Some((_, n)) => *n += 1,
        None => counts.push((key, 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn it_sorts_as_the_standard_stable_sort_does() {
        // Pairs with repeated keys: stability shows in the second field.
        let mut seed = 7u32;
        for len in 0..40 {
            let mut v: Vec<(u32, u32)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 5, i)
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_by_key(|p| p.0);
            sort_by_key(&mut v, |p| p.0);
            assert_eq!(v, expected);
        }
    }
}
