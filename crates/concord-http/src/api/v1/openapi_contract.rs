//! The bounds the server enforces, written into the record schemas of the OpenAPI document, so
//! that the document calls valid exactly what the server accepts (issue #11, item 6).
//!
//! utoipa derives the shapes from the domain types; the domain's `validate` functions hold the
//! bounds (non-blank, lengths, identifier shapes, countries, vocabularies). Each bound is
//! stated here once, by its place in the document, next to the domain rule it mirrors. Rules
//! that span records or fields (a reference must exist, an obligation's party must be a party,
//! dates in order, a ROR checksum) cannot be written in JSON Schema; the descriptions say them.
//!
//! Vocabulary fields list the terms in force when the document is served: the defaults on a
//! new database, plus what admins added (`POST /api/v1/vocabularies/{vocabulary}`). An `enum`
//! is then exact: a client can generate every accepted value from it, and nothing else.

use concord_domain::vocabulary::{Vocabularies, Vocabulary};
use concord_domain::{KindVisitor, Record, RecordKind, country};
use serde_json::{Value, json};

/// Rust's `char::is_whitespace` (Unicode White_Space) as a regular-expression class body, so
/// `trim()` on the server and the document's patterns agree in every regex dialect.
pub(super) const SPACE: &str =
    r"\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

/// A language code as `text::is_language_code` accepts it.
const LANGUAGE: &str = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$";

/// A string that `ValidationErrors::require` accepts: something other than white space.
fn non_blank() -> String {
    format!("[^{SPACE}]")
}

/// A required text of at most `max` characters (`require` + `limit`); `None`: no limit.
fn required_text(max: Option<usize>) -> Value {
    let mut schema = json!({"minLength": 1, "pattern": non_blank()});
    if let Some(max) = max {
        schema["maxLength"] = json!(max);
    }
    schema
}

/// A `Translatable` of texts of at most `max` characters each; `required`: at least one
/// language with a non-blank text (`Translatable::validate`).
fn translatable(max: usize, required: bool) -> Value {
    let mut schema = json!({
        "type": "object",
        "propertyNames": {"type": "string", "pattern": LANGUAGE},
        "additionalProperties": {"type": "string", "maxLength": max},
    });
    if required {
        schema["minProperties"] = json!(1);
        schema["not"] = json!({"additionalProperties": {"not": {"pattern": non_blank()}}});
        schema["description"] = json!(format!(
            "Texts by language code (`en`, `pt-br`), each at most {max} characters; at least \
             one is not blank."
        ));
    } else {
        schema["description"] = json!(format!(
            "Texts by language code (`en`, `pt-br`), each at most {max} characters."
        ));
    }
    schema
}

/// A partnership's status: the workflow's (`Record::check_workflow`), so read-only for clients.
fn workflow_status() -> Value {
    json!({
        "readOnly": true,
        "description": "Where it stands in the workflow. Set by the server: a new partnership is \
                        an `idea`, and only its transitions (`POST \
                        /api/v1/partnerships/{id}/transitions`) change it. A create may send \
                        `idea`, a replacement or patch the current status; any other value is a \
                        422 naming `status`. Left out of a replacement, it stays as it is.",
    })
}

/// A partnership's red-line check: the workflow's, so read-only for clients.
fn workflow_red_lines() -> Value {
    json!({
        "readOnly": true,
        "description": "The red-line check, once run. Set by the server: it runs when the \
                        partnership is proposed and whenever an edit changes its parties, areas \
                        or level (`GET /api/v1/partnerships/{id}/red-lines` names the rules that \
                        fired); an escalation is cleared with `POST \
                        /api/v1/partnerships/{id}/red-lines/clearance`. A create may not send \
                        it, a replacement or patch only as it is; anything else is a 422 naming \
                        `red_lines`. Left out of a replacement, it stays as it is.",
    })
}

/// A partnership's assessment: the workflow's, so read-only for clients.
fn workflow_assessment() -> Value {
    json!({
        "readOnly": true,
        "description": "The assessment, once started: its questions and each person's answers. \
                        Set by the server: the `assess` step sets the questions, and each \
                        person answers with `POST /api/v1/partnerships/{id}/assessment` (`GET` \
                        gives the scores, the recommendation and where people differ). A create \
                        may not send it, a replacement or patch only as it is; anything else is \
                        a 422 naming `assessment`. Left out of a replacement, it stays as it is.",
    })
}

