//! Concord's domain: the records of DESIGN.md ("The objects"), their vocabularies and validation,
//! the visibility rule, and revision diffs.
//!
//! Plain Rust: no async, no database, no HTTP, no clock. Everything here is tested in memory.

pub mod account;
pub mod approval_policy;
pub mod assessment_template;
pub mod authz;
pub mod check;
pub mod country;
pub mod glossary;
pub mod id;
pub mod identifier;
pub mod inquiry;
pub mod kind;
pub mod merge;
pub mod need;
pub mod organisation;
pub mod partnership;
pub mod person;
pub mod record;
pub mod red_line_rule;
pub mod revision;
pub mod role;
pub mod routing_rule;
pub mod scope;
pub mod search_text;
pub mod text;
pub mod validation;
pub mod visibility;
pub mod vocabulary;
pub mod workflow;

pub use account::Account;
pub use approval_policy::{ApprovalPolicy, ApprovalPolicyId};
pub use assessment_template::{AssessmentTemplate, AssessmentTemplateId};
pub use authz::{Action, Decision, Subject};
pub use glossary::{GlossaryTerm, GlossaryTermId};
pub use id::{AccountId, NeedId, OrganisationId, PartnershipId, PersonId, RevisionId};
pub use inquiry::{Inquiry, InquiryForm, InquiryId, InquiryStatus};
pub use kind::{KindVisitor, RecordKind};
pub use need::{Need, NeedStatus};
pub use organisation::{Organisation, RelationshipStatus};
pub use partnership::{Partnership, PartnershipStatus};
pub use person::Person;
pub use record::{Record, RecordKey};
pub use red_line_rule::{RedLine, RedLineId};
pub use role::Role;
pub use routing_rule::{RoutingRule, RoutingRuleId};
pub use scope::Scope;
pub use search_text::SearchText;
pub use validation::{FieldError, Problem, ValidationErrors};
pub use visibility::{Viewer, Visibility};
pub use vocabulary::{Vocabularies, Vocabulary};
