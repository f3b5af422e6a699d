//! The status machine as a table: every status × every transition × every guard, and
//! properties over random partnerships and facts.

use chrono::NaiveDate;
use proptest::prelude::*;
use uuid::Uuid;

use super::*;
use crate::partnership::{Obligation, Partnership, PartnershipStatus, Party};
use crate::text::Translatable;
use crate::{OrganisationId, PartnershipId};

const ENTITY: OrganisationId = OrganisationId(Uuid::from_u128(1));
const PARTNER: OrganisationId = OrganisationId(Uuid::from_u128(2));

/// A partnership in `status` and facts that meet every guard.
fn ready(status: PartnershipStatus) -> (Partnership, Facts) {
    let mut p = Partnership::new(
        PartnershipId(Uuid::from_u128(10)),
        Translatable::one("en", "Open collections"),
        "partnership",
    );
    p.status = status;
    p.parties = vec![
        Party {
            organisation: ENTITY,
            role: "lead".into(),
        },
        Party {
            organisation: PARTNER,
            role: "partner".into(),
        },
    ];
    p.instrument = Some("mou".into());
    p.obligations = vec![Obligation {
        party: PARTNER,
        description: "Deliver the scans".into(),
        due: NaiveDate::from_ymd_opt(2027, 6, 30),
        met: None,
    }];
    let facts = Facts {
        movement_entities: vec![ENTITY],
        red_lines: RedLineOutcome::Pass,
        assessment_complete: true,
        approvals_missing: 0,
        vetoes: 0,
        evaluated: true,
    };
    (p, facts)
}

/// Breaks exactly `guard` (and no other) in a ready partnership and its facts.
fn break_guard(guard: Guard, p: &mut Partnership, facts: &mut Facts) {
    match guard {
        Guard::LeadEntity => facts.movement_entities.clear(),
        Guard::Partner => facts.movement_entities.push(PARTNER),
        Guard::Assessment => facts.assessment_complete = false,
        Guard::RedLines => facts.red_lines = RedLineOutcome::Escalate,
        Guard::Approvals => facts.approvals_missing = 1,
        Guard::NoVeto => facts.vetoes = 1,
        Guard::Instrument => p.instrument = None,
        Guard::Obligations => p.obligations[0].due = None,
        Guard::Evaluation => facts.evaluated = false,
    }
}

const GUARDS: [Guard; 9] = [
    Guard::LeadEntity,
    Guard::Partner,
    Guard::Assessment,
    Guard::RedLines,
    Guard::Approvals,
    Guard::NoVeto,
    Guard::Instrument,
    Guard::Obligations,
    Guard::Evaluation,
];

#[test]
fn every_status_takes_exactly_its_own_transitions() {
    for status in PartnershipStatus::ALL {
        for t in Transition::ALL {
            let (p, facts) = ready(status);
            let (from, to) = t.edge();
            let result = check(&p, t, &facts);
            if from == status {
                assert_eq!(result, Ok(to), "{status:?} {t:?}");
            } else {
                assert_eq!(result, Err(Blocked::NotFrom(status)), "{status:?} {t:?}");
            }
        }
    }
}

#[test]
fn each_guard_blocks_its_transitions_alone_and_no_other() {
    for t in Transition::ALL {
        let (from, _) = t.edge();
        for guard in GUARDS {
            let (mut p, mut facts) = ready(from);
            break_guard(guard, &mut p, &mut facts);
            let result = check(&p, t, &facts);
            if Guard::of(t).contains(&guard) {
                assert_eq!(result, Err(Blocked::Unmet(vec![guard])), "{t:?} {guard:?}");
            } else {
                assert_eq!(result, Ok(t.edge().1), "{t:?} is blocked by {guard:?}");
            }
        }
    }
}

#[test]
fn a_refusal_names_every_unmet_guard_in_order() {
    let (mut p, mut facts) = ready(PartnershipStatus::Idea);
    p.parties.clear();
    facts.movement_entities.clear();
    assert_eq!(
        check(&p, Transition::Propose, &facts),
        Err(Blocked::Unmet(vec![Guard::LeadEntity, Guard::Partner]))
    );
}

#[test]
fn the_machine_is_the_designs_and_its_ends_are_final() {
    use PartnershipStatus as S;
    let edges: Vec<(S, S)> = Transition::ALL.iter().map(|t| t.edge()).collect();
    assert_eq!(
        edges,
        [
            (S::Idea, S::Proposed),
            (S::Proposed, S::Assessing),
            (S::Assessing, S::AwaitingApproval),
            (S::AwaitingApproval, S::Approved),
            (S::AwaitingApproval, S::Declined),
            (S::Approved, S::Active),
            (S::Active, S::Reviewing),
            (S::Reviewing, S::Concluded),
            (S::Reviewing, S::Terminated),
        ]
    );
    for end in [S::Declined, S::Concluded, S::Terminated] {
        assert_eq!(Transition::leaving(end).count(), 0, "{end:?} is an end");
    }
}

fn any_facts() -> impl Strategy<Value = Facts> {
    (
        prop::collection::vec(prop::sample::select(vec![ENTITY, PARTNER]), 0..3),
        prop::sample::select(vec![
            RedLineOutcome::Unchecked,
            RedLineOutcome::Pass,
            RedLineOutcome::Escalate,
            RedLineOutcome::Cleared,
            RedLineOutcome::Block,
        ]),
        any::<bool>(),
        0usize..3,
        0usize..3,
        any::<bool>(),
    )
        .prop_map(
            |(
                movement_entities,
                red_lines,
                assessment_complete,
                approvals_missing,
                vetoes,
                evaluated,
            )| {
                Facts {
                    movement_entities,
                    red_lines,
                    assessment_complete,
                    approvals_missing,
                    vetoes,
                    evaluated,
                }
            },
        )
}

