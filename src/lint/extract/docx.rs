//! .docx: a zip whose `word/document.xml` holds the body. Paragraphs become lines, table
//! rows become one line with the cells separated by tabs (in row order), and Word's page
//! breaks (explicit ones and the `lastRenderedPageBreak` marks Word leaves where it last
//! broke pages) start a new page.

use std::io::{Cursor, Read};

use roxmltree::{Document, Node};

use super::{ExtractError, Extracted};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ExtractError::Invalid(format!("不是有效的 .docx（zip）文件：{e}")))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|_| ExtractError::Invalid(".docx 中没有 word/document.xml".into()))?
        .read_to_string(&mut xml)
        .map_err(|e| ExtractError::Invalid(format!(".docx 正文无法读取：{e}")))?;
    let doc = Document::parse(&xml)
        .map_err(|e| ExtractError::Invalid(format!(".docx 正文不是有效的 XML：{e}")))?;
    let body = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "body")))
        .ok_or_else(|| ExtractError::Invalid(".docx 中没有正文".into()))?;
    let mut out = Pages::default();
    for child in body.children().filter(Node::is_element) {
        block(child, &mut out);
    }
    let paged = out.pages.len() > 1;
    Ok(Extracted {
        pages: out.finish(),
        paged,
        method: ".docx（word/document.xml）".into(),
    })
}

#[derive(Default)]
struct Pages {
    pages: Vec<String>,
    current: String,
}

impl Pages {
    fn line(&mut self, s: &str) {
        self.current.push_str(s);
        self.current.push('\n');
    }
    fn page_break(&mut self) {
        if !self.current.trim().is_empty() {
            self.pages.push(std::mem::take(&mut self.current));
        }
    }
    fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() || self.pages.is_empty() {
            self.pages.push(self.current);
        }
        self.pages
    }
}

fn block(node: Node, out: &mut Pages) {
    match node.tag_name().name() {
        "p" => paragraph(node, out),
        "tbl" => {
            for row in node.children().filter(|n| n.has_tag_name((W, "tr"))) {
                let cells: Vec<String> = row
                    .children()
                    .filter(|n| n.has_tag_name((W, "tc")))
                    .map(|c| {
                        let mut cell = Pages::default();
                        for b in c.children().filter(Node::is_element) {
                            block(b, &mut cell);
                        }
                        cell.finish().concat().replace(['\n', '\t'], "")
                    })
                    .collect();
                out.line(&cells.join("\t"));
            }
        }
        "sdt" => {
            for c in node
                .descendants()
                .filter(|n| n.has_tag_name((W, "sdtContent")))
                .take(1)
            {
                for b in c.children().filter(Node::is_element) {
                    block(b, out);
                }
            }
        }
        _ => {}
    }
}

fn paragraph(p: Node, out: &mut Pages) {
    let mut text = String::new();
    for n in p.descendants() {
        if !n.is_element() || n.tag_name().namespace() != Some(W) {
            continue;
        }
        match n.tag_name().name() {
            "t" => text.push_str(n.text().unwrap_or("")),
            "tab" if n.parent().is_some_and(|r| r.has_tag_name((W, "r"))) => text.push('\t'),
            "br" if n.attribute((W, "type")) == Some("page") => {
                out.line(&std::mem::take(&mut text));
                out.page_break();
            }
            "br" | "cr" => text.push('\n'),
            "lastRenderedPageBreak" => {
                out.line(&std::mem::take(&mut text));
                out.page_break();
            }
            _ => {}
        }
    }
    out.line(&text);
}