/// A partnership's approval: the workflow's, so read-only for clients.
fn workflow_approval() -> Value {
    json!({
        "readOnly": true,
        "description": "Who must approve and who may veto, and every decision, once approval \
                        is requested. Set by the server: requesting approval names the accounts \
                        of the approval policies that apply, and each decision is taken with \
                        `POST /api/v1/partnerships/{id}/decisions`. A create may not send it, \
                        a replacement or patch only as it is; anything else is a 422 naming \
                        `approval`. Left out of a replacement, it stays as it is.",
    })
}

/// A red line's condition as `RedLine::validate` takes it: at least one member given, not null.
fn at_least_one_condition() -> Value {
    let given = |member: &str| json!({"required": [member], "properties": {member: {"not": {"type": "null"}}}});
    json!({
        "anyOf": [given("organisation_kind"), given("organisation"), given("area"), given("level")],
        "description": "When the red line fires: every condition given must hold, and at least \
                        one is given.",
    })
}

/// An ISO 3166-1 alpha-2 code that `check::check_country` knows.
fn country_codes() -> Value {
    let mut codes: Vec<&str> = country::countries().map(|c| c.code.as_str()).collect();
    codes.sort_unstable();
    json!({"enum": codes, "description": "An ISO 3166-1 alpha-2 country code, upper case."})
}

/// An `http` or `https` address as `check::is_web_url` accepts it.
fn web_address() -> Value {
    let host = r"[^\W_]|[.-]";
    json!({
        "maxLength": 2048,
        "pattern": format!(r"^https?://([^/?#]*@)?({host})+(:[^/?#@]*)?([/?#].*)?$"),
        // A string with a space or a control character; `null` (no address) stays allowed.
        "not": {"type": "string", "pattern": format!("[{SPACE}\\u0000-\\u001f\\u007f-\\u009f]")},
        "description": "An absolute http or https address with a host, without spaces or \
                        control characters.",
    })
}

/// An e-mail address as `Person::validate` accepts it: something, `@`, a domain with a dot.
fn email() -> Value {
    json!({"pattern": format!("^[^@{SPACE}]+@[^{SPACE}]*\\.[^{SPACE}]*$")})
}

