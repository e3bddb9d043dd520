//! Where a consolidated value came from: the `Source` of a consolidated 部门 maps a
//! field path of the summed data back to a file — a 部门-level text to the 部门 file, a
//! project to the member that has it, a sum to the file stating its (first non-zero)
//! part — and shows each finding in the file it points into.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Consolidated, FileId, Provenance};
use crate::diag::{Finding, Location};
use crate::model::Source;

/// The source map of a consolidated 部门.
#[derive(Debug)]
pub struct MergedSource {
    parent: Arc<dyn Source>,
    /// The members' sources, by member index, with their paths.
    members: Vec<(PathBuf, Arc<dyn Source>)>,
    /// Every file a finding may point into (members, their members, members that did
    /// not load), by path.
    files: Vec<(PathBuf, Arc<dyn Source>)>,
    provenance: Provenance,
}

impl MergedSource {
    pub fn new(c: &Consolidated) -> MergedSource {
        let members = c
            .members
            .iter()
            .map(|m| (m.loaded.path.clone(), m.loaded.source.clone()))
            .collect();
        let mut files = Vec::new();
        collect_files(c, &mut files);
        MergedSource {
            parent: c.parent.source.clone(),
            members,
            files,
            provenance: c.provenance.clone(),
        }
    }

    fn source(&self, file: FileId) -> (&Arc<dyn Source>, Option<&Path>) {
        match file {
            None => (&self.parent, None),
            Some(i) => (&self.members[i].1, Some(self.members[i].0.as_path())),
        }
    }

    /// The file and the path there that `path` of the consolidated data comes from.
    fn place(&self, path: &str) -> (FileId, String) {
        if let Some(parts) = self.provenance.leaves.get(path) {
            let stated = |p: &&super::Part| self.source(p.file).0.has(&p.path);
            let pick = parts
                .iter()
                .filter(stated)
                .find(|p| !p.value.is_zero())
                .or_else(|| parts.iter().filter(stated).find(|p| p.file.is_none()))
                .or_else(|| parts.iter().find(stated));
            if let Some(p) = pick {
                return (p.file, p.path.clone());
            }
        }
        // The innermost list item holding the path (`projects[3]` of
        // `projects[3].economic.30201`): the item it was made of (the 部门 file's first).
        let mut cut = path.len();
        while let Some(end) = path[..cut].rfind(']') {
            let item = &path[..=end];
            if let Some(origins) = self.provenance.items.get(item) {
                if let Some((file, there)) = origins.first() {
                    return (*file, format!("{there}{}", &path[end + 1..]));
                }
            }
            cut = end;
        }
        (None, path.to_string())
    }

    fn located(&self, file: FileId, loc: Option<Location>) -> Option<Location> {
        match self.source(file).1 {
            None => loc,
            Some(p) => loc.map(|l| l.in_file(p)),
        }
    }

    fn file(&self, path: &Path) -> Option<&Arc<dyn Source>> {
        self.files.iter().find(|(p, _)| p == path).map(|(_, s)| s)
    }
}

/// Every file a finding of `c` may point into, its members' members included.
fn collect_files(c: &Consolidated, out: &mut Vec<(PathBuf, Arc<dyn Source>)>) {
    for m in &c.members {
        out.push((m.loaded.path.clone(), m.loaded.source.clone()));
        if let Some(inner) = &m.loaded.consolidation {
            collect_files(inner, out);
        }
    }
    out.extend(c.unloaded.iter().cloned());
}

impl Source for MergedSource {
    fn find(&self, path: &str) -> Option<Location> {
        let (file, there) = self.place(path);
        self.located(file, self.source(file).0.find(&there))
    }

    fn key(&self, path: &str) -> Option<Location> {
        let (file, there) = self.place(path);
        self.located(file, self.source(file).0.key(&there))
    }

    fn has(&self, path: &str) -> bool {
        if let Some(parts) = self.provenance.leaves.get(path) {
            return parts.iter().any(|p| self.source(p.file).0.has(&p.path));
        }
        let (file, there) = self.place(path);
        self.source(file).0.has(&there)
    }

    fn within(&self, path: &str, snippet: &str) -> Option<Location> {
        let (file, there) = self.place(path);
        self.located(file, self.source(file).0.within(&there, snippet))
    }

    /// Each finding in the file it points into, in order.
    fn render(&self, findings: &[Finding]) -> String {
        let mut out = String::new();
        for f in findings {
            if let Some(Location::File { file, at }) = &f.pos {
                if let Some(src) = self.file(file) {
                    let mut g = f.clone();
                    g.pos = Some((**at).clone());
                    out.push_str(&src.render(&[g]));
                    continue;
                }
            }
            out.push_str(&self.parent.render(std::slice::from_ref(f)));
        }
        out
    }
}
