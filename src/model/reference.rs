//! Loading a data file that another data file names — last year's file
//! (`last_year: {file: ../2022/unit.yaml}`) or a 部门's member files (consolidation) —
//! one way for every such reference:
//!
//! - the path is relative to the naming file's folder (`resolve`);
//! - the files being loaded form a `Chain` from the file the command was given: a file
//!   that is already on it is a cycle (`Y002`), and a chain can be confined to a folder
//!   (batch: the district), outside which a reference is refused (`Y005`);
//! - the referenced file's `unit.year` must be the one the `Relation` expects (`Y003`);
//! - every problem is a finding located at the naming field and naming the referenced
//!   file as written and as resolved (`Y001` unreadable or invalid, `Y004` its own
//!   check has errors: see `with_errors`).
//!
//! Callers load with `load` and then take the referenced file through the same pipeline
//! stages as any data file (the configuration stage resolves references).

use std::path::{Component, Path, PathBuf};

use super::source::{load_file, LoadError, Loaded};
use crate::diag::{self, Finding};

/// The referenced file cannot be read or is not a valid data file.
pub const UNREADABLE: &str = "Y001";
/// The reference leads back to a file that is being loaded.
pub const CYCLE: &str = "Y002";
/// The referenced file's year is not the one the relation expects.
pub const YEAR: &str = "Y003";
/// The referenced file loads, but its own check finds errors.
pub const HAS_ERRORS: &str = "Y004";
/// The reference leaves the folder the chain is confined to (batch: the district).
pub const OUTSIDE: &str = "Y005";

/// What the referenced file is to the naming one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Last year's data file of the same unit (`last_year.file`): year − 1.
    LastYear,
    /// A member unit's data file of a 部门 (consolidation): the same year.
    Member,
}

impl Relation {
    /// "上年数据文件" / "成员单位数据文件".
    pub fn word(self) -> &'static str {
        match self {
            Relation::LastYear => "上年数据文件",
            Relation::Member => "成员单位数据文件",
        }
    }

    /// The `unit.year` the referenced file must have, given the naming file's.
    pub fn expected_year(self, year: i32) -> i32 {
        match self {
            Relation::LastYear => year - 1,
            Relation::Member => year,
        }
    }
}

/// The files being loaded, from the file the command was given down to the current one,
/// and the folder references must stay in (if any).
#[derive(Debug, Clone, Default)]
pub struct Chain {
    /// Canonical paths, root first.
    files: Vec<PathBuf>,
    /// Canonical folder every referenced file must be inside.
    within: Option<PathBuf>,
}

impl Chain {
    /// A chain starting at `root` (the file the command was given).
    pub fn new(root: &Path) -> Chain {
        Chain {
            files: vec![canonical(root)],
            within: None,
        }
    }

    /// The same chain, with references confined to `dir` (batch: the district folder).
    pub fn within(mut self, dir: &Path) -> Chain {
        self.within = Some(canonical(dir));
        self
    }

    /// The chain one level down, at `file`.
    pub fn push(&self, file: &Path) -> Chain {
        let mut c = self.clone();
        c.files.push(canonical(file));
        c
    }

    /// Whether `file` is already being loaded.
    pub fn contains(&self, file: &Path) -> bool {
        let f = canonical(file);
        self.files.contains(&f)
    }

    /// How many files are being loaded (1 for the file the command was given).
    pub fn depth(&self) -> usize {
        self.files.len()
    }
}

/// The path as the file system knows it; a file that does not exist keeps its lexically
/// cleaned path (its absence is reported when it is read).
fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| clean(p))
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn clean(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The referenced path: `written` relative to the folder of the naming file `from`
/// (an absolute `written` stays as it is).
pub fn resolve(from: &Path, written: &str) -> PathBuf {
    let w = Path::new(written.trim());
    if w.is_absolute() {
        return w.to_path_buf();
    }
    let dir = from.parent().unwrap_or(Path::new(""));
    clean(&dir.join(w))
}

/// Every file `loaded` names (resolved paths): last year's file today. Batch hashes
/// them into a unit's cache key, so a unit is rebuilt when a file it reads changes.
pub fn named_files(loaded: &Loaded) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(w) = loaded.data.last_year.file.as_deref() {
        if !w.trim().is_empty() {
            out.push(resolve(&loaded.path, w));
        }
    }
    out
}

