//! An independent verifier of a report's figures, working from the PDF's text alone.
//!
//! It knows the Sichuan template's sentences, not the juesuan library (no `use juesuan`):
//! it parses the amounts (万元, two decimals at most) and percentages the narrative prints,
//! recomputes every relation they must satisfy and reports each disagreement. Every
//! displayed figure is rounded, so each comparison allows exactly the error the rounding
//! can explain (interval arithmetic on ±half a unit of the last printed digit).
#![allow(dead_code)]

use regex::Regex;

/// Half a unit of 0.01万元: the largest rounding error of a displayed amount.
const HALF_CENT: f64 = 0.005;
/// Numerical slack for f64 arithmetic.
const EPS: f64 = 1e-9;

/// What the verifier found.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Relations checked.
    pub checks: usize,
    /// Relations that do not hold (one line each).
    pub failures: Vec<String>,
    /// Named checks that ran (for asserting coverage), e.g. "s2.income".
    pub ran: Vec<&'static str>,
}

impl Verdict {
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }

    fn check(&mut self, cond: bool, what: impl FnOnce() -> String) {
        self.checks += 1;
        if !cond {
            self.failures.push(what());
        }
    }

    fn ran(&mut self, name: &'static str) {
        if !self.ran.contains(&name) {
            self.ran.push(name);
        }
    }
}

/// A printed number with the half-unit of its last digit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    pub v: f64,
    pub half: f64,
}

impl Num {
    pub fn parse(s: &str) -> Num {
        let clean: String = s.chars().filter(|c| *c != ',').collect();
        let decimals = clean.split_once('.').map(|(_, d)| d.len()).unwrap_or(0);
        Num {
            v: clean.parse().unwrap_or_else(|_| panic!("number {s:?}")),
            half: 0.5 * 10f64.powi(-(decimals as i32)),
        }
    }
    fn lo(&self) -> f64 {
        self.v - self.half
    }
    fn hi(&self) -> f64 {
        self.v + self.half
    }
}

thread_local! {
    /// Half a unit of the last digit of shares and of rates, inferred per document
    /// (zeros are stripped: "100" may stand for 100.0).
    static HALVES: std::cell::Cell<(f64, f64)> = const { std::cell::Cell::new((0.05, 0.005)) };
}

/// An amount in 万元: always rounded to 0.01 (trailing zeros stripped).
fn wan(s: &str) -> Num {
    Num {
        half: HALF_CENT,
        ..Num::parse(s)
    }
}

/// A share (占…%).
fn share(s: &str) -> Num {
    let n = Num::parse(s);
    Num {
        half: n.half.min(HALVES.with(|h| h.get().0)),
        ..n
    }
}

/// A growth or completion rate.
fn rate(s: &str) -> Num {
    let n = Num::parse(s);
    Num {
        half: n.half.min(HALVES.with(|h| h.get().1)),
        ..n
    }
}

/// The most decimals printed among the captures of `pattern` (at least 1).
fn max_decimals(body: &str, pattern: &str) -> i32 {
    re(pattern)
        .captures_iter(body)
        .map(|c| {
            c[1].split_once('.')
                .map(|(_, d)| d.len() as i32)
                .unwrap_or(0)
        })
        .max()
        .unwrap_or(1)
        .max(1)
}

/// An amount (万元) or share with its label, as printed in a list.
#[derive(Debug, Clone)]
pub struct Part {
    pub label: String,
    pub amount: Num,
    pub share: Option<Num>,
}

/// The report's text prepared for matching: whitespace, page footers and the 目录 removed.
pub fn body(pdf_text: &str) -> String {
    let squashed: String = pdf_text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{2060}')
        .collect();
    let footer = Regex::new(r"—\d+—").unwrap();
    let squashed = footer.replace_all(&squashed, "").into_owned();
    // The 目录 ends with the last dot leader and its page number.
    let leader = Regex::new(r"\.{3,}\d+").unwrap();
    match leader.find_iter(&squashed).last() {
        Some(m) => squashed[m.end()..].to_string(),
        None => squashed,
    }
}

