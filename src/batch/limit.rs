//! The per-unit time limit of a batch (`--timeout`): one unit that takes too long is
//! reported and skipped; the other units and the summary go on.
//!
//! typst's layout cannot be interrupted, so the build runs on a thread of its own and the
//! worker waits for it at most the limit. A build that overruns is abandoned: its thread
//! keeps a core busy until it ends or the process exits (the command exits right after
//! the summary), and its result is dropped — nothing of it is written. The data guards
//! (size, depth, anchors; `model::guard`) already refuse the inputs known to stall the
//! loader, so the limit is the last resort, not the first.

use std::sync::{mpsc, Arc};
use std::time::Duration;

use crate::model::Loaded;
use crate::pipeline::{self, BuildError, Cache, Report, Toolkit};

/// The default limit: a unit takes about a second; a 部门 of many members a few.
pub const DEFAULT: Duration = Duration::from_secs(600);

/// Why a limited build gave no report.
#[derive(Debug)]
pub enum Limited {
    /// The pipeline's own error (findings, templates, typst).
    Build(BuildError),
    /// The build overran the limit.
    TimedOut(Duration),
    /// The build's thread panicked (a bug: reported for this unit only).
    Crashed,
}

/// Builds `loaded`, waiting at most `limit` (`None`: no limit, on this thread).
pub fn build(
    kit: &Arc<Toolkit>,
    loaded: Loaded,
    cache: Cache,
    limit: Option<Duration>,
) -> Result<Report, Limited> {
    let Some(limit) = limit else {
        return pipeline::build_report_with(kit, &loaded, cache).map_err(Limited::Build);
    };
    let (tx, rx) = mpsc::channel();
    let kit = Arc::clone(kit);
    let spawned = std::thread::Builder::new()
        .name("juesuan-unit".into())
        .spawn(move || {
            let _ = tx.send(pipeline::build_report_with(&kit, &loaded, cache));
        });
    if spawned.is_err() {
        return Err(Limited::Crashed);
    }
    match rx.recv_timeout(limit) {
        Ok(r) => r.map_err(Limited::Build),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Limited::TimedOut(limit)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Limited::Crashed),
    }
}

/// The summary's message for a unit that overran `limit`.
pub fn timed_out_message(file: &str, limit: Duration) -> String {
    format!(
        "{file} 超时：{} 秒内未生成完，已跳过（其余单位照常生成；可用 --timeout 调整时限） [timeout]",
        seconds(limit)
    )
}

/// `limit` in seconds as the user wrote it (`0.5`, `600`).
fn seconds(limit: Duration) -> String {
    let ms = limit.as_millis();
    if ms.is_multiple_of(1000) {
        (ms / 1000).to_string()
    } else {
        format!("{}", limit.as_secs_f64())
    }
}

/// The `--timeout` value: the limit, `None` for none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(pub Option<Duration>);

/// Parses `--timeout`: seconds (fractions allowed), `0` for no limit.
pub fn parse_limit(s: &str) -> Result<Limit, String> {
    parse(s).map(Limit)
}

/// Parses a number of seconds (fractions allowed), `0` for no limit.
pub fn parse(s: &str) -> Result<Option<Duration>, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("--timeout 应为秒数（如 600，0 表示不限时），实为“{s}”"))?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!("--timeout 应为不小于 0 的秒数，实为“{s}”"));
    }
    Ok((v > 0.0).then(|| Duration::from_secs_f64(v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeout_values() {
        assert_eq!(parse("600").unwrap(), Some(Duration::from_secs(600)));
        assert_eq!(parse("0.5").unwrap(), Some(Duration::from_millis(500)));
        assert_eq!(parse("0").unwrap(), None);
        assert!(parse("-1").is_err());
        assert!(parse("十").is_err());
        assert!(timed_out_message("a/b.yaml", Duration::from_millis(500)).contains("0.5 秒"));
        assert!(timed_out_message("a/b.yaml", DEFAULT).contains("600 秒"));
    }
}
