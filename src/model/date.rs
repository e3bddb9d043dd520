//! `settings.document_date`: a real calendar date written `YYYY-MM-DD`. It becomes the
//! PDF's creation date, so a date typst cannot make (2024-02-30) must be refused where
//! it is written, not by the typesetter with a message naming no field.

/// Parses `YYYY-MM-DD` (four, two and two digits) into a date that exists.
pub fn parse(s: &str) -> Result<(i32, u32, u32), String> {
    let bad = || format!("“{s}”不是 年-月-日 格式的日期（四位年、两位月、两位日，如 2024-12-31）");
    let parts: Vec<&str> = s.trim().split('-').collect();
    let [y, m, d] = parts[..] else {
        return Err(bad());
    };
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err(bad());
    }
    let (year, month, day): (i32, u32, u32) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    if !(1..=12).contains(&month) {
        return Err(format!("“{s}”中的月份 {month} 不存在（应为 01–12）"));
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=days).contains(&day) {
        return Err(format!("“{s}”不存在：{year}年{month}月只有{days}天"));
    }
    Ok((year, month, day))
}

/// Parses a 公开日期: `YYYY-MM-DD` (a date that exists) or `YYYY-MM` (the cover prints
/// the month only): (year, month, day).
pub fn parse_publish(s: &str) -> Result<(i32, u32, Option<u32>), String> {
    let t = s.trim();
    if t.len() == 7 && t.as_bytes()[4] == b'-' {
        let (y, m, _) = parse(&format!("{t}-01")).map_err(|_| {
            format!("“{s}”不是 年-月 或 年-月-日 格式的日期（如 2024-09 或 2024-09-20）")
        })?;
        return Ok((y, m, None));
    }
    parse(t)
        .map(|(y, m, d)| (y, m, Some(d)))
        .map_err(|e| format!("{e}；公开日期也可只写 年-月（如 2024-09）"))
}

/// A district settings file's `document_date`, checked when the file is read: the error
/// names the file, line and column.
pub fn check_setting(
    path: &std::path::Path,
    text: &str,
    date: Option<&String>,
) -> Result<(), String> {
    let Some(date) = date else { return Ok(()) };
    parse(date).map(|_| ()).map_err(|e| {
        let at = super::Locator::new(text)
            .find("settings.document_date")
            .map(|p| format!(":{}:{}", p.line, p.col))
            .unwrap_or_default();
        format!(
            "区设置文件 {}{at} 中的 settings.document_date 有误：{e}",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_dates_by_day_or_month() {
        assert_eq!(parse_publish("2024-09-20"), Ok((2024, 9, Some(20))));
        assert_eq!(parse_publish("2024-09"), Ok((2024, 9, None)));
        assert!(parse_publish("2024-02-30").is_err());
        assert!(parse_publish("2024-13").is_err());
        assert!(parse_publish("二〇二四年九月").is_err());
    }

    #[test]
    fn only_real_dates_pass() {
        assert_eq!(parse("2024-02-29"), Ok((2024, 2, 29)));
        assert_eq!(parse("2000-02-29"), Ok((2000, 2, 29)));
        assert_eq!(parse("2024-12-31"), Ok((2024, 12, 31)));
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "1900-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-01-00",
            "tomorrow",
            "2024-1-5",
            "2024/01/05",
            "２０２４-01-05",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_district_date_is_located_in_its_file() {
        let text = "year: 2023\nsettings:\n  document_date: 2024-02-30\n";
        let p = std::path::Path::new("区/juesuan.yaml");
        let e = check_setting(p, text, Some(&"2024-02-30".to_string())).unwrap_err();
        assert!(
            e.contains("区/juesuan.yaml:3:18") && e.contains("只有29天"),
            "{e}"
        );
        assert!(check_setting(p, text, Some(&"2024-02-29".to_string())).is_ok());
        assert!(check_setting(p, text, None).is_ok());
    }
}
