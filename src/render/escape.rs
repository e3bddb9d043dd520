//! Typst escaping for values that land in markup (Tera's autoescape function for `.typ`
//! templates) and for values that land inside Typst string literals.

/// Escapes text for Typst markup mode: every character with a markup meaning gets a
/// backslash; newlines are dropped (a newline between two hanzi would print a space);
/// control characters are removed.
pub fn typst_markup(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '\\' | '#' | '$' | '*' | '_' | '`' | '<' | '>' | '@' | '=' | '-' | '+' | '/' | '['
            | ']' | '~' | '\'' | '"' | '.' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => {}
            c if c.is_control() && c != '\t' => {}
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
            c if c.is_control() => {}
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
    }

    #[test]
    fn string_literal_escapes_quotes_and_backslashes() {
        assert_eq!(typst_string(r#"a"b\c"#), r#"a\"b\\c"#);
    }
}
