//! Refused writes: each problem names the field it is about and why.

use serde::Serialize;

/// Why a field was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// A required value is missing or blank.
    #[error("is required")]
    Required,
    /// A value is not in its vocabulary.
    #[error("`{value}` is not a known {vocabulary} (known: {known})")]
    UnknownValue {
        /// The vocabulary consulted.
        vocabulary: String,
        /// The refused value.
        value: String,
        /// The known values, comma-separated (possibly shortened).
        known: String,
    },
    /// A value does not have the expected shape.
    #[error("`{value}` is not {expected}")]
    Malformed {
        /// The refused value.
        value: String,
        /// What was expected, in words ("a Wikidata QID such as Q42").
        expected: String,
    },
    /// A text is longer than allowed.
    #[error("is longer than {max} characters")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// Two dates are in the wrong order.
    #[error("must not be before {other}")]
    DateOrder {
        /// The field this one must not precede.
        other: String,
    },
    /// An obligation, value exchange or similar names an organisation that is not a party.
    #[error("names {organisation}, which is not a party of this partnership")]
    NotAParty {
        /// The organisation named.
        organisation: String,
    },
    /// The same value occurs twice where it must be unique.
    #[error("`{value}` occurs more than once")]
    Duplicate {
        /// The repeated value.
        value: String,
    },
    /// A value breaks a rule that does not echo it back (a password).
    #[error("{rule}")]
    Rule {
        /// The rule, in words ("use at least 10 characters").
        rule: String,
    },
    /// A named account may not decide: it does not exist, is disabled, or holds neither the
    /// approver nor the admin role.
    #[error(
        "names account {account}, which does not exist, is disabled, or holds neither the approver nor the admin role"
    )]
    NotADecider {
        /// The account named.
        account: String,
    },
    /// A referenced record does not exist (or is deleted).
    #[error("refers to {kind} {id}, which does not exist")]
    MissingReference {
        /// The record kind referred to.
        kind: String,
        /// Its id.
        id: String,
    },
}

/// One refused field. `field` is a JSON path such as `parties[1].role`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[error("{field} {problem}")]
pub struct FieldError {
    /// The field, as a JSON path.
    pub field: String,
    /// What is wrong with it.
    #[serde(flatten)]
    pub problem: Problem,
}

/// Every problem found in one record. Never empty when returned as an error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join("; "))
    }
}

impl ValidationErrors {
    /// Records a problem with `field`.
    pub fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.push(FieldError {
            field: field.into(),
            problem,
        });
    }

    /// Records `Required` when `value` is blank.
    pub fn require(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.add(field, Problem::Required);
        }
    }

    /// Records `TooLong` when `value` exceeds `max` characters.
    pub fn limit(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.add(field, Problem::TooLong { max });
        }
    }

    /// `Ok(())` when nothing was recorded.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    /// Whether the given field was refused (for tests).
    pub fn mentions(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }
}
