//! A synthetic district: `cargo run --release --example synth -- N DIR [--seed S]
//! [--departments K] [--max-members M]` writes N valid, varied unit data files (and
//! `juesuan.yaml`) under DIR, and K 部门 of 1–M (default 30) member files each, with
//! internal transfers and their 调整表.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut pos = Vec::new();
    let mut seed = 1u64;
    let mut departments = 0usize;
    let mut max_members = 30usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut number = || -> u64 {
            it.next()
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| usage())
        };
        if a == "--seed" {
            seed = number();
        } else if a == "--departments" {
            departments = number() as usize;
        } else if a == "--max-members" {
            max_members = number() as usize;
        } else {
            pos.push(a.clone());
        }
    }
    let [n, dir] = &pos[..] else { usage() };
    let n: usize = n.parse().unwrap_or_else(|_| usage());
    let dir_path = std::path::Path::new(dir);
    let made = juesuan::batch::synth::generate(n, dir_path, seed).and_then(|units| {
        juesuan::batch::synth::generate_departments(departments, max_members, dir_path, seed)
            .map(|d| (units, d))
    });
    match made {
        Ok((files, depts)) => eprintln!(
            "已生成 {} 个单位的数据文件、{} 个部门（各含本级与所属单位）于 {dir}（种子 {seed}）",
            files.len(),
            depts.len()
        ),
        Err(e) => {
            eprintln!("错误：无法写入 {dir}：{e}");
            std::process::exit(2);
        }
    }
}

fn usage() -> ! {
    eprintln!("用法：cargo run --release --example synth -- 单位数 目录 [--seed 种子] [--departments 部门数] [--max-members 每个部门最多成员数]");
    std::process::exit(2);
}
