//! The routing rule form (admins only): its name, the area and level of the matrix's cell it
//! replaces, the kinds of movement entity that lead there in order, and its visibility.

use concord_domain::validation::ValidationErrors;
use concord_domain::vocabulary::Vocabulary;
use concord_domain::{RoutingRule, RoutingRuleId};

use super::field::{Field, Input, Values};
use super::form::{EditForm, FormContext, apply_visibility, field, list, visibility_field};

impl EditForm for RoutingRule {
    fn blank(id: RoutingRuleId) -> Self {
        RoutingRule::new(id, "", "", "", Vec::new())
    }

    fn translatable_langs(&self) -> Vec<String> {
        Vec::new()
    }

    fn fields(&self, cx: &FormContext<'_>) -> Vec<Field> {
        let t = cx.t;
        let label = |what: &str| t.msg(&format!("concord-record-field-{what}"));
        let kinds: Vec<String> = cx
            .vocabularies
            .terms(Vocabulary::MovementEntityKind)
            .into_iter()
            .map(|k| k.key)
            .collect();
        vec![
            field(
                "name",
                t.msg("concord-field-name"),
                Input::Text,
                self.name.clone(),
            )
            .required(),
            field(
                "area",
                label("area"),
                Input::Select(cx.terms(Vocabulary::Area, false)),
                self.area.clone(),
            )
            .required(),
            field(
                "level",
                label("level"),
                Input::Select(cx.terms(Vocabulary::Level, false)),
                self.level.clone(),
            )
            .required(),
            field("leads", label("leads"), Input::Text, self.leads.join(", "))
                .required()
                .help(t.msg_with(
                    "concord-field-leads-help",
                    &[concord_i18n::Arg::Text(kinds.join(", "))],
                )),
            visibility_field(t, self.visibility),
        ]
    }

    fn apply(&mut self, posted: &Values, _lang: &str) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        self.name = posted.get("name").trim().to_owned();
        self.area = posted.get("area").to_owned();
        self.level = posted.get("level").to_owned();
        self.leads = list(posted.get("leads"));
        apply_visibility(posted, &mut self.visibility, &mut errors);
        errors
    }

    fn field_of(path: &str) -> Option<&'static str> {
        let head = path.split(['.', '[']).next().unwrap_or(path);
        Some(match head {
            "name" => "name",
            "area" => "area",
            "level" => "level",
            "leads" => "leads",
            "visibility" | "readers" => "visibility",
            _ => return None,
        })
    }
}