/// The bounds of every record field, by JSON pointer under `components/schemas`.
fn bounds() -> Vec<(&'static str, Value)> {
    let tag = required_text(Some(64));
    vec![
        ("/Organisation/properties/name", required_text(Some(500))),
        ("/Organisation/properties/names", translatable(500, false)),
        (
            "/Organisation/properties/description",
            translatable(20_000, false),
        ),
        ("/Organisation/properties/country", country_codes()),
        ("/Organisation/properties/website", web_address()),
        ("/Organisation/properties/tags/items", tag.clone()),
        (
            "/RelationshipStatus/oneOf/3/properties/reason",
            required_text(None),
        ),
        (
            "/MovementEntity/properties/countries/items",
            country_codes(),
        ),
        (
            "/Identifiers/properties/wikidata",
            json!({"pattern": "^Q[1-9][0-9]{0,11}$"}),
        ),
        (
            "/Identifiers/properties/ror",
            json!({"pattern": "^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$",
                   "description": "ROR ID without the `https://ror.org/` prefix, e.g. \
                                   `0000ev088`: `0`, six Crockford base-32 characters and a \
                                   two-digit ISO 7064 Mod 97-10 checksum, which must be right."}),
        ),
        (
            "/Identifiers/properties/isil/items",
            json!({"pattern": "^[A-Za-z0-9]{1,4}-[A-Za-z0-9:/-]+$", "maxLength": 16}),
        ),
        ("/Person/properties/name", required_text(Some(300))),
        ("/Person/properties/country", country_codes()),
        ("/Person/properties/tags/items", tag.clone()),
        ("/Membership/properties/role", required_text(None)),
        ("/Contact/properties/email", email()),
        ("/Partnership/properties/title", translatable(500, true)),
        (
            "/Partnership/properties/summary",
            translatable(20_000, false),
        ),
        ("/Partnership/properties/tags/items", tag.clone()),
        ("/Partnership/properties/status", workflow_status()),
        ("/Partnership/properties/red_lines", workflow_red_lines()),
        ("/Milestone/properties/title", required_text(None)),
        ("/ProgressReport/properties/text", required_text(None)),
        ("/Outcome/properties/description", required_text(None)),
        ("/Metric/properties/name", required_text(None)),
        ("/Obligation/properties/description", required_text(None)),
        ("/Need/properties/title", translatable(500, true)),
        ("/Need/properties/description", translatable(20_000, false)),
        ("/Need/properties/countries/items", country_codes()),
        (
            "/Need/properties/year",
            json!({"minimum": 1990, "maximum": 2200}),
        ),
        ("/Need/properties/supporters/items", required_text(None)),
        ("/Need/properties/tags/items", tag.clone()),
        ("/GlossaryTerm/properties/term", translatable(200, true)),
        (
            "/GlossaryTerm/properties/definition",
            translatable(20_000, true),
        ),
        ("/GlossaryTerm/properties/tags/items", tag),
        ("/RevisionId", json!({"minimum": 1})),
        (
            "/NewTerm/properties/key",
            json!({"pattern": "^[a-z0-9_]{1,64}$"}),
        ),
        ("/NewTerm/properties/label", required_text(Some(200))),
        ("/RoutingCountry", country_codes()),
        ("/RoutingRule/properties/name", required_text(Some(300))),
        ("/RedLine/properties/name", required_text(Some(300))),
        ("/RedLine/properties/message", required_text(Some(2_000))),
        ("/Condition", at_least_one_condition()),
        ("/ApprovalPolicy/properties/name", required_text(Some(300))),
        (
            "/ApprovalPolicy",
            json!({"anyOf": [
                {"required": ["approvers"], "properties": {"approvers": {"minItems": 1}}},
                {"required": ["veto_holders"], "properties": {"veto_holders": {"minItems": 1}}},
            ]}),
        ),
        (
            "/ApprovalPolicy/properties/approvers",
            json!({"uniqueItems": true, "description": "The accounts that must approve: \
                active accounts holding the approver or admin role, each once."}),
        ),
        (
            "/ApprovalPolicy/properties/veto_holders",
            json!({"uniqueItems": true, "description": "The accounts that may veto: active \
                accounts holding the approver or admin role, each once."}),
        ),
        ("/Partnership/properties/approval", workflow_approval()),
        ("/Partnership/properties/assessment", workflow_assessment()),
        ("/Answer/properties/note", json!({"maxLength": 2_000})),
        (
            "/Answer/properties/value",
            json!({"minimum": 0, "maximum": 5, "description": "The answer on the question's \
                scale: 1 to 5, or 0 (no) and 1 (yes); off its scale is a 422 naming it."}),
        ),
        (
            "/Question/properties/weight",
            json!({"minimum": 1, "maximum": 10}),
        ),
        (
            "/Question/properties/key",
            json!({"pattern": "^[a-z0-9_]{1,64}$"}),
        ),
        ("/Question/properties/text", required_text(Some(1_000))),
        (
            "/AssessmentTemplate/properties/name",
            required_text(Some(300)),
        ),
        (
            "/AssessmentTemplate/properties/questions",
            json!({"minItems": 1, "description": "The questions, in order: at least one, \
                each key once (a key twice is a 422 naming it)."}),
        ),
        (
            "/DecisionBody/properties/rationale",
            json!({"maxLength": super::workflow::MAX_REASON_CHARS}),
        ),
        (
            "/RoutingRule/properties/leads",
            json!({"minItems": 1, "uniqueItems": true}),
        ),
        (
            "/TransitionBody/properties/reason",
            required_text(Some(super::workflow::MAX_REASON_CHARS)),
        ),
        (
            "/ClearanceBody/properties/reason",
            required_text(Some(super::workflow::MAX_REASON_CHARS)),
        ),
        // What the inquirer types, at the front door and in an inquiry.
        (
            "/InquiryForm/properties/organisation",
            required_text(Some(300)),
        ),
        ("/InquiryForm/properties/country", country_codes()),
        ("/InquiryForm/properties/website", web_address()),
        ("/InquiryForm/properties/wants", required_text(Some(5_000))),
        (
            "/InquiryForm/properties/language",
            json!({"pattern": LANGUAGE}),
        ),
        ("/Inquiry/properties/organisation", required_text(Some(300))),
        ("/Inquiry/properties/country", country_codes()),
        ("/Inquiry/properties/website", web_address()),
        ("/Inquiry/properties/wants", required_text(Some(5_000))),
        ("/Inquiry/properties/language", json!({"pattern": LANGUAGE})),
        ("/Inquiry/properties/reason", json!({"maxLength": 2_000})),
        ("/Forwarding/properties/note", json!({"maxLength": 2_000})),
        ("/InquiryContact/properties/name", required_text(Some(300))),
        ("/InquiryContact/properties/email", email()),
        (
            "/InquiryContact/properties/email",
            json!({"maxLength": 320, "description": "An e-mail address: something, `@`, a \
                domain with a dot, no spaces."}),
        ),
        (
            "/InquiryDecisionBody/oneOf/1/properties/note",
            required_text(Some(super::workflow::MAX_REASON_CHARS)),
        ),
        (
            "/InquiryDecisionBody/oneOf/2/properties/reason",
            required_text(Some(super::workflow::MAX_REASON_CHARS)),
        ),
    ]
}

