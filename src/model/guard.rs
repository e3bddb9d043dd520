//! The first pass over a YAML text, before any YAML parser sees it: one linear scan that
//! refuses what a data file never needs and what makes the parsers blow up.
//!
//! - **Anchors and aliases** (`&a` … `*a`): an alias repeats a node, so a 440 KB file can
//!   ask serde_yaml for 12 GB (the "billion laughs"). A data file has no use for them.
//! - **Nesting deeper than [`MAX_DEPTH`]**: the YAML scanners are quadratic in the depth of
//!   flow collections (`[[[…]]]` 100,000 deep took 53 s), and serde recurses per level.
//! - **Size**: more than [`MAX_FILE_BYTES`] bytes, or more than [`MAX_TEXT_CHARS`]
//!   characters of content (comments and indentation not counted): no report has that
//!   much to say, and typesetting it would take minutes.
//!
//! The scan knows just enough YAML to tell an indicator from text: comments, quoted
//! scalars, block scalars and plain multi-line scalars are skipped as text. It is not a
//! parser: what it cannot judge it leaves to the parsers behind it, and the position
//! index (`Locator`) refuses any anchor that the scan missed.

use std::path::Path;

use super::Pos;
use crate::diag::Finding;

/// Largest data file read (bytes).
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// Most characters of content (scalars and keys; comments and indentation not counted).
pub const MAX_TEXT_CHARS: usize = 1_000_000;
/// Deepest nesting of collections accepted (a data file uses about 6).
pub const MAX_DEPTH: usize = 100;

/// Why a text is refused; offsets are bytes into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The text is longer than `MAX_FILE_BYTES`.
    TooBig { bytes: usize },
    /// Content passes `MAX_TEXT_CHARS` at `at`.
    TooMuchText { at: usize },
    /// Nesting passes `MAX_DEPTH` at `at`.
    TooDeep { at: usize },
    /// An anchor (`&name`) or alias (`*name`) at `at`.
    Anchor { at: usize, alias: bool },
}

/// Scans `text`; the first refusal, if any.
pub fn scan(text: &str) -> Result<(), Refusal> {
    if text.len() > MAX_FILE_BYTES {
        return Err(Refusal::TooBig { bytes: text.len() });
    }
    Scanner {
        b: text.as_bytes(),
        i: 0,
        flow: 0,
        blocks: Vec::new(),
        chars: 0,
    }
    .run()
}

/// Reads a file, at most one byte more than `MAX_FILE_BYTES` (a device such as
/// /dev/zero or a file that keeps growing is never read whole).
pub fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Refuses a file longer than `MAX_FILE_BYTES` (F014) before it is decoded.
pub fn check_size(bytes: usize) -> Result<(), Box<Finding>> {
    if bytes > MAX_FILE_BYTES {
        return Err(Box::new(finding("", &Refusal::TooBig { bytes })));
    }
    Ok(())
}

/// Scans a data file's text; a refusal becomes a located finding (F005, F013, F014).
pub fn check(text: &str) -> Result<(), Box<Finding>> {
    scan(text).map_err(|r| Box::new(finding(text, &r)))
}

/// Scans another YAML file the tool reads (district settings, table sets, chart style);
/// the error is one Chinese line naming the file, line and column.
pub fn check_yaml(path: &Path, text: &str) -> Result<(), String> {
    check(text).map_err(|f| {
        let at = f
            .pos
            .as_ref()
            .and_then(|l| l.text())
            .map(|p| format!(":{}:{}", p.line, p.col))
            .unwrap_or_default();
        format!("{}{at}：{}", path.display(), f.message)
    })
}

/// The finding for a refusal, located in `text`.
pub fn finding(text: &str, r: &Refusal) -> Finding {
    match r {
        Refusal::TooBig { bytes } => Finding::error(
            "F014",
            "",
            format!(
                "数据文件超过 {} MB 的上限（读到 {bytes} 字节），未读取",
                MAX_FILE_BYTES / 1048576
            ),
        )
        .help(
            "一个单位的数据文件通常不到 100 KB；请检查是否选错了文件，或文件中粘贴了大量无关内容",
        ),
        Refusal::TooMuchText { at } => Finding::error(
            "F014",
            "",
            format!("数据文件中的文字超过 {MAX_TEXT_CHARS} 字的上限（从此处起超出）"),
        )
        .at(Some(Pos {
            len: 1,
            ..pos_at(text, *at)
        }))
        .help("报告用不到这么多文字；请检查是否粘贴了大量无关内容"),
        Refusal::TooDeep { at } => Finding::error(
            "F005",
            "",
            format!("数据文件嵌套超过 {MAX_DEPTH} 层（列表或字段一层套一层），未读取"),
        )
        .at(Some(Pos {
            len: 1,
            ..pos_at(text, *at)
        }))
        .help("数据文件的结构最多五六层；多半是方括号 [ 或花括号 { 没有配对"),
        Refusal::Anchor { at, alias } => {
            let what = if *alias {
                "别名（*名称）"
            } else {
                "锚点（&名称）"
            };
            Finding::error(
                "F013",
                "",
                format!("数据文件中不能使用 YAML {what}：数据文件用不到锚点和别名，而别名能让一个小文件展开成巨量数据"),
            )
            .at(Some(pos_at(text, *at)))
            .help("把要重复的内容直接写出来；若这段文字本来就以 & 或 * 开头，请给整段文字加上引号")
        }
    }
}

