//! The form pages, seen by every viewer: a record's edit form is 404 without its title for a
//! viewer the table denies (exactly like a record that does not exist), shows no sensitive
//! field that viewer may not see, and the organisations a partnership form's Find offers are
//! exactly those the table lets the viewer see.

use crate::support::Backend;
use crate::surfaces::{page_cookie, secrets};
use crate::world::{MARKER, Who, World, sees, sees_sensitive};

#[tokio::test]
async fn edit_forms_and_the_organisations_offered_follow_the_table() {
    for backend in Backend::ALL {
        let Some(world) = World::on(backend).await else {
            continue;
        };
        let mut found = 0;
        for who in Who::ALL {
            found += usize::from(check_forms(&world, who).await);
        }
        assert!(found >= 3, "Find ran for {found} viewers only");
    }
}

/// Checks `who`'s edit forms and Find; returns whether `who` may use Find (may create).
async fn check_forms(world: &World, who: Who) -> bool {
    let cookie = page_cookie(world, who).await;
    let cookie = cookie.as_deref();
    // An inquiry has no edit form: what the inquirer wrote is decided on, not rewritten.
    let edited = world.records.iter().filter(|r| r.kind != "inquiry");
    for rec in edited {
        let path = format!("{}/edit", rec.path.trim_start_matches("/api/v1"));
        let r = world.app.get_page(&path, cookie).await;
        let what = format!("{who:?} on {:?} {path} ({})", world.app.backend, rec.title);
        if !sees(who, rec.column) {
            assert_eq!(r.status.as_u16(), 404, "{what}: {}", r.text);
            assert!(!r.text.contains(&rec.title), "{what}");
            continue;
        }
        // A viewer who sees the record gets its form, or a refusal when they may not edit (a
        // visitor is asked to log in).
        assert!(
            matches!(r.status.as_u16(), 200 | 401 | 403),
            "{what}: {}",
            r.status
        );
        if r.status.as_u16() == 200 {
            for secret in secrets(rec) {
                if !sees_sensitive(who, rec.column) {
                    assert!(!r.text.contains(&secret), "{what} shows {secret}");
                }
            }
        }
    }
    // Find offers exactly the organisations the viewer may see.
    let r = world
        .app
        .post_form(
            "/partnerships/new",
            &[
                ("parties-find", MARKER),
                ("find", "parties"),
                ("visibility", "public"),
            ],
            cookie,
        )
        .await;
    let what = format!("{who:?} finding organisations on {:?}", world.app.backend);
    if r.status.as_u16() != 200 {
        assert!(r.status.is_client_error(), "{what}: {}", r.status);
        return false;
    }
    for rec in world
        .records
        .iter()
        .filter(|r| r.collection == "organisations")
    {
        let offered = r.text.contains(&format!(r#"<option value="{}">"#, rec.id));
        assert_eq!(offered, sees(who, rec.column), "{what}: {}", rec.title);
    }
    true
}
