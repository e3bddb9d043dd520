//! `juesuan` binary: parse the command line, run, map the outcome to an exit code.

fn main() {
    std::process::exit(juesuan::run(std::env::args_os()));
}
