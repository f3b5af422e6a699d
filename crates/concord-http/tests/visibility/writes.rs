//! Writes and the matrix (a partnership's workflow steps among them): a write to a hidden
//! record is 404 for every viewer on every route
//! (never 403, never echoing the title); a write to a visible record is 401 for a visitor, 403
//! without the role, and reaches the revision check (412 here) with it.

use axum::http::Method;
use serde_json::json;

use crate::support::{Backend, TestResponse};
use crate::world::{Column, Rec, Who, World, sees};

/// Sends every kind of write to `rec` as `who`, each based on revision `base`.
async fn every_write(world: &World, who: Who, rec: &Rec, base: i64) -> Vec<(String, TestResponse)> {
    let app = &world.app;
    let token = world.token(who);
    let patch = json!({"visibility": "public"});
    // The record as an admin sees it: a PUT body that decodes, so only the checks refuse it.
    let put = app.get_json(&rec.path, world.token(Who::Admin)).await.json;
    let revert = json!({"revision": rec.rev});
    let restore = format!("{}/restore", rec.path);
    let revert_path = format!("{}/revert", rec.path);
    let mut writes = vec![
        (
            "PATCH".into(),
            app.patch_json(&rec.path, &patch, token, base).await,
        ),
        (
            "PUT".into(),
            app.put_json(&rec.path, &put, token, base).await,
        ),
        ("DELETE".into(), app.delete(&rec.path, token, base).await),
        (
            "restore".into(),
            app.request(Method::POST, &restore)
                .token(token)
                .if_match(base)
                .send()
                .await,
        ),
        (
            "revert".into(),
            app.request(Method::POST, &revert_path)
                .token(token)
                .if_match(base)
                .json(&revert)
                .send()
                .await,
        ),
    ];
    if rec.collection == "partnerships" {
        let step = json!({"transition": "propose", "reason": "why"});
        let r = app
            .request(Method::POST, &format!("{}/transitions", rec.path))
            .token(token)
            .if_match(base)
            .json(&step)
            .send()
            .await;
        writes.push(("transition".into(), r));
        let r = app
            .request(Method::POST, &format!("{}/red-lines", rec.path))
            .token(token)
            .if_match(base)
            .send()
            .await;
        writes.push(("red-line check".into(), r));
        let r = app
            .request(Method::POST, &format!("{}/red-lines/clearance", rec.path))
            .token(token)
            .if_match(base)
            .json(&json!({"reason": "reviewed"}))
            .send()
            .await;
        writes.push(("clearance".into(), r));
        let r = app
            .request(Method::POST, &format!("{}/decisions", rec.path))
            .token(token)
            .if_match(base)
            .json(&json!({"verdict": "approve"}))
            .send()
            .await;
        writes.push(("decision".into(), r));
        let r = app
            .request(Method::POST, &format!("{}/assessment", rec.path))
            .token(token)
            .if_match(base)
            .json(&json!({"answers": []}))
            .send()
            .await;
        writes.push(("assessment".into(), r));
    }
    if rec.collection == "inquiries" {
        let r = app
            .request(Method::POST, &format!("{}/decision", rec.path))
            .token(token)
            .if_match(base)
            .json(&json!({"decision": "decline", "reason": "not for us"}))
            .send()
            .await;
        writes.push(("inquiry decision".into(), r));
    }
    writes
}

#[tokio::test]
async fn a_hidden_record_is_404_on_every_route_for_every_viewer() {
    for backend in Backend::ALL {
        let Some(world) = World::on(backend).await else {
            continue;
        };
        let head = world.app.head().await;
        for who in Who::ALL {
            for rec in world.records.iter().filter(|r| !sees(who, r.column)) {
                for (route, r) in every_write(&world, who, rec, rec.rev).await {
                    let what = format!("{who:?} {route} {} on {backend:?}", rec.title);
                    assert_eq!(r.status.as_u16(), 404, "{what}: {}", r.text);
                    assert!(!r.text.contains(&rec.title), "{what}: {}", r.text);
                }
            }
        }
        assert_eq!(world.app.head().await, head, "a refused write wrote");
    }
}

/// What a write with a stale `If-Match` to a record `who` sees answers: the matrix's refusal,
/// or 412 once the matrix allows it. Chapter A is a party of partnerships, needs, people and
/// the inquiry (routed to it).
fn stale_write_status(who: Who, rec: &Rec) -> u16 {
    let a_is_party = matches!(
        rec.collection,
        "partnerships" | "needs" | "people" | "inquiries"
    );
    match who {
        Who::Visitor => 401,
        Who::Admin => 412,
        Who::StewardOfParty if a_is_party => 412,
        _ => 403,
    }
}

/// The same for a decision in a partnership's workflow (clearing a red-line escalation): the
/// approver and the admin get as far as the stale revision.
fn stale_decision_status(who: Who) -> u16 {
    match who {
        Who::Visitor => 401,
        Who::Admin | Who::Approver => 412,
        _ => 403,
    }
}

#[tokio::test]
async fn a_write_to_a_visible_record_is_401_for_a_visitor_and_403_without_the_role() {
    for backend in Backend::ALL {
        let Some(world) = World::on(backend).await else {
            continue;
        };
        let head = world.app.head().await;
        for who in Who::ALL {
            for rec in world.records.iter().filter(|r| sees(who, r.column)) {
                for (route, r) in every_write(&world, who, rec, rec.rev + 1000).await {
                    let want = if route == "clearance" || route == "decision" {
                        stale_decision_status(who)
                    } else {
                        stale_write_status(who, rec)
                    };
                    // A restore of a record that is not deleted reaches the same checks.
                    let what = format!("{who:?} {route} {} on {backend:?}", rec.title);
                    assert_eq!(r.status.as_u16(), want, "{what}: {}", r.text);
                }
            }
        }
        assert_eq!(world.app.head().await, head, "a refused write wrote");
    }
}

#[tokio::test]
async fn a_steward_cannot_move_a_record_out_of_their_reach() {
    for backend in Backend::ALL {
        let Some(world) = World::on(backend).await else {
            continue;
        };
        let token = world.token(Who::StewardOfParty);
        let need = world
            .records
            .iter()
            .find(|r| r.collection == "needs" && r.column == Column::PartiesWithA)
            .expect("a need");
        let away = json!({"movement_entity": null});
        let r = world
            .app
            .patch_json(&need.path, &away, token, need.rev)
            .await;
        r.problem(403);
        let open = json!({"visibility": "movement"});
        let r = world
            .app
            .patch_json(&need.path, &open, token, need.rev)
            .await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    }
}