/// The finding for an anchor or alias that the position index saw.
pub fn anchor_finding(pos: Pos) -> Finding {
    let mut f = finding("", &Refusal::Anchor { at: 0, alias: true });
    f.message = "数据文件中不能使用 YAML 锚点（&名称）或别名（*名称）：数据文件用不到它们，而别名能让一个小文件展开成巨量数据".into();
    f.at(Some(pos))
}

/// Line, column (characters) and offset of byte `at`, the node's text to the line end.
pub(crate) fn pos_at(text: &str, at: usize) -> Pos {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let line_start = text[..at].rfind('\n').map(|n| n + 1).unwrap_or(0);
    let line = text.as_bytes()[..at]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1;
    let col = text[line_start..at].chars().count() + 1;
    let rest = &text[at..];
    let len = rest
        .find(['\n', ' ', ',', ']', '}'])
        .unwrap_or(rest.len())
        .max(1)
        .min(rest.len());
    Pos {
        line,
        col,
        offset: at,
        len,
    }
}

/// The scan's state: position, flow depth and the indentation of open block nodes.
struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    /// Open flow collections (`[`, `{`).
    flow: usize,
    /// Columns of the open block nodes on the current line's path (innermost last).
    blocks: Vec<usize>,
    /// Characters of content so far.
    chars: usize,
}

/// A space, tab, line end or the end of the text.
fn is_blank(c: Option<&u8>) -> bool {
    matches!(c, None | Some(b' ' | b'\t' | b'\r' | b'\n'))
}

