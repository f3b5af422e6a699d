//! Resident memory of a process (this one, or the `concord serve` child), from
//! /proc/PID/status: read once, or sampled while a scenario runs. Where /proc does not exist
//! (not Linux) every reading is `None`.
//!
//! Reads only; it must not try to release memory.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;

/// How often resident memory is sampled.
const RSS_EVERY: Duration = Duration::from_millis(100);

/// Whose memory to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Process {
    /// The process running the benchmark (/proc/self).
    This,
    /// A child process, by its pid: the `concord serve` under load.
    Child(u32),
}

impl Process {
    /// Its status file: /proc/self/status or /proc/PID/status.
    fn status_path(self) -> PathBuf {
        match self {
            Process::This => PathBuf::from("/proc/self/status"),
            Process::Child(pid) => PathBuf::from(format!("/proc/{pid}/status")),
        }
    }
}

impl fmt::Display for Process {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Process::This => f.write_str("this process"),
            Process::Child(pid) => write!(f, "process {pid}"),
        }
    }
}

/// Resident memory in KiB: the total, and its anonymous (heap) and file-backed (mapped files,
/// such as SQLite's memory-mapped database) parts. Each is the largest seen, so the parts need
/// not add up to the total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rss {
    /// VmRSS.
    pub total: u64,
    /// RssAnon.
    pub anon: u64,
    /// RssFile.
    pub file: u64,
}

impl Rss {
    /// The resident memory of `process` now, or `None` where /proc does not exist. Fails when
    /// /proc exists but the process does not (a child that died).
    pub fn of(process: Process) -> anyhow::Result<Option<Self>> {
        let Some(status) = proc_status(process)? else {
            return Ok(None);
        };
        Ok(Some(Self {
            total: status_kib(&status, "VmRSS")?,
            anon: status_kib(&status, "RssAnon")?,
            file: status_kib(&status, "RssFile")?,
        }))
    }

    /// The larger of each part.
    pub fn max(self, other: Self) -> Self {
        Self {
            total: self.total.max(other.total),
            anon: self.anon.max(other.anon),
            file: self.file.max(other.file),
        }
    }
}

/// Samples the resident memory of `process` until `stop` (or `limit` has passed); the largest
/// values, or `None` where /proc is not available.
pub async fn sample_rss(
    process: Process,
    stop: Arc<AtomicBool>,
    limit: Duration,
) -> anyhow::Result<Option<Rss>> {
    let started = Instant::now();
    let mut max: Option<Rss> = None;
    while !stop.load(Ordering::Acquire) && started.elapsed() < limit {
        if let Some(now) = Rss::of(process)? {
            max = Some(max.map_or(now, |m| m.max(now)));
        }
        tokio::time::sleep(RSS_EVERY).await;
    }
    Ok(max)
}

/// The text of the status file of `process`, or `None` where /proc does not exist.
fn proc_status(process: Process) -> anyhow::Result<Option<String>> {
    if !std::path::Path::new("/proc/self/status").exists() {
        return Ok(None);
    }
    let path = process.status_path();
    let status = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "while reading the memory of {process} from {}",
            path.display()
        )
    })?;
    Ok(Some(status))
}

/// A `kB` field (`VmRSS`, `VmHWM`) of the status file of `process`, or `None` where /proc does
/// not exist.
pub fn proc_status_kib(process: Process, field: &str) -> anyhow::Result<Option<u64>> {
    proc_status(process)?
        .map(|s| status_kib(&s, field))
        .transpose()
}

fn status_kib(status: &str, field: &str) -> anyhow::Result<u64> {
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .with_context(|| format!("while looking for {field} in /proc/PID/status"))?;
    line.trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .with_context(|| format!("while reading {field} {line:?} from /proc/PID/status"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kib_fields_are_read_from_proc_status() {
        let status =
            "Name:\tconcord\nVmHWM:\t  120400 kB\nVmRSS:\t   98304 kB\nRssAnon:\t   65536 kB\n";
        assert_eq!(status_kib(status, "VmRSS").unwrap(), 98_304);
        assert_eq!(status_kib(status, "RssAnon").unwrap(), 65_536);
        assert!(status_kib(status, "RssFile").is_err());
    }

    #[test]
    fn a_child_is_read_from_its_own_status_file() {
        assert_eq!(
            Process::Child(4242).status_path(),
            PathBuf::from("/proc/4242/status")
        );
        assert_eq!(
            Process::This.status_path(),
            PathBuf::from("/proc/self/status")
        );
    }

    #[test]
    fn a_process_that_does_not_exist_is_an_error_where_proc_exists() {
        if Rss::of(Process::This).unwrap().is_none() {
            return;
        }
        // Above the largest pid Linux allows (2^22), so it never exists.
        let err = Rss::of(Process::Child(4_194_305)).unwrap_err();
        assert!(err.to_string().contains("process 4194305"), "{err:#}");
    }
}
