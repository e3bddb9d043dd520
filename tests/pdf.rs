//! The PDF as a publishable, archivable file: reproducible bytes, metadata, PDF/A-2b
//! identification, tagging, bookmarks, a 目录 whose page numbers are right, faithful text,
//! and missing glyphs named (and cured with --font-dir).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build, example, juesuan, pdf_text, squash, tempdir, write};
use hayro_syntax::object::{Dict, Stream};
use hayro_syntax::Pdf;

fn fixture_fonts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts")
}

fn open(pdf: &Path) -> Pdf {
    Pdf::new(std::fs::read(pdf).unwrap()).expect("a readable PDF")
}

/// A PDF text string: UTF-16BE with a byte-order mark, else (ASCII) PDFDocEncoding.
fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|b| *b as char).collect()
    }
}

fn catalog(pdf: &Pdf) -> Dict<'_> {
    pdf.xref()
        .get::<Dict>(pdf.xref().root_id())
        .expect("document catalogue")
}

/// The bookmarks as (depth, title), depth-first, depth 1 = top level.
fn outline(pdf: &Pdf) -> Vec<(usize, String)> {
    fn walk(first: Option<Dict<'_>>, depth: usize, out: &mut Vec<(usize, String)>) {
        let mut node = first;
        let mut guard = 0;
        while let Some(item) = node {
            guard += 1;
            assert!(guard < 10_000, "outline loop");
            let title = item
                .get::<hayro_syntax::object::String>("Title")
                .map(|s| text_string(s.as_bytes()))
                .unwrap_or_default();
            out.push((depth, title));
            walk(item.get::<Dict>("First"), depth + 1, out);
            node = item.get::<Dict>("Next");
        }
    }
    let mut out = Vec::new();
    if let Some(root) = catalog(pdf).get::<Dict>("Outlines") {
        walk(root.get::<Dict>("First"), 1, &mut out);
    }
    out
}

/// The XMP metadata packet.
fn xmp(pdf: &Pdf) -> String {
    let stream = catalog(pdf)
        .get::<Stream>("Metadata")
        .expect("XMP metadata stream");
    String::from_utf8(stream.decoded().expect("decodable").to_vec()).expect("utf-8 XMP")
}

/// `pdfinfo -isodates` as (key, value) pairs.
fn pdfinfo(pdf: &Path) -> Vec<(String, String)> {
    let o = Command::new("pdfinfo")
        .arg("-isodates")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn info(fields: &[(String, String)], key: &str) -> String {
    fields
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn output_text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempdir();
    let a = std::fs::read(build(&example(), dir.path(), "a")).unwrap();
    let b = std::fs::read(build(&example(), dir.path(), "b")).unwrap();
    assert!(a.len() > 10_000);
    assert!(
        a == b,
        "two builds of the same data differ ({} vs {} bytes)",
        a.len(),
        b.len()
    );
}

#[test]
fn metadata_names_the_report_and_its_date() {
    let dir = tempdir();
    let pdf = build(&example(), dir.path(), "x");
    let fields = pdfinfo(&pdf);
    assert_eq!(
        info(&fields, "Title"),
        "2023年度攀枝花市东区融媒体中心部门决算"
    );
    assert_eq!(info(&fields, "Author"), "攀枝花市东区融媒体中心");
    assert!(
        info(&fields, "Subject").contains("2023年度攀枝花市东区融媒体中心部门决算公开"),
        "{fields:?}"
    );
    let keywords = info(&fields, "Keywords");
    for k in ["部门决算", "决算公开", "2023年度", "攀枝花市东区融媒体中心"] {
        assert!(keywords.contains(k), "keyword {k} missing from {keywords}");
    }
    // No document_date setting: the 公开日期 (unit.publish_date; fixed, reproducible).
    assert!(
        info(&fields, "CreationDate").starts_with("2024-09-20"),
        "{fields:?}"
    );
    assert_eq!(info(&fields, "Tagged"), "yes");

    let doc = open(&pdf);
    let lang = catalog(&doc)
        .get::<hayro_syntax::object::String>("Lang")
        .map(|s| text_string(s.as_bytes()));
    assert_eq!(lang.as_deref(), Some("zh-CN"));
    let xmp = xmp(&doc);
    assert!(xmp.contains("<rdf:li>zh-CN</rdf:li>"), "dc:language zh-CN");
    assert!(xmp.contains("2024-09-20T00:00:00"));

    // Without either date: 31 December of the following year.
    let text = std::fs::read_to_string(example())
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("publish_date:"))
        .collect::<Vec<_>>()
        .join("\n");
    let data = write(dir.path(), "undated.yaml", &text);
    let fields = pdfinfo(&build(&data, dir.path(), "undated"));
    assert!(
        info(&fields, "CreationDate").starts_with("2024-12-31"),
        "{fields:?}"
    );

    // settings.document_date sets the date.
    let text = std::fs::read_to_string(example()).unwrap()
        + "\nsettings:\n  document_date: \"2025-03-15\"\n";
    let data = write(dir.path(), "dated.yaml", &text);
    let fields = pdfinfo(&build(&data, dir.path(), "dated"));
    assert!(
        info(&fields, "CreationDate").starts_with("2025-03-15"),
        "{fields:?}"
    );
    assert!(
        info(&fields, "ModDate").starts_with("2025-03-15"),
        "{fields:?}"
    );
}

