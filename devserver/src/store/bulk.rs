//! Many files at once (issue 50): a folder of `sample-000001.csv` … `sample-<n>.csv` for the
//! big-folder benchmark and tests, made by `POST /api/dev/folder` (routes/dev_folder.rs) or at
//! the start by `--big-folder <n>` (Demo's `disk` store, folder `big`).
//!
//! The files are real ones in the file area (store/files.rs), so every file route (list, get,
//! rename, delete, upload next to them) works on them as on any other. A few bytes each, sizes a
//! little varied, modification times spread over the last 90 days; written by a few threads at
//! once (100,000 take about a second).

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::files::Files;
use crate::config::Config;

/// The most files one folder gets (the start option's limit too).
pub(crate) const MAX_FILES: usize = 200_000;

/// The workspace `--big-folder` seeds: Demo.
pub(crate) const START_WORKSPACE: u64 = 1;
/// The store `--big-folder` seeds.
pub(crate) const START_STORE: &str = "disk";
/// The folder `--big-folder` seeds.
pub(crate) const START_PATH: &str = "big";

/// The name of the `i`th file (from 1): `sample-000001.csv`.
pub(crate) fn sample_name(i: usize) -> String {
    format!("sample-{i:06}.csv")
}

/// Its content: a header and one row, 26 to 31 bytes.
fn sample_text(i: usize) -> String {
    format!("sample_id,value\nS-{i:06},{}\n", (i * 7_919) % 100_003)
}

/// Its modification time: between a minute and 90 days ago, spread (not in name order).
fn sample_time(now: SystemTime, i: usize) -> SystemTime {
    let back = 60 + (i as u64).wrapping_mul(2_654_435_761) % (90 * 86_400);
    now.checked_sub(Duration::from_secs(back)).unwrap_or(now)
}

fn write_sample(dir: &Path, now: SystemTime, i: usize) -> io::Result<()> {
    let mut f = File::create(dir.join(sample_name(i)))?;
    f.write_all(sample_text(i).as_bytes())?;
    f.set_modified(sample_time(now, i))
}

/// Makes `dir` (and its parents) a folder of exactly `n` sample files: whatever it held before
/// goes. Blocking (run it off the async threads).
pub(crate) fn seed_folder(dir: &Path, n: usize) -> io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    std::fs::create_dir_all(dir)?;
    let now = SystemTime::now();
    let threads = std::thread::available_parallelism()
        .map(|p| p.get())
        .unwrap_or(1)
        .clamp(1, 4)
        .min(n.max(1));
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    (1 + t..=n)
                        .step_by(threads)
                        .try_for_each(|i| write_sample(dir, now, i))
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .unwrap_or_else(|_| Err(io::Error::other("panicked")))
        })
    })
}

/// `--big-folder <n>`: Demo's `disk` store gets a folder `big` of `n` files (at the start and
/// on every reset). A failure is reported, not fatal.
pub(crate) fn seed_start(files: &Files, config: &Config) {
    if config.big_folder == 0 {
        return;
    }
    let dir = files
        .workspace_dir(START_STORE, START_WORKSPACE)
        .join(START_PATH);
    if let Err(e) = seed_folder(&dir, config.big_folder) {
        eprintln!("devserver: cannot seed --big-folder: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_vary_a_little() {
        assert_eq!(sample_name(1), "sample-000001.csv");
        assert_eq!(sample_name(100_000), "sample-100000.csv");
        let sizes: Vec<usize> = (1..=50).map(|i| sample_text(i).len()).collect();
        assert!(sizes.iter().all(|&s| (20..40).contains(&s)), "{sizes:?}");
        assert!(sizes.iter().any(|&s| s != sizes[0]), "{sizes:?}");
        let now = SystemTime::now();
        let t: Vec<SystemTime> = (1..=5).map(|i| sample_time(now, i)).collect();
        assert!(t.iter().all(|x| *x < now));
        assert!(t.windows(2).any(|w| w[0] < w[1]) && t.windows(2).any(|w| w[0] > w[1]));
    }
}
