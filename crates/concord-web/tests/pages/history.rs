//! Pages: a record's history lists the revisions the viewer may see and compares any two
//! field by field; revert, delete and restore work for an editor through CSRF-protected forms,
//! are refused for a visitor without a change in the store, and a stale form is a conflict,
//! never an overwrite.

use axum::http::StatusCode;
use concord_domain::Role;
use serde_json::json;

use crate::records::{PASSWORD, page_path};
use crate::support::{Backend, TestApp, organisation};

on_both_backends!(
    the_history_lists_revisions_and_a_diff_marks_old_and_new_values,
    revisions_from_when_a_record_was_hidden_are_absent_for_a_visitor,
    an_editor_reverts_deletes_and_restores_through_the_pages,
    a_visitor_can_neither_revert_nor_delete_nor_restore,
    a_revert_from_a_stale_page_is_a_conflict_and_changes_nothing,
    a_revert_to_a_revision_the_record_lacks_is_refused_and_changes_nothing,
);

/// An organisation renamed once through the API: `(page path, api path, first, second rev)`.
async fn renamed(app: &TestApp, admin: &str) -> (String, String, i64, i64) {
    let (api, first, _) = app
        .create("organisations", &organisation("Old Mill"), admin)
        .await;
    let r = app
        .patch_json(&api, &json!({"name": "New Mill"}), Some(admin), first)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    (page_path(&api), api, first, r.etag())
}

