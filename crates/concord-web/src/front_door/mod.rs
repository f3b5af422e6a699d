//! The front door's pages (issue #13, item 3): `GET /inquire` is the public inquiry form (no
//! account needed), `POST /inquire` sends it through the API's
//! [`concord_http::api::v1::inquiries::receive`] (the anonymous-write limit, the checks,
//! routing) and goes to the inquirer's private status page, `GET /inquiries/status/{secret}`.
//!
//! The form carries a honeypot: a field people never see or reach (hidden from view, from
//! assistive technology and from the keyboard) that programs filling in every field do fill
//! in; such a post is refused and nothing is stored.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use concord_domain::inquiry::{InquiryContact, InquiryForm};
use concord_domain::{InquiryStatus, ValidationErrors, Vocabulary};
use concord_http::api::v1::inquiries::{InquiryStatusView, public_status, receive};
use concord_http::error::AppError;
use concord_http::extract::PathId;
use concord_http::security::CsrfForm;
use concord_http::state::AppState;
use concord_i18n::{Arg, Localizer};
use serde::Deserialize;

use crate::edit::field::{Field, Input, place_errors};
use crate::edit::form::{FormContext, field};
use crate::record::facts::{Fact, moment};
use crate::{HtmlError, Layout, PageContext, render_with_status, see_other};

/// The honeypot's name: a field a person would take for the organisation's home page.
const HONEYPOT: &str = "homepage";

/// This module's routes. (The status route calls the secret `{id}`, to be read by
/// [`PathId`].)
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inquire", get(form).post(submit))
        .route("/inquiries/status/{id}", get(status))
}

/// The inquiry form.
#[derive(Template)]
#[template(path = "front_door/form.html")]
struct FormPage {
    layout: Layout,
    csrf: String,
    fields: Vec<Field>,
    unplaced: Vec<String>,
    honeypot: &'static str,
}

impl FormPage {
    fn has_errors(&self) -> bool {
        !self.unplaced.is_empty() || self.fields.iter().any(|f| f.error.is_some())
    }
}

/// What the form posts.
#[derive(Debug, Default, Deserialize)]
pub struct Posted {
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    wants: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    contact_name: String,
    #[serde(default)]
    contact_email: String,
    #[serde(default)]
    homepage: String,
}

impl Posted {
    /// The inquiry, in the reader's language.
    fn inquiry(&self, lang: &str) -> InquiryForm {
        InquiryForm {
            organisation: self.organisation.clone(),
            country: self.country.clone(),
            website: Some(self.website.clone()),
            wants: self.wants.clone(),
            area: self.area.clone(),
            contact: InquiryContact {
                name: self.contact_name.clone(),
                email: self.contact_email.clone(),
            },
            language: lang.to_owned(),
        }
        .trimmed()
    }
}

/// `GET /inquire`.
async fn form(ctx: PageContext, State(state): State<AppState>) -> Result<Response, HtmlError> {
    let page = form_page(&ctx, &state, &Posted::default(), None).await?;
    Ok(render_with_status(StatusCode::OK, ctx.csrf.clone(), &page)?)
}

/// `POST /inquire`: 303 to the status page; the form again with its refusals (422); the
/// error page for the honeypot (400) or too many writes from the address (429).
async fn submit(
    ctx: PageContext,
    State(state): State<AppState>,
    form: Result<CsrfForm<Posted>, AppError>,
) -> Result<Response, HtmlError> {
    let posted = ctx.form(form)?;
    if !posted.homepage.trim().is_empty() {
        return Err(ctx.error_page(AppError::bad_field(
            HONEYPOT,
            "honeypot",
            "this field is left empty by people; the inquiry was not sent",
        )));
    }
    let inquiry = posted.inquiry(ctx.lang.code());
    // Checked here first so that each refusal sits beside its field; only a complete inquiry
    // counts against the address's limit and is stored.
    let vocabularies = state
        .store
        .vocabularies()
        .await
        .map_err(|e| ctx.error_page(e))?;
    if let Err(errors) = inquiry.check(&vocabularies) {
        let page = form_page(&ctx, &state, &posted, Some(&errors)).await?;
        return Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.csrf.clone(),
            &page,
        )?);
    }
    match receive(&state, &ctx.viewer, ctx.address.as_deref(), inquiry).await {
        Ok(received) => see_other(&received.status_link, None),
        Err(e) => Err(ctx.error_page(e)),
    }
}

