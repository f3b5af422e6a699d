//! Step 2, `GET /import/{id}` and `POST /import/{id}`: which field each column feeds,
//! constants for fields the file lacks (`country` = `US`) and value maps (`kind:ART=museum`):
//! the options of `concord import csv` (`--map`, `--set`, `--map-value`), checked here in the
//! reader's language, then kept with the job for the preview and the import.

use std::collections::HashMap;

use askama::Template;
use axum::Extension;
use axum::http::StatusCode;
use axum::response::Response;
use concord_i18n::{Arg, Localizer};
use concord_ingest::csv::{ColumnMap, Constants, CsvOptions, ValueMap};
use uuid::Uuid;

use super::jobs::{Job, Jobs, Mapping};
use super::{FIELDS, fields, job};
use crate::{HtmlError, Layout, PageContext, render_with_status, see_other};
use concord_http::error::AppError;
use concord_http::extract::PathId;
use concord_http::security::CsrfForm;

/// The mapping form.
#[derive(Template)]
#[template(path = "import/map.html")]
struct MapPage {
    layout: Layout,
    csrf: String,
    id: Uuid,
    intro: String,
    columns: Vec<ColumnRow>,
    constants: Vec<ConstantRow>,
    values: String,
    errors: Vec<String>,
}

/// One column of the file and the field it feeds.
struct ColumnRow {
    index: usize,
    name: String,
    sample: String,
    options: Vec<(String, String, bool)>,
}

/// A field and the constant typed for it.
struct ConstantRow {
    field: String,
    label: String,
    value: String,
}

/// `GET /import/{id}`.
pub(super) async fn show(
    ctx: PageContext,
    Extension(jobs): Extension<Jobs>,
    PathId(id): PathId<Uuid>,
) -> Result<Response, HtmlError> {
    let (_, job) = job(&ctx, &jobs, id)?;
    let mapping = job.mapping.clone().unwrap_or_else(|| guess(&job));
    page(&ctx, id, &job, &mapping, Vec::new())
}

/// `POST /import/{id}`: keeps the mapping and goes on to the preview, or shows the form again
/// with what is wrong (422).
pub(super) async fn save(
    ctx: PageContext,
    Extension(jobs): Extension<Jobs>,
    PathId(id): PathId<Uuid>,
    form: Result<CsrfForm<HashMap<String, String>>, AppError>,
) -> Result<Response, HtmlError> {
    let (account, job) = job(&ctx, &jobs, id)?;
    let form = ctx.form(form)?;
    let (mapping, errors) = read(ctx.t(), &job, &form);
    if !errors.is_empty() {
        return page(&ctx, id, &job, &mapping, errors);
    }
    jobs.update(account.id, id, |j| j.mapping = Some(mapping))
        .ok_or_else(|| ctx.error_page(AppError::NotFound))?;
    see_other(&format!("/import/{id}/preview"), None).map_err(|e| ctx.error_page_with(e))
}