#[test]
fn pdfa_2b_by_default_and_not_with_no_pdfa() {
    let dir = tempdir();
    let pdf = build(&example(), dir.path(), "x");
    let doc = open(&pdf);
    let x = xmp(&doc);
    assert!(
        x.contains("<pdfaid:part>2</pdfaid:part>"),
        "PDF/A part 2 in XMP"
    );
    assert!(
        x.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "conformance B in XMP"
    );
    // Tagged PDF: /MarkInfo << /Marked true >> and a structure tree.
    let cat = catalog(&doc);
    assert_eq!(
        cat.get::<Dict>("MarkInfo")
            .and_then(|m| m.get::<bool>("Marked")),
        Some(true)
    );
    assert!(cat.contains_key("StructTreeRoot"));
    // PDF/A requires an output intent.
    assert!(cat.contains_key("OutputIntents"));

    let plain = dir.path().join("plain.pdf");
    let o = juesuan(&[
        "build",
        example().to_str().unwrap(),
        "-o",
        plain.to_str().unwrap(),
        "--no-pdfa",
    ]);
    assert!(o.status.success(), "{}", output_text(&o));
    let doc = open(&plain);
    assert!(
        !xmp(&doc).contains("pdfaid:part"),
        "--no-pdfa must not claim PDF/A"
    );
}

#[test]
fn bookmarks_cover_every_part_and_section() {
    let dir = tempdir();
    let pdf = build(&example(), dir.path(), "x");
    let marks = outline(&open(&pdf));
    let titles: Vec<&str> = marks.iter().map(|(_, t)| t.as_str()).collect();
    let top: Vec<&str> = marks
        .iter()
        .filter(|(d, _)| *d == 1)
        .map(|(_, t)| t.as_str())
        .collect();
    // Parts added later (第四部分 附件, 第五部分 附表) come after these three.
    assert!(top.len() >= 3, "top-level bookmarks: {top:?}");
    assert_eq!(
        top[..3],
        [
            "第一部分　部门概况",
            "第二部分　2023年度部门决算情况说明",
            "第三部分　名词解释"
        ],
        "top-level bookmarks: {top:?}"
    );
    for s in [
        "一、部门职责",
        "二、机构设置",
        "一、收入支出决算总体情况说明",
        "二、收入决算情况说明",
        "三、支出决算情况说明",
        "四、财政拨款收入支出决算总体情况说明",
        "五、一般公共预算财政拨款支出决算情况说明",
        "六、一般公共预算财政拨款基本支出决算情况说明",
        "七、财政拨款“三公”经费支出决算情况说明",
        "八、政府性基金预算支出决算情况说明",
        "九、国有资本经营预算支出决算情况说明",
        "十、其他重要事项的情况说明",
        "（一）一般公共预算财政拨款支出决算总体情况",
    ] {
        let depth = marks.iter().find(|(_, t)| t == s).map(|(d, _)| *d);
        assert!(
            depth.is_some_and(|d| d >= 2),
            "no bookmark below a part for {s}: {titles:?}"
        );
    }
    // The 目录's own title is not a bookmark.
    assert!(
        !titles.iter().any(|t| t.contains("目") && t.contains("录")),
        "{titles:?}"
    );

    // Tables (第五部分 附表, when present): every table title that the text prints is a bookmark.
    let text = squash(&pdf_text(&pdf));
    if text.contains("第五部分") {
        for table in [
            "收入支出决算总表",
            "收入决算表",
            "支出决算表",
            "财政拨款收入支出决算总表",
        ] {
            if text.contains(table) {
                assert!(
                    titles.iter().any(|t| t.contains(table)),
                    "table {table} has no bookmark: {titles:?}"
                );
            }
        }
    }
}

