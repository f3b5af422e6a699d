//! The front door through the API (issue #13, item 3): anyone sends an inquiry, routing sends
//! it to an entity whose stewards alone see it with its contact; they accept it (matching the
//! organisation in the registry or creating it, and an idea), forward it with a note or decline
//! it with a reason; the inquirer follows it through a status link that shows nothing else.

use concord_domain::Role;
use serde_json::{Value, json};

use axum::http::Method;

use crate::support::{SmtpSink, TestApp, TestResponse, inquiry, organisation};

/// A movement entity of `kind` serving `country`; its id.
async fn entity(app: &TestApp, admin: &str, name: &str, country: &str, kind: &str) -> String {
    let mut body = organisation(name);
    body["country"] = json!(country);
    body["kind"] = json!("nonprofit");
    body["movement_entity"] = json!({"kind": kind, "countries": [country]});
    let created = app.create("organisations", &body, admin).await.2;
    created["id"].as_str().unwrap().to_owned()
}

/// The Foundation, Wikimedia Sverige and Wikimedia Norge, and a token of a steward of each
/// chapter: `(sverige, norge, sverige's steward, norge's steward)`.
async fn movement(app: &TestApp, admin: &str) -> (String, String, String, String) {
    entity(app, admin, "Wikimedia Foundation", "US", "foundation").await;
    let se = entity(app, admin, "Wikimedia Sverige", "SE", "chapter").await;
    let no = entity(app, admin, "Wikimedia Norge", "NO", "chapter").await;
    let steward = |id: &str| Role::Steward(concord_domain::OrganisationId(id.parse().unwrap()));
    let se_steward = app
        .token("se-steward", vec![Role::Member, steward(&se)])
        .await;
    let no_steward = app
        .token("no-steward", vec![Role::Member, steward(&no)])
        .await;
    (se, no, se_steward, no_steward)
}

/// `POST {path}/decision` with `body`, based on whatever revision is current.
async fn decide_on(app: &TestApp, path: &str, body: &Value, token: &str) -> TestResponse {
    app.request(Method::POST, &format!("{path}/decision"))
        .token(Some(token))
        .header("if-match", "*")
        .json(body)
        .send()
        .await
}

/// The status link's API view.
async fn status_of(app: &TestApp, received: &Value) -> Value {
    let secret = received["secret"].as_str().unwrap();
    let r = app
        .get_json(&format!("/api/v1/inquiries/status/{secret}"), None)
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    r.json
}

#[tokio::test]
async fn a_visitors_inquiry_reaches_the_stewards_of_the_routed_entity_and_no_one_else() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (se, _, se_steward, no_steward) = movement(&app, &admin).await;
    let (path, received) = app.inquire(&inquiry("Nordiska museet", "SE"), None).await;
    assert_eq!(received["routed_to"], se.as_str());
    assert_eq!(received["routed_to_name"], "Wikimedia Sverige");
    assert_eq!(
        received["explanation"],
        "routed to Wikimedia Sverige: national, Content / GLAM, country SE"
    );
    let secret = received["secret"].as_str().unwrap();
    assert_eq!(
        received["status_link"],
        format!("/inquiries/status/{secret}")
    );

    // The stewards of Sverige see it with its contact; a visitor, a member and Norge's
    // stewards do not know it exists.
    let seen = app.get_json(&path, Some(&se_steward)).await;
    assert_eq!(seen.status.as_u16(), 200, "{}", seen.text);
    assert_eq!(seen.json["contact"]["email"], "anna@example.org");
    assert_eq!(seen.json["status"], "new");
    assert!(seen.json.get("access").is_none(), "{}", seen.text);
    let member = app.member().await;
    for token in [None, Some(member.as_str()), Some(no_steward.as_str())] {
        let r = app.get_json(&path, token).await;
        assert_eq!(r.status.as_u16(), 404, "{}", r.text);
        let found = app.get_json("/api/v1/search?q=Nordiska", token).await;
        assert!(!found.text.contains("Nordiska"), "{}", found.text);
    }
    let history = app.get_json(&format!("{path}/history"), Some(&admin)).await;
    assert_eq!(
        history.json["items"][0]["author"], "front door",
        "{}",
        history.text
    );

    // The inquirer reads where it stands, and nothing of who wrote what.
    let status = status_of(&app, &received).await;
    assert_eq!(status["status"], "new");
    assert_eq!(status["with"], "Wikimedia Sverige");
    assert_eq!(status["organisation"], "Nordiska museet");
    assert!(!status.to_string().contains("anna@example.org"));
    let wrong = app
        .get_json("/api/v1/inquiries/status/concord_not-a-real-secret", None)
        .await;
    assert_eq!(wrong.status.as_u16(), 404, "{}", wrong.text);

    // The inbox of Sverige's steward holds it; Norge's does not.
    let inbox = app.get_json("/api/v1/inbox", Some(&se_steward)).await;
    assert_eq!(inbox.json["count"], 1, "{}", inbox.text);
    assert_eq!(
        inbox.json["inquiries"][0]["organisation"],
        "Nordiska museet"
    );
    let other = app.get_json("/api/v1/inbox", Some(&no_steward)).await;
    assert_eq!(other.json["count"], 0, "{}", other.text);
}

