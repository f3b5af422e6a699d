//! The measured scenarios: which requests (the four planted words, filtered by the top country,
//! the search page, routing, an approver's inbox, then partnership reads, red-line checks
//! through the API and pages), the target of each, the check of one answer before timing, and the
//! timed runs. It sends requests only to the server it is given, on loopback.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};

use crate::BenchConfig;
use crate::corpus::Corpus;
use crate::fill::Filled;
use crate::generate::PLANTED;
use crate::inbox::InboxLoad;
use crate::load::{self, Paths};
use crate::report::{Row, Target};
use crate::server::Server;

/// Checks and measures every scenario against `server`.
pub(crate) async fn measure(
    server: &Server,
    corpus: &Corpus,
    filled: &Filled,
    inbox: &InboxLoad,
    config: &BenchConfig,
) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    for (scenario, paths, target, planted) in scenarios(corpus, filled, inbox) {
        eprintln!("bench: measuring {scenario} for {} s", config.seconds);
        let hits = check(server, &paths, planted).await?;
        let measured = load::run(
            server.addr,
            server.process,
            &paths,
            config.clients,
            Duration::from_secs(config.seconds),
        )
        .await
        .with_context(|| format!("while measuring {scenario}"))?;
        rows.push(Row {
            scenario,
            target,
            hits,
            measured,
        });
    }
    Ok(rows)
}

/// The scenarios: the four planted words (filtered by the top country), the search page, then
/// partnership reads through the API and as pages.
/// Each with its target and, for searches, how many hits the generator planted.
fn scenarios(
    corpus: &Corpus,
    filled: &Filled,
    inbox: &InboxLoad,
) -> Vec<(String, Paths, Target, Option<u64>)> {
    let country = corpus.top_country();
    let search_target = Target {
        min_per_second: Some(1_500.0),
        max_p99_ms: Some(20.0),
    };
    let ubiquitous_target = Target {
        min_per_second: None,
        max_p99_ms: Some(100.0),
    };
    let mut list: Vec<_> = PLANTED
        .iter()
        .zip(filled.planted)
        .enumerate()
        .map(|(i, (p, (_, in_country)))| {
            let path = format!("/api/v1/organisations?q={}&country={country}", p.word);
            let target = if i + 1 == PLANTED.len() {
                ubiquitous_target
            } else {
                search_target
            };
            (path.clone(), Paths::Fixed(path), target, Some(in_country))
        })
        .collect();
    // The search page, 50 results, for the rarest planted word in the top country (issue #12:
    // p99 ≤ 20 ms).
    if let Some(rare) = PLANTED.first() {
        let path = format!("/search?q={}&country={country}&limit=50", rare.word);
        list.push((
            path.clone(),
            Paths::Fixed(path),
            Target {
                min_per_second: None,
                max_p99_ms: Some(20.0),
            },
            None,
        ));
    }
    // Routing an inquiry: the matrix over every movement entity (issue #13: ≤ 5 ms).
    let routing = format!("/api/v1/routing?area=content_glam&level=national&country={country}");
    list.push((
        routing.clone(),
        Paths::Fixed(routing),
        Target {
            min_per_second: None,
            max_p99_ms: Some(5.0),
        },
        None,
    ));
    // An approver's inbox, logged in, with 400 partnerships waiting (issue #13: p99 ≤ 20 ms).
    list.push((
        format!("/inbox (logged in, {} waiting)", 2 * crate::inbox::EACH),
        Paths::LoggedIn {
            path: "/inbox".to_owned(),
            cookie: inbox.cookie.clone(),
            expect: inbox.expect.clone(),
        },
        Target {
            min_per_second: None,
            max_p99_ms: Some(20.0),
        },
        None,
    ));
    if !filled.partnership_ids.is_empty() {
        let ids = filled
            .partnership_ids
            .iter()
            .map(ToString::to_string)
            .collect();
        list.push((
            "/api/v1/partnerships/{random id}".to_owned(),
            Paths::RandomId {
                prefix: "/api/v1/partnerships/".to_owned(),
                ids: Arc::new(ids),
            },
            Target {
                min_per_second: Some(15_000.0),
                max_p99_ms: None,
            },
            None,
        ));
        // A partnership's red-line check over every red line (issue #13: ≤ 5 ms).
        list.push((
            "/api/v1/partnerships/{random id}/red-lines".to_owned(),
            Paths::RandomId {
                prefix: "/api/v1/partnerships/".to_owned(),
                ids: Arc::new(
                    filled
                        .partnership_ids
                        .iter()
                        .map(|id| format!("{id}/red-lines"))
                        .collect(),
                ),
            },
            Target {
                min_per_second: None,
                max_p99_ms: Some(5.0),
            },
            None,
        ));
        // A partnership's page (issue #12: p99 ≤ 10 ms).
        list.push((
            "/partnerships/{random id}".to_owned(),
            Paths::RandomId {
                prefix: "/partnerships/".to_owned(),
                ids: Arc::new(
                    filled
                        .partnership_ids
                        .iter()
                        .map(ToString::to_string)
                        .collect(),
                ),
            },
            Target {
                min_per_second: None,
                max_p99_ms: Some(10.0),
            },
            None,
        ));
    }
    list
}

/// Sends a scenario's request once before timing it: it must answer 200, and a search must
/// carry items and facets. Returns `(planted, total)` for a search.
async fn check(
    server: &Server,
    paths: &Paths,
    planted: Option<u64>,
) -> anyhow::Result<Option<(u64, u64)>> {
    let path = match paths {
        Paths::Fixed(path) | Paths::LoggedIn { path, .. } => path.clone(),
        Paths::RandomId { prefix, ids } => {
            format!("{prefix}{}", ids.first().map_or("", String::as_str))
        }
    };
    let (status, body) = load::get_once(server.addr, &path, paths.cookie()).await?;
    if status != hyper::StatusCode::OK {
        bail!(
            "GET {path} answered {status}: {}",
            String::from_utf8_lossy(&body)
        );
    }
    if let Paths::LoggedIn { expect, .. } = paths
        && !String::from_utf8_lossy(&body).contains(expect.as_str())
    {
        bail!("GET {path} answered without `{expect}`");
    }
    let Some(planted) = planted else {
        return Ok(None);
    };
    let page: serde_json::Value = serde_json::from_slice(&body)
        .with_context(|| format!("while parsing the answer to GET {path}"))?;
    let total = page["total"]
        .as_u64()
        .with_context(|| format!("while reading `total` from the answer to GET {path}"))?;
    if !page["items"].is_array() || !page["facets"].is_object() {
        bail!("GET {path} answered without `items` or `facets`: {page}");
    }
    Ok(Some((planted, total)))
}
