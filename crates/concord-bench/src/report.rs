//! The benchmark's report: a Markdown table of scenarios against the targets, with the
//! import rate, resident memory (saying whose: the bench process's or the `concord serve`
//! child's) and the machine it ran on.
//!
//! Formatting only; it measures nothing.

use std::fmt;
use std::time::Duration;

use super::fill::Phase;
use super::load::Measurement;
use super::rss::{Process, Rss};

/// The import target: organisations per second, index included (SQLite).
pub const IMPORT_TARGET_PER_SECOND: f64 = 50_000.0;
/// The target for the server's resident memory under load with 1M organisations.
pub const RSS_TARGET_MIB: f64 = 300.0;

/// What a scenario must reach.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Target {
    /// At least this many requests per second.
    pub min_per_second: Option<f64>,
    /// A 99th-percentile latency of at most this many milliseconds.
    pub max_p99_ms: Option<f64>,
}

impl Target {
    /// Whether `m` meets every part of the target.
    pub fn met_by(&self, m: &Measurement) -> bool {
        self.min_per_second.is_none_or(|min| m.per_second() >= min)
            && self.max_p99_ms.is_none_or(|max| ms(m.p99) <= max)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = [
            self.max_p99_ms.map(|p| format!("p99 ≤ {p:.0} ms")),
            self.min_per_second
                .map(|r| format!("≥ {} req/s", thousands(r))),
        ]
        .into_iter()
        .flatten()
        .collect();
        f.write_str(&parts.join(", "))
    }
}

/// One measured scenario.
#[derive(Clone, Debug)]
pub struct Row {
    /// What was requested.
    pub scenario: String,
    /// What it had to reach.
    pub target: Target,
    /// For searches: matching organisations the generator planted, and the `total` the API
    /// reported (they should agree).
    pub hits: Option<(u64, u64)>,
    /// What was measured.
    pub measured: Measurement,
}

/// Everything the benchmark prints.
#[derive(Clone, Debug)]
pub struct Report {
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// Logical CPUs.
    pub cpus: usize,
    /// /proc/loadavg when the benchmark started.
    pub load_average: Option<String>,
    /// Organisations and partnerships written.
    pub organisations: usize,
    /// Partnerships written.
    pub partnerships: usize,
    /// Time the generator was busy (overlapping the writes).
    pub generate_time: Duration,
    /// Importing the organisations, index included (each batch is indexed while the next is
    /// written): what the import target measures.
    pub organisations_phase: Phase,
    /// Then importing the partnerships, index included.
    pub partnerships_phase: Phase,
    /// Concurrent clients and seconds per scenario.
    pub clients: usize,
    /// Seconds per scenario.
    pub seconds: u64,
    /// The measured scenarios.
    pub rows: Vec<Row>,
    /// The process that served: this one, or a `concord serve` child (by pid). The memory
    /// under load in `rows` and `server_peak_rss_kib` are that process's.
    pub server: Process,
    /// Resident memory of the bench process with the store and index open, before the import.
    pub rss_before_import: Option<Rss>,
    /// Resident memory of the bench process after the import, before the server starts.
    pub rss_after_import: Option<Rss>,
    /// Peak resident memory of the serving process at the end of the load, in KiB: its VmHWM
    /// (a child's over its whole life; for an in-process server, the bench process's), or the
    /// largest VmRSS sampled under load where that is higher.
    pub server_peak_rss_kib: Option<u64>,
    /// Peak resident memory (VmHWM) of the bench process over its whole life (import and load
    /// generator included), in KiB.
    pub bench_peak_rss_kib: Option<u64>,
}

impl Report {
    /// Organisations per second, index included.
    pub fn import_rate(&self) -> f64 {
        self.organisations_phase.rate(self.organisations)
    }

    /// Whose memory the serving figures are, as the report names it.
    pub fn server_name(&self) -> &'static str {
        match self.server {
            Process::This => "the bench process",
            Process::Child(_) => "the `concord serve` process",
        }
    }

    /// Largest resident memory of the serving process seen while serving.
    pub fn serving_rss(&self) -> Option<Rss> {
        self.rows
            .iter()
            .filter_map(|r| r.measured.rss)
            .reduce(Rss::max)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "## concord bench: {} backend", self.backend)?;
        writeln!(f)?;
        writeln!(
            f,
            "{} organisations, {} partnerships; {} clients × {} s per scenario; {} CPUs; load average at start: {}",
            thousands(self.organisations as f64),
            thousands(self.partnerships as f64),
            self.clients,
            self.seconds,
            self.cpus,
            self.load_average.as_deref().unwrap_or("unknown")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "| scenario | target | hits (planted / API total) | req/s | p50 | p99 | max | met? |"
        )?;
        writeln!(f, "|---|---|---|---:|---:|---:|---:|---|")?;
        let rate = self.import_rate();
        let (o, p) = (self.organisations_phase, self.partnerships_phase);
        writeln!(
            f,
            "| import of the organisations, index included ({:.1} s writing, each batch indexed while the next is written, + {:.1} s index finishing) | ≥ {} organisations/s | | {} organisations/s | | | | {} |",
            o.writing.as_secs_f64(),
            o.index_finishing.as_secs_f64(),
            thousands(IMPORT_TARGET_PER_SECOND),
            thousands(rate),
            yes_no(rate >= IMPORT_TARGET_PER_SECOND)
        )?;
        writeln!(
            f,
            "| then the partnerships, index included ({:.1} s + {:.1} s) | | | {} partnerships/s | | | | |",
            p.writing.as_secs_f64(),
            p.index_finishing.as_secs_f64(),
            thousands(p.rate(self.partnerships)),
        )?;
        for row in &self.rows {
            let m = &row.measured;
            writeln!(
                f,
                "| `{}` | {} | {} | {} | {:.1} ms | {:.1} ms | {:.1} ms | {} |",
                row.scenario,
                row.target,
                row.hits
                    .map_or_else(String::new, |(p, t)| format!("{p} / {t}")),
                thousands(m.per_second()),
                ms(m.p50),
                ms(m.p99),
                ms(m.max),
                yes_no(row.target.met_by(m))
            )?;
        }
        self.fmt_memory_row(f)?;
        writeln!(f)?;
        self.fmt_memory_notes(f)
    }
}

