//! Cross-crate integration tests of Maestro Bench live in `tests/tests/`; the end-to-end
//! browser test of the built static site lives in `tests/e2e/`.
//! This library is empty on purpose: the package exists to hold those tests.
