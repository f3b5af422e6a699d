//! Pages: the CSV import — upload, map with a constant and a value map, preview, a dry run
//! that writes nothing, the import with its progress page and report, the rejected rows to
//! download; idempotence, who may import, whose jobs are whose, broken and oversized files,
//! and escaping of hostile cells.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use concord_domain::{OrganisationId, Role};
use serde_json::Value;
use tower::ServiceExt;

use crate::support::session::{HOST, ORIGIN};
use crate::support::{Backend, TestApp, TestResponse, read};

on_both_backends!(
    a_csv_is_uploaded_mapped_previewed_and_imported_once,
    only_stewards_and_admins_may_import,
    a_job_is_its_uploaders_alone,
    a_broken_or_oversized_file_is_refused_and_writes_nothing,
    hostile_cells_are_escaped_in_the_mapping_and_the_preview,
);

const PASSWORD: &str = "correct horse battery";

/// Three rows: two good ones (coded kinds, one without a country) and one of an unknown kind.
const MUSEUMS: &str = "Name,Type,Land,Web\n\
    Museum One,ART,,museum-one.example\n\
    Library Two,LIB,DE,https://library-two.example/\n\
    Broken Row,ZZZ,FR,\n";

/// An app with an admin (`root`) logged in: `(app, root's cookie)`.
async fn app_with_importer(backend: Backend) -> Option<(TestApp, String)> {
    let app = TestApp::on(backend).await?;
    app.create_account("root", PASSWORD, &[Role::Admin]).await;
    let cookie = app.login("root", PASSWORD).await;
    Some((app, cookie))
}

