//! What a file really is, from its bytes: the 决算 software and e-mail chains hand out
//! ".xls" files that are HTML pages, SpreadsheetML 2003 XML, encrypted workbooks or
//! other documents. calamine reads the real workbooks; for the rest we say exactly what
//! the file is and how to re-save it.

use crate::diag::Finding;

/// A workbook format calamine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// BIFF8 `.xls` (an OLE compound file with a `Workbook` or `Book` stream).
    Xls,
    /// Office Open XML `.xlsx` / `.xlsm`.
    Xlsx,
    /// Binary `.xlsb`.
    Xlsb,
    /// OpenDocument `.ods`.
    Ods,
}

const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const RESAVE: &str = "请用 Excel 或 WPS 打开该文件，“另存为” Excel 工作簿（*.xlsx）或 Excel 97-2003 工作簿（*.xls）后再导入";

/// Decides the format of `bytes`, or explains why they are not a workbook we can read.
pub fn sniff(bytes: &[u8]) -> Result<Format, Finding> {
    if bytes.is_empty() {
        return Err(Finding::error(
            "I001",
            "",
            "文件是空的（0 字节），不是工作簿",
        ));
    }
    if bytes.starts_with(CFB_MAGIC) {
        return sniff_cfb(bytes);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return sniff_zip(bytes);
    }
    let head = text_head(bytes);
    let lower = head.to_ascii_lowercase();
    if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") || lower.contains("<workbook")
    {
        return Err(Finding::error(
            "I001",
            "",
            "文件是 SpreadsheetML 2003 XML 格式（“XML 电子表格 2003”），扩展名虽是 .xls，但不是 Excel 工作簿，无法直接读取",
        )
        .help(RESAVE));
    }
    if lower.contains("<html")
        || lower.contains("<!doctype html")
        || lower.contains("<table")
        || lower.contains("<meta")
    {
        return Err(Finding::error(
            "I001",
            "",
            "文件是网页（HTML）格式：决算软件或网页“导出 Excel”时常生成这种扩展名为 .xls 的网页文件，它不是 Excel 工作簿，无法直接读取",
        )
        .help(RESAVE));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(Finding::error("I001", "", "文件是 PDF 文档，不是工作簿")
            .help("请从决算软件导出 Excel 格式的报表"));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(Finding::error("I001", "", "文件是 RTF 文档，不是工作簿").help(RESAVE));
    }
    if looks_like_text(bytes) {
        return Err(Finding::error(
            "I001",
            "",
            "文件是纯文本（可能是 CSV 或制表符分隔的文本），不是 Excel 工作簿",
        )
        .help(RESAVE));
    }
    Err(Finding::error(
        "I001",
        "",
        "无法识别的文件格式：不是 Excel 工作簿（.xls/.xlsx）、WPS 表格或 OpenDocument 表格",
    )
    .help("请确认选择的是决算软件导出的报表文件"))
}

/// An OLE compound file: a BIFF .xls, an encrypted OOXML workbook, or another document.
fn sniff_cfb(bytes: &[u8]) -> Result<Format, Finding> {
    if contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo") {
        return Err(encrypted());
    }
    if contains_utf16(bytes, "Workbook") || contains_utf16(bytes, "Book") {
        return Ok(Format::Xls);
    }
    let what = if contains_utf16(bytes, "WordDocument") {
        "Word 文档（.doc）"
    } else if contains_utf16(bytes, "PowerPoint Document") {
        "PowerPoint 演示文稿（.ppt）"
    } else {
        "OLE 复合文档，但其中没有工作簿数据流（Workbook）"
    };
    Err(Finding::error("I001", "", format!("文件是{what}，不是 Excel 工作簿")).help(RESAVE))
}

/// The message for a password-protected workbook.
pub fn encrypted() -> Finding {
    Finding::error("I002","", "工作簿设置了打开密码（已加密），无法读取").help(
        "请在 Excel 或 WPS 中输入密码打开，在“文件 → 信息 → 保护工作簿 → 用密码进行加密”中清除密码后另存，再导入",
    )
}

