//! Rendering: the view model, Tera templates and Typst escaping. Input: data, figures,
//! settings; output: the Typst source of the whole report.

pub mod appendix;
mod escape;
pub mod format;
mod glossary;
pub mod guard;
mod recursion;
pub mod tables;
pub mod templates;
pub mod view;

use serde::Serialize;
use tera::{Context, Tera};

pub use escape::{typst_markup, typst_string};
pub use templates::TemplateError;
pub use view::View;

use crate::config::TemplateSet;
use crate::model::Settings;

/// The entry template of a report.
pub const MAIN_TEMPLATE: &str = "report.typ";

/// The templates of a run, compiled once and reused across reports.
pub struct Renderer {
    tera: Tera,
}

impl Renderer {
    /// Compiles the templates of a template set.
    pub fn new(set: &TemplateSet) -> Result<Renderer, TemplateError> {
        Ok(Renderer {
            tera: templates::load(set.files())?,
        })
    }

    /// Renders the report's Typst source.
    pub fn render(&self, view: &View, settings: &Settings) -> Result<String, TemplateError> {
        self.render_template(MAIN_TEMPLATE, view, settings)
    }

    /// Renders any template of the set with the report's context.
    pub fn render_template<V: Serialize>(
        &self,
        name: &str,
        view: &V,
        settings: &Settings,
    ) -> Result<String, TemplateError> {
        let mut ctx = Context::from_serialize(view).map_err(TemplateError::from_tera)?;
        ctx.insert("settings", settings);
        self.tera
            .render(name, &ctx)
            .map_err(TemplateError::from_tera)
    }

    /// Renders the report with another escape function for the values (the guard's
    /// marked rendering). Costs a copy of the compiled templates: for the rare report
    /// whose text holds a placeholder.
    pub fn render_with_escape(
        &self,
        view: &View,
        settings: &Settings,
        escape: fn(&str) -> String,
    ) -> Result<String, TemplateError> {
        let mut tera = self.tera.clone();
        tera.set_escape_fn(escape);
        let mut ctx = Context::from_serialize(view).map_err(TemplateError::from_tera)?;
        ctx.insert("settings", settings);
        tera.render(MAIN_TEMPLATE, &ctx)
            .map_err(TemplateError::from_tera)
    }

    /// Parses again only the given templates (`name`, `text`), replacing their loaded
    /// versions (the live preview after an edit: one file instead of the whole set).
    /// Files other than `.typ` are data, not templates, and are skipped.
    pub fn replace(&mut self, files: &[(String, String)]) -> Result<(), TemplateError> {
        for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".typ")) {
            self.tera
                .add_raw_template(name, text)
                .map_err(TemplateError::from_tera)?;
        }
        Ok(())
    }

    /// Whether the set has a template of this name.
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }
}