/// The ten section titles of 第二部分, in order.
pub const SECTIONS: [&str; 10] = [
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
];

/// The text of section `i` (0-based) of 第二部分; empty when the title is missing.
pub fn section(body: &str, i: usize) -> &str {
    let Some(start) = body.find(SECTIONS[i]) else {
        return "";
    };
    let from = start + SECTIONS[i].len();
    let end = if i + 1 < SECTIONS.len() {
        body[from..].find(SECTIONS[i + 1]).map(|e| from + e)
    } else {
        body[from..].find("第三部分").map(|e| from + e)
    };
    &body[from..end.unwrap_or(body.len())]
}

const NUM: &str = r"(\d[\d,]*(?:\.\d+)?)";

fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace("{N}", NUM)).unwrap()
}

fn cap_num(text: &str, pattern: &str) -> Option<Num> {
    re(pattern).captures(text).map(|c| wan(&c[1]))
}

/// `label N万元，占P%` items after `其中：`/`方面：` up to the sentence end.
pub fn share_list(list: &str) -> Vec<Part> {
    let item = re(r"([^：；，。、\d]+?){N}万元，占{N}%");
    item.captures_iter(list)
        .map(|c| Part {
            label: c[1].to_string(),
            amount: wan(&c[2]),
            share: Some(share(&c[3])),
        })
        .collect()
}

/// `label N万元、label N万元…。` items (the 经济分类 lists of section 六).
pub fn amount_list(list: &str) -> Vec<Part> {
    let item = re(r"([^：；，。、\d]+?){N}万元");
    item.captures_iter(list)
        .map(|c| Part {
            label: c[1].to_string(),
            amount: wan(&c[2]),
            share: None,
        })
        .collect()
}

/// Σ parts = total, within the rounding of every printed figure.
fn check_sum(v: &mut Verdict, what: &str, parts: &[Num], total: Num) {
    let lo: f64 = parts.iter().map(Num::lo).sum();
    let hi: f64 = parts.iter().map(Num::hi).sum();
    v.check(lo <= total.hi() + EPS && total.lo() <= hi + EPS, || {
        let s: f64 = parts.iter().map(|p| p.v).sum();
        format!("{what}：各项之和 {s:.2} 与合计 {} 不符", total.v)
    });
}

/// Shares of a list: they add up to exactly 100 (when the total is not zero) and each is
/// amount / total within rounding (largest-remainder rounding moves a share by less than
/// one unit of its last digit).
fn check_shares(v: &mut Verdict, what: &str, parts: &[Part], total: Num) {
    let shares: Vec<Num> = parts.iter().filter_map(|p| p.share).collect();
    if shares.len() != parts.len() || parts.is_empty() {
        v.check(false, || format!("{what}：缺少占比"));
        return;
    }
    if total.v == 0.0 {
        for s in &shares {
            v.check(s.v == 0.0, || format!("{what}：合计为0，占比却为{}%", s.v));
        }
        return;
    }
    let sum_thousandths: i64 = shares.iter().map(|s| (s.v * 1000.0).round() as i64).sum();
    v.check(sum_thousandths == 100_000, || {
        format!(
            "{what}：占比之和为{}%，应为100%",
            sum_thousandths as f64 / 1000.0
        )
    });
    for p in parts {
        let s = p.share.unwrap();
        let unit = 2.0 * s.half; // one unit of the last printed digit
        let lo = (p.amount.lo().max(0.0)) / total.hi() * 100.0;
        let hi = p.amount.hi() / total.lo().max(HALF_CENT) * 100.0;
        v.check(s.v > lo - unit - EPS && s.v < hi + unit + EPS, || {
            format!(
                "{what}：{}占{}%，按金额{}/{}应约为{:.2}%",
                p.label,
                s.v,
                p.amount.v,
                total.v,
                p.amount.v / total.v * 100.0
            )
        });
    }
}

