//! Step 1, `GET /import` and `POST /import`: the upload form, and the file received. The file
//! must be a CSV file of at most [`UPLOAD_LIMIT_BYTES`] whose every row has as many cells as
//! its header, in UTF-8: otherwise the form comes back saying which line is wrong (422), or
//! that it is too large (413), and nothing is kept or written.

use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use concord_i18n::{Arg, Localizer};

use super::jobs::Jobs;
use super::{UPLOAD_LIMIT_BYTES, importer};
use crate::{HtmlError, Layout, PageContext, render_with_status, see_other};
use concord_http::error::AppError;
use concord_http::security::{cookie, csrf};

/// The upload form.
#[derive(Template)]
#[template(path = "import/upload.html")]
struct UploadPage {
    layout: Layout,
    csrf: String,
    limit: String,
    error: Option<String>,
}

/// `GET /import`.
pub(super) async fn show(ctx: PageContext) -> Result<Response, HtmlError> {
    importer(&ctx)?;
    page(&ctx, StatusCode::OK, None)
}

/// The upload form with `status` and, after a refused upload, why.
fn page(
    ctx: &PageContext,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, HtmlError> {
    let t = ctx.t();
    let page = UploadPage {
        layout: ctx.layout(),
        csrf: ctx.csrf.value().to_owned(),
        limit: t.msg_with(
            "concord-import-upload-limit",
            &[Arg::Count((UPLOAD_LIMIT_BYTES >> 20) as i64)],
        ),
        error,
    };
    render_with_status(status, ctx.csrf.clone(), &page).map_err(|e| ctx.error_page(e))
}

/// What the form sent: the CSRF field and the file.
#[derive(Default)]
struct Upload {
    csrf: Option<String>,
    file_name: String,
    bytes: Option<Vec<u8>>,
}

/// Why an upload was refused: a page of its own, or the form again with a sentence.
enum Refused {
    Page(HtmlError),
    Form(StatusCode, String),
}

/// `POST /import` (multipart): keeps a well-formed file and goes on to its mapping.
pub(super) async fn receive(
    ctx: PageContext,
    Extension(jobs): Extension<Jobs>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, HtmlError> {
    let account = importer(&ctx)?.clone();
    let t = ctx.t();
    let outcome = match multipart {
        Ok(multipart) => read(t, multipart).await,
        Err(e) => Err(Refused::Form(StatusCode::BAD_REQUEST, e.body_text())),
    };
    let upload = match outcome {
        Ok(upload) => upload,
        Err(Refused::Page(page)) => return Err(ctx.error_page_with(page)),
        Err(Refused::Form(status, why)) => return page(&ctx, status, Some(why)),
    };
    csrf::verify(cookie::read(&headers, csrf::COOKIE), upload.csrf.as_deref())
        .map_err(|e| ctx.error_page(e))?;
    let Some(bytes) = upload.bytes.filter(|b| !b.is_empty()) else {
        let why = t.msg("concord-import-upload-none");
        return page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(why));
    };
    let bytes: Arc<[u8]> = Arc::from(bytes);
    let checked = {
        let bytes = bytes.clone();
        tokio::task::spawn_blocking(move || check(t, &bytes))
            .await
            .map_err(|e| ctx.error_page(AppError::internal(e)))?
    };
    let (header, rows) = match checked {
        Ok(checked) => checked,
        Err(why) => return page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(why)),
    };
    let id = jobs.add(account.id, upload.file_name, bytes, header, rows);
    see_other(&format!("/import/{id}"), None).map_err(|e| ctx.error_page_with(e))
}

/// Reads the form's fields; a body over the limit is a 413 page.
async fn read(t: &Localizer, mut multipart: Multipart) -> Result<Upload, Refused> {
    let mut upload = Upload::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(upload),
            Err(e) => return Err(refusal(t, e.status(), e.body_text())),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().unwrap_or("upload.csv").to_owned();
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(e) => return Err(refusal(t, e.status(), e.body_text())),
        };
        match name.as_str() {
            csrf::FIELD => upload.csrf = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "file" if bytes.len() > UPLOAD_LIMIT_BYTES => {
                return Err(refusal(t, StatusCode::PAYLOAD_TOO_LARGE, String::new()));
            }
            "file" => {
                upload.file_name = file_name;
                upload.bytes = Some(bytes.to_vec());
            }
            _ => {}
        }
    }
}

/// A refused body: the 413 page when it was too large, else the form saying why.
fn refusal(t: &Localizer, status: StatusCode, text: String) -> Refused {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        let mb = Arg::Count((UPLOAD_LIMIT_BYTES >> 20) as i64);
        Refused::Page(HtmlError::page(
            status,
            &t.msg("concord-import-too-large-title"),
            &t.msg_with("concord-import-too-large", &[mb]),
        ))
    } else {
        Refused::Form(StatusCode::BAD_REQUEST, text)
    }
}

/// The header and the number of rows of a well-formed file, or why it is not, naming the line
/// in the reader's language (the engine's own check, `check_structure`, runs again on import).
fn check(t: &Localizer, bytes: &[u8]) -> Result<(Vec<String>, u64), String> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_owned()).collect(),
        Err(e) => return Err(describe(t, &e)),
    };
    if header.iter().all(String::is_empty) {
        return Err(t.msg("concord-import-upload-no-header"));
    }
    let mut row = csv::StringRecord::new();
    let mut rows = 0;
    loop {
        match reader.read_record(&mut row) {
            Ok(true) => rows += 1,
            Ok(false) => return Ok((header, rows)),
            Err(e) => return Err(describe(t, &e)),
        }
    }
}

/// A structure error in the reader's words, with its line.
fn describe(t: &Localizer, e: &csv::Error) -> String {
    let line = |pos: Option<&csv::Position>| Arg::Count(pos.map_or(0, |p| p.line() as i64));
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => t.msg_with(
            "concord-import-upload-ragged",
            &[
                line(pos.as_ref()),
                Arg::Count(*len as i64),
                Arg::Count(*expected_len as i64),
            ],
        ),
        csv::ErrorKind::Utf8 { pos, .. } => {
            t.msg_with("concord-import-upload-utf8", &[line(pos.as_ref())])
        }
        _ => t.msg_with("concord-import-upload-broken", &[Arg::Text(e.to_string())]),
    }
}
