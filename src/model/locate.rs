//! Where each value sits in the YAML text: a position-aware pass over the same source.
//!
//! serde_yaml reports positions for syntax and type errors only. Findings about values
//! (a total that does not add up) need the value's own line and column, so we walk the
//! event stream of `saphyr-parser` once and record the position of every node under a
//! dotted path such as `income.general_budget` or `expenditure[2].project`.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

use crate::diag::Pos;

/// Path → position of the node (value) and of its key.
#[derive(Debug, Clone, Default)]
pub struct Locator {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
    /// The first anchor or alias (a data file may have none: see `guard`).
    anchor: Option<Pos>,
}

impl Locator {
    /// Indexes `text`. A text with a syntax error yields the positions seen before it.
    pub fn new(text: &str) -> Locator {
        let mut loc = Locator::default();
        let char_to_byte = CharIndex::new(text);
        let mut parser = Parser::new_from_str(text);
        let mut events = Vec::new();
        while let Some(Ok((ev, span))) = parser.next_event() {
            let start = span.start;
            let end = span.end;
            let off = char_to_byte.byte(start.index());
            let end_off = char_to_byte.byte(end.index());
            let mut len = end_off.saturating_sub(off);
            if matches!(ev, Event::Scalar(..)) {
                len = scalar_len(text.get(off..off + len).unwrap_or(""));
            }
            let pos = Pos {
                line: start.line(),
                col: start.col() + 1,
                offset: off,
                len,
            };
            if loc.anchor.is_none() && has_anchor(&ev) {
                loc.anchor = Some(pos);
            }
            events.push((ev, pos));
            if events.len() > 2_000_000 {
                break;
            }
        }
        let mut i = 0;
        // Skip stream/document starts.
        while i < events.len()
            && matches!(events[i].0, Event::StreamStart | Event::DocumentStart(_))
        {
            i += 1;
        }
        if i < events.len() {
            loc.walk(&events, &mut i, String::new(), 0);
        }
        loc
    }

    fn walk(&mut self, ev: &[(Event, Pos)], i: &mut usize, path: String, depth: usize) {
        if *i >= ev.len() {
            return;
        }
        if depth > MAX_DEPTH {
            skip_node(ev, i);
            return;
        }
        let (e, pos) = &ev[*i];
        self.values.insert(path.clone(), *pos);
        *i += 1;
        match e {
            Event::MappingStart(..) => {
                while *i < ev.len() && !matches!(ev[*i].0, Event::MappingEnd) {
                    let key = match &ev[*i].0 {
                        Event::Scalar(s, ..) => s.to_string(),
                        _ => String::from("?"),
                    };
                    let kpos = ev[*i].1;
                    // Complex keys: skip the whole key node.
                    let mut scratch = Locator::default();
                    scratch.walk(ev, i, String::new(), depth + 1);
                    let child = if path.is_empty() {
                        key
                    } else {
                        format!("{path}.{key}")
                    };
                    self.keys.insert(child.clone(), kpos);
                    self.walk(ev, i, child, depth + 1);
                }
                *i += 1;
            }
            Event::SequenceStart(..) => {
                let mut n = 0;
                while *i < ev.len() && !matches!(ev[*i].0, Event::SequenceEnd) {
                    self.walk(ev, i, format!("{path}[{n}]"), depth + 1);
                    n += 1;
                }
                *i += 1;
            }
            _ => {}
        }
    }

    /// Position of the value at `path`, or of its nearest located ancestor.
    pub fn find(&self, path: &str) -> Option<Pos> {
        let mut p = path.to_string();
        loop {
            if let Some(pos) = self.values.get(&p) {
                return Some(*pos);
            }
            match p.rfind(['.', '[']) {
                Some(cut) => p.truncate(cut),
                None => return self.values.get("").copied(),
            }
        }
    }

    /// Position of the key of `path` (for unknown-field findings).
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.keys.get(path).copied().or_else(|| self.find(path))
    }

    /// The first anchor or alias in the text, if any.
    pub fn anchor(&self) -> Option<Pos> {
        self.anchor
    }

    /// Whether the file states a value at exactly `path`.
    pub fn has(&self, path: &str) -> bool {
        self.values.contains_key(path)
    }
}

