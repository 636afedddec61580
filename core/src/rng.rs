//! Seeded randomness: the only randomness the core has.
//!
//! A [`SimRng`] is built from a [`RngKind`] and a seed taken from the run specification.
//! Both kinds produce a stream of 32-bit words; every derived draw (`random`, `getrandbits`,
//! `randbelow`, `randint`, `choice`, `uniform`, weighted `choices`) follows CPython's
//! algorithms on that stream, so with [`RngKind::CpythonMt`] the draws equal CPython's
//! `random.seed(seed)` module generator exactly.

use alloc::boxed::Box;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng as _, SeedableRng as _};
use rand_mt::Mt;

/// Which generator a run uses.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum RngKind {
    /// ChaCha8 (`rand_chacha`) seeded with `seed_from_u64`: the default for every scenario.
    #[default]
    #[serde(rename = "chacha")]
    ChaCha,
    /// CPython's Mersenne Twister, seeded as `random.seed(seed)`: reference-compatible runs.
    #[serde(rename = "cpython-mt")]
    CpythonMt,
}

impl RngKind {
    /// Every kind.
    pub const ALL: [RngKind; 2] = [RngKind::ChaCha, RngKind::CpythonMt];

    /// The kind's name in run specifications and log headers.
    pub const fn as_str(self) -> &'static str {
        match self {
            RngKind::ChaCha => "chacha",
            RngKind::CpythonMt => "cpython-mt",
        }
    }

    /// The kind named `name`, if any.
    pub fn parse(name: &str) -> Option<RngKind> {
        RngKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

#[derive(Clone)]
enum Source {
    ChaCha(Box<ChaCha8Rng>),
    Mt(Box<Mt>),
}

/// A seeded generator with CPython's derived draws.
#[derive(Clone)]
pub struct SimRng {
    kind: RngKind,
    seed: u64,
    source: Source,
}

impl core::fmt::Debug for SimRng {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SimRng").field("kind", &self.kind).field("seed", &self.seed).finish()
    }
}

/// Why a draw could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DrawError {
    /// `randrange`/`randint` over an empty range.
    EmptyRange,
    /// Weighted choice with no weights, a negative or non-finite weight, or a zero total.
    BadWeights,
}

impl core::fmt::Display for DrawError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            DrawError::EmptyRange => "empty range for a random draw",
            DrawError::BadWeights => "weights must be finite, non-negative and not all zero",
        })
    }
}

impl SimRng {
    /// A generator of `kind` seeded with `seed`.
    ///
    /// For [`RngKind::CpythonMt`] the key is the seed's 32-bit little-endian words
    /// (`init_by_array`), as CPython's `random.seed(int)` builds it.
    pub fn new(kind: RngKind, seed: u64) -> Self {
        let source = match kind {
            RngKind::ChaCha => Source::ChaCha(Box::new(ChaCha8Rng::seed_from_u64(seed))),
            RngKind::CpythonMt => {
                let low = (seed & 0xFFFF_FFFF) as u32;
                let high = (seed >> 32) as u32;
                let mt =
                    if high == 0 { Mt::new_with_key([low]) } else { Mt::new_with_key([low, high]) };
                Source::Mt(Box::new(mt))
            }
        };
        SimRng { kind, seed, source }
    }

    /// The generator's kind.
    pub fn kind(&self) -> RngKind {
        self.kind
    }

    /// The seed it was built from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The next raw 32-bit word.
    pub fn next_u32(&mut self) -> u32 {
        match &mut self.source {
            Source::ChaCha(r) => r.next_u32(),
            Source::Mt(r) => r.next_u32(),
        }
    }

    /// CPython's `random()`: a 53-bit float in [0, 1) from two words.
    pub fn random(&mut self) -> f64 {
        let a = u64::from(self.next_u32() >> 5);
        let b = u64::from(self.next_u32() >> 6);
        (a * 67_108_864 + b) as f64 / 9_007_199_254_740_992.0
    }

    /// CPython's `getrandbits(k)` for `k` ≤ 64 (0 gives 0): words least significant first,
    /// the last word keeping its top bits.
    pub fn getrandbits(&mut self, k: u32) -> u64 {
        let k = k.min(64);
        if k == 0 {
            return 0;
        }
        if k <= 32 {
            return u64::from(self.next_u32() >> (32 - k));
        }
        let low = u64::from(self.next_u32());
        let high = u64::from(self.next_u32() >> (64 - k));
        high << 32 | low
    }

    /// CPython's `_randbelow(n)` by rejection sampling; 0 for `n` = 0.
    pub fn randbelow(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let k = u64::BITS - n.leading_zeros();
        loop {
            let r = self.getrandbits(k);
            if r < n {
                return r;
            }
        }
    }

    /// CPython's `randrange(start, stop)`.
    pub fn randrange(&mut self, start: i64, stop: i64) -> Result<i64, DrawError> {
        if stop <= start {
            return Err(DrawError::EmptyRange);
        }
        let width = stop.abs_diff(start);
        Ok(start.wrapping_add_unsigned(self.randbelow(width)))
    }

    /// CPython's `randint(a, b)`, both ends included.
    pub fn randint(&mut self, a: i64, b: i64) -> Result<i64, DrawError> {
        let stop = b.checked_add(1).ok_or(DrawError::EmptyRange)?;
        self.randrange(a, stop)
    }

    /// CPython's `choice(seq)`; `None` for an empty slice.
    pub fn choice<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            return None;
        }
        let i = self.randbelow(items.len() as u64);
        items.get(usize::try_from(i).ok()?)
    }

    /// CPython's `uniform(a, b)`: `a + (b - a) * random()`.
    pub fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.random()
    }

    /// CPython's `choices(population, weights, k=1)`: the index drawn, by cumulative weights,
    /// one `random()` times the total, and bisect-right.
    pub fn choose_weighted(&mut self, weights: &[f64]) -> Result<usize, DrawError> {
        if weights.iter().any(|w| !w.is_finite() || *w < 0.0) {
            return Err(DrawError::BadWeights);
        }
        let mut cumulative = alloc::vec::Vec::with_capacity(weights.len());
        let mut total = 0.0;
        for w in weights {
            total += w;
            cumulative.push(total);
        }
        if !total.is_finite() || total <= 0.0 {
            return Err(DrawError::BadWeights);
        }
        let x = self.random() * total;
        let hi = weights.len() - 1;
        let index = cumulative.get(..hi).map_or(0, |head| head.partition_point(|c| *c <= x));
        Ok(index)
    }
}
