//! The preview's web server (tiny_http): the page, its state as JSON, each page as SVG
//! by content hash, and a server-sent-events stream that announces every new version.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Duration;

use serde::Serialize;
use tiny_http::{Header, Request, Response, Server};

/// One laid-out page: the hash of its layout, the page, and its SVG once asked for.
/// Converting is left to the request (in parallel, one thread per request), so that the
/// event goes out as soon as the layout is done.
#[derive(Debug, Clone)]
pub struct PageSvg {
    pub hash: String,
    pub page: Arc<typst_layout::Page>,
    pub svg: Arc<OnceLock<String>>,
}

impl PageSvg {
    pub fn new(hash: String, page: typst_layout::Page) -> PageSvg {
        PageSvg {
            hash,
            page: Arc::new(page),
            svg: Arc::new(OnceLock::new()),
        }
    }

    /// The page as SVG (converted on first use).
    pub fn svg(&self) -> &str {
        self.svg.get_or_init(|| {
            let t = std::time::Instant::now();
            let svg = typst_svg::svg(&self.page, &typst_svg::SvgOptions::default());
            eprintln!(
                "第{}页转为 SVG：{:.1} ms",
                self.page.number,
                t.elapsed().as_secs_f64() * 1000.0
            );
            svg
        })
    }
}

/// What the page shows: the last good pages and, when the last render failed, why.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Bumped on every render, good or bad.
    pub version: u64,
    pub pages: Vec<PageSvg>,
    pub problem: Option<String>,
    /// Stage timings of the last render, for the status line.
    pub timings: String,
}

/// The snapshot shared between the render loop and the request threads.
#[derive(Default)]
pub struct Shared {
    state: Mutex<Snapshot>,
    changed: Condvar,
}

impl Shared {
    /// A copy of the current snapshot.
    pub fn get(&self) -> Snapshot {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the snapshot and wakes every event stream.
    pub fn publish(&self, snap: Snapshot) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = snap;
        self.changed.notify_all();
    }

    /// Waits until the version differs from `seen` (or the timeout passes); returns the
    /// current version.
    fn wait_change(&self, seen: u64, timeout: Duration) -> u64 {
        let guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.version == seen)
            .unwrap_or_else(|e| e.into_inner());
        guard.version
    }
}

const PAGE: &str = include_str!("page.html");

#[derive(Serialize)]
struct StateJson<'a> {
    version: u64,
    pages: Vec<&'a str>,
    problem: Option<&'a str>,
    timings: &'a str,
}

/// Binds `addr` and serves on background threads; returns the bound address.
pub fn start(addr: &str, shared: Arc<Shared>) -> Result<std::net::SocketAddr, String> {
    let server = Server::http(addr).map_err(|e| format!("无法监听 {addr}：{e}"))?;
    let bound = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| format!("无法监听 {addr}：不是 IP 地址"))?;
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let shared = shared.clone();
            // One thread per request: event streams stay open for as long as the page.
            std::thread::spawn(move || handle(req, &shared));
        }
    });
    Ok(bound)
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn handle(req: Request, shared: &Shared) {
    let path = req.url().split('?').next().unwrap_or("").to_string();
    let no_store = header("Cache-Control", "no-store");
    let result = match path.as_str() {
        "/" | "/index.html" => req.respond(
            Response::from_string(PAGE)
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
                .with_header(no_store),
        ),
        "/state" => {
            let snap = shared.get();
            let json = serde_json::to_string(&StateJson {
                version: snap.version,
                pages: snap.pages.iter().map(|p| p.hash.as_str()).collect(),
                problem: snap.problem.as_deref(),
                timings: &snap.timings,
            })
            .unwrap_or_default();
            req.respond(
                Response::from_string(json)
                    .with_header(header("Content-Type", "application/json; charset=utf-8"))
                    .with_header(no_store),
            )
        }
        "/events" => {
            events(req, shared);
            Ok(())
        }
        p if p.starts_with("/page/") && p.ends_with(".svg") => {
            let hash = &p["/page/".len()..p.len() - ".svg".len()];
            let snap = shared.get();
            match snap.pages.iter().find(|pg| pg.hash == hash) {
                // Content-addressed: the same hash is always the same SVG.
                Some(pg) => req.respond(
                    Response::from_string(pg.svg())
                        .with_header(header("Content-Type", "image/svg+xml"))
                        .with_header(header("Cache-Control", "max-age=3600")),
                ),
                None => req.respond(Response::from_string("该页已不存在").with_status_code(404)),
            }
        }
        _ => req.respond(Response::from_string("未找到").with_status_code(404)),
    };
    let _ = result;
}

/// Server-sent events: `data: <version>` now and after every render, a comment line as
/// keep-alive. Ends when the browser goes away.
fn events(req: Request, shared: &Shared) {
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if w.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut seen = shared.get().version;
    if write!(w, "data: {seen}\n\n").and_then(|_| w.flush()).is_err() {
        return;
    }
    loop {
        let v = shared.wait_change(seen, Duration::from_secs(15));
        let msg = if v == seen {
            ": 保持连接\n\n".to_string()
        } else {
            seen = v;
            format!("data: {v}\n\n")
        };
        if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
}
