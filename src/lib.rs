//! juesuan: one data file of a budget unit's final-accounts figures → its annual
//! disclosure report (部门决算公开) as a print-ready PDF.
//!
//! One pipeline, each stage handing plain data to the next, one way:
//!
//! bytes → `model` → `Loaded` → `config` → `Config` → `compute` → `Figures` → `audit` →
//! `Audit` (findings) → `render` → `View` → Typst source, and `charts` → SVG files →
//! `pdf` → PDF bytes. `pipeline` runs that sequence (the only place it is written);
//! `batch` and `preview` drive it for many files or for live editing; `commands` is the
//! edge (clap, printing, exit codes). docs/architecture.md shows the flow.
//!
//! The layering: a module imports only modules on lower levels, so no stage reaches a
//! stage above it and there is no cycle (tests/layering.rs reads `src/` and checks this
//! table, which it parses from here):
//!
//! ```text
//! 10 commands                              the edge: clap types, printing, exit codes
//! 9  batch preview                         drivers: a district, live editing
//! 8  pipeline                              the one sequence of stages; Toolkit
//! 7  pdf                                   Typst source + files → PDF bytes
//! 6  render charts                         figures → view → Typst source; → SVG
//! 5  audit lint import                     findings of data, of published reports; workbooks → data
//! 4  compute                               data → figures (every number)
//! 3  config                                options + data → one resolved Config
//! 2  catalog edition                       classification catalogues and report editions by year
//! 1  model                                 bytes → Loaded (data, source map), schema
//! 0  diag format atomic outdir fonts placeholder  ground floor: findings, numbers, files, placeholder patterns
//! ```

pub mod atomic;
pub mod audit;
pub mod batch;
pub mod catalog;
pub mod charts;
pub mod commands;
pub mod compute;
pub mod config;
pub mod diag;
pub mod edition;
pub mod fonts;
pub mod format;
pub mod import;
pub mod lint;
pub mod model;
pub mod outdir;
pub mod pdf;
pub mod pipeline;
pub mod placeholder;
pub mod preview;
pub mod render;

pub use commands::run;
