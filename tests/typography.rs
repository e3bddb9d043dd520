//! The typesetting of the built reports (the example and the fixtures), read back from
//! the PDFs: paragraphs that open with （一）/（1） start at one x; no space between a figure
//! and a hanzi that the source does not have; a figure never parted from its unit at a
//! line end; no one- or two-character line at a page top; page labels equal to the
//! printed folios; the bookmarks pane opening with the document; charts with alternative
//! text; all pies of one size.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{example, juesuan, squash};
use hayro_syntax::object::{Array, Dict, Name, Number, Object};
use hayro_syntax::Pdf;
use regex::Regex;

/// One built report: its PDF, Typst source and chart files.
struct Built {
    name: String,
    pdf: PathBuf,
    source: String,
    charts: PathBuf,
}

/// The example and the fixture reports, built once for all tests of this file.
fn reports() -> &'static [Built] {
    static REPORTS: OnceLock<(tempfile::TempDir, Vec<Built>)> = OnceLock::new();
    let (_, built) = REPORTS.get_or_init(|| {
        let dir = common::tempdir();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let data = [
            example(),
            fixtures.join("edu-bureau-2023.yaml"),
            fixtures.join("civil-affairs-fund-2023.yaml"),
            fixtures.join("institute-no-fiscal-2023.yaml"),
        ];
        let built = data
            .iter()
            .map(|d| {
                let name = d.file_stem().unwrap().to_string_lossy().into_owned();
                let pdf = dir.path().join(format!("{name}.pdf"));
                let typ = dir.path().join(format!("{name}.typ"));
                let charts = dir.path().join(format!("{name}-charts"));
                let o = juesuan(&[
                    "build",
                    d.to_str().unwrap(),
                    "-o",
                    pdf.to_str().unwrap(),
                    "--typst-out",
                    typ.to_str().unwrap(),
                    "--charts-dir",
                    charts.to_str().unwrap(),
                ]);
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
                Built {
                    name,
                    source: std::fs::read_to_string(&typ).unwrap(),
                    pdf,
                    charts,
                }
            })
            .collect();
        (dir, built)
    });
    built
}

/// A line of text as `pdftotext -bbox-layout` places it.
#[derive(Debug, Clone)]
struct Line {
    page: usize,
    x: f64,
    y: f64,
    /// Height of the line's first word (≈ the font size).
    size: f64,
    text: String,
}