/// A reference as the naming file writes it.
#[derive(Debug, Clone, Copy)]
pub struct Reference<'a> {
    /// The naming file.
    pub from: &'a Loaded,
    /// The field that names the file (`last_year.file`, `members[2].file`).
    pub field: &'a str,
    /// The path as written.
    pub written: &'a str,
    pub relation: Relation,
}

impl Reference<'_> {
    /// The referenced path (relative to the naming file's folder).
    pub fn path(&self) -> PathBuf {
        resolve(&self.from.path, self.written)
    }

    /// "上年数据文件 ../2022/unit.yaml" (and the resolved path when it differs).
    pub fn describe(&self) -> String {
        let path = self.path();
        let shown = path.display().to_string();
        if shown == self.written.trim() {
            format!("{} {shown}", self.relation.word())
        } else {
            format!(
                "{} {}（{shown}）",
                self.relation.word(),
                self.written.trim()
            )
        }
    }

    /// A finding of this reference: located at the naming field.
    pub fn finding(&self, code: &str, message: String) -> Finding {
        Finding::error(code, self.field, message).at(self.from.source.find(self.field))
    }
}

/// Loads the referenced file: confinement, cycle, reading and parsing, year. Every
/// problem is one finding located at the naming field.
pub fn load(r: &Reference, chain: &Chain) -> Result<Loaded, Box<Finding>> {
    let fail = |code: &str, message: String, help: &str| {
        Box::new(r.finding(code, message).help(help.to_string()))
    };
    if r.written.trim().is_empty() {
        return Err(fail(
            UNREADABLE,
            format!("{}的路径是空的（{}）", r.relation.word(), r.field),
            "写出文件路径，相对于本数据文件所在的目录，如 ../2022/unit.yaml",
        ));
    }
    let path = r.path();
    if let Some(dir) = &chain.within {
        if !canonical(&path).starts_with(dir) {
            return Err(fail(
                OUTSIDE,
                format!(
                    "{}不在本批次的数据目录 {} 之内",
                    r.describe(),
                    dir.display()
                ),
                "批量生成时只读取数据目录之内的文件：把该文件放入数据目录，或改正路径",
            ));
        }
    }
    if chain.contains(&path) {
        return Err(fail(
            CYCLE,
            format!("{}又指回正在读取的文件，形成循环引用", r.describe()),
            "一个数据文件不能（直接或间接地）引用它自己：请改正路径",
        ));
    }
    let loaded = match load_file(&path) {
        Ok(l) => l,
        Err(e) => return Err(Box::new(unreadable(r, &path, &e))),
    };
    let want = r.relation.expected_year(r.from.data.unit.year);
    if loaded.data.unit.year != want {
        let f = r
            .finding(
                YEAR,
                format!(
                    "{}的决算年度是 {}，应为 {want}",
                    r.describe(),
                    loaded.data.unit.year
                ),
            )
            .expected(want, loaded.data.unit.year)
            .help(match r.relation {
                Relation::LastYear => "last_year.file 应指向上一年度的数据文件",
                Relation::Member => "成员单位的数据文件应为同一决算年度",
            });
        return Err(Box::new(f));
    }
    Ok(loaded)
}

/// Y001 for a file that does not load: its own first problem, located in it.
fn unreadable(r: &Reference, path: &Path, e: &LoadError) -> Finding {
    let detail = match e {
        LoadError::Invalid { findings, .. } => first_problems(path, findings),
        other => other.to_string(),
    };
    r.finding(UNREADABLE, format!("{}无法读取：{detail}", r.describe()))
        .help("改正该文件（可单独对它运行 juesuan check）或改正路径")
}

/// Y004: the referenced file loads but its own check has errors (the first are named,
/// each at its place in that file).
pub fn with_errors(r: &Reference, referenced: &Loaded, findings: &[Finding]) -> Finding {
    let errors: Vec<Finding> = findings.iter().filter(|f| f.is_error()).cloned().collect();
    r.finding(
        HAS_ERRORS,
        format!(
            "{}有{}处错误：{}",
            r.describe(),
            errors.len(),
            first_problems(&referenced.path, &errors)
        ),
    )
    .help("先改正该文件中的错误（对它运行 juesuan check 可看到全部），本文件才能引用其中的数")
}