/// Each 目录 entry's page number is the printed number of the page where that heading is.
#[test]
fn table_of_contents_page_numbers_are_right() {
    let dir = tempdir();
    let pdf = build(&example(), dir.path(), "x");
    let pages: Vec<String> = pdf_text(&pdf)
        .split('\u{c}')
        .map(|p| squash(p).replace('\u{2060}', ""))
        .collect();
    assert!(
        pages[0].contains("2023年度攀枝花市东区融媒体中心部门决算"),
        "cover: {}",
        pages[0]
    );
    assert!(!pages[0].contains('—'), "the cover has no page number");
    let toc_pages: Vec<&String> = pages.iter().filter(|p| p.contains("......")).collect();
    assert!(
        toc_pages[0].starts_with("目录"),
        "目录 follows the cover: {}",
        toc_pages[0]
    );
    // The footer is usually the page's last text, but pdftotext may read a landscape
    // table page's footer before the table's last cells.
    let footer = regex::Regex::new(r"—(\d+)—").unwrap();
    let entry = regex::Regex::new(r"([^.\d]+(?:\d{4}年度[^.\d]+)?)\.{3,}(\d+)").unwrap();
    // The 公开时间 line under the 目录 title is no entry.
    let published = regex::Regex::new(r"公开时间：\d{4}年\d{1,2}月(\d{1,2}日)?").unwrap();
    let mut checked = 0;
    for toc in &toc_pages {
        let toc = published.replace(toc, "");
        for c in entry.captures_iter(&toc) {
            let title = c[1].trim_start_matches("目录");
            let number: u32 = c[2].parse().unwrap();
            let page = pages
                .iter()
                .find(|p| {
                    footer
                        .captures_iter(p)
                        .last()
                        .is_some_and(|f| f[1].parse::<u32>().unwrap() == number)
                })
                .unwrap_or_else(|| panic!("no page numbered {number} (entry {title})"));
            assert!(
                page.contains(title),
                "entry {title} says page {number}, which does not contain it"
            );
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} 目录 entries found");
}

/// Every sentence of the generated source that carries a figure comes back, character for
/// character, from the PDF's text layer.
#[test]
fn pdf_text_is_faithful_to_every_figure_sentence() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for data in [
        example(),
        fixtures.join("edu-bureau-2023.yaml"),
        fixtures.join("civil-affairs-fund-2023.yaml"),
        fixtures.join("institute-no-fiscal-2023.yaml"),
    ] {
        faithful(&data);
    }
}

