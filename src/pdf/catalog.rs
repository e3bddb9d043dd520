//! One deterministic patch of the exported PDF's document catalogue: `/PageMode
//! /UseOutlines`, so that a viewer opens the bookmarks pane with the document. typst-pdf
//! 0.15 (krilla 0.8) has no option for it.
//!
//! krilla writes a classic cross-reference table and the catalogue as a plain (not
//! compressed) object, normally the last one. The patch inserts the entry at the start of
//! the catalogue's dictionary and moves every byte offset after that point by the
//! inserted length: the cross-reference entries (fixed width, so the table keeps its
//! length) and `startxref`. Nothing else changes, so the file stays PDF/A-2b (a page mode
//! is allowed there) and identical input still gives identical bytes. If the file is not
//! laid out that way (a cross-reference stream, an unexpected catalogue) it is returned
//! unchanged: the bookmarks pane is a convenience, never a reason to fail a report.

/// The entry added to the catalogue.
const ENTRY: &[u8] = b"/PageMode/UseOutlines";

/// `pdf` with `/PageMode /UseOutlines` in its catalogue when it has bookmarks
/// (`/Outlines`) and no page mode yet; otherwise `pdf` unchanged.
pub fn open_with_outlines(pdf: Vec<u8>) -> Vec<u8> {
    match plan(&pdf) {
        Some(p) => apply(&pdf, &p),
        None => pdf,
    }
}

/// Where the patch goes and what it moves.
struct Plan {
    /// Byte offset at which `ENTRY` is inserted (just after the catalogue's `<<`).
    insert_at: usize,
    /// Byte range of each 10-digit offset field of an in-use cross-reference entry.
    offset_fields: Vec<std::ops::Range<usize>>,
    /// Byte range of the number after the last `startxref`.
    startxref_field: std::ops::Range<usize>,
}

fn plan(pdf: &[u8]) -> Option<Plan> {
    let startxref_at = rfind(pdf, b"startxref")?;
    let startxref_field = number_after(pdf, startxref_at + b"startxref".len())?;
    let xref_at: usize = ascii(&pdf[startxref_field.clone()])?.parse().ok()?;
    let (offset_fields, table_end) = xref_table(pdf, xref_at)?;
    let trailer = &pdf[table_end..startxref_at];
    let root = reference_after(trailer, b"/Root")?;
    // The catalogue's offset is the entry of its object number.
    let (root_num, root_gen) = root;
    let field = offset_fields
        .iter()
        .find(|(num, _)| *num == root_num)
        .map(|(_, r)| r.clone())?;
    let at: usize = ascii(&pdf[field])?.parse().ok()?;
    let header = format!("{root_num} {root_gen} obj");
    let object = pdf.get(at..)?;
    if !object.starts_with(header.as_bytes()) {
        return None;
    }
    let end = find(object, b"endobj")?;
    let object = &object[..end];
    let open = find(object, b"<<")?;
    let dict = &object[open..];
    if find(dict, b"/Type/Catalog").is_none()
        || find(dict, b"/Outlines").is_none()
        || find(dict, b"/PageMode").is_some()
    {
        return None;
    }
    Some(Plan {
        insert_at: at + open + 2,
        offset_fields: offset_fields.into_iter().map(|(_, r)| r).collect(),
        startxref_field,
    })
}

fn apply(pdf: &[u8], plan: &Plan) -> Vec<u8> {
    let shift = |offset: usize| {
        if offset >= plan.insert_at {
            offset + ENTRY.len()
        } else {
            offset
        }
    };
    let mut out = Vec::with_capacity(pdf.len() + ENTRY.len() + 4);
    let mut cursor = 0;
    // Edits in file order: the insertion, then the table's offsets, then startxref.
    let mut edits: Vec<(std::ops::Range<usize>, Vec<u8>)> =
        vec![(plan.insert_at..plan.insert_at, ENTRY.to_vec())];
    for field in &plan.offset_fields {
        let old: usize = ascii(&pdf[field.clone()])
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        edits.push((field.clone(), format!("{:010}", shift(old)).into_bytes()));
    }
    let old: usize = ascii(&pdf[plan.startxref_field.clone()])
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    edits.push((
        plan.startxref_field.clone(),
        shift(old).to_string().into_bytes(),
    ));
    edits.sort_by_key(|(r, _)| r.start);
    for (range, text) in edits {
        out.extend_from_slice(&pdf[cursor..range.start]);
        out.extend_from_slice(&text);
        cursor = range.end;
    }
    out.extend_from_slice(&pdf[cursor..]);
    out
}

/// The in-use entries of the cross-reference table at `at` as (object number, range of
/// the offset field), and the offset just after the table (where `trailer` starts).
#[allow(clippy::type_complexity)]
fn xref_table(pdf: &[u8], at: usize) -> Option<(Vec<(u32, std::ops::Range<usize>)>, usize)> {
    let mut pos = at;
    if !pdf.get(pos..)?.starts_with(b"xref") {
        return None;
    }
    pos = skip_space(pdf, pos + 4);
    let mut fields = Vec::new();
    // Subsections: "first count" then `count` entries of exactly 20 bytes.
    while pdf.get(pos).is_some_and(u8::is_ascii_digit) {
        let first = number_after(pdf, pos)?;
        let count = number_after(pdf, first.end)?;
        let first_num: u32 = ascii(&pdf[first])?.parse().ok()?;
        let n: u32 = ascii(&pdf[count.clone()])?.parse().ok()?;
        pos = skip_space(pdf, count.end);
        for i in 0..n {
            let entry = pdf.get(pos..pos + 20)?;
            match entry.get(17) {
                Some(b'n') => fields.push((first_num + i, pos..pos + 10)),
                Some(b'f') => {}
                _ => return None,
            }
            pos += 20;
        }
        pos = skip_space(pdf, pos);
    }
    pdf.get(pos..)?
        .starts_with(b"trailer")
        .then_some((fields, pos))
}

