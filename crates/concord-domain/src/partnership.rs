//! Partnerships, the central record (DESIGN.md, "The objects").
//!
//! The status machine and its guards are in [`crate::workflow`]; here a partnership is
//! validated as a record: vocabularies, dates in order, and every obligation, value exchange
//! and report naming a party of the partnership.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::check::check_tags;
use crate::record::{Record, RecordKind, Reference, reference};
use crate::search_text::SearchText;
use crate::text::Translatable;
use crate::validation::{Problem, ValidationErrors};
use crate::visibility::{Viewer, Visibility};
use crate::vocabulary::{Vocabularies, Vocabulary};
use crate::workflow::approval::Approval;
use crate::workflow::assessment::Assessment;
use crate::workflow::red_line::Checked;
use crate::{AccountId, NeedId, OrganisationId, PartnershipId};

/// A partnership between movement entities and partners.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Partnership {
    /// Its id.
    pub id: PartnershipId,
    /// Title, by language.
    pub title: Translatable,
    /// Summary, by language.
    #[serde(default, skip_serializing_if = "Translatable::is_empty_map")]
    pub summary: Translatable,
    /// A term of `partnership_kind`.
    pub kind: String,
    /// Terms of `area`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    /// A term of `level`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// A term of `tier`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// The parties and their roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    /// A term of `instrument`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
    /// What each side gives and gets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_exchange: Vec<ValueExchange>,
    /// Who owes what, by when.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<Obligation>,
    /// Milestones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// Progress reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub progress_reports: Vec<ProgressReport>,
    /// Outcomes and their metrics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<Outcome>,
    /// When it started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    /// When it ended or ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    /// When it is next reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_date: Option<NaiveDate>,
    /// Where it stands in the workflow.
    #[serde(default)]
    pub status: PartnershipStatus,
    /// The red-line check, once run (on proposal and whenever the parties, areas or level
    /// change), with the clearance of an escalation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_lines: Option<Checked>,
    /// Its assessment, once started: the questions and each person's answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Assessment>,
    /// Who must approve and who may veto, and every decision, once approval is requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// Accounts that may see it at `restricted` (besides admins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readers: Vec<AccountId>,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The earlier partnership this one renews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renews: Option<PartnershipId>,
    /// The partnership this one replicates (a model it follows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicates: Option<PartnershipId>,
    /// Needs this partnership answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<NeedId>,
}

/// A party and its role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// The organisation (a movement entity or a partner).
    pub organisation: OrganisationId,
    /// A term of `party_role`.
    pub role: String,
}

/// What one party gives and gets. Financial terms carry their own visibility.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ValueExchange {
    /// The party.
    pub party: OrganisationId,
    /// What it gives.
    #[serde(default)]
    pub gives: String,
    /// What it gets.
    #[serde(default)]
    pub gets: String,
    /// Money or other financial terms, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financial_terms: Option<String>,
    /// Who may see the financial terms.
    #[serde(default = "parties_only")]
    pub financial_visibility: Visibility,
    /// Accounts that may see the financial terms at `restricted` (besides admins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub financial_readers: Vec<AccountId>,
}

fn parties_only() -> Visibility {
    Visibility::Parties
}

/// Something a party owes, by a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Who owes it; must be a party.
    pub party: OrganisationId,
    /// What is owed.
    pub description: String,
    /// By when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// When it was met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met: Option<NaiveDate>,
}

/// A milestone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// What is reached.
    pub title: String,
    /// Planned date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Date reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reached: Option<NaiveDate>,
}

/// A progress report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProgressReport {
    /// Date of the report.
    pub date: NaiveDate,
    /// What happened.
    pub text: String,
}

/// An outcome with its metrics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// What came of it.
    pub description: String,
    /// Measured results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<Metric>,
}

/// A measured result ("images uploaded": 100000).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// What was measured.
    pub name: String,
    /// The value.
    pub value: f64,
    /// Unit, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// Where a partnership stands (DESIGN.md, "The workflow").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartnershipStatus {
    /// An idea.
    #[default]
    Idea,
    /// Proposed.
    Proposed,
    /// Being assessed.
    Assessing,
    /// Awaiting approval.
    AwaitingApproval,
    /// Approved.
    Approved,
    /// Declined.
    Declined,
    /// Active.
    Active,
    /// Under review.
    Reviewing,
    /// Concluded.
    Concluded,
    /// Terminated.
    Terminated,
}

