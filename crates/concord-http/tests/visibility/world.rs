//! The world every visibility test runs in: three public organisations (chapters A and B, a
//! partner P), records of every kind at every level, seven viewers with account-bound tokens,
//! and THE table of who sees what.

use concord_domain::{AccountId, OrganisationId, RecordKind, Role, Scope, Visibility};
use serde_json::{Value, json};

use crate::accounts::{account_token, create_account};
use crate::support::{Backend, TestApp};

/// The word every record of the world has in its title, so one search finds them all.
pub const MARKER: &str = "zephyr";

/// A kind of viewer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// No token at all.
    Visitor,
    /// A member of the movement, named as a reader by no record.
    Member,
    /// A member named as a reader of every restricted record and restricted sensitive field.
    NamedReader,
    /// A steward of chapter A, a party to the records that have parties.
    StewardOfParty,
    /// A steward of chapter B, a party to none of them.
    StewardOfOther,
    /// An approver.
    Approver,
    /// An admin.
    Admin,
}

impl Who {
    /// Every kind of viewer.
    pub const ALL: [Who; 7] = [
        Who::Visitor,
        Who::Member,
        Who::NamedReader,
        Who::StewardOfParty,
        Who::StewardOfOther,
        Who::Approver,
        Who::Admin,
    ];
}

/// Where a record sits in [`TABLE`]: its level, and for `parties`, whether chapter A is a party.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Public,
    Movement,
    PartiesWithA,
    PartiesWithoutA,
    Restricted,
}

/// THE table: who sees a record in each column (public, movement, parties with A a party,
/// parties without, restricted). Sensitive fields (a person's contact details, a partnership's
/// financial terms; A is a party of both) are at `parties` and follow the `PartiesWithA`
/// column, except on restricted records, where they are `restricted` too, name the named
/// reader, and follow the `Restricted` column.
pub const TABLE: [(Who, [bool; 5]); 7] = [
    (Who::Visitor, [true, false, false, false, false]),
    (Who::Member, [true, true, false, false, false]),
    (Who::NamedReader, [true, true, false, false, true]),
    (Who::StewardOfParty, [true, true, true, false, false]),
    (Who::StewardOfOther, [true, true, false, false, false]),
    (Who::Approver, [true, true, false, false, false]),
    (Who::Admin, [true, true, true, true, true]),
];

/// Whether `who` sees a record in `column`, by [`TABLE`].
pub fn sees(who: Who, column: Column) -> bool {
    let row = TABLE.iter().find(|(w, _)| *w == who).expect("a row").1;
    row[column as usize]
}

/// Whether `who` sees the sensitive fields of a record in `column` that A is a party of: those
/// of restricted records are restricted (naming the named reader), the others at `parties`.
pub fn sees_sensitive(who: Who, column: Column) -> bool {
    match column {
        Column::Restricted => sees(who, Column::Restricted),
        _ => sees(who, Column::PartiesWithA),
    }
}

/// One record of the world.
#[derive(Clone, Debug)]
pub struct Rec {
    /// The collection (`organisations`, …).
    pub collection: &'static str,
    /// The `type` in search hits (`organisation`, …).
    pub kind: &'static str,
    /// Its API path.
    pub path: String,
    /// Its id.
    pub id: String,
    /// Its only revision.
    pub rev: i64,
    /// Its unique title (a word of which is [`MARKER`]).
    pub title: String,
    /// Where it sits in the table.
    pub column: Column,
}

impl Rec {
    /// Whether the index searches this kind.
    pub fn searchable(&self) -> bool {
        RecordKind::parse(self.kind).is_some_and(RecordKind::is_searchable)
    }
}

/// The app, its records and a token per viewer.
pub struct World {
    pub app: TestApp,
    pub records: Vec<Rec>,
    tokens: Vec<(Who, Option<String>)>,
    pub accounts: Vec<(Who, AccountId)>,
    pub chapter_a: String,
}