/// Sends `bytes` as the upload form's file, the way a browser does from the page.
async fn upload(app: &TestApp, cookie: &str, name: &str, bytes: &[u8]) -> TestResponse {
    let csrf = app.csrf_token(Some(cookie)).await;
    let boundary = "concord-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = Request::builder()
        .method(Method::POST)
        .uri("/import")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::COOKIE, format!("{cookie}; concord_csrf={csrf}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    read(app.router.clone().oneshot(request).await.unwrap()).await
}

/// Uploads `MUSEUMS` and returns the job's page (`/import/<id>`).
async fn uploaded(app: &TestApp, cookie: &str, csv: &str) -> String {
    let r = upload(app, cookie, "museums.csv", csv.as_bytes()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert!(r.location().starts_with("/import/"), "{}", r.location());
    r.location().to_owned()
}

/// The mapping of `MUSEUMS`: its columns, the country US for rows without one, and the codes.
async fn map(app: &TestApp, cookie: &str, job: &str) -> TestResponse {
    app.post_form(
        job,
        &[
            ("column-0", "name"),
            ("column-1", "kind"),
            ("column-2", "country"),
            ("column-3", "website"),
            ("set-country", "US"),
            ("values", "kind:ART=museum\r\nkind:LIB=library\r\n"),
        ],
        Some(cookie),
    )
    .await
}

/// Runs the import of `job` and waits for its report page.
async fn run(app: &TestApp, cookie: &str, job: &str) -> TestResponse {
    let r = app
        .post_form(&format!("{job}/run"), &[], Some(cookie))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(r.location(), format!("{job}/progress"));
    for _ in 0..400 {
        let page = app.get_page(&format!("{job}/progress"), Some(cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        if !page.text.contains(r#"http-equiv="refresh""#) {
            return page;
        }
        assert!(page.text.contains("<progress"), "{}", page.text);
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the import did not finish");
}

/// The count shown for `label` on a page.
fn count(page: &str, label: &str) -> String {
    let start = page
        .find(&format!("<dt>{label}</dt><dd>"))
        .unwrap_or_else(|| panic!("no {label} in {page}"));
    let rest = &page[start + label.len() + 13..];
    rest[..rest.find('<').unwrap()].to_owned()
}

/// Every organisation the API lists to an admin.
async fn organisations(app: &TestApp) -> Vec<Value> {
    let reader = format!("reader-{}", uuid::Uuid::new_v4());
    let admin = app.token(&reader, vec![Role::Admin]).await;
    let r = app
        .get_json("/api/v1/organisations?limit=100", Some(&admin))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json["items"].as_array().expect("items").clone()
}

/// The listed organisation named `name`.
fn named<'a>(items: &'a [Value], name: &str) -> Option<&'a Value> {
    items.iter().find(|i| i.to_string().contains(name))
}

async fn a_csv_is_uploaded_mapped_previewed_and_imported_once(backend: Backend) {
    let Some((app, root)) = app_with_importer(backend).await else {
        return;
    };
    let upload_page = app.get_page("/import", Some(&root)).await;
    assert_eq!(upload_page.status, StatusCode::OK, "{}", upload_page.text);
    assert!(
        upload_page
            .text
            .contains(r#"enctype="multipart/form-data""#)
    );
    assert!(upload_page.text.contains("At most 20 MiB."));
    assert!(
        upload_page.text.contains(r#"href="/import""#),
        "the nav links it"
    );

    let job = uploaded(&app, &root, MUSEUMS).await;
    let mapping = app.get_page(&job, Some(&root)).await;
    assert_eq!(mapping.status, StatusCode::OK, "{}", mapping.text);
    assert!(
        mapping.text.contains("museums.csv: 3 rows."),
        "{}",
        mapping.text
    );
    assert!(mapping.text.contains(r#"name="column-3""#));
    assert!(mapping.text.contains(">Wikidata item</option>"));

    let r = map(&app, &root, &job).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    assert_eq!(r.location(), format!("{job}/preview"));

    let head = app.head().await;
    let preview = app.get_page(&format!("{job}/preview"), Some(&root)).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    assert!(
        preview
            .text
            .contains("<td>Museum One</td><td>Museum</td><td>United States of America</td>"),
        "{}",
        preview.text
    );
    assert!(
        preview
            .text
            .contains("<td>Library Two</td><td>Library</td><td>Germany</td>")
    );
    assert!(
        preview.text.contains("https://museum-one.example"),
        "the website completed"
    );
    assert!(
        preview.text.contains("(this row will be skipped)"),
        "row 3's kind is refused"
    );
    assert_eq!(count(&preview.text, "Created"), "2");
    assert_eq!(count(&preview.text, "Skipped"), "1");
    assert_eq!(
        app.head().await,
        head,
        "the preview and the dry run wrote nothing"
    );
    assert!(organisations(&app).await.is_empty());

    let report = run(&app, &root, &job).await;
    assert!(
        report.text.contains("The import is done."),
        "{}",
        report.text
    );
    assert_eq!(count(&report.text, "Created"), "2");
    assert_eq!(count(&report.text, "Skipped"), "1");
    assert!(
        report
            .text
            .contains(&format!(r#"href="{job}/rejected.csv""#))
    );

    let items = organisations(&app).await;
    assert_eq!(items.len(), 2, "{items:?}");
    let museum = named(&items, "Museum One").expect("Museum One");
    assert!(museum.to_string().contains(r#""country":"US""#), "{museum}");
    assert!(
        museum.to_string().contains(r#""kind":"museum""#),
        "{museum}"
    );
    let library = named(&items, "Library Two").expect("Library Two");
    assert!(
        library.to_string().contains(r#""country":"DE""#),
        "{library}"
    );
    assert!(named(&items, "Broken Row").is_none());

    let rejected = app
        .get_page(&format!("{job}/rejected.csv"), Some(&root))
        .await;
    assert_eq!(rejected.status, StatusCode::OK);
    assert!(rejected.content_type().starts_with("text/csv"));
    let mut lines = rejected.text.lines();
    assert_eq!(lines.next(), Some("Name,Type,Land,Web,reason"));
    assert!(
        // The reason holds commas, so it is quoted.
        lines
            .next()
            .unwrap()
            .starts_with(r#"Broken Row,ZZZ,FR,,"kind: "#),
        "{}",
        rejected.text
    );
    assert_eq!(lines.next(), None);

    let again = uploaded(&app, &root, MUSEUMS).await;
    assert_eq!(map(&app, &root, &again).await.status, StatusCode::SEE_OTHER);
    let head = app.head().await;
    let report = run(&app, &root, &again).await;
    assert_eq!(count(&report.text, "Created"), "0", "{}", report.text);
    assert_eq!(count(&report.text, "Unchanged"), "2");
    assert_eq!(app.head().await, head, "a second import writes nothing");
    assert_eq!(organisations(&app).await.len(), 2);
}

async fn only_stewards_and_admins_may_import(backend: Backend) {
    let Some((app, _)) = app_with_importer(backend).await else {
        return;
    };
    app.create_account("bob", PASSWORD, &[Role::Member]).await;
    let bob = app.login("bob", PASSWORD).await;
    let entity = OrganisationId(uuid::Uuid::now_v7());
    app.create_account("stella", PASSWORD, &[Role::Steward(entity)])
        .await;
    let stella = app.login("stella", PASSWORD).await;

    let visitor = app.get_page("/import", None).await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert_eq!(visitor.location(), "/login?next=/import");

    let member = app.get_page("/import", Some(&bob)).await;
    assert_eq!(member.status, StatusCode::FORBIDDEN, "{}", member.text);
    assert!(
        member
            .text
            .contains("Only stewards and administrators may import records.")
    );
    assert!(
        !member.text.contains(r#"href="/import""#),
        "no nav link for a member"
    );
    let posted = upload(&app, &bob, "museums.csv", MUSEUMS.as_bytes()).await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);

    let steward = app.get_page("/import", Some(&stella)).await;
    assert_eq!(steward.status, StatusCode::OK, "{}", steward.text);
    uploaded(&app, &stella, MUSEUMS).await;
}

async fn a_job_is_its_uploaders_alone(backend: Backend) {
    let Some((app, root)) = app_with_importer(backend).await else {
        return;
    };
    app.create_account("eve", PASSWORD, &[Role::Admin]).await;
    let eve = app.login("eve", PASSWORD).await;
    let job = uploaded(&app, &root, MUSEUMS).await;
    assert_eq!(map(&app, &root, &job).await.status, StatusCode::SEE_OTHER);
    run(&app, &root, &job).await;

    for path in [
        job.clone(),
        format!("{job}/preview"),
        format!("{job}/progress"),
        format!("{job}/rejected.csv"),
    ] {
        let r = app.get_page(&path, Some(&eve)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.text);
        assert!(!r.text.contains("Broken Row"));
    }
    let r = map(&app, &eve, &job).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.post_form(&format!("{job}/run"), &[], Some(&eve)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.get_page(&job, None).await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "a visitor is sent to log in"
    );
}

async fn a_broken_or_oversized_file_is_refused_and_writes_nothing(backend: Backend) {
    let Some((app, root)) = app_with_importer(backend).await else {
        return;
    };
    let head = app.head().await;
    let ragged = "name,kind\nGood Museum,museum\nRagged,museum,extra\n";
    let r = upload(&app, &root, "ragged.csv", ragged.as_bytes()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(
        r.text
            .contains("Line 3: the row has 3 cells but the header has 2. Nothing was imported."),
        "{}",
        r.text
    );

    let latin1 = b"name,kind\nMus\xe9e,museum\n";
    let r = upload(&app, &root, "latin1.csv", latin1).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("Line 2 is not valid UTF-8"), "{}", r.text);

    let r = upload(&app, &root, "empty.csv", b"").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert!(r.text.contains("Choose a CSV file to upload."));

    let mut big = b"name\n".to_vec();
    big.resize(20 * 1024 * 1024 + 1, b'a');
    let r = upload(&app, &root, "big.csv", &big).await;
    assert_eq!(
        r.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        &r.text[..r.text.len().min(500)]
    );
    assert!(r.text.contains("File too large"), "{}", r.text);
    assert!(r.text.contains("larger than 20 MiB"));

    let elsewhere = app
        .post_form(
            "/language",
            &[("lang", &"x".repeat(2 * 1024 * 1024))],
            Some(&root),
        )
        .await;
    assert_eq!(
        elsewhere.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "other routes keep 1 MiB"
    );
    assert_eq!(app.head().await, head, "nothing was written");
    assert!(organisations(&app).await.is_empty());
}

async fn hostile_cells_are_escaped_in_the_mapping_and_the_preview(backend: Backend) {
    let Some((app, root)) = app_with_importer(backend).await else {
        return;
    };
    let csv = "name,<b>Col</b>\n\"<script>alert(1)</script>\",\"<img src=x onerror=alert(2)>\"\n";
    let job = uploaded(&app, &root, csv).await;
    let mapping = app.get_page(&job, Some(&root)).await;
    assert_eq!(mapping.status, StatusCode::OK);
    assert!(!mapping.text.contains("<b>Col</b>"), "{}", mapping.text);
    assert!(
        mapping.text.contains("&#60;b&#62;Col&#60;/b&#62;"),
        "{}",
        mapping.text
    );
    assert!(!mapping.text.contains("<script>alert(1)"));
    assert!(!mapping.text.contains("<img src=x"));
    let r = app
        .post_form(
            &job,
            &[("column-0", "name"), ("column-1", "description")],
            Some(&root),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let preview = app.get_page(&format!("{job}/preview"), Some(&root)).await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(
        !preview.text.contains("<script>alert(1)"),
        "{}",
        preview.text
    );
    assert!(
        preview
            .text
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;")
    );
}
