//! axe-core, injected into every page type in light and dark, in English and Arabic, finds no
//! serious or critical WCAG 2.1 A or AA violation (issue #12, item 5).

use crate::harness::{Browser, Scheme};

/// axe-core, vendored for the tests only (see `axe/README.md`).
const AXE: &str = include_str!("axe/axe.min.js");

/// One path of each page type there is so far (the log-in form also stands for the error
/// pages' frame; a sign-up link that does not exist is an error page). The search page is
/// checked with results, filters and a next page (see [`fill`]); the record pages are added by
/// [`record_pages`], the form pages and the conflict page (logged in) by [`form_pages`] and
/// [`open_conflict`].
const PAGES: [&str; 8] = [
    "/",
    "/inquire",
    "/login",
    "/open-data",
    "/routing",
    "/signup/no-such-invitation",
    "/search",
    "/search?q=archive&area=content_glam&limit=2",
];

/// The pages checked once logged in as an admin (after [`PAGES`] and the record pages).
const LOGGED_IN_PAGES: [&str; 6] = [
    "/import",
    "/routing-rules/new",
    "/red-lines/new",
    "/approval-policies/new",
    "/assessment-templates/new",
    "/inbox",
];

/// Organisations and partnerships for the home page's figures and the search page's results.
async fn fill(browser: &Browser) {
    let app = &browser.app;
    let admin = app.admin().await;
    for i in 0..3 {
        let name = format!("Photo archive {i}");
        app.create(
            "organisations",
            &concord_testapp::organisation(&name),
            &admin,
        )
        .await;
        let title = format!("Archive scanning {i}");
        app.create(
            "partnerships",
            &concord_testapp::partnership(&title),
            &admin,
        )
        .await;
    }
}

/// The serious and critical violations axe finds on the page open in `browser`.
async fn violations(browser: &Browser) -> Vec<String> {
    browser
        .client
        .execute(&format!("{AXE}\nreturn true;"), vec![])
        .await
        .unwrap();
    let found = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
               .then(r => done(r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ' (' + v.impact + '): ' +
                      v.nodes.map(n => n.target.join(' ')).join(', '))))
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// A partnership between two organisations, changed once: its page, its history and the
/// diff of its two revisions.
async fn record_pages(browser: &Browser) -> Vec<String> {
    let app = &browser.app;
    let admin = app
        .token("record-pages", vec![concord_domain::Role::Admin])
        .await;
    let org = concord_testapp::organisation;
    let (_, _, a) = app.create("organisations", &org("Museum A"), &admin).await;
    let (_, _, b) = app.create("organisations", &org("Library B"), &admin).await;
    let mut body = concord_testapp::partnership("Scans of maps");
    body["parties"] = serde_json::json!([
        {"organisation": a["id"], "role": "lead"},
        {"organisation": b["id"], "role": "partner"}
    ]);
    body["milestones"] = serde_json::json!([{"title": "First maps", "due": "2026-01-01"}]);
    let (api, first, _) = app.create("partnerships", &body, &admin).await;
    let patch = serde_json::json!({"summary": {"en": "Old maps, scanned."}});
    let second = app
        .patch_json(&api, &patch, Some(&admin), first)
        .await
        .etag();
    let path = api.trim_start_matches("/api/v1").to_owned();
    // The front door's status page, of an inquiry routed to a chapter.
    let mut chapter = org("Wikimedia Nederland");
    chapter["movement_entity"] = serde_json::json!({"kind": "chapter", "countries": ["NL"]});
    app.create("organisations", &chapter, &admin).await;
    let inquiry = concord_testapp::inquiry("Museum A", "NL");
    let (_, received) = app.inquire(&inquiry, None).await;
    vec![
        path.clone(),
        format!("{path}/history"),
        format!("{path}/diff?from={first}&to={second}"),
        "/recent-changes".to_owned(),
        received["status_link"].as_str().unwrap().to_owned(),
    ]
}

