//! The partnership form: title and summary in the edited language, kind, areas, level, tier,
//! instrument, parties with their roles (organisations found with the Find button), dates,
//! milestones, visibility and tags. Fields it does not show (status, set by the workflow;
//! value exchange, obligations, reports, outcomes, readers and links to other records) are
//! kept as they are.

use concord_domain::partnership::{Milestone, Party};
use concord_domain::validation::{Problem, ValidationErrors};
use concord_domain::vocabulary::Vocabulary;
use concord_domain::{Partnership, PartnershipId};

use super::field::{Column, Field, Input, Values, join_rows};
use super::form::{
    EditForm, FormContext, apply_visibility, date_from, date_text, field, languages_of, list,
    organisation_from, set_text, tags_field, text_in, visibility_field,
};
use super::partnership_rows as rows;

/// The cells of a party row.
const PARTY: [&str; 2] = ["organisation", "role"];
/// The cells of a milestone row.
const MILESTONE: [&str; 3] = ["title", "due", "reached"];

impl EditForm for Partnership {
    fn blank(id: PartnershipId) -> Self {
        Partnership::new(id, Default::default(), "")
    }

    fn translatable_langs(&self) -> Vec<String> {
        languages_of(&[&self.title, &self.summary])
    }

    fn fields(&self, cx: &FormContext<'_>) -> Vec<Field> {
        let t = cx.t;
        let label = |what: &str| t.msg(&format!("concord-record-field-{what}"));
        let option = |value: &Option<String>| value.clone().unwrap_or_default();
        let parties = self
            .parties
            .iter()
            .map(|p| vec![p.organisation.to_string(), p.role.clone()])
            .collect::<Vec<_>>();
        let milestones = self
            .milestones
            .iter()
            .map(|m| vec![m.title.clone(), date_text(m.due), date_text(m.reached)])
            .collect::<Vec<_>>();
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
                "summary",
                t.msg("concord-field-summary"),
                Input::LongText,
                text_in(&self.summary, cx.lang),
            )
            .help(cx.in_language()),
            field(
                "kind",
                label("kind"),
                Input::Select(cx.terms(Vocabulary::PartnershipKind, false)),
                self.kind.clone(),
            )
            .required(),
            field(
                "areas",
                label("areas"),
                Input::Checkboxes(cx.terms(Vocabulary::Area, false)),
                self.areas.join(", "),
            ),
            field(
                "level",
                label("level"),
                Input::Select(cx.terms(Vocabulary::Level, true)),
                option(&self.level),
            ),
            field(
                "tier",
                label("tier"),
                Input::Select(cx.terms(Vocabulary::Tier, true)),
                option(&self.tier),
            ),
            field(
                "instrument",
                label("instrument"),
                Input::Select(cx.terms(Vocabulary::Instrument, true)),
                option(&self.instrument),
            ),
            field(
                "parties",
                t.msg("concord-record-parties"),
                Input::Rows(vec![
                    Column {
                        key: "organisation",
                        label: label("organisation"),
                        input: Input::Select(cx.organisation_choices()),
                    },
                    Column {
                        key: "role",
                        label: label("role"),
                        input: Input::Select(cx.terms(Vocabulary::PartyRole, true)),
                    },
                ]),
                join_rows(&parties),
            )
            .with_find(),
            field(
                "start_date",
                label("start-date"),
                Input::Date,
                date_text(self.start_date),
            ),
            field(
                "end_date",
                label("end-date"),
                Input::Date,
                date_text(self.end_date),
            ),
            field(
                "review_date",
                label("review-date"),
                Input::Date,
                date_text(self.review_date),
            ),
            field(
                "milestones",
                t.msg("concord-record-milestones"),
                Input::Rows(vec![
                    Column {
                        key: "title",
                        label: label("title"),
                        input: Input::Text,
                    },
                    Column {
                        key: "due",
                        label: label("due"),
                        input: Input::Date,
                    },
                    Column {
                        key: "reached",
                        label: label("reached"),
                        input: Input::Date,
                    },
                ]),
                join_rows(&milestones),
            ),
            rows::exchange_field(self, cx),
            rows::obligations_field(self, cx),
            rows::reports_field(self, cx),
            visibility_field(t, self.visibility),
            tags_field(t, &self.tags),
        ]
    }

    fn apply(&mut self, posted: &Values, lang: &str) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        set_text(&mut self.title, lang, posted.optional("title"));
        set_text(&mut self.summary, lang, posted.optional("summary"));
        self.kind = posted.get("kind").to_owned();
        self.areas = posted.all("areas");
        self.level = posted.optional("level");
        self.tier = posted.optional("tier");
        self.instrument = posted.optional("instrument");
        let mut parties = Vec::new();
        for (i, row) in posted.rows("parties", &PARTY).into_iter().enumerate() {
            let path = format!("parties[{i}].organisation");
            if let Some(organisation) = organisation_from(&row[0], &path, &mut errors) {
                if row[1].is_empty() {
                    errors.add(format!("parties[{i}].role"), Problem::Required);
                }
                parties.push(Party {
                    organisation,
                    role: row[1].clone(),
                });
            }
        }
        self.parties = parties;
        self.start_date = date_from(posted.get("start_date"), "start_date", &mut errors);
        self.end_date = date_from(posted.get("end_date"), "end_date", &mut errors);
        self.review_date = date_from(posted.get("review_date"), "review_date", &mut errors);
        self.milestones = posted
            .rows("milestones", &MILESTONE)
            .into_iter()
            .enumerate()
            .map(|(i, row)| Milestone {
                title: row[0].clone(),
                due: date_from(&row[1], &format!("milestones[{i}].due"), &mut errors),
                reached: date_from(&row[2], &format!("milestones[{i}].reached"), &mut errors),
            })
            .collect();
        rows::apply_exchange(self, posted, &mut errors);
        rows::apply_obligations(self, posted, &mut errors);
        rows::apply_reports(self, posted, &mut errors);
        apply_visibility(posted, &mut self.visibility, &mut errors);
        self.tags = list(posted.get("tags"));
        errors
    }

    fn field_of(path: &str) -> Option<&'static str> {
        let head = path.split(['.', '[']).next().unwrap_or(path);
        Some(match head {
            "title" => "title",
            "summary" => "summary",
            "kind" => "kind",
            "areas" => "areas",
            "level" => "level",
            "tier" => "tier",
            "instrument" => "instrument",
            "parties" => "parties",
            "start_date" => "start_date",
            "end_date" => "end_date",
            "review_date" => "review_date",
            "milestones" => "milestones",
            "value_exchange" => "value_exchange",
            "obligations" => "obligations",
            "progress_reports" => "progress_reports",
            "visibility" | "readers" => "visibility",
            "tags" => "tags",
            _ => return None,
        })
    }

    fn organisations(&self) -> Vec<String> {
        let parties = self.parties.iter().map(|p| p.organisation);
        let exchanges = self.value_exchange.iter().map(|v| v.party);
        let obligations = self.obligations.iter().map(|o| o.party);
        parties
            .chain(exchanges)
            .chain(obligations)
            .map(|id| id.to_string())
            .collect()
    }
}