fn faithful(data: &Path) {
    let dir = tempdir();
    let pdf = dir.path().join("x.pdf");
    let typ = dir.path().join("x.typ");
    let o = juesuan(&[
        "build",
        data.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--typst-out",
        typ.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", output_text(&o));
    let source = std::fs::read_to_string(&typ).unwrap();
    // Sentences run across page breaks: drop the page footers (— N —).
    let footer = regex::Regex::new(r"—\d+—").unwrap();
    let text = footer
        .replace_all(&squash(&pdf_text(&pdf)), "")
        .into_owned();
    let mut n = 0;
    for line in source.lines() {
        let line = line.trim();
        if line.starts_with('#')
            || line.starts_with('=')
            || line.starts_with("//")
            || !line.contains("万元")
        {
            continue;
        }
        // Undo the Typst escapes; leave out lines that still hold markup.
        let mut plain = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(n) = chars.next() {
                    plain.push(n);
                }
            } else {
                plain.push(c);
            }
        }
        if plain.contains('#') {
            continue;
        }
        let plain = squash(&plain);
        for sentence in plain.split('。').filter(|s| s.contains("万元")) {
            assert!(
                text.contains(sentence),
                "the PDF text lacks the sentence:\n{sentence}"
            );
            n += 1;
        }
    }
    assert!(
        n >= 8,
        "{}: only {n} figure sentences compared",
        data.display()
    );
}

/// A character no bundled font has: named with its field and position; the build still
/// succeeds (plain PDF, warning G002); with --font-dir holding a font that has it, the
/// warnings disappear and the PDF is PDF/A again with the real character in it.
#[test]
fn missing_glyphs_are_named_and_cured_by_font_dir() {
    let dir = tempdir();
    let original = std::fs::read_to_string(example()).unwrap();
    assert!(original.contains("  name: 攀枝花市东区融媒体中心\n"));
    let text = original
        .replacen(
            "  name: 攀枝花市东区融媒体中心\n",
            "  name: 广州市南汉刘䶮文化研究中心\n",
            1,
        )
        .replacen("幸福东区APP、抖音", "幸福东区APP、𠮷祥抖音", 1);
    let data = write(dir.path(), "rare.yaml", &text);
    let name_line = text.lines().position(|l| l.contains("刘䶮")).unwrap() + 1;
    let data_s = data.to_str().unwrap();

    let o = juesuan(&["check", data_s]);
    let out = output_text(&o);
    assert!(
        out.contains("G001") && out.contains("䶮") && out.contains("U+4DAE"),
        "{out}"
    );
    assert!(out.contains("unit.name"), "field path: {out}");
    assert!(
        out.contains(&format!("rare.yaml:{name_line}:9")),
        "line/column: {out}"
    );
    assert!(
        out.contains("𠮷") && out.contains("U+20BB7") && out.contains("overview.duties"),
        "{out}"
    );

    // Without the font: the build succeeds, says loudly that PDF/A was given up.
    let plain = dir.path().join("plain.pdf");
    let o = juesuan(&["build", data_s, "-o", plain.to_str().unwrap()]);
    let out = output_text(&o);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains("G002") && out.contains("PDF/A") && out.contains("䶮"),
        "{out}"
    );
    assert!(
        !xmp(&open(&plain)).contains("pdfaid:part"),
        "a PDF with empty boxes must not claim PDF/A"
    );

    // With a font that has both characters (a subset of HanaMinA, tests/fixtures/fonts).
    let fixed = dir.path().join("fixed.pdf");
    let o = juesuan(&[
        "build",
        data_s,
        "-o",
        fixed.to_str().unwrap(),
        "--font-dir",
        fixture_fonts().to_str().unwrap(),
    ]);
    let out = output_text(&o);
    assert!(o.status.success(), "{out}");
    assert!(!out.contains("G001") && !out.contains("G002"), "{out}");
    assert!(xmp(&open(&fixed)).contains("<pdfaid:part>2</pdfaid:part>"));
    let fixed_text = pdf_text(&fixed);
    assert!(
        fixed_text.contains("刘䶮") && fixed_text.contains("𠮷祥"),
        "characters in the text layer"
    );
    let fonts = Command::new("pdffonts").arg(&fixed).output().unwrap();
    assert!(
        String::from_utf8_lossy(&fonts.stdout).contains("HanaMinA"),
        "the added font is embedded"
    );
    let o = juesuan(&[
        "check",
        data_s,
        "--font-dir",
        fixture_fonts().to_str().unwrap(),
    ]);
    assert!(!output_text(&o).contains("G001"), "{}", output_text(&o));
}
