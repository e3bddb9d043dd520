//! `juesuan preview`: render once, serve the pages on a local web page, and render again
//! whenever the data file, a template or a font changes (the preview session goes
//! through the pipeline and adds typst's memo cache and page-by-page SVG).

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use clap::Args;

use super::cli::RenderArgs;
use super::EXIT_USAGE;
use crate::preview::{server, watch, Live, Session, Shared};

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// 数据文件（YAML 或填报工作簿）
    #[arg(value_name = "数据文件")]
    pub file: PathBuf,
    /// 监听地址（默认 127.0.0.1:0，即任选空闲端口）
    #[arg(long, value_name = "地址", default_value = "127.0.0.1:0")]
    pub serve: String,
    #[command(flatten)]
    pub render: RenderArgs,
}

fn new_session(args: &PreviewArgs) -> Result<Session, String> {
    let mut s = Session::new(
        &args.file,
        args.render.templates.as_deref(),
        args.render.font_dir.as_deref(),
        args.render.options().layers,
    )
    .map_err(|p| p.to_string())?;
    s.keep_cache = true;
    Ok(s)
}

/// `juesuan preview`: runs until interrupted.
pub fn run(args: PreviewArgs) -> i32 {
    let mut session = match new_session(&args) {
        Ok(s) => s,
        Err(p) => {
            eprintln!("{p}");
            return EXIT_USAGE;
        }
    };
    if let Some(dir) = &args.render.templates {
        if !dir.is_dir() {
            eprintln!(
                "错误：模板目录 {} 不存在（可先运行 juesuan templates export {}）",
                dir.display(),
                dir.display()
            );
            return EXIT_USAGE;
        }
    }
    let watch = match watch::Watch::start(watch::Targets {
        data: args.file.clone(),
        templates: args.render.templates.clone(),
        fonts: args.render.font_dir.clone(),
    }) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    let shared = Arc::new(Shared::default());
    let mut live = Live::default();
    eprintln!("{}", live.update(&mut session, &shared, Instant::now()));
    let addr = match server::start(&args.serve, shared.clone()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_USAGE;
        }
    };
    if let Some(w) = crate::preview::limits::exposure_warning(&addr) {
        eprintln!("{w}");
    }
    println!("预览地址：http://{addr}/");
    let _ = std::io::stdout().flush();
    eprintln!(
        "正在监视 {} 及模板目录；按 Ctrl-C 结束",
        args.file.display()
    );
    while let Some(changed) = watch.next() {
        let t0 = Instant::now();
        if changed.iter().any(|p| watch.is_font(p)) {
            // New fonts: a new session (the fonts are loaded once per session).
            match new_session(&args) {
                Ok(s) => session = s,
                Err(p) => eprintln!("{p}"),
            }
        }
        let names: Vec<String> = changed
            .iter()
            .map(|p| {
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })
            .collect();
        eprintln!("文件变化：{}", names.join("、"));
        eprintln!("{}", live.update(&mut session, &shared, t0));
    }
    EXIT_USAGE
}
