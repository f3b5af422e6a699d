//! The assessment-template form (admins only): its name and its questions as rows (key,
//! question, scale, weight, required), and visibility.

use concord_domain::validation::{Problem, ValidationErrors};
use concord_domain::workflow::assessment::{Question, Scale};
use concord_domain::{AssessmentTemplate, AssessmentTemplateId};

use super::field::{Choice, Column, Field, Input, Values, join_rows};
use super::form::{EditForm, FormContext, apply_visibility, field, visibility_field};

/// The cells of a question row.
const QUESTION: [&str; 5] = ["key", "text", "scale", "weight", "required"];

/// The scales, in form order, with their wire names.
const SCALES: [(Scale, &str); 2] = [(Scale::OneToFive, "one_to_five"), (Scale::YesNo, "yes_no")];

fn scale_name(scale: Scale) -> &'static str {
    SCALES
        .iter()
        .find(|(s, _)| *s == scale)
        .map_or("one_to_five", |(_, n)| n)
}

impl EditForm for AssessmentTemplate {
    fn blank(id: AssessmentTemplateId) -> Self {
        AssessmentTemplate::new(id, "", Vec::new())
    }

    fn translatable_langs(&self) -> Vec<String> {
        Vec::new()
    }

    fn fields(&self, cx: &FormContext<'_>) -> Vec<Field> {
        let t = cx.t;
        let label = |what: &str| t.msg(&format!("concord-record-field-{what}"));
        let rows: Vec<Vec<String>> = self
            .questions
            .iter()
            .map(|q| {
                vec![
                    q.key.clone(),
                    q.text.clone(),
                    scale_name(q.scale).to_owned(),
                    q.weight.to_string(),
                    if q.required { "yes" } else { "no" }.to_owned(),
                ]
            })
            .collect();
        let scales = SCALES
            .iter()
            .map(|(_, n)| Choice {
                value: (*n).to_owned(),
                label: t.msg(&format!("concord-scale-{n}")),
            })
            .collect();
        let required = ["yes", "no"]
            .iter()
            .map(|v| Choice {
                value: (*v).to_owned(),
                label: t.msg(&format!("concord-assessment-{v}")),
            })
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
                "questions",
                label("questions"),
                Input::Rows(vec![
                    Column {
                        key: "key",
                        label: label("question-key"),
                        input: Input::Text,
                    },
                    Column {
                        key: "text",
                        label: label("question-text"),
                        input: Input::Text,
                    },
                    Column {
                        key: "scale",
                        label: label("scale"),
                        input: Input::Select(scales),
                    },
                    Column {
                        key: "weight",
                        label: label("weight"),
                        input: Input::Text,
                    },
                    Column {
                        key: "required",
                        label: label("required"),
                        input: Input::Select(required),
                    },
                ]),
                join_rows(&rows),
            )
            .help(t.msg("concord-field-questions-help")),
            visibility_field(t, self.visibility),
        ]
    }

    fn apply(&mut self, posted: &Values, _lang: &str) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        self.name = posted.get("name").trim().to_owned();
        self.questions = posted
            .rows("questions", &QUESTION)
            .into_iter()
            .filter(|row| row.iter().any(|c| !c.trim().is_empty()))
            .enumerate()
            .map(|(i, row)| {
                let scale = SCALES
                    .iter()
                    .find(|(_, n)| *n == row[2].trim())
                    .map_or(Scale::OneToFive, |(s, _)| *s);
                let weight = row[3].trim().parse().unwrap_or_else(|_| {
                    errors.add(
                        format!("questions[{i}].weight"),
                        Problem::Malformed {
                            value: row[3].clone(),
                            expected: "a whole number from 1 to 10".into(),
                        },
                    );
                    1
                });
                Question {
                    key: row[0].trim().to_owned(),
                    text: row[1].trim().to_owned(),
                    scale,
                    weight,
                    required: row[4].trim() != "no",
                }
            })
            .collect();
        apply_visibility(posted, &mut self.visibility, &mut errors);
        errors
    }

    fn field_of(path: &str) -> Option<&'static str> {
        Some(match path {
            "name" => "name",
            p if p.starts_with("questions") => "questions",
            p if p.starts_with("visibility") || p.starts_with("readers") => "visibility",
            _ => return None,
        })
    }
}
