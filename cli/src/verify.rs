//! `maestro verify FILE`: read an ARL file and check its HMAC chain.

use std::io::Write;
use std::path::Path;

use maestro_core::chain::{self, BreakKind};

use crate::Outcome;
use crate::key::KeyArgs;

/// Files larger than this are refused rather than read (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Verifies `file` with the key `key` names, writing the verdict to `out`.
pub fn run(file: &Path, key: &KeyArgs, out: &mut impl Write) -> Outcome {
    let key = match key.load() {
        Ok(key) => key,
        Err(msg) => return Outcome::Unusable(msg),
    };
    let shown = file.display();
    match std::fs::metadata(file) {
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            return Outcome::Unusable(format!(
                "`{shown}` is {} bytes; the limit is {MAX_FILE_BYTES} bytes",
                meta.len()
            ));
        }
        Ok(_) => {}
        Err(e) => return Outcome::Unusable(format!("cannot read `{shown}`: {e}")),
    }
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Unusable(format!("cannot read `{shown}`: {e}")),
    };
    let file_data = match chain::read_arl_file(&bytes) {
        Ok(f) => f,
        Err(e) => return Outcome::Unusable(format!("`{shown}`: {e}")),
    };
    match chain::verify(&file_data.rows, &key) {
        Ok(n) => {
            if let Err(e) = file_data.check_digest(&bytes) {
                return Outcome::Failed(format!("chain intact but {e}"));
            }
            let digest = if file_data.digest.is_some() { ", digest matches" } else { "" };
            let _ = writeln!(
                out,
                "chain intact: {n} rows verified with key `{}`{digest}",
                key.key_id()
            );
            Outcome::Ok
        }
        Err(broken) => {
            let detail = match &broken.kind {
                BreakKind::PrevHashMismatch { expected, found } => {
                    format!("prev_hash is {found}, the previous row_hash is {expected}")
                }
                BreakKind::RowHashMismatch { expected, found } => format!(
                    "row_hash is {found}, the HMAC of the row with key `{}` is {expected}",
                    key.key_id()
                ),
                BreakKind::IdMismatch { field, expected, found } => {
                    format!("{field} is `{found}`, the first row's is `{expected}`")
                }
            };
            Outcome::Failed(format!("chain broken: {broken}: {detail}"))
        }
    }
}
