//! Assessments (DESIGN.md, "Assessment"; issue #13, item 5): a questionnaire answered for a
//! partnership under assessment, scored, with a recommendation. Several people answer the same
//! assessment independently (one per party, say), and where their answers differ is shown, so
//! that they talk about it (the partnership-audit practice in which partners fill it in
//! separately, then discuss the differences).
//!
//! The questions come from a template; the default, [`scorecard`], follows the themes of the
//! Partnering Agreement Scorecard (why, who, values alignment, value exchange, resources, risk
//! to reputation, obligations, exit). Starting the assessment copies the template's questions
//! into the partnership, so a later change of the template leaves it alone.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::AccountId;
use crate::validation::{Problem, ValidationErrors};

/// How a question is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// From 1 (weak) to 5 (strong).
    OneToFive,
    /// 0 (no) or 1 (yes).
    YesNo,
}

impl Scale {
    /// The lowest and highest answer.
    pub fn range(self) -> (u8, u8) {
        match self {
            Scale::OneToFive => (1, 5),
            Scale::YesNo => (0, 1),
        }
    }

    /// `value` between 0 (lowest) and 1 (highest).
    fn share(self, value: u8) -> f64 {
        let (low, high) = self.range();
        f64::from(value.saturating_sub(low)) / f64::from(high - low)
    }
}

/// One question of a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Its key, unique in the template (`values_alignment`).
    pub key: String,
    /// The question, as the template's author wrote it.
    pub text: String,
    /// How it is answered.
    pub scale: Scale,
    /// How much it counts in the score (1 to 10).
    pub weight: u8,
    /// Whether an answer is needed for a response to be complete.
    #[serde(default)]
    pub required: bool,
}

/// The default questions: the Partnering Agreement Scorecard's themes, each a question whose
/// strong answer is good for the partnership. Their texts in every language are the pages'
/// messages `concord-scorecard-<key>`; the English is here for the API.
pub fn scorecard() -> Vec<Question> {
    let q = |key: &str, text: &str, scale, weight| Question {
        key: key.to_owned(),
        text: text.to_owned(),
        scale,
        weight,
        required: true,
    };
    vec![
        q(
            "why",
            "Is the purpose of the partnership clear, and shared by every party?",
            Scale::OneToFive,
            2,
        ),
        q(
            "who",
            "Are the right people involved on each side, with the authority to act?",
            Scale::OneToFive,
            1,
        ),
        q(
            "values_alignment",
            "How well do the partner's values align with the movement's (free knowledge, \
             openness, neutrality)?",
            Scale::OneToFive,
            3,
        ),
        q(
            "value_exchange",
            "Does each party give, and gain, something of value?",
            Scale::OneToFive,
            2,
        ),
        q(
            "resources",
            "Are the resources it needs (time, money, skills) in place?",
            Scale::OneToFive,
            1,
        ),
        q(
            "reputation",
            "How safe is the movement's reputation in it (5: no risk)?",
            Scale::OneToFive,
            3,
        ),
        q(
            "obligations",
            "Are the obligations clear, each with a party and a date?",
            Scale::OneToFive,
            2,
        ),
        q("exit", "Can every party leave it fairly?", Scale::YesNo, 1),
    ]
}

/// Checks a template's questions: at least one, keys of lower-case letters, digits and
/// underscores, each once, texts given, weights from 1 to 10.
pub fn check_questions(questions: &[Question], e: &mut ValidationErrors) {
    if questions.is_empty() {
        e.add("questions", Problem::Required);
    }
    for (i, q) in questions.iter().enumerate() {
        let at = |f: &str| format!("questions[{i}].{f}");
        let key_ok = !q.key.is_empty()
            && q.key.len() <= 64
            && q.key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !key_ok {
            e.add(
                at("key"),
                Problem::Malformed {
                    value: q.key.clone(),
                    expected: "1 to 64 lower-case letters, digits and underscores".into(),
                },
            );
        } else if questions[..i].iter().any(|o| o.key == q.key) {
            e.add(
                at("key"),
                Problem::Duplicate {
                    value: q.key.clone(),
                },
            );
        }
        e.require(&at("text"), &q.text);
        e.limit(&at("text"), &q.text, 1_000);
        if !(1..=10).contains(&q.weight) {
            e.add(
                at("weight"),
                Problem::Rule {
                    rule: "a weight from 1 to 10".into(),
                },
            );
        }
    }
}

/// One answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The question's key.
    pub question: String,
    /// The answer on the question's scale.
    pub value: u8,
    /// A remark.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// One person's answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// The account that answered.
    pub by: AccountId,
    /// Its name when it answered.
    pub name: String,
    /// The answers, one per question at most.
    pub answers: Vec<Answer>,
    /// When it answered last.
    pub at: DateTime<Utc>,
}

/// A partnership's assessment: its questions and each person's answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// The template the questions came from (none: the default scorecard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<uuid::Uuid>,
    /// The questions, as when the assessment started.
    pub questions: Vec<Question>,
    /// The responses, one per account.
    #[serde(default)]
    pub responses: Vec<Response>,
}

