//! Test helpers: run the binary, build PDFs, extract their text with pdftotext.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The example data file.
pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example/dongqu-media-2023.yaml")
}

/// Runs `juesuan` with `args`.
pub fn juesuan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(args)
        .output()
        .expect("run juesuan")
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// Builds `data` into `dir/<name>.pdf`; panics with the tool's stderr on failure.
pub fn build(data: &Path, dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(format!("{name}.pdf"));
    let o = juesuan(&["build", data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// The PDF's text as pdftotext extracts it (reading order, no layout).
pub fn pdf_text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(o.status.success(), "pdftotext failed");
    String::from_utf8(o.stdout).expect("utf-8 text")
}

/// The text with all whitespace removed: typst puts spacing between hanzi and digits
/// and breaks lines anywhere, so sentences are matched without whitespace.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The text of one page (1-based), whitespace removed.
pub fn page_text(pdf: &Path, page: usize) -> String {
    let o = Command::new("pdftotext")
        .args([
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            pdf.to_str().unwrap(),
            "-",
        ])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    squash(&String::from_utf8_lossy(&o.stdout))
}

/// The lines of one page (1-based) in reading order, each without whitespace and word
/// joiners.
pub fn page_text_lines(pdf: &Path, page: usize) -> Vec<String> {
    let o = Command::new("pdftotext")
        .args([
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            pdf.to_str().unwrap(),
            "-",
        ])
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            l.chars()
                .filter(|c| !c.is_whitespace() && *c != '\u{2060}')
                .collect()
        })
        .filter(|l: &String| !l.is_empty())
        .collect()
}
