//! Pages: the forms of partnerships, people, needs and glossary terms — created and edited,
//! refused field by field, parties found without JavaScript, a partnership's edit conflict,
//! the Edit and New links only for those who may, and typed text escaped.

use axum::http::StatusCode;
use concord_domain::Role;
use serde_json::{Value, json};

use crate::support::{Backend, TestApp, organisation, partnership};

on_both_backends!(
    a_partnership_gets_its_parties_found_without_javascript_then_is_edited,
    a_person_a_need_and_a_glossary_term_are_created_and_edited,
    a_refused_field_of_each_kind_is_named_in_the_summary,
    a_partnership_edit_conflict_is_resolved_field_by_field,
    only_those_who_may_edit_get_the_link_and_the_form,
    typed_text_is_escaped_on_the_forms_and_the_conflict_page,
    exchanges_obligations_and_reports_are_edited_and_financial_terms_kept,
    a_steward_who_may_not_see_the_financial_terms_edits_without_losing_them,
);

const PASSWORD: &str = "correct horse battery";

async fn with_admin(backend: Backend) -> Option<(TestApp, String, String)> {
    let app = TestApp::on(backend).await?;
    app.create_account("ada", PASSWORD, &[Role::Admin]).await;
    let cookie = app.login("ada", PASSWORD).await;
    let token = app.admin().await;
    Some((app, cookie, token))
}

