//! Pages: creating and editing through forms, refusals beside their fields, and edit
//! conflicts resolved field by field.

use axum::http::StatusCode;
use concord_domain::Role;
use serde_json::json;

use crate::support::{Backend, TestApp, organisation};

on_both_backends!(
    an_organisation_is_created_and_edited_through_its_forms,
    a_refused_form_names_each_field_keeps_the_text_and_saves_nothing,
    an_edit_conflict_shows_both_versions_and_saves_the_chosen_ones,
    a_change_by_both_offers_the_editors_text_first,
    visitors_and_members_cannot_edit_and_a_hidden_record_is_not_found,
);

const PASSWORD: &str = "correct horse battery";

/// An app with a logged-in admin (the session's cookie) and an admin's API token; `None` when
/// the backend is not configured.
async fn with_admin(backend: Backend) -> Option<(TestApp, String, String)> {
    let app = TestApp::on(backend).await?;
    app.create_account("ada", PASSWORD, &[Role::Admin]).await;
    let cookie = app.login("ada", PASSWORD).await;
    let token = app.admin().await;
    Some((app, cookie, token))
}

/// The value of the hidden `base` field of a form page.
fn base_of(page: &str) -> String {
    let at = page.find(r#"name="base" value=""#).expect("a base field");
    let rest = &page[at + r#"name="base" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// The record at an API path, as the admin token sees it.
async fn stored(app: &TestApp, token: &str, path: &str) -> serde_json::Value {
    let r = app.get_json(path, Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json
}

async fn an_organisation_is_created_and_edited_through_its_forms(backend: Backend) {
    let Some((app, cookie, token)) = with_admin(backend).await else {
        return;
    };
    let form = app.get_page("/organisations/new", Some(&cookie)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(
        form.text
            .contains(r#"<label class="cdx-label__label" for="field-name">"#)
    );
    assert!(form.text.contains(r#"<option value="museum">"#));
    let created = app
        .post_form(
            "/organisations/new",
            &[
                ("lang", "en"),
                ("name", "Moderna Museet"),
                ("kind", "museum"),
                ("country", "se"),
                ("website", "https://www.modernamuseet.se/"),
                ("description", "Museum of modern art in Stockholm"),
                ("wikidata", "q1140402"),
                ("isil", ""),
                ("visibility", "public"),
                ("tags", "art, modern ,"),
                ("edit_summary", "from the museum's own site"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let page = created.location().to_owned();
    assert!(page.starts_with("/organisations/"), "{page}");
    let api = format!("/api/v1{page}");
    let record = stored(&app, &token, &api).await;
    assert_eq!(record["name"], "Moderna Museet");
    assert_eq!(record["country"], "SE");
    assert_eq!(record["identifiers"]["wikidata"], "Q1140402");
    assert_eq!(
        record["description"]["en"],
        "Museum of modern art in Stockholm"
    );
    assert_eq!(record["tags"], json!(["art", "modern"]));

    let edit = app.get_page(&format!("{page}/edit"), Some(&cookie)).await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.text);
    assert!(edit.text.contains(r#"value="Moderna Museet""#));
    assert!(edit.text.contains(r#"<option value="SE" selected>"#));
    let base = base_of(&edit.text);
    let saved = app
        .post_form(
            &format!("{page}/edit"),
            &[
                ("base", &base),
                ("lang", "en"),
                ("name", "Moderna Museet Stockholm"),
                ("kind", "museum"),
                ("country", "SE"),
                ("website", "https://www.modernamuseet.se/"),
                ("description", "Museum of modern art in Stockholm"),
                ("wikidata", "Q1140402"),
                ("visibility", "public"),
                ("tags", "art, modern"),
                ("edit_summary", "its full name"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert_eq!(saved.location(), page);
    let record = stored(&app, &token, &api).await;
    assert_eq!(record["name"], "Moderna Museet Stockholm");
    let history = app.get_json(&format!("{api}/history"), Some(&token)).await;
    let summaries: Vec<&str> = history.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["summary"].as_str())
        .collect();
    assert_eq!(summaries, ["its full name", "from the museum's own site"]);
}

async fn a_refused_form_names_each_field_keeps_the_text_and_saves_nothing(backend: Backend) {
    let Some((app, cookie, token)) = with_admin(backend).await else {
        return;
    };
    let head = app.head().await;
    let r = app
        .post_form(
            "/organisations/new?uselang=qqx",
            &[
                ("lang", "en"),
                ("name", ""),
                ("kind", "museum"),
                ("wikidata", "X<b>1"),
                ("website", "not a web address"),
                ("visibility", "public"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(app.head().await, head, "a refused form wrote something");
    // The summary at the top links each refused field; each field says why, in the reader's
    // language (qqx shows the message keys), and keeps what was typed, escaped.
    assert!(r.text.contains(r##"href="#field-name""##));
    assert!(r.text.contains(r##"href="#field-wikidata""##));
    assert!(r.text.contains(r##"href="#field-website""##));
    assert!(r.text.contains("(concord-edit-error-required)"));
    // (A QID is upper-cased as it is read.)
    assert!(
        r.text
            .contains("(concord-edit-error-malformed: X&#60;B&#62;1)"),
        "{}",
        r.text
    );
    assert!(r.text.contains(r#"value="X&#60;B&#62;1""#));
    assert!(!r.text.contains("X<B>1"));
    assert!(r.text.contains(r#"aria-describedby="field-name-error""#));
    assert!(r.text.contains(r#"aria-invalid="true""#));

    // An unknown choice is refused by name too.
    let r = app
        .post_form(
            "/organisations/new",
            &[
                ("name", "A"),
                ("kind", "spaceship"),
                ("visibility", "nobody"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains(r##"href="#field-kind""##));
    assert!(r.text.contains(r##"href="#field-visibility""##));
    assert_eq!(app.head().await, head);

    // A form without its base revision is a clear error, not a save.
    let (path, _, _) = app
        .create("organisations", &organisation("Rijksmuseum"), &token)
        .await;
    let page = path.trim_start_matches("/api/v1");
    let head = app.head().await;
    let r = app
        .post_form(&format!("{page}/edit"), &[("name", "B")], Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert!(r.text.contains("base"));
    assert_eq!(app.head().await, head);
}

/// The fields of an organisation form as posted, with these names changed.
fn fields<'a>(base: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![
        ("base", base),
        ("lang", "en"),
        ("name", "Rijksmuseum"),
        ("kind", "museum"),
        ("country", "NL"),
        ("description", "The national museum"),
        ("visibility", "public"),
    ];
    for (name, value) in changes {
        if let Some(slot) = all.iter_mut().find(|(n, _)| n == name) {
            slot.1 = value;
        }
    }
    all
}

async fn an_edit_conflict_shows_both_versions_and_saves_the_chosen_ones(backend: Backend) {
    let Some((app, cookie, token)) = with_admin(backend).await else {
        return;
    };
    let body = json!({"name": "Rijksmuseum", "kind": "museum", "country": "NL",
        "description": {"en": "The national museum"}});
    let (api, opened, _) = app.create("organisations", &body, &token).await;
    let page = api.trim_start_matches("/api/v1").to_owned();
    // Someone else renames it after the editor opened the form.
    let r = app
        .patch_json(
            &api,
            &json!({"name": "Rijksmuseum Amsterdam"}),
            Some(&token),
            opened,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let head = app.head().await;
    let base = opened.to_string();
    let mine = fields(
        &base,
        &[("description", "The national museum of the Netherlands")],
    );
    let r = app
        .post_form(&format!("{page}/edit"), &mine, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert_eq!(app.head().await, head, "a conflict saved something");
    // Both versions of both changed fields, the words that differ marked.
    assert!(r.text.contains("Rijksmuseum Amsterdam"));
    assert!(r.text.contains("<ins> of the Netherlands</ins>"));
    assert!(r.text.contains("<ins>") && r.text.contains("<del>"));
    // Their rename is offered first for the name, the editor's text for the description.
    assert!(
        r.text
            .contains(r#"id="pick-name-saved" name="name" value="Rijksmuseum Amsterdam" checked>"#)
    );
    assert!(r.text.contains(r#"id="pick-description-yours" name="description" value="The national museum of the Netherlands" checked>"#));
    // The resolution is saved on the revision shown.
    let shown = base_of(&r.text);
    assert_eq!(shown, (opened + 1).to_string());
    let resolved = fields(
        &shown,
        &[
            ("name", "Rijksmuseum Amsterdam"),
            ("description", "The national museum of the Netherlands"),
        ],
    );
    let r = app
        .post_form(&format!("{page}/edit"), &resolved, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let record = stored(&app, &token, &api).await;
    assert_eq!(record["name"], "Rijksmuseum Amsterdam");
    assert_eq!(
        record["description"]["en"],
        "The national museum of the Netherlands"
    );
}

async fn a_change_by_both_offers_the_editors_text_first(backend: Backend) {
    let Some((app, cookie, token)) = with_admin(backend).await else {
        return;
    };
    let body = json!({"name": "Rijksmuseum", "kind": "museum", "country": "NL",
        "description": {"en": "The national museum"}});
    let (api, opened, _) = app.create("organisations", &body, &token).await;
    let page = api.trim_start_matches("/api/v1").to_owned();
    app.patch_json(&api, &json!({"name": "Their name"}), Some(&token), opened)
        .await;
    let base = opened.to_string();
    let mine = fields(&base, &[("name", "My <name>")]);
    let r = app
        .post_form(&format!("{page}/edit"), &mine, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(!r.text.contains("My <name>"));
    assert!(
        r.text
            .contains(r#"id="pick-name-yours" name="name" value="My &#60;name&#62;" checked>"#)
    );
    // The fields both agree on travel along unchanged.
    assert!(
        r.text
            .contains(r#"<input type="hidden" name="country" value="NL">"#)
    );
    let record = stored(&app, &token, &api).await;
    assert_eq!(record["name"], "Their name");
}

async fn visitors_and_members_cannot_edit_and_a_hidden_record_is_not_found(backend: Backend) {
    let Some((app, _admin, token)) = with_admin(backend).await else {
        return;
    };
    let (api, rev, _) = app
        .create("organisations", &organisation("Open"), &token)
        .await;
    let open = api.trim_start_matches("/api/v1").to_owned();
    let mut hidden = organisation("Hidden");
    hidden["visibility"] = json!("restricted");
    let (api, _, _) = app.create("organisations", &hidden, &token).await;
    let hidden = api.trim_start_matches("/api/v1").to_owned();
    app.create_account("mo", PASSWORD, &[Role::Member]).await;
    let member = app.login("mo", PASSWORD).await;
    let head = app.head().await;

    let visitor = app.get_page(&format!("{open}/edit"), None).await;
    assert!(visitor.status.is_client_error(), "{}", visitor.status);
    let r = app
        .post_form(
            &format!("{open}/edit"),
            &fields(&rev.to_string(), &[("name", "Vandal")]),
            None,
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    let r = app
        .post_form(
            &format!("{open}/edit"),
            &fields(&rev.to_string(), &[("name", "Vandal")]),
            Some(&member),
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert_eq!(app.head().await, head, "a refused edit wrote something");

    // A record the member may not see is not found, exactly like one that does not exist.
    let hidden_page = app.get_page(&format!("{hidden}/edit"), Some(&member)).await;
    let missing = app
        .get_page(
            "/organisations/00000000-0000-4000-8000-000000000000/edit",
            Some(&member),
        )
        .await;
    assert_eq!(hidden_page.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(!hidden_page.text.contains("Hidden"));
    let strip = |t: &str| {
        t.replace(&hidden, "")
            .replace("/organisations/00000000-0000-4000-8000-000000000000", "")
    };
    assert_eq!(strip(&hidden_page.text).len(), strip(&missing.text).len());
}