/// The form, filled with `mapping`, and `errors` at the top (then 422).
fn page(
    ctx: &PageContext,
    id: Uuid,
    job: &Job,
    mapping: &Mapping,
    errors: Vec<String>,
) -> Result<Response, HtmlError> {
    let t = ctx.t();
    let choices = fields(t);
    let sample = first_row(job);
    let columns = job
        .header
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let chosen = mapping.columns.get(index).map_or("", String::as_str);
            ColumnRow {
                index,
                name: name.clone(),
                sample: sample.get(index).cloned().unwrap_or_default(),
                options: choices
                    .iter()
                    .map(|(f, label)| (f.clone(), label.clone(), f == chosen))
                    .collect(),
            }
        })
        .collect();
    let constants = FIELDS
        .iter()
        .map(|f| ConstantRow {
            field: (*f).to_owned(),
            label: t.msg(&format!("concord-import-field-{f}")),
            value: constant(mapping, f),
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = MapPage {
        layout: ctx.layout(),
        csrf: ctx.csrf.value().to_owned(),
        id,
        intro: t.msg_with(
            "concord-import-map-intro",
            &[
                Arg::Text(job.file_name.clone()),
                Arg::Count(i64::try_from(job.rows).unwrap_or(i64::MAX)),
            ],
        ),
        columns,
        constants,
        values: mapping.values.clone(),
        errors,
    };
    render_with_status(status, ctx.csrf.clone(), &page).map_err(|e| ctx.error_page(e))
}

/// The constant typed for `field`, or nothing.
fn constant(mapping: &Mapping, field: &str) -> String {
    mapping
        .constants
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// The first row's cells, as examples beside the columns.
fn first_row(job: &Job) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(&job.bytes[..]);
    match reader.records().next() {
        Some(Ok(row)) => row.iter().map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

/// The first guess: each column named like a field feeds it (as on the command line).
fn guess(job: &Job) -> Mapping {
    let known: Vec<String> = fields(crate::language::localizer(concord_i18n::Lang::En))
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    let columns = job
        .header
        .iter()
        .map(|h| {
            let h = h.trim().to_lowercase();
            if known.contains(&h) { h } else { String::new() }
        })
        .collect();
    Mapping {
        columns,
        ..Mapping::default()
    }
}

/// The mapping the form gives, and what is wrong with it in the reader's words.
fn read(t: &Localizer, job: &Job, form: &HashMap<String, String>) -> (Mapping, Vec<String>) {
    let known: Vec<String> = fields(t).into_iter().map(|(f, _)| f).collect();
    let mut errors = Vec::new();
    let mut columns = Vec::with_capacity(job.header.len());
    let mut specs = Vec::new();
    for (i, column) in job.header.iter().enumerate() {
        let field = form
            .get(&format!("column-{i}"))
            .map_or("", |f| f.trim())
            .to_owned();
        if !field.is_empty() {
            if !known.contains(&field) {
                errors.push(t.msg_with("concord-import-map-unknown", &[Arg::Text(field.clone())]));
            } else if columns.contains(&field) {
                errors.push(t.msg_with("concord-import-map-twice", &[Arg::Text(field.clone())]));
            } else {
                specs.push(format!("{field}={column}"));
            }
        }
        columns.push(field);
    }
    let constants: Vec<(String, String)> = FIELDS
        .iter()
        .filter_map(|f| {
            let value = form.get(&format!("set-{f}"))?.trim();
            (!value.is_empty()).then(|| ((*f).to_owned(), value.to_owned()))
        })
        .collect();
    let values = form.get("values").cloned().unwrap_or_default();
    let lines: Vec<&str> = values
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for (n, line) in lines.iter().enumerate() {
        if !value_line_ok(line, &known) {
            let args = [Arg::Count(n as i64 + 1), Arg::Text((*line).to_owned())];
            errors.push(t.msg_with("concord-import-map-value-bad", &args));
        }
    }
    let has_name = columns.iter().any(|f| f == "name")
        || job.header.iter().any(|h| h.trim() == "name")
        || constants.iter().any(|(f, _)| f == "name");
    if !has_name {
        errors.push(t.msg("concord-import-map-no-name"));
    }
    let mut mapping = Mapping {
        columns,
        values: values.clone(),
        ..Mapping::default()
    };
    if errors.is_empty() {
        let set: Vec<String> = constants.iter().map(|(f, v)| format!("{f}={v}")).collect();
        match options(&specs, &set, &lines) {
            Ok(options) => mapping.options = options,
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    mapping.constants = constants;
    (mapping, errors)
}

/// Whether `line` is `FIELD:CODE=VALUE` with a known field and a code.
fn value_line_ok(line: &str, known: &[String]) -> bool {
    let parsed = line
        .split_once(':')
        .and_then(|(field, rest)| Some((field.trim(), rest.split_once('=')?)));
    matches!(parsed, Some((field, (code, _))) if known.iter().any(|k| k == field) && !code.trim().is_empty())
}

/// The engine's options, parsed exactly as the command line's `--map`, `--set`, `--map-value`.
fn options(columns: &[String], set: &[String], values: &[&str]) -> anyhow::Result<CsvOptions> {
    Ok(CsvOptions {
        columns: ColumnMap::parse(columns)?,
        constants: Constants::parse(set)?,
        values: ValueMap::parse(values)?,
    })
}
