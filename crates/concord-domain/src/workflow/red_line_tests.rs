//! Red lines: the example, named organisations, combinations, and properties over
//! random rules and partners.

use proptest::prelude::*;
use uuid::Uuid;

use super::RedLineOutcome;
use super::red_line::*;
use crate::partnership::Partnership;
use crate::text::Translatable;
use crate::{OrganisationId, PartnershipId};

const ACME: OrganisationId = OrganisationId(Uuid::from_u128(7));
const MUSEUM: OrganisationId = OrganisationId(Uuid::from_u128(8));

fn partnership(areas: &[&str], level: &str) -> Partnership {
    let mut p = Partnership::new(
        PartnershipId(Uuid::from_u128(1)),
        Translatable::one("en", "Sponsored edit-a-thon"),
        "partnership",
    );
    p.areas = areas.iter().map(|a| (*a).to_owned()).collect();
    p.level = Some(level.to_owned());
    p
}

fn rule(n: u128, when: Condition, then: Consequence) -> Rule {
    Rule {
        id: Uuid::from_u128(n),
        when,
        then,
    }
}

fn partners() -> Vec<Partner> {
    vec![
        Partner {
            id: ACME,
            kind: "company".into(),
        },
        Partner {
            id: MUSEUM,
            kind: "museum".into(),
        },
    ]
}

fn business_at_global_level() -> Rule {
    rule(
        1,
        Condition {
            organisation_kind: Some("company".into()),
            level: Some("global".into()),
            ..Condition::default()
        },
        Consequence::Escalate,
    )
}

#[test]
fn business_at_global_level_escalates_for_legal_review_and_not_elsewhere() {
    let rules = [business_at_global_level()];
    let global = check(&rules, &partnership(&["business"], "global"), &partners());
    assert_eq!(global.outcome, RedLineOutcome::Escalate);
    assert_eq!(global.fired.len(), 1);
    assert_eq!(global.fired[0].organisation, Some(ACME));
    assert_eq!(global.fired[0].rule, Uuid::from_u128(1));
    let national = check(&rules, &partnership(&["business"], "national"), &partners());
    assert_eq!(national.outcome, RedLineOutcome::Pass);
    assert!(national.fired.is_empty());
    let museums_only = check(
        &rules,
        &partnership(&["business"], "global"),
        &partners()[1..],
    );
    assert_eq!(museums_only.outcome, RedLineOutcome::Pass);
}

#[test]
fn a_named_organisation_blocks_and_blocks_come_first() {
    let block = rule(
        2,
        Condition {
            organisation: Some(ACME),
            ..Condition::default()
        },
        Consequence::Block,
    );
    let rules = [business_at_global_level(), block];
    let r = check(
        &rules,
        &partnership(&["content_glam"], "global"),
        &partners(),
    );
    assert_eq!(r.outcome, RedLineOutcome::Block);
    let order: Vec<Uuid> = r.fired.iter().map(|f| f.rule).collect();
    assert_eq!(order, [Uuid::from_u128(2), Uuid::from_u128(1)]);
}

#[test]
fn an_area_rule_fires_once_and_a_rule_without_conditions_never() {
    let policy = rule(
        3,
        Condition {
            area: Some("policy_advocacy".into()),
            ..Condition::default()
        },
        Consequence::Escalate,
    );
    let empty = rule(4, Condition::default(), Consequence::Block);
    let rules = [policy, empty];
    let r = check(
        &rules,
        &partnership(&["education", "policy_advocacy"], "national"),
        &partners(),
    );
    assert_eq!(r.outcome, RedLineOutcome::Escalate);
    assert_eq!(r.fired.len(), 1);
    assert_eq!(r.fired[0].organisation, None);
    let none = check(
        &rules,
        &partnership(&["education"], "national"),
        &partners(),
    );
    assert_eq!(none.outcome, RedLineOutcome::Pass);
}

#[test]
fn an_escalation_is_cleared_with_who_and_why_and_nothing_else_is() {
    let p = partnership(&["business"], "global");
    let escalated = check(&[business_at_global_level()], &p, &partners());
    let cleared = clear(Some(&escalated), "alice", "  legal review done  ").unwrap();
    assert_eq!(cleared.outcome, RedLineOutcome::Cleared);
    assert_eq!(cleared.fired, escalated.fired);
    let by = cleared.cleared.as_ref().unwrap();
    assert_eq!(
        (by.by.as_str(), by.reason.as_str()),
        ("alice", "legal review done")
    );
    assert_eq!(clear(None, "alice", "x"), Err(NotClearable::Unchecked));
    assert_eq!(
        clear(Some(&cleared), "alice", "x"),
        Err(NotClearable::NothingToClear)
    );
    let passed = check(&[], &p, &partners());
    assert_eq!(
        clear(Some(&passed), "alice", "x"),
        Err(NotClearable::NothingToClear)
    );
    let block = rule(
        2,
        Condition {
            organisation: Some(ACME),
            ..Condition::default()
        },
        Consequence::Block,
    );
    let blocked = check(&[block], &p, &partners());
    assert_eq!(
        clear(Some(&blocked), "alice", "x"),
        Err(NotClearable::Blocked)
    );
}

