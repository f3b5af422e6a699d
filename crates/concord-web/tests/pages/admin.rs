//! Pages: administration — the accounts page and its forms (roles, disabling, invitations)
//! and the audit log page, for admins only, every change audited.

use axum::http::StatusCode;
use concord_domain::{Account, Role};
use concord_store::{AuditEvent, AuditKind};

use crate::support::{Backend, TestApp, organisation};

on_both_backends!(
    only_admins_see_the_accounts_page,
    only_admins_may_post_the_admin_forms,
    granting_and_revoking_a_role_is_audited_and_takes_effect_at_once,
    a_steward_role_needs_an_organisation_that_exists,
    a_disabled_account_is_logged_out,
    an_admin_cannot_revoke_their_own_admin_role,
    a_form_naming_no_account_re_renders_the_page_with_an_error,
    the_audit_log_page_is_admin_only,
    the_audit_log_is_paged_newest_first,
);

const PASSWORD: &str = "correct horse battery";

/// An app on `backend` with an admin (`root`) logged in: `(app, root, root's cookie)`.
async fn app_with_admin(backend: Backend) -> Option<(TestApp, Account, String)> {
    let app = TestApp::on(backend).await?;
    let root = app.create_account("root", PASSWORD, &[Role::Admin]).await;
    let cookie = app.login("root", PASSWORD).await;
    Some((app, root, cookie))
}

/// The newest audit entry of `kind`.
async fn last_event(app: &TestApp, kind: AuditKind) -> AuditEvent {
    let log = app.store.audit_log(None, 200).await.unwrap();
    log.into_iter()
        .map(|e| e.event)
        .find(|e| e.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} in the audit log"))
}

