//! .html: a portal page saved from the browser. Tags are stripped; block elements end a
//! line, table cells are separated by tabs and each table row is one line (cells in row
//! order); scripts and styles are dropped; character references are decoded. The page may
//! be UTF-8 or GBK (declared in a `<meta charset>`).

use super::Extracted;

pub fn extract(bytes: &[u8]) -> Extracted {
    let text = decode(bytes);
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            push_text(&mut out, rest);
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        if !closing && matches!(name.as_str(), "script" | "style" | "head" | "title") {
            let end = format!("</{name}");
            rest = find_ci(rest, &end).map_or("", |e| &rest[e..]);
            continue;
        }
        match name.as_str() {
            "td" | "th" if !closing => out.push('\t'),
            "br" | "p" | "div" | "tr" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            | "table" | "section" | "article" | "ul" | "ol" | "blockquote" => out.push('\n'),
            _ => {}
        }
    }
    push_text(&mut out, rest);
    let lines: Vec<String> = out
        .lines()
        .map(|l| {
            // A row's line starts with the first cell's tab.
            let l = l.strip_prefix('\t').unwrap_or(l);
            l.trim_end().to_string()
        })
        .collect();
    Extracted {
        pages: vec![lines.join("\n")],
        paged: false,
        method: "网页（去除标签，表格按行）".into(),
    }
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.to_ascii_lowercase().find(needle)
}

/// Text between tags: whitespace runs collapse to one space (as a browser shows it).
fn push_text(out: &mut String, raw: &str) {
    let decoded = entities(raw);
    let mut last_space = out.ends_with([' ', '\n', '\t']);
    for c in decoded.chars() {
        if c.is_whitespace() && c != '\u{3000}' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

fn entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "nbsp" | "ensp" | "emsp" => Some(' '),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "mdash" => Some('—'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// UTF-8 unless the page declares a GB charset (or is not valid UTF-8).
fn decode(bytes: &[u8]) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let gb = ["charset=gb", "charset=\"gb", "charset='gb"]
        .iter()
        .any(|m| head.contains(m));
    if gb {
        encoding_rs::GB18030.decode(bytes).0.into_owned()
    } else {
        super::decode(bytes).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_become_lines_of_cells() {
        let html = "<html><head><title>x</title><style>p{}</style></head><body>\
            <p>一、收入&nbsp;决算</p><table><tr><td>合计</td><td>1,000.00</td></tr>\
            <tr><td>201</td><td></td><td>2.00</td></tr></table><script>var a='<p>';</script>\
            <!-- 注释 --><div>完&#x6210;</div></body></html>";
        let x = extract(html.as_bytes());
        let lines: Vec<&str> = x.pages[0].lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            ["一、收入 决算", "合计\t1,000.00", "201\t\t2.00", "完成"]
        );
    }
}