/// `(current)万元…。与YYYY年度相比，…增加|减少 D万元，增长|下降 R%`: the rate is the
/// change over last year's figure (current ∓ change), within rounding.
fn check_changes(v: &mut Verdict, what: &str, text: &str) -> usize {
    let pat = re(
        r"{N}万元(?:，[^。万]*)?。与\d{4}年度相比，[^。万]*?(增加|减少){N}万元，(增长|下降){N}%",
    );
    let mut n = 0;
    for c in pat.captures_iter(text) {
        n += 1;
        let cur = wan(&c[1]);
        let up = &c[2] == "增加";
        let d = wan(&c[3]);
        let word_ok = (up && &c[4] == "增长") || (!up && &c[4] == "下降");
        v.check(word_ok, || {
            format!("{what}：“{}”与“{}”方向不一致", &c[2], &c[4])
        });
        let rate = rate(&c[5]);
        // previous = current − d (increase) or current + d (decrease)
        let (prev_lo, prev_hi) = if up {
            (cur.lo() - d.hi(), cur.hi() - d.lo())
        } else {
            (cur.lo() + d.lo(), cur.hi() + d.hi())
        };
        if prev_hi <= 0.0 {
            v.check(false, || {
                format!("{what}：上年数为0却给出增长率{}%", rate.v)
            });
            continue;
        }
        let lo = d.lo().max(0.0) / prev_hi * 100.0;
        let hi = d.hi() / prev_lo.max(HALF_CENT) * 100.0;
        v.check(
            rate.v >= lo - rate.half - EPS && rate.v <= hi + rate.half + EPS,
            || {
                format!(
                    "{what}：变动{}万元、本年{}万元，增长率应约为{:.2}%，印为{}%",
                    d.v,
                    cur.v,
                    d.v / (if up { cur.v - d.v } else { cur.v + d.v }) * 100.0,
                    rate.v
                )
            },
        );
    }
    n
}

/// The figures the narrative states, for cross-checks (万元).
#[derive(Debug, Default, Clone)]
pub struct Stated {
    pub grand_total: Option<Num>,
    pub income_total: Option<Num>,
    pub income: Vec<Part>,
    pub expenditure_total: Option<Num>,
    pub expenditure: Vec<Part>,
    pub fiscal_total: Option<Num>,
    pub general_budget: Option<Num>,
    pub classes: Vec<Part>,
    pub items: Vec<(String, Num)>,
    pub basic: Option<Num>,
    pub personnel: Option<Num>,
    pub public: Option<Num>,
    pub three_public: Option<Num>,
    pub government_fund: Option<Num>,
    pub state_capital: Option<Num>,
}

