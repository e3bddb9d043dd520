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
        TemplateError::Tera(msg)
    }
}

/// A Tera instance over the given templates (name, text).
pub fn load(files: &[(String, String)]) -> Result<Tera, TemplateError> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".typ"]);
    tera.set_escape_fn(escape::typst_markup);
    tera.register_filter("str", str_filter);
    tera.add_raw_templates(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(TemplateError::from_tera)?;
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
