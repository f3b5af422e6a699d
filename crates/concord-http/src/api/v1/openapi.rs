//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the API, assembled with utoipa's
//! builders. Record paths come from a loop over kinds ([`super::openapi_paths`]); schemas from
//! the domain types' `ToSchema` derives. A golden test (`tests/golden/openapi.json`) pins it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use concord_domain::vocabulary::{Term, Vocabularies, Vocabulary};
use concord_domain::{InquiryForm, KindVisitor, Record, RecordKind};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa::openapi::path::{OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, HttpMethod, InfoBuilder, ObjectBuilder, OpenApi,
    OpenApiBuilder, PathItem, PathsBuilder, RefOr, Required, ResponseBuilder, Schema, Type,
};

use super::approvals::DecisionBody;
use super::assessments::{AnswersBody, AssessmentView, ResponseView};
use super::audit::{self, AuditEntryView, AuditPage};
use super::headers::json_response;
use super::history::{DiffView, History, HistoryEntry, RevisionView};
use super::inbox::{Inbox, InboxInquiry, InboxItem};
use super::inquiries::{InquiryDecisionBody, InquiryStatusView, Received};
use super::lifecycle::RevertBody;
use super::openapi_contract;
use super::openapi_paths::{
    page_parameters, problems, record_paths, schema_ref, search_parameters,
};
use super::red_lines::{CheckView, ClearanceBody, FiredRule, RedLines};
use super::routing::{CandidateView, RoutingView};
use super::search::Page;
use super::vocabulary::NewTerm;
use super::workflow::{NextStep, NextSteps, TransitionBody, UnmetGuard};
use crate::error::{ApiFieldError, AppError};
use crate::problem::ProblemBody;
use crate::state::AppState;
use concord_domain::workflow::approval::Verdict;
use concord_domain::workflow::assessment::{Difference, Recommendation};
use concord_domain::workflow::inbox::Waiting;
use concord_domain::workflow::routing::Reason;
use concord_domain::workflow::{Guard, Transition};

/// `GET /api/v1/openapi.json`: the document, listing the vocabulary terms in force.
pub async fn document(State(state): State<AppState>) -> Result<Response, AppError> {
    let vocabularies = state.store.vocabularies().await?;
    json_response(StatusCode::OK, &document_for(&vocabularies)?)
}

/// The OpenAPI document as served: [`openapi`] with the bounds the server enforces and the
/// terms of `vocabularies` written into the record schemas (see `openapi_contract`).
pub fn document_for(vocabularies: &Vocabularies) -> Result<Value, AppError> {
    let mut doc = serde_json::to_value(openapi()).map_err(AppError::internal)?;
    let schemas = doc
        .pointer_mut("/components/schemas")
        .ok_or_else(|| AppError::internal(std::io::Error::other("no components/schemas")))?;
    openapi_contract::apply(schemas, vocabularies)
        .map_err(|e| AppError::internal(std::io::Error::other(e)))?;
    Ok(doc)
}

/// The OpenAPI document of `/api/v1` as utoipa builds it, before `openapi_contract`.
pub fn openapi() -> OpenApi {
    struct Paths(PathsBuilder);
    impl KindVisitor for Paths {
        type Output = PathsBuilder;
        fn visit<R: Record>(self) -> PathsBuilder {
            record_paths::<R>(self.0)
        }
    }
    let paths = RecordKind::ALL
        .iter()
        .fold(PathsBuilder::new(), |paths, kind| kind.visit(Paths(paths)));
    let paths = paths
        .path("/api/v1/search", PathItem::new(HttpMethod::Get, search()))
        .path(
            "/api/v1/vocabularies",
            PathItem::new(HttpMethod::Get, vocabularies()),
        )
        .path(
            "/api/v1/vocabularies/{vocabulary}",
            PathItem::new(HttpMethod::Post, add_term()),
        )
        .path("/api/v1/routing", PathItem::new(HttpMethod::Get, routing()))
        .path("/api/v1/inbox", PathItem::new(HttpMethod::Get, inbox()))
        .path(
            "/api/v1/audit",
            PathItem::new(HttpMethod::Get, audit::operation()),
        )
        .path(
            "/api/v1/openapi.json",
            PathItem::new(HttpMethod::Get, openapi_json()),
        );
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Concord API")
                .version("1")
                .description(Some(
                    "The registry of a federated movement's partnerships: organisations, people, \
                     partnerships, needs and the glossary, each change a revision. Reads are \
                     open (a record you may not see does not exist for you); writes need \
                     `Authorization: Bearer <token>` and, except creates, `If-Match` with the \
                     revision they are based on (`*` for the latest, RFC 9110 §13.1.1; without \
                     it, 428 as RFC 6585 §3 says). Errors are `application/problem+json` \
                     naming the refused field or parameter. Vocabulary fields list the terms in \
                     force when this document is served; admins add terms.",
                ))
                .build(),
        )
        .paths(paths.build())
        .components(Some(components()))
        .build()
}