impl Scanner<'_> {
    fn at(&self, i: usize) -> Option<&u8> {
        self.b.get(i)
    }

    /// The end of the current line (the offset of its `\n`, or the text's end).
    fn eol(&self, from: usize) -> usize {
        self.b[from.min(self.b.len())..]
            .iter()
            .position(|c| *c == b'\n')
            .map(|n| from + n)
            .unwrap_or(self.b.len())
    }

    /// Counts the characters of `from..to` as content.
    fn text(&mut self, from: usize, to: usize) -> Result<(), Refusal> {
        let to = to.min(self.b.len());
        if from >= to {
            return Ok(());
        }
        self.chars += self.b[from..to]
            .iter()
            .filter(|c| (**c & 0xC0) != 0x80)
            .count();
        if self.chars > MAX_TEXT_CHARS {
            return Err(Refusal::TooMuchText { at: from });
        }
        Ok(())
    }

    fn depth_ok(&self, at: usize) -> Result<(), Refusal> {
        if self.blocks.len() + self.flow > MAX_DEPTH {
            return Err(Refusal::TooDeep { at });
        }
        Ok(())
    }

    /// Opens a block node at column `col` (a line's indentation or a `- ` item).
    fn open_block(&mut self, col: usize, at: usize) -> Result<(), Refusal> {
        self.blocks.push(col);
        self.depth_ok(at)
    }

    /// Line by line in block context.
    fn run(mut self) -> Result<(), Refusal> {
        // Lines deeper than this column continue a block or plain scalar: text.
        let mut text_deeper: Option<usize> = None;
        while self.i < self.b.len() {
            let line = self.i;
            let eol = self.eol(line);
            let indent = self.b[line..eol].iter().take_while(|c| **c == b' ').count();
            let first = line + indent;
            let blank = self.b[first..eol]
                .iter()
                .all(|c| matches!(c, b' ' | b'\t' | b'\r'));
            if blank || self.b[first] == b'#' {
                self.i = eol + 1;
                continue;
            }
            if let Some(parent) = text_deeper {
                if indent > parent {
                    self.text(first, eol)?;
                    self.i = eol + 1;
                    continue;
                }
                text_deeper = None;
            }
            let mut p = first;
            if indent == 0 {
                if self.b[p] == b'%' {
                    self.i = eol + 1;
                    continue;
                }
                let marker = self.b[p..].starts_with(b"---") || self.b[p..].starts_with(b"...");
                if marker && is_blank(self.at(p + 3)) {
                    self.blocks.clear();
                    p += 3;
                }
            }
            while self.blocks.last().is_some_and(|top| *top >= indent) {
                self.blocks.pop();
            }
            self.open_block(indent, first)?;
            self.i = p;
            text_deeper = self.block_line(line, indent)?;
            // `block_line` stops at a line end (or, after a flow collection, further on).
            if self.i < self.b.len() && self.b[self.i] == b'\n' {
                self.i += 1;
            }
        }
        Ok(())
    }

    /// The nodes of one line in block context, from a node start. Returns the column
    /// deeper than which the following lines are text (block or plain scalar).
    fn block_line(&mut self, line: usize, indent: usize) -> Result<Option<usize>, Refusal> {
        let mut parent = indent;
        loop {
            // At a node start.
            while matches!(self.at(self.i), Some(b' ' | b'\t' | b'\r')) {
                self.i += 1;
            }
            let Some(&c) = self.at(self.i) else {
                return Ok(None);
            };
            let col = self.i - line;
            match c {
                b'\n' => return Ok(None),
                b'#' => {
                    self.i = self.eol(self.i);
                    return Ok(None);
                }
                b'-' | b'?' | b':' if is_blank(self.at(self.i + 1)) => {
                    parent = col;
                    self.i += 1;
                    if c != b':' {
                        self.open_block(col + 2, self.i - 1)?;
                    }
                    continue;
                }
                b'&' | b'*' => {
                    return Err(Refusal::Anchor {
                        at: self.i,
                        alias: c == b'*',
                    })
                }
                b'!' => {
                    while !is_blank(self.at(self.i)) {
                        self.i += 1;
                    }
                    continue;
                }
                b'|' | b'>' => {
                    self.i = self.eol(self.i);
                    return Ok(Some(parent));
                }
                b'[' | b'{' => self.flow_collection()?,
                b'"' | b'\'' => self.quoted()?,
                _ => {
                    // A plain scalar: a key when `: ` follows, else text to the line end
                    // (and on deeper lines).
                    let start = self.i;
                    let eol = self.eol(start);
                    let mut j = start;
                    let mut key = false;
                    while j < eol {
                        let cj = self.b[j];
                        if cj == b':' && is_blank(self.at(j + 1)) {
                            key = true;
                            break;
                        }
                        if cj == b'#' && j > start && matches!(self.b[j - 1], b' ' | b'\t') {
                            break;
                        }
                        j += 1;
                    }
                    self.text(start, j)?;
                    if key {
                        parent = col;
                        self.i = j + 1;
                        continue;
                    }
                    self.i = self.eol(j);
                    return Ok(Some(parent));
                }
            }
            // After a quoted scalar or a flow collection: a key's `:`, a comment or the end.
            while matches!(self.at(self.i), Some(b' ' | b'\t' | b'\r')) {
                self.i += 1;
            }
            match self.at(self.i) {
                Some(b':') if is_blank(self.at(self.i + 1)) => {
                    parent = col;
                    self.i += 1;
                }
                _ => {
                    self.i = self.eol(self.i);
                    return Ok(None);
                }
            }
        }
    }

    /// A quoted scalar from its opening quote; may span lines.
    fn quoted(&mut self) -> Result<(), Refusal> {
        let q = self.b[self.i];
        let start = self.i;
        self.i += 1;
        while let Some(&c) = self.at(self.i) {
            if q == b'"' && c == b'\\' {
                self.i += 2;
                continue;
            }
            self.i += 1;
            if c == q {
                if q == b'\'' && self.at(self.i) == Some(&b'\'') {
                    self.i += 1;
                    continue;
                }
                break;
            }
        }
        self.i = self.i.min(self.b.len());
        self.text(start, self.i)
    }

    /// A flow collection from its opening bracket to the matching close (any lines).
    fn flow_collection(&mut self) -> Result<(), Refusal> {
        let mut node_start = true;
        while let Some(&c) = self.at(self.i) {
            let after_blank = self.i == 0 || is_blank(self.at(self.i - 1));
            match c {
                b'[' | b'{' => {
                    self.flow += 1;
                    self.depth_ok(self.i)?;
                    self.i += 1;
                    node_start = true;
                }
                b']' | b'}' => {
                    self.flow = self.flow.saturating_sub(1);
                    self.i += 1;
                    node_start = false;
                    if self.flow == 0 {
                        return Ok(());
                    }
                }
                b',' => {
                    self.i += 1;
                    node_start = true;
                }
                b' ' | b'\t' | b'\r' | b'\n' => self.i += 1,
                b'#' if after_blank => self.i = self.eol(self.i),
                b'&' | b'*' if node_start => {
                    return Err(Refusal::Anchor {
                        at: self.i,
                        alias: c == b'*',
                    })
                }
                b'"' | b'\'' if node_start => {
                    self.quoted()?;
                    node_start = false;
                }
                b'!' if node_start => {
                    while !is_blank(self.at(self.i))
                        && !matches!(self.at(self.i), Some(b',' | b'[' | b']' | b'{' | b'}'))
                    {
                        self.i += 1;
                    }
                }
                b':' | b'?'
                    if is_blank(self.at(self.i + 1))
                        || matches!(
                            self.at(self.i + 1),
                            Some(b',' | b'[' | b']' | b'{' | b'}')
                        ) =>
                {
                    self.i += 1;
                    node_start = true;
                }
                _ => {
                    // A plain scalar: up to a flow indicator, `: ` or ` #`.
                    let start = self.i;
                    while let Some(&cj) = self.at(self.i) {
                        let ends = matches!(cj, b',' | b'[' | b']' | b'{' | b'}' | b'\n')
                            || (cj == b':'
                                && (is_blank(self.at(self.i + 1))
                                    || matches!(
                                        self.at(self.i + 1),
                                        Some(b',' | b'[' | b']' | b'{' | b'}')
                                    )))
                            || (cj == b'#' && is_blank(self.at(self.i.wrapping_sub(1))));
                        if ends && self.i > start {
                            break;
                        }
                        self.i += 1;
                    }
                    self.text(start, self.i)?;
                    node_start = false;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> Option<Refusal> {
        scan(text).err()
    }

    #[test]
    fn data_files_pass() {
        for text in [
            include_str!("../../data/example/dongqu-media-2023.yaml"),
            include_str!("../../data/init-template.yaml"),
            include_str!("../../tests/fixtures/edu-bureau-2023.yaml"),
            "a: 'it''s & *not* an alias'\nb: \"*x\"\nc: a&b*c\nd: [x, 'y', \"&z\"]\n",
            "t: |\n  *text* &more\n  [[[[\ne: 1\n",
            "t: 第一行\n  *第二行，续行\n  &第三行\nu: 1\n",
            "k: \"多行\n  *引号内\"\nl: x # *注释\n# &整行注释\n",
            "{a: [1, 2], b: {c: d}}\n",
            "url: http://x.y/a#b\nlist:\n  - - a\n    - b\n  - c\n",
        ] {
            assert_eq!(refusal(text), None, "{text}");
        }
    }

    #[test]
    fn anchors_and_aliases_are_refused_where_they_stand() {
        let cases = [
            ("a: &x 1\nb: *x\n", 3, false),
            ("a: [1, *x]\n", 7, true),
            ("a:\n  - &big \"...\"\n", 7, false),
            ("&k key: 1\n", 0, false),
            ("a: {b: *c}\n", 7, true),
            ("a: !!str &x 1\n", 9, false),
            ("- - *a\n", 4, true),
            ("a: [\n  \"x\",\n  *y]\n", 14, true),
        ];
        for (text, at, alias) in cases {
            assert_eq!(
                refusal(text),
                Some(Refusal::Anchor { at, alias }),
                "{text:?}"
            );
        }
        let f = check("schema: 1\nunit:\n  name: &n 某单位\n").unwrap_err();
        assert_eq!(f.code, "F013");
        let p = f.pos.as_ref().unwrap().text().unwrap();
        assert_eq!((p.line, p.col), (3, 9));
    }

    #[test]
    fn deep_nesting_is_refused_at_the_level_that_passes_the_limit() {
        let flow = format!("unit: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let r = refusal(&flow).unwrap();
        // The block mapping is level 1, so the 100th bracket is level 101.
        assert_eq!(r, Refusal::TooDeep { at: 6 + 99 });
        assert_eq!(
            refusal(&format!("a: {}1{}\n", "[".repeat(99), "]".repeat(99))),
            None
        );
        let block: String = (0..150)
            .map(|n| format!("{}k{n}:\n", " ".repeat(n)))
            .collect();
        assert!(matches!(refusal(&block), Some(Refusal::TooDeep { .. })));
        let dashes = format!("{}x\n", "- ".repeat(150));
        assert!(matches!(refusal(&dashes), Some(Refusal::TooDeep { .. })));
    }

    #[test]
    fn size_limits() {
        let big = "a".repeat(MAX_FILE_BYTES + 1);
        assert!(matches!(refusal(&big), Some(Refusal::TooBig { .. })));
        let text = format!("a: {}\nb: {}\n", "字".repeat(600_000), "字".repeat(600_000));
        let Some(Refusal::TooMuchText { at }) = refusal(&text) else {
            panic!()
        };
        assert_eq!(pos_at(&text, at).line, 2);
        // Comments are not content.
        let comments = format!("# {}\na: 1\n", "注".repeat(1_500_000));
        assert_eq!(refusal(&comments), None);
    }
}
