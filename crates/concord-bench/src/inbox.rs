//! The inbox's load (issue #13, item 7): an approver with partnerships waiting for them (some
//! awaiting their approval, some with a red-line escalation they may clear) beside the bench's
//! active ones, and a logged-in session of theirs, so that `/inbox` is measured as that person
//! opens it.

use anyhow::Context;
use axum::http::HeaderMap;
use chrono::Utc;
use concord_domain::revision::RevisionAction;
use concord_domain::text::Translatable;
use concord_domain::workflow::RedLineOutcome;
use concord_domain::workflow::approval::Approval;
use concord_domain::workflow::red_line::Checked;
use concord_domain::{Partnership, PartnershipId, PartnershipStatus, Role, Viewer};
use concord_http::auth::AuthConfig;
use concord_http::auth::session;
use concord_search::SearchIndex;
use concord_store::{AuditEvent, AuditKind, Document, Edit, NewAccount, Store, new_id};

/// How many partnerships of each kind wait for the approver: 200 awaiting their approval,
/// 200 with an escalation (a movement with a few hundred partnerships in flight at once).
pub const EACH: usize = 200;

/// What the inbox's scenario needs: the session's `Cookie` header, and a text its page must
/// show ("Inbox (400)" in the header).
pub struct InboxLoad {
    /// `concord_session=…`.
    pub cookie: String,
    /// The header's count as the page shows it.
    pub expect: String,
}

/// Writes the approver, their waiting partnerships and a session into `store`, and brings
/// `index` up to date.
pub async fn prepare(store: &dyn Store, index: &SearchIndex) -> anyhow::Result<InboxLoad> {
    let account = store
        .create_account(
            NewAccount {
                id: new_id().into(),
                username: "bench-approver".into(),
                display_name: "Bench approver".into(),
                email: None,
                password_hash: None,
                roles: [Role::Member, Role::Approver].into_iter().collect(),
                wikimedia_id: None,
                created_at: Utc::now(),
            },
            AuditEvent::new(AuditKind::AccountCreated, Some("bench")),
        )
        .await
        .context("while creating the bench's approver")?;
    let who = Viewer::system("bench");
    let mut edits = Vec::with_capacity(2 * EACH);
    for i in 0..EACH {
        let title = |what: &str| Translatable::one("en", &format!("{what} {i}"));
        let mut awaiting = Partnership::new(
            PartnershipId(new_id()),
            title("Awaiting approval"),
            "partnership",
        );
        awaiting.status = PartnershipStatus::AwaitingApproval;
        awaiting.approval = Some(Approval {
            approvers: vec![account.id],
            ..Approval::default()
        });
        let mut escalated =
            Partnership::new(PartnershipId(new_id()), title("Escalated"), "partnership");
        escalated.status = PartnershipStatus::Assessing;
        escalated.red_lines = Some(Checked {
            outcome: RedLineOutcome::Escalate,
            fired: Vec::new(),
            cleared: None,
        });
        for p in [awaiting, escalated] {
            edits.push(Edit {
                who: who.clone(),
                document: Document::from_record(&p)?,
                base: None,
                action: RevisionAction::Create,
                summary: "bench: a partnership in flight".into(),
            });
        }
    }
    store
        .save_batch(edits)
        .await
        .context("while writing the partnerships in flight")?;
    concord_search::catch_up(index, store, &|_, _| {})
        .await
        .context("while indexing the partnerships in flight")?;
    let started = session::start(store, &AuthConfig::default(), &HeaderMap::new(), account.id)
        .await
        .map_err(|e| anyhow::anyhow!("while starting the approver's session: {e}"))?;
    let set_cookie = started
        .set_cookie
        .to_str()
        .context("while reading the session cookie")?;
    let cookie = set_cookie.split(';').next().unwrap_or_default().to_owned();
    Ok(InboxLoad {
        cookie,
        expect: format!("Inbox ({})", 2 * EACH),
    })
}
