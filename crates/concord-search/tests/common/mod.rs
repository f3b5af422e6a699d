//! Fixtures for the search tests: records built with the domain types, and a revision log
//! that numbers them.

#![allow(dead_code, reason = "each test file uses a different part")]
#![expect(
    clippy::unwrap_used,
    reason = "test fixtures fail the test that uses them"
)]

use chrono::{TimeZone, Utc};
use concord_domain::identifier::Identifiers;
use concord_domain::need::NeedStatus;
use concord_domain::partnership::Party;
use concord_domain::record::Record;
use concord_domain::revision::RevisionAction;
use concord_domain::text::Translatable;
use concord_domain::{
    Need, NeedId, Organisation, OrganisationId, Partnership, PartnershipId, PartnershipStatus,
    RelationshipStatus, RevisionId, Visibility,
};
use concord_search::{SearchIndex, SearchQuery, SearchResults};
use concord_store::LoggedRevision;
use uuid::Uuid;

/// An organisation with a fixed id.
pub fn org(n: u128, name: &str, country: &str) -> Organisation {
    Organisation {
        id: OrganisationId(Uuid::from_u128(n)),
        name: name.into(),
        names: Translatable::default(),
        kind: "museum".into(),
        country: Some(country.into()),
        regions: vec![],
        website: None,
        identifiers: Identifiers::default(),
        description: Translatable::default(),
        relationship: RelationshipStatus::Prospect,
        movement_entity: None,
        visibility: Visibility::Public,
        readers: vec![],
        tags: vec![],
    }
}

/// A partnership between `parties`.
pub fn partnership(n: u128, title: &str, parties: &[OrganisationId]) -> Partnership {
    Partnership {
        id: PartnershipId(Uuid::from_u128(n)),
        title: Translatable::one("en", title),
        summary: Translatable::default(),
        kind: "content".into(),
        areas: vec!["content_glam".into()],
        level: None,
        tier: None,
        parties: parties
            .iter()
            .map(|&organisation| Party {
                organisation,
                role: "partner".into(),
            })
            .collect(),
        instrument: None,
        value_exchange: vec![],
        obligations: vec![],
        milestones: vec![],
        progress_reports: vec![],
        outcomes: vec![],
        start_date: None,
        end_date: None,
        review_date: None,
        status: PartnershipStatus::Active,
        red_lines: None,
        assessment: None,
        approval: None,
        visibility: Visibility::Public,
        readers: vec![],
        tags: vec![],
        renews: None,
        replicates: None,
        needs: vec![],
    }
}

/// A need.
pub fn need(n: u128, title: &str) -> Need {
    Need {
        id: NeedId(Uuid::from_u128(n)),
        title: Translatable::one("en", title),
        description: Translatable::default(),
        area: "content_glam".into(),
        countries: vec![],
        regions: vec![],
        movement_entity: None,
        year: Some(2026),
        supporters: vec![],
        status: NeedStatus::Open,
        visibility: Visibility::Public,
        readers: vec![],
        tags: vec![],
    }
}

/// Numbers revisions as a store would.
#[derive(Default)]
pub struct Log {
    next: i64,
}

impl Log {
    /// A revision of `record` with `action`.
    pub fn rev<R: Record>(&mut self, action: RevisionAction, record: &R) -> LoggedRevision {
        self.next += 1;
        LoggedRevision {
            id: RevisionId(self.next),
            record: record.key(),
            action,
            at: Utc.timestamp_opt(1_700_000_000 + self.next, 0).unwrap(),
            snapshot: serde_json::to_string(record).unwrap(),
        }
    }

    /// A create revision.
    pub fn create<R: Record>(&mut self, record: &R) -> LoggedRevision {
        self.rev(RevisionAction::Create, record)
    }
}

/// An in-RAM index holding `revisions`.
pub fn index_of(revisions: &[LoggedRevision]) -> SearchIndex {
    let index = SearchIndex::open_in_ram().unwrap();
    index.apply(revisions).unwrap();
    index
}

/// A query for `q` with a page of 50.
pub fn q(text: &str) -> SearchQuery {
    SearchQuery {
        q: Some(text.into()),
        limit: 50,
        ..SearchQuery::default()
    }
}

/// A query without text.
pub fn all() -> SearchQuery {
    SearchQuery {
        limit: 200,
        ..SearchQuery::default()
    }
}

/// The labels of the hits, in order.
pub fn names(r: &SearchResults) -> Vec<String> {
    r.hits
        .iter()
        .map(|h| {
            let body = h.value().unwrap();
            body["name"]
                .as_str()
                .or_else(|| body["title"]["en"].as_str())
                .unwrap_or("?")
                .to_owned()
        })
        .collect()
}
