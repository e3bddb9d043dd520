//! Zero-width characters (U+200B–U+200D, U+2060, U+FEFF inside text), pasted in with text
//! from web pages and word processors. No font has a glyph for them: they print as boxes
//! and cost the report its PDF/A conformance. The loader strips them from every text
//! value; `check` warns (G003) at the first one of each field, so that the file can be
//! cleaned. Map keys are codes: the code checks refuse them there (C001/C005).

use serde_json::Value;

use super::{Locator, ReportData};
use crate::diag::Finding;

/// The characters stripped.
pub const ZERO_WIDTH: [char; 5] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];

/// Whether `c` is one of `ZERO_WIDTH`.
pub fn is_zero_width(c: char) -> bool {
    ZERO_WIDTH.contains(&c)
}

/// Strips zero-width characters from every text value of `data` (through its serde
/// form, so that every text field of the model is covered). Returns whether any was.
pub fn strip(data: &mut ReportData) -> bool {
    let Ok(mut v) = serde_json::to_value(&*data) else {
        return false;
    };
    if !strip_value(&mut v) {
        return false;
    }
    match serde_json::from_value(v) {
        Ok(clean) => {
            *data = clean;
            true
        }
        Err(_) => false,
    }
}

fn strip_value(v: &mut Value) -> bool {
    match v {
        Value::String(s) if s.contains(ZERO_WIDTH) => {
            s.retain(|c| !is_zero_width(c));
            true
        }
        Value::Array(items) => items.iter_mut().fold(false, |a, x| strip_value(x) | a),
        Value::Object(m) => m.values_mut().fold(false, |a, x| strip_value(x) | a),
        _ => false,
    }
}

/// One warning (G003) per text field that holds zero-width characters, located at the
/// first one (`data` as parsed, before stripping; `text` and `locator` of its file).
pub fn findings(data: &ReportData, text: &str, locator: &Locator) -> Vec<Finding> {
    super::schema::text_fields(data)
        .into_iter()
        .filter_map(|(path, s)| {
            let n = s.chars().filter(|c| is_zero_width(*c)).count();
            if n == 0 {
                return None;
            }
            let first = s.chars().find(|c| is_zero_width(*c)).unwrap_or('\u{200B}');
            let pos = locator.find(&path).map(|p| {
                let at = text
                    .get(p.offset..)
                    .and_then(|rest| rest.find(ZERO_WIDTH))
                    .map(|k| p.offset + k)
                    .unwrap_or(p.offset);
                super::guard::pos_at(text, at)
            });
            Some(
                Finding::warning(
                    "G003",
                    &path,
                    format!(
                        "字段 {path} 中有{n}个看不见的零宽字符（如 U+{:04X}），已删除：它们会印成空白方框，并使报告不再符合 PDF/A",
                        first as u32
                    ),
                )
                .at(pos)
                .help("多为从网页或 Word 复制文字时带入；在编辑器中删去该处的不可见字符，即可消除此警告"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    const EXAMPLE: &str = include_str!("../../data/example/dongqu-media-2023.yaml");

    #[test]
    fn zero_width_characters_are_stripped_and_located() {
        let text = EXAMPLE.replacen(
            "  name: 攀枝花市东区融媒体中心",
            "  name: 攀枝花市\u{200B}东区融媒体中心\u{FEFF}",
            1,
        );
        assert_ne!(text, EXAMPLE);
        let loaded = super::super::load_str(Path::new("t.yaml"), text.clone()).unwrap();
        assert_eq!(loaded.data.unit.name, "攀枝花市东区融媒体中心");
        let f = loaded.notes.clone();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].code, "G003");
        assert_eq!(f[0].path, "unit.name");
        let p = f[0].pos.as_ref().unwrap().text().unwrap();
        let line = text.lines().position(|l| l.contains('\u{200B}')).unwrap() + 1;
        // The column of the character itself: `  name: 攀枝花市` is 12 characters.
        assert_eq!((p.line, p.col), (line, 13));
        assert!(super::super::load_str(Path::new("e.yaml"), EXAMPLE.into())
            .unwrap()
            .notes
            .is_empty());
    }
}
