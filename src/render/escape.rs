//! Typst escaping for values that land in markup (Tera's autoescape function for `.typ`
//! templates) and for values that land inside Typst string literals.

/// Escapes text for Typst markup mode: every character with a markup meaning gets a
/// backslash; newlines are dropped (a newline between two hanzi would print a space);
/// control and zero-width characters are removed.
///
/// The text must also be safe at its left boundary: a template may put it right after
/// an embedded expression (`#linebreak(){{ x }}`, `#h(2em){{ x }}`), which Typst goes on
/// reading as long as the next character can continue it — `(` (call arguments), `[`
/// (content argument), `.` (field access) — and whose terminating `;` it swallows. So
/// those are escaped wherever they stand. (A letter after a bare `#name` would continue
/// the identifier; templates never put a value there: tests/typst_boundaries.rs.)
pub fn typst_markup(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '\\' | '#' | '$' | '*' | '_' | '`' | '<' | '>' | '@' | '=' | '-' | '+' | '/' | '['
            | ']' | '~' | '\'' | '"' | '.' | '{' | '}' | '(' | ';' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => {}
            c if c.is_control() && c != '\t' => {}
            c if crate::model::invisible::is_zero_width(c) => {}
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for the inside of a Typst string literal `"…"`.
pub fn typst_string(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push_str("\\t"),
            c if c.is_control() || crate::model::invisible::is_zero_width(c) => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_specials_are_escaped() {
        assert_eq!(typst_markup("a#b$c"), "a\\#b\\$c");
        assert_eq!(typst_markup("[x]"), "\\[x\\]");
        assert_eq!(typst_markup("a\\b"), "a\\\\b");
        assert_eq!(typst_markup("第一行\n第二行"), "第一行第二行");
        assert_eq!(typst_markup("= 标题"), "\\= 标题");
        // Safe right after an embedded expression: nothing can continue or end it.
        assert_eq!(typst_markup("(筹)单位"), "\\(筹)单位");
        assert_eq!(typst_markup(";a"), "\\;a");
        assert_eq!(typst_markup("a\u{200B}b\u{FEFF}"), "ab");
    }

    #[test]
    fn string_literal_escapes_quotes_and_backslashes() {
        assert_eq!(typst_string(r#"a"b\c"#), r#"a\"b\\c"#);
    }
}
