//! The OpenAPI operations of one record kind, built with utoipa's builders from a table, once
//! per kind (the handlers are generic, so they cannot carry `#[utoipa::path]` per kind).

use concord_domain::Record;
use utoipa::ToSchema;
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::path::{OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::{
    ContentBuilder, KnownFormat, ObjectBuilder, PathItem, PathsBuilder, Ref, RefOr, Required,
    ResponseBuilder, Schema, SchemaFormat, Type,
};

use super::openapi_ops::{B, OPS, Op, P};
use super::params::{DEFAULT_LIMIT, FILTERS, MAX_LIMIT};
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
    let ops = || {
        OPS.iter()
            .filter(|o| o.only.is_none_or(|k| k == R::KIND))
            .filter(|o| !(R::OWN_CREATE && o.id == "create"))
    };
    let mut suffixes: Vec<&str> = ops().map(|o| o.suffix).collect();
    suffixes.dedup();
    for suffix in suffixes {
        let mut item: Option<PathItem> = None;
        for o in ops().filter(|o| o.suffix == suffix) {
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
    if o.id == "create" {
        response = create_links(response, c);
    }
    problems(op.response(o.status, response.build()), o.problems)
}

/// The OpenAPI links from a create's answer to the new record's get, patch and history: the
/// id from the body, and for the patch the `ETag` as `If-Match`.
fn create_links(response: ResponseBuilder, c: &str) -> ResponseBuilder {
    let id = "$response.body#/id";
    let link = |op: &str, description: &str| {
        LinkBuilder::new()
            .operation_id(format!("{op}_{c}"))
            .parameter("id", id)
            .description(description)
    };
    response
        .link("show", link("show", "The record just created.").build())
        .link(
            "patch",
            link(
                "patch",
                "Patch the record just created, based on its first revision.",
            )
            .parameter("header.If-Match", "$response.header.ETag")
            .build(),
        )
        .link(
            "history",
            link("history", "The record's history: its creation.").build(),
        )
}

/// The media type and schema of a request body.
fn request_body(body: B, schema: &str) -> Option<(&'static str, RefOr<Schema>)> {
    match body {
        B::Record => Some(("application/json", schema_ref(schema))),
        B::MergePatch => Some((
            "application/merge-patch+json",
            schema_ref(&format!("{schema}Patch")),
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
            if_match(),
            "The revision this write is based on, as the `ETag` gave it (`\"12\"` or \
             `W/\"12\"`), or `*` for whatever revision is current (RFC 9110 §13.1.1). Missing: \
             428 (RFC 6585 §3). Not the latest revision: 412 with the current record. One \
             entity tag only: a list is a 400.",
        )],
        P::Secret => vec![param(
            "secret",
            ParameterIn::Path,
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(200))
                .into(),
            "The secret of the inquiry's status link, as the front door gave it.",
        )],
        P::Rev => vec![param(
            "rev",
            ParameterIn::Path,
            revision(),
            "The revision number (1 or more). Not a revision of this record: 404.",
        )],
        P::Diff => vec![
            param(
                "from",
                ParameterIn::Query,
                revision(),
                "The older revision.",
            ),
            param("to", ParameterIn::Query, revision(), "The newer revision."),
        ],
        P::Page => page_parameters(searchable),
        P::Search if searchable => search_parameters(),
        P::Search => Vec::new(),
    }
}

/// `If-Match` as `extract::IfMatch` parses it: `*`, or one strong or weak tag of a revision.
fn if_match() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(r#"^[ \t]*(\*|(W/)?"[1-9][0-9]{0,17}")[ \t]*$"#))
        .into()
}

/// A revision number, as `extract::parse_revision` parses it.
fn revision() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(1))
        .into()
}

/// `cursor` and `limit`, shared with `/api/v1/search`. A search's cursor is opaque (made by
/// the index); a list of people or glossary terms pages by the last id seen.
pub(super) fn page_parameters(searchable: bool) -> Vec<ParameterBuilder> {
    let cursor: Schema = if searchable {
        string()
    } else {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
            .into()
    };
    let cursor_text = if searchable {
        "The `next_cursor` of the previous page, as it was given: an opaque token of the \
         search index, valid only with the same `sort`; any other value is a 400 naming `cursor`."
    } else {
        "The `next_cursor` of the previous page: the id of the last record seen."
    };
    vec![
        param("cursor", ParameterIn::Query, cursor, cursor_text).required(Required::False),
        param(
            "limit",
            ParameterIn::Query,
            limit(),
            "Page size, 1 to 200 (default 50); outside that, a 400 naming `limit`.",
        )
        .required(Required::False),
    ]
}

/// A page size as `params::parse_limit` accepts it.
pub(super) fn limit() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(MAX_LIMIT as u64))
        .default(Some(DEFAULT_LIMIT.into()))
        .into()
}

/// `q`, `sort` and the filters, shared with `/api/v1/search`.
pub(super) fn search_parameters() -> Vec<ParameterBuilder> {
    let optional = |name: &str, schema: Schema, description: &str| {
        param(name, ParameterIn::Query, schema, description).required(Required::False)
    };
    let sort = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(["relevance", "name", "updated"]))
        .default(Some("relevance".into()))
        .into();
    let mut params = vec![
        optional(
            "q",
            string(),
            "Free text; typo-tolerant; identifiers such as Q42 match exactly.",
        ),
        optional("sort", sort, "`relevance` (default), `name` or `updated`."),
    ];
    params.extend(FILTERS.iter().map(|f| {
        optional(
            f,
            string(),
            &format!("Keep records whose `{f}` is one of these values (comma-separated)."),
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
                "`If-Match` names a revision that is not the latest (RFC 9110 §13.1.1): \
                 `current` in the body is the record now, the `ETag` its revision."
            }
            "413" => "The body is larger than the server's limit.",
            "415" => "Wrong `Content-Type`.",
            "422" => "Not acceptable: `errors` names each refused field.",
            "428" => "`If-Match` is required (RFC 6585 §3): send the `ETag` you read, or `*`.",
            _ => "An unexpected status.",
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
