//! What one client may cost the preview server: a request line, headers and no body of
//! bounded size, read within a time limit; idle connections closed; a bounded number of
//! connections open at once. A 1 GB request line or 10,000 idle local sockets used to
//! cost 1 GB of memory or stop the server answering.
//!
//! When all connection slots are taken, a new connection closes the one idle longest
//! (a browser reopens a closed keep-alive connection, and its event stream reconnects),
//! so a flood of idle sockets cannot lock the browser out.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The server's limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest request line (bytes).
    pub max_line: usize,
    /// Most header bytes of one request.
    pub max_headers: usize,
    /// Most header lines of one request.
    pub max_header_lines: usize,
    /// A connection with no request coming is closed after this long.
    pub idle: Duration,
    /// A started request must be complete (line and headers) within this.
    pub request: Duration,
    /// A response that the client does not read is given up after this.
    pub write: Duration,
    /// Connections open at once (event streams included).
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_line: 8 * 1024,
            max_headers: 32 * 1024,
            max_header_lines: 100,
            idle: Duration::from_secs(30),
            request: Duration::from_secs(10),
            write: Duration::from_secs(30),
            max_connections: 64,
        }
    }
}

/// A request the routes can answer: a body-less GET or HEAD (or another method, refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path without its query.
    pub path: String,
}

/// Why a request was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The client closed the connection, went idle too long or sent too slowly.
    Gone,
    /// An answer, then close: 413 (a body), 414 (request line), 431 (headers).
    Status(u16),
}

/// Reads one request's line and headers within the limits.
pub fn read_request(
    reader: &mut BufReader<TcpStream>,
    limits: &Limits,
) -> Result<Request, Refused> {
    let _ = reader.get_ref().set_read_timeout(Some(limits.idle));
    let line = read_line(reader, limits.max_line).map_err(|e| e.or(414))?;
    let deadline = Instant::now() + limits.request;
    let mut header_bytes = 0;
    let mut body = false;
    for _ in 0..=limits.max_header_lines {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Refused::Gone);
        }
        let _ = reader.get_ref().set_read_timeout(Some(left));
        let h = read_line(
            reader,
            limits.max_headers - header_bytes.min(limits.max_headers),
        )
        .map_err(|e| e.or(431))?;
        header_bytes += h.len();
        if h.trim().is_empty() {
            if body {
                return Err(Refused::Status(413));
            }
            let mut parts = line.split_whitespace();
            let method = parts.next().unwrap_or("").to_string();
            let path = parts.next().unwrap_or("/");
            let path = path.split('?').next().unwrap_or("/").to_string();
            return Ok(Request { method, path });
        }
        let (name, value) = h.split_once(':').unwrap_or((&h, ""));
        let name = name.trim().to_ascii_lowercase();
        body |= name == "transfer-encoding"
            || (name == "content-length" && value.trim().parse::<u64>() != Ok(0));
    }
    Err(Refused::Status(431))
}

/// Why a line was not read: gone, or longer than allowed.
enum LineError {
    Gone,
    TooLong,
}

impl LineError {
    fn or(self, status: u16) -> Refused {
        match self {
            LineError::Gone => Refused::Gone,
            LineError::TooLong => Refused::Status(status),
        }
    }
}

/// One `\n`-terminated line of at most `max` bytes, never buffering more.
fn read_line(reader: &mut BufReader<TcpStream>, max: usize) -> Result<String, LineError> {
    let mut buf = Vec::new();
    match reader
        .by_ref()
        .take(max as u64 + 1)
        .read_until(b'\n', &mut buf)
    {
        Ok(0) | Err(_) => Err(LineError::Gone),
        Ok(_) if buf.ends_with(b"\n") => Ok(String::from_utf8_lossy(&buf).into_owned()),
        Ok(_) if buf.len() > max => Err(LineError::TooLong),
        Ok(_) => Err(LineError::Gone),
    }
}

/// The open connections, for the bound and for closing the longest idle one.
#[derive(Default)]
pub struct Registry {
    next: AtomicU64,
    open: Mutex<BTreeMap<u64, Slot>>,
}

struct Slot {
    stream: TcpStream,
    /// Since when the connection has waited for a request; `None` while answering one.
    idle_since: Option<Instant>,
}

/// A connection's place in the registry; dropping it frees the place.
pub struct Ticket {
    id: u64,
    registry: Arc<Registry>,
}

