//! A run log in other formats: the files the reference bench itself writes for the same run
//! (its own layout, so tools built on the reference's outputs read ours).
//!
//! The formats are the scenarios' (each knows its reference's files); this module picks by the
//! log's scenario and fails with a typed error on a log it cannot export.

use alloc::string::String;
use alloc::vec::Vec;

use crate::audit::Log;
use crate::json::Object;

/// Makes a scenario's reference files from a run's log rows.
pub type MakeFiles = fn(&[Object]) -> Vec<ExportFile>;

/// One exported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    /// Its name, as the reference names it.
    pub name: &'static str,
    /// Its text.
    pub text: String,
}

/// Why a log cannot be exported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// The log has no header line, so its scenario is unknown.
    NoHeader,
    /// The log's scenario has no reference files.
    NoReferenceFiles {
        /// The log's scenario.
        scenario: String,
    },
}

impl core::fmt::Display for ExportError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ExportError::NoHeader => f.write_str(
                "the log has no header line, so its scenario is unknown (export a run log: `maestro run` or the web app's download)",
            ),
            ExportError::NoReferenceFiles { scenario } => {
                write!(f, "`{scenario}` has no reference files to export (its reference bench writes none this bench reproduces)")
            }
        }
    }
}

impl core::error::Error for ExportError {}

/// The files the reference bench writes for the run `log` holds.
pub fn reference_files(log: &Log) -> Result<Vec<ExportFile>, ExportError> {
    let header = log.header.as_ref().ok_or(ExportError::NoHeader)?;
    let make = crate::scenario::reference_files(&header.scenario)
        .ok_or_else(|| ExportError::NoReferenceFiles { scenario: header.scenario.clone() })?;
    let rows: Vec<Object> = log.rows.iter().map(|r| r.fields.clone()).collect();
    Ok(make(&rows))
}
