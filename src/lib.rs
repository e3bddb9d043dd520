//! juesuan: one YAML file of a budget unit's final-accounts figures → its annual
//! disclosure report (部门决算公开) as a print-ready PDF.
//!
//! The pipeline, one module per stage, each depending only on those before it:
//! `model` (load YAML, exact `Decimal` money, source positions) → `compute` (derived
//! figures) → `audit` (findings) → `render` (view model, Tera templates → Typst source)
//! and `charts` (plotters → SVG) → `pdf` (typst → PDF bytes). `batch` and `preview`
//! drive the pipeline for many files or for live editing; `cli` is the clap surface
//! and `commands` maps it onto the pipeline.

pub mod audit;
pub mod batch;
pub mod catalog;
pub mod charts;
pub mod cli;
pub mod commands;
pub mod compute;
pub mod diag;
pub mod import;
pub mod model;
pub mod pdf;
pub mod pipeline;
pub mod preview;
pub mod render;

pub use commands::run;
