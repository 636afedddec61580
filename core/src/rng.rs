//! Seeded randomness: the only randomness the core has.
//!
//! A [`SimRng`] is built from a [`RngKind`] and a seed taken from the run specification.
//! ChaCha and the Mersenne Twister produce a stream of 32-bit words; every derived draw
//! (`random`, `getrandbits`, `randbelow`, `randint`, `choice`, `uniform`, weighted `choices`)
//! follows CPython's algorithms on that stream, so with [`RngKind::CpythonMt`] the draws equal
//! CPython's `random.seed(seed)` module generator exactly.
//! [`RngKind::Sha256Counter`] is the portable generator of the reference's newer simulator
//! snapshots (`negotiation-and-thematic.md` §0): `unit()` hashes `seed:<seed>|<counter>`, and
//! `random`, `randint`, `uniform` and `choice` follow that generator's own formulas.

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
    /// The SHA-256 counter generator of the reference's newer simulators (`seed:<seed>`).
    #[serde(rename = "sha256-counter")]
    Sha256Counter,
}

impl RngKind {
    /// Every kind.
    pub const ALL: [RngKind; 3] = [RngKind::ChaCha, RngKind::CpythonMt, RngKind::Sha256Counter];

    /// The kind's name in run specifications and log headers.
    pub const fn as_str(self) -> &'static str {
        match self {
            RngKind::ChaCha => "chacha",
            RngKind::CpythonMt => "cpython-mt",
            RngKind::Sha256Counter => "sha256-counter",
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
    /// The counter of the SHA-256 generator (its seed text is `seed:<seed>`).
    Sha(u64),
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
            RngKind::Sha256Counter => Source::Sha(0),
        };
        SimRng { kind, seed, source }
    }

    /// CPython's Mersenne Twister seeded as `random.seed(n)` seeds it for an integer of any
    /// size: `words` are the 32-bit little-endian words of |n| (no trailing zero word; empty
    /// for 0). [`SimRng::seed`] gives the low 64 bits.
    pub fn cpython_words(words: &[u32]) -> Self {
        let low = |i: usize| u64::from(words.get(i).copied().unwrap_or(0));
        let key: alloc::vec::Vec<u32> =
            if words.is_empty() { alloc::vec![0] } else { words.to_vec() };
        SimRng {
            kind: RngKind::CpythonMt,
            seed: low(0) | (low(1) << 32),
            source: Source::Mt(Box::new(Mt::new_with_key(key))),
        }
    }

    /// The generator's kind.
    pub fn kind(&self) -> RngKind {
        self.kind
    }

    /// The seed it was built from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The next raw 32-bit word (the SHA-256 generator's: the top half of its next block).
    pub fn next_u32(&mut self) -> u32 {
        match &mut self.source {
            Source::ChaCha(r) => r.next_u32(),
            Source::Mt(r) => r.next_u32(),
            Source::Sha(_) => (self.sha_block() >> 32) as u32,
        }
    }

    /// The SHA-256 generator's next block: the first 8 bytes, big-endian, of
    /// SHA-256(`seed:<seed>|<counter>`); the counter then moves on.
    fn sha_block(&mut self) -> u64 {
        use sha2::{Digest, Sha256};
        let Source::Sha(counter) = &mut self.source else { return 0 };
        let mut hasher = Sha256::new();
        hasher.update(alloc::format!("seed:{}|{}", self.seed, counter).as_bytes());
        *counter += 1;
        let digest = hasher.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(digest.get(..8).unwrap_or(&[0; 8]));
        u64::from_be_bytes(first)
    }

    /// The SHA-256 generator's `unit()`: its block as a float (rounded to nearest, so it can
    /// be exactly 1.0) over 2^64.
    fn sha_unit(&mut self) -> f64 {
        self.sha_block() as f64 / 18_446_744_073_709_551_616.0
    }

    /// `floor(unit() × n)` clamped below `n` (the SHA-256 generator's index draw).
    fn sha_index(&mut self, n: u64) -> u64 {
        ((self.sha_unit() * n as f64) as u64).min(n.saturating_sub(1))
    }

    fn is_sha(&self) -> bool {
        matches!(self.source, Source::Sha(_))
    }

    /// CPython's `random()`: a 53-bit float in [0, 1) from two words (the SHA-256 generator's
    /// `unit()`, in [0, 1]).
    pub fn random(&mut self) -> f64 {
        if self.is_sha() {
            return self.sha_unit();
        }
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

    /// CPython's `randint(a, b)`, both ends included (the SHA-256 generator's own formula).
    pub fn randint(&mut self, a: i64, b: i64) -> Result<i64, DrawError> {
        if self.is_sha() {
            if b < a {
                return Err(DrawError::EmptyRange);
            }
            let span = b.abs_diff(a).saturating_add(1);
            return Ok(a.wrapping_add_unsigned(self.sha_index(span)));
        }
        let stop = b.checked_add(1).ok_or(DrawError::EmptyRange)?;
        self.randrange(a, stop)
    }

    /// CPython's `choice(seq)` (the SHA-256 generator's own formula); `None` when empty.
    pub fn choice<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            return None;
        }
        let n = items.len() as u64;
        let i = if self.is_sha() { self.sha_index(n) } else { self.randbelow(n) };
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