/// The vocabulary fields, by JSON pointer under `components/schemas`.
const VOCABULARY_FIELDS: &[(&str, Vocabulary)] = &[
    (
        "/Organisation/properties/kind",
        Vocabulary::OrganisationKind,
    ),
    ("/Organisation/properties/regions/items", Vocabulary::Region),
    (
        "/MovementEntity/properties/kind",
        Vocabulary::MovementEntityKind,
    ),
    (
        "/MovementEntity/properties/regions/items",
        Vocabulary::Region,
    ),
    ("/Person/properties/region", Vocabulary::Region),
    ("/Partnership/properties/kind", Vocabulary::PartnershipKind),
    ("/Partnership/properties/areas/items", Vocabulary::Area),
    ("/Partnership/properties/level", Vocabulary::Level),
    ("/Partnership/properties/tier", Vocabulary::Tier),
    ("/Partnership/properties/instrument", Vocabulary::Instrument),
    ("/Party/properties/role", Vocabulary::PartyRole),
    ("/Need/properties/area", Vocabulary::Area),
    ("/InquiryForm/properties/area", Vocabulary::Area),
    ("/Inquiry/properties/area", Vocabulary::Area),
    (
        "/InquiryDecisionBody/oneOf/0/properties/organisation_kind",
        Vocabulary::OrganisationKind,
    ),
    (
        "/InquiryDecisionBody/oneOf/0/properties/partnership_kind",
        Vocabulary::PartnershipKind,
    ),
    ("/Need/properties/regions/items", Vocabulary::Region),
    ("/RoutingArea", Vocabulary::Area),
    ("/RoutingRule/properties/area", Vocabulary::Area),
    ("/RoutingRule/properties/level", Vocabulary::Level),
    (
        "/RoutingRule/properties/leads/items",
        Vocabulary::MovementEntityKind,
    ),
    ("/RoutingLevel", Vocabulary::Level),
    (
        "/Condition/properties/organisation_kind",
        Vocabulary::OrganisationKind,
    ),
    ("/Condition/properties/area", Vocabulary::Area),
    ("/Condition/properties/level", Vocabulary::Level),
    (
        "/Applies/properties/partnership_kind",
        Vocabulary::PartnershipKind,
    ),
    ("/Applies/properties/area", Vocabulary::Area),
    ("/Applies/properties/level", Vocabulary::Level),
];

/// The record schemas (every kind of the registry): the server assigns their `id`, which a
/// replacement must not change, and each has a merge-patch schema.
fn records() -> Vec<String> {
    struct Name;
    impl KindVisitor for Name {
        type Output = String;
        fn visit<R: Record>(self) -> String {
            R::name().to_string()
        }
    }
    RecordKind::ALL.iter().map(|k| k.visit(Name)).collect()
}

/// Writes the bounds and the vocabularies in force into `schemas` (`components/schemas`).
/// A pointer that names nothing is a bug of this table: it is an error, so a renamed field
/// fails the document's test instead of silently losing its bound.
pub(super) fn apply(schemas: &mut Value, vocabularies: &Vocabularies) -> Result<(), String> {
    for (pointer, bound) in bounds() {
        merge(target(schemas, pointer)?, bound);
    }
    for (pointer, vocabulary) in VOCABULARY_FIELDS {
        merge(
            target(schemas, pointer)?,
            vocabulary_enum(*vocabulary, vocabularies),
        );
    }
    for variant in 0..3 {
        let pointer = format!("/InquiryDecisionBody/oneOf/{variant}");
        merge(
            target(schemas, &pointer)?,
            json!({"additionalProperties": false}),
        );
    }
    for variant in 0..4 {
        let pointer = format!("/RelationshipStatus/oneOf/{variant}");
        merge(
            target(schemas, &pointer)?,
            json!({"additionalProperties": false}),
        );
    }
    for record in records() {
        let record = record.as_str();
        let id = target(schemas, &format!("/{record}/properties/id"))?;
        merge(
            id,
            json!({"readOnly": true, "description": "Its id, chosen by the server: ignored in \
                   a create; a replacement may repeat it but not change it."}),
        );
        let patch = patch_schema(target(schemas, &format!("/{record}"))?, record);
        if let Value::Object(map) = schemas {
            map.insert(format!("{record}Patch"), patch);
        }
    }
    Ok(())
}