async fn only_admins_see_the_accounts_page(backend: Backend) {
    let Some((app, _, root)) = app_with_admin(backend).await else {
        return;
    };
    app.create_account("bob", PASSWORD, &[Role::Member]).await;
    let bob = app.login("bob", PASSWORD).await;

    let visitor = app.get_page("/admin/accounts", None).await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert_eq!(visitor.location(), "/login?next=/admin/accounts");

    let member = app.get_page("/admin/accounts", Some(&bob)).await;
    assert_eq!(member.status, StatusCode::FORBIDDEN, "{}", member.text);
    assert!(!member.text.contains("root"), "{}", member.text);

    let admin = app.get_page("/admin/accounts", Some(&root)).await;
    assert_eq!(admin.status, StatusCode::OK, "{}", admin.text);
    assert!(admin.text.contains("bob (display)"));
    assert!(admin.text.contains(r#"action="/admin/accounts/grant""#));
}

async fn only_admins_may_post_the_admin_forms(backend: Backend) {
    let Some((app, root, _)) = app_with_admin(backend).await else {
        return;
    };
    app.create_account("bob", PASSWORD, &[Role::Member]).await;
    let bob = app.login("bob", PASSWORD).await;
    let id = root.id.to_string();
    let forms: [(&str, Vec<(&str, &str)>); 4] = [
        (
            "/admin/accounts/grant",
            vec![("account", &id), ("role", "admin")],
        ),
        (
            "/admin/accounts/revoke",
            vec![("account", &id), ("role", "admin")],
        ),
        ("/admin/accounts/disable", vec![("account", &id)]),
        ("/admin/invitations", vec![("admin", "on")]),
    ];
    for (path, fields) in &forms {
        let r = app.post_form(path, fields, Some(&bob)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.text);
        let r = app.post_form(path, fields, None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.text);
        assert!(r.location().starts_with("/login"), "{path}");
    }
    let root_now = app.store.account(root.id).await.unwrap();
    assert_eq!(root_now.roles, root.roles);
    assert!(!root_now.disabled);
}

async fn granting_and_revoking_a_role_is_audited_and_takes_effect_at_once(backend: Backend) {
    let Some((app, _, root)) = app_with_admin(backend).await else {
        return;
    };
    let bob = app.create_account("bob", PASSWORD, &[Role::Member]).await;
    let bob_cookie = app.login("bob", PASSWORD).await;
    let id = bob.id.to_string();
    let before = app.get_page("/admin/accounts", Some(&bob_cookie)).await;
    assert_eq!(before.status, StatusCode::FORBIDDEN);

    let grant = [("account", id.as_str()), ("role", "admin")];
    let r = app
        .post_form("/admin/accounts/grant", &grant, Some(&root))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(r.location(), "/admin/accounts");
    let granted = last_event(&app, AuditKind::RoleGranted).await;
    assert_eq!(granted.actor.as_deref(), Some("root"));
    assert_eq!(granted.account, Some(bob.id));
    assert_eq!(granted.detail["role"], "admin");
    let during = app.get_page("/admin/accounts", Some(&bob_cookie)).await;
    assert_eq!(
        during.status,
        StatusCode::OK,
        "the same session, now an admin"
    );

    let revoke = [("account", id.as_str()), ("role", "admin")];
    let r = app
        .post_form("/admin/accounts/revoke", &revoke, Some(&root))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let revoked = last_event(&app, AuditKind::RoleRevoked).await;
    assert_eq!(revoked.actor.as_deref(), Some("root"));
    assert_eq!(revoked.detail["role"], "admin");
    let after = app.get_page("/admin/accounts", Some(&bob_cookie)).await;
    assert_eq!(after.status, StatusCode::FORBIDDEN);
    let roles = app.store.account(bob.id).await.unwrap().roles;
    assert_eq!(roles.into_iter().collect::<Vec<_>>(), [Role::Member]);
}

async fn a_steward_role_needs_an_organisation_that_exists(backend: Backend) {
    let Some((app, _, root)) = app_with_admin(backend).await else {
        return;
    };
    let bob = app.create_account("bob", PASSWORD, &[Role::Member]).await;
    let id = bob.id.to_string();
    let nowhere = uuid::Uuid::now_v7().to_string();
    for organisation in [nowhere.as_str(), "not-an-id", ""] {
        let form = [
            ("account", id.as_str()),
            ("role", "steward"),
            ("organisation", organisation),
        ];
        let r = app
            .post_form("/admin/accounts/grant", &form, Some(&root))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert!(r.text.contains("cdx-message--error"));
    }
    let token = app.admin().await;
    let (_, _, body) = app
        .create("organisations", &organisation("Kept"), &token)
        .await;
    let org = body["id"].as_str().unwrap();
    let form = [
        ("account", id.as_str()),
        ("role", "steward"),
        ("organisation", org),
    ];
    let r = app
        .post_form("/admin/accounts/grant", &form, Some(&root))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let roles = app.store.account(bob.id).await.unwrap().roles;
    assert!(roles.contains(&Role::Steward(org.parse().unwrap())));
    let page = app.get_page("/admin/accounts", Some(&root)).await;
    assert!(page.text.contains(&format!("steward:{org}")));
}

async fn a_disabled_account_is_logged_out(backend: Backend) {
    let Some((app, root_account, root)) = app_with_admin(backend).await else {
        return;
    };
    let bob = app.create_account("bob", PASSWORD, &[Role::Member]).await;
    let bob_cookie = app.login("bob", PASSWORD).await;
    assert_eq!(
        app.get_page("/account", Some(&bob_cookie)).await.status,
        200
    );

    let form = [("account", bob.id.to_string())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .post_form("/admin/accounts/disable", &form, Some(&root))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let event = last_event(&app, AuditKind::AccountDisabled).await;
    assert_eq!(event.actor.as_deref(), Some("root"));
    assert_eq!(event.account, Some(bob.id));
    let page = app.get_page("/account", Some(&bob_cookie)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the session ended");
    assert!(page.location().starts_with("/login"));

    let r = app
        .post_form("/admin/accounts/enable", &form, Some(&root))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    last_event(&app, AuditKind::AccountEnabled).await;
    assert!(!app.store.account(bob.id).await.unwrap().disabled);

    let own = [("account", root_account.id.to_string())];
    let own: Vec<(&str, &str)> = own.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .post_form("/admin/accounts/disable", &own, Some(&root))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("cannot disable your own account"));
    assert!(!app.store.account(root_account.id).await.unwrap().disabled);
}

async fn an_admin_cannot_revoke_their_own_admin_role(backend: Backend) {
    let Some((app, root_account, root)) = app_with_admin(backend).await else {
        return;
    };
    let id = root_account.id.to_string();
    let form = [("account", id.as_str()), ("role", "admin")];
    let r = app
        .post_form("/admin/accounts/revoke", &form, Some(&root))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("cannot revoke your own admin role"));
    let roles = app.store.account(root_account.id).await.unwrap().roles;
    assert!(roles.contains(&Role::Admin));
}

async fn a_form_naming_no_account_re_renders_the_page_with_an_error(backend: Backend) {
    let Some((app, _, root)) = app_with_admin(backend).await else {
        return;
    };
    let nobody = uuid::Uuid::now_v7().to_string();
    for account in [nobody.as_str(), "nonsense"] {
        let form = [("account", account), ("role", "admin")];
        let r = app
            .post_form("/admin/accounts/grant", &form, Some(&root))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    }
    let form = [("account", "whatever"), ("role", "emperor")];
    let r = app
        .post_form("/admin/accounts/revoke", &form, Some(&root))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
}

async fn the_audit_log_page_is_admin_only(backend: Backend) {
    let Some((app, _, root)) = app_with_admin(backend).await else {
        return;
    };
    app.create_account("bob", PASSWORD, &[Role::Member]).await;
    let bob = app.login("bob", PASSWORD).await;
    let visitor = app.get_page("/admin/audit", None).await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert_eq!(visitor.location(), "/login?next=/admin/audit");
    assert_eq!(
        app.get_page("/admin/audit", Some(&bob)).await.status,
        StatusCode::FORBIDDEN
    );
    let page = app.get_page("/admin/audit", Some(&root)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(
        page.text.contains("log in"),
        "the admin's own log in is listed"
    );
}

async fn the_audit_log_is_paged_newest_first(backend: Backend) {
    let Some((app, _, root)) = app_with_admin(backend).await else {
        return;
    };
    for n in 0..60 {
        let event = AuditEvent::new(AuditKind::LogOut, Some(&format!("actor-{n:03}")));
        app.store.record_audit(event).await.unwrap();
    }
    let first = app.get_page("/admin/audit", Some(&root)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let at = |page: &str, n: u32| page.find(&format!("actor-{n:03}"));
    assert!(at(&first.text, 59).unwrap() < at(&first.text, 58).unwrap());
    assert!(at(&first.text, 10).is_some());
    assert!(at(&first.text, 9).is_none(), "50 entries a page");
    let start = first
        .text
        .find("/admin/audit?before=")
        .expect("an older link");
    let rest = &first.text[start..];
    let older = &rest[..rest.find('"').unwrap()];

    let second = app.get_page(older, Some(&root)).await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text);
    assert!(at(&second.text, 10).is_none());
    assert!(at(&second.text, 9).unwrap() < at(&second.text, 0).unwrap());
    let bad = app.get_page("/admin/audit?before=soon", Some(&root)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}