#[test]
fn a_clearance_holds_while_the_same_rules_fire_on_the_same_partners() {
    let p = partnership(&["business"], "global");
    let rules = [business_at_global_level()];
    let cleared = clear(Some(&check(&rules, &p, &partners())), "alice", "ok").unwrap();
    // The same partners again (in another order): still cleared.
    let mut reordered = partners();
    reordered.reverse();
    assert_eq!(
        rerun(Some(&cleared), check(&rules, &p, &reordered)),
        cleared
    );
    // Another company joins: what was reviewed changed, so it escalates again.
    let mut more = partners();
    more.push(Partner {
        id: OrganisationId(Uuid::from_u128(9)),
        kind: "company".into(),
    });
    let again = rerun(Some(&cleared), check(&rules, &p, &more));
    assert_eq!(again.outcome, RedLineOutcome::Escalate);
    assert_eq!(again.cleared, None);
    // The company leaves: it passes.
    let gone = rerun(Some(&cleared), check(&rules, &p, &partners()[1..]));
    assert_eq!(gone.outcome, RedLineOutcome::Pass);
    // Nothing was cleared before: the new check as it is.
    let fresh = check(&rules, &p, &partners());
    assert_eq!(rerun(None, fresh.clone()), fresh);
}

#[test]
fn only_a_change_of_parties_areas_or_level_of_a_checked_partnership_runs_it_again() {
    use crate::partnership::Party;
    let mut before = partnership(&["business", "education"], "global");
    before.parties = vec![
        Party {
            organisation: ACME,
            role: "partner".into(),
        },
        Party {
            organisation: MUSEUM,
            role: "lead".into(),
        },
    ];
    let mut after = before.clone();
    after.parties.reverse();
    after.areas.reverse();
    after.summary = Translatable::one("en", "Changed");
    assert!(!affected(&before, &after), "never checked");
    before.red_lines = Some(check(&[], &before, &[]));
    after.red_lines = before.red_lines.clone();
    assert!(!affected(&before, &after), "same parties, areas and level");
    let mut level = after.clone();
    level.level = Some("national".into());
    assert!(affected(&before, &level));
    let mut area = after.clone();
    area.areas.pop();
    assert!(affected(&before, &area));
    let mut party = after.clone();
    party.parties.pop();
    assert!(affected(&before, &party));
}

fn any_rule() -> impl Strategy<Value = Rule> {
    let kind = prop::option::of(prop::sample::select(vec!["company", "museum", "media"]));
    let org = prop::option::of(prop::sample::select(vec![ACME, MUSEUM]));
    let area = prop::option::of(prop::sample::select(vec!["business", "education"]));
    let level = prop::option::of(prop::sample::select(vec!["global", "national"]));
    let then = prop::sample::select(vec![Consequence::Escalate, Consequence::Block]);
    (0u128..100, kind, org, area, level, then).prop_map(|(n, kind, org, area, level, then)| {
        let when = Condition {
            organisation_kind: kind.map(str::to_owned),
            organisation: org,
            area: area.map(str::to_owned),
            level: level.map(str::to_owned),
        };
        rule(n, when, then)
    })
}

proptest! {
    /// The outcome follows what fired, blocks come first, and a rule fires at most once per
    /// partner (once in all without organisation conditions).
    #[test]
    fn the_outcome_follows_what_fired(
        rules in prop::collection::vec(any_rule(), 0..6),
        area in prop::sample::select(vec!["business", "education"]),
        level in prop::sample::select(vec!["global", "national"]),
    ) {
        // One id per rule, so that a fired rule is found again by its id.
        let rules: Vec<Rule> = rules
            .into_iter()
            .enumerate()
            .map(|(i, r)| Rule { id: Uuid::from_u128(i as u128), ..r })
            .collect();
        let r = check(&rules, &partnership(&[area], level), &partners());
        let blocks = r.fired.iter().filter(|f| f.then == Consequence::Block).count();
        let expected = if blocks > 0 {
            RedLineOutcome::Block
        } else if r.fired.is_empty() {
            RedLineOutcome::Pass
        } else {
            RedLineOutcome::Escalate
        };
        prop_assert_eq!(r.outcome, expected);
        prop_assert!(r.fired[..blocks].iter().all(|f| f.then == Consequence::Block));
        prop_assert!(r.fired.len() <= rules.len() * partners().len());
        for f in &r.fired {
            let rule = rules.iter().find(|x| x.id == f.rule).unwrap();
            prop_assert!(!rule.when.is_empty());
        }
    }
}