impl PartnershipStatus {
    /// Every status, in workflow order.
    pub const ALL: [PartnershipStatus; 10] = [
        Self::Idea,
        Self::Proposed,
        Self::Assessing,
        Self::AwaitingApproval,
        Self::Approved,
        Self::Declined,
        Self::Active,
        Self::Reviewing,
        Self::Concluded,
        Self::Terminated,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idea => "idea",
            Self::Proposed => "proposed",
            Self::Assessing => "assessing",
            Self::AwaitingApproval => "awaiting_approval",
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::Active => "active",
            Self::Reviewing => "reviewing",
            Self::Concluded => "concluded",
            Self::Terminated => "terminated",
        }
    }
}

impl Partnership {
    /// A public idea titled `title` of kind `kind` (a `partnership_kind` term), without
    /// parties or anything else: set the other fields with struct update syntax.
    pub fn new(id: PartnershipId, title: Translatable, kind: impl Into<String>) -> Self {
        Self {
            id,
            title,
            summary: Translatable::default(),
            kind: kind.into(),
            areas: Vec::new(),
            level: None,
            tier: None,
            parties: Vec::new(),
            instrument: None,
            value_exchange: Vec::new(),
            obligations: Vec::new(),
            milestones: Vec::new(),
            progress_reports: Vec::new(),
            outcomes: Vec::new(),
            start_date: None,
            end_date: None,
            review_date: None,
            status: PartnershipStatus::default(),
            red_lines: None,
            assessment: None,
            approval: None,
            visibility: Visibility::default(),
            readers: Vec::new(),
            tags: Vec::new(),
            renews: None,
            replicates: None,
            needs: Vec::new(),
        }
    }

    /// The organisations that are parties.
    pub fn party_ids(&self) -> Vec<OrganisationId> {
        self.parties.iter().map(|p| p.organisation).collect()
    }

    /// The year it started, for facets.
    pub fn year(&self) -> Option<i32> {
        self.start_date.map(|d| chrono::Datelike::year(&d))
    }

    /// Checks every field: vocabularies, lengths, dates in order, parties named consistently.
    pub fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        self.title.validate(&mut e, "title", true, 500);
        self.summary.validate(&mut e, "summary", false, 20_000);
        vocab.check(&mut e, "kind", Vocabulary::PartnershipKind, &self.kind);
        for (i, a) in self.areas.iter().enumerate() {
            vocab.check(&mut e, &format!("areas[{i}]"), Vocabulary::Area, a);
        }
        let optional = [
            ("level", Vocabulary::Level, &self.level),
            ("tier", Vocabulary::Tier, &self.tier),
            ("instrument", Vocabulary::Instrument, &self.instrument),
        ];
        for (field, vocabulary, value) in optional {
            if let Some(v) = value {
                vocab.check(&mut e, field, vocabulary, v);
            }
        }
        self.validate_parties(&mut e, vocab);
        self.validate_dates(&mut e);
        for (i, m) in self.milestones.iter().enumerate() {
            e.require(&format!("milestones[{i}].title"), &m.title);
        }
        for (i, r) in self.progress_reports.iter().enumerate() {
            e.require(&format!("progress_reports[{i}].text"), &r.text);
        }
        for (i, o) in self.outcomes.iter().enumerate() {
            e.require(&format!("outcomes[{i}].description"), &o.description);
            for (j, m) in o.metrics.iter().enumerate() {
                e.require(&format!("outcomes[{i}].metrics[{j}].name"), &m.name);
                if !m.value.is_finite() {
                    e.add(
                        format!("outcomes[{i}].metrics[{j}].value"),
                        Problem::Malformed {
                            value: m.value.to_string(),
                            expected: "a finite number".into(),
                        },
                    );
                }
            }
        }
        if self.renews.is_some_and(|r| r == self.id) {
            e.add(
                "renews",
                Problem::Malformed {
                    value: self.id.to_string(),
                    expected: "another partnership".into(),
                },
            );
        }
        check_tags(&mut e, &self.tags);
        e.into_result()
    }

    fn validate_parties(&self, e: &mut ValidationErrors, vocab: &Vocabularies) {
        let ids = self.party_ids();
        for (i, p) in self.parties.iter().enumerate() {
            vocab.check(
                e,
                &format!("parties[{i}].role"),
                Vocabulary::PartyRole,
                &p.role,
            );
            if ids[..i].contains(&p.organisation) {
                e.add(
                    format!("parties[{i}].organisation"),
                    Problem::Duplicate {
                        value: p.organisation.to_string(),
                    },
                );
            }
        }
        let not_a_party = |id: OrganisationId| Problem::NotAParty {
            organisation: id.to_string(),
        };
        for (i, o) in self.obligations.iter().enumerate() {
            if !ids.contains(&o.party) {
                e.add(format!("obligations[{i}].party"), not_a_party(o.party));
            }
            e.require(&format!("obligations[{i}].description"), &o.description);
        }
        for (i, v) in self.value_exchange.iter().enumerate() {
            if !ids.contains(&v.party) {
                e.add(format!("value_exchange[{i}].party"), not_a_party(v.party));
            }
        }
    }

    fn validate_dates(&self, e: &mut ValidationErrors) {
        if let (Some(start), Some(end)) = (self.start_date, self.end_date)
            && end < start
        {
            e.add(
                "end_date",
                Problem::DateOrder {
                    other: "start_date".into(),
                },
            );
        }
        if let (Some(start), Some(review)) = (self.start_date, self.review_date)
            && review < start
        {
            e.add(
                "review_date",
                Problem::DateOrder {
                    other: "start_date".into(),
                },
            );
        }
        for (i, m) in self.milestones.iter().enumerate() {
            if let (Some(start), Some(due)) = (self.start_date, m.due)
                && due < start
            {
                e.add(
                    format!("milestones[{i}].due"),
                    Problem::DateOrder {
                        other: "start_date".into(),
                    },
                );
            }
        }
    }

    /// Removes the financial terms this viewer may not see.
    pub fn redact(&mut self, viewer: &Viewer) {
        let parties = self.party_ids();
        for v in &mut self.value_exchange {
            if !viewer.can_see(v.financial_visibility, &parties, &v.financial_readers) {
                v.financial_terms = None;
            }
        }
    }
}