/// The form pages, which need an account: logs the browser in as an admin, then returns the
/// paths of a new partnership's form, of an existing one's edit form (with two parties) and
/// of a new inquiry's page with its decision forms.
async fn form_pages(browser: &Browser, records: &[String]) -> Vec<String> {
    browser
        .log_in("axe-admin", &[concord_domain::Role::Admin])
        .await;
    let inquiry = concord_testapp::inquiry("Library B", "NL");
    let (api, _) = browser.app.inquire(&inquiry, None).await;
    vec![
        "/partnerships/new".to_owned(),
        format!("{}/edit", records[0]),
        api.trim_start_matches("/api/v1").to_owned(),
    ]
}

/// The conflict page in `lang`: the editor opens the edit form of the partnership at
/// `record`, someone else saves it through the API, then the editor saves.
async fn open_conflict(browser: &Browser, record: &str, lang: &str) -> String {
    let path = format!("{record}/edit?uselang={lang}");
    browser.open(&path).await;
    let app = &browser.app;
    let admin = app
        .token(
            &format!("conflict-{lang}"),
            vec![concord_domain::Role::Admin],
        )
        .await;
    let api = format!("/api/v1{record}");
    let rev = app.get_json(&api, Some(&admin)).await.etag();
    let title = format!("Scans of maps, {lang} {rev}");
    let r = app
        .patch_json(
            &api,
            &serde_json::json!({"title": {"en": title}}),
            Some(&admin),
            rev,
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text);
    browser
        .eval(
            "const f = document.querySelector('#field-title'); f.value = f.value + ' (mine)';
             document.querySelector('form.concord-form').submit(); return true;",
        )
        .await;
    for _ in 0..50 {
        let found = browser
            .eval("return !!document.querySelector('.concord-conflict');")
            .await;
        if found == serde_json::Value::Bool(true) {
            return path;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no conflict page after saving {path}");
}

async fn every_page_passes_axe_in(scheme: Scheme) {
    let Some(browser) = Browser::start_in(scheme).await else {
        return;
    };
    fill(&browser).await;
    let records = record_pages(&browser).await;
    browser.open("/").await;
    let dark = browser
        .eval("return matchMedia('(prefers-color-scheme: dark)').matches;")
        .await;
    assert_eq!(
        dark,
        matches!(scheme, Scheme::Dark),
        "the browser prefers {scheme:?}"
    );
    let mut problems = Vec::new();
    for lang in ["en", "ar"] {
        for page in PAGES
            .iter()
            .copied()
            .chain(records.iter().map(String::as_str))
        {
            let separator = if page.contains('?') { '&' } else { '?' };
            let path = format!("{page}{separator}uselang={lang}");
            browser.open(&path).await;
            for v in violations(&browser).await {
                problems.push(format!("{path} ({scheme:?}): {v}"));
            }
        }
    }
    // The form pages and the conflict page, logged in.
    let forms = form_pages(&browser, &records).await;
    for lang in ["en", "ar"] {
        for page in &forms {
            let path = format!("{page}?uselang={lang}");
            browser.open(&path).await;
            for v in violations(&browser).await {
                problems.push(format!("{path} ({scheme:?}): {v}"));
            }
        }
        let path = open_conflict(&browser, &records[0], lang).await;
        for v in violations(&browser).await {
            problems.push(format!("conflict of {path} ({scheme:?}): {v}"));
        }
        // The import page (logged in as the admin of the form pages).
        for page in LOGGED_IN_PAGES {
            let path = format!("{page}?uselang={lang}");
            browser.open(&path).await;
            for v in violations(&browser).await {
                problems.push(format!("{path} ({scheme:?}, logged in): {v}"));
            }
        }
    }
    browser.close().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn every_page_type_passes_axe_in_light_mode() {
    every_page_passes_axe_in(Scheme::Light).await;
}

#[tokio::test]
async fn every_page_type_passes_axe_in_dark_mode() {
    every_page_passes_axe_in(Scheme::Dark).await;
}

#[tokio::test]
async fn axe_reports_a_violation_made_on_purpose() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.open("/login").await;
    browser
        .eval("document.querySelector('label[for=username]').remove(); return true;")
        .await;
    let found = violations(&browser).await;
    browser.close().await;
    assert!(
        found.iter().any(|v| v.starts_with("label (critical)")),
        "axe should report the unlabelled field: {found:?}"
    );
}