/// `file:line:col 代码 说明` of the first two findings, joined.
fn first_problems(path: &Path, findings: &[Finding]) -> String {
    let mut parts: Vec<String> = findings
        .iter()
        .take(2)
        .map(|f| format!("{} {} {}", diag::location(path, f), f.code, f.message))
        .collect();
    if findings.len() > 2 {
        parts.push(format!("另有{}处", findings.len() - 2));
    }
    parts.join("；")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    fn unit(year: i32, extra: &str) -> String {
        format!("schema: 1\nunit:\n  name: 某单位\n  year: {year}\n{extra}")
    }

    fn reference<'a>(from: &'a Loaded, written: &'a str, relation: Relation) -> Reference<'a> {
        Reference {
            from,
            field: "last_year.file",
            written,
            relation,
        }
    }

    #[test]
    fn paths_are_relative_to_the_naming_file() {
        assert_eq!(
            resolve(Path::new("d/2023/unit.yaml"), "../2022/unit.yaml"),
            PathBuf::from("d/2022/unit.yaml")
        );
        assert_eq!(
            resolve(Path::new("unit.yaml"), "./a.yaml"),
            PathBuf::from("a.yaml")
        );
        assert_eq!(
            resolve(Path::new("d/x.yaml"), "/abs/y.yaml"),
            PathBuf::from("/abs/y.yaml")
        );
    }

    #[test]
    fn loads_last_years_file_and_checks_its_year() {
        let dir = tempfile::tempdir().unwrap();
        let y23 = write(
            dir.path(),
            "2023/u.yaml",
            &unit(2023, "last_year:\n  file: ../2022/u.yaml\n"),
        );
        write(dir.path(), "2022/u.yaml", &unit(2022, ""));
        write(dir.path(), "2021/u.yaml", &unit(2021, ""));
        let from = load_file(&y23).unwrap();
        let chain = Chain::new(&y23);
        let ok = load(
            &reference(&from, "../2022/u.yaml", Relation::LastYear),
            &chain,
        )
        .unwrap();
        assert_eq!(ok.data.unit.year, 2022);
        let f = load(
            &reference(&from, "../2021/u.yaml", Relation::LastYear),
            &chain,
        )
        .unwrap_err();
        assert_eq!(f.code, YEAR);
        assert!(
            f.message.contains("2021") && f.message.contains("2022"),
            "{}",
            f.message
        );
        assert_eq!(f.text_pos().unwrap().line, 6, "at last_year.file");
        // A member of the same year is fine with Relation::Member.
        let f = load(
            &reference(&from, "../2022/u.yaml", Relation::Member),
            &chain,
        )
        .unwrap_err();
        assert_eq!(f.code, YEAR);
    }

    #[test]
    fn missing_invalid_cyclic_and_outside_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "d/a.yaml", &unit(2023, ""));
        write(dir.path(), "d/bad.yaml", "schema: 1\nunit: [\n");
        write(dir.path(), "outside.yaml", &unit(2022, ""));
        let from = load_file(&a).unwrap();
        let chain = Chain::new(&a);
        let err = |w: &str, chain: &Chain| {
            *load(&reference(&from, w, Relation::LastYear), chain).unwrap_err()
        };
        let f = err("nope.yaml", &chain);
        assert_eq!(f.code, UNREADABLE);
        assert!(f.message.contains("nope.yaml"), "{}", f.message);
        let f = err("bad.yaml", &chain);
        assert_eq!(f.code, UNREADABLE);
        assert!(
            f.message.contains("bad.yaml:"),
            "located in that file: {}",
            f.message
        );
        let f = err("./a.yaml", &chain);
        assert_eq!(f.code, CYCLE);
        let confined = Chain::new(&a).within(&dir.path().join("d"));
        assert_eq!(err("../outside.yaml", &confined).code, OUTSIDE);
        assert_eq!(err("", &chain).code, UNREADABLE);
        // A chain knows its files, however the path is spelled.
        let down = chain.push(&dir.path().join("d/../outside.yaml"));
        assert!(down.contains(&dir.path().join("outside.yaml")));
        assert_eq!(down.depth(), 2);
    }
}
