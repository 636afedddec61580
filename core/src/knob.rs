//! Knobs declared once, read once: [`knobs!`] turns one declaration per knob (a field, its
//! type and its [`KnobInfo`]) into the bench's knob list (for the generated forms, the links
//! and `maestro knobs`) and a typed struct that [`KnobSet::read`] fills from a request,
//! checked against the declaration in two stages: the text against the knob's kind and range
//! ([`crate::stepwise::knob`], the one validation path of every scenario, whose messages name
//! the knob and the allowed values), then the text into the field's type. Scenario code reads
//! fields; a knob's name appears only in its declaration.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::face::{KnobInfo, KnobKind, RequestError, RunRequest};

/// A knob's value type: how a text already checked against the knob's [`KnobInfo`] becomes a
/// value (`None` when the declaration and the type disagree, refused as a defect).
pub trait KnobValue: Sized {
    /// The value of `text`, a valid value of `info`.
    fn from_checked(text: &str, info: &KnobInfo) -> Option<Self>;
}

impl KnobValue for bool {
    fn from_checked(text: &str, info: &KnobInfo) -> Option<Self> {
        match (info.kind, text) {
            (KnobKind::Flag, "true") => Some(true),
            (KnobKind::Flag, "false") => Some(false),
            _ => None,
        }
    }
}

impl KnobValue for f64 {
    fn from_checked(text: &str, info: &KnobInfo) -> Option<Self> {
        match info.kind {
            KnobKind::Number { .. } => text.parse().ok().filter(|x: &f64| x.is_finite()),
            _ => None,
        }
    }
}

macro_rules! whole_number {
    ($($t:ty),+) => {$(
        impl KnobValue for $t {
            fn from_checked(text: &str, info: &KnobInfo) -> Option<Self> {
                match info.kind {
                    KnobKind::Integer { .. } => text.parse::<u64>().ok().and_then(|n| <$t>::try_from(n).ok()),
                    _ => None,
                }
            }
        }
    )+};
}
whole_number!(u32, u64, usize, i64);

impl KnobValue for String {
    fn from_checked(text: &str, info: &KnobInfo) -> Option<Self> {
        matches!(info.kind, KnobKind::Text { .. }).then(|| text.to_string())
    }
}

/// A choice knob's value: one of the names its declaration lists.
impl KnobValue for &'static str {
    fn from_checked(text: &str, info: &KnobInfo) -> Option<Self> {
        match info.kind {
            KnobKind::Choice { values } => values.iter().copied().find(|v| *v == text),
            _ => None,
        }
    }
}

/// Who answers a simulator's HITL points (its `decider` knob).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decider {
    /// The student, at each point.
    Student,
    /// The reference's non-interactive defaults (as in a batch).
    Defaults,
}

impl KnobValue for Decider {
    fn from_checked(text: &str, info: &KnobInfo) -> Option<Self> {
        match <&'static str>::from_checked(text, info)? {
            "student" => Some(Decider::Student),
            "defaults" => Some(Decider::Defaults),
            _ => None,
        }
    }
}

/// A bench's knobs as one typed value (declared with [`knobs!`]).
pub trait KnobSet: Sized {
    /// The knobs' descriptions, in declaration order.
    const INFO: &'static [KnobInfo];
    /// Reads and checks every knob of `req`: an unknown knob, and a value out of its knob's
    /// kind or range, is refused with a message naming the knob.
    fn read(req: &RunRequest) -> Result<Self, RequestError>;
    /// Every knob's value as given (the checked text, or the default), in declaration order.
    fn pairs(&self) -> Vec<(&'static str, String)>;
}

/// Every knob of `infos` read from `req` and checked ([`crate::stepwise::knob`]), as text in
/// declaration order: the first stage of [`KnobSet::read`], shared by every bench. A whole
/// number is kept as written canonically (`05` and `+5` are `5`); other values as given, so
/// that a log's header shows the value the run was asked with.
pub fn texts(
    req: &RunRequest,
    infos: &'static [KnobInfo],
) -> Result<Vec<(&'static str, String)>, RequestError> {
    crate::stepwise::known_knobs(req, infos)?;
    let mut out = Vec::with_capacity(infos.len());
    for info in infos {
        let text = crate::stepwise::knob(req, info)?;
        let given = match (info.kind, text.parse::<u64>()) {
            (KnobKind::Integer { .. }, Ok(n)) => n.to_string(),
            _ => text.to_string(),
        };
        out.push((info.name, given));
    }
    Ok(out)
}

/// The second stage of [`KnobSet::read`]: a knob's checked text as a `T`, or the knob whose
/// declared type does not fit its kind (`None` when the declaration has more fields than
/// texts, which [`knobs!`] never makes).
// Not inlined: a bench reads tens of knobs, and one call per field keeps the page's engine small.
#[inline(never)]
pub fn parse<T: KnobValue>(
    knob: Option<(&str, &'static KnobInfo)>,
) -> Result<T, Option<&'static KnobInfo>> {
    let (text, info) = knob.ok_or(None)?;
    T::from_checked(text, info).ok_or(Some(info))
}

/// The refusal of a knob whose declared type does not fit its kind (a defect of the
/// declaration, refused rather than read as a default).
pub fn mismatch(info: Option<&KnobInfo>) -> RequestError {
    let (en, ja) = (
        "the value cannot be read as this knob's declared type",
        "値をこのノブの宣言された型として読めません",
    );
    match info {
        Some(info) => RequestError::knob(info.name, en, ja),
        None => RequestError::other(en, ja),
    }
}

/// Whether `a` and `b` are the same text (for the compile-time check that a knob's field is
/// named as the knob).
pub const fn same_name(a: &str, b: &str) -> bool {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.split_first(), b.split_first()) {
            (None, None) => return true,
            (Some((x, rest_a)), Some((y, rest_b))) if *x == *y => {
                a = rest_a;
                b = rest_b;
            }
            _ => return false,
        }
    }
}