impl Record for Partnership {
    const KIND: RecordKind = RecordKind::Partnership;
    const REDACTS: bool = true;
    type Id = PartnershipId;
    const MEMBERS_PROPOSE: bool = true;
    const SEARCHABLE: bool = true;
    /// `region` is not in the search text: the index takes it from the parties
    /// (concord-search's `regions.rs`).
    const FACETS: &'static [&'static str] = &[
        "kind", "area", "level", "tier", "status", "region", "entity", "year",
    ];

    fn id(&self) -> PartnershipId {
        self.id
    }
    fn set_id(&mut self, id: PartnershipId) {
        self.id = id;
    }
    fn visibility(&self) -> Visibility {
        self.visibility
    }
    fn readers(&self) -> Vec<AccountId> {
        self.readers.clone()
    }
    fn parties(&self) -> Vec<OrganisationId> {
        self.party_ids()
    }
    fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        Partnership::validate(self, vocab)
    }
    fn label(&self) -> String {
        self.title.get("en").unwrap_or_default().to_owned()
    }
    fn redact(&mut self, viewer: &Viewer) {
        Partnership::redact(self, viewer);
    }
    const WORKFLOW_FIELDS: &'static [&'static str] =
        &["status", "red_lines", "assessment", "approval"];
    fn check_workflow(&self, before: Option<&Self>) -> Result<(), ValidationErrors> {
        crate::workflow::check_status(before, self)
    }
    fn keep_workflow(&mut self, current: &Self) {
        self.status = current.status;
        self.red_lines = current.red_lines.clone();
        self.assessment = current.assessment.clone();
        self.approval = current.approval.clone();
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs: Vec<Reference> = self
            .parties
            .iter()
            .enumerate()
            .map(|(i, p)| {
                reference(
                    format!("parties[{i}].organisation"),
                    RecordKind::Organisation,
                    p.organisation,
                )
            })
            .collect();
        for (field, target) in [("renews", self.renews), ("replicates", self.replicates)] {
            if let Some(id) = target {
                refs.push(reference(field.to_owned(), RecordKind::Partnership, id));
            }
        }
        refs.extend(
            self.needs
                .iter()
                .enumerate()
                .map(|(i, n)| reference(format!("needs[{i}]"), RecordKind::Need, *n)),
        );
        refs
    }
    fn search_text(&self) -> SearchText {
        let mut t = SearchText::default();
        t.names.extend(self.title.texts().map(str::to_owned));
        t.body.extend(self.summary.texts().map(str::to_owned));
        t.body.extend(self.tags.iter().cloned());
        for v in &self.value_exchange {
            t.body.push(v.gives.clone());
            t.body.push(v.gets.clone());
        }
        t.body
            .extend(self.milestones.iter().map(|m| m.title.clone()));
        t.body
            .extend(self.outcomes.iter().map(|o| o.description.clone()));
        t.facet("kind", self.kind.as_str());
        t.facets("area", self.areas.iter());
        t.facets("level", self.level.iter());
        t.facets("tier", self.tier.iter());
        t.facet("status", self.status.as_str());
        for id in self.party_ids() {
            t.facet("entity", id.to_string());
        }
        if let Some(y) = self.year() {
            t.facet("year", y.to_string());
        }
        t
    }
}

#[cfg(test)]
#[path = "partnership_tests.rs"]
mod tests;