impl World {
    /// The world on `backend`, or `None` when that backend is not available (skipped loudly).
    pub async fn on(backend: Backend) -> Option<Self> {
        let app = TestApp::on(backend).await?;
        let setup = app.admin().await;
        let entity = json!({"kind": "chapter", "countries": ["NL"]});
        let org =
            |name: &str| json!({"name": name, "kind": "nonprofit", "movement_entity": entity});
        let (_, _, a) = app.create("organisations", &org("Chapter A"), &setup).await;
        let (_, _, b) = app.create("organisations", &org("Chapter B"), &setup).await;
        let (_, _, p) = app
            .create(
                "organisations",
                &json!({"name": "Partner P", "kind": "museum"}),
                &setup,
            )
            .await;
        let (a, b, p) = (id_of(&a), id_of(&b), id_of(&p));
        let mut world = World {
            app,
            records: Vec::new(),
            tokens: Vec::new(),
            accounts: Vec::new(),
            chapter_a: a.clone(),
        };
        // The accounts first: restricted records name the named reader's.
        for who in Who::ALL {
            world.add_viewer(who, &a, &b, Scope::Admin).await;
        }
        let named = world.account(Who::NamedReader).0.to_string();
        let approver = world.account(Who::Approver).0.to_string();
        for level in Visibility::ALL {
            for kind in RecordKind::ALL {
                if kind == RecordKind::Inquiry {
                    // An inquiry is always `parties` (its routed entity's) and arrives
                    // through the front door.
                    if level == Visibility::Parties {
                        world.add_inquiry(&a, &setup).await;
                    }
                    continue;
                }
                let mut body = body(kind, level, &a, &p, &named);
                if kind == RecordKind::ApprovalPolicy {
                    body["approvers"] = json!([approver]);
                }
                world.add(kind, body, level, &setup).await;
            }
        }
        Some(world)
    }

    async fn add(&mut self, kind: RecordKind, body: Value, level: Visibility, t: &str) {
        let collection = kind.collection();
        let title = body["name"]
            .as_str()
            .or(body["title"]["en"].as_str())
            .or(body["term"]["en"].as_str())
            .expect("a title")
            .to_owned();
        let (path, rev, created) = self.app.create(collection, &body, t).await;
        let with_a = !matches!(
            kind,
            RecordKind::Organisation
                | RecordKind::GlossaryTerm
                | RecordKind::RoutingRule
                | RecordKind::RedLine
                | RecordKind::ApprovalPolicy
                | RecordKind::AssessmentTemplate
        );
        let column = match level {
            Visibility::Public => Column::Public,
            Visibility::Movement => Column::Movement,
            Visibility::Parties if with_a => Column::PartiesWithA,
            Visibility::Parties => Column::PartiesWithoutA,
            Visibility::Restricted => Column::Restricted,
        };
        self.records.push(Rec {
            collection,
            kind: kind.as_str(),
            id: id_of(&created),
            path,
            rev,
            title,
            column,
        });
    }

    /// An inquiry sent by a visitor, which routing sends to chapter `a` (it serves NL and
    /// sorts first): a `parties` record of A's.
    async fn add_inquiry(&mut self, a: &str, t: &str) {
        let title = format!("{MARKER} inquiry parties");
        let body = concord_testapp::inquiry(&title, "NL");
        let (path, received) = self.app.inquire(&body, None).await;
        assert_eq!(received["routed_to"], a, "routed to chapter A");
        let rev = self.app.get_json(&path, Some(t)).await.etag();
        self.records.push(Rec {
            collection: RecordKind::Inquiry.collection(),
            kind: RecordKind::Inquiry.as_str(),
            id: id_of(&received),
            path,
            rev,
            title,
            column: Column::PartiesWithA,
        });
    }

    /// Creates an account for `who` (none for a visitor) and a token of `scope` bound to it.
    pub async fn add_viewer(&mut self, who: Who, a: &str, b: &str, scope: Scope) {
        let roles = match who {
            Who::Visitor => {
                self.tokens.push((who, None));
                return;
            }
            Who::Member | Who::NamedReader => vec![Role::Member],
            Who::StewardOfParty => vec![Role::Member, Role::Steward(org_id(a))],
            Who::StewardOfOther => vec![Role::Member, Role::Steward(org_id(b))],
            Who::Approver => vec![Role::Member, Role::Approver],
            Who::Admin => vec![Role::Member, Role::Admin],
        };
        let username = format!("{who:?}").to_lowercase();
        let account = create_account(&self.app, &username, roles).await;
        let secret = account_token(&self.app, account, &username, "api", scope).await;
        self.accounts.push((who, account));
        self.tokens.push((who, Some(secret)));
    }

