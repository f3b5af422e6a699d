//! A micro-benchmark on 1,000,000 synthetic organisations (run it in release):
//! `cargo test -p concord-search --release --test bench -- --ignored --nocapture`.
//!
//! Indexes them through `apply` in pages of 20,000, then times `q=<word>&country=<cc>` with
//! facets and a page of 50 for words in 0.06%, 0.5%, 4% and 90% of records, one thread.

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::{Log, org};
use concord_domain::Viewer;
use concord_domain::country::countries;
use concord_search::{SearchIndex, SearchQuery};

const RECORDS: u128 = 1_000_000;
const QUERIES: usize = 300;
/// (label, share of records, distinct words at that share).
const LEVELS: [(&str, f64, usize); 4] = [
    ("rare", 0.0006, 20),
    ("medium", 0.005, 20),
    ("common", 0.04, 20),
    ("everywhere", 0.9, 3),
];

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Samples indexes 0..n with weight 1/(i+1).
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: usize) -> Self {
        let mut acc = 0.0;
        Self(
            (0..n)
                .map(|i| {
                    acc += 1.0 / (i as f64 + 1.0);
                    acc
                })
                .collect(),
        )
    }
    fn sample(&self, rng: &mut Rng) -> usize {
        let x = rng.unit() * self.0[self.0.len() - 1];
        self.0.partition_point(|&c| c < x).min(self.0.len() - 1)
    }
}

fn word(i: usize) -> String {
    const SYL: [&str; 16] = [
        "ka", "lo", "mi", "ren", "sto", "va", "du", "ber", "xi", "pol", "tan", "gu", "ne", "zor",
        "fi", "ha",
    ];
    let mut s = String::new();
    let mut n = i + 16;
    while n > 0 {
        s.push_str(SYL[n % 16]);
        n /= 16;
    }
    s
}

fn rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[test]
#[ignore = "a benchmark: run in release with --ignored --nocapture"]
fn one_million_organisations() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let codes: Vec<String> = countries().map(|c| c.code.clone()).collect();
    let country_dist = Zipf::new(codes.len());
    let vocab = Zipf::new(50_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut log = Log::default();
    let mut indexing = Duration::ZERO;
    let mut country_count: BTreeMap<String, u64> = BTreeMap::new();
    let page = 20_000;
    for start in (0..RECORDS).step_by(page) {
        let revs: Vec<_> = (start..(start + page as u128).min(RECORDS))
            .map(|n| {
                let name: Vec<String> = (0..2 + rng.next() % 3)
                    .map(|_| word(vocab.sample(&mut rng)))
                    .collect();
                let country = &codes[country_dist.sample(&mut rng)];
                *country_count.entry(country.clone()).or_default() += 1;
                let mut o = org(n + 1, &name.join(" "), country);
                let mut text: Vec<String> = (0..10).map(|_| word(vocab.sample(&mut rng))).collect();
                for (label, share, count) in LEVELS {
                    for k in 0..count {
                        if rng.unit() < share {
                            text.push(format!("{label}{k}"));
                        }
                    }
                }
                o.description.0.insert("en".into(), text.join(" "));
                o.identifiers.wikidata = Some(format!("Q{}", n + 1));
                log.create(&o)
            })
            .collect();
        let t = Instant::now();
        index.apply(&revs).unwrap();
        indexing += t.elapsed();
    }
    println!(
        "indexed {RECORDS} organisations in {:.1} s: {:.0}/s; RSS {} MB",
        indexing.as_secs_f64(),
        RECORDS as f64 / indexing.as_secs_f64(),
        rss_mb()
    );
    let mut top: Vec<(String, u64)> = country_count.into_iter().collect();
    top.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let query_countries: Vec<&(String, u64)> = top.iter().take(8).collect();
    println!("query countries: {query_countries:?}");
    let viewer = Viewer::anonymous();
    for (label, _, count) in LEVELS {
        let mut times = Vec::with_capacity(QUERIES);
        let mut hits = 0;
        for i in 0..QUERIES {
            let mut query = SearchQuery {
                q: Some(format!("{label}{}", i % count)),
                limit: 50,
                ..SearchQuery::default()
            };
            let cc = &query_countries[i % query_countries.len()].0;
            query.filters.insert("country".into(), vec![cc.clone()]);
            let t = Instant::now();
            let r = index.search(&viewer, &query).unwrap();
            times.push(t.elapsed());
            hits += r.total;
        }
        times.sort();
        println!(
            "{label:>10}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, mean total {}",
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            percentile(&times, 1.0),
            hits / QUERIES as u64
        );
    }
    println!(
        "RSS after queries {} MB; index on disk {} MB",
        rss_mb(),
        dir_mb(dir.path())
    );
}

#[expect(clippy::unwrap_used, reason = "a test helper")]
fn dir_mb(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum::<u64>()
        / 1_000_000
}
