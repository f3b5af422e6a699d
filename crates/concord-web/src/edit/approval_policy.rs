//! The approval-policy form (admins only): its name, when it applies (the partnership's kind,
//! area, level, and a party by id; none given: every partnership), who must approve and who
//! may veto (checkboxes of the accounts holding the approver or admin role), and visibility.

use concord_domain::validation::{Problem, ValidationErrors};
use concord_domain::vocabulary::Vocabulary;
use concord_domain::workflow::approval::Applies;
use concord_domain::{AccountId, ApprovalPolicy, ApprovalPolicyId, OrganisationId};

use super::field::{Field, Input, Values};
use super::form::{EditForm, FormContext, apply_visibility, field, visibility_field};

/// Account ids as the checkboxes carry them.
fn joined(ids: &[AccountId]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The accounts checked in `name`; an id that is not one is refused, naming the field.
fn checked(posted: &Values, name: &str, errors: &mut ValidationErrors) -> Vec<AccountId> {
    let mut out = Vec::new();
    for text in posted.all(name) {
        match text.trim().parse() {
            Ok(id) => out.push(AccountId(id)),
            Err(_) => errors.add(
                name,
                Problem::Malformed {
                    value: text,
                    expected: "an account's id (a UUID)".into(),
                },
            ),
        }
    }
    out
}

impl EditForm for ApprovalPolicy {
    fn blank(id: ApprovalPolicyId) -> Self {
        ApprovalPolicy::new(id, "", Applies::default())
    }

    fn translatable_langs(&self) -> Vec<String> {
        Vec::new()
    }

    const NAMES_ACCOUNTS: bool = true;

    fn fields(&self, cx: &FormContext<'_>) -> Vec<Field> {
        let t = cx.t;
        let label = |what: &str| t.msg(&format!("concord-record-field-{what}"));
        let w = &self.when;
        vec![
            field(
                "name",
                t.msg("concord-field-name"),
                Input::Text,
                self.name.clone(),
            )
            .required(),
            field(
                "partnership_kind",
                label("kind"),
                Input::Select(cx.terms(Vocabulary::PartnershipKind, true)),
                w.partnership_kind.clone().unwrap_or_default(),
            ),
            field(
                "area",
                label("area"),
                Input::Select(cx.terms(Vocabulary::Area, true)),
                w.area.clone().unwrap_or_default(),
            ),
            field(
                "level",
                label("level"),
                Input::Select(cx.terms(Vocabulary::Level, true)),
                w.level.clone().unwrap_or_default(),
            ),
            field(
                "party",
                label("party"),
                Input::Text,
                w.party.map(|o| o.to_string()).unwrap_or_default(),
            )
            .help(t.msg("concord-field-organisation-id-help")),
            field(
                "approvers",
                label("approvers"),
                Input::Checkboxes(cx.accounts.to_vec()),
                joined(&self.approvers),
            )
            .help(t.msg("concord-field-deciders-help")),
            field(
                "veto_holders",
                label("veto-holders"),
                Input::Checkboxes(cx.accounts.to_vec()),
                joined(&self.veto_holders),
            ),
            visibility_field(t, self.visibility),
        ]
    }

    fn apply(&mut self, posted: &Values, _lang: &str) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        self.name = posted.get("name").trim().to_owned();
        self.when.partnership_kind = posted.optional("partnership_kind");
        self.when.area = posted.optional("area");
        self.when.level = posted.optional("level");
        self.when.party = match posted.optional("party") {
            None => None,
            Some(text) => match text.trim().parse() {
                Ok(id) => Some(OrganisationId(id)),
                Err(_) => {
                    errors.add(
                        "party",
                        Problem::Malformed {
                            value: text,
                            expected: "an organisation's id (a UUID)".into(),
                        },
                    );
                    None
                }
            },
        };
        self.approvers = checked(posted, "approvers", &mut errors);
        self.veto_holders = checked(posted, "veto_holders", &mut errors);
        apply_visibility(posted, &mut self.visibility, &mut errors);
        errors
    }

    fn field_of(path: &str) -> Option<&'static str> {
        Some(match path {
            "name" => "name",
            "when.partnership_kind" => "partnership_kind",
            "when.area" => "area",
            "when.level" => "level",
            "when" | "when.party" => "party",
            p if p.starts_with("approvers") => "approvers",
            p if p.starts_with("veto_holders") => "veto_holders",
            p if p.starts_with("visibility") || p.starts_with("readers") => "visibility",
            _ => return None,
        })
    }
}
