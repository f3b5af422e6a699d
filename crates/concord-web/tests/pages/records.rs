//! Pages: a record's page for every kind shows its fields (a partnership's parties named and
//! linked, its exchange, obligations, milestones, reports, outcomes, dates and linked records;
//! a movement entity's partnerships and people), texts in the reader's language or marked with
//! their own, and a restricted record is the same 404 page as an id that does not exist for a
//! visitor, while its named reader sees it.

use axum::http::StatusCode;
use concord_domain::{Partnership, Role};
use concord_i18n::Lang;
use serde_json::{Value, json};

use crate::support::{Backend, TestApp, organisation};

on_both_backends!(
    every_kind_of_record_has_a_page_showing_its_fields,
    a_partnership_page_names_and_links_its_parties_and_shows_every_field,
    a_movement_entity_page_lists_its_partnerships_and_people,
    a_restricted_record_is_the_same_404_as_no_record_for_a_visitor_and_shown_to_its_reader,
    a_title_not_in_the_readers_language_is_shown_in_its_own_and_marked,
    a_deleted_record_is_a_410_page_offering_restore_to_whoever_may,
);

/// The password of every account the tests make.
pub const PASSWORD: &str = "correct horse battery";

/// The page path of a record from its API path (`/api/v1/needs/…` → `/needs/…`).
pub fn page_path(api_path: &str) -> String {
    api_path.trim_start_matches("/api/v1").to_owned()
}

/// The id in a created record's body.
pub fn id_of(body: &Value) -> String {
    body["id"].as_str().expect("an id").to_owned()
}

