//! Every read surface, for every viewer and every record: the record, its history, a revision
//! and a diff (200 or 404), the per-kind lists and `/search` (present or absent, totals), facet
//! counts, and redacted fields; and the same on the pages, seen through a page session: a
//! record's page, history and diff, recent changes, a movement entity's page, the search page
//! and the home page; and the open-data downloads.

use std::collections::BTreeSet;

use concord_domain::{RecordKind, Visibility};
use serde_json::Value;

use crate::support::Backend;
use crate::world::{MARKER, Rec, Who, World, sees, sees_sensitive};

/// The ids of `records` that `who` sees by the table.
fn expected<'a>(who: Who, records: impl Iterator<Item = &'a Rec>) -> BTreeSet<String> {
    records
        .filter(|r| sees(who, r.column))
        .map(|r| r.id.clone())
        .collect()
}

/// The ids of a page's items.
fn ids(page: &Value) -> BTreeSet<String> {
    let items = page["items"].as_array().expect("items");
    items
        .iter()
        .map(|i| i["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// The count of `value` in facet `name` of a page (0 when absent).
fn facet_count(page: &Value, name: &str, value: &str) -> u64 {
    let values = page["facets"][name].as_array().cloned().unwrap_or_default();
    values
        .iter()
        .find(|v| v["value"] == value)
        .map_or(0, |v| v["count"].as_u64().expect("a count"))
}

fn list_url(collection: &str) -> String {
    let kind = RecordKind::ALL
        .into_iter()
        .find(|k| k.collection() == collection)
        .expect("a collection of the registry");
    if kind.is_searchable() {
        format!("/api/v1/{collection}?q={MARKER}&limit=200")
    } else {
        format!("/api/v1/{collection}?limit=200")
    }
}

async fn each_world(check: impl AsyncFn(&World)) {
    for backend in Backend::ALL {
        if let Some(world) = World::on(backend).await {
            check(&world).await;
        }
    }
}

/// A record's own routes: 200 when the table lets `who` see it, else 404 without its title.
async fn check_record_routes(world: &World, who: Who) {
    for rec in &world.records {
        let seen = sees(who, rec.column);
        let rev = rec.rev;
        let mut subs = vec![
            String::new(),
            "/history".to_owned(),
            format!("/revisions/{rev}"),
            format!("/diff?from={rev}&to={rev}"),
        ];
        if rec.collection == "partnerships" {
            subs.push("/transitions".to_owned());
            subs.push("/red-lines".to_owned());
            subs.push("/assessment".to_owned());
        }
        for sub in subs {
            let r = world
                .app
                .get_json(&format!("{}{sub}", rec.path), world.token(who))
                .await;
            let want = if seen { 200 } else { 404 };
            let what = format!("{who:?} on {:?} {}{sub}", world.app.backend, rec.title);
            assert_eq!(r.status.as_u16(), want, "{what}: {}", r.text);
            if !seen {
                assert!(
                    !r.text.contains(&rec.title),
                    "{what} echoes the title: {}",
                    r.text
                );
            }
        }
    }
}

/// Every list and `/search`: exactly the records the table allows, with matching totals.
async fn check_lists(world: &World, who: Who) {
    for kind in RecordKind::ALL {
        let collection = kind.collection();
        let mine = world.records.iter().filter(|r| r.collection == collection);
        let want = expected(who, mine);
        let page = world
            .app
            .get_json(&list_url(collection), world.token(who))
            .await;
        assert_eq!(page.status.as_u16(), 200, "{}", page.text);
        assert_eq!(ids(&page.json), want, "{who:?} lists {collection}");
        if kind.is_searchable() {
            assert_eq!(
                page.json["total"],
                want.len(),
                "{who:?} total of {collection}"
            );
        }
    }
    let searchable = world.records.iter().filter(|r| r.searchable());
    let want = expected(who, searchable);
    let url = format!("/api/v1/search?q={MARKER}&limit=200");
    let page = world.app.get_json(&url, world.token(who)).await;
    assert_eq!(ids(&page.json), want, "{who:?} searches");
    assert_eq!(page.json["total"], want.len(), "{who:?} search total");
}

/// The world is derived from the registry of kinds: a record of every kind at every level, so a
/// new kind is under the visibility table the day it is declared.
#[tokio::test]
async fn the_world_holds_a_record_of_every_kind_at_every_level() {
    each_world(async |world| {
        for kind in RecordKind::ALL {
            let levels = world
                .records
                .iter()
                .filter(|r| r.kind == kind.as_str())
                .count();
            // An inquiry is always `parties`.
            let expected = if kind == RecordKind::Inquiry {
                1
            } else {
                Visibility::ALL.len()
            };
            assert_eq!(levels, expected, "{kind}: one record per level");
        }
    })
    .await;
}

#[tokio::test]
async fn every_viewer_sees_exactly_the_records_the_table_allows_on_every_surface() {
    each_world(async |world| {
        for who in Who::ALL {
            check_record_routes(world, who).await;
            check_lists(world, who).await;
        }
    })
    .await;
}

#[tokio::test]
async fn a_red_line_check_names_only_the_red_lines_its_reader_may_see() {
    each_world(async |world| {
        // Every red line of the world names P, the partner of every partnership, so each
        // fires on each partnership; a reader hears only of those they may see.
        for who in Who::ALL {
            let want = expected(who, world.records.iter().filter(|r| r.kind == "red_line"));
            let visible = world.records.iter().filter(|r| r.kind == "partnership");
            for rec in visible.filter(|r| sees(who, r.column)) {
                let url = format!("{}/red-lines", rec.path);
                let r = world.app.get_json(&url, world.token(who)).await;
                assert_eq!(r.status.as_u16(), 200, "{who:?} {url}: {}", r.text);
                assert_eq!(r.json["now"]["outcome"], "escalate", "{}", r.text);
                let named: BTreeSet<String> = r.json["now"]["fired"]
                    .as_array()
                    .expect("fired")
                    .iter()
                    .map(|f| f["rule"].as_str().expect("a rule").to_owned())
                    .collect();
                assert_eq!(named, want, "{who:?} on {url}");
                let hidden = world.records.iter().filter(|r| r.kind == "red_line");
                for line in hidden.filter(|l| !sees(who, l.column)) {
                    assert!(!r.text.contains(&line.title), "{who:?} {url}: {}", r.text);
                }
            }
        }
    })
    .await;
}

/// The facet values every record of a searchable kind has once: (collection, facet, value).
const SINGLE_VALUED: [(&str, &str, &str); 3] = [
    ("organisations", "country", "SE"),
    ("partnerships", "kind", "partnership"),
    ("needs", "area", "content_glam"),
];

#[tokio::test]
async fn facet_counts_never_count_hidden_records() {
    each_world(async |world| {
        for who in Who::ALL {
            let url = format!("/api/v1/search?q={MARKER}&limit=200");
            let search = world.app.get_json(&url, world.token(who)).await.json;
            for kind in ["organisation", "partnership", "need"] {
                let mine = world.records.iter().filter(|r| r.kind == kind);
                let want = expected(who, mine).len() as u64;
                assert_eq!(
                    facet_count(&search, "type", kind),
                    want,
                    "{who:?} type={kind}"
                );
            }
            for (collection, facet, value) in SINGLE_VALUED {
                let mine = world.records.iter().filter(|r| r.collection == collection);
                let want = expected(who, mine).len() as u64;
                let page = world
                    .app
                    .get_json(&list_url(collection), world.token(who))
                    .await;
                let got = facet_count(&page.json, facet, value);
                assert_eq!(
                    got, want,
                    "{who:?} {collection} {facet}={value}: {}",
                    page.text
                );
            }
            let needs = world
                .app
                .get_json(&list_url("needs"), world.token(who))
                .await
                .json;
            let mine = world.records.iter().filter(|r| r.collection == "needs");
            let want = expected(who, mine).len() as u64;
            assert_eq!(
                facet_count(&needs, "entity", &world.chapter_a),
                want,
                "{who:?} entity"
            );
        }
    })
    .await;
}

/// The sensitive values of the world (contact e-mails and financial terms at each level).
pub fn secrets(rec: &Rec) -> Vec<String> {
    let level = rec.title.rsplit(' ').next().expect("a level").to_owned();
    match rec.collection {
        "people" => vec![format!("secret-{level}@example.org")],
        "partnerships" => vec![format!("secret-terms-{level}")],
        _ => Vec::new(),
    }
}

#[tokio::test]
async fn redacted_fields_are_absent_for_viewers_the_table_denies_on_every_surface() {
    each_world(async |world| {
        for who in Who::ALL {
            let token = world.token(who);
            let mut texts = Vec::new();
            for collection in ["partnerships", "people"] {
                texts.push(world.app.get_json(&list_url(collection), token).await.text);
            }
            let url = format!("/api/v1/search?q={MARKER}&limit=200");
            texts.push(world.app.get_json(&url, token).await.text);
            for rec in world.records.iter().filter(|r| sees(who, r.column)) {
                let snapshot = format!("{}/revisions/{}", rec.path, rec.rev);
                texts.push(world.app.get_json(&rec.path, token).await.text);
                texts.push(world.app.get_json(&snapshot, token).await.text);
                for secret in secrets(rec) {
                    let shown = texts.iter().any(|t| t.contains(&secret));
                    let what = format!("{who:?} and {secret} of {}", rec.title);
                    assert_eq!(shown, sees_sensitive(who, rec.column), "{what}");
                }
            }
        }
    })
    .await;
}

/// A page session for `who` (none for a visitor), stored as logging in would store it: pages
/// ignore API tokens.
pub async fn page_cookie(world: &World, who: Who) -> Option<String> {
    if who == Who::Visitor {
        return None;
    }
    let secret = format!("page-session-of-{who:?}");
    let now = chrono::Utc::now();
    let session = concord_store::Session {
        hash: concord_store::token::hash_secret(&secret),
        account: world.account(who),
        csrf: format!("csrf-of-{who:?}"),
        created_at: now,
        last_seen_at: now,
        idle_expires_at: now + chrono::Duration::hours(1),
        expires_at: now + chrono::Duration::hours(1),
    };
    world
        .app
        .store
        .create_session(session)
        .await
        .expect("a session");
    Some(format!("concord_session={secret}"))
}

/// A record's pages, recent changes and chapter A's page (its partnerships and people): each
/// record shown exactly when the table lets `who` see it, else 404 without its title.
async fn check_pages(world: &World, who: Who) {
    let cookie = page_cookie(world, who).await;
    let cookie = cookie.as_deref();
    let recent = world.app.get_page("/recent-changes", cookie).await;
    assert_eq!(recent.status.as_u16(), 200, "{}", recent.text);
    let chapter = format!("/organisations/{}", world.chapter_a);
    let chapter = world.app.get_page(&chapter, cookie).await;
    assert_eq!(chapter.status.as_u16(), 200, "{}", chapter.text);
    for rec in &world.records {
        let seen = sees(who, rec.column);
        let path = rec.path.trim_start_matches("/api/v1");
        let rev = rec.rev;
        for sub in [
            String::new(),
            "/history".to_owned(),
            format!("/diff?from={rev}&to={rev}"),
        ] {
            let r = world.app.get_page(&format!("{path}{sub}"), cookie).await;
            let want = if seen { 200 } else { 404 };
            let what = format!(
                "{who:?} on the page {:?} {}{sub}",
                world.app.backend, rec.title
            );
            assert_eq!(r.status.as_u16(), want, "{what}: {}", r.text);
            assert_eq!(r.text.contains(&rec.title), seen, "{what}: {}", r.text);
        }
        let title = format!(">{}<", rec.title);
        let what = format!("{who:?} in recent changes, {}", rec.title);
        assert_eq!(
            recent.text.contains(&title),
            seen,
            "{what}: {}",
            recent.text
        );
        if matches!(rec.collection, "partnerships" | "people") {
            let what = format!("{who:?} on chapter A's page, {}", rec.title);
            assert_eq!(
                chapter.text.contains(&title),
                seen,
                "{what}: {}",
                chapter.text
            );
        }
    }
}

#[tokio::test]
async fn every_viewer_sees_exactly_the_records_the_table_allows_on_every_page() {
    each_world(async |world| {
        for who in Who::ALL {
            check_pages(world, who).await;
        }
    })
    .await;
}

#[tokio::test]
async fn redacted_fields_are_absent_from_pages_for_viewers_the_table_denies() {
    each_world(async |world| {
        for who in Who::ALL {
            let cookie = page_cookie(world, who).await;
            for rec in world.records.iter().filter(|r| sees(who, r.column)) {
                let path = rec.path.trim_start_matches("/api/v1");
                let page = world.app.get_page(path, cookie.as_deref()).await.text;
                for secret in secrets(rec) {
                    let what = format!("{who:?} and {secret} on the page of {}", rec.title);
                    assert_eq!(
                        page.contains(&secret),
                        sees_sensitive(who, rec.column),
                        "{what}"
                    );
                }
            }
        }
    })
    .await;
}

/// The ids of the records a search page lists.
fn listed_ids(html: &str) -> BTreeSet<String> {
    html.split(r#"class="concord-result-title" href="/"#)
        .skip(1)
        .map(|rest| {
            let path = &rest[..rest.find('"').expect("a closing quote")];
            path.rsplit('/').next().expect("an id").to_owned()
        })
        .collect()
}

/// The search page and the home page: exactly the records the table allows in the results, the
/// tabs' counts and the home page's figures, and no hidden title anywhere on them.
#[tokio::test]
async fn the_search_and_home_pages_show_exactly_the_records_the_table_allows() {
    each_world(async |world| {
        for who in Who::ALL {
            let cookie = page_cookie(world, who).await;
            let url = format!("/search?q={MARKER}&limit=50");
            let page = world.app.get_page(&url, cookie.as_deref()).await;
            assert_eq!(page.status.as_u16(), 200, "{}", page.text);
            let searchable = world.records.iter().filter(|r| r.searchable());
            let want = expected(who, searchable);
            assert_eq!(listed_ids(&page.text), want, "{who:?} on /search");
            assert!(
                page.text.contains(&format!("All ({})", want.len())),
                "{who:?} sees the count of all"
            );
            for (kind, tab) in [
                ("organisation", "Organisation"),
                ("partnership", "Partnership"),
                ("need", "Need"),
            ] {
                let n = expected(who, world.records.iter().filter(|r| r.kind == kind)).len();
                let shown = format!("{tab} ({n})");
                assert!(page.text.contains(&shown), "{who:?}: {shown}");
            }
            let home = world.app.get_page("/", cookie.as_deref()).await;
            let partnerships = world.records.iter().filter(|r| r.kind == "partnership");
            let n = expected(who, partnerships).len();
            let figure = if n == 1 {
                "One partnership in the registry".to_owned()
            } else {
                format!("{n} partnerships in the registry")
            };
            assert!(home.text.contains(&figure), "{who:?}: {figure}");
            for rec in world.records.iter().filter(|r| !sees(who, r.column)) {
                for (what, text) in [("/search", &page.text), ("/", &home.text)] {
                    assert!(
                        !text.contains(&rec.title),
                        "{who:?} sees {} on {what}",
                        rec.title
                    );
                }
            }
        }
    })
    .await;
}

/// The open-data downloads: every export holds exactly the records the table lets the viewer
/// see (by id, and no hidden title), with sensitive fields only where the table allows them.
#[tokio::test]
async fn the_open_data_downloads_hold_exactly_the_records_the_table_allows() {
    each_world(async |world| {
        for who in Who::ALL {
            let cookie = page_cookie(world, who).await;
            let page = world.app.get_page("/open-data", cookie.as_deref()).await;
            assert_eq!(page.status.as_u16(), 200, "{}", page.text);
            let mut files: Vec<(String, &str)> = RecordKind::ALL
                .into_iter()
                .map(|k| (format!("{}.jsonl", k.collection()), k.collection()))
                .collect();
            files.push(("organisations.csv".to_owned(), "organisations"));
            files.push(("organisations.jsonld".to_owned(), "organisations"));
            for (file, collection) in files {
                let url = format!("/open-data/{file}");
                assert!(page.text.contains(&url), "the page lists {file}");
                let r = world.app.get_page(&url, cookie.as_deref()).await;
                assert_eq!(r.status.as_u16(), 200, "{who:?} {file}: {}", r.text);
                for rec in world.records.iter().filter(|r| r.collection == collection) {
                    let what = format!("{who:?} and {} in {file}", rec.title);
                    let seen = sees(who, rec.column);
                    assert_eq!(r.text.contains(&rec.id), seen, "{what}");
                    if !seen {
                        assert!(!r.text.contains(&rec.title), "{what}");
                    }
                    for secret in secrets(rec) {
                        let shown = r.text.contains(&secret);
                        assert_eq!(shown, seen && sees_sensitive(who, rec.column), "{what}");
                    }
                }
            }
        }
    })
    .await;
}
