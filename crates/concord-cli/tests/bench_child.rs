//! `concord bench` with its default server: a `concord serve` child process on the filled
//! database, whose memory the report carries, and which is gone once the benchmark returns.
//! (Feature `bench`: `cargo test -p concord-cli --features bench --test bench_child`.)

use std::path::PathBuf;

use concord_bench::rss::Process;
use concord_bench::{BenchConfig, ServerMode, execute};
use concord_cli::bench::Backends;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_benchmark_measures_a_concord_serve_child_and_leaves_none_behind() {
    let config = BenchConfig {
        database: None,
        organisations: 3_000,
        partnerships: 300,
        clients: 2,
        seconds: 1,
        server: ServerMode::Child(PathBuf::from(env!("CARGO_BIN_EXE_concord"))),
    };
    let report = execute(&config, &Backends).await.unwrap();
    println!("{report}");
    assert_eq!((report.organisations, report.partnerships), (3_000, 300));
    assert_eq!(report.rows.len(), 10, "{report}");
    for row in &report.rows {
        assert!(row.measured.requests > 0, "{report}");
    }
    let Process::Child(pid) = report.server else {
        panic!("the server was not a child process:\n{report}");
    };
    assert_ne!(pid, std::process::id());
    let text = report.to_string();
    assert!(
        text.contains("| resident memory of the `concord serve` process under load (max VmRSS) |"),
        "{text}"
    );
    assert!(text.contains(&format!("(pid {pid})")), "{text}");
    if std::path::Path::new("/proc/self/status").exists() {
        let rss = report.serving_rss().unwrap();
        assert!(rss.total > 0, "{report}");
        assert!(report.server_peak_rss_kib.unwrap() >= rss.total, "{report}");
        assert!(
            !PathBuf::from(format!("/proc/{pid}")).exists(),
            "`concord serve` (pid {pid}) is still there, running or unreaped"
        );
    }
}