/// `page` without what differs between two requests for different paths that show the same
/// page: the per-request CSRF token and the language menu's way back.
pub fn without_tokens(page: &str) -> String {
    page.split('\n')
        .filter(|line| !line.contains("name=\"csrf\"") && !line.contains("name=\"back\""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A chapter (a movement entity), a museum, and a partnership between them with every field,
/// which renews another partnership and answers a need of the chapter. Returns
/// `(chapter's page, museum's page, partnership's page, admin token)`.
pub async fn full_partnership(app: &TestApp) -> (String, String, String, String) {
    let admin = app.admin().await;
    let chapter = json!({"name": "Wikimedia Ruritania", "kind": "nonprofit",
        "movement_entity": {"kind": "chapter", "countries": ["NL"]}});
    let (chapter_path, _, chapter) = app.create("organisations", &chapter, &admin).await;
    let (museum_path, _, museum) = app
        .create("organisations", &organisation("Museum of Zenda"), &admin)
        .await;
    let (c, m) = (id_of(&chapter), id_of(&museum));
    let (_, _, old) = app
        .create(
            "partnerships",
            &crate::support::partnership("Earlier scans"),
            &admin,
        )
        .await;
    let need = json!({"title": {"en": "Photos of castles"}, "area": "content_glam",
        "movement_entity": c});
    let (_, _, need) = app.create("needs", &need, &admin).await;
    let body = json!({
        "title": {"en": "Castle scans"}, "summary": {"en": "Scanning the castle archive."},
        "kind": "partnership", "areas": ["content_glam"], "level": "national",
        "status": "active", "start_date": "2025-03-01", "end_date": "2026-02-28",
        "tags": ["castles"],
        "parties": [{"organisation": c, "role": "lead"}, {"organisation": m, "role": "partner"}],
        "value_exchange": [{"party": c, "gives": "volunteer time", "gets": "scans",
            "financial_terms": "EUR 5000 grant", "financial_visibility": "parties"}],
        "obligations": [{"party": m, "description": "open the reading room", "due": "2025-06-01"}],
        "milestones": [{"title": "First thousand scans", "due": "2025-09-01"}],
        "progress_reports": [{"date": "2025-05-01", "text": "Half the boxes are done."}],
        "outcomes": [{"description": "Scans uploaded to Commons",
            "metrics": [{"name": "files", "value": 1200.0, "unit": "scans"}]}],
        "renews": id_of(&old), "needs": [id_of(&need)]
    });
    let (path, _, _) = app.import::<Partnership>(body).await;
    (
        page_path(&chapter_path),
        page_path(&museum_path),
        page_path(&path),
        admin,
    )
}

async fn every_kind_of_record_has_a_page_showing_its_fields(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let (chapter, _, _, admin) = full_partnership(&app).await;
    let chapter_id = chapter.rsplit('/').next().unwrap().to_owned();
    let person = json!({"name": "Rudolf Rassendyll", "country": "GB",
        "memberships": [{"organisation": chapter_id, "role": "treasurer"}]});
    let (person, _, _) = app.create("people", &person, &admin).await;
    let term = json!({"term": {"en": "Affiliate"}, "definition": {"en": "A recognised group."}});
    let (term, _, term_body) = app.create("glossary", &term, &admin).await;
    let other = json!({"term": {"en": "Chapter"}, "definition": {"en": "A national affiliate."},
        "related": [id_of(&term_body)]});
    let (other, _, _) = app.create("glossary", &other, &admin).await;
    let need = json!({"title": {"en": "Maps of the lake"}, "area": "content_glam",
        "movement_entity": chapter_id, "year": 2026, "countries": ["NL"]});
    let (need, _, _) = app.create("needs", &need, &admin).await;
    let expectations: [(&str, &[&str]); 5] = [
        (
            &chapter,
            &["Wikimedia Ruritania", "Organisation", "Castle scans"],
        ),
        (
            &page_path(&person),
            &[
                "Rudolf Rassendyll",
                "treasurer",
                "Wikimedia Ruritania",
                "GB",
            ],
        ),
        (
            &page_path(&need),
            &["Maps of the lake", "2026", "Wikimedia Ruritania", "NL"],
        ),
        (&page_path(&term), &["Affiliate", "A recognised group."]),
        (
            &page_path(&other),
            &["Chapter", "A national affiliate.", "Affiliate"],
        ),
    ];
    for (path, shown) in expectations {
        let page = app.get_page(path, None).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.text);
        for text in shown {
            assert!(
                page.text.contains(text),
                "{path} lacks {text:?}:\n{}",
                page.text
            );
        }
        assert!(page.text.contains("Last edited by "), "{}", page.text);
        assert!(page.text.contains(&format!(r#"href="{path}/history""#)));
    }
    let linked = app.get_page(&page_path(&other), None).await.text;
    assert!(
        linked.contains(&format!(r#"href="{}""#, page_path(&term))),
        "{linked}"
    );
}

async fn a_partnership_page_names_and_links_its_parties_and_shows_every_field(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let (chapter, museum, path, _) = full_partnership(&app).await;
    let page = app.get_page(&path, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let t = concord_web::language::localizer(Lang::En);
    let date = |s: &str| t.date(s.parse().unwrap());
    let shown = [
        "Castle scans".to_owned(),
        "Scanning the castle archive.".to_owned(),
        format!(r#"<a href="{chapter}">Wikimedia Ruritania</a>"#),
        format!(r#"<a href="{museum}">Museum of Zenda</a>"#),
        "volunteer time".to_owned(),
        "open the reading room".to_owned(),
        "First thousand scans".to_owned(),
        "Half the boxes are done.".to_owned(),
        "Scans uploaded to Commons".to_owned(),
        "files: 1,200 scans".to_owned(),
        date("2025-03-01"),
        date("2026-02-28"),
        date("2025-06-01"),
        "Earlier scans".to_owned(),
        "Photos of castles".to_owned(),
        "castles".to_owned(),
    ];
    for text in &shown {
        assert!(
            page.text.contains(text.as_str()),
            "lacks {text:?}:\n{}",
            page.text
        );
    }
    assert!(
        !page.text.contains("EUR 5000 grant"),
        "a visitor sees no financial terms"
    );
    let root = app.create_account("root", PASSWORD, &[Role::Admin]).await;
    let cookie = app.login(&root.username, PASSWORD).await;
    let as_admin = app.get_page(&path, Some(&cookie)).await;
    assert!(
        as_admin.text.contains("EUR 5000 grant"),
        "{}",
        as_admin.text
    );
    assert!(
        as_admin
            .text
            .contains(&format!(r#"action="{path}/delete""#))
    );
    assert!(!page.text.contains(&format!(r#"action="{path}/delete""#)));
}

async fn a_movement_entity_page_lists_its_partnerships_and_people(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let (chapter, museum, path, admin) = full_partnership(&app).await;
    let chapter_id = chapter.rsplit('/').next().unwrap();
    let person = json!({"name": "Flavia Elphberg",
        "memberships": [{"organisation": chapter_id, "role": "chair"}]});
    let (person, _, _) = app.create("people", &person, &admin).await;
    let page = app.get_page(&chapter, None).await.text;
    assert!(
        page.contains(&format!(r#"<a href="{path}">Castle scans</a>"#)),
        "{page}"
    );
    assert!(page.contains("Flavia Elphberg"), "{page}");
    assert!(page.contains(&format!(r#"href="{}""#, page_path(&person))));
    let museum_page = app.get_page(&museum, None).await.text;
    assert!(
        !museum_page.contains("Flavia Elphberg"),
        "not an entity: no people list"
    );
}

async fn a_restricted_record_is_the_same_404_as_no_record_for_a_visitor_and_shown_to_its_reader(
    backend: Backend,
) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let reader = app
        .create_account("reader", PASSWORD, &[Role::Member])
        .await;
    let other = app.create_account("other", PASSWORD, &[Role::Member]).await;
    let mut body = organisation("Secret Archive of Strelsau");
    body["visibility"] = json!("restricted");
    body["readers"] = json!([reader.id.to_string()]);
    let (path, _, _) = app.create("organisations", &body, &admin).await;
    let path = page_path(&path);
    let missing = format!("/organisations/{}", concord_store::new_id());
    let cookie = app.csrf_token(None).await;
    let cookie = format!("concord_csrf={cookie}");
    let hidden = app.get_page(&path, Some(&cookie)).await;
    let absent = app.get_page(&missing, Some(&cookie)).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!(absent.status, StatusCode::NOT_FOUND);
    assert_eq!(without_tokens(&hidden.text), without_tokens(&absent.text));
    assert!(!hidden.text.contains("Strelsau"));
    for sub in ["/history", "/diff?from=1&to=1"] {
        let r = app.get_page(&format!("{path}{sub}"), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{sub}");
        assert!(!r.text.contains("Strelsau"));
    }
    let other = app.login(&other.username, PASSWORD).await;
    assert_eq!(
        app.get_page(&path, Some(&other)).await.status,
        StatusCode::NOT_FOUND
    );
    let named = app.login(&reader.username, PASSWORD).await;
    let shown = app.get_page(&path, Some(&named)).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text);
    assert!(shown.text.contains("Secret Archive of Strelsau"));
    let bad = app.get_page("/organisations/not-a-uuid", None).await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
}

async fn a_title_not_in_the_readers_language_is_shown_in_its_own_and_marked(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let body = json!({"title": {"de": "Burgarchiv"}, "area": "content_glam",
        "tags": ["maps", "photos"]});
    let (path, _, _) = app.create("needs", &body, &admin).await;
    let path = page_path(&path);
    let english = app.get_page(&path, None).await.text;
    assert!(
        english.contains(r#"<span lang="de" dir="auto">Burgarchiv</span>"#),
        "{english}"
    );
    assert!(english.contains("Original text, in German"), "{english}");
    let german = app.get_page(&format!("{path}?uselang=de"), None).await.text;
    assert!(german.contains("<span>Burgarchiv</span>"), "{german}");
    assert!(
        !german.contains(r#"lang="de" dir="auto">Burgarchiv"#),
        "{german}"
    );
    // Lists take the reader's separator.
    assert!(english.contains("maps, photos"), "{english}");
    let arabic = app.get_page(&format!("{path}?uselang=ar"), None).await.text;
    assert!(arabic.contains("maps، photos"), "{arabic}");
}

async fn a_deleted_record_is_a_410_page_offering_restore_to_whoever_may(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (api, rev, _) = app
        .create("organisations", &organisation("Fallen Tower"), &admin)
        .await;
    let r = app.delete(&api, Some(&admin), rev).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    let path = page_path(&api);
    let visitor = app.get_page(&path, None).await;
    assert_eq!(visitor.status, StatusCode::GONE);
    assert!(visitor.text.contains("This record was deleted"));
    assert!(!visitor.text.contains("/restore"));
    app.create_account("root", PASSWORD, &[Role::Admin]).await;
    let root = app.login("root", PASSWORD).await;
    let page = app.get_page(&path, Some(&root)).await;
    assert!(
        page.text.contains(&format!(r#"action="{path}/restore""#)),
        "{}",
        page.text
    );
}