impl Report {
    /// The table's last row: the serving process's memory under load against the target.
    fn fmt_memory_row(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let serving = self.serving_rss();
        let whose = match self.server {
            Process::This => {
                "the bench process under load (max VmRSS; in-process server, import leftovers included)"
            }
            Process::Child(_) => "the `concord serve` process under load (max VmRSS)",
        };
        writeln!(
            f,
            "| resident memory of {whose} | ≤ {RSS_TARGET_MIB:.0} MB | | {} | | | | {} |",
            serving.map_or_else(
                || "unknown".to_owned(),
                |r| format!("{:.0} MB", mib(r.total))
            ),
            serving.map_or("unknown", |r| yes_no(mib(r.total) <= RSS_TARGET_MIB))
        )
    }

    /// The notes under the table: which process served, memory by phase, and the peaks.
    fn fmt_memory_notes(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.server {
            Process::This => writeln!(
                f,
                "- Server: in the bench process (`--in-process`), so its memory under load includes \
                 the import's leftover heap and the load generator."
            )?,
            Process::Child(pid) => writeln!(
                f,
                "- Server: `concord serve` in a separate process (pid {pid}) on the filled database \
                 and index, so its memory under load is the server's alone. The import figures are \
                 the bench process's, which also runs the load generator."
            )?,
        }
        let under_load = format!("of {} under load (largest of each)", self.server_name());
        let phases = [
            (
                "of the bench process before the import (store and index open)",
                self.rss_before_import,
            ),
            (
                "of the bench process after the import, before serving",
                self.rss_after_import,
            ),
            (under_load.as_str(), self.serving_rss()),
        ];
        let mapped = if self.backend == "sqlite" {
            "memory-mapped SQLite database and index segments"
        } else {
            "memory-mapped index segments; the database's pages live in its own processes"
        };
        for (phase, rss) in phases {
            if let Some(r) = rss {
                writeln!(
                    f,
                    "- Resident memory {phase}: {:.0} MB, of which {:.0} MB anonymous (heap) and \
                     {:.0} MB file-backed ({mapped}).",
                    mib(r.total),
                    mib(r.anon),
                    mib(r.file)
                )?;
            }
        }
        if let Process::Child(_) = self.server {
            writeln!(
                f,
                "- Peak resident memory of the `concord serve` process (VmHWM from its start to the \
                 end of the load, or the largest sample under load where higher): {}.",
                mib_or_unknown(self.server_peak_rss_kib)
            )?;
        }
        writeln!(
            f,
            "- Peak resident memory of the whole bench process (VmHWM, import included): {}. \
             The generator was busy {:.1} s, overlapping the writes.",
            mib_or_unknown(self.bench_peak_rss_kib),
            self.generate_time.as_secs_f64()
        )?;
        let both = self.organisations_phase.total() + self.partnerships_phase.total();
        let records = self.organisations + self.partnerships;
        writeln!(
            f,
            "- The import target counts the organisations' phase only. Both phases together: {} \
             records in {:.1} s, {} records/s, index included.",
            thousands(records as f64),
            both.as_secs_f64(),
            thousands(records as f64 / both.as_secs_f64().max(1e-9))
        )
    }
}

fn mib_or_unknown(kib: Option<u64>) -> String {
    kib.map_or_else(|| "unknown".to_owned(), |k| format!("{:.0} MB", mib(k)))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn yes_no(met: bool) -> &'static str {
    if met { "yes" } else { "**no**" }
}

/// A whole number with thousands separators: 1,500.
fn thousands(n: f64) -> String {
    let digits = format!("{:.0}", n.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(1_500.4), "1,500");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1_000_000.0), "1,000,000");
    }

    #[test]
    fn a_target_needs_every_part() {
        let target = Target {
            min_per_second: Some(100.0),
            max_p99_ms: Some(20.0),
        };
        let m = |requests, p99_ms| Measurement {
            requests,
            elapsed: Duration::from_secs(1),
            p99: Duration::from_millis(p99_ms),
            ..Measurement::default()
        };
        assert!(target.met_by(&m(100, 20)));
        assert!(!target.met_by(&m(99, 5)));
        assert!(!target.met_by(&m(500, 21)));
        assert_eq!(target.to_string(), "p99 ≤ 20 ms, ≥ 100 req/s");
    }
}