/// Declares a bench's knobs once:
///
/// ```ignore
/// knobs! {
///     /// The knobs of the bench.
///     pub struct Knobs {
///         rounds: u32 = KnobInfo::integer("rounds", 1, 100, "7", "Rounds.", "ラウンド数。"),
///         decider: Decider = DECIDER_KNOB,
///     }
/// }
/// ```
///
/// makes `Knobs` (a field per knob, and the texts given) with [`KnobSet`] implemented:
/// `Knobs::INFO` lists the descriptions in this order, and `Knobs::read` fills the fields.
macro_rules! knobs {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $info:expr ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        $vis struct $name {
            $(
                $(#[$fmeta])*
                #[doc = concat!("Knob `", stringify!($field), "` (its description says what it does).")]
                pub $field: $ty,
            )+
            given: alloc::vec::Vec<(&'static str, alloc::string::String)>,
        }

        #[expect(non_upper_case_globals, reason = "each knob's description is named as its field")]
        impl $name {
            $(
                #[doc = concat!("The description of knob `", stringify!($field), "`.")]
                pub const $field: $crate::face::KnobInfo = $info;
            )+
        }

        // Each field is named as its knob, checked when compiled.
        $( const _: () = assert!(
            $crate::knob::same_name(stringify!($field), $name::$field.name),
            concat!("knob field `", stringify!($field), "` is not named as its knob"),
        ); )+

        impl $crate::knob::KnobSet for $name {
            const INFO: &'static [$crate::face::KnobInfo] = &[$( Self::$field ),+];

            fn read(req: &$crate::face::RunRequest) -> Result<Self, $crate::face::RequestError> {
                let given = $crate::knob::texts(req, Self::INFO)?;
                let knobs = {
                    let mut knob = given.iter().map(|(_, t)| t.as_str()).zip(Self::INFO);
                    (|| -> Result<Self, Option<&'static $crate::face::KnobInfo>> {
                        Ok($name {
                            $( $field: $crate::knob::parse::<$ty>(knob.next())?, )+
                            given: alloc::vec::Vec::new(),
                        })
                    })()
                };
                match knobs {
                    Ok(mut knobs) => {
                        knobs.given = given;
                        Ok(knobs)
                    }
                    Err(info) => Err($crate::knob::mismatch(info)),
                }
            }

            fn pairs(&self) -> alloc::vec::Vec<(&'static str, alloc::string::String)> {
                self.given.clone()
            }
        }
    };
}
pub(crate) use knobs;

#[cfg(test)]
mod tests {
    use super::{Decider, KnobSet};
    use crate::face::{KnobInfo, RunRequest};
    use alloc::string::ToString;
    use alloc::vec;

    knobs! {
        /// A bench's knobs, one of them declared with a type its kind cannot give.
        struct Mistyped {
            rounds: u32 = KnobInfo::integer("rounds", 1, 9, "3", "Rounds.", "ラウンド数。"),
            enforce: f64 = KnobInfo::flag("enforce", "true", "A flag.", "フラグ。"),
        }
    }

    knobs! {
        /// Well-typed knobs.
        struct Typed {
            rounds: u32 = KnobInfo::integer("rounds", 1, 9, "3", "Rounds.", "ラウンド数。"),
            decider: Decider = KnobInfo::choice(
                "decider",
                &["student", "defaults"],
                "student",
                "Who answers.",
                "誰が答えるか。",
            ),
        }
    }

    fn request(knobs: &[(&str, &str)]) -> RunRequest {
        let knobs = knobs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        RunRequest { knobs, ..RunRequest::default() }
    }

    #[test]
    fn a_field_whose_type_does_not_fit_its_kind_is_refused_by_name_never_read_as_a_default() {
        let e = Mistyped::read(&request(&[])).err();
        assert_eq!(e.as_ref().and_then(|e| e.knob.as_deref()), Some("enforce"), "{e:?}");
    }

    #[test]
    fn fields_are_read_once_and_the_texts_kept_as_given() {
        let k = Typed::read(&request(&[("rounds", "07"), ("decider", "defaults")]));
        assert_eq!(k.as_ref().map(|k| (k.rounds, k.decider)), Ok((7, Decider::Defaults)));
        let pairs = k.map(|k| k.pairs());
        assert_eq!(
            pairs,
            Ok(vec![("rounds", "7".to_string()), ("decider", "defaults".to_string())])
        );
        let e = Typed::read(&request(&[("rounds", "10")])).err();
        assert_eq!(e.as_ref().and_then(|e| e.knob.as_deref()), Some("rounds"));
        assert_eq!(e.map(|e| e.message.en), Some("10 is outside [1, 9]".to_string()));
        let e = Typed::read(&request(&[("round", "1")])).err();
        assert_eq!(e.and_then(|e| e.knob), Some("round".to_string()));
    }
}