#[tokio::test]
async fn a_bad_inquiry_is_refused_field_by_field_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    movement(&app, &admin).await;
    let before = app.head().await;
    let bad = json!({"organisation": " ", "country": "XX", "website": "javascript:alert(1)",
        "wants": "", "area": "astrology",
        "contact": {"name": "Anna", "email": "anna at example"}});
    let r = app.post_json("/api/v1/inquiries", &bad, None).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text);
    let fields: Vec<&str> = r.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "organisation",
            "country",
            "website",
            "wants",
            "area",
            "contact.email"
        ]
    );
    let mut unknown = inquiry("Nordiska museet", "SE");
    unknown["status"] = json!("accepted");
    let r = app.post_json("/api/v1/inquiries", &unknown, None).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text);
    assert!(r.text.contains("status"), "{}", r.text);
    let r = app
        .post_json("/api/v1/inquiries", &json!("not an object"), None)
        .await;
    assert!(r.status.is_client_error(), "{}", r.text);
    assert_eq!(app.head().await, before, "nothing was written");
}

#[tokio::test]
async fn accepting_matches_the_registrys_organisation_or_creates_it_with_an_idea() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (se, _, se_steward, _) = movement(&app, &admin).await;
    let mut known = organisation("Nordiska museet");
    known["country"] = json!("SE");
    let known = app.create("organisations", &known, &admin).await.2;

    // "Nordiska Museet." is the registry's Nordiska museet: no second organisation.
    let (path, _) = app.inquire(&inquiry("Nordiska Museet.", "SE"), None).await;
    let accept = json!({"decision": "accept", "organisation_kind": "museum"});
    let r = decide_on(&app, &path, &accept, &se_steward).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    assert_eq!(r.json["status"], "accepted");
    assert_eq!(r.json["accepted"]["organisation"], known["id"]);
    let idea_path = format!(
        "/api/v1/partnerships/{}",
        r.json["accepted"]["partnership"].as_str().unwrap()
    );
    let idea = app.get_json(&idea_path, Some(&se_steward)).await;
    assert_eq!(idea.status.as_u16(), 200, "{}", idea.text);
    assert_eq!(idea.json["status"], "idea");
    assert_eq!(idea.json["visibility"], "movement");
    assert!(
        !idea.text.contains("anna@example.org"),
        "the contact stays on the inquiry"
    );
    assert_eq!(
        idea.json["parties"],
        json!([{"organisation": se, "role": "lead"},
            {"organisation": known["id"], "role": "partner"}])
    );
    assert_eq!(idea.json["areas"], json!(["content_glam"]));
    // Decided once: a second decision is a conflict and changes nothing.
    let before = app.head().await;
    let again = decide_on(&app, &path, &accept, &se_steward).await;
    assert_eq!(again.status.as_u16(), 409, "{}", again.text);
    assert_eq!(app.head().await, before);
    let history = app.get_json(&format!("{path}/history"), Some(&admin)).await;
    assert_eq!(
        history.json["items"][0]["action"], "decision",
        "{}",
        history.text
    );

    // An organisation the registry does not hold is created as a prospect.
    let (path, _) = app.inquire(&inquiry("Skansen", "SE"), None).await;
    let r = decide_on(&app, &path, &accept, &se_steward).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let created = r.json["accepted"]["organisation"].as_str().unwrap();
    let org = app
        .get_json(&format!("/api/v1/organisations/{created}"), None)
        .await;
    assert_eq!(org.json["name"], "Skansen");
    assert_eq!(org.json["kind"], "museum");
    assert_eq!(org.json["relationship"]["status"], "prospect");

    // An unknown kind is a 422 naming it, and nothing is written.
    let (path, _) = app.inquire(&inquiry("Vasamuseet", "SE"), None).await;
    let before = app.head().await;
    let bad = json!({"decision": "accept", "organisation_kind": "spaceship"});
    let r = decide_on(&app, &path, &bad, &se_steward).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text);
    assert!(r.text.contains("organisation_kind"), "{}", r.text);
    assert_eq!(app.head().await, before);
}

