//! The search relevance suite: queries a user types (typos, prefixes, other languages and
//! scripts, identifiers, abbreviations, split and joined words) over the demo data, each with
//! the record expected in the top 3 (`tests/relevance/queries.json`).
//!
//! It loads what `concord demo` loads (every dataset of `shared/data`, then the seed
//! partnerships) into a temporary SQLite store and indexes it in memory. A query marked
//! `"must": false` counts in the figures but may miss; hits@3 must stay above [`FLOOR`].
//! Run with `--nocapture` to see each query's rank, hits@3 and MRR (reported in BENCHMARKS.md).

mod import_support;

use concord_cli::demo::load_seed_partnerships;
use concord_cli::import::NoProgress;
use concord_cli::import::dataset::import_all_datasets;
use concord_domain::Viewer;
use concord_search::{SearchIndex, SearchQuery, catch_up};
use import_support::{admin, data_dir, sqlite};
use serde::Deserialize;

/// The least share of queries whose expected record is in the top 3.
const FLOOR: f64 = 0.98;

/// The least mean reciprocal rank of the expected records.
const MRR_FLOOR: f64 = 0.94;

/// How deep a query's expected record is looked for (for the MRR).
const DEPTH: usize = 10;

#[derive(Deserialize)]
struct Case {
    /// What the user types.
    q: String,
    /// The name (or English title) of the record expected in the top 3.
    expect: String,
    /// What the query tests (typo, prefix, language, identifier, …).
    what: String,
    /// Whether the query must pass (default) or only counts in the figures.
    #[serde(default = "yes")]
    must: bool,
}

fn yes() -> bool {
    true
}

fn label(body: &serde_json::Value) -> String {
    body["name"]
        .as_str()
        .or_else(|| body["title"]["en"].as_str())
        .unwrap_or("?")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_expected_records_are_in_the_top_three() {
    let cases: Vec<Case> = serde_json::from_str(include_str!("relevance/queries.json")).unwrap();
    assert!(cases.len() >= 60, "the suite has {} queries", cases.len());
    let (_db, store) = sqlite().await;
    import_all_datasets(&store, &admin(), None, &data_dir(), &NoProgress)
        .await
        .unwrap();
    load_seed_partnerships(&store, &admin()).await.unwrap();
    let index = SearchIndex::open_in_ram().unwrap();
    catch_up(&index, &store, &|_, _| {}).await.unwrap();

    let who = Viewer::system("relevance");
    let (mut top3, mut reciprocal, mut failed) = (0, 0.0, Vec::new());
    for case in &cases {
        let query = SearchQuery {
            q: Some(case.q.clone()),
            limit: DEPTH,
            ..SearchQuery::default()
        };
        let hits = index.search(&who, &query).unwrap().hits;
        let labels: Vec<String> = hits.iter().map(|h| label(&h.value().unwrap())).collect();
        let rank = labels.iter().position(|l| *l == case.expect).map(|p| p + 1);
        println!(
            "{:>4}  {:<32} {:<12} {:?}",
            rank.map_or("-".into(), |r| r.to_string()),
            case.q,
            case.what,
            &labels[..labels.len().min(3)]
        );
        if let Some(r) = rank {
            reciprocal += 1.0 / r as f64;
        }
        if rank.is_some_and(|r| r <= 3) {
            top3 += 1;
        } else if case.must {
            failed.push(format!(
                "{:?} ({}): expected {:?}, got {:?}",
                case.q, case.what, case.expect, labels
            ));
        }
    }
    let n = cases.len() as f64;
    let (hits_at_3, mrr) = (f64::from(top3) / n, reciprocal / n);
    println!(
        "queries {}  hits@3 {hits_at_3:.3}  MRR@{DEPTH} {mrr:.3}",
        cases.len()
    );
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert!(hits_at_3 >= FLOOR, "hits@3 {hits_at_3:.3} is below {FLOOR}");
    assert!(
        mrr >= MRR_FLOOR,
        "MRR@{DEPTH} {mrr:.3} is below {MRR_FLOOR}"
    );
}
