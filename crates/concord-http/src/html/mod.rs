//! Pages. For now only `/`: a static page saying what Concord is and where the API is.
//! It contains no user input, so it is a constant; real pages will be askama templates.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

const HOME: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Concord</title>
</head>
<body>
<main>
<h1>Concord</h1>
<p>Concord is the shared registry of the movement's partnerships: the organisations, people,
partnerships, needs and shared vocabulary of a federated movement, with every change kept as a
revision.</p>
<p>Pages for people are coming. Meanwhile the JSON API is described by its
<a href="/api/v1/openapi.json">OpenAPI document</a>.</p>
</main>
</body>
</html>
"#;

/// `GET /`: what Concord is, and a link to the API description.
pub async fn home() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        HOME,
    )
        .into_response()
}