#[tokio::test]
async fn a_forwarded_inquiry_changes_hands_and_a_declined_one_tells_the_inquirer_why() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (se, no, se_steward, no_steward) = movement(&app, &admin).await;
    let museum = app
        .create("organisations", &organisation("Rijksmuseum"), &admin)
        .await
        .2;
    let (path, received) = app.inquire(&inquiry("Nordiska museet", "SE"), None).await;
    let decide = |body: Value, token: String| {
        let (app, path) = (&app, path.clone());
        async move { decide_on(app, &path, &body, &token).await }
    };
    let before = app.get_json("/api/v1/inbox", Some(&se_steward)).await;
    assert_eq!(before.json["count"], 1, "{}", before.text);
    // Only to a movement entity, and only with a note.
    let r = decide(
        json!({"decision": "forward", "to": museum["id"], "note": "theirs"}),
        se_steward.clone(),
    )
    .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text);
    assert!(r.text.contains("\"to\""), "{}", r.text);
    let r = decide(
        json!({"decision": "forward", "to": no, "note": "  "}),
        se_steward.clone(),
    )
    .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text);
    assert!(r.text.contains("note"), "{}", r.text);
    // Norge's stewards may not decide Sverige's inquiry: to them it does not exist.
    let r = decide(
        json!({"decision": "decline", "reason": "not ours"}),
        no_steward.clone(),
    )
    .await;
    assert_eq!(r.status.as_u16(), 404, "{}", r.text);

    let r = decide(
        json!({"decision": "forward", "to": no, "note": "The archive is in Oslo"}),
        se_steward.clone(),
    )
    .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    assert_eq!(r.json["routed_to"], no.as_str());
    assert_eq!(r.json["forwarded"][0]["from"], se.as_str());
    let gone = app.get_json(&path, Some(&se_steward)).await;
    assert_eq!(gone.status.as_u16(), 404, "Sverige no longer has it");
    // The inboxes follow at once (each is kept only while the index does not change).
    let inbox = app.get_json("/api/v1/inbox", Some(&se_steward)).await;
    assert_eq!(inbox.json["count"], 0, "{}", inbox.text);
    let inbox = app.get_json("/api/v1/inbox", Some(&no_steward)).await;
    assert_eq!(inbox.json["count"], 1, "{}", inbox.text);
    let status = status_of(&app, &received).await;
    assert_eq!(status["with"], "Wikimedia Norge");
    assert_eq!(status["forwarded_to"], json!(["Wikimedia Norge"]));
    assert!(
        !status.to_string().contains("Oslo"),
        "the note is the movement's"
    );

    let r = decide(
        json!({"decision": "decline", "reason": ""}),
        no_steward.clone(),
    )
    .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text);
    let r = decide(
        json!({"decision": "decline", "reason": "We do not digitise archives"}),
        no_steward.clone(),
    )
    .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let status = status_of(&app, &received).await;
    assert_eq!(status["status"], "declined");
    assert_eq!(status["reason"], "We do not digitise archives");
}

