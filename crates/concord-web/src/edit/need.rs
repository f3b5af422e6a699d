//! The need form: title and description in the edited language, area, countries, regions,
//! year, supporters, status, visibility and tags. Its movement entity and readers are kept as
//! they are.

use concord_domain::validation::{Problem, ValidationErrors};
use concord_domain::vocabulary::Vocabulary;
use concord_domain::{Need, NeedId, NeedStatus};

use super::field::{Choice, Field, Input, Values};
use super::form::{
    EditForm, FormContext, apply_visibility, field, languages_of, list, set_text, tags_field,
    text_in, visibility_field,
};
use crate::values;

/// Every status a need may have.
const STATUSES: [NeedStatus; 3] = [NeedStatus::Open, NeedStatus::Matched, NeedStatus::Fulfilled];

impl EditForm for Need {
    fn blank(id: NeedId) -> Self {
        Need::new(id, Default::default(), "")
    }

    fn translatable_langs(&self) -> Vec<String> {
        languages_of(&[&self.title, &self.description])
    }

    fn fields(&self, cx: &FormContext<'_>) -> Vec<Field> {
        let t = cx.t;
        let label = |what: &str| t.msg(&format!("concord-record-field-{what}"));
        let statuses = STATUSES
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: values::status(t, "need", s.as_str()),
            })
            .collect();
        vec![
            field(
                "title",
                label("title"),
                Input::Text,
                text_in(&self.title, cx.lang),
            )
            .required()
            .help(cx.in_language()),
            field(
                "description",
                label("description"),
                Input::LongText,
                text_in(&self.description, cx.lang),
            )
            .help(cx.in_language()),
            field(
                "area",
                label("area"),
                Input::Select(cx.terms(Vocabulary::Area, false)),
                self.area.clone(),
            )
            .required(),
            field(
                "countries",
                label("countries"),
                Input::Text,
                self.countries.join(", "),
            )
            .help(t.msg("concord-field-countries-help")),
            field(
                "regions",
                label("regions"),
                Input::Checkboxes(cx.terms(Vocabulary::Region, false)),
                self.regions.join(", "),
            ),
            field(
                "year",
                label("year"),
                Input::Text,
                self.year.map(|y| y.to_string()).unwrap_or_default(),
            ),
            field(
                "supporters",
                label("supporters"),
                Input::Text,
                self.supporters.join(", "),
            )
            .help(t.msg("concord-field-list-help")),
            field(
                "status",
                label("status"),
                Input::Select(statuses),
                self.status.as_str().to_owned(),
            )
            .required(),
            visibility_field(t, self.visibility),
            tags_field(t, &self.tags),
        ]
    }

    fn apply(&mut self, posted: &Values, lang: &str) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        set_text(&mut self.title, lang, posted.optional("title"));
        set_text(&mut self.description, lang, posted.optional("description"));
        self.area = posted.get("area").to_owned();
        self.countries = list(posted.get("countries"))
            .into_iter()
            .map(|c| c.to_uppercase())
            .collect();
        self.regions = posted.all("regions");
        self.year = match posted.optional("year") {
            None => None,
            Some(text) => match text.parse::<i32>() {
                Ok(year) => Some(year),
                Err(_) => {
                    errors.add(
                        "year",
                        Problem::Malformed {
                            value: text,
                            expected: "a year".into(),
                        },
                    );
                    None
                }
            },
        };
        self.supporters = list(posted.get("supporters"));
        match STATUSES.iter().find(|s| s.as_str() == posted.get("status")) {
            Some(status) => self.status = *status,
            None => errors.add(
                "status",
                Problem::UnknownValue {
                    vocabulary: "need status".into(),
                    value: posted.get("status").to_owned(),
                    known: "open, matched, fulfilled".into(),
                },
            ),
        }
        apply_visibility(posted, &mut self.visibility, &mut errors);
        self.tags = list(posted.get("tags"));
        errors
    }

    fn field_of(path: &str) -> Option<&'static str> {
        let head = path.split(['.', '[']).next().unwrap_or(path);
        Some(match head {
            "title" => "title",
            "description" => "description",
            "area" => "area",
            "countries" => "countries",
            "regions" => "regions",
            "year" => "year",
            "supporters" => "supporters",
            "status" => "status",
            "visibility" | "readers" => "visibility",
            "tags" => "tags",
            _ => return None,
        })
    }
}
