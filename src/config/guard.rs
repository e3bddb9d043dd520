//! Output over input: an output path that is one of the run's inputs (the data file, a
//! template, a font) is refused before any work starts, so `build a.yaml -o a.yaml` can
//! never replace the data with a PDF. Paths are compared canonicalized (`./a.yaml`,
//! `dir/../a.yaml` and a symlink to it are the same file).

use std::path::{Path, PathBuf};

/// The files a run reads, by kind.
#[derive(Debug, Default)]
pub struct Inputs {
    files: Vec<(PathBuf, &'static str)>,
}

impl Inputs {
    /// The data files, every file under the template folder and in the font folder.
    pub fn of(data: &[&Path], templates: Option<&Path>, font_dir: Option<&Path>) -> Inputs {
        let mut files = Vec::new();
        for d in data {
            if let Ok(p) = d.canonicalize() {
                files.push((p, "数据文件"));
            }
        }
        for (dir, kind) in [(templates, "模板"), (font_dir, "字体")] {
            let Some(dir) = dir else { continue };
            let mut stack = vec![dir.to_path_buf()];
            while let Some(d) = stack.pop() {
                let Ok(rd) = std::fs::read_dir(&d) else {
                    continue;
                };
                for e in rd.flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if let Ok(c) = p.canonicalize() {
                        files.push((c, kind));
                    }
                }
            }
        }
        Inputs { files }
    }

    /// An error naming the first output that is an input.
    pub fn refuse(&self, outputs: &[&Path]) -> Result<(), String> {
        for out in outputs {
            let Some(c) = canonical_target(out) else {
                continue;
            };
            if let Some((_, kind)) = self.files.iter().find(|(p, _)| *p == c) {
                return Err(format!(
                    "输出文件 {} 就是输入的{kind}，写入会覆盖它；请换一个输出路径（未做任何处理）",
                    out.display()
                ));
            }
        }
        Ok(())
    }
}

/// The canonical path an output would be written to: the file's own when it exists,
/// else its canonical folder joined with its name (`None` when the folder does not exist
/// either: then it is no existing input).
fn canonical_target(out: &Path) -> Option<PathBuf> {
    if let Ok(c) = out.canonicalize() {
        return Some(c);
    }
    let name = out.file_name()?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    parent.canonicalize().ok().map(|p| p.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_file_by_another_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("tpl/part2")).unwrap();
        std::fs::write(d.join("a.yaml"), "x").unwrap();
        std::fs::write(d.join("tpl/part2/x.typ"), "x").unwrap();
        let inputs = Inputs::of(&[&d.join("a.yaml")], Some(&d.join("tpl")), None);
        let err = inputs
            .refuse(&[&d.join("out.pdf"), &d.join("tpl/../a.yaml")])
            .unwrap_err();
        assert!(err.contains("数据文件"), "{err}");
        assert!(inputs
            .refuse(&[&d.join("tpl/part2/x.typ")])
            .unwrap_err()
            .contains("模板"));
        assert!(inputs
            .refuse(&[&d.join("b.pdf"), &d.join("no/such/dir/a.yaml")])
            .is_ok());
    }
}
