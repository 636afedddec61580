//! CSV as the reference's Python writes it (`csv` module defaults): a cell is quoted only
//! when it holds a comma, a quote or a line break, and a quote inside is doubled.

use alloc::string::String;

/// Appends `text` to `out` as one CSV cell.
pub fn cell(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}