/// Parses the narrative and checks every relation. `pdf_text` is pdftotext's output.
pub fn verify(pdf_text: &str) -> (Verdict, Stated) {
    let b = body(pdf_text);
    let share_dp = max_decimals(&b, r"占(?:[^%，。；]*的)?{N}%");
    let rate_dp = max_decimals(&b, r"(?:增长|下降|完成(?:全年|年初)?预算的?){N}%");
    HALVES.with(|h| h.set((0.5 * 10f64.powi(-share_dp), 0.5 * 10f64.powi(-rate_dp))));
    let mut v = Verdict::default();
    let mut st = Stated::default();
    for (i, t) in SECTIONS.iter().enumerate() {
        v.check(!section(&b, i).is_empty(), || {
            format!("缺少第二部分第{}节“{t}”", i + 1)
        });
    }

    // 一、收、支总计
    let s1 = section(&b, 0);
    st.grand_total = cap_num(s1, r"收、支总计均为{N}万元");
    v.check(st.grand_total.is_some(), || "一：找不到收、支总计".into());
    if check_changes(&mut v, "一、收、支总计", s1) > 0 {
        v.ran("s1.change");
    }

    // 二、收入
    let s2 = section(&b, 1);
    if let Some(c) = re(r"本年收入合计{N}万元，其中：([^。]*)。").captures(s2) {
        let total = wan(&c[1]);
        let parts = share_list(&c[2]);
        v.check(parts.len() == 8, || {
            format!("二：收入应列8项，找到{}项", parts.len())
        });
        check_sum(
            &mut v,
            "二、本年收入合计",
            &parts.iter().map(|p| p.amount).collect::<Vec<_>>(),
            total,
        );
        check_shares(&mut v, "二、收入结构", &parts, total);
        st.income_total = Some(total);
        st.income = parts;
        v.ran("s2.income");
    } else {
        v.check(false, || "二：找不到本年收入合计及其构成".into());
    }

    // 三、支出
    let s3 = section(&b, 2);
    if let Some(c) = re(r"本年支出合计{N}万元，其中：([^。]*)。").captures(s3) {
        let total = wan(&c[1]);
        let parts = share_list(&c[2]);
        v.check(parts.len() == 5, || {
            format!("三：支出应列5项，找到{}项", parts.len())
        });
        check_sum(
            &mut v,
            "三、本年支出合计",
            &parts.iter().map(|p| p.amount).collect::<Vec<_>>(),
            total,
        );
        check_shares(&mut v, "三、支出结构", &parts, total);
        st.expenditure_total = Some(total);
        st.expenditure = parts;
        v.ran("s3.expenditure");
    } else {
        v.check(false, || "三：找不到本年支出合计及其构成".into());
    }

    // 四、财政拨款收、支总计
    let s4 = section(&b, 3);
    st.fiscal_total = cap_num(s4, r"财政拨款收、支总计均为{N}万元");
    v.check(st.fiscal_total.is_some(), || {
        "四：找不到财政拨款收、支总计".into()
    });
    if check_changes(&mut v, "四、财政拨款收、支总计", s4) > 0 {
        v.ran("s4.change");
    }

    // 五、一般公共预算财政拨款支出
    let s5 = section(&b, 4);
    check_general_budget(&mut v, &mut st, s5);

    // 六、基本支出 = 人员经费 + 公用经费, each = Σ its items
    let s6 = section(&b, 5);
    check_basic(&mut v, &mut st, s6);

    // 七、“三公”经费
    let s7 = section(&b, 6);
    check_three_public(&mut v, &mut st, s7);

    // 八、九
    st.government_fund = cap_num(section(&b, 7), r"政府性基金预算财政拨款支出{N}万元");
    st.state_capital = cap_num(section(&b, 8), r"国有资本经营预算财政拨款支出{N}万元");

    // 十、其他重要事项
    check_other(&mut v, section(&b, 9));

    cross_checks(&mut v, &st);
    if let Some(tables) = tables_part(&b) {
        check_tables(&mut v, &st, tables);
    }
    (v, st)
}