fn base_of(page: &str) -> String {
    let at = page.find(r#"name="base" value=""#).expect("a base field");
    let rest = &page[at + r#"name="base" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

async fn stored(app: &TestApp, token: &str, path: &str) -> Value {
    let r = app.get_json(path, Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json
}

/// Creates an organisation through the API; returns its id.
async fn organisation_id(app: &TestApp, token: &str, name: &str) -> String {
    let (path, _, _) = app
        .create("organisations", &organisation(name), token)
        .await;
    path.rsplit('/').next().unwrap().to_owned()
}

/// The page path of an API path.
fn page_of(api: &str) -> String {
    api.trim_start_matches("/api/v1").to_owned()
}

async fn a_partnership_gets_its_parties_found_without_javascript_then_is_edited(backend: Backend) {
    let Some((app, cookie, token)) = with_admin(backend).await else {
        return;
    };
    let rijks = organisation_id(&app, &token, "Rijksmuseum").await;
    let wmnl = organisation_id(&app, &token, "Wikimedia Nederland").await;
    let form = app.get_page("/partnerships/new", Some(&cookie)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains(r#"for="field-title""#));
    assert!(
        form.text
            .contains(r#"type="checkbox" id="field-areas-1" name="areas""#)
    );
    assert!(form.text.contains(r#"name="parties-0-organisation""#));
    assert!(form.text.contains(r#"name="find" value="parties""#));
    assert!(form.text.contains(r#"type="date" id="field-start_date""#));
    assert!(
        !form.text.contains("Rijksmuseum"),
        "nothing offered before a Find"
    );

    let typed = [
        ("lang", "en"),
        ("title", "Open collections"),
        ("kind", "partnership"),
        ("areas", "content_glam"),
        ("areas", "education"),
        ("level", "national"),
        ("parties-blank", "1"),
        ("parties-0-organisation", ""),
        ("parties-0-role", ""),
        ("parties-find", "Rijksmuseum"),
        ("start_date", "2025-01-01"),
        ("milestones-0-title", "Upload"),
        ("milestones-0-due", "2025-06-30"),
        ("visibility", "public"),
        ("summary", "Scanning the old maps"),
        ("edit_summary", "agreed in May"),
    ];
    let head = app.head().await;
    // Find: the form again, everything typed kept, the organisations found offered.
    let mut find = typed.to_vec();
    find.push(("find", "parties"));
    let found = app
        .post_form("/partnerships/new", &find, Some(&cookie))
        .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text);
    assert_eq!(app.head().await, head, "a Find saved something");
    assert!(
        found
            .text
            .contains(&format!(r#"<option value="{rijks}">Rijksmuseum</option>"#)),
        "{}",
        found.text
    );
    assert!(!found.text.contains("Wikimedia Nederland"));
    assert!(found.text.contains(r#"value="Open collections""#));
    assert!(found.text.contains(r#"value="Rijksmuseum""#));
    assert!(found.text.contains(r#"value="education" checked"#));
    assert!(found.text.contains(r#"value="Upload""#));
    assert!(found.text.contains(r#"value="agreed in May""#));
    assert!(found.text.contains(">Scanning the old maps</textarea>"));
    assert!(found.text.contains(r#"role="status""#));

    // Enter in the search box (the hidden default button) finds too, and says what it found;
    // Enter again, the box unchanged, would save.
    let mut enter = typed.to_vec();
    enter.push(("default", "1"));
    let found = app
        .post_form("/partnerships/new", &enter, Some(&cookie))
        .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text);
    assert_eq!(app.head().await, head, "Enter in the search box saved");
    assert!(
        found
            .text
            .contains(&format!(r#"<option value="{rijks}">Rijksmuseum</option>"#))
    );
    assert!(
        found
            .text
            .contains(r#"name="parties-found" value="Rijksmuseum""#)
    );

    // "Add a row": one more empty row.
    let mut add = typed.to_vec();
    add.push(("add", "parties"));
    let more = app
        .post_form("/partnerships/new", &add, Some(&cookie))
        .await;
    assert_eq!(more.status, StatusCode::OK, "{}", more.text);
    assert!(more.text.contains(r#"name="parties-1-organisation""#));
    assert!(more.text.contains(r#"name="parties-blank" value="2""#));

    // Save with the party chosen in the empty row.
    let mut save: Vec<(&str, &str)> = typed
        .iter()
        .copied()
        .filter(|(n, _)| !n.starts_with("parties-0"))
        .collect();
    save.extend([
        ("parties-0-organisation", rijks.as_str()),
        ("parties-0-role", "lead"),
        ("parties-found", "Rijksmuseum"),
        ("default", "1"),
    ]);
    let created = app
        .post_form("/partnerships/new", &save, Some(&cookie))
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let page = created.location().to_owned();
    assert!(page.starts_with("/partnerships/"), "{page}");
    let api = format!("/api/v1{page}");
    let record = stored(&app, &token, &api).await;
    assert_eq!(record["title"]["en"], "Open collections");
    assert_eq!(record["areas"], json!(["content_glam", "education"]));
    assert_eq!(
        record["parties"],
        json!([{"organisation": rijks, "role": "lead"}])
    );
    assert_eq!(record["start_date"], "2025-01-01");
    assert_eq!(
        record["milestones"],
        json!([{"title": "Upload", "due": "2025-06-30"}])
    );
    assert_eq!(record["status"], "idea");
    // The partnership's summary and the edit summary are two fields.
    assert_eq!(record["summary"]["en"], "Scanning the old maps");
    let history = app.get_json(&format!("{api}/history"), Some(&token)).await;
    assert_eq!(history.json["items"][0]["summary"], "agreed in May");

    // Its page links to the form, which shows the party by name; a second party is added.
    let shown = app.get_page(&page, Some(&cookie)).await;
    assert!(shown.text.contains(&format!(r#"href="{page}/edit""#)));
    let edit = app.get_page(&format!("{page}/edit"), Some(&cookie)).await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.text);
    assert!(edit.text.contains(&format!(
        r#"<option value="{rijks}" selected>Rijksmuseum</option>"#
    )));
    assert!(edit.text.contains(r#"<option value="lead" selected>"#));
    let base = base_of(&edit.text);
    let saved = app
        .post_form(
            &format!("{page}/edit"),
            &[
                ("base", &base),
                ("lang", "en"),
                ("title", "Open collections"),
                ("kind", "partnership"),
                ("areas", "content_glam"),
                ("parties-0-organisation", &rijks),
                ("parties-0-role", "lead"),
                ("parties-1-organisation", &wmnl),
                ("parties-1-role", "partner"),
                ("end_date", "2026-12-31"),
                ("milestones-0-title", "Upload"),
                ("milestones-0-due", "2025-06-30"),
                ("milestones-0-reached", "2025-06-01"),
                ("visibility", "public"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let record = stored(&app, &token, &api).await;
    assert_eq!(record["areas"], json!(["content_glam"]));
    assert_eq!(
        record["parties"][1],
        json!({"organisation": wmnl, "role": "partner"})
    );
    assert_eq!(record["milestones"][0]["reached"], "2025-06-01");
    assert_eq!(record["end_date"], "2026-12-31");
    assert!(record.get("start_date").is_none() || record["start_date"].is_null());
}

async fn a_person_a_need_and_a_glossary_term_are_created_and_edited(backend: Backend) {
    let Some((app, cookie, token)) = with_admin(backend).await else {
        return;
    };
    let wmnl = organisation_id(&app, &token, "Wikimedia Nederland").await;

    // A person, with a membership found by Find and contact details.
    let found = app
        .post_form(
            "/people/new",
            &[
                ("name", "Sandra Fauconnier"),
                ("memberships-find", "Wikimedia Nederland"),
                ("find", "memberships"),
                ("visibility", "public"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text);
    assert!(found.text.contains(&format!(r#"<option value="{wmnl}">"#)));
    let created = app
        .post_form(
            "/people/new",
            &[
                ("name", "Sandra Fauconnier"),
                ("country", "NL"),
                ("region", "nwe"),
                ("memberships-0-organisation", &wmnl),
                ("memberships-0-role", "Board member"),
                ("memberships-0-since", "2020-03-01"),
                ("email", "sandra@example.org"),
                ("visibility", "public"),
                ("tags", "glam"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let page = created.location().to_owned();
    assert!(page.starts_with("/people/"), "{page}");
    let api = format!("/api/v1{page}");
    let person = stored(&app, &token, &api).await;
    assert_eq!(person["name"], "Sandra Fauconnier");
    assert_eq!(person["region"], "nwe");
    assert_eq!(person["memberships"][0]["role"], "Board member");
    assert_eq!(person["memberships"][0]["since"], "2020-03-01");
    assert_eq!(person["contact"]["email"], "sandra@example.org");
    let edit = app.get_page(&format!("{page}/edit"), Some(&cookie)).await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.text);
    assert!(edit.text.contains(r#"value="sandra@example.org""#));
    let saved = app
        .post_form(
            &format!("{page}/edit"),
            &[
                ("base", &base_of(&edit.text)),
                ("name", "Sandra Fauconnier"),
                ("country", "NL"),
                ("memberships-0-organisation", &wmnl),
                ("memberships-0-role", "Chair"),
                ("phone", "+31 20 000 0000"),
                ("email", "sandra@example.org"),
                ("visibility", "public"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let person = stored(&app, &token, &api).await;
    assert_eq!(person["memberships"][0]["role"], "Chair");
    assert_eq!(person["contact"]["phone"], "+31 20 000 0000");
    assert!(person.get("region").is_none() || person["region"].is_null());

    // A need.
    let form = app.get_page("/needs/new", Some(&cookie)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let created = app
        .post_form(
            "/needs/new",
            &[
                ("lang", "en"),
                ("title", "Digitise rare maps"),
                ("description", "Scans of 19th-century maps"),
                ("area", "content_glam"),
                ("countries", "nl, be"),
                ("regions", "nwe"),
                ("year", "2025"),
                ("supporters", "Library A, Library B"),
                ("status", "open"),
                ("visibility", "public"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let page = created.location().to_owned();
    let api = format!("/api/v1{page}");
    let need = stored(&app, &token, &api).await;
    assert_eq!(need["title"]["en"], "Digitise rare maps");
    assert_eq!(need["countries"], json!(["NL", "BE"]));
    assert_eq!(need["regions"], json!(["nwe"]));
    assert_eq!(need["year"], 2025);
    assert_eq!(need["supporters"], json!(["Library A", "Library B"]));
    let edit = app.get_page(&format!("{page}/edit"), Some(&cookie)).await;
    assert!(
        edit.text.contains(r#"value="nwe" checked"#),
        "{}",
        edit.text
    );
    let saved = app
        .post_form(
            &format!("{page}/edit"),
            &[
                ("base", &base_of(&edit.text)),
                ("lang", "en"),
                ("title", "Digitise rare maps"),
                ("area", "content_glam"),
                ("status", "matched"),
                ("visibility", "public"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let need = stored(&app, &token, &api).await;
    assert_eq!(need["status"], "matched");
    assert!(need["description"].get("en").is_none());

    // A glossary term, edited in German beside its English text.
    let created = app
        .post_form(
            "/glossary/new",
            &[
                ("lang", "en"),
                ("term", "GLAM"),
                ("definition", "Galleries, libraries, archives and museums"),
                ("visibility", "public"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let page = created.location().to_owned();
    let api = format!("/api/v1{page}");
    let edit = app.get_page(&format!("{page}/edit"), Some(&cookie)).await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.text);
    let saved = app
        .post_form(
            &format!("{page}/edit"),
            &[
                ("base", &base_of(&edit.text)),
                ("lang", "de"),
                ("term", "GLAM"),
                ("definition", "Galerien, Bibliotheken, Archive und Museen"),
                ("visibility", "public"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let term = stored(&app, &token, &api).await;
    assert_eq!(
        term["definition"],
        json!({"en": "Galleries, libraries, archives and museums",
            "de": "Galerien, Bibliotheken, Archive und Museen"})
    );
}

/// A form's path, what is posted to it, and the fields it refuses.
type Case = (
    &'static str,
    Vec<(&'static str, &'static str)>,
    &'static [&'static str],
);

async fn a_refused_field_of_each_kind_is_named_in_the_summary(backend: Backend) {
    let Some((app, cookie, _token)) = with_admin(backend).await else {
        return;
    };
    let head = app.head().await;
    let cases: [Case; 4] = [
        (
            "/partnerships/new",
            vec![
                ("title", "A"),
                ("kind", "spaceship"),
                ("start_date", "2025-02-01"),
                ("end_date", "2025-01-01"),
                ("review_date", "soon"),
                ("parties-0-organisation", "not-an-id"),
                ("parties-0-role", "lead"),
                ("visibility", "public"),
            ],
            &["kind", "end_date", "review_date", "parties"],
        ),
        (
            "/people/new",
            vec![("name", ""), ("visibility", "public")],
            &["name"],
        ),
        (
            "/needs/new",
            vec![
                ("title", "A need"),
                ("area", "content_glam"),
                ("year", "soon"),
                ("status", "open"),
                ("visibility", "public"),
            ],
            &["year"],
        ),
        (
            "/glossary/new",
            vec![("term", ""), ("definition", "x"), ("visibility", "public")],
            &["term"],
        ),
    ];
    for (path, fields, refused) in cases {
        let r = app
            .post_form(&format!("{path}?uselang=qqx"), &fields, Some(&cookie))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {}",
            r.text
        );
        for name in refused {
            assert!(
                r.text.contains(&format!(r##"href="#field-{name}""##)),
                "{path} does not name {name}: {}",
                r.text
            );
            assert!(r.text.contains(&format!(r#"id="field-{name}-error""#)));
        }
        assert!(r.text.contains("(concord-edit-errors-title)"));
    }
    assert_eq!(app.head().await, head, "a refused form wrote something");
}

async fn a_partnership_edit_conflict_is_resolved_field_by_field(backend: Backend) {
    let Some((app, cookie, token)) = with_admin(backend).await else {
        return;
    };
    let rijks = organisation_id(&app, &token, "Rijksmuseum").await;
    let wmnl = organisation_id(&app, &token, "Wikimedia Nederland").await;
    let mut body = partnership("Open collections");
    body["parties"] = json!([{"organisation": rijks, "role": "lead"}]);
    let (api, opened, _) = app.create("partnerships", &body, &token).await;
    let page = page_of(&api);
    // Someone else retitles it after the editor opened the form.
    let r = app
        .patch_json(
            &api,
            &json!({"title": {"en": "Open collections 2025"}}),
            Some(&token),
            opened,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let head = app.head().await;
    let base = opened.to_string();
    let mine = [
        ("base", base.as_str()),
        ("lang", "en"),
        ("title", "Open collections"),
        ("kind", "partnership"),
        ("areas", "content_glam"),
        ("level", "national"),
        ("parties-0-organisation", &rijks),
        ("parties-0-role", "lead"),
        ("parties-1-organisation", &wmnl),
        ("parties-1-role", "partner"),
        ("visibility", "public"),
    ];
    let r = app
        .post_form(&format!("{page}/edit"), &mine, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert_eq!(app.head().await, head, "a conflict saved something");
    // Their title first; the editor's parties first, shown by name, posted back as text.
    assert!(
        r.text.contains(
            r#"id="pick-title-saved" name="title" value="Open collections 2025" checked>"#
        )
    );
    let parties = format!("{rijks} | lead\n{wmnl} | partner");
    let escaped = parties.replace('\n', "&#10;");
    assert!(
        r.text.contains(&format!(
            r#"id="pick-parties-yours" name="parties" value="{escaped}" checked>"#
        )) || r.text.contains(&format!(
            r#"id="pick-parties-yours" name="parties" value="{parties}" checked>"#
        )),
        "{}",
        r.text
    );
    assert!(r.text.contains("<ins>"));
    assert!(r.text.contains("Wikimedia Nederland"));
    // The areas both agree on travel along as text.
    assert!(
        r.text
            .contains(r#"<input type="hidden" name="areas" value="content_glam">"#)
    );
    let shown = base_of(&r.text);
    let resolved = [
        ("base", shown.as_str()),
        ("lang", "en"),
        ("title", "Open collections 2025"),
        ("kind", "partnership"),
        ("areas", "content_glam"),
        ("level", "national"),
        ("parties", parties.as_str()),
        ("visibility", "public"),
    ];
    let r = app
        .post_form(&format!("{page}/edit"), &resolved, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let record = stored(&app, &token, &api).await;
    assert_eq!(record["title"]["en"], "Open collections 2025");
    assert_eq!(
        record["parties"],
        json!([{"organisation": rijks, "role": "lead"},
            {"organisation": wmnl, "role": "partner"}])
    );
    assert_eq!(record["areas"], json!(["content_glam"]));
}

async fn only_those_who_may_edit_get_the_link_and_the_form(backend: Backend) {
    let Some((app, admin, token)) = with_admin(backend).await else {
        return;
    };
    let (api, rev, _) = app
        .create("partnerships", &partnership("Open collections"), &token)
        .await;
    let page = page_of(&api);
    app.create_account("mo", PASSWORD, &[Role::Member]).await;
    let member = app.login("mo", PASSWORD).await;
    let head = app.head().await;
    let edit_link = format!(r#"href="{page}/edit""#);

    let as_admin = app.get_page(&page, Some(&admin)).await;
    assert!(as_admin.text.contains(&edit_link));
    assert!(as_admin.text.contains(r#"href="/partnerships/new""#));
    for who in [None, Some(member.as_str())] {
        let shown = app.get_page(&page, who).await;
        assert_eq!(shown.status, StatusCode::OK);
        assert!(
            !shown.text.contains(&edit_link),
            "{who:?} sees the Edit link"
        );
        let form = app.get_page(&format!("{page}/edit"), who).await;
        assert!(form.status.is_client_error(), "{who:?}: {}", form.status);
        assert!(!form.text.contains(r#"name="title""#));
        let r = app
            .post_form(
                &format!("{page}/edit"),
                &[
                    ("base", &rev.to_string()),
                    ("title", "Vandal"),
                    ("kind", "partnership"),
                    ("visibility", "public"),
                ],
                who,
            )
            .await;
        assert!(r.status.is_client_error(), "{who:?}: {}", r.status);
    }
    // A visitor may create nothing: no New link, no form.
    let shown = app.get_page(&page, None).await;
    assert!(!shown.text.contains(r#"href="/partnerships/new""#));
    for path in [
        "/partnerships/new",
        "/people/new",
        "/needs/new",
        "/glossary/new",
    ] {
        let r = app.get_page(path, None).await;
        assert!(r.status.is_client_error(), "{path}: {}", r.status);
        let r = app
            .post_form(path, &[("title", "x"), ("name", "x"), ("term", "x")], None)
            .await;
        assert!(r.status.is_client_error(), "{path}: {}", r.status);
    }
    assert_eq!(app.head().await, head, "a refused edit wrote something");
}

async fn typed_text_is_escaped_on_the_forms_and_the_conflict_page(backend: Backend) {
    let Some((app, cookie, token)) = with_admin(backend).await else {
        return;
    };
    let evil = r#"<script>alert("x")</script>"#;
    let escaped = "&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;";
    // A refused form, a Find and a rows field all show the typed text escaped.
    let r = app
        .post_form(
            "/partnerships/new",
            &[
                ("title", evil),
                ("kind", "nope"),
                ("parties-find", evil),
                ("milestones-0-title", evil),
                ("visibility", "public"),
                ("find", "parties"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(!r.text.contains(evil));
    // The title, the search box, what it was searched for, and the milestone.
    assert_eq!(r.text.matches(escaped).count(), 4, "{}", r.text);
    let r = app
        .post_form(
            "/glossary/new",
            &[("term", evil), ("definition", ""), ("visibility", "public")],
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(!r.text.contains(evil));
    assert!(r.text.contains(escaped));

    // The conflict page shows both versions escaped.
    let (api, opened, _) = app
        .create("partnerships", &partnership("Plain"), &token)
        .await;
    app.patch_json(&api, &json!({"title": {"en": evil}}), Some(&token), opened)
        .await;
    let r = app
        .post_form(
            &format!("{}/edit", page_of(&api)),
            &[
                ("base", &opened.to_string()),
                ("lang", "en"),
                ("title", &format!("{evil} mine")),
                ("kind", "partnership"),
                ("milestones-0-title", evil),
                ("visibility", "public"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(!r.text.contains(evil));
    assert!(r.text.contains(escaped));
}

async fn exchanges_obligations_and_reports_are_edited_and_financial_terms_kept(backend: Backend) {
    let Some((app, cookie, token)) = with_admin(backend).await else {
        return;
    };
    let rijks = organisation_id(&app, &token, "Rijksmuseum").await;
    let wmnl = organisation_id(&app, &token, "Wikimedia Nederland").await;
    let mut body = partnership("Open collections");
    body["parties"] = json!([{"organisation": rijks, "role": "lead"},
        {"organisation": wmnl, "role": "partner"}]);
    body["value_exchange"] = json!([{"party": rijks, "gives": "images", "gets": "reach",
        "financial_terms": "EUR 5000", "financial_visibility": "restricted"}]);
    let (api, _, _) = app.create("partnerships", &body, &token).await;
    let page = page_of(&api);
    let edit = app.get_page(&format!("{page}/edit"), Some(&cookie)).await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.text);
    assert!(
        edit.text
            .contains(r#"name="value_exchange-0-gives" value="images""#)
    );
    assert!(
        !edit.text.contains("EUR 5000"),
        "financial terms are not on the form"
    );
    let base = base_of(&edit.text);
    let common = [
        ("base", base.as_str()),
        ("lang", "en"),
        ("title", "Open collections"),
        ("kind", "partnership"),
        ("parties-0-organisation", &rijks),
        ("parties-0-role", "lead"),
        ("parties-1-organisation", &wmnl),
        ("parties-1-role", "partner"),
        ("value_exchange-0-party", &rijks),
        ("value_exchange-0-gives", "images | metadata"),
        ("value_exchange-0-gets", "reach"),
        ("value_exchange-1-party", &wmnl),
        ("value_exchange-1-gives", "volunteers"),
        ("obligations-0-party", &wmnl),
        ("obligations-0-description", "Run an edit-a-thon"),
        ("obligations-0-due", "2025-10-01"),
        ("visibility", "public"),
    ];
    // A report without its date and a malformed due date are refused, and kept as typed.
    let mut refused = common.to_vec();
    refused.extend([
        ("progress_reports-0-date", ""),
        ("progress_reports-0-text", "Half the images are online"),
        ("obligations-0-met", "last week"),
    ]);
    let head = app.head().await;
    let r = app
        .post_form(&format!("{page}/edit"), &refused, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(app.head().await, head);
    assert!(r.text.contains(r##"href="#field-progress_reports""##));
    assert!(r.text.contains(r##"href="#field-obligations""##));
    assert!(r.text.contains(r#"value="Half the images are online""#));
    assert!(r.text.contains(r#"value="last week""#));
    let mut saved = common.to_vec();
    saved.extend([
        ("progress_reports-0-date", "2025-09-01"),
        ("progress_reports-0-text", "Half the images are online"),
    ]);
    let r = app
        .post_form(&format!("{page}/edit"), &saved, Some(&cookie))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let record = stored(&app, &token, &api).await;
    assert_eq!(record["value_exchange"][0]["gives"], "images | metadata");
    assert_eq!(record["value_exchange"][0]["financial_terms"], "EUR 5000");
    assert_eq!(
        record["value_exchange"][0]["financial_visibility"],
        "restricted"
    );
    assert_eq!(record["value_exchange"][1]["party"], json!(wmnl));
    assert_eq!(record["value_exchange"][1]["gives"], "volunteers");
    assert_eq!(
        record["obligations"],
        json!([{"party": wmnl, "description": "Run an edit-a-thon", "due": "2025-10-01"}])
    );
    assert_eq!(
        record["progress_reports"],
        json!([{"date": "2025-09-01", "text": "Half the images are online"}])
    );
}

async fn a_steward_who_may_not_see_the_financial_terms_edits_without_losing_them(backend: Backend) {
    let Some((app, _admin, token)) = with_admin(backend).await else {
        return;
    };
    let wmnl = organisation_id(&app, &token, "Wikimedia Nederland").await;
    let rijks = organisation_id(&app, &token, "Rijksmuseum").await;
    let steward_of: concord_domain::OrganisationId = wmnl.parse::<uuid::Uuid>().unwrap().into();
    app.create_account("stew", PASSWORD, &[Role::Steward(steward_of)])
        .await;
    let steward = app.login("stew", PASSWORD).await;
    let mut body = partnership("Open collections");
    body["parties"] = json!([{"organisation": wmnl, "role": "lead"},
        {"organisation": rijks, "role": "partner"}]);
    body["value_exchange"] = json!([{"party": rijks, "gives": "images", "gets": "reach",
        "financial_terms": "EUR 5000", "financial_visibility": "restricted"}]);
    let (api, _, _) = app.create("partnerships", &body, &token).await;
    let page = page_of(&api);
    let edit = app.get_page(&format!("{page}/edit"), Some(&steward)).await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.text);
    assert!(!edit.text.contains("EUR 5000"));
    let base = base_of(&edit.text);
    let r = app
        .post_form(
            &format!("{page}/edit"),
            &[
                ("base", base.as_str()),
                ("lang", "en"),
                ("title", "Open collections"),
                ("kind", "partnership"),
                ("areas", "content_glam"),
                ("level", "national"),
                ("parties-0-organisation", &wmnl),
                ("parties-0-role", "lead"),
                ("parties-1-organisation", &rijks),
                ("parties-1-role", "partner"),
                ("value_exchange-0-party", &rijks),
                ("value_exchange-0-gives", "images and metadata"),
                ("value_exchange-0-gets", "reach"),
                ("visibility", "public"),
            ],
            Some(&steward),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let record = stored(&app, &token, &api).await;
    assert_eq!(record["value_exchange"][0]["gives"], "images and metadata");
    assert_eq!(record["value_exchange"][0]["financial_terms"], "EUR 5000");
}
