//! Resident memory of this process, from /proc/self/status: read once, or sampled while a
//! scenario runs. Where /proc does not exist (not Linux) every reading is `None`.
//!
//! Reads only; it must not try to release memory.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;

/// How often resident memory is sampled.
const RSS_EVERY: Duration = Duration::from_millis(100);

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
    /// The process's resident memory now, or `None` where /proc does not exist.
    pub fn now() -> anyhow::Result<Option<Self>> {
        let Some(status) = proc_status()? else {
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

/// Samples resident memory until `stop` (or `limit` has passed); the largest values, or `None`
/// where /proc is not available.
pub async fn sample_rss(stop: Arc<AtomicBool>, limit: Duration) -> anyhow::Result<Option<Rss>> {
    let started = Instant::now();
    let mut max: Option<Rss> = None;
    while !stop.load(Ordering::Acquire) && started.elapsed() < limit {
        if let Some(now) = Rss::now()? {
            max = Some(max.map_or(now, |m| m.max(now)));
        }
        tokio::time::sleep(RSS_EVERY).await;
    }
    Ok(max)
}

/// The text of /proc/self/status, or `None` where /proc does not exist.
fn proc_status() -> anyhow::Result<Option<String>> {
    let path = std::path::Path::new("/proc/self/status");
    if !path.exists() {
        return Ok(None);
    }
    let status = std::fs::read_to_string(path).context("while reading /proc/self/status")?;
    Ok(Some(status))
}

/// A `kB` field of /proc/self/status (`VmRSS`, `VmHWM`), or `None` where /proc does not exist.
pub fn proc_status_kib(field: &str) -> anyhow::Result<Option<u64>> {
    proc_status()?.map(|s| status_kib(&s, field)).transpose()
}

fn status_kib(status: &str, field: &str) -> anyhow::Result<u64> {
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .with_context(|| format!("while looking for {field} in /proc/self/status"))?;
    line.trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .with_context(|| format!("while reading {field} {line:?} from /proc/self/status"))
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
}