fn check_general_budget(v: &mut Verdict, st: &mut Stated, s5: &str) {
    st.general_budget = cap_num(s5, r"一般公共预算财政拨款支出{N}万元，占本年支出合计的");
    if let (Some(gb), Some(share)) = (st.general_budget, cap_num(s5, r"占本年支出合计的{N}%"))
    {
        // checked against 三's total in cross_checks
        v.ran("s5.total");
        let _ = (gb, share);
    }
    if check_changes(v, "五（一）、一般公共预算财政拨款支出", s5) > 0 {
        v.ran("s5.change");
    }
    // （二） classes
    if let Some(c) =
        re(r"一般公共预算财政拨款支出{N}万元，主要用于以下方面：([^。]*)。").captures(s5)
    {
        let total = wan(&c[1]);
        let parts = share_list(&c[2]);
        v.check(!parts.is_empty(), || "五（二）：找不到各类支出".into());
        check_sum(
            v,
            "五（二）、各类支出",
            &parts.iter().map(|p| p.amount).collect::<Vec<_>>(),
            total,
        );
        if total.v > 0.0 {
            check_shares(v, "五（二）、支出结构", &parts, total);
        }
        if let Some(gb) = st.general_budget {
            v.check((gb.v - total.v).abs() < EPS, || {
                format!("五：（一）{}万元与（二）{}万元不同", gb.v, total.v)
            });
        }
        st.classes = parts;
        v.ran("s5.classes");
    }
    // （三） 项 lines
    // A 类/款/项 name: no digits or sentence marks; parentheses only around other words
    // (款 names like 政府办公厅（室）及相关机构事务).
    let name = r"((?:[^（）\d。：；]|（[^类款项）]+）)+)";
    let item = re(&format!(
        r"\d+\.{name}（类）{name}（款）{name}（项）：支出决算为{{N}}万元(?:，完成(?:全年|年初)?预算的?{{N}}%)?"
    ));
    let mut budgets_lo = 0.0;
    let mut budgets_hi = 0.0;
    let mut all_have_rate = true;
    for c in item.captures_iter(s5) {
        let amount = wan(&c[4]);
        st.items.push((c[1].to_string(), amount));
        match c.get(5).map(|m| rate(m.as_str())) {
            Some(r) if r.v > 0.0 => {
                budgets_lo += amount.lo().max(0.0) / r.hi() * 100.0;
                budgets_hi += amount.hi() / r.lo().max(1e-6) * 100.0;
            }
            _ => all_have_rate = false,
        }
    }
    if let Some(c) =
        re(r"一般公共预算支出决算数为{N}万元(?:，完成(?:全年|年初)?预算的?{N}%)?").captures(s5)
    {
        let total = wan(&c[1]);
        let amounts: Vec<Num> = st.items.iter().map(|(_, a)| *a).collect();
        v.check(!amounts.is_empty() || total.v == 0.0, || {
            "五（三）：找不到项级支出".into()
        });
        if !amounts.is_empty() {
            check_sum(v, "五（三）、项级支出", &amounts, total);
            v.ran("s5.items");
        }
        if let (Some(rate), true) = (
            c.get(2).map(|m| rate(m.as_str())),
            all_have_rate && !amounts.is_empty(),
        ) {
            let lo = total.lo() / budgets_hi * 100.0;
            let hi = total.hi() / budgets_lo.max(1e-6) * 100.0;
            v.check(
                rate.v >= lo - rate.half - EPS && rate.v <= hi + rate.half + EPS,
                || {
                    format!(
                        "五（三）：总完成预算{}%与各项完成率推出的{:.2}%–{:.2}%不符",
                        rate.v, lo, hi
                    )
                },
            );
            v.ran("s5.completion");
        }
    }
    // 项 lines grouped by 类 add up to the class amounts of （二）.
    if !st.items.is_empty() && !st.classes.is_empty() {
        for class in st.classes.clone() {
            let of_class: Vec<Num> = st
                .items
                .iter()
                .filter(|(k, _)| *k == class.label)
                .map(|(_, a)| *a)
                .collect();
            if of_class.is_empty() {
                v.check(class.amount.v == 0.0, || {
                    format!(
                        "五：{}{}万元，（三）却没有该类的项",
                        class.label, class.amount.v
                    )
                });
            } else {
                check_sum(
                    v,
                    &format!("五：{}的各项", class.label),
                    &of_class,
                    class.amount,
                );
            }
        }
        for (k, _) in &st.items {
            v.check(st.classes.iter().any(|c| &c.label == k), || {
                format!("五（三）：类“{k}”不在（二）中")
            });
        }
        v.ran("s5.items_vs_classes");
    }
}

fn check_basic(v: &mut Verdict, st: &mut Stated, s6: &str) {
    st.basic = cap_num(s6, r"基本支出{N}万元");
    let personnel = re(r"人员经费{N}万元，主要包括：([^。]*)。").captures(s6);
    let public = re(r"公用经费{N}万元，主要包括：([^。]*)。").captures(s6);
    for (name, cap, slot) in [
        ("人员经费", personnel, &mut st.personnel),
        ("公用经费", public, &mut st.public),
    ] {
        if let Some(c) = cap {
            let total = wan(&c[1]);
            let items = amount_list(&c[2]);
            v.check(!items.is_empty(), || format!("六：{name}没有明细"));
            check_sum(
                v,
                &format!("六、{name}明细"),
                &items.iter().map(|p| p.amount).collect::<Vec<_>>(),
                total,
            );
            *slot = Some(total);
        } else {
            // A unit without general-budget basic spending may say so in one sentence.
            *slot = cap_num(s6, &format!(r"{name}{{N}}万元"));
        }
    }
    if let (Some(b), Some(p), Some(q)) = (st.basic, st.personnel, st.public) {
        check_sum(v, "六、基本支出=人员经费+公用经费", &[p, q], b);
        v.ran("s6.basic");
    }
}