/// The JSON merge patch (RFC 7396) of a record: any of its members, none required; `null`
/// removes an optional member (it takes its default). Nested objects merge member by member,
/// so whether a patch is acceptable can depend on the record it is applied to: a patch whose
/// result is not a valid record is a 422 (RFC 5789 §2.2).
fn patch_schema(record: &Value, name: &str) -> Value {
    let required: Vec<&str> = record["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut properties = serde_json::Map::new();
    if let Some(members) = record["properties"].as_object() {
        for (member, schema) in members {
            let mut schema = if required.contains(&member.as_str()) || is_nullable(schema) {
                schema.clone()
            } else {
                json!({"anyOf": [schema, {"type": "null"}]})
            };
            if record["properties"][member]["readOnly"] == json!(true) {
                schema["readOnly"] = json!(true);
            }
            properties.insert(member.clone(), schema);
        }
    }
    json!({
        "type": "object",
        "description": format!(
            "A JSON merge patch (RFC 7396) of {name}: members given replace, `null` removes an \
             optional member, nested objects merge. The patched record must be valid (else 422, \
             RFC 5789 §2.2)."
        ),
        "properties": properties,
        "additionalProperties": false,
    })
}

fn target<'a>(schemas: &'a mut Value, pointer: &str) -> Result<&'a mut Value, String> {
    schemas
        .pointer_mut(pointer)
        .ok_or_else(|| format!("the OpenAPI schemas have nothing at {pointer}"))
}

/// The terms of `vocabulary` in force, as an `enum`.
fn vocabulary_enum(vocabulary: Vocabulary, vocabularies: &Vocabularies) -> Value {
    let keys: Vec<String> = vocabularies
        .terms(vocabulary)
        .into_iter()
        .map(|t| t.key)
        .collect();
    let name = vocabulary.as_str();
    json!({
        "enum": keys,
        "description": format!(
            "A term of the `{name}` vocabulary. Listed: the terms in force when this document \
             was served (the defaults, plus any an admin added with `POST \
             /api/v1/vocabularies/{name}`; `GET /api/v1/vocabularies` lists them with labels)."
        ),
    })
}

/// Merges `bound`'s members into `schema`. An `enum` on a nullable schema (`type: [string,
/// null]`) also lists `null`, which the server accepts as "absent".
fn merge(schema: &mut Value, bound: Value) {
    let Value::Object(bound) = bound else {
        return;
    };
    let nullable = is_nullable(schema);
    let Value::Object(schema) = schema else {
        return;
    };
    for (key, mut value) in bound {
        if key == "enum"
            && nullable
            && let Value::Array(values) = &mut value
        {
            values.push(Value::Null);
        }
        schema.insert(key, value);
    }
}

fn is_nullable(schema: &Value) -> bool {
    schema
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|types| types.contains(&json!("null")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bound_lands_on_a_schema_of_the_document() {
        let doc = serde_json::to_value(super::super::openapi::openapi()).unwrap();
        let mut schemas = doc["components"]["schemas"].clone();
        apply(&mut schemas, &Vocabularies::defaults()).unwrap();
        let level = &schemas["Partnership"]["properties"]["level"]["enum"];
        assert!(level.as_array().unwrap().contains(&Value::Null));
        let kind = &schemas["Organisation"]["properties"]["kind"]["enum"];
        assert!(kind.as_array().unwrap().contains(&json!("museum")));
    }

    #[test]
    fn a_term_an_admin_added_is_listed() {
        let doc = serde_json::to_value(super::super::openapi::openapi()).unwrap();
        let mut schemas = doc["components"]["schemas"].clone();
        let mut vocabularies = Vocabularies::defaults();
        vocabularies.insert(Vocabulary::OrganisationKind, "zoo", "Zoo");
        apply(&mut schemas, &vocabularies).unwrap();
        let kind = &schemas["Organisation"]["properties"]["kind"]["enum"];
        assert!(kind.as_array().unwrap().contains(&json!("zoo")));
    }
}
