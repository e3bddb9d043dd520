//! The preview's typst world, kept from one render to the next. The 附表 part (most of
//! the source, unchanged by a template edit of the narrative) goes in a file of its own,
//! included by the main source: while its text is unchanged it is neither parsed nor
//! evaluated again (typst's memo cache keeps both). The library and the font book are
//! built once.
//!
//! Sources are parsed afresh, not edited in place (`Source::replace`): an incremental
//! parse numbers the edited nodes anew, so a page laid out from the same text would
//! differ from the first render in its spans — and the preview swaps pages by hash.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::pdf::{Document, FontSet};

/// File name of the 附表 part inside the preview's world.
const TABLES: &str = "/tables.typ";
/// Where the part starts in the generated source: the template's first line.
const TABLES_START: &str = "#let part-title = ";

/// A typst world whose sources are updated in place.
pub struct LiveWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    tables: Source,
    files: HashMap<FileId, Bytes>,
}

fn id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl LiveWorld {
    pub fn new(fonts: &FontSet) -> LiveWorld {
        LiveWorld {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts.fonts)),
            fonts: fonts.fonts.clone(),
            main: Source::new(id("/main.typ"), String::new()),
            tables: Source::new(id(TABLES), String::new()),
            files: HashMap::new(),
        }
    }

    /// Takes the next document: changed sources are replaced, the charts too.
    pub fn update(&mut self, doc: &Document) {
        let (main, tables) = split(&doc.source);
        if self.main.text() != main {
            self.main = Source::new(self.main.id(), main);
        }
        if self.tables.text() != tables {
            self.tables = Source::new(self.tables.id(), tables.to_string());
        }
        self.files = doc
            .files
            .iter()
            .map(|(name, bytes)| (id(&format!("/{name}")), Bytes::new(bytes.clone())))
            .collect();
    }

    /// The text of a source of this world (for error messages).
    pub fn text_of(&self, file: FileId) -> Option<&str> {
        [&self.main, &self.tables]
            .into_iter()
            .find(|s| s.id() == file)
            .map(Source::text)
    }
}

/// The main source with the 附表 part replaced by an `#include` of it, and the part.
/// A source without the part (or with it written otherwise) stays whole.
fn split(source: &str) -> (String, &str) {
    match source.find(TABLES_START) {
        // The part runs to the end of the report (it is its last part).
        Some(at) if source[..at].ends_with('\n') => (
            format!("{}#include \"{TABLES}\"\n", &source[..at]),
            &source[at..],
        ),
        _ => (source.to_string(), ""),
    }
}

impl World for LiveWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, file: FileId) -> FileResult<Source> {
        [&self.main, &self.tables]
            .into_iter()
            .find(|s| s.id() == file)
            .cloned()
            .ok_or_else(|| FileError::NotFound(file.get().vpath().get_without_slash().into()))
    }

    fn file(&self, file: FileId) -> FileResult<Bytes> {
        self.files
            .get(&file)
            .cloned()
            .ok_or_else(|| FileError::NotFound(file.get().vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // Reports carry their own date (the document date comes from the data).
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_part_becomes_an_included_file() {
        let src = "= 一\n正文\n#let part-title = x\n表\n";
        let (main, tables) = split(src);
        assert_eq!(main, "= 一\n正文\n#include \"/tables.typ\"\n");
        assert_eq!(tables, "#let part-title = x\n表\n");
        // Without the part's first line the source stays whole.
        assert_eq!(split("= 一\n"), ("= 一\n".to_string(), ""));
    }
}
