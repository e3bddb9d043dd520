//! Live preview and visual diff for template maintainers.
//!
//! `preview`: render once, serve the pages as SVG on a local web page, watch the data
//! file, the template folder and the font folder, render again on every change (typst's
//! memo cache kept, so a small edit is cheap) and tell the page over server-sent events.
//! A failed render shows its error above the last good pages.
//! `diff`: render with two template sets and compare the pages pixel by pixel.

pub mod diff;
pub mod limits;
pub mod server;
mod session;
pub mod watch;
mod world;

use std::collections::HashMap;
use std::time::Instant;

pub use server::{PageSvg, Shared, Snapshot};
pub use session::{Problem, Session, StageTimes};

/// typst work (compiling, evicting its memo cache, SVG export) happens under this lock,
/// one thing at a time: a compile never competes with the page's SVG requests for the two
/// cores, and eviction never runs beside a memoized call. An edit converts one or two
/// pages (a few ms each), so nothing is lost in practice.
static TYPST: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn typst_lock() -> std::sync::MutexGuard<'static, ()> {
    TYPST.lock().unwrap_or_else(|e| e.into_inner())
}

/// Old memo-cache entries are dropped after this many renders without use.
const EVICT_AGE: usize = 10;

/// The render loop's memory: every page by layout hash, so that only pages whose layout
/// changed are converted to SVG again.
#[derive(Default)]
pub struct Live {
    version: u64,
    known: HashMap<String, PageSvg>,
    pages: Vec<PageSvg>,
}

impl Live {
    /// Renders, converts the changed pages and publishes; returns the log line (version,
    /// pages, stage timings, or why the render failed).
    pub fn update(&mut self, session: &mut Session, shared: &Shared, t0: Instant) -> String {
        let (result, times) = {
            let _typst = typst_lock();
            session.render()
        };
        self.version += 1;
        let t = Instant::now();
        let mut changed = 0;
        let problem = match result {
            Ok(doc) => {
                let mut next = HashMap::new();
                let mut pages = Vec::new();
                for page in doc.pages() {
                    let hash = format!("{:032x}", typst::utils::hash128(page));
                    let pg = match self.known.get(&hash) {
                        Some(p) => p.clone(),
                        None => {
                            changed += 1;
                            PageSvg::new(hash.clone(), page.clone())
                        }
                    };
                    next.insert(hash, pg.clone());
                    pages.push(pg);
                }
                self.known = next;
                self.pages = pages;
                None
            }
            Err(p) => Some(p.to_string()),
        };
        let svg_time = t.elapsed();
        let timings = format!(
            "{times}，分页比较 {:.1} ms（{changed}页有变化），合计 {:.1} ms",
            svg_time.as_secs_f64() * 1000.0,
            t0.elapsed().as_secs_f64() * 1000.0
        );
        let log = match &problem {
            Some(p) => format!("第{}版失败（保留上一版页面）：{p}", self.version),
            None => format!("第{}版：{}页；{timings}", self.version, self.pages.len()),
        };
        shared.publish(Snapshot {
            version: self.version,
            pages: self.pages.clone(),
            problem,
            timings,
        });
        // After publishing, so that eviction never delays the event (the page's SVG
        // requests wait for it: it takes well under a millisecond).
        let _typst = typst_lock();
        comemo::evict(EVICT_AGE);
        log
    }
}