fn components() -> utoipa::openapi::Components {
    /// Adds a kind's schema and the schemas it refers to.
    struct Schemas<'a>(ComponentsBuilder, &'a mut Vec<(String, RefOr<Schema>)>);
    impl KindVisitor for Schemas<'_> {
        type Output = ComponentsBuilder;
        fn visit<R: Record>(self) -> ComponentsBuilder {
            R::schemas(self.1);
            self.0.schema_from::<R>()
        }
    }
    let mut schemas = Vec::new();
    let mut builder = ComponentsBuilder::new();
    for kind in RecordKind::ALL {
        builder = kind.visit(Schemas(builder, &mut schemas));
    }
    let mut builder = builder
        .schema_from::<ProblemBody>()
        .schema_from::<ApiFieldError>()
        .schema_from::<Page>()
        .schema_from::<History>()
        .schema_from::<HistoryEntry>()
        .schema_from::<RevisionView>()
        .schema_from::<DiffView>()
        .schema_from::<RevertBody>()
        .schema_from::<NewTerm>()
        .schema_from::<Term>()
        .schema_from::<AuditPage>()
        .schema_from::<AuditEntryView>()
        .schema_from::<TransitionBody>()
        .schema_from::<NextSteps>()
        .schema_from::<NextStep>()
        .schema_from::<UnmetGuard>()
        .schema_from::<Transition>()
        .schema_from::<Guard>()
        .schema_from::<RedLines>()
        .schema_from::<CheckView>()
        .schema_from::<FiredRule>()
        .schema_from::<ClearanceBody>()
        .schema_from::<DecisionBody>()
        .schema_from::<AnswersBody>()
        .schema_from::<AssessmentView>()
        .schema_from::<ResponseView>()
        .schema_from::<Recommendation>()
        .schema_from::<Difference>()
        .schema_from::<Verdict>()
        .schema_from::<Inbox>()
        .schema_from::<InboxItem>()
        .schema_from::<InboxInquiry>()
        .schema_from::<InquiryForm>()
        .schema_from::<Received>()
        .schema_from::<InquiryStatusView>()
        .schema_from::<InquiryDecisionBody>()
        .schema_from::<Waiting>()
        .schema_from::<RoutingView>()
        .schema_from::<CandidateView>()
        .schema_from::<Reason>()
        .schema("RoutingArea", string_schema())
        .schema("RoutingLevel", string_schema())
        .schema("RoutingCountry", string_schema());
    History::schemas(&mut schemas);
    DiffView::schemas(&mut schemas);
    schemas.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, schema) in schemas {
        builder = builder.schema(name, schema);
    }
    builder.build()
}

fn json_ok(op: OperationBuilder, description: &str, schema: RefOr<Schema>) -> OperationBuilder {
    let content = ContentBuilder::new().schema(Some(schema)).build();
    let response = ResponseBuilder::new()
        .description(description)
        .content("application/json", content);
    op.response("200", response.build())
}

fn search() -> OperationBuilder {
    let types = "Kinds to search, comma-separated: `organisation`, `partnership`, `need` (or \
                 their plurals); default: all.";
    let kind = "(organisations?|partnerships?|needs?)";
    let space = format!("[{}]*", openapi_contract::SPACE);
    let pattern = format!("^{space}({kind}{space})?(,{space}({kind}{space})?)*$");
    let type_schema: Schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .into();
    let mut params = vec![
        ParameterBuilder::new()
            .name("type")
            .parameter_in(ParameterIn::Query)
            .schema(Some(type_schema))
            .description(Some(types)),
    ];
    params.extend(search_parameters());
    params.extend(page_parameters(true));
    let op = OperationBuilder::new()
        .tag("search")
        .operation_id(Some("search"))
        .summary(Some("Search organisations, partnerships and needs"))
        .description(Some(
            "Searches every searchable kind the viewer may see; totals and facet counts count only \
             what the viewer may see. Filters are repeatable or comma-separated. Unknown \
             parameters are a 400 naming them.",
        ))
        .parameters(Some(params));
    problems(
        json_ok(op, "A page of results.", schema_ref("Page")),
        &["400"],
    )
}

