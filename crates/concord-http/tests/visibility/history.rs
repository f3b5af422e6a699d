//! History across a change of visibility: a revision from when the record was hidden from a
//! viewer is neither listed for that viewer nor shown, alone or in a diff.

use serde_json::json;

use crate::support::{Backend, organisation};
use crate::world::{Who, World};

#[tokio::test]
async fn a_revision_from_when_the_record_was_hidden_stays_hidden() {
    for backend in Backend::ALL {
        let Some(world) = World::on(backend).await else {
            continue;
        };
        let app = &world.app;
        let admin = world.token(Who::Admin).expect("a token");
        let mut body = organisation("Codename Nightjar");
        body["visibility"] = json!("restricted");
        let (path, first, _) = app.create("organisations", &body, admin).await;
        let open = json!({"name": "Open Archive", "visibility": "public"});
        let second = app
            .patch_json(&path, &open, Some(admin), first)
            .await
            .etag();
        let visitor = None;
        let shown = app.get_json(&path, visitor).await;
        assert_eq!(shown.status.as_u16(), 200, "{}", shown.text);
        let old = format!("{path}/revisions/{first}");
        let diff = format!("{path}/diff?from={first}&to={second}");
        for route in [&old, &diff] {
            let r = app.get_json(route, visitor).await;
            r.problem(404);
            assert!(!r.text.contains("Nightjar"), "{route}: {}", r.text);
        }
        let history = app.get_json(&format!("{path}/history"), visitor).await;
        assert_eq!(history.status.as_u16(), 200, "{}", history.text);
        assert!(!history.text.contains("Nightjar"), "{}", history.text);
        let listed: Vec<i64> = history.json["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|item| item["id"].as_i64().expect("an id"))
            .collect();
        assert_eq!(listed, vec![second], "the hidden draft is not listed");
        let seen = app.get_json(&old, Some(admin)).await;
        assert!(seen.text.contains("Codename Nightjar"), "{}", seen.text);
    }
}
