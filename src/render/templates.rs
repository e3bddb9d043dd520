//! Tera over the run's template set (`config::TemplateSet`: built-in texts overridden
//! from a folder). Tera autoescapes every `.typ` template with the Typst markup escape.

use tera::Tera;
use thiserror::Error;

use super::escape;

/// A template could not be loaded or rendered.
#[derive(Debug, Error)]
pub enum TemplateError {
    #[error("模板错误：{0}")]
    Tera(String),
}

impl TemplateError {
    pub fn from_tera(e: tera::Error) -> TemplateError {
        // Tera nests the cause; show the whole chain, which names the template and line.
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            msg.push('：');
            msg.push_str(&s.to_string());
            src = s.source();
        }
        if renamed_variable(&msg) {
            msg.push_str(RENAMED);
        }
        TemplateError::Tera(msg)
    }
}

/// The hint for a template written for the numbered names of earlier versions.
const RENAMED: &str = "（第二部分各节与图表现按名称引用：s1→total、s2→income、s3→expenditure、s4→fiscal、s5→general_budget、s6→basic、s7→three_public、s8→government_fund、s9→state_capital、s10→other；charts.fig1…fig7→charts.total_change、income_structure、expenditure_structure、fiscal_change、general_budget_change、general_budget_structure、three_public_structure，图文件同名加 .svg。见 docs/templates.md，或用 juesuan templates export 重新导出内置模板）";

/// Whether a Tera message names a variable of the old numbered scheme (`s2.total`,
/// `charts.fig2`).
fn renamed_variable(msg: &str) -> bool {
    let numbered = |prefix: &str| {
        msg.match_indices(prefix).any(|(i, _)| {
            msg[i + prefix.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
    };
    numbered("Variable `s") || numbered("charts.fig")
}

/// A Tera instance over the given templates (name, text).
pub fn load(files: &[(String, String)]) -> Result<Tera, TemplateError> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".typ"]);
    tera.set_escape_fn(escape::typst_markup);
    tera.register_filter("str", str_filter);
    // Only `.typ` files are templates: the table sets and chart styles (`.yaml`) are
    // data read on their own, and parsing them as templates cost a third of the load.
    tera.add_raw_templates(
        files
            .iter()
            .filter(|(n, _)| n.ends_with(".typ"))
            .map(|(n, t)| (n.as_str(), t.as_str())),
    )
    .map_err(TemplateError::from_tera)?;
    super::recursion::check(&tera).map_err(TemplateError::Tera)?;
    Ok(tera)
}

/// `{{ x | str | safe }}`: a value escaped for a Typst string literal.
fn str_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let s = match value {
        tera::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(tera::Value::String(escape::typst_string(&s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_numbered_variable_gets_the_new_names() {
        let files = vec![("a.typ".to_string(), "{{ s2.total }}".to_string())];
        let tera = load(&files).unwrap();
        let err = tera
            .render("a.typ", &tera::Context::new())
            .map_err(TemplateError::from_tera)
            .unwrap_err()
            .to_string();
        assert!(err.contains("s2→income"), "{err}");
        assert!(!renamed_variable("Variable `settings.x` not found"));
        assert!(renamed_variable("Variable `charts.fig7` not found"));
    }
}