/// A plain string, which `openapi_contract` narrows.
fn string_schema() -> Schema {
    ObjectBuilder::new().schema_type(Type::String).into()
}

fn inbox() -> OperationBuilder {
    let op = OperationBuilder::new()
        .tag("workflow")
        .operation_id(Some("inbox"))
        .summary(Some("What waits for you"))
        .description(Some(
            "The partnerships the caller may see that wait for them, most recently changed \
             first: an approval or a veto holder's decision pending on their account (while \
             awaiting approval), or a red-line escalation an approver or admin may clear \
             (while proposed or being assessed). Needs an account or a token.",
        ));
    problems(
        json_ok(op, "What waits for the caller.", schema_ref("Inbox")),
        &["401", "403"],
    )
}

fn routing() -> OperationBuilder {
    let param = |name: &str, schema: &str, required: bool, description: &str| {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Query)
            .required(if required {
                Required::True
            } else {
                Required::False
            })
            .schema(Some(schema_ref(schema)))
            .description(Some(description))
    };
    let op = OperationBuilder::new()
        .tag("workflow")
        .operation_id(Some("route"))
        .summary(Some("Who in the movement should lead"))
        .description(Some(
            "Routes work in an area, at a level, with a partner in a country, to the movement \
             entities that should lead it, best first, each with its reasons and an \
             explanation (\"routed to Wikimedia Sverige: national, Content / GLAM, country \
             SE\"). The responsibility matrix (area × level → kinds of movement entity) picks \
             the kinds, geography the entities; with no match, the Foundation. Only the \
             entities the viewer may see are considered. Unknown parameters are a 400 naming \
             them.",
        ))
        .parameter(param("area", "RoutingArea", true, "A term of `area`."))
        .parameter(param(
            "level",
            "RoutingLevel",
            false,
            "A term of `level`; without it, `national` when a country is given, else `global`.",
        ))
        .parameter(param(
            "country",
            "RoutingCountry",
            false,
            "The partner's country, an ISO 3166-1 alpha-2 code.",
        ));
    problems(
        json_ok(op, "The candidates, best first.", schema_ref("RoutingView")),
        &["400"],
    )
}

fn vocabularies() -> OperationBuilder {
    let terms: Schema = ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(
            utoipa::openapi::schema::ArrayBuilder::new().items(schema_ref("Term")),
        ))
        .into();
    let op = OperationBuilder::new()
        .tag("vocabularies")
        .operation_id(Some("list_vocabularies"))
        .summary(Some("List the vocabularies"))
        .description(Some("Every vocabulary (`organisation_kind`, `area`, `level`, …) with its terms, in key order."));
    json_ok(op, "Terms by vocabulary name.", RefOr::T(terms))
}

fn add_term() -> OperationBuilder {
    let body = RequestBodyBuilder::new()
        .required(Some(Required::True))
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(schema_ref("NewTerm")))
                .build(),
        )
        .build();
    let op = OperationBuilder::new()
        .tag("vocabularies")
        .operation_id(Some("add_term"))
        .summary(Some("Add a vocabulary term"))
        .description(Some(
            "Adds a term to a vocabulary, or relabels it. Admins only.",
        ))
        .parameter(
            ParameterBuilder::new()
                .name("vocabulary")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(vocabulary_names()))
                .description(Some("The vocabulary's name, e.g. `organisation_kind`.")),
        )
        .request_body(Some(body));
    let content = ContentBuilder::new()
        .schema(Some(schema_ref("Term")))
        .build();
    let created = ResponseBuilder::new()
        .description("The term as stored.")
        .content("application/json", content);
    problems(
        op.response("201", created.build()),
        &["400", "401", "403", "404", "415", "422"],
    )
}

/// The names of the vocabularies, as an `enum` (any other name is a 404).
fn vocabulary_names() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(Vocabulary::ALL.map(Vocabulary::as_str)))
        .into()
}

fn openapi_json() -> OperationBuilder {
    let op = OperationBuilder::new()
        .tag("meta")
        .operation_id(Some("openapi"))
        .summary(Some("This document"))
        .description(Some(
            "The OpenAPI 3.1 description of this API, with the vocabulary terms in force.",
        ));
    json_ok(
        op,
        "The OpenAPI document.",
        RefOr::T(ObjectBuilder::new().schema_type(Type::Object).into()),
    )
}
