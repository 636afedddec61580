//! The simulated clock: the only source of time in the core.
//!
//! Timestamps, TTLs, cooldowns, grant expiry and run durations all read a [`SimClock`] that
//! moves only when the engine advances it, so a run specification fixes every timestamp.
//! Times print as the reference writes them: ISO-8601 with seconds in JST (`+09:00`).

use alloc::string::String;
use core::fmt::{self, Write as _};

/// Microseconds in one second.
pub const MICROS_PER_SEC: i64 = 1_000_000;
/// JST's offset from UTC, in seconds.
const JST_OFFSET_SECS: i64 = 9 * 3600;

/// A point in simulated time: microseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(pub i64);

/// A span of simulated time, in microseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimDuration(pub i64);

impl SimDuration {
    /// A duration of `secs` whole seconds.
    pub const fn from_secs(secs: i64) -> Self {
        SimDuration(secs.saturating_mul(MICROS_PER_SEC))
    }

    /// A duration of `micros` microseconds.
    pub const fn from_micros(micros: i64) -> Self {
        SimDuration(micros)
    }

    /// The duration in milliseconds, as a float.
    pub fn as_millis_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
}

impl SimTime {
    /// The default start of every run: 2026-04-22T10:15:30+09:00.
    pub const DEFAULT_START: SimTime = SimTime(1_776_820_530 * MICROS_PER_SEC);

    /// This time plus `d` (saturating).
    pub const fn plus(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }

    /// Whole seconds since the Unix epoch (rounded down).
    pub const fn unix_secs(self) -> i64 {
        self.0.div_euclid(MICROS_PER_SEC)
    }

    /// The time as ISO-8601 with seconds in JST, e.g. `2026-04-22T10:15:30+09:00`.
    pub fn iso_jst(self) -> String {
        let mut out = String::with_capacity(25);
        let _ = write!(out, "{self}");
        out
    }

    /// Parses an ISO-8601 timestamp `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM`
    /// (fractional seconds are allowed and ignored).
    pub fn parse_iso(text: &str) -> Option<SimTime> {
        let b = text.as_bytes();
        let num = |from: usize, len: usize| -> Option<i64> {
            let s = text.get(from..from + len)?;
            if !s.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        let sep = |i: usize, c: u8| b.get(i) == Some(&c);
        if !(sep(4, b'-') && sep(7, b'-') && sep(10, b'T') && sep(13, b':') && sep(16, b':')) {
            return None;
        }
        let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
        let (h, mi, s) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
            return None;
        }
        let mut rest = text.get(19..)?;
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            rest = frac.get(digits..)?;
        }
        let offset = match rest {
            "Z" => 0,
            _ => {
                let sign = match rest.as_bytes().first() {
                    Some(b'+') => 1,
                    Some(b'-') => -1,
                    _ => return None,
                };
                if rest.len() != 6 || rest.as_bytes().get(3) != Some(&b':') {
                    return None;
                }
                let oh: i64 = rest.get(1..3)?.parse().ok()?;
                let om: i64 = rest.get(4..6)?.parse().ok()?;
                sign * (oh * 3600 + om * 60)
            }
        };
        let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset;
        Some(SimTime(secs.checked_mul(MICROS_PER_SEC)?))
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let local = self.unix_secs() + JST_OFFSET_SECS;
        let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+09:00",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// A clock that moves only when told to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimClock {
    now: SimTime,
}

impl SimClock {
    /// A clock standing at `start`.
    pub const fn starting_at(start: SimTime) -> Self {
        SimClock { now: start }
    }

    /// The current simulated time.
    pub const fn now(&self) -> SimTime {
        self.now
    }

    /// Moves the clock forward by `d` (a negative duration is ignored: time never runs back).
    pub fn advance(&mut self, d: SimDuration) {
        if d.0 > 0 {
            self.now = self.now.plus(d);
        }
    }
}

impl Default for SimClock {
    fn default() -> Self {
        SimClock::starting_at(SimTime::DEFAULT_START)
    }
}
