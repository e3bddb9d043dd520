//! Last year's data file (`last_year: {file: ../2022/unit.yaml}`), resolved with the
//! report's configuration: loaded through `model::reference` (path relative to the data
//! file, cycle, year, confinement to the batch folder) and given its own settings and its
//! year's catalogue, so that the pipeline computes it the same way as any data file.

use crate::catalog::Catalog;
use crate::diag::Finding;
use crate::model::reference::{self, Chain, Reference, Relation};
use crate::model::{Loaded, Settings};

use super::Layers;

/// The field that names last year's file.
pub const FIELD: &str = "last_year.file";

/// Last year's data file, loaded and configured.
#[derive(Debug, Clone)]
pub struct LastYearFile {
    /// The path as the data file writes it.
    pub written: String,
    pub loaded: Loaded,
    /// Its own settings (the same layers around its `settings:`).
    pub settings: Settings,
    /// The catalogue of its year.
    pub catalog: &'static Catalog,
}

impl LastYearFile {
    /// The reference as `model::reference` knows it (for findings about it).
    pub fn reference<'a>(&'a self, from: &'a Loaded) -> Reference<'a> {
        Reference {
            from,
            field: FIELD,
            written: &self.written,
            relation: Relation::LastYear,
        }
    }
}

/// Loads the file `loaded` names as last year's, if any; a problem is a finding.
pub(super) fn resolve(
    layers: &Layers,
    loaded: &Loaded,
    chain: &Chain,
    findings: &mut Vec<Finding>,
) -> Option<Box<LastYearFile>> {
    let written = loaded.data.last_year.file.as_deref()?;
    let r = Reference {
        from: loaded,
        field: FIELD,
        written,
        relation: Relation::LastYear,
    };
    match reference::load(&r, chain) {
        Ok(ly) => {
            let settings = layers.settings(ly.data.settings.as_ref());
            let (catalog, _) = Catalog::for_year(ly.data.unit.year);
            Some(Box::new(LastYearFile {
                written: written.to_string(),
                loaded: ly,
                settings,
                catalog,
            }))
        }
        Err(f) => {
            findings.push(*f);
            None
        }
    }
}