/// The object reference `N G R` after `key` in `text`.
fn reference_after(text: &[u8], key: &[u8]) -> Option<(u32, u32)> {
    let at = find(text, key)? + key.len();
    let num = number_after(text, at)?;
    let generation = number_after(text, num.end)?;
    let r = skip_space(text, generation.end);
    (text.get(r) == Some(&b'R')).then_some((
        ascii(&text[num])?.parse().ok()?,
        ascii(&text[generation])?.parse().ok()?,
    ))
}

/// The range of the decimal number starting after optional whitespace at `at`.
fn number_after(text: &[u8], at: usize) -> Option<std::ops::Range<usize>> {
    let start = skip_space(text, at);
    let len = text
        .get(start..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    (len > 0).then_some(start..start + len)
}

fn skip_space(text: &[u8], mut at: usize) -> usize {
    while text
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\r' | b'\n' | b'\t' | b'\x0c' | b'\0'))
    {
        at += 1;
    }
    at
}

fn ascii(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal PDF laid out as krilla writes it: objects, then the catalogue, then a
    /// classic cross-reference table with exact offsets.
    fn sample(catalog_dict: &str, catalog_last: bool) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = [0usize; 4];
        let objects: Vec<(usize, String)> = {
            let pages = (1, "<</Type/Pages/Kids[]/Count 0>>".to_string());
            let outlines = (2, "<</Type/Outlines/Count 0>>".to_string());
            let catalog = (3, catalog_dict.to_string());
            if catalog_last {
                vec![pages, outlines, catalog]
            } else {
                vec![catalog, pages, outlines]
            }
        };
        for (num, body) in objects {
            offsets[num] = out.len();
            out.extend_from_slice(format!("{num} 0 obj\n{body}\nendobj\n").as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(b"xref\n0 4\n0000000000 65535 f\r\n");
        for o in &offsets[1..] {
            out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<</Size 4/Root 3 0 R>>\nstartxref\n{xref}\n%%EOF").as_bytes(),
        );
        out
    }

    /// Every in-use entry of the (patched) table points at its `N 0 obj`, and startxref
    /// at `xref`.
    fn offsets_are_consistent(pdf: &[u8]) {
        let p = rfind(pdf, b"startxref").unwrap();
        let f = number_after(pdf, p + 9).unwrap();
        let x: usize = ascii(&pdf[f]).unwrap().parse().unwrap();
        let (fields, _) = xref_table(pdf, x).expect("startxref points at the table");
        assert_eq!(fields.len(), 3);
        for (num, field) in fields {
            let o: usize = ascii(&pdf[field]).unwrap().parse().unwrap();
            assert!(
                pdf[o..].starts_with(format!("{num} 0 obj").as_bytes()),
                "object {num}"
            );
        }
    }

    #[test]
    fn the_entry_goes_into_the_catalogue_and_offsets_follow() {
        for last in [true, false] {
            let pdf = sample("<</Type/Catalog/Pages 1 0 R/Outlines 2 0 R>>", last);
            offsets_are_consistent(&pdf);
            let patched = open_with_outlines(pdf.clone());
            assert_eq!(patched.len(), pdf.len() + ENTRY.len());
            let text = String::from_utf8_lossy(&patched);
            assert!(
                text.contains("<</PageMode/UseOutlines/Type/Catalog/Pages 1 0 R/Outlines 2 0 R>>"),
                "{text}"
            );
            offsets_are_consistent(&patched);
            // Deterministic, and a second pass changes nothing.
            assert_eq!(open_with_outlines(pdf.clone()), patched);
            assert_eq!(open_with_outlines(patched.clone()), patched);
        }
    }

    #[test]
    fn without_bookmarks_or_with_a_page_mode_nothing_changes() {
        let none = sample("<</Type/Catalog/Pages 1 0 R>>", true);
        assert_eq!(open_with_outlines(none.clone()), none);
        let set = sample(
            "<</Type/Catalog/PageMode/UseThumbs/Pages 1 0 R/Outlines 2 0 R>>",
            true,
        );
        assert_eq!(open_with_outlines(set.clone()), set);
    }

    #[test]
    fn an_unexpected_layout_is_left_alone() {
        let pdf = sample("<</Type/Catalog/Pages 1 0 R/Outlines 2 0 R>>", true);
        // startxref pointing elsewhere (as with a cross-reference stream).
        let text = String::from_utf8(pdf.clone()).unwrap();
        let at = text.rfind("startxref\n").unwrap() + 10;
        let broken = format!("{}9{}", &text[..at], &text[at..]);
        assert_eq!(
            open_with_outlines(broken.clone().into_bytes()),
            broken.into_bytes()
        );
        assert_eq!(open_with_outlines(b"not a pdf".to_vec()), b"not a pdf");
        assert_eq!(open_with_outlines(Vec::new()), Vec::<u8>::new());
    }
}
