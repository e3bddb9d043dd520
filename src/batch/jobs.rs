//! How many units a batch builds at once: what `-j` asks for, but never more than the
//! cores (typst and krilla already use them all from inside one unit) nor than the
//! memory can hold (one worker typesetting a full report peaks near `WORKER_MB`):
//! 50 workers on 2 cores took 1.6 GB for no speed. A capped `-j` is said (Chinese).

/// Peak memory of one worker (MB): a full 39-page report with its 13 tables, typst's
/// memo cache included, with room to spare.
pub const WORKER_MB: u64 = 200;

/// The workers to run for `requested` (`None`: one per core), and why it was capped.
pub fn cap(
    requested: Option<usize>,
    cores: usize,
    available_mb: Option<u64>,
) -> (usize, Option<String>) {
    let cores = cores.max(1);
    let want = requested.unwrap_or(cores).max(1);
    let mut n = want;
    let mut why = None;
    if n > cores {
        n = cores;
        why = Some(format!(
            "-j {want} 超过本机可用的 CPU 核数 {cores}，改为 -j {n}"
        ));
    }
    if let Some(mb) = available_mb {
        // Three quarters of what is free: the system and the other programs keep the rest.
        let fit = ((mb * 3 / 4) / WORKER_MB).max(1) as usize;
        if n > fit {
            why = Some(format!(
                "-j {want} 的 {n} 个并行任务约需内存 {} MB，可用内存约 {mb} MB，改为 -j {fit}",
                n as u64 * WORKER_MB
            ));
            n = fit;
        }
    }
    (n, why)
}

/// `cap` for this machine: the number of workers and, when an explicit `-j` was
/// capped, the reason (Chinese) for the command to show.
pub fn effective(requested: Option<usize>) -> (usize, Option<String>) {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let (n, why) = cap(requested, cores, available_mb());
    (n, why.filter(|_| requested.is_some()))
}

/// `MemAvailable` of /proc/meminfo (Linux), in MB.
fn available_mb() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_capped_at_the_cores_and_the_memory() {
        assert_eq!(cap(Some(1), 2, Some(16_000)), (1, None));
        assert_eq!(cap(None, 8, Some(16_000)).0, 8);
        let (n, why) = cap(Some(50), 2, Some(16_000));
        assert_eq!(n, 2);
        assert!(why.unwrap().contains("CPU 核数 2"));
        // 1,000 MB free: three quarters hold 3 workers of 200 MB.
        let (n, why) = cap(Some(8), 16, Some(1_000));
        assert_eq!(n, 3);
        assert!(why.unwrap().contains("可用内存约 1000 MB"));
        assert_eq!(cap(Some(4), 4, Some(10)).0, 1, "at least one worker");
        assert_eq!(cap(Some(0), 4, None), (1, None));
        assert_eq!(cap(Some(4), 4, None), (4, None));
    }
}