/// A zip archive: xlsx, ods, or something else (docx, a zip of several files).
fn sniff_zip(bytes: &[u8]) -> Result<Format, Finding> {
    let names = zip_names(bytes);
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("xl/workbook.xml") {
        return Ok(Format::Xlsx);
    }
    if has("xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if contains(bytes, b"application/vnd.oasis.opendocument.spreadsheet") {
        return Ok(Format::Ods);
    }
    let what = if has("word/document.xml") {
        "Word 文档（.docx）".to_string()
    } else if has("ppt/presentation.xml") {
        "PowerPoint 演示文稿（.pptx）".to_string()
    } else if contains(bytes, b"application/vnd.oasis.opendocument.text") {
        "OpenDocument 文本文档（.odt）".to_string()
    } else {
        let mut list: Vec<&str> = names.iter().map(String::as_str).take(5).collect();
        if list.is_empty() {
            list.push("（无法读出文件名）");
        }
        format!("zip 压缩包（内含 {} 等），不是工作簿", list.join("、"))
    };
    Err(Finding::error("I001", "", format!("文件是{what}"))
        .help("如果压缩包里有决算报表，请先解压，再导入其中的 .xls 或 .xlsx 文件"))
}

/// File names of a zip archive, from its local headers (no decompression).
fn zip_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut i = 0;
    while i + 30 <= bytes.len() && names.len() < 200 {
        if &bytes[i..i + 4] != b"PK\x03\x04" {
            // Skip to the next local header (data descriptors, central directory).
            match find(&bytes[i + 1..], b"PK\x03\x04") {
                Some(k) => {
                    i += 1 + k;
                    continue;
                }
                None => break,
            }
        }
        let n = u16::from_le_bytes([bytes[i + 26], bytes[i + 27]]) as usize;
        let start = i + 30;
        if start + n > bytes.len() {
            break;
        }
        names.push(String::from_utf8_lossy(&bytes[start..start + n]).into_owned());
        i = start + n;
    }
    names
}

fn text_head(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if head.starts_with(b"\xFF\xFE") {
        let u: Vec<u16> = head[2..]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&u);
    }
    String::from_utf8_lossy(head).into_owned()
}

fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    if head.contains(&0) {
        return false;
    }
    std::str::from_utf8(head).is_ok() || !encoding_rs::GBK.decode_without_bom_handling(head).1
}

fn contains_utf16(bytes: &[u8], s: &str) -> bool {
    let pat: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    contains(bytes, &pat)
}

fn contains(bytes: &[u8], pat: &[u8]) -> bool {
    find(bytes, pat).is_some()
}

fn find(bytes: &[u8], pat: &[u8]) -> Option<usize> {
    if pat.is_empty() || bytes.len() < pat.len() {
        return None;
    }
    bytes.windows(pat.len()).position(|w| w == pat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_disguised_files() {
        let html = b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><body><table><tr><td>1</td></tr></table></body></html>";
        let e = sniff(html).unwrap_err();
        assert!(e.message.contains("HTML"), "{e:?}");
        let xml = br#"<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>"#;
        let e = sniff(xml).unwrap_err();
        assert!(e.message.contains("SpreadsheetML 2003"), "{e:?}");
        assert!(e.help.unwrap().contains("另存为"));
        let e = sniff(b"a,b,c\n1,2,3\n").unwrap_err();
        assert!(e.message.contains("纯文本"), "{e:?}");
        assert!(sniff(b"").unwrap_err().message.contains("空的"));
    }

    #[test]
    fn recognises_compound_files() {
        let mut cfb = CFB_MAGIC.to_vec();
        cfb.extend(vec![0u8; 600]);
        let name =
            |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
        let mut enc = cfb.clone();
        enc.extend(name("EncryptionInfo"));
        enc.extend(name("EncryptedPackage"));
        assert_eq!(sniff(&enc).unwrap_err().code, "I002");
        let mut doc = cfb.clone();
        doc.extend(name("WordDocument"));
        assert!(sniff(&doc).unwrap_err().message.contains("Word"));
        let mut xls = cfb;
        xls.extend(name("Workbook"));
        assert_eq!(sniff(&xls).unwrap(), Format::Xls);
    }

    #[test]
    fn recognises_zip_contents() {
        let mut z = b"PK\x03\x04".to_vec();
        z.extend(vec![0u8; 22]);
        let n = "word/document.xml";
        z.extend((n.len() as u16).to_le_bytes());
        z.extend([0, 0]);
        z.extend(n.as_bytes());
        assert!(sniff(&z).unwrap_err().message.contains("Word"));
    }
}
