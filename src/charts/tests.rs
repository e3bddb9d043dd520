//! Chart tests: each inspects the SVG text (labels, fonts, geometry, no NaN) and checks
//! that no two labels overlap and none is clipped by the canvas.

use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;
use crate::catalog::Catalog;
use crate::compute::{compute, largest_remainder, Breakdown, Change, Part};
use crate::format::Fmt;
use crate::model::load_str;

pub(super) fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn fmt() -> Fmt {
    Settings::default().fmt()
}

/// A breakdown of (label, 元) with largest-remainder shares, as `compute` builds them.
pub(super) fn breakdown(items: &[(&str, &str)]) -> Breakdown {
    let amounts: Vec<Decimal> = items.iter().map(|(_, a)| d(a)).collect();
    let shares = largest_remainder(&amounts, 1);
    Breakdown {
        total: amounts.iter().copied().sum(),
        parts: items
            .iter()
            .zip(amounts.iter().zip(shares))
            .map(|((label, _), (amount, share))| Part {
                key: "part",
                label: label.to_string(),
                amount: *amount,
                share,
            })
            .collect(),
    }
}

fn pie(items: &[(&str, &str)]) -> String {
    fonts::register();
    pie::breakdown_chart(&breakdown(items), &fmt(), &ChartStyle::default())
        .expect("a chart")
        .expect("drawn")
}

fn bar(current: &str, previous: Option<&str>) -> String {
    fonts::register();
    let c = Change::new(d(current), previous.map(d));
    bar::change_chart(&c, 2023, &fmt(), &ChartStyle::default()).expect("drawn")
}

/// One `<text>` of the SVG with its approximate box.
#[derive(Debug)]
struct Label {
    text: String,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    family: String,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(tag[start..end].to_string())
}

fn canvas(svg: &str) -> (f64, f64) {
    let w = attr(svg, "width").unwrap().parse().unwrap();
    let h = attr(svg, "height").unwrap().parse().unwrap();
    (w, h)
}

/// The text elements, boxed with CJK glyphs 1 em wide and others 0.6 em (generous for
/// the Fandol digits), vertically by the anchor plotters wrote as `dy`.
fn labels(svg: &str) -> Vec<Label> {
    svg.split("<text")
        .skip(1)
        .map(|chunk| {
            let (tag, rest) = chunk.split_once('>').unwrap();
            let text = rest.split("</text>").next().unwrap().trim().to_string();
            let num = |n: &str| attr(tag, n).unwrap().parse::<f64>().unwrap();
            let size = num("font-size");
            let width: f64 = text
                .chars()
                .map(|c| if c.is_ascii() { 0.6 * size } else { size })
                .sum();
            let (x, y) = (num("x"), num("y"));
            let x0 = match attr(tag, "text-anchor").as_deref() {
                Some("middle") => x - width / 2.0,
                Some("end") => x - width,
                _ => x,
            };
            let y0 = match attr(tag, "dy").as_deref() {
                Some("0.76em") => y,
                Some("0.5ex") => y - size / 2.0,
                _ => y - size,
            };
            Label {
                text,
                x0,
                x1: x0 + width,
                y0,
                y1: y0 + size,
                family: attr(tag, "family")
                    .or_else(|| attr(tag, "font-family"))
                    .unwrap(),
            }
        })
        .collect()
}

/// The texts in drawing order, a legend amount's decimals (".47万元", drawn apart so the
/// decimal points line up) joined back to its integer part.
fn texts(svg: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in labels(svg) {
        match out.last_mut() {
            Some(prev) if l.text.starts_with('.') => prev.push_str(&l.text),
            _ => out.push(l.text),
        }
    }
    out
}