async fn the_history_lists_revisions_and_a_diff_marks_old_and_new_values(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (path, _, first, second) = renamed(&app, &admin).await;
    let history = app.get_page(&format!("{path}/history"), None).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text);
    for rev in [first, second] {
        assert!(
            history
                .text
                .contains(&format!(r#"name="from" value="{rev}""#))
        );
        assert!(
            history
                .text
                .contains(&format!(r#"name="to" value="{rev}""#))
        );
    }
    assert!(history.text.contains("created") && history.text.contains("changed"));
    assert!(history.text.contains(&format!(r#"action="{path}/diff""#)));
    assert!(
        !history.text.contains("/revert"),
        "a visitor is offered no revert"
    );
    let diff = app
        .get_page(&format!("{path}/diff?from={first}&to={second}"), None)
        .await;
    assert_eq!(diff.status, StatusCode::OK, "{}", diff.text);
    assert!(diff.text.contains("<del>Old Mill</del>"), "{}", diff.text);
    assert!(diff.text.contains("<ins>New Mill</ins>"), "{}", diff.text);
    assert!(diff.text.contains("<code>name</code>"));
    let same = app
        .get_page(&format!("{path}/diff?from={second}&to={second}"), None)
        .await;
    assert!(
        same.text
            .contains("The two revisions have the same content.")
    );
}

async fn revisions_from_when_a_record_was_hidden_are_absent_for_a_visitor(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let mut body = organisation("Codename Nightjar");
    body["visibility"] = json!("restricted");
    let (api, first, _) = app.create("organisations", &body, &admin).await;
    let open = json!({"name": "Open Archive", "visibility": "public"});
    let second = app
        .patch_json(&api, &open, Some(&admin), first)
        .await
        .etag();
    let path = page_path(&api);
    let history = app.get_page(&format!("{path}/history"), None).await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(history.text.contains(&format!(r#"value="{second}""#)));
    assert!(
        !history.text.contains(&format!(r#"value="{first}""#)),
        "{}",
        history.text
    );
    assert!(!history.text.contains("Nightjar"));
    let diff = app
        .get_page(&format!("{path}/diff?from={first}&to={second}"), None)
        .await;
    assert_eq!(diff.status, StatusCode::NOT_FOUND);
    assert!(!diff.text.contains("Nightjar"));
}

async fn an_editor_reverts_deletes_and_restores_through_the_pages(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (path, api, first, second) = renamed(&app, &admin).await;
    app.create_account("editor", PASSWORD, &[Role::Admin]).await;
    let editor = app.login("editor", PASSWORD).await;
    let history = app
        .get_page(&format!("{path}/history"), Some(&editor))
        .await;
    assert!(
        history.text.contains(&format!(r#"action="{path}/revert""#)),
        "{}",
        history.text
    );
    let base = second.to_string();
    let form = [("base", base.as_str()), ("revision", &first.to_string())];
    let r = app
        .post_form(&format!("{path}/revert"), &form, Some(&editor))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(r.location(), path);
    let now = app.get_json(&api, Some(&admin)).await;
    assert_eq!(now.json["name"], "Old Mill");
    let reverted = now.etag().to_string();
    let page = app
        .get_page(&format!("{path}/history"), Some(&editor))
        .await;
    assert!(
        page.text.contains("reverted") && page.text.contains("editor"),
        "{}",
        page.text
    );
    let r = app
        .post_form(
            &format!("{path}/delete"),
            &[("base", &reverted)],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(app.get_page(&path, None).await.status, StatusCode::GONE);
    let deleted = app.head().await.0.to_string();
    let r = app
        .post_form(
            &format!("{path}/restore"),
            &[("base", &deleted)],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let back = app.get_page(&path, None).await;
    assert_eq!(back.status, StatusCode::OK);
    assert!(back.text.contains("Old Mill"));
}

async fn a_visitor_can_neither_revert_nor_delete_nor_restore(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (path, _, first, second) = renamed(&app, &admin).await;
    app.create_account("member", PASSWORD, &[Role::Member])
        .await;
    let member = app.login("member", PASSWORD).await;
    let head = app.head().await;
    let (base, old) = (second.to_string(), first.to_string());
    let revert = [("base", base.as_str()), ("revision", old.as_str())];
    for who in [None, Some(member.as_str())] {
        for (action, form) in [
            ("revert", &revert[..]),
            ("delete", &revert[..1]),
            ("restore", &revert[..1]),
        ] {
            let r = app.post_form(&format!("{path}/{action}"), form, who).await;
            assert_ne!(r.status, StatusCode::SEE_OTHER, "{action} by {who:?}");
            assert!(r.status.is_client_error(), "{action}: {}", r.status);
        }
    }
    let r = app
        .page_request(
            axum::http::Method::POST,
            &format!("{path}/delete"),
            None,
            Some(format!("base={base}")),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no CSRF token: refused");
    assert_eq!(app.head().await, head, "nothing was written");
}

async fn a_revert_from_a_stale_page_is_a_conflict_and_changes_nothing(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (path, api, first, second) = renamed(&app, &admin).await;
    let third = app
        .patch_json(&api, &json!({"name": "Newest Mill"}), Some(&admin), second)
        .await
        .etag();
    app.create_account("editor", PASSWORD, &[Role::Admin]).await;
    let editor = app.login("editor", PASSWORD).await;
    let head = app.head().await;
    let form = [
        ("base", second.to_string()),
        ("revision", first.to_string()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .post_form(&format!("{path}/revert"), &form, Some(&editor))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text);
    assert!(r.text.contains("Someone changed this record"), "{}", r.text);
    assert_eq!(app.head().await, head);
    let now = app.get_json(&api, Some(&admin)).await;
    assert_eq!(now.json["name"], "Newest Mill");
    assert_eq!(now.etag(), third);
    let stale_delete = [("base", form[0].1)];
    let r = app
        .post_form(&format!("{path}/delete"), &stale_delete, Some(&editor))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(app.head().await, head);
}

async fn a_revert_to_a_revision_the_record_lacks_is_refused_and_changes_nothing(backend: Backend) {
    let Some(app) = TestApp::on(backend).await else {
        return;
    };
    let admin = app.admin().await;
    let (path, _, _, second) = renamed(&app, &admin).await;
    app.create_account("editor", PASSWORD, &[Role::Admin]).await;
    let editor = app.login("editor", PASSWORD).await;
    let head = app.head().await;
    let base = second.to_string();
    for wanted in ["999999", "not a number"] {
        let form = [("base", base.as_str()), ("revision", wanted)];
        let r = app
            .post_form(&format!("{path}/revert"), &form, Some(&editor))
            .await;
        // As the API answers: 422, naming the field.
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{wanted}: {}",
            r.text
        );
        assert!(r.text.contains("revision"), "{}", r.text);
        assert_eq!(app.head().await, head);
    }
}
