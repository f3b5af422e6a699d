//! `GET /api/v1/routing`: who in the movement should lead work in an area, at a level, with a
//! partner in a country (issue #13, item 2). The matrix and the ranking are the domain's
//! (`concord_domain::workflow::routing`); the admins' routing rules (records of their own,
//! `/api/v1/routing-rules`) replace the default's cells; the movement entities come from the
//! search index, as the viewer may see them. [`route`] is what the pages and the front door call too.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use concord_domain::workflow::routing::{self, Candidate, Entity, Matrix, Reason, Request};
use concord_domain::{
    Organisation, OrganisationId, RoutingRule, Viewer, Vocabularies, Vocabulary, country,
};
use serde::Serialize;

use super::headers::json_response;
use super::params::{once, unknown};
use super::support::{every, stored_record};
use crate::error::AppError;
use crate::extract::{ApiViewer, QueryPairs};
use crate::state::AppState;

/// The answer: the level routed at, and the entities that should lead, best first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RoutingView {
    /// The level routed at: the one asked for, else `national` with a country and `global`
    /// without.
    pub level: String,
    /// The entities, best first; empty only when the registry holds no Foundation.
    pub candidates: Vec<CandidateView>,
}

/// One entity routing picked.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CandidateView {
    /// The movement entity (an organisation).
    pub organisation: OrganisationId,
    /// Its name.
    pub name: String,
    /// Its kind of movement entity.
    pub kind: String,
    /// Why it was picked.
    pub reasons: Vec<Reason>,
    /// The same in words: "routed to Wikimedia Sverige: national, Content / GLAM, country SE".
    pub explanation: String,
}

/// `GET /api/v1/routing?area=…&level=…&country=…`.
pub async fn show(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    QueryPairs(pairs): QueryPairs,
) -> Result<Response, AppError> {
    let vocabularies = state.store.vocabularies().await?;
    let request = parse(&pairs, &vocabularies)?;
    let level = request.level().to_owned();
    let candidates = route(&state, &viewer, &request)
        .await?
        .into_iter()
        .map(|c| CandidateView {
            organisation: c.entity.id,
            explanation: explain(&c, &vocabularies),
            name: c.entity.name,
            kind: c.entity.kind,
            reasons: c.reasons,
        })
        .collect();
    json_response(StatusCode::OK, &RoutingView { level, candidates })
}

/// Routes `request` among the movement entities `viewer` may see, with the matrix in force.
pub async fn route(
    state: &AppState,
    viewer: &Viewer,
    request: &Request,
) -> Result<Vec<Candidate>, AppError> {
    let matrix = matrix(state).await?;
    let entities = entities(state, viewer)?;
    Ok(routing::route(&matrix, request, &entities))
}

/// The matrix in force: the default with the admins' routing rules applied, oldest first, so
/// that of two rules for one cell the newer holds. Every rule applies, whoever asks: routing
/// is the same for everyone, and its answers never name a rule.
pub async fn matrix(state: &AppState) -> Result<Matrix, AppError> {
    let rules = rules(state).await?;
    Ok(Matrix::with_rules(&rules))
}

/// Every routing rule, oldest first (ids are UUIDv7, so their order is the order of creation).
pub async fn rules(state: &AppState) -> Result<Vec<RoutingRule>, AppError> {
    every::<RoutingRule>(state, &Viewer::system("routing")).await
}

/// The movement entities `viewer` may see, as routing reads them: the countries and regions
/// each serves, its own included.
pub fn entities(state: &AppState, viewer: &Viewer) -> Result<Vec<Entity>, AppError> {
    let hits = state.search.movement_entities(viewer)?;
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        let body = serde_json::from_str(&hit.body).map_err(AppError::internal)?;
        let org: Organisation = stored_record(body)?;
        let Some(m) = &org.movement_entity else {
            continue;
        };
        let mut countries = m.countries.clone();
        countries.extend(org.country.clone());
        let mut regions = m.regions.clone();
        regions.extend(org.regions.iter().cloned());
        out.push(Entity {
            id: org.id,
            name: org.name.clone(),
            kind: m.kind.clone(),
            countries,
            regions,
        });
    }
    Ok(out)
}

/// The request a partner in `country` (with its M49 regions) makes for `area` at `level`.
pub fn request(area: &str, level: Option<&str>, country: Option<&str>) -> Request {
    let regions = country
        .and_then(country::country)
        .map(|c| c.regions.clone())
        .unwrap_or_default();
    Request {
        area: area.to_owned(),
        level: level.map(str::to_owned),
        country: country.map(str::to_owned),
        regions,
    }
}

/// `area` (required), `level` and `country` (upper case), each checked exactly as the OpenAPI
/// document states; anything else is a 400 naming it.
fn parse(pairs: &[(String, String)], v: &Vocabularies) -> Result<Request, AppError> {
    let (mut area, mut level, mut place) = (None, None, None);
    let mut seen = Vec::new();
    for (name, value) in pairs {
        once(&mut seen, name)?;
        match name.as_str() {
            "area" => area = Some(term(v, Vocabulary::Area, "area", value)?),
            "level" => level = Some(term(v, Vocabulary::Level, "level", value)?),
            "country" => {
                if country::country(value).is_none() {
                    return Err(AppError::bad_field(
                        "country",
                        "unknown_value",
                        format!("`{value}` is not an ISO 3166-1 alpha-2 country code"),
                    ));
                }
                place = Some(value.clone());
            }
            _ => return Err(unknown(name, "area, level, country")),
        }
    }
    let area = area.ok_or_else(|| {
        AppError::bad_field("area", "required", "routing needs the area of the work")
    })?;
    Ok(request(&area, level.as_deref(), place.as_deref()))
}

fn term(
    v: &Vocabularies,
    vocabulary: Vocabulary,
    field: &str,
    value: &str,
) -> Result<String, AppError> {
    if v.contains(vocabulary, value) {
        Ok(value.to_owned())
    } else {
        Err(AppError::bad_field(
            field,
            "unknown_value",
            format!("`{value}` is not a term of `{}`", vocabulary.as_str()),
        ))
    }
}

/// "routed to Wikimedia Sverige: national, Content / GLAM, country SE", in English.
pub fn explain(c: &Candidate, v: &Vocabularies) -> String {
    let label = |vocabulary, key: &str| v.label(vocabulary, key).unwrap_or(key).to_owned();
    let reasons: Vec<String> = c
        .reasons
        .iter()
        .map(|r| match r {
            Reason::Level(l) => label(Vocabulary::Level, l).to_lowercase(),
            Reason::Area(a) => label(Vocabulary::Area, a),
            Reason::Country(code) => format!("country {code}"),
            Reason::Region(code) => format!("region {}", label(Vocabulary::Region, code)),
            Reason::Fallback => "no other entity matched, so the Foundation".to_owned(),
        })
        .collect();
    format!("routed to {}: {}", c.entity.name, reasons.join(", "))
}