    /// The token of `who` (`None` for a visitor).
    pub fn token(&self, who: Who) -> Option<&str> {
        let found = self
            .tokens
            .iter()
            .find(|(w, _)| *w == who)
            .expect("a viewer");
        found.1.as_deref()
    }

    /// The account of `who`.
    pub fn account(&self, who: Who) -> AccountId {
        self.accounts
            .iter()
            .find(|(w, _)| *w == who)
            .expect("an account")
            .1
    }
}

/// The record of `kind` at `level`: an organisation, a glossary term and a routing rule (no
/// parties), a
/// partnership of A and P with financial terms, a need of A, a person who works for A with
/// contact details. Sensitive fields are kept at `parties`, except on restricted records, where
/// they are restricted too; restricted records and fields name `named` as their reader. The
/// match names every kind, so a new kind does not compile until the world holds a record of it.
fn body(kind: RecordKind, level: Visibility, a: &str, p: &str, named: &str) -> Value {
    let v = level.as_str();
    let t = |what: &str| format!("{MARKER} {what} {v}");
    let restricted = level == Visibility::Restricted;
    let sensitive = if restricted { "restricted" } else { "parties" };
    let readers: Vec<&str> = if restricted { vec![named] } else { vec![] };
    let mut body = record_body(kind, v, &t, a, p, sensitive, &readers);
    if restricted {
        body["readers"] = json!(readers);
    }
    body
}

/// The body of [`body`] before its record-level readers.
fn record_body(
    kind: RecordKind,
    v: &str,
    t: &dyn Fn(&str) -> String,
    a: &str,
    p: &str,
    sensitive: &str,
    readers: &[&str],
) -> Value {
    match kind {
        RecordKind::Organisation => {
            json!({"name": t("organisation"), "kind": "museum", "country": "SE", "visibility": v})
        }
        RecordKind::Partnership => json!({"title": {"en": t("partnership")}, "kind": "partnership",
            "areas": ["content_glam"], "level": "national", "visibility": v,
            "parties": [{"organisation": a, "role": "lead"}, {"organisation": p, "role": "partner"}],
            "value_exchange": [{"party": a, "gives": "time", "gets": "scans",
                "financial_terms": format!("secret-terms-{v}"), "financial_visibility": sensitive,
                "financial_readers": readers}]}),
        RecordKind::Need => json!({"title": {"en": t("need")}, "area": "content_glam",
            "movement_entity": a, "visibility": v}),
        RecordKind::Person => json!({"name": t("person"), "visibility": v,
            "memberships": [{"organisation": a, "role": "staff"}],
            "contact": {"email": format!("secret-{v}@example.org"), "visibility": sensitive,
                "readers": readers}}),
        RecordKind::GlossaryTerm => json!({"term": {"en": t("term")},
            "definition": {"en": "a word"}, "visibility": v}),
        RecordKind::RoutingRule => json!({"name": t("routing rule"), "area": "technology",
            "level": "national", "leads": ["foundation"], "visibility": v}),
        RecordKind::RedLine => json!({"name": t("red line"), "when": {"organisation": p},
            "then": "escalate", "message": "look first", "visibility": v}),
        RecordKind::ApprovalPolicy => json!({"name": t("approval policy"),
            "when": {"party": p}, "visibility": v}),
        RecordKind::AssessmentTemplate => json!({"name": t("assessment template"),
            "questions": [{"key": "values", "text": "Shared values?", "scale": "one_to_five",
                "weight": 3, "required": true}], "visibility": v}),
        RecordKind::Inquiry => concord_testapp::inquiry(&t("inquiry"), "NL"),
    }
}

/// The `id` of a created record.
pub fn id_of(body: &Value) -> String {
    body["id"].as_str().expect("an id").to_owned()
}

/// An organisation id from its text.
pub fn org_id(id: &str) -> OrganisationId {
    OrganisationId(id.parse().expect("a uuid"))
}
