//! The preview's web server: the page, its state as JSON, each page as SVG
//! by content hash, and a server-sent-events stream that announces every new version.

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Duration;

use serde::Serialize;

use super::limits::{read_request, Limits, Refused, Registry, Ticket};

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
            let _typst = super::typst_lock();
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
///
/// A plain `std::net` server, one thread per connection: tiny_http 0.12's task pool can
/// leave a keep-alive connection unserved when two arrive at once (seen here as page
/// requests that never got an answer), and a preview has one browser as its client.
pub fn start(addr: &str, shared: Arc<Shared>) -> Result<std::net::SocketAddr, String> {
    start_with(addr, shared, Limits::default())
}

/// `start` with the given limits (see `limits`).
pub fn start_with(
    addr: &str,
    shared: Arc<Shared>,
    limits: Limits,
) -> Result<std::net::SocketAddr, String> {
    let listener = TcpListener::bind(addr).map_err(|e| format!("无法监听 {addr}：{e}"))?;
    let bound = listener
        .local_addr()
        .map_err(|e| format!("无法监听 {addr}：{e}"))?;
    let registry = Arc::new(Registry::default());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let Some(ticket) = registry.admit(&stream, limits.max_connections) else {
                let _ = stream.set_write_timeout(Some(limits.write));
                let _ = respond(
                    &mut stream,
                    503,
                    "text/plain; charset=utf-8",
                    "no-store",
                    "服务繁忙".as_bytes(),
                );
                continue;
            };
            let shared = shared.clone();
            std::thread::spawn(move || connection(stream, &shared, &limits, &ticket));
        }
    });
    Ok(bound)
}

/// Serves the requests of one keep-alive connection, in order.
fn connection(stream: TcpStream, shared: &Shared, limits: &Limits, ticket: &Ticket) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(limits.write));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut w = stream;
    loop {
        ticket.busy(false);
        let req = match read_request(&mut reader, limits) {
            Ok(r) => r,
            Err(Refused::Gone) => return,
            Err(Refused::Status(code)) => {
                let _ = respond(
                    &mut w,
                    code,
                    "text/plain; charset=utf-8",
                    "no-store",
                    "请求过大".as_bytes(),
                );
                return;
            }
        };
        ticket.busy(true);
        if req.method != "GET" && req.method != "HEAD" {
            if respond(
                &mut w,
                405,
                "text/plain; charset=utf-8",
                "no-store",
                "只支持 GET".as_bytes(),
            )
            .is_err()
            {
                return;
            }
            continue;
        }
        if req.path == "/events" {
            // A long-lived stream: may be closed to make room for new connections.
            ticket.busy(false);
            events(w, shared);
            return;
        }
        if route(&mut w, &req.path, shared).is_err() {
            return;
        }
    }
}

fn respond(
    w: &mut TcpStream,
    status: u16,
    ctype: &str,
    cache: &str,
    body: &[u8],
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Method Not Allowed",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: {cache}\r\n\r\n",
        body.len()
    );
    w.write_all(head.as_bytes())?;
    w.write_all(body)?;
    w.flush()
}

fn route(w: &mut TcpStream, path: &str, shared: &Shared) -> std::io::Result<()> {
    match path {
        "/" | "/index.html" => respond(
            w,
            200,
            "text/html; charset=utf-8",
            "no-store",
            PAGE.as_bytes(),
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
            respond(
                w,
                200,
                "application/json; charset=utf-8",
                "no-store",
                json.as_bytes(),
            )
        }
        "/font/hei.otf" => {
            // The bundled 黑体, so that Chinese text shows on machines without CJK fonts.
            let hei = crate::fonts::BUNDLED
                .iter()
                .find(|(n, _)| *n == "FandolHei-Regular.otf")
                .map(|(_, b)| *b)
                .unwrap_or_default();
            respond(w, 200, "font/otf", "max-age=3600", hei)
        }
        p if p.starts_with("/page/") && p.ends_with(".svg") => {
            let hash = &p["/page/".len()..p.len() - ".svg".len()];
            let page = shared.get().pages.into_iter().find(|pg| pg.hash == hash);
            match page {
                // Content-addressed: the same hash is always the same SVG.
                Some(pg) => respond(w, 200, "image/svg+xml", "max-age=3600", pg.svg().as_bytes()),
                None => respond(
                    w,
                    404,
                    "text/plain; charset=utf-8",
                    "no-store",
                    "该页已不存在".as_bytes(),
                ),
            }
        }
        _ => respond(
            w,
            404,
            "text/plain; charset=utf-8",
            "no-store",
            "未找到".as_bytes(),
        ),
    }
}

/// Server-sent events: `data: <version>` now and after every render, a comment line as
/// keep-alive. Ends when the browser goes away.
fn events(mut w: TcpStream, shared: &Shared) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
    if w.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut seen = shared.get().version;
    if write!(w, "data: {seen}\n\n")
        .and_then(|_| w.flush())
        .is_err()
    {
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
