//! The OpenAPI operations of one record kind, built with utoipa's builders from a table, once
//! per kind (the handlers are generic, so they cannot carry `#[utoipa::path]` per kind).

use concord_domain::Record;
use utoipa::ToSchema;
use utoipa::openapi::path::{OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::{
    ContentBuilder, KnownFormat, ObjectBuilder, PathItem, PathsBuilder, Ref, RefOr, Required,
    ResponseBuilder, Schema, SchemaFormat, Type,
};

use super::openapi_ops::{B, OPS, Op, P};
use super::params::FILTERS;
use crate::problem::PROBLEM_JSON;

/// Adds every path of kind `R` to `paths`.
pub(super) fn record_paths<R: Record + ToSchema>(mut paths: PathsBuilder) -> PathsBuilder {
    let c = R::KIND.collection();
    let noun = R::KIND.as_str().replace('_', " ");
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let a = format!("{article} {noun}");
    let fill = |text: &str| {
        text.replace("{c}", c)
            .replace("{noun}", &noun)
            .replace("{a}", &a)
    };
    let schema = R::name().to_string();
    let mut suffixes: Vec<&str> = OPS.iter().map(|o| o.suffix).collect();
    suffixes.dedup();
    for suffix in suffixes {
        let mut item: Option<PathItem> = None;
        for o in OPS.iter().filter(|o| o.suffix == suffix) {
            let op = operation(o, &fill, c, &schema, R::KIND.is_searchable());
            let next = PathItem::new(o.method.clone(), op);
            match &mut item {
                Some(existing) => existing.merge_operations(next),
                None => item = Some(next),
            }
        }
        if let Some(item) = item {
            paths = paths.path(format!("/api/v1/{c}{suffix}"), item);
        }
    }
    paths
}

fn operation(
    o: &Op,
    fill: &dyn Fn(&str) -> String,
    c: &str,
    schema: &str,
    searchable: bool,
) -> OperationBuilder {
    let mut op = OperationBuilder::new()
        .tag(c)
        .operation_id(Some(format!("{}_{c}", o.id)))
        .summary(Some(fill(o.summary)))
        .description(Some(fill(o.description)));
    for p in o.params {
        for param in parameters(*p, &fill("{noun}"), searchable) {
            op = op.parameter(param);
        }
    }
    if let Some((media, body_schema)) = request_body(o.body, schema) {
        let content = ContentBuilder::new().schema(Some(body_schema)).build();
        let request = RequestBodyBuilder::new()
            .required(Some(Required::True))
            .content(media, content);
        op = op.request_body(Some(request.build()));
    }
    let mut response = ResponseBuilder::new().description(fill(o.response));
    let response_schema = match o.schema {
        B::Record => Some(schema_ref(schema)),
        B::Named(name) => Some(schema_ref(name)),
        B::None | B::MergePatch => None,
    };
    if let Some(s) = response_schema {
        response = response.content(
            "application/json",
            ContentBuilder::new().schema(Some(s)).build(),
        );
    }
    problems(op.response(o.status, response.build()), o.problems)
}

/// The media type and schema of a request body.
fn request_body(body: B, schema: &str) -> Option<(&'static str, RefOr<Schema>)> {
    match body {
        B::Record => Some(("application/json", schema_ref(schema))),
        B::MergePatch => Some((
            "application/merge-patch+json",
            RefOr::T(ObjectBuilder::new().schema_type(Type::Object).into()),
        )),
        B::Named(name) => Some(("application/json", schema_ref(name))),
        B::None => None,
    }
}

fn parameters(p: P, noun: &str, searchable: bool) -> Vec<ParameterBuilder> {
    let uuid = ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)));
    match p {
        P::Id => vec![param(
            "id",
            ParameterIn::Path,
            uuid.into(),
            &format!("The {noun}'s id (a UUID). Anything else is a 400 naming `id`."),
        )],
        P::IfMatch => vec![param(
            "If-Match",
            ParameterIn::Header,
            string(),
            "The revision this write is based on, as the `ETag` gave it (`\"12\"` or `W/\"12\"`). Missing: 428. Not the latest revision: 412 with the current record.",
        )],
        P::Rev => vec![param(
            "rev",
            ParameterIn::Path,
            integer(),
            "The revision number.",
        )],
        P::Diff => vec![
            param("from", ParameterIn::Query, integer(), "The older revision."),
            param("to", ParameterIn::Query, integer(), "The newer revision."),
        ],
        P::Page => page_parameters(),
        P::Search if searchable => search_parameters(),
        P::Search => Vec::new(),
    }
}

/// `cursor` and `limit`, shared with `/api/v1/search`.
pub(super) fn page_parameters() -> Vec<ParameterBuilder> {
    vec![
        param(
            "cursor",
            ParameterIn::Query,
            string(),
            "The `next_cursor` of the previous page.",
        )
        .required(Required::False),
        param(
            "limit",
            ParameterIn::Query,
            integer(),
            "Page size, 1 to 200 (default 50).",
        )
        .required(Required::False),
    ]
}

/// `q`, `sort` and the filters, shared with `/api/v1/search`.
pub(super) fn search_parameters() -> Vec<ParameterBuilder> {
    let optional = |name: &str, description: &str| {
        param(name, ParameterIn::Query, string(), description).required(Required::False)
    };
    let mut params = vec![
        optional(
            "q",
            "Free text; typo-tolerant; identifiers such as Q42 match exactly.",
        ),
        optional("sort", "`relevance` (default), `name` or `updated`."),
    ];
    params.extend(FILTERS.iter().map(|f| {
        optional(
            f,
            &format!("Keep records whose `{f}` is one of these values."),
        )
    }));
    params
}

fn param(name: &str, at: ParameterIn, schema: Schema, description: &str) -> ParameterBuilder {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(at)
        .required(Required::True)
        .schema(Some(schema))
        .description(Some(description.to_owned()))
}

fn string() -> Schema {
    ObjectBuilder::new().schema_type(Type::String).into()
}

fn integer() -> Schema {
    ObjectBuilder::new().schema_type(Type::Integer).into()
}

/// A `$ref` to a component schema.
pub(super) fn schema_ref(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

/// Adds the problem responses with the given statuses.
pub(super) fn problems(mut op: OperationBuilder, statuses: &[&str]) -> OperationBuilder {
    for status in statuses {
        let description = match *status {
            "400" => {
                "Malformed request: bad JSON, header, path or query parameter (named in `errors`)."
            }
            "401" => {
                "No valid token: writes need `Authorization: Bearer <secret>`; a bad token is always refused."
            }
            "403" => "The viewer may see the record but not do this to it.",
            "404" => "No such record, or the viewer may not see it.",
            "409" => {
                "The write clashes with the record's state (e.g. restoring a record that is not deleted)."
            }
            "410" => "The record is deleted; the `ETag` is the revision to restore from.",
            "412" => {
                "`If-Match` is stale: `current` in the body is the record now, the `ETag` its revision."
            }
            "413" => "The body is larger than the server's limit.",
            "415" => "Wrong `Content-Type`.",
            "422" => "Not acceptable: `errors` names each refused field.",
            _ => "`If-Match` is required.",
        };
        let content = ContentBuilder::new()
            .schema(Some(schema_ref("Problem")))
            .build();
        let response = ResponseBuilder::new()
            .description(description)
            .content(PROBLEM_JSON, content);
        op = op.response(*status, response.build());
    }
    op
}
