//! A synthetic district: `cargo run --release --example synth -- N DIR [--seed S]`
//! writes N valid, varied unit data files (and `juesuan.yaml`) under DIR.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut pos = Vec::new();
    let mut seed = 1u64;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--seed" {
            seed = it
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| usage());
        } else {
            pos.push(a.clone());
        }
    }
    let [n, dir] = &pos[..] else { usage() };
    let n: usize = n.parse().unwrap_or_else(|_| usage());
    match juesuan::batch::synth::generate(n, std::path::Path::new(dir), seed) {
        Ok(files) => eprintln!(
            "已生成 {} 个单位的数据文件于 {dir}（种子 {seed}）",
            files.len()
        ),
        Err(e) => {
            eprintln!("错误：无法写入 {dir}：{e}");
            std::process::exit(2);
        }
    }
}

fn usage() -> ! {
    eprintln!("用法：cargo run --release --example synth -- 单位数 目录 [--seed 种子]");
    std::process::exit(2);
}
