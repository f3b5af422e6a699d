//! Account-bound tokens: the scope caps what the account's roles allow, and a revoked role is
//! gone from the very next request.

use concord_domain::{Role, Scope};
use concord_store::{AuditEvent, AuditKind};
use serde_json::json;

use crate::accounts::account_token;
use crate::support::{Backend, organisation};
use crate::world::{Column, Who, World, org_id};

#[tokio::test]
async fn a_read_scoped_token_cannot_write() {
    for backend in Backend::ALL {
        let Some(world) = World::on(backend).await else {
            continue;
        };
        let app = &world.app;
        let admin = world.account(Who::Admin);
        let read = account_token(app, admin, "admin", "read", Scope::Read).await;
        let write = account_token(app, admin, "admin", "write", Scope::Write).await;
        let hidden = world
            .records
            .iter()
            .find(|r| r.column == Column::Restricted)
            .expect("a restricted record");
        assert_eq!(
            app.get_json(&hidden.path, Some(&read))
                .await
                .status
                .as_u16(),
            200
        );
        let patch = json!({"visibility": "public"});
        app.patch_json(&hidden.path, &patch, Some(&read), hidden.rev)
            .await
            .problem(403);
        app.delete(&hidden.path, Some(&read), hidden.rev)
            .await
            .problem(403);
        let body = organisation("N");
        let create = app.post_json("/api/v1/organisations", &body, Some(&read));
        create.await.problem(403);
        let term = json!({"key": "zine", "label": "Zine"});
        for token in [&read, &write] {
            let url = "/api/v1/vocabularies/organisation_kind";
            app.post_json(url, &term, Some(token)).await.problem(403);
        }
        let r = app
            .patch_json(&hidden.path, &patch, Some(&write), hidden.rev)
            .await;
        assert_eq!(
            r.status.as_u16(),
            200,
            "a write-scoped admin token edits: {}",
            r.text
        );
    }
}

#[tokio::test]
async fn a_token_loses_what_a_revoked_role_gave_at_once() {
    for backend in Backend::ALL {
        let Some(world) = World::on(backend).await else {
            continue;
        };
        let app = &world.app;
        let token = world.token(Who::StewardOfParty);
        let rec = world
            .records
            .iter()
            .find(|r| r.column == Column::PartiesWithA && r.collection == "needs")
            .expect("a need of A's");
        assert_eq!(app.get_json(&rec.path, token).await.status.as_u16(), 200);
        let role = Role::Steward(org_id(&world.chapter_a));
        let event = AuditEvent::new(AuditKind::RoleRevoked, Some("test"));
        let account = world.account(Who::StewardOfParty);
        app.store.revoke_role(account, role, event).await.unwrap();
        app.get_json(&rec.path, token).await.problem(404);
        let patch = json!({"visibility": "public"});
        app.patch_json(&rec.path, &patch, token, rec.rev)
            .await
            .problem(404);
        let listed = app.get_json("/api/v1/needs?limit=200", token).await;
        assert!(!listed.text.contains(&rec.id), "{}", listed.text);
    }
}
