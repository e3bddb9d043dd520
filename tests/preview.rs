//! `juesuan preview` for real: the server runs on a copy of the example with an exported
//! template folder, headless Chromium loads the page, and the test drives it over the
//! DevTools protocol. Editing a template must change the shown page without a reload
//! (a nonce set at page load stays the same); broken templates, typst errors and data
//! errors must show on the page with their file and line, over the last good pages.
//!
//! Chromium is required: CI installs it (`apt-get install chromium`). Without it the
//! test fails, it does not skip.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Kills the child process when the test ends, however it ends.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromium() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!("Chromium is not installed: `apt-get install -y chromium` (CI installs it)");
}

/// Starts `juesuan preview`; returns the process and the page URL it printed.
fn start_preview(
    data: &Path,
    templates: &Path,
) -> (Guard, String, std::sync::mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args([
            "preview",
            data.to_str().unwrap(),
            "--templates",
            templates.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start juesuan preview");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let guard = Guard(child);
    // The server's log, kept for failure messages.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    let url = first
        .trim()
        .strip_prefix("预览地址：")
        .unwrap_or_else(|| panic!("no URL printed: {first:?}"))
        .to_string();
    (guard, url, rx)
}

/// A page target of headless Chromium, driven over its DevTools websocket.
struct Browser {
    _process: Guard,
    _profile: tempfile::TempDir,
    ws: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next_id: u64,
}

impl Browser {
    fn open(url: &str) -> Browser {
        let profile = common::tempdir();
        let child = Command::new(chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
                "--window-size=1000,1400",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        let process = Guard(child);
        // Chromium writes the port it chose into the profile folder.
        let port_file = profile.path().join("DevToolsActivePort");
        let port = wait_for(Duration::from_secs(30), || {
            std::fs::read_to_string(&port_file)
                .ok()
                .and_then(|t| t.lines().next().and_then(|l| l.trim().parse::<u16>().ok()))
        })
        .expect("Chromium did not open its DevTools port");
        let ws_url = wait_for(Duration::from_secs(30), || {
            let list: Value = serde_json::from_str(&http_get(port, "/json/list")?).ok()?;
            list.as_array()?
                .iter()
                .find(|t| {
                    t["type"] == "page" && t["url"].as_str().is_some_and(|u| u.starts_with(url))
                })
                .and_then(|t| {
                    t["id"]
                        .as_str()
                        .map(|id| format!("ws://127.0.0.1:{port}/devtools/page/{id}"))
                })
        })
        .expect("no page target for the preview");
        let (ws, _) = tungstenite::connect(ws_url.as_str()).expect("DevTools websocket");
        Browser {
            _process: process,
            _profile: profile,
            ws,
            next_id: 1,
        }
    }

    /// Sends a DevTools command and returns its result.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let msg = json!({"id": id, "method": method, "params": params}).to_string();
        self.ws
            .send(tungstenite::Message::text(msg))
            .expect("send to Chromium");
        loop {
            let m = self.ws.read().expect("read from Chromium");
            if let tungstenite::Message::Text(t) = m {
                let v: Value = serde_json::from_str(t.as_str()).unwrap();
                if v["id"] == id {
                    return v["result"].clone();
                }
            }
        }
    }

    /// Evaluates a JavaScript expression in the page and returns its JSON value.
    fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expr, "returnByValue": true}),
        );
        r["result"]["value"].clone()
    }

    /// What the page shows now.
    fn snapshot(&mut self) -> Shown {
        let v = self.eval(
            "JSON.stringify({nonce: window.previewNonce || null, version: window.previewVersion ?? -1, \
             problem: document.getElementById('problem').hidden ? null : document.getElementById('problem').textContent, \
             shown_at: window.previewShownAt || 0, error: window.previewLastError || null, \
             pages: [...document.querySelectorAll('#pages .page')].map(d => [d.dataset.hash, d.firstElementChild && d.firstElementChild.tagName === 'svg' ? d.firstElementChild.childElementCount : 0, d.querySelectorAll('svg').length])})",
        );
        let v: Value = serde_json::from_str(v.as_str().unwrap_or("{}")).unwrap_or(Value::Null);
        Shown {
            nonce: v["nonce"].as_str().unwrap_or("").to_string(),
            version: v["version"].as_i64().unwrap_or(-1),
            problem: v["problem"].as_str().map(str::to_string),
            shown_at: v["shown_at"].as_f64().unwrap_or(0.0),
            error: v["error"].as_str().map(str::to_string),
            pages: v["pages"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|p| {
                            (
                                p[0].as_str().unwrap_or("").to_string(),
                                p[1].as_u64().unwrap_or(0),
                                p[2].as_u64().unwrap_or(0),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone)]
struct Shown {
    nonce: String,
    version: i64,
    problem: Option<String>,
    /// When the page put this version on screen (ms since the epoch, browser clock).
    shown_at: f64,
    /// The last failed request of the page, if any.
    error: Option<String>,
    /// (layout hash, child elements of the inline SVG, number of <svg> elements) per page.
    pages: Vec<(String, u64, u64)>,
}

fn epoch_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

fn wait_for<T>(limit: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let t0 = Instant::now();
    while t0.elapsed() < limit {
        if let Some(v) = f() {
            return Some(v);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

/// A GET over HTTP/1.1 (Chromium's DevTools server ignores HTTP/1.0 and keeps the
/// connection open): reads the headers, then Content-Length bytes.
fn http_get(port: u16, path: &str) -> Option<String> {
    let s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut w = &s;
    write!(w, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut r = BufReader::new(&s);
    let mut len = 0usize;
    loop {
        let mut line = String::new();
        r.read_line(&mut line).ok()?;
        let l = line.trim();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse().ok()?;
            }
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    String::from_utf8(body).ok()
}

/// Waits until the page shows a state satisfying `ok`; panics with the server log if not.
fn until(
    b: &mut Browser,
    log: &std::sync::mpsc::Receiver<String>,
    what: &str,
    ok: impl Fn(&Shown) -> bool,
) -> (Shown, Duration) {
    let t0 = Instant::now();
    let mut last = None;
    let found = wait_for(Duration::from_secs(30), || {
        let s = b.snapshot();
        let good = ok(&s);
        last = Some(s.clone());
        good.then_some(s)
    });
    match found {
        Some(s) => (s, t0.elapsed()),
        None => {
            let server: Vec<String> = log.try_iter().collect();
            panic!(
                "page never showed {what}; last seen {last:?}\nserver log:\n{}",
                server.join("\n")
            );
        }
    }
}

/// Writes a file the way an editor does: the whole text at once.
fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(text)).unwrap();
}

/// Which pages (1-based) of a PDF contain `needle` (whitespace ignored).
/// The text of each page (whitespace removed).
fn page_texts(pdf: &Path, pages: usize) -> Vec<String> {
    (1..=pages).map(|p| common::page_text(pdf, p)).collect()
}

fn pages_with(pdf: &Path, needle: &str, pages: usize) -> Vec<usize> {
    page_texts(pdf, pages)
        .iter()
        .enumerate()
        .filter(|(_, t)| t.contains(needle))
        .map(|(i, _)| i + 1)
        .collect()
}

#[test]
fn preview_updates_the_open_page_and_shows_errors() {
    let dir = common::tempdir();
    let data = dir.path().join("unit.yaml");
    std::fs::copy(common::example(), &data).unwrap();
    let tpl = dir.path().join("tpl");
    let o = common::juesuan(&["templates", "export", tpl.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s01 = tpl.join("part2/s01-total.typ");
    let original = std::fs::read_to_string(&s01).unwrap();
    assert!(original.contains("== 一、收入支出决算总体情况说明"));

    let (_server, url, log) = start_preview(&data, &tpl);
    let mut b = Browser::open(&url);

    // 1. The first render shows every page, inline SVG.
    let (first, _) = until(&mut b, &log, "the first render", |s| {
        s.version >= 1 && !s.pages.is_empty() && s.pages.iter().all(|p| p.2 == 1 && p.1 > 0)
    });
    assert!(
        first.problem.is_none(),
        "unexpected problem: {:?}",
        first.problem
    );
    assert!(!first.nonce.is_empty());
    let n_pages = first.pages.len();

    // 2. A one-line template edit: the heading changes on the open page, no reload.
    std::thread::sleep(Duration::from_millis(300));
    let before_pdf = dir.path().join("before.pdf");
    let o = common::juesuan(&[
        "build",
        data.to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
        "-o",
        before_pdf.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let t_write = Instant::now();
    let written_at = epoch_ms();
    edit(&s01, |t| {
        t.replacen("总体情况说明", "总体情况说明（已修改）", 1)
    });
    let (edited, _) = until(&mut b, &log, "the edited heading", |s| {
        s.version > first.version && s.pages.len() == n_pages && s.pages != first.pages
    });
    let latency = t_write.elapsed();
    assert_eq!(
        edited.nonce, first.nonce,
        "the page was reloaded instead of updated"
    );
    assert!(edited.problem.is_none(), "{:?}", edited.problem);
    let changed: Vec<usize> = (0..n_pages)
        .filter(|&i| edited.pages[i].0 != first.pages[i].0)
        .map(|i| i + 1)
        .collect();
    // The pages that changed on screen are those whose text changed: the heading's page
    // (and the contents page, which repeats it).
    let pdf = dir.path().join("edited.pdf");
    let o = common::juesuan(&[
        "build",
        data.to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let with_heading = pages_with(&pdf, "总体情况说明（已修改）", n_pages);
    assert!(!with_heading.is_empty());
    // Every page with the new heading changed on screen, so did every page whose text
    // changed, and the rest stayed (a longer 目录 entry may also shift the next 目录
    // page's layout without changing its text, so one more page is allowed).
    let (old_text, new_text) = (page_texts(&before_pdf, n_pages), page_texts(&pdf, n_pages));
    let text_changed: Vec<usize> = (0..n_pages)
        .filter(|&i| old_text[i] != new_text[i])
        .map(|i| i + 1)
        .collect();
    assert!(
        with_heading
            .iter()
            .chain(&text_changed)
            .all(|p| changed.contains(p)),
        "changed on screen {changed:?}; new heading {with_heading:?}; text {text_changed:?}"
    );
    assert!(
        changed.len() <= text_changed.len() + 1,
        "only the edited pages may be swapped: {changed:?} vs {text_changed:?}"
    );
    eprintln!(
        "template edit → new render on screen after {:.0} ms (browser clock; seen by the test after {latency:?})",
        edited.shown_at - written_at
    );

    // 3. A broken template: its error (template name, line) over the last good pages.
    edit(&s01, |t| format!("{t}\n{{% if %}}\n"));
    let (broken, _) = until(&mut b, &log, "the template error", |s| s.problem.is_some());
    let problem = broken.problem.clone().unwrap();
    assert!(problem.contains("模板错误"), "{problem}");
    assert!(problem.contains("part2/s01-total.typ"), "{problem}");
    let bad_line = std::fs::read_to_string(&s01).unwrap().lines().count();
    assert!(
        problem.contains(&format!("{bad_line}:")),
        "line {bad_line} not named: {problem}"
    );
    assert_eq!(broken.pages, edited.pages, "the last good pages must stay");
    assert_eq!(broken.nonce, first.nonce);

    // 4. A typst error in a template: named with the generated line and the template.
    edit(&s01, |_| {
        original.replacen("总体情况说明", "总体情况说明 #no-such-function()", 1)
    });
    let (typst_err, _) = until(&mut b, &log, "the typst error", |s| {
        s.problem.as_deref().is_some_and(|p| p.contains("排版错误"))
    });
    let problem = typst_err.problem.unwrap();
    assert!(problem.contains("no-such-function"), "{problem}");
    assert!(problem.contains("生成的 Typst 源文件第"), "{problem}");
    assert!(
        problem.contains("可能来自模板 part2/s01-total.typ 第2行"),
        "{problem}"
    );
    assert_eq!(typst_err.pages, edited.pages);

    // 5. Fixed: the error goes, the pages are the original ones again.
    std::fs::write(&s01, &original).unwrap();
    let (fixed, _) = until(&mut b, &log, "the fixed render", |s| {
        s.problem.is_none() && s.pages == first.pages
    });
    assert_eq!(fixed.nonce, first.nonce);
    assert!(
        fixed.error.is_none(),
        "a request of the page failed: {:?}",
        fixed.error
    );

    // 6. A data error: the data file and line, pages kept.
    let data_text = std::fs::read_to_string(&data).unwrap();
    let line = data_text
        .lines()
        .position(|l| l.trim_start().starts_with("name:"))
        .expect("a name: line")
        + 1;
    edit(&data, |t| {
        t.lines()
            .enumerate()
            .map(|(i, l)| {
                if i + 1 == line {
                    format!("{l}\n  bogus_field: 1")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    });
    let (data_err, _) = until(&mut b, &log, "the data error", |s| s.problem.is_some());
    let problem = data_err.problem.unwrap();
    assert!(problem.contains("数据错误"), "{problem}");
    assert!(problem.contains("unit.yaml"), "{problem}");
    assert!(
        problem.contains(&format!("unit.yaml:{}", line + 1)),
        "line {} not named: {problem}",
        line + 1
    );
    assert_eq!(data_err.pages, first.pages);
    assert_eq!(data_err.nonce, first.nonce);
}

#[test]
fn preview_refuses_a_missing_template_folder() {
    let dir = common::tempdir();
    let o = common::juesuan(&[
        "preview",
        common::example().to_str().unwrap(),
        "--templates",
        dir.path().join("nope").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("模板目录"));
}
