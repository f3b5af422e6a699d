//! Pages: `/search`. Results, tabs, facets and pages as plain links; visibility in results,
//! tab counts and facet counts; escaping; the size of a page of 50; bad parameters as a 400.

use axum::http::StatusCode;
use concord_domain::Role;
use serde_json::{Value, json};

use crate::support::{Backend, TestApp, organisation, partnership};

on_both_backends!(
    results_tabs_and_facets_are_links_that_narrow_the_search,
    pages_follow_one_another_and_hold_twenty_by_default,
    a_restricted_record_is_absent_for_a_visitor_and_present_for_its_reader,
    a_hostile_title_is_escaped_in_results_and_facets,
    a_page_of_fifty_results_stays_under_sixty_kilobytes,
    bad_parameters_give_a_400_page_naming_them,
    an_empty_search_explains_what_can_be_searched,
);

const PASSWORD: &str = "correct horse battery";

/// Undoes askama's escaping of `&` and quotes in an attribute.
pub fn unescape(href: &str) -> String {
    href.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
}

/// The results' titles on a search page.
pub fn titles(html: &str) -> Vec<String> {
    html.split(r#"class="concord-result-title" href=""#)
        .skip(1)
        .map(|rest| {
            let text = &rest[rest.find('>').unwrap() + 1..];
            text[..text.find("</a>").unwrap()].to_owned()
        })
        .collect()
}

/// The link (unescaped) whose href ends with `ending`, and the count shown after it.
pub fn facet(html: &str, ending: &str) -> Option<(String, u64)> {
    let escaped = ending.replace('&', "&#38;");
    let at = html.find(&format!("{escaped}\""))?;
    let start = html[..at].rfind("href=\"")? + "href=\"".len();
    let href = unescape(&html[start..at + escaped.len()]);
    let rest = &html[at..];
    let count = &rest[rest.find(r#"class="concord-count">"#)? + 22..];
    let count = count[..count.find('<')?].replace([',', '.', '\u{a0}'], "");
    Some((href, count.parse().ok()?))
}

/// The href (unescaped) of the link with `rel`.
fn rel_link(html: &str, rel: &str) -> Option<String> {
    let at = html.find(&format!(r#"rel="{rel}""#))?;
    let start = html[..at].rfind("href=\"")? + "href=\"".len();
    let end = start + html[start..].find('"')?;
    Some(unescape(&html[start..end]))
}

async fn create(app: &TestApp, collection: &str, body: &Value, token: &str) -> String {
    let (_, _, created) = app.create(collection, body, token).await;
    created["id"].as_str().unwrap().to_owned()
}

async fn results_tabs_and_facets_are_links_that_narrow_the_search(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let museum = create(
        &app,
        "organisations",
        &organisation("Quokka Museum"),
        &admin,
    )
    .await;
    let library = json!({"name": "Quokka Library", "kind": "library", "country": "SE"});
    create(&app, "organisations", &library, &admin).await;
    let mut body = partnership("Quokka scanning");
    body["parties"] = json!([{"organisation": museum, "role": "partner"}]);
    body["title"]["de"] = json!("Quokka-Digitalisierung");
    create(&app, "partnerships", &body, &admin).await;

    let page = app.get_page("/search?q=quokka", None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(titles(&page.text).len(), 3, "{}", page.text);
    assert!(page.text.contains("All (3)"));
    assert!(page.text.contains("Organisation (2)"));
    assert!(page.text.contains("Partnership (1)"));
    assert!(
        page.text.contains("Parties: Quokka Museum"),
        "{}",
        page.text
    );
    assert!(page.text.contains(r#"href="/partnerships/"#));
    assert!(page.text.contains(r#"role="search""#));

    let (href, count) = facet(&page.text, "country=SE").expect("a country facet");
    assert_eq!(count, 1);
    let narrowed = app.get_page(&href, None).await;
    assert_eq!(titles(&narrowed.text), ["Quokka Library"]);
    let (back, _) = facet(&narrowed.text, "/search?q=quokka").expect("a removable filter");
    assert_eq!(titles(&app.get_page(&back, None).await.text).len(), 3);

    let tab = app
        .get_page("/search?q=quokka&type=organisation", None)
        .await;
    assert_eq!(titles(&tab.text).len(), 2);
    assert!(
        tab.text.contains("All (3)"),
        "the other tabs keep their counts"
    );
    assert!(tab.text.contains(r#"aria-current="page">Organisation (2)"#));

    let german = app
        .get_page("/search?q=quokka&type=partnership&uselang=de", None)
        .await;
    assert_eq!(titles(&german.text), ["Quokka-Digitalisierung"]);
    let french = app
        .get_page("/search?q=quokka&type=partnership&uselang=fr", None)
        .await;
    assert!(
        french
            .text
            .contains(r#"lang="en" dir="auto">Quokka scanning</a>"#),
        "{}",
        french.text
    );

    let by_name = app.get_page("/search?q=quokka&sort=name", None).await;
    let names = titles(&by_name.text);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

async fn pages_follow_one_another_and_hold_twenty_by_default(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    for i in 0..25 {
        let body = organisation(&format!("Wombat archive {i:02}"));
        create(&app, "organisations", &body, &admin).await;
    }
    let first = app.get_page("/search?q=wombat&sort=name", None).await;
    assert_eq!(titles(&first.text).len(), 20);
    assert!(first.text.contains("Results 1–20 of 25"), "{}", first.text);
    assert!(rel_link(&first.text, "prev").is_none());
    let next = rel_link(&first.text, "next").expect("a next page");
    let second = app.get_page(&next, None).await;
    assert_eq!(titles(&second.text).len(), 5);
    assert!(second.text.contains("Results 21–25 of 25"));
    assert!(rel_link(&second.text, "next").is_none());
    let previous = rel_link(&second.text, "prev").expect("a previous page");
    assert_eq!(
        titles(&app.get_page(&previous, None).await.text),
        titles(&first.text)
    );
    let all = app.get_page("/search?q=wombat&limit=50", None).await;
    assert_eq!(titles(&all.text).len(), 25);
}

async fn a_restricted_record_is_absent_for_a_visitor_and_present_for_its_reader(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let alice = app.create_account("alice", PASSWORD, &[Role::Member]).await;
    let cookie = app.login("alice", PASSWORD).await;
    create(&app, "partnerships", &partnership("Numbat open"), &admin).await;
    let mut hidden = partnership("Numbat secret");
    hidden["visibility"] = json!("restricted");
    hidden["readers"] = json!([alice.id.to_string()]);
    hidden["areas"] = json!(["education"]);
    create(&app, "partnerships", &hidden, &admin).await;

    let visitor = app.get_page("/search?q=numbat", None).await;
    assert_eq!(titles(&visitor.text), ["Numbat open"]);
    assert!(!visitor.text.contains("Numbat secret"));
    assert!(visitor.text.contains("All (1)") && visitor.text.contains("Partnership (1)"));
    assert!(facet(&visitor.text, "area=education").is_none());
    assert_eq!(facet(&visitor.text, "area=content_glam").unwrap().1, 1);

    let reader = app.get_page("/search?q=numbat", Some(&cookie)).await;
    assert_eq!(titles(&reader.text).len(), 2);
    assert!(reader.text.contains("Numbat secret"));
    assert!(reader.text.contains("Partnership (2)"));
    assert_eq!(facet(&reader.text, "area=education").unwrap().1, 1);
    assert_eq!(facet(&reader.text, "area=content_glam").unwrap().1, 1);
}

async fn a_hostile_title_is_escaped_in_results_and_facets(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let hostile = r#"Dingo <script>alert(1)</script> "><img src=x onerror=alert(1)>"#;
    let org = create(&app, "organisations", &organisation(hostile), &admin).await;
    let mut body = partnership(hostile);
    body["parties"] = json!([{"organisation": org, "role": "lead"}]);
    create(&app, "partnerships", &body, &admin).await;
    let page = app.get_page("/search?q=dingo", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text.contains("<script>alert"), "{}", page.text);
    assert!(!page.text.contains("<img src=x"), "{}", page.text);
    assert!(
        page.text
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;")
    );
    let typed = app
        .get_page("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", None)
        .await;
    assert_eq!(typed.status, StatusCode::OK);
    assert!(!typed.text.contains("<script>alert"), "{}", typed.text);
}

async fn a_page_of_fifty_results_stays_under_sixty_kilobytes(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let mut parties = Vec::new();
    for i in 0..3 {
        let body = organisation(&format!(
            "Bilby Heritage Foundation of the Northern Region {i}"
        ));
        parties.push(create(&app, "organisations", &body, &admin).await);
    }
    for i in 0..60 {
        let mut body = partnership(&format!(
            "Bilby digitisation of the regional photographic archive, phase {i}"
        ));
        body["summary"] = json!({"en": "A long summary of the work: scanning, describing and \
            uploading tens of thousands of photographs to Wikimedia Commons, with volunteers \
            and staff working together over three years, and reporting on the outcomes."});
        body["parties"] = json!(
            parties
                .iter()
                .map(|p| json!({"organisation": p, "role": "partner"}))
                .collect::<Vec<_>>()
        );
        create(&app, "partnerships", &body, &admin).await;
    }
    let page = app
        .get_page("/search?q=bilby&type=partnership&limit=50", None)
        .await;
    assert_eq!(titles(&page.text).len(), 50);
    assert!(
        page.text.len() <= 61_440,
        "a page of 50 results is {} bytes",
        page.text.len()
    );
}

async fn bad_parameters_give_a_400_page_naming_them(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    for (query, parameter) in [
        ("limit=51", "limit"),
        ("limit=zero", "limit"),
        ("sort=random", "sort"),
        ("colour=red", "colour"),
        ("type=person", "type"),
        ("cursor=garbage", "cursor"),
        ("q=a&q=b", "q"),
    ] {
        let r = app.get_page(&format!("/search?{query}"), None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}: {}", r.text);
        assert!(r.text.contains("<!doctype html>"), "{query}");
        assert!(
            r.text.contains(&format!("“{parameter}”")),
            "{query} names {parameter}: {}",
            r.text
        );
    }
}

async fn an_empty_search_explains_what_can_be_searched(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let page = app.get_page("/search", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("What you can search"), "{}", page.text);
    assert!(page.text.contains(r#"href="/search?type=partnership""#));
    let none = app
        .get_page("/search?q=nothingmatchesthis&area=education", None)
        .await;
    assert!(none.text.contains("No records match this search."));
    assert!(
        none.text
            .contains("Try removing some of the filters above.")
    );
}