/// Every line of every page, in reading order.
fn lines(pdf: &Path) -> Vec<Line> {
    let o = Command::new("pdftotext")
        .args(["-bbox-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let html = String::from_utf8_lossy(&o.stdout).into_owned();
    let word = Regex::new(
        r#"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>"#,
    )
    .unwrap();
    let mut out = Vec::new();
    for (i, page) in html.split("<page ").skip(1).enumerate() {
        for line in page.split("<line ").skip(1) {
            let words: Vec<_> = word.captures_iter(line).collect();
            let Some(first) = words.first() else { continue };
            let num = |s: &str| s.parse::<f64>().unwrap();
            out.push(Line {
                page: i + 1,
                x: num(&first[1]),
                y: num(&first[2]),
                size: num(&first[3]) - num(&first[2]),
                text: words.iter().map(|w| unescape(&w[4])).collect(),
            });
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The body pages (parts 1–4): after the 目录, before 第五部分 附表.
fn body_pages(lines: &[Line]) -> std::ops::Range<usize> {
    let first = lines
        .iter()
        .find(|l| l.text.starts_with("第一部分") && l.size > 20.0)
        .map(|l| l.page)
        .expect("第一部分 heading");
    let end = lines
        .iter()
        .find(|l| l.text.starts_with("第五部分") && l.size > 20.0)
        .map(|l| l.page)
        .unwrap_or_else(|| lines.iter().map(|l| l.page + 1).max().unwrap_or(first));
    first..end
}

/// A source line of parts 1–4 without its Typst escapes (and heading marks).
fn prose_lines(source: &str) -> Vec<String> {
    let start = source.find("= 第一部分").expect("part 1");
    let end = source.find("= 第五部分").unwrap_or(source.len());
    source[start..end]
        .lines()
        .map(|l| l.trim().trim_start_matches('=').trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("//"))
        .map(|l| {
            let mut plain = String::new();
            let mut chars = l.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    plain.extend(chars.next());
                } else {
                    plain.push(c);
                }
            }
            plain
        })
        .collect()
}

/// Every paragraph and heading that opens with （ starts at one x (within 0.5 pt): a
/// heading and a paragraph alike, justified or not, in every part.
#[test]
fn paragraphs_opening_with_a_bracket_start_at_one_x() {
    for r in reports() {
        let starts: Vec<String> = prose_lines(&r.source)
            .into_iter()
            .filter(|l| l.starts_with('（'))
            .map(|l| l.chars().take(8).collect())
            .collect();
        let all = lines(&r.pdf);
        let body = body_pages(&all);
        let found: Vec<&Line> = all
            .iter()
            .filter(|l| body.contains(&l.page) && starts.iter().any(|s| l.text.starts_with(s)))
            .collect();
        assert!(
            found.len() >= 5,
            "{}: only {} paragraphs opening with （ found",
            r.name,
            found.len()
        );
        let lo = found.iter().map(|l| l.x).fold(f64::MAX, f64::min);
        let hi = found.iter().map(|l| l.x).fold(f64::MIN, f64::max);
        assert!(
            hi - lo <= 0.5,
            "{}: （ paragraphs start between x={lo} and x={hi}: {:?}",
            r.name,
            found
                .iter()
                .filter(|l| (l.x - lo).abs() > 0.5)
                .map(|l| (l.page, l.x, &l.text))
                .collect::<Vec<_>>()
        );
    }
}

/// No automatic space between hanzi and a figure: the body text reads “2023年度”,
/// “346.47万元” as the source writes them; a space between a digit and a hanzi appears
/// only where the source has one (第二部分　2023年度…).
#[test]
fn figures_and_hanzi_are_not_spaced() {
    let pair = Regex::new(r"([0-9%])[ \u{3000}]+(\p{Han})|(\p{Han})[ \u{3000}]+([0-9])").unwrap();
    for r in reports() {
        let prose = prose_lines(&r.source).join("\n");
        let allowed: Vec<(String, String)> = pair
            .captures_iter(&prose)
            .map(|c| {
                let a = c.get(1).or(c.get(3)).unwrap().as_str().to_string();
                let b = c.get(2).or(c.get(4)).unwrap().as_str().to_string();
                (a, b)
            })
            .collect();
        let all = lines(&r.pdf);
        let body = body_pages(&all);
        let text: Vec<&Line> = all.iter().filter(|l| body.contains(&l.page)).collect();
        for l in &text {
            for c in pair.captures_iter(&l.text) {
                let a = c.get(1).or(c.get(3)).unwrap().as_str().to_string();
                let b = c.get(2).or(c.get(4)).unwrap().as_str().to_string();
                assert!(
                    allowed.contains(&(a, b)),
                    "{} p.{}: a space the source does not have: {}",
                    r.name,
                    l.page,
                    l.text
                );
            }
        }
        if r.name == "dongqu-media-2023" {
            let joined: String = text.iter().map(|l| l.text.as_str()).collect();
            for s in ["2023年度", "346.47万元", "占29.7%", "增长95.46%"] {
                assert!(joined.contains(s), "{s} not extracted as is");
            }
        }
    }
}

/// A figure stays on one line with its unit (and 占 with its percentage): no body line
/// ends in a figure whose unit opens the next line.
#[test]
fn figures_stay_with_their_units() {
    let unit = Regex::new(r"^(万元|元|%|年度|年|个|辆|人|次|项|分)").unwrap();
    let digit_end = Regex::new(r"[0-9]$").unwrap();
    for r in reports() {
        let all = lines(&r.pdf);
        let body = body_pages(&all);
        let prose: Vec<&Line> = all
            .iter()
            .filter(|l| body.contains(&l.page) && (l.size - 16.0).abs() < 0.6)
            .collect();
        for w in prose.windows(2) {
            let (a, b) = (w[0], w[1]);
            assert!(
                !(digit_end.is_match(&a.text) && unit.is_match(&b.text)),
                "{} p.{}: a figure parted from its unit:\n{}\n{}",
                r.name,
                a.page,
                a.text,
                b.text
            );
            assert!(
                !(a.text.ends_with('占') && b.text.starts_with(|c: char| c.is_ascii_digit())),
                "{} p.{}: 占 parted from its percentage:\n{}\n{}",
                r.name,
                a.page,
                a.text,
                b.text
            );
        }
    }
}

/// No page of parts 1–4 starts with a line of one or two characters (the end of a
/// paragraph carried over alone).
#[test]
fn no_remnant_at_a_page_top() {
    for r in reports() {
        let all = lines(&r.pdf);
        let body = body_pages(&all);
        for page in body {
            let top = all
                .iter()
                .filter(|l| l.page == page && (l.size - 16.0).abs() < 0.6)
                .min_by(|a, b| a.y.total_cmp(&b.y));
            if let Some(top) = top {
                assert!(
                    top.text.chars().count() > 2,
                    "{} p.{page} opens with a remnant: {:?}",
                    r.name,
                    top.text
                );
            }
        }
    }
}

fn open(pdf: &Path) -> Pdf {
    Pdf::new(std::fs::read(pdf).unwrap()).expect("a readable PDF")
}

fn catalog(pdf: &Pdf) -> Dict<'_> {
    pdf.xref()
        .get::<Dict>(pdf.xref().root_id())
        .expect("document catalogue")
}

/// Lower-case roman numerals (the front matter's labels).
fn roman(mut n: i64) -> String {
    let table = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Each page's label from the catalogue's /PageLabels number tree (a flat /Nums array,
/// as typst-pdf writes it).
fn page_labels(pdf: &Pdf, pages: usize) -> Vec<String> {
    let tree = catalog(pdf)
        .get::<Dict>("PageLabels")
        .expect("/PageLabels in the catalogue");
    let nums = tree.get::<Array>("Nums").expect("a flat /Nums array");
    let items: Vec<Object> = nums.iter::<Object>().collect();
    let mut ranges: Vec<(usize, String, String, i64)> = Vec::new();
    for pair in items.chunks(2) {
        let (Object::Number(start), Object::Dict(label)) = (&pair[0], &pair[1]) else {
            panic!("a /Nums entry is not (index, label): {pair:?}");
        };
        let style = label
            .get::<Name>("S")
            .map(|n| n.as_str().to_string())
            .unwrap_or_default();
        let prefix = label
            .get::<hayro_syntax::object::String>("P")
            .map(|s| String::from_utf8_lossy(s.as_bytes()).into_owned())
            .unwrap_or_default();
        let first = label.get::<Number>("St").map_or(1, |n| n.as_i64());
        ranges.push((start.as_i64() as usize, style, prefix, first));
    }
    (0..pages)
        .map(|i| {
            let (start, style, prefix, first) = ranges
                .iter()
                .rev()
                .find(|r| r.0 <= i)
                .expect("page 0 has a label");
            let n = first + (i - start) as i64;
            let number = match style.as_str() {
                "D" => n.to_string(),
                "r" => roman(n),
                "R" => roman(n).to_uppercase(),
                "" => String::new(),
                other => panic!("unexpected label style {other}"),
            };
            format!("{prefix}{number}")
        })
        .collect()
}

/// /PageLabels equal the printed folios (— N —) on every numbered page; the cover and
/// the 目录, printed without a folio, are labelled i, ii, …; the document opens with the
/// bookmarks pane (/PageMode /UseOutlines).
#[test]
fn page_labels_are_the_printed_folios_and_bookmarks_open() {
    let folio = Regex::new(r"^—(\d+)—$").unwrap();
    for r in reports() {
        let pdf = open(&r.pdf);
        assert_eq!(
            catalog(&pdf)
                .get::<Name>("PageMode")
                .map(|n| n.as_str().to_string()),
            Some("UseOutlines".to_string()),
            "{}",
            r.name
        );
        let all = lines(&r.pdf);
        let pages = all.iter().map(|l| l.page).max().unwrap();
        let labels = page_labels(&pdf, pages);
        let mut numbered = 0;
        for page in 1..=pages {
            let printed = all
                .iter()
                .filter(|l| l.page == page)
                .find_map(|l| folio.captures(&squash(&l.text)).map(|c| c[1].to_string()));
            match printed {
                Some(n) => {
                    numbered += 1;
                    assert_eq!(labels[page - 1], n, "{} page {page}", r.name);
                }
                None => assert_eq!(
                    labels[page - 1],
                    roman(page as i64),
                    "{} page {page} has no folio: a front-matter label",
                    r.name
                ),
            }
        }
        assert!(
            numbered + 3 >= pages,
            "{}: {numbered} of {pages} numbered",
            r.name
        );
        assert_eq!(labels[0], "i");
    }
}

/// Every alternative text of the structure tree (/Alt), depth first.
fn alt_texts(pdf: &Pdf) -> Vec<String> {
    fn walk(obj: Object<'_>, out: &mut Vec<String>, depth: usize) {
        assert!(depth < 200, "structure tree too deep");
        match obj {
            Object::Dict(d) => {
                if let Some(alt) = d.get::<hayro_syntax::object::String>("Alt") {
                    let b = alt.as_bytes();
                    let text = match b.strip_prefix(&[0xFE, 0xFF]) {
                        Some(rest) => String::from_utf16_lossy(
                            &rest
                                .chunks(2)
                                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                                .collect::<Vec<_>>(),
                        ),
                        None => String::from_utf8_lossy(b).into_owned(),
                    };
                    out.push(text);
                }
                if let Some(k) = d.get::<Object>("K") {
                    walk(k, out, depth + 1);
                }
            }
            Object::Array(a) => {
                for o in a.iter::<Object>() {
                    walk(o, out, depth + 1);
                }
            }
            _ => {}
        }
    }
    let root = catalog(pdf)
        .get::<Dict>("StructTreeRoot")
        .expect("a tagged PDF");
    let mut out = Vec::new();
    if let Some(k) = root.get::<Object>("K") {
        walk(k, &mut out, 0);
    }
    out
}

/// Every drawn chart carries its alternative text in the structure tree, made from its
/// figures; a pie not drawn (the example's all-zero 三公) says so where it would stand.
#[test]
fn charts_have_alternative_text_and_missing_ones_a_note() {
    let r = &reports()[0];
    let alts = alt_texts(&open(&r.pdf));
    for expected in [
        "图1 收、支决算总计变动情况（柱状图）：2022年177.26万元，2023年346.47万元。",
        "图3 支出决算结构（饼图，合计346.47万元）：基本支出102.91万元，占29.7%；项目支出243.56万元，占70.3%。",
    ] {
        assert!(alts.iter().any(|a| a == expected), "{expected} not in {alts:?}");
    }
    let charts = alts.iter().filter(|a| a.starts_with('图')).count();
    assert_eq!(charts, 6, "{alts:?}");
    let text = squash(&common::pdf_text(&r.pdf));
    assert!(
        text.contains("（图7：“三公”经费财政拨款支出结构）各项均为0，未绘制此图。"),
        "no note where 图7 would stand"
    );
}

/// All pies of all reports have the same canvas width and radius (so they print at one
/// size).
#[test]
fn pies_are_one_size() {
    let attr = |tag: &str, name: &str| -> Option<f64> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = start + tag[start..].find('"')?;
        tag[start..end].parse().ok()
    };
    let mut sizes = Vec::new();
    for r in reports() {
        for name in [
            "income_structure",
            "expenditure_structure",
            "general_budget_structure",
            "three_public_structure",
        ] {
            let Ok(svg) = std::fs::read_to_string(r.charts.join(format!("{name}.svg"))) else {
                continue;
            };
            let width = attr(&svg, "width").unwrap();
            let radius = match svg.split("<circle").nth(1) {
                Some(c) => attr(c, "r").unwrap(),
                None => {
                    let xs: Vec<f64> = svg
                        .split("points=\"")
                        .skip(1)
                        .flat_map(|p| {
                            p.split('"')
                                .next()
                                .unwrap()
                                .split_whitespace()
                                .map(|xy| xy.split(',').next().unwrap().parse::<f64>().unwrap())
                                .collect::<Vec<_>>()
                        })
                        .collect();
                    let lo = xs.iter().copied().fold(f64::MAX, f64::min);
                    let hi = xs.iter().copied().fold(f64::MIN, f64::max);
                    (hi - lo) / 2.0
                }
            };
            sizes.push((format!("{}/{name}", r.name), width, radius));
        }
    }
    assert!(sizes.len() >= 6, "{sizes:?}");
    let (_, w0, r0) = sizes[0].clone();
    for (name, w, r) in &sizes {
        assert_eq!(*w, w0, "{name}: canvas width");
        assert!((r - r0).abs() <= 1.0, "{name}: radius {r} vs {r0}");
    }
}