/// An alias, or a node carrying an anchor (anchor ids start at 1).
fn has_anchor(ev: &Event) -> bool {
    match ev {
        Event::Alias(_) => true,
        Event::Scalar(_, _, id, _) | Event::SequenceStart(id, _) | Event::MappingStart(id, _) => {
            *id > 0
        }
        _ => false,
    }
}

/// Nodes nested deeper than this are not indexed (their findings point at an ancestor).
const MAX_DEPTH: usize = 200;

/// Steps over one node and everything inside it, without recursion.
fn skip_node(ev: &[(Event, Pos)], i: &mut usize) {
    let mut open = 0usize;
    while *i < ev.len() {
        match ev[*i].0 {
            Event::MappingStart(..) | Event::SequenceStart(..) => open += 1,
            Event::MappingEnd | Event::SequenceEnd => open = open.saturating_sub(1),
            _ => {}
        }
        *i += 1;
        if open == 0 {
            return;
        }
    }
}

/// Length of a one-line scalar's own text within its span: the parser's span of a
/// quoted scalar may run on over a trailing comment. Block scalars keep their span.
fn scalar_len(span: &str) -> usize {
    let first_line = span.split('\n').next().unwrap_or("");
    if first_line.len() < span.len() {
        return span.len();
    }
    match first_line.chars().next() {
        Some(q @ ('"' | '\'')) => {
            // The closing quote (a doubled '' or an escaped \" does not close).
            let mut chars = first_line.char_indices().skip(1).peekable();
            while let Some((i, c)) = chars.next() {
                if q == '"' && c == '\\' {
                    chars.next();
                } else if c == q {
                    if q == '\'' && chars.peek().map(|p| p.1) == Some('\'') {
                        chars.next();
                        continue;
                    }
                    return i + 1;
                }
            }
            first_line.len()
        }
        _ => first_line.split(" #").next().unwrap_or("").trim_end().len(),
    }
}

/// Maps character indices (saphyr's markers) to byte offsets.
struct CharIndex {
    offsets: Vec<usize>,
}

impl CharIndex {
    fn new(text: &str) -> Self {
        let mut offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        offsets.push(text.len());
        CharIndex { offsets }
    }
    fn byte(&self, ch: usize) -> usize {
        self.offsets
            .get(ch)
            .copied()
            .unwrap_or(*self.offsets.last().unwrap_or(&0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_terminates() {
        for depth in [199, 200, 201, 250, 5000] {
            let text = format!("a: {}{}\nb: 1\n", "[".repeat(depth), "]".repeat(depth));
            let loc = Locator::new(&text);
            // (saphyr stops with an error somewhere beyond 250 levels: then `b` is unseen.)
            if depth <= 250 {
                assert_eq!(loc.find("b").unwrap().line, 2, "depth {depth}");
            }
            let text = format!(
                "a:{}\nb: 1\n",
                (1..depth.min(400))
                    .map(|n| format!("\n{}k:", " ".repeat(n)))
                    .collect::<String>()
            );
            let loc = Locator::new(&text);
            assert!(loc.has("b"), "mapping depth {depth}");
        }
    }

    #[test]
    fn finds_nested_values_and_sequence_items() {
        let text = "unit:\n  name: 某单位\n  year: 2023\nexpenditure:\n  - code: \"2013350\"   # 事业运行\n    personnel: 12.5 # 元\n";
        let loc = Locator::new(text);
        let p = loc.find("unit.year").unwrap();
        assert_eq!((p.line, p.col), (3, 9));
        let q = loc.find("expenditure[0].code").unwrap();
        assert_eq!(&text[q.offset..q.offset + q.len], "\"2013350\"");
        let p = loc.find("expenditure[0].personnel").unwrap();
        assert_eq!((p.line, p.col), (6, 16));
        assert_eq!(&text[p.offset..p.offset + p.len], "12.5");
        // Missing leaf falls back to its parent.
        let p = loc.find("expenditure[0].project").unwrap();
        assert_eq!(p.line, 5);
        assert!(loc.has("unit.name"));
        assert!(!loc.has("unit.region"));
    }
}