fn check_three_public(v: &mut Verdict, st: &mut Stated, s7: &str) {
    st.three_public = cap_num(s7, r"“三公”经费财政拨款支出决算为{N}万元");
    if check_changes(v, "七、“三公”经费", s7) > 0 {
        v.ran("s7.change");
    }
    let parts_re = re(
        r"因公出国（境）费支出决算{N}万元，占{N}%；公务用车购置及运行维护费支出决算{N}万元，占{N}%；公务接待费支出决算{N}万元，占{N}%",
    );
    let mut vehicle_total = None;
    let mut reception_total = None;
    if let (Some(c), Some(total)) = (parts_re.captures(s7), st.three_public) {
        let parts: Vec<Part> = [
            ("因公出国（境）费", 1),
            ("公务用车购置及运行维护费", 3),
            ("公务接待费", 5),
        ]
        .iter()
        .map(|(l, i)| Part {
            label: l.to_string(),
            amount: wan(&c[*i]),
            share: Some(share(&c[i + 1])),
        })
        .collect();
        check_sum(
            v,
            "七、“三公”经费三项",
            &parts.iter().map(|p| p.amount).collect::<Vec<_>>(),
            total,
        );
        check_shares(v, "七、“三公”经费结构", &parts, total);
        vehicle_total = Some(parts[1].amount);
        reception_total = Some(parts[2].amount);
        v.ran("s7.parts");
    }
    let purchase = cap_num(s7, r"公务用车购置支出{N}万元");
    let operation = cap_num(s7, r"公务用车运行维护费支出{N}万元");
    if let (Some(vt), Some(p), Some(o)) = (vehicle_total, purchase, operation) {
        check_sum(v, "七、公务用车购置+运行维护", &[p, o], vt);
        v.ran("s7.vehicle");
    }
    let bought = re(
        r"更新购置公务用车(\d+)辆，其中：轿车(\d+)辆、金额{N}万元，越野车(\d+)辆、金额{N}万元，载客汽车(\d+)辆、金额{N}万元",
    );
    if let Some(c) = bought.captures(s7) {
        let n: u32 = c[1].parse().unwrap();
        let kinds: u32 = [2, 4, 6]
            .iter()
            .map(|i| c[*i].parse::<u32>().unwrap())
            .sum();
        v.check(n == kinds, || {
            format!("七：购置公务用车{n}辆，分车型合计{kinds}辆")
        });
        if let Some(p) = purchase {
            let amounts: Vec<Num> = [3, 5, 7].iter().map(|i| wan(&c[*i])).collect();
            check_sum(v, "七、分车型购置金额", &amounts, p);
        }
        v.ran("s7.purchase");
    }
    let fleet = re(r"共有公务用车(\d+)辆，其中：轿车(\d+)辆、越野车(\d+)辆、载客汽车(\d+)辆");
    if let Some(c) = fleet.captures(s7) {
        let n: u32 = c[1].parse().unwrap();
        let kinds: u32 = [2, 3, 4]
            .iter()
            .map(|i| c[*i].parse::<u32>().unwrap())
            .sum();
        v.check(n == kinds, || {
            format!("七：共有公务用车{n}辆，分车型合计{kinds}辆")
        });
        v.ran("s7.fleet");
    }
    if let Some(rt) = reception_total {
        let domestic = cap_num(
            s7,
            r"国内公务接待\d+批次，\d+人次（不包括陪同人员），共计支出{N}万元",
        );
        let foreign = cap_num(
            s7,
            r"外事接待\d+批次，\d+人次（不包括陪同人员），共计支出{N}万元",
        );
        let parts: Vec<Num> = [domestic, foreign].into_iter().flatten().collect();
        if !parts.is_empty() {
            check_sum(v, "七、国内+外事接待", &parts, rt);
            v.ran("s7.reception");
        }
    }
}

