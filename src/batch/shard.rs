//! `--shard K/N`: the K-th of N deterministic slices of the sorted input list.

/// A slice of the inputs: 1 ≤ `k` ≤ `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

impl Shard {
    /// Parses `K/N`.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let bad = || format!("--shard 应为 K/N（如 2/4，1 ≤ K ≤ N），而不是“{s}”");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: usize = k.trim().parse().map_err(|_| bad())?;
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        if n == 0 || k == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }

    /// Whether the item at `index` (0-based, in sorted order) belongs to this shard.
    /// Round robin, so that a folder of large units spreads over all shards.
    pub fn contains(&self, index: usize) -> bool {
        index % self.n == self.k - 1
    }

    /// The items of this shard, order kept.
    pub fn select<T: Clone>(&self, items: &[T]) -> Vec<T> {
        items
            .iter()
            .enumerate()
            .filter(|(i, _)| self.contains(*i))
            .map(|(_, x)| x.clone())
            .collect()
    }

    /// A suffix for per-shard files: `-2-of-4`.
    pub fn suffix(&self) -> String {
        format!("-{}-of-{}", self.k, self.n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(Shard::parse("2/4").unwrap(), Shard { k: 2, n: 4 });
        for bad in ["0/4", "5/4", "1/0", "x/2", "3", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_partition_the_list() {
        let items: Vec<usize> = (0..23).collect();
        let mut all: Vec<usize> = (1..=4)
            .flat_map(|k| Shard { k, n: 4 }.select(&items))
            .collect();
        all.sort();
        assert_eq!(all, items);
    }
}
