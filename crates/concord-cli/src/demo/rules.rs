//! The demo's workflow rules, so that a newcomer sees the workflow decide: a red line (a
//! company at the global level needs a legal review) and an approval policy (the demo admin
//! approves, and may veto, partnerships at the global level). Each is created once: a rule of
//! the same name already there is left as it is.

use anyhow::Context;
use concord_domain::workflow::approval::Applies;
use concord_domain::workflow::red_line::{Condition, Consequence};
use concord_domain::{
    AccountId, ApprovalPolicy, ApprovalPolicyId, Record, RedLine, RedLineId, Viewer,
};
use concord_store::{Store, StoreExt, new_id};

/// The red line's name.
pub const RED_LINE: &str = "Companies at the global level need a legal review";
/// The approval policy's name.
pub const POLICY: &str = "Global partnerships: the demo admin approves";

/// Creates the demo's red line and approval policy (naming `approver`), unless there already;
/// returns how many it created.
pub async fn load_demo_rules(
    store: &dyn Store,
    who: &Viewer,
    approver: AccountId,
) -> anyhow::Result<usize> {
    let mut created = 0;
    if !has::<RedLine>(store, RED_LINE).await? {
        let when = Condition {
            organisation_kind: Some("company".into()),
            level: Some("global".into()),
            ..Condition::default()
        };
        let line = RedLine::new(
            RedLineId(new_id()),
            RED_LINE,
            when,
            Consequence::Escalate,
            "A partnership with a company at the global level is reviewed by the legal team \
             before approval is requested: ask an approver to clear it, with the review's \
             conclusion as the reason.",
        );
        store
            .create_record(who, &line, "demo: a red line")
            .await
            .context("while drawing the demo's red line")?;
        created += 1;
    }
    if !has::<ApprovalPolicy>(store, POLICY).await? {
        let when = Applies {
            level: Some("global".into()),
            ..Applies::default()
        };
        let mut policy = ApprovalPolicy::new(ApprovalPolicyId(new_id()), POLICY, when);
        policy.approvers = vec![approver];
        policy.veto_holders = vec![approver];
        store
            .create_record(who, &policy, "demo: an approval policy")
            .await
            .context("while writing the demo's approval policy")?;
        created += 1;
    }
    Ok(created)
}

/// Whether a record of kind `R` labelled `name` exists (not deleted).
async fn has<R: Record>(store: &dyn Store, name: &str) -> anyhow::Result<bool> {
    let system = Viewer::system("demo");
    let docs = store
        .list(&system, R::KIND, None, 500)
        .await
        .context("while reading the workflow's rules")?;
    Ok(docs
        .into_iter()
        .filter(|d| !d.deleted)
        .any(|d| d.body["name"].as_str() == Some(name)))
}