fn check_other(v: &mut Verdict, s10: &str) {
    if check_changes(v, "十（一）、机关运行经费", s10) > 0 {
        v.ran("s10.change");
    }
    let proc_re = re(
        r"政府采购支出总额{N}万元，其中：政府采购货物支出{N}万元、政府采购工程支出{N}万元、政府采购服务支出{N}万元。授予中小企业合同金额{N}万元，占政府采购支出总额的{N}%(?:，其中：授予小微企业合同金额{N}万元，占政府采购支出总额的{N}%)?",
    );
    if let Some(c) = proc_re.captures(s10) {
        let total = wan(&c[1]);
        let parts: Vec<Num> = [2, 3, 4].iter().map(|i| wan(&c[*i])).collect();
        check_sum(v, "十（二）、政府采购货物+工程+服务", &parts, total);
        for (amount_i, share_i, what) in [(5, 6, "中小企业"), (7, 8, "小微企业")] {
            if let (Some(a), Some(s)) = (c.get(amount_i), c.get(share_i)) {
                let a = wan(a.as_str());
                let s = share(s.as_str());
                let lo = a.lo().max(0.0) / total.hi() * 100.0;
                let hi = a.hi() / total.lo().max(HALF_CENT) * 100.0;
                v.check(s.v >= lo - s.half - EPS && s.v <= hi + s.half + EPS, || {
                    format!(
                        "十（二）：授予{what}合同金额{}万元占{}%，应约为{:.2}%",
                        a.v,
                        s.v,
                        a.v / total.v * 100.0
                    )
                });
            }
        }
        v.ran("s10.procurement");
    }
    let vehicles = re(r"共有车辆(\d+)辆，其中：([^。]*)。");
    if let Some(c) = vehicles.captures(s10) {
        let n: u32 = c[1].parse().unwrap();
        let each: u32 = Regex::new(r"(\d+)辆")
            .unwrap()
            .captures_iter(&c[2])
            .map(|k| k[1].parse::<u32>().unwrap())
            .sum();
        v.check(n == each, || {
            format!("十（三）：共有车辆{n}辆，分用途合计{each}辆")
        });
        v.ran("s10.vehicles");
    }
}