/// The pie's radius: a full circle's `r`, else half the extent of the sectors' points.
fn pie_radius(svg: &str) -> f64 {
    if let Some(c) = svg.split("<circle").nth(1) {
        return attr(c, "r").unwrap().parse().unwrap();
    }
    let xs: Vec<f64> = svg
        .split("<polygon")
        .skip(1)
        .flat_map(|p| {
            let pts = attr(p, "points").unwrap();
            pts.split_whitespace()
                .map(|xy| xy.split(',').next().unwrap().parse::<f64>().unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    let lo = xs.iter().copied().fold(f64::MAX, f64::min);
    let hi = xs.iter().copied().fold(f64::MIN, f64::max);
    (hi - lo) / 2.0
}

/// What every chart must satisfy: finite numbers, a typst font, no overlap, no clipping.
fn assert_sound(svg: &str) {
    assert!(
        !svg.contains("NaN") && !svg.contains("inf"),
        "non-finite number in\n{svg}"
    );
    let (w, h) = canvas(svg);
    let ls = labels(svg);
    assert!(!ls.is_empty());
    for l in &ls {
        assert!(
            ["FandolHei", "FandolSong", "FandolFang R", "FandolKai"].contains(&l.family.as_str()),
            "font family {} unknown to typst",
            l.family
        );
        assert!(
            l.x0 >= 0.0 && l.x1 <= w && l.y0 >= 0.0 && l.y1 <= h,
            "label clipped: {l:?} in {w}×{h}"
        );
    }
    for (i, a) in ls.iter().enumerate() {
        for b in &ls[i + 1..] {
            let apart = a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;
            assert!(apart, "labels overlap: {a:?} and {b:?}");
        }
    }
}

#[test]
fn pie_labels_are_the_texts_strings() {
    let svg = pie(&[
        ("基本支出", "1029099.26"),
        ("项目支出", "2435646.52"),
        ("上缴上级支出", "0"),
    ]);
    assert_sound(&svg);
    let t = texts(&svg);
    for s in [
        "基本支出",
        "102.91万元",
        "29.7%",
        "项目支出",
        "243.56万元",
        "70.3%",
    ] {
        assert!(t.iter().any(|x| x == s), "{s} missing from {t:?}");
    }
    // Zero parts are left out of the pie and its legend.
    assert!(!t.iter().any(|x| x == "上缴上级支出"));
    assert_eq!(svg.matches("<polygon").count(), 2);
}

#[test]
fn all_zero_pie_is_no_chart() {
    let b = breakdown(&[
        ("因公出国（境）费", "0"),
        ("公务用车购置及运行维护费", "0"),
        ("公务接待费", "0"),
    ]);
    assert!(pie::breakdown_chart(&b, &fmt(), &ChartStyle::default()).is_none());
}

#[test]
fn negative_part_is_no_pie() {
    let b = breakdown(&[("甲", "100"), ("乙", "-10")]);
    assert!(pie::breakdown_chart(&b, &fmt(), &ChartStyle::default()).is_none());
}

#[test]
fn single_slice_is_a_full_circle_labelled_100() {
    let svg = pie(&[
        ("一般公共预算财政拨款收入", "3464745.78"),
        ("事业收入", "0"),
    ]);
    assert_sound(&svg);
    assert_eq!(svg.matches("<circle").count(), 1);
    assert_eq!(svg.matches("<polygon").count(), 0);
    let t = texts(&svg);
    assert_eq!(
        t.iter().filter(|x| *x == "100%").count(),
        2,
        "inside and in the legend: {t:?}"
    );
    assert!(t.iter().any(|x| x == "346.47万元"));
}

#[test]
fn ten_slices_with_tiny_ones_keep_labels_apart() {
    let items = [
        ("一般公共服务支出", "3156848.04"),
        ("社会保障和就业支出", "157960.00"),
        ("卫生健康支出", "75860.00"),
        ("住房保障支出", "74080.00"),
        ("教育支出", "9000.00"),
        ("文化旅游体育与传媒支出", "4000.00"),
        ("农林水支出", "2500.00"),
        ("城乡社区支出", "1000.00"),
        ("节能环保支出", "300.00"),
        ("灾害防治及应急管理支出", "12.34"),
    ];
    let svg = pie(&items);
    assert_sound(&svg);
    let b = breakdown(&items);
    let t = texts(&svg);
    for p in &b.parts {
        assert!(t.contains(&p.label), "{} missing", p.label);
        assert!(t.contains(&format!("{}%", fmt().share(p.share))));
        assert!(t.contains(&labels::wan_label_2dp(p.amount)));
    }
    // Slices under 5% carry their share in the legend only.
    for p in b.parts.iter().filter(|p| p.share < d("5")) {
        let s = format!("{}%", fmt().share(p.share));
        let in_legend = b
            .parts
            .iter()
            .filter(|q| fmt().share(q.share) == fmt().share(p.share))
            .count();
        assert_eq!(t.iter().filter(|x| **x == s).count(), in_legend, "{s}");
    }
    assert_eq!(svg.matches("<polygon").count(), 10);
}

#[test]
fn shares_follow_the_settings_decimals() {
    let s = Settings {
        share_decimals: 2,
        ..Settings::default()
    };
    let amounts = [d("1"), d("2")];
    let shares = largest_remainder(&amounts, 2);
    let b = Breakdown {
        total: d("3"),
        parts: vec![
            Part {
                key: "a",
                label: "甲".into(),
                amount: amounts[0],
                share: shares[0],
            },
            Part {
                key: "b",
                label: "乙".into(),
                amount: amounts[1],
                share: shares[1],
            },
        ],
    };
    fonts::register();
    let svg = pie::breakdown_chart(&b, &s.fmt(), &ChartStyle::default())
        .unwrap()
        .unwrap();
    let t = texts(&svg);
    assert!(
        t.contains(&"33.33%".to_string()) && t.contains(&"66.67%".to_string()),
        "{t:?}"
    );
}

#[test]
fn bars_show_both_years_in_wan() {
    let svg = bar("3464745.78", Some("1772600"));
    assert_sound(&svg);
    let t = texts(&svg);
    for s in [
        "2022年",
        "2023年",
        "346.47万元",
        "177.26万元",
        "单位：万元",
        "400",
        "0",
    ] {
        assert!(t.iter().any(|x| x == s), "{s} missing from {t:?}");
    }
}

#[test]
fn missing_last_year_draws_one_bar() {
    let svg = bar("3464745.78", None);
    assert_sound(&svg);
    let t = texts(&svg);
    assert!(t.contains(&"2023年".to_string()) && !t.contains(&"2022年".to_string()));
    assert_eq!(
        t.iter()
            .filter(|x| x.ends_with("万元") && *x != "单位：万元")
            .count(),
        1
    );
}

#[test]
fn zero_last_year_draws_a_zero_bar() {
    let svg = bar("500000", Some("0"));
    assert_sound(&svg);
    let t = texts(&svg);
    assert!(
        t.contains(&"0万元".to_string()) && t.contains(&"50万元".to_string()),
        "{t:?}"
    );
}

#[test]
fn all_zero_bars_have_a_finite_axis() {
    let svg = bar("0", Some("0"));
    assert_sound(&svg);
    assert_eq!(texts(&svg).iter().filter(|x| *x == "0万元").count(), 2);
}

#[test]
fn hundreds_of_millions_group_the_axis() {
    let svg = bar("523456789.12", Some("487654321"));
    assert_sound(&svg);
    let t = texts(&svg);
    assert!(
        t.contains(&"52345.68万元".to_string()) && t.contains(&"48765.43万元".to_string()),
        "{t:?}"
    );
    assert!(t.contains(&"60,000".to_string()), "{t:?}");
}

#[test]
fn style_changes_size_colour_and_font() {
    fonts::register();
    let style = ChartStyle {
        width: 640,
        font_family: "FandolSong".into(),
        bar_current: "#112233".into(),
        ..ChartStyle::default()
    };
    let svg = bar::change_chart(&Change::new(d("100"), None), 2023, &fmt(), &style).unwrap();
    assert_sound(&svg);
    assert!(svg.starts_with("<svg width=\"640\""));
    assert!(svg.contains("#112233"));
    assert!(labels(&svg).iter().all(|l| l.family == "FandolSong"));
}

fn example_figures(
    edit: impl Fn(String) -> String,
) -> (crate::model::ReportData, crate::compute::Figures) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example/dongqu-media-2023.yaml");
    let text = edit(std::fs::read_to_string(&path).unwrap());
    let loaded = load_str(&path, text).expect("example loads");
    let fig = compute(&loaded.data, &Catalog::builtin(), &Settings::default());
    (loaded.data, fig)
}

#[test]
fn example_draws_six_charts_without_three_public() {
    let (_, fig) = example_figures(|t| t);
    let charts = draw_default(&fig).charts;
    let names: Vec<&str> = charts.iter().map(|c| c.name).collect();
    assert_eq!(names, NAMES[..6].to_vec());
    for c in &charts {
        assert_eq!(c.file, format!("{}.svg", c.name));
        assert_sound(std::str::from_utf8(&c.svg).unwrap());
    }
    // 图6 lists the non-zero 类 only.
    let fig6 = std::str::from_utf8(&charts[5].svg).unwrap();
    let t = texts(fig6);
    assert!(t.contains(&"一般公共服务支出".to_string()) && !t.contains(&"外交支出".to_string()));
}

#[test]
fn three_public_chart_when_spent() {
    let (_, fig) = example_figures(|t| {
        t.replace(
            "three_public:\n  budget: {}",
            "three_public:\n  vehicle_operation: 12000\n  reception:\n    domestic: {amount: 3000, batches: 2, persons: 10}\n  budget: {}",
        )
    });
    let charts = draw_default(&fig).charts;
    let fig7 = charts
        .iter()
        .find(|c| c.name == "three_public_structure")
        .expect("图7");
    let svg = std::str::from_utf8(&fig7.svg).unwrap();
    assert_sound(svg);
    let t = texts(svg);
    for s in [
        "公务用车购置及运行维护费",
        "1.20万元",
        "80%",
        "公务接待费",
        "0.30万元",
        "20%",
    ] {
        assert!(t.iter().any(|x| x == s), "{s} missing from {t:?}");
    }
    assert!(!t.contains(&"因公出国（境）费".to_string()));
}

#[test]
fn drawing_is_deterministic() {
    let (_, fig) = example_figures(|t| t);
    let a: Vec<Vec<u8>> = draw_default(&fig)
        .charts
        .into_iter()
        .map(|c| c.svg)
        .collect();
    let b: Vec<Vec<u8>> = draw_default(&fig)
        .charts
        .into_iter()
        .map(|c| c.svg)
        .collect();
    assert_eq!(a, b);
}

#[test]
fn very_long_names_shrink_the_legend_not_the_pie() {
    let long = "某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某支出";
    let svg = pie(&[(long, "100"), ("其他支出", "300")]);
    assert_sound(&svg);
    assert_eq!(canvas(&svg).0, f64::from(ChartStyle::default().width));
    assert!(texts(&svg).iter().any(|t| t == long));
    let reference = pie(&[("甲", "1"), ("乙", "1")]);
    assert!((pie_radius(&svg) - pie_radius(&reference)).abs() <= 1.0);
}

/// Every pie, whatever its slices and legend, has the same canvas width and radius, so
/// all print at one size.
#[test]
fn pies_have_one_size() {
    let cases: Vec<Vec<(&str, &str)>> = vec![
        vec![("一般公共预算财政拨款收入", "3464745.78")],
        vec![("基本支出", "1029099.26"), ("项目支出", "2435646.52")],
        vec![
            ("一般公共服务支出", "3156848.04"),
            ("社会保障和就业支出", "157960.00"),
            ("卫生健康支出", "75860.00"),
            ("住房保障支出", "74080.00"),
            ("教育支出", "9000.00"),
            ("文化旅游体育与传媒支出", "4000.00"),
            ("农林水支出", "2500.00"),
            ("城乡社区支出", "1000.00"),
            ("节能环保支出", "300.00"),
            ("灾害防治及应急管理支出", "12.34"),
        ],
        vec![
            ("使用非财政拨款结余（含专用结余）", "523456789.12"),
            ("甲", "1"),
        ],
    ];
    let svgs: Vec<String> = cases.iter().map(|c| pie(c)).collect();
    let (w0, r0) = (canvas(&svgs[0]).0, pie_radius(&svgs[0]));
    for svg in &svgs {
        assert_sound(svg);
        assert_eq!(canvas(svg).0, w0);
        assert!(
            (pie_radius(svg) - r0).abs() <= 1.0,
            "radius {} vs {r0}",
            pie_radius(svg)
        );
    }
}

/// Legend amounts: two decimals, the integer parts right-aligned and the decimals
/// left-aligned at one x, so the decimal points are on one vertical line.
#[test]
fn legend_amounts_align_on_the_decimal_point() {
    let svg = pie(&[
        ("基本支出", "1029099.26"),
        ("项目支出", "24356465.20"),
        ("其他支出", "114000"),
        ("经营支出", "10"),
    ]);
    assert_sound(&svg);
    let t = texts(&svg);
    for s in ["102.91万元", "2435.65万元", "11.40万元", "0.00万元"] {
        assert!(t.iter().any(|x| x == s), "{s} missing from {t:?}");
    }
    let tags: Vec<&str> = svg.split("<text").skip(1).collect();
    let x_of = |pred: &dyn Fn(&str) -> bool, anchor: Option<&str>| -> Vec<String> {
        tags.iter()
            .filter(|t| {
                pred(
                    t.split_once('>')
                        .unwrap()
                        .1
                        .split("</text>")
                        .next()
                        .unwrap()
                        .trim(),
                )
            })
            .map(|t| {
                let tag = t.split_once('>').unwrap().0;
                assert_eq!(attr(tag, "text-anchor").as_deref(), anchor, "{tag}");
                attr(tag, "x").unwrap()
            })
            .collect()
    };
    let fractions = x_of(
        &|s| s.starts_with('.') && s.ends_with("万元"),
        Some("start"),
    );
    let integers = x_of(
        &|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()),
        Some("end"),
    );
    assert_eq!(fractions.len(), 4);
    assert_eq!(integers.len(), 4);
    assert!(fractions
        .iter()
        .chain(&integers)
        .all(|x| *x == fractions[0]));
}

/// Each drawn chart carries its alternative text (number, title, figures); a pie with
/// nothing to show becomes a note instead of a chart.
#[test]
fn charts_come_with_words() {
    let (_, fig) = example_figures(|t| t);
    let drawn = draw_default(&fig);
    let alt = |name: &str| {
        drawn
            .charts
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.alt.clone())
            .unwrap()
    };
    assert_eq!(
        alt("total_change"),
        "图1 收、支决算总计变动情况（柱状图）：2022年177.26万元，2023年346.47万元。"
    );
    assert!(alt("expenditure_structure")
        .starts_with("图3 支出决算结构（饼图，合计346.47万元）：基本支出102.91万元，占29.7%；"));
    assert!(drawn.charts.iter().all(|c| !c.alt.is_empty()));
    assert_eq!(drawn.notes.len(), 1);
    assert_eq!(drawn.notes[0].name, "three_public_structure");
    assert_eq!(drawn.notes[0].text, "各项均为0，未绘制此图。");
}