proptest! {
    /// A transition is taken exactly when it leaves the status and every guard of it holds;
    /// the next steps offered are the transitions leaving the status, with what `check` says.
    #[test]
    fn check_agrees_with_its_guards_and_the_next_steps(
        status in prop::sample::select(PartnershipStatus::ALL.to_vec()),
        facts in any_facts(),
        lead_is_lead in any::<bool>(),
        instrument in any::<bool>(),
        due in any::<bool>(),
    ) {
        let (mut p, _) = ready(status);
        if !lead_is_lead {
            p.parties[0].role = "co_lead".into();
        }
        if !instrument {
            p.instrument = None;
        }
        if !due {
            p.obligations[0].due = None;
        }
        for t in Transition::ALL {
            let holds = Guard::of(t).iter().all(|g| g.met(&p, &facts));
            let taken = check(&p, t, &facts).is_ok();
            prop_assert_eq!(taken, t.edge().0 == status && holds);
        }
        for (t, unmet) in next_steps(&p, &facts) {
            prop_assert_eq!(t.edge().0, status);
            prop_assert_eq!(unmet.is_empty(), check(&p, t, &facts).is_ok());
        }
    }
}

#[test]
fn a_create_starts_as_an_idea_and_an_edit_keeps_the_status() {
    for status in PartnershipStatus::ALL {
        let (p, _) = ready(status);
        let created = check_status(None, &p);
        assert_eq!(
            created.is_ok(),
            status == PartnershipStatus::Idea,
            "{status:?}"
        );
        if let Err(e) = created {
            assert_eq!(e.0[0].field, "status");
        }
        for before in PartnershipStatus::ALL {
            let (old, _) = ready(before);
            let edited = check_status(Some(&old), &p);
            assert_eq!(edited.is_ok(), before == status, "{before:?} → {status:?}");
        }
    }
}

#[test]
fn neither_a_create_nor_an_edit_sets_the_red_line_check() {
    use super::red_line::{Checked, clear};
    let (idea, _) = ready(PartnershipStatus::Idea);
    let mut checked = idea.clone();
    checked.red_lines = Some(Checked {
        outcome: RedLineOutcome::Escalate,
        fired: Vec::new(),
        cleared: None,
    });
    let e = check_status(None, &checked).unwrap_err();
    assert_eq!(e.0[0].field, "red_lines");
    let e = check_status(Some(&idea), &checked).unwrap_err();
    assert_eq!(e.0[0].field, "red_lines");
    let mut cleared = checked.clone();
    cleared.red_lines = Some(clear(checked.red_lines.as_ref(), "bob", "fine").unwrap());
    let e = check_status(Some(&checked), &cleared).unwrap_err();
    assert_eq!(e.0[0].field, "red_lines");
    assert!(check_status(Some(&checked), &checked.clone()).is_ok());
}

#[test]
fn a_revert_keeps_the_status_and_red_line_check_of_today() {
    use super::red_line::Checked;
    use crate::Record;
    let (mut today, _) = ready(PartnershipStatus::Active);
    today.red_lines = Some(Checked {
        outcome: RedLineOutcome::Pass,
        fired: Vec::new(),
        cleared: None,
    });
    let (mut old, _) = ready(PartnershipStatus::Idea);
    old.summary = Translatable::one("en", "An older summary");
    old.keep_workflow(&today);
    assert_eq!(old.status, PartnershipStatus::Active);
    assert_eq!(old.red_lines, today.red_lines);
    assert_eq!(old.summary.get("en"), Some("An older summary"));
}

#[test]
fn a_renewal_is_a_new_idea_naming_the_old_one_with_the_same_parties() {
    let (old, _) = ready(PartnershipStatus::Concluded);
    let id = PartnershipId(Uuid::from_u128(11));
    let new = renewal(&old, id);
    assert_eq!(new.id, id);
    assert_eq!(new.renews, Some(old.id));
    assert_eq!(new.status, PartnershipStatus::Idea);
    assert_eq!(new.parties, old.parties);
    assert_eq!(new.title, old.title);
    assert!(new.obligations.is_empty() && new.start_date.is_none());
    let renewable: Vec<_> = PartnershipStatus::ALL
        .into_iter()
        .filter(|s| renewable(*s))
        .collect();
    use PartnershipStatus as S;
    assert_eq!(
        renewable,
        [S::Active, S::Reviewing, S::Concluded, S::Terminated]
    );
}

#[test]
fn refusals_say_what_to_do_in_words() {
    let (p, facts) = ready(PartnershipStatus::Proposed);
    let not_from = check(&p, Transition::Approve, &facts).unwrap_err();
    assert_eq!(
        not_from.describe(Transition::Approve),
        "`approve` leads from `awaiting_approval`; this partnership is `proposed`"
    );
    let unmet = Blocked::Unmet(vec![Guard::LeadEntity, Guard::Partner]);
    let text = unmet.describe(Transition::Propose);
    assert!(
        text.starts_with("`propose` needs: name a movement entity"),
        "{text}"
    );
    for g in GUARDS {
        assert!(!g.what_to_do().is_empty());
    }
    for t in Transition::ALL {
        assert_eq!(Transition::parse(t.as_str()), Some(t));
    }
    assert_eq!(Transition::parse("activate!"), None);
}