/// Relations between sections.
fn cross_checks(v: &mut Verdict, st: &Stated) {
    let label =
        |parts: &[Part], l: &str| parts.iter().find(|p| p.label.contains(l)).map(|p| p.amount);
    // 收、支总计 ≥ 本年收入合计 and ≥ 本年支出合计 (the rest is balances).
    if let Some(g) = st.grand_total {
        for (what, x) in [
            ("本年收入合计", st.income_total),
            ("本年支出合计", st.expenditure_total),
        ] {
            if let Some(x) = x {
                v.check(x.lo() <= g.hi() + EPS, || {
                    format!("{what}{}万元大于收、支总计{}万元", x.v, g.v)
                });
            }
        }
        if let Some(f) = st.fiscal_total {
            v.check(f.lo() <= g.hi() + EPS, || {
                format!("财政拨款收、支总计{}万元大于收、支总计{}万元", f.v, g.v)
            });
        }
    }
    // 财政拨款收、支总计 ≥ this year's three fiscal incomes.
    if let Some(f) = st.fiscal_total {
        let fiscal: Vec<Num> = [
            "一般公共预算财政拨款收入",
            "政府性基金预算财政拨款收入",
            "国有资本经营预算财政拨款收入",
        ]
        .iter()
        .filter_map(|l| label(&st.income, l))
        .collect();
        if fiscal.len() == 3 {
            let lo: f64 = fiscal.iter().map(Num::lo).sum();
            v.check(lo <= f.hi() + EPS, || {
                format!("财政拨款收入之和大于财政拨款收、支总计{}万元", f.v)
            });
            v.ran("cross.fiscal");
        }
    }
    // 一般公共预算财政拨款支出 as a share of 本年支出合计.
    if let (Some(gb), Some(total)) = (st.general_budget, st.expenditure_total) {
        v.check(gb.lo() <= total.hi() + EPS, || {
            format!(
                "一般公共预算财政拨款支出{}万元大于本年支出合计{}万元",
                gb.v, total.v
            )
        });
        // The sum of fiscal spending by fund cannot exceed 本年支出合计.
        let funds: Vec<Num> = [Some(gb), st.government_fund, st.state_capital]
            .into_iter()
            .flatten()
            .collect();
        let lo: f64 = funds.iter().map(Num::lo).sum();
        v.check(lo <= total.hi() + EPS, || {
            format!(
                "三类财政拨款支出之和{lo:.2}万元大于本年支出合计{}万元",
                total.v
            )
        });
        // 基本支出 of the general budget ≤ all 基本支出.
        if let (Some(b), Some(all_basic)) = (st.basic, label(&st.expenditure, "基本支出")) {
            v.check(b.lo() <= all_basic.hi() + EPS, || {
                format!(
                    "六：基本支出{}万元大于三中的基本支出{}万元",
                    b.v, all_basic.v
                )
            });
        }
        if let Some(b) = st.basic {
            v.check(b.lo() <= gb.hi() + EPS, || {
                format!(
                    "六：基本支出{}万元大于一般公共预算财政拨款支出{}万元",
                    b.v, gb.v
                )
            });
        }
        v.ran("cross.general_budget");
    }
}

/// The 附表 part (第五部分) when the report has it with its tables.
pub fn tables_part(body: &str) -> Option<&str> {
    let start = body.find("第五部分")?;
    let part = &body[start..];
    (part.contains("收入支出决算总表")
        && part.contains("收入决算表")
        && part.contains("支出决算表"))
    .then_some(part)
}

/// Every total the narrative states must appear in the tables (元 with thousands
/// separators, or 万元), within the rounding of the narrative.
fn check_tables(v: &mut Verdict, st: &Stated, tables: &str) {
    let yuan = Regex::new(r"\d{1,3}(?:,\d{3})*\.\d{2}").unwrap();
    let whole = Regex::new(r"^\d{1,3}(?:,\d{3})*\.\d{2}$").unwrap();
    // Squashed table text can glue a 行次/栏次 digit to the front of an amount
    // ("11,029,099.26" is row 1 then 1,029,099.26): keep the shorter readings too.
    let values: Vec<f64> = yuan
        .find_iter(tables)
        .flat_map(|m| {
            let s = m.as_str();
            (0..3)
                .filter_map(|cut| s.get(cut..))
                .filter(|t| whole.is_match(t))
                .map(|t| t.replace(',', "").parse::<f64>().unwrap())
                .collect::<Vec<_>>()
        })
        .collect();
    let in_wan = tables.contains("单位：万元");
    let present = |wan: Num| {
        values.iter().any(|x| {
            let w = if in_wan { *x } else { x / 10000.0 };
            (w - wan.v).abs() <= wan.half + HALF_CENT + EPS
        })
    };
    let totals = [
        ("收、支总计", st.grand_total),
        ("本年收入合计", st.income_total),
        ("本年支出合计", st.expenditure_total),
        ("财政拨款收、支总计", st.fiscal_total),
        ("一般公共预算财政拨款支出", st.general_budget),
        ("一般公共预算财政拨款基本支出", st.basic),
        ("人员经费", st.personnel),
        ("公用经费", st.public),
    ];
    for (what, x) in totals {
        if let Some(x) = x.filter(|x| x.v > 0.0) {
            v.check(present(x), || {
                format!("附表：找不到与正文{what}{}万元相符的数", x.v)
            });
        }
    }
    v.ran("tables");
}