impl Registry {
    /// Takes a place for `stream`, closing the longest-idle connection when all are
    /// taken; `None` when every connection is busy answering.
    pub fn admit(self: &Arc<Self>, stream: &TcpStream, max: usize) -> Option<Ticket> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.len() >= max {
            let oldest = open
                .iter()
                .filter_map(|(id, s)| s.idle_since.map(|t| (t, *id)))
                .min()
                .map(|(_, id)| id)?;
            if let Some(slot) = open.remove(&oldest) {
                let _ = slot.stream.shutdown(Shutdown::Both);
            }
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        open.insert(
            id,
            Slot {
                stream: stream.try_clone().ok()?,
                idle_since: Some(Instant::now()),
            },
        );
        Some(Ticket {
            id,
            registry: self.clone(),
        })
    }

    /// Connections open now.
    pub fn len(&self) -> usize {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether no connection is open.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Ticket {
    /// Marks the connection as answering (not to be closed) or waiting (may be).
    pub fn busy(&self, busy: bool) {
        let mut open = self.registry.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = open.get_mut(&self.id) {
            s.idle_since = if busy { None } else { Some(Instant::now()) };
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut open = self.registry.open.lock().unwrap_or_else(|e| e.into_inner());
        open.remove(&self.id);
    }
}

/// The warning (Chinese) to print when the server listens beyond this machine.
pub fn exposure_warning(addr: &SocketAddr) -> Option<String> {
    (!addr.ip().is_loopback()).then(|| format!(
        "警告：预览服务监听 {addr}，不只本机可以访问：同一网络中的任何人都能看到报告的全部内容，且服务没有登录与加密。只在本机预览时请用默认的 127.0.0.1。"
    ))
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::sync::Arc;
    use std::time::Duration;

    use super::super::server::{start_with, Shared};
    use super::*;

    fn server(limits: Limits) -> SocketAddr {
        start_with("127.0.0.1:0", Arc::new(Shared::default()), limits).unwrap()
    }

    fn connect(addr: SocketAddr) -> TcpStream {
        let s = TcpStream::connect(addr).unwrap();
        // A guard against a hanging test, not a measurement.
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s
    }

    /// Sends `request` and reads the answer until the server closes or stops.
    fn answer(addr: SocketAddr, request: &[u8]) -> String {
        let mut s = connect(addr);
        let _ = s.write_all(request);
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = s.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
            if out.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    fn state_ok(addr: SocketAddr) -> bool {
        answer(addr, b"GET /state HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 200")
    }

    #[test]
    fn oversized_requests_are_answered_and_closed() {
        let addr = server(Limits::default());
        // 1 MB request line: refused after 8 KB, never buffered whole.
        let mut line = b"GET /".to_vec();
        line.extend(std::iter::repeat_n(b'a', 1024 * 1024));
        assert!(answer(addr, &line).starts_with("HTTP/1.1 414"));
        let mut headers = b"GET / HTTP/1.1\r\n".to_vec();
        for i in 0..2000 {
            headers.extend(format!("X-{i}: {}\r\n", "v".repeat(40)).as_bytes());
        }
        assert!(answer(addr, &headers).starts_with("HTTP/1.1 431"));
        let post = b"POST /state HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
        assert!(answer(addr, post).starts_with("HTTP/1.1 413"));
        assert!(state_ok(addr), "the server still answers");
    }

    #[test]
    fn idle_connections_are_closed() {
        let addr = server(Limits {
            idle: Duration::from_millis(200),
            request: Duration::from_millis(200),
            ..Limits::default()
        });
        let mut s = connect(addr);
        // Nothing sent: the server closes (a read of 0 bytes) well before our guard.
        let mut buf = [0u8; 16];
        assert_eq!(s.read(&mut buf).unwrap_or(0), 0);
        // A request started but never finished is given up too.
        let mut s = connect(addr);
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
        assert_eq!(s.read(&mut buf).unwrap_or(0), 0);
    }

    #[test]
    fn a_flood_of_idle_sockets_cannot_lock_the_browser_out() {
        let limits = Limits {
            max_connections: 16,
            ..Limits::default()
        };
        let addr = server(limits);
        let idle: Vec<TcpStream> = (0..200).map(|_| connect(addr)).collect();
        assert!(state_ok(addr), "answered despite 200 idle sockets");
        // The oldest idle ones were closed to make room: at most 16 stay open.
        let closed = idle
            .iter()
            .take(150)
            .filter(|s| {
                let mut b = [0u8; 1];
                matches!((&**s).read(&mut b), Ok(0) | Err(_))
            })
            .count();
        assert_eq!(closed, 150);
    }
}
