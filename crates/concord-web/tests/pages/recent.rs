//! Pages: recent changes list the latest revisions across the site that the viewer may see,
//! newest first, filter by kind and by user, and page with plain links.

use axum::http::StatusCode;
use concord_domain::Role;
use serde_json::json;

use crate::records::{PASSWORD, page_path};
use crate::support::{Backend, TestApp, organisation, partnership};

on_both_backends!(
    recent_changes_show_the_latest_revisions_and_filter_by_kind_and_user,
    a_restricted_records_revisions_are_absent_for_a_visitor_and_shown_to_its_reader,
    recent_changes_page_with_plain_links,
    a_record_made_restricted_leaves_a_visitors_recent_changes_and_start_page,
);

async fn recent_changes_show_the_latest_revisions_and_filter_by_kind_and_user(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let other = app.token("other", vec![Role::Admin]).await;
    let (org, _, _) = app
        .create("organisations", &organisation("Lighthouse Museum"), &admin)
        .await;
    let (p, _, _) = app
        .create("partnerships", &partnership("Lighthouse photos"), &other)
        .await;
    let all = app.get_page("/recent-changes", None).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    let (o, q) = (page_path(&org), page_path(&p));
    assert!(
        all.text
            .contains(&format!(r#"<a href="{o}">Lighthouse Museum</a>"#)),
        "{}",
        all.text
    );
    assert!(
        all.text
            .contains(&format!(r#"<a href="{q}">Lighthouse photos</a>"#))
    );
    let newest = all.text.find("Lighthouse photos").unwrap();
    assert!(
        newest < all.text.find("Lighthouse Museum").unwrap(),
        "newest first"
    );
    let kind = app
        .get_page("/recent-changes?kind=partnership", None)
        .await
        .text;
    assert!(kind.contains("Lighthouse photos") && !kind.contains("Lighthouse Museum"));
    assert!(kind.contains(r#"<option value="partnership" selected>"#));
    let author = app.get_json(&format!("{org}/history"), Some(&admin)).await;
    let author = author.json["items"][0]["author"]
        .as_str()
        .unwrap()
        .to_owned();
    let by = app
        .get_page(&format!("/recent-changes?user={author}"), None)
        .await
        .text;
    assert!(
        by.contains("Lighthouse Museum") && !by.contains("Lighthouse photos"),
        "{by}"
    );
    let nobody = app.get_page("/recent-changes?user=nobody", None).await.text;
    assert!(nobody.contains("No changes match."));
    assert_eq!(
        app.get_page("/recent-changes?kind=spaceship", None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

async fn a_restricted_records_revisions_are_absent_for_a_visitor_and_shown_to_its_reader(
    backend: Backend,
) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let reader = app
        .create_account("reader", PASSWORD, &[Role::Member])
        .await;
    let mut body = organisation("Hidden Vault of Zenda");
    body["visibility"] = json!("restricted");
    body["readers"] = json!([reader.id.to_string()]);
    app.create("organisations", &body, &admin).await;
    app.create("organisations", &organisation("Open Library"), &admin)
        .await;
    let visitor = app.get_page("/recent-changes", None).await.text;
    assert!(visitor.contains("Open Library"));
    assert!(!visitor.contains("Hidden Vault"), "{visitor}");
    let cookie = app.login("reader", PASSWORD).await;
    let named = app.get_page("/recent-changes", Some(&cookie)).await.text;
    assert!(named.contains("Hidden Vault of Zenda"), "{named}");
}

async fn recent_changes_page_with_plain_links(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (api, mut rev, _) = app
        .create("organisations", &organisation("Name 0"), &admin)
        .await;
    for i in 1..=55 {
        let name = json!({"name": format!("Name {i}")});
        rev = app.patch_json(&api, &name, Some(&admin), rev).await.etag();
    }
    let first = app.get_page("/recent-changes", None).await.text;
    assert_eq!(
        first.matches("<tr>").count() - 1,
        50,
        "a page of 50 and a header row"
    );
    let start = first
        .find(r#"href="/recent-changes?before="#)
        .expect("an older link");
    let rest = &first[start + 6..];
    let older = rest[..rest.find('"').unwrap()].replace("&#38;", "&");
    let second = app.get_page(&older, None).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(
        second.text.matches("<tr>").count() - 1,
        6,
        "{}",
        second.text
    );
    assert!(
        second.text.contains(r#"href="/recent-changes""#),
        "a link to the newest"
    );
    let more = second.text.contains(r#"href="/recent-changes?before="#);
    assert!(!more, "no page after the last");
}

async fn a_record_made_restricted_leaves_a_visitors_recent_changes_and_start_page(
    backend: Backend,
) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (api, rev, _) = app
        .create("organisations", &organisation("Marsh Gallery"), &admin)
        .await;
    let hide = json!({"visibility": "restricted"});
    let r = app.patch_json(&api, &hide, Some(&admin), rev).await;
    assert_eq!(r.status, 200, "{}", r.text);
    app.create("organisations", &organisation("Open Library"), &admin)
        .await;
    for path in ["/recent-changes", "/"] {
        let visitor = app.get_page(path, None).await.text;
        assert!(visitor.contains("Open Library"), "{path}: {visitor}");
        assert!(
            !visitor.contains("Marsh Gallery"),
            "{path} shows the public revision of a record now restricted: {visitor}"
        );
    }
}