#[tokio::test]
async fn an_edit_changes_what_was_written_never_where_it_stands_and_a_steward_deletes_spam() {
    let app = TestApp::new().await;
    let admin = app.admin().await;
    let (_, no, se_steward, _) = movement(&app, &admin).await;
    let (path, received) = app.inquire(&inquiry("Nordiska museet", "SE"), None).await;
    let current = app.get_json(&path, Some(&se_steward)).await;
    let r = app
        .patch_json(
            &path,
            &json!({"wants": "Share photos"}),
            Some(&se_steward),
            current.etag(),
        )
        .await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    assert_eq!(r.json["status"], "new");
    let rev = r.etag();
    // Not even an admin moves it or decides it by an edit.
    for patch in [json!({"routed_to": no}), json!({"status": "accepted"})] {
        let r = app.patch_json(&path, &patch, Some(&admin), rev).await;
        assert_eq!(r.status.as_u16(), 422, "{}", r.text);
    }
    let r = app
        .patch_json(&path, &json!({"access": "mine"}), Some(&se_steward), rev)
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text);
    let r = app.delete(&path, Some(&se_steward), rev).await;
    assert_eq!(r.status.as_u16(), 204, "{}", r.text);
    let secret = received["secret"].as_str().unwrap();
    let status = app
        .get_json(&format!("/api/v1/inquiries/status/{secret}"), None)
        .await;
    assert_eq!(
        status.status.as_u16(),
        404,
        "a deleted inquiry has no status"
    );
}

#[tokio::test]
async fn the_inquirer_is_mailed_the_status_link_and_each_decision_in_their_language() {
    let sink = SmtpSink::start().await;
    let app = TestApp::new().await.with_mail(&sink);
    let admin = app.admin().await;
    let (_, no, se_steward, no_steward) = movement(&app, &admin).await;
    let mut body = inquiry("Nordiska museet", "SE");
    body["language"] = json!("sv");
    let (path, received) = app.inquire(&body, None).await;
    let mail = sink.wait_for(1).await;
    assert_eq!(mail[0].to, ["anna@example.org"]);
    assert!(mail[0].data.contains("From: Concord <concord@example.org>"));
    let text = mail[0].body();
    let secret = received["secret"].as_str().unwrap();
    let link = format!("https://concord.example.org/inquiries/status/{secret}");
    assert!(text.contains(&link), "{text}");
    assert!(text.contains("Wikimedia Sverige"), "{text}");
    assert!(text.starts_with("Hej Anna Berg"), "in Swedish: {text}");

    let forward = json!({"decision": "forward", "to": no, "note": "The archive is in Oslo"});
    let r = decide_on(&app, &path, &forward, &se_steward).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let mail = sink.wait_for(2).await;
    let text = mail[1].body();
    assert!(text.contains("Wikimedia Norge"), "{text}");
    assert!(!text.contains("Oslo"), "the note is the movement's");
    let decline = json!({"decision": "decline", "reason": "We do not digitise archives"});
    let r = decide_on(&app, &path, &decline, &no_steward).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    let mail = sink.wait_for(3).await;
    let text = mail[2].body();
    assert!(text.contains("We do not digitise archives"), "{text}");
    assert!(!text.contains(secret), "the link is sent once");
}
