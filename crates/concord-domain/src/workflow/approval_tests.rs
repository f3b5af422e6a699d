//! Approvals: which policies apply, who may decide what, the standing decision of each account,
//! and a veto withdrawn with the old decision kept.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use uuid::Uuid;

use super::approval::*;
use crate::partnership::{Partnership, Party};
use crate::text::Translatable;
use crate::{AccountId, OrganisationId, PartnershipId};

const CHAPTER: OrganisationId = OrganisationId(Uuid::from_u128(1));
const BOARD: AccountId = AccountId(Uuid::from_u128(10));
const LEGAL: AccountId = AccountId(Uuid::from_u128(11));
const TREASURER: AccountId = AccountId(Uuid::from_u128(12));

fn partnership(level: &str) -> Partnership {
    let mut p = Partnership::new(
        PartnershipId(Uuid::from_u128(2)),
        Translatable::one("en", "Open collections"),
        "partnership",
    );
    p.areas = vec!["content_glam".into()];
    p.level = Some(level.into());
    p.parties = vec![Party {
        organisation: CHAPTER,
        role: "lead".into(),
    }];
    p
}

fn policy(n: u128, when: Applies, approvers: &[AccountId], vetoes: &[AccountId]) -> Policy {
    Policy {
        id: Uuid::from_u128(n),
        when,
        approvers: approvers.to_vec(),
        veto_holders: vetoes.to_vec(),
    }
}

fn at(second: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000 + second, 0).unwrap_or_default()
}

fn decision(by: AccountId, verdict: Verdict, rationale: &str, second: i64) -> DecisionEntry {
    DecisionEntry {
        by,
        name: format!("account {}", by.0.as_u128()),
        verdict,
        rationale: rationale.into(),
        at: at(second),
    }
}

#[test]
fn the_policies_that_apply_name_their_accounts_once_each() {
    let global = Applies {
        level: Some("global".into()),
        ..Applies::default()
    };
    let chapter = Applies {
        party: Some(CHAPTER),
        area: Some("content_glam".into()),
        ..Applies::default()
    };
    let other_kind = Applies {
        partnership_kind: Some("alliance".into()),
        ..Applies::default()
    };
    let policies = [
        policy(1, global, &[BOARD], &[LEGAL]),
        policy(2, chapter, &[BOARD, TREASURER], &[]),
        policy(3, other_kind, &[LEGAL], &[]),
        policy(4, Applies::default(), &[], &[LEGAL]),
    ];
    let a = Approval::requested(&policies, &partnership("global"));
    assert_eq!(
        a.policies,
        [Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(4)]
    );
    assert_eq!(a.approvers, [BOARD, TREASURER]);
    assert_eq!(a.veto_holders, [LEGAL]);
    assert!(a.decisions.is_empty());
    let national = Approval::requested(&policies, &partnership("national"));
    assert_eq!(national.approvers, [BOARD, TREASURER]);
    let none = Approval::requested(&[], &partnership("national"));
    assert!(none.missing().is_empty() && none.vetoes().is_empty());
}

#[test]
fn who_may_decide_what() {
    let mut a = Approval {
        approvers: vec![BOARD],
        veto_holders: vec![LEGAL],
        ..Approval::default()
    };
    let stranger = AccountId(Uuid::from_u128(99));
    assert_eq!(
        a.decide(decision(stranger, Verdict::Approve, "", 1)),
        Err(Refused::NotNamed)
    );
    assert_eq!(
        a.decide(decision(BOARD, Verdict::Veto, "no", 1)),
        Err(Refused::NotVetoHolder)
    );
    assert_eq!(
        a.decide(decision(LEGAL, Verdict::Veto, "   ", 1)),
        Err(Refused::NoRationale)
    );
    assert_eq!(
        a.decide(decision(LEGAL, Verdict::Withdraw, "", 1)),
        Err(Refused::NoVeto)
    );
    assert!(a.decisions.is_empty(), "refusals record nothing");
    assert_eq!(a.missing(), [BOARD]);
}

#[test]
fn a_veto_stands_until_its_holder_withdraws_it_and_nothing_is_forgotten() {
    let mut a = Approval {
        approvers: vec![BOARD, TREASURER],
        veto_holders: vec![LEGAL],
        ..Approval::default()
    };
    a.decide(decision(BOARD, Verdict::Approve, "", 1)).unwrap();
    a.decide(decision(LEGAL, Verdict::Veto, "  The sponsor's terms  ", 2))
        .unwrap();
    assert_eq!(a.missing(), [TREASURER]);
    assert_eq!(a.vetoes().len(), 1);
    assert_eq!(a.vetoes()[0].rationale, "The sponsor's terms");
    a.decide(decision(TREASURER, Verdict::Abstain, "", 3))
        .unwrap();
    assert_eq!(a.missing(), [TREASURER], "abstaining is not approving");
    a.decide(decision(TREASURER, Verdict::Approve, "", 4))
        .unwrap();
    assert!(a.missing().is_empty());
    a.decide(decision(LEGAL, Verdict::Withdraw, "Terms changed", 5))
        .unwrap();
    assert!(a.vetoes().is_empty());
    let verdicts: Vec<Verdict> = a.decisions.iter().map(|d| d.verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Approve,
            Verdict::Veto,
            Verdict::Abstain,
            Verdict::Approve,
            Verdict::Withdraw
        ],
        "every decision is kept, oldest first"
    );
    // An approver who changes their mind: the latest decision stands.
    a.decide(decision(BOARD, Verdict::Abstain, "", 6)).unwrap();
    assert_eq!(a.missing(), [BOARD]);
}

fn any_decision() -> impl Strategy<Value = (usize, Verdict, bool)> {
    (
        0usize..3,
        prop::sample::select(Verdict::ALL.to_vec()),
        any::<bool>(),
    )
}

proptest! {
    /// Whatever accounts try, what is recorded obeys the rules, and the standing vetoes and
    /// missing approvals follow each account's latest recorded decision.
    #[test]
    fn the_latest_recorded_decision_of_each_account_stands(
        tries in prop::collection::vec(any_decision(), 0..30),
    ) {
        let accounts = [BOARD, LEGAL, TREASURER];
        let mut a = Approval {
            approvers: vec![BOARD, TREASURER],
            veto_holders: vec![LEGAL, TREASURER],
            ..Approval::default()
        };
        for (i, (who, verdict, with_reason)) in tries.into_iter().enumerate() {
            let rationale = if with_reason { "because" } else { "" };
            let before = a.decisions.len();
            let entry = decision(accounts[who], verdict, rationale, i as i64);
            if a.decide(entry).is_ok() {
                prop_assert_eq!(a.decisions.len(), before + 1);
            } else {
                prop_assert_eq!(a.decisions.len(), before);
            }
        }
        for d in &a.decisions {
            if d.verdict == Verdict::Veto {
                prop_assert!(a.veto_holders.contains(&d.by) && !d.rationale.is_empty());
            }
        }
        for holder in &a.veto_holders {
            let last = a.decisions.iter().rev().find(|d| d.by == *holder);
            let vetoing = last.is_some_and(|d| d.verdict == Verdict::Veto);
            prop_assert_eq!(vetoing, a.vetoes().iter().any(|d| d.by == *holder));
        }
        for approver in &a.approvers {
            let last = a.decisions.iter().rev().find(|d| d.by == *approver);
            let approved = last.is_some_and(|d| d.verdict == Verdict::Approve);
            prop_assert_eq!(!approved, a.missing().contains(approver));
        }
    }
}