/// The form showing `posted`, with `errors` beside their fields.
async fn form_page(
    ctx: &PageContext,
    state: &AppState,
    posted: &Posted,
    errors: Option<&ValidationErrors>,
) -> Result<FormPage, HtmlError> {
    let t = ctx.t();
    let vocabularies = state
        .store
        .vocabularies()
        .await
        .map_err(|e| ctx.error_page(e))?;
    let label = |name: &str| t.msg(&format!("concord-inquire-{name}"));
    let choices = FormContext {
        t,
        vocabularies: &vocabularies,
        lang: ctx.lang.code(),
        organisations: &[],
        accounts: &[],
    };
    let areas = choices.terms(Vocabulary::Area, true);
    let countries = choices.countries();
    let p = posted;
    let mut fields = vec![
        field(
            "organisation",
            label("organisation"),
            Input::Text,
            p.organisation.clone(),
        )
        .required(),
        field(
            "country",
            label("country"),
            Input::Select(countries),
            p.country.clone(),
        )
        .required(),
        field("website", label("website"), Input::Url, p.website.clone()),
        field("area", label("area"), Input::Select(areas), p.area.clone())
            .required()
            .help(label("area-help")),
        field("wants", label("wants"), Input::LongText, p.wants.clone())
            .required()
            .help(label("wants-help")),
        field(
            "contact_name",
            label("contact-name"),
            Input::Text,
            p.contact_name.clone(),
        )
        .required(),
        field(
            "contact_email",
            label("contact-email"),
            Input::Email,
            p.contact_email.clone(),
        )
        .required()
        .help(label("contact-help")),
    ];
    let unplaced = match errors {
        Some(errors) => place_errors(t, &mut fields, errors, |path| match path {
            "organisation" => Some("organisation"),
            "country" => Some("country"),
            "website" => Some("website"),
            "area" => Some("area"),
            "wants" => Some("wants"),
            "contact.name" => Some("contact_name"),
            "contact.email" => Some("contact_email"),
            _ => None,
        }),
        None => Vec::new(),
    };
    Ok(FormPage {
        layout: ctx.layout(),
        csrf: ctx.csrf.value().to_owned(),
        fields,
        unplaced,
        honeypot: HONEYPOT,
    })
}

/// The inquirer's status page.
#[derive(Template)]
#[template(path = "front_door/status.html")]
struct StatusPage {
    layout: Layout,
    organisation: String,
    status: String,
    tone: &'static str,
    explanation: String,
    reason: Option<String>,
    facts: Vec<Fact>,
}

/// `GET /inquiries/status/{secret}`: where the inquiry stands; the 404 page for any other
/// secret. Never cached or indexed, and the link is not sent on to other sites.
async fn status(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(secret): PathId<String>,
) -> Result<Response, HtmlError> {
    let (_, view) = public_status(&state, &secret)
        .await
        .map_err(|e| ctx.error_page(e))?;
    let t = ctx.t();
    let page = status_page(&ctx, t, view);
    let mut response = render_with_status(StatusCode::OK, ctx.csrf.clone(), &page)?;
    let headers = response.headers_mut();
    headers.insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    headers.insert(
        "x-robots-tag",
        axum::http::HeaderValue::from_static("noindex"),
    );
    Ok(response)
}

fn status_page(ctx: &PageContext, t: &Localizer, view: InquiryStatusView) -> StatusPage {
    let with = Arg::Text(
        view.with
            .clone()
            .unwrap_or_else(|| t.msg("concord-record-unavailable")),
    );
    let (explanation, tone) = match view.status {
        InquiryStatus::New => (
            t.msg_with("concord-inquiry-status-new-help", &[with]),
            "notice",
        ),
        InquiryStatus::Accepted => (
            t.msg_with("concord-inquiry-status-accepted-help", &[with]),
            "success",
        ),
        InquiryStatus::Declined => (
            t.msg_with("concord-inquiry-status-declined-help", &[with]),
            "warning",
        ),
    };
    let mut facts = vec![
        Fact {
            label: t.msg("concord-inquiry-status-received"),
            value: moment(t, view.received_at),
        },
        Fact {
            label: t.msg("concord-inquiry-status-updated"),
            value: moment(t, view.updated_at),
        },
    ];
    if !view.forwarded_to.is_empty() {
        facts.push(Fact {
            label: t.msg("concord-inquiry-status-forwarded"),
            value: view.forwarded_to.join(", "),
        });
    }
    StatusPage {
        layout: ctx.layout(),
        organisation: view.organisation,
        status: t.msg(&format!("concord-inquiry-status-{}", view.status.as_str())),
        tone,
        explanation,
        reason: view.reason,
        facts,
    }
}
