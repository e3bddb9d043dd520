//! 部门 of member files in a batch: every 单位 is built first, then every 部门 summed from
//! the same files (`model::consolidate`). A 部门's up-to-date key hashes its members'
//! bytes too (recursively), so a 部门 is rebuilt when any member changed.

use std::path::Path;

use super::cache::Fingerprint;
use crate::model::{self, Loaded};

/// Whether the data file is a 部门 of member files (`consolidation:`). A file that does
/// not load is no 部门 here: it fails as a unit, with its findings.
pub fn is_consolidated(src: &Path) -> bool {
    model::consolidate::names_members(src)
}

/// The up-to-date key of a consolidated 部门: the shared fingerprint, its file and
/// bytes, and every member file's path and SHA-256.
pub fn key(fingerprint: &Fingerprint, file: &str, bytes: &[u8], loaded: &Loaded) -> String {
    let mut data = bytes.to_vec();
    if let Some(c) = &loaded.consolidation {
        for (path, digest) in c.inputs() {
            data.push(0);
            data.extend_from_slice(path.to_string_lossy().as_bytes());
            data.push(b'\t');
            data.extend_from_slice(digest.as_bytes());
        }
    }
    fingerprint.key(file, &data)
}

/// The number of member files of a consolidated 部门 (`成员数`), 本级's file included.
pub fn member_count(loaded: &Loaded) -> Option<usize> {
    loaded.consolidation.as_ref().map(|c| c.members.len())
}
