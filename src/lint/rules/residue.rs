//! Template residue: choices never made (增加/减少, 增长/下降, （或…）, （注…）), placeholders
//! (XX, 000, numbers with leading zeros such as "00人次"), a number missing before its
//! unit ("共有车辆辆", "支出万元"), a unit missing after a money figure ("346.47，完成
//! 预算"), and years other than the report's in its own sentences.

use std::sync::LazyLock;

use regex::Regex;

use super::{re, Linter};

pub fn check(l: &mut Linter) {
    let body = l.outline.body_start;
    let end = l.outline.part3.map_or(l.doc.flat.len(), |p| p.start);
    // 附件 and 附表 are checked for residue too; 名词解释 is standard text.
    let flat = l.doc.flat.clone();
    let ranges = [
        (body, end),
        (l.outline.part4.map_or(end, |p| p.start), flat.len()),
    ];
    for (from, to) in ranges {
        if from >= to {
            continue;
        }
        let text = &flat[from..to];
        choices(l, text, from);
        missing(l, text, from);
    }
    years(l);
}

fn choices(l: &mut Linter, text: &str, base: usize) {
    static CHOICE: LazyLock<Regex> = LazyLock::new(|| {
        let w = "增加|减少|增长|下降|上升|持平|大于|小于|高于|低于|等于";
        Regex::new(&format!(
            r"(?:{w})(?:[/／|]|（或?)(?:{w})）?|(?:{w})或(?:{w})"
        ))
        .unwrap()
    });
    static OR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"（或[^）]{1,20}）").unwrap());
    static NOTE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"（注[：:][^）]{0,60}）?").unwrap());
    static PLACEHOLDER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[XＸ×xｘ*＊]{2,}|…{2,}万元").unwrap());
    static LEADING_ZERO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(^|[^\d.,\-:：/年月])(0\d+)(万元|元|人次|批次|人|次|个|辆|台|项|家|名|%)")
            .unwrap()
    });
    for m in CHOICE.find_iter(text) {
        l.error(
            "R001",
            (base + m.start(), base + m.end()),
            format!("模板中的选择项“{}”未作选择", m.as_str()),
        );
    }
    for m in OR.find_iter(text).chain(NOTE.find_iter(text)) {
        l.error(
            "R001",
            (base + m.start(), base + m.end()),
            format!("模板中的说明“{}”未删除", m.as_str()),
        );
    }
    for m in PLACEHOLDER.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if before.is_some_and(|c| c.is_ascii_alphabetic())
            || after.is_some_and(|c| c.is_ascii_alphabetic())
        {
            continue;
        }
        l.error(
            "R005",
            (base + m.start(), base + m.end()),
            format!("占位符“{}”未替换为实际内容", m.as_str()),
        );
    }
    for c in LEADING_ZERO.captures_iter(text) {
        let m = c.get(2).unwrap();
        l.error(
            "R005",
            (base + m.start(), base + m.end()),
            format!(
                "“{}{}”：数字不应以0开头（占位符未替换或多打了0）",
                m.as_str(),
                &c[3]
            ),
        );
    }
}

fn missing(l: &mut Linter, text: &str, base: usize) {
    // A unit with no number: "车辆辆", "支出万元"; not "单位：万元", "（万元）", "万元以上".
    static NO_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(车辆|用车|汽车|轿车|越野车)辆|(?:为|支出|收入|合计|总额|金额|总计|经费|共计|拨款)(万元|人次|批次)")
            .unwrap()
    });
    // A money figure with no unit: "决算数为346.47，", "支出346.47。".
    static NO_UNIT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?:决算数?为|预算数?为|总计均?为|合计|支出|收入|金额|总额)(\d[\d,]*\.\d+)(?:[，。；、]|$)",
        )
    });
    for m in NO_NUMBER.find_iter(text) {
        l.error(
            "R002",
            (base + m.start(), base + m.end()),
            format!("“{}”：单位前缺少数字", m.as_str()),
        );
    }
    for c in NO_UNIT.captures_iter(text) {
        let m = c.get(1).unwrap();
        l.error(
            "R003",
            (base + m.start(), base + m.end()),
            format!("金额“{}”后缺少单位（万元）", m.as_str()),
        );
    }
}

/// The report's year in its own sentences: "YYYY年度…" (this year), "与YYYY年度相比",
/// "比YYYY年", "较YYYY年" (last year), "截至YYYY年12月31日" (this year).
fn years(l: &mut Linter) {
    static THIS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"((?:19|20)\d{2})年度?[，,]?(?:收、?支|本年|财政拨款|一般公共预算|[“”\x22]?三公|政府性基金|国有资本|部门决算|单位决算)|截至((?:19|20)\d{2})年(?:12月31日|末|底)|纳入[^。]{0,30}?((?:19|20)\d{2})年度(?:部门|单位)决算").unwrap()
    });
    static LAST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:与|比|较)((?:19|20)\d{2})年度?(?:相比|增加|减少|持平|增长|下降)").unwrap()
    });
    let Some(year) = l.outline.year else { return };
    let Some(p2) = l.outline.part2 else { return };
    let text = l.doc.flat[p2.start..p2.end].to_string();
    for c in THIS.captures_iter(&text) {
        let Some(m) = c.get(1).or(c.get(2)).or(c.get(3)) else {
            continue;
        };
        // "与2022年度收、支总计相比" compares; the last-year rule judges it.
        if text[..m.start()].ends_with(['与', '比', '较', '上']) {
            continue;
        }
        if m.as_str().parse::<i32>().ok() != Some(year) {
            l.error(
                "R004",
                (p2.start + m.start(), p2.start + m.end()),
                format!("年度“{}”与报告年度{year}不符", m.as_str()),
            );
        }
    }
    for c in LAST.captures_iter(&text) {
        let m = c.get(1).unwrap();
        if m.as_str().parse::<i32>().ok() != Some(year - 1) {
            l.error(
                "R004",
                (p2.start + m.start(), p2.start + m.end()),
                format!("比较年度“{}”应为上年{}", m.as_str(), year - 1),
            );
        }
    }
}