/// What the scores suggest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    /// No response is complete yet.
    Incomplete,
    /// A score of 70 or more: go ahead.
    GoAhead,
    /// From 50 to 69: go ahead after talking through the weak points.
    Discuss,
    /// Below 50: reconsider.
    Reconsider,
}

impl Recommendation {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Recommendation::Incomplete => "incomplete",
            Recommendation::GoAhead => "go_ahead",
            Recommendation::Discuss => "discuss",
            Recommendation::Reconsider => "reconsider",
        }
    }
}

/// A question on which the complete responses differ by at least half its scale (two points
/// from 1 to 5, any difference on yes or no).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Difference {
    /// The question's key.
    pub question: String,
    /// The lowest answer.
    pub low: u8,
    /// The highest answer.
    pub high: u8,
}

impl Assessment {
    /// An assessment of `questions` from `template`, unanswered.
    pub fn new(template: Option<uuid::Uuid>, questions: Vec<Question>) -> Self {
        Self {
            template,
            questions,
            responses: Vec::new(),
        }
    }

    /// Records `response`, replacing the earlier one of its account. Refuses (naming
    /// `answers[i]`) an answer to no question, to a question twice, or off its scale; nothing is
    /// recorded then.
    pub fn answer(&mut self, mut response: Response) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        for (i, a) in response.answers.iter().enumerate() {
            let at = format!("answers[{i}]");
            match self.questions.iter().find(|q| q.key == a.question) {
                None => e.add(
                    format!("{at}.question"),
                    Problem::UnknownValue {
                        vocabulary: "question".into(),
                        value: a.question.clone(),
                        known: self
                            .questions
                            .iter()
                            .map(|q| q.key.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    },
                ),
                Some(q) => {
                    let (low, high) = q.scale.range();
                    if !(low..=high).contains(&a.value) {
                        e.add(
                            format!("{at}.value"),
                            Problem::Rule {
                                rule: format!("an answer from {low} to {high}"),
                            },
                        );
                    }
                }
            }
            if response.answers[..i]
                .iter()
                .any(|o| o.question == a.question)
            {
                e.add(
                    format!("{at}.question"),
                    Problem::Duplicate {
                        value: a.question.clone(),
                    },
                );
            }
            e.limit(&format!("{at}.note"), &a.note, 2_000);
        }
        e.into_result()?;
        for a in &mut response.answers {
            a.note = a.note.trim().to_owned();
        }
        self.responses.retain(|r| r.by != response.by);
        self.responses.push(response);
        Ok(())
    }

    /// The answer of `response` to `question`.
    fn value(response: &Response, question: &str) -> Option<u8> {
        response
            .answers
            .iter()
            .find(|a| a.question == question)
            .map(|a| a.value)
    }

    /// Whether `response` answers every required question.
    pub fn complete(&self, response: &Response) -> bool {
        self.questions
            .iter()
            .filter(|q| q.required)
            .all(|q| Self::value(response, &q.key).is_some())
    }

    /// Whether at least one response is complete: the guard of `request_approval`.
    pub fn is_complete(&self) -> bool {
        self.responses.iter().any(|r| self.complete(r))
    }

    /// The score of `response` from 0 to 100: its answers weighted, each on its scale (the
    /// questions it left out do not count).
    pub fn score(&self, response: &Response) -> Option<u8> {
        let (mut sum, mut weights) = (0.0, 0.0);
        for q in &self.questions {
            if let Some(v) = Self::value(response, &q.key) {
                sum += f64::from(q.weight) * q.scale.share(v);
                weights += f64::from(q.weight);
            }
        }
        // Rounded, and within 0..=100 by construction (each share is within 0..=1).
        (weights > 0.0).then(|| (100.0 * sum / weights).round() as u8)
    }

    /// The mean score of the complete responses.
    pub fn overall(&self) -> Option<u8> {
        let scores: Vec<u32> = self
            .responses
            .iter()
            .filter(|r| self.complete(r))
            .filter_map(|r| self.score(r))
            .map(u32::from)
            .collect();
        let n = u32::try_from(scores.len()).ok().filter(|n| *n > 0)?;
        u8::try_from((scores.iter().sum::<u32>() + n / 2) / n).ok()
    }

    /// What the overall score suggests.
    pub fn recommendation(&self) -> Recommendation {
        match self.overall() {
            None => Recommendation::Incomplete,
            Some(s) if s >= 70 => Recommendation::GoAhead,
            Some(s) if s >= 50 => Recommendation::Discuss,
            Some(_) => Recommendation::Reconsider,
        }
    }

    /// The questions on which the complete responses differ by at least half the scale, in
    /// question order.
    pub fn differences(&self) -> Vec<Difference> {
        let complete: Vec<&Response> = self.responses.iter().filter(|r| self.complete(r)).collect();
        self.questions
            .iter()
            .filter_map(|q| {
                let values: Vec<u8> = complete
                    .iter()
                    .filter_map(|r| Self::value(r, &q.key))
                    .collect();
                let (low, high) = (*values.iter().min()?, *values.iter().max()?);
                let spread = q.scale.share(high) - q.scale.share(low);
                (spread >= 0.5).then(|| Difference {
                    question: q.key.clone(),
                    low,
                    high,
                })
            })
            .collect()
    }
}
