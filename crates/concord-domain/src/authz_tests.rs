//! The authorisation matrix of issue #3 written out case by case: viewer × action × subject kind
//! × visibility × whether the steward's entity is a party → the expected [`Decision`]. The
//! expectations are literals, never derived from the rules, and a coverage test counts them so
//! that a new action, kind or visibility level needs new rows. Properties of [`Viewer::may`]
//! are proptests in `authz.rs` (`mod properties`).

use std::collections::HashMap;

use uuid::Uuid;

use super::*;
use crate::{AccountId, Role};
use Action::{
    Comment, Create, Decide, Delete, Edit, ExportRestricted, ManageAccounts, ManageVocabularies,
    Read, ReadAuditLog, Restore, Revert,
};

const A: Decision = Decision::Allow;
const N: Decision = Decision::NotFound;
const L: Decision = Decision::LogInRequired;
const F: Decision = Decision::Forbidden;

/// The entity stewarded by the "steward" viewers: a party in the "ours" columns.
fn ours() -> OrganisationId {
    OrganisationId(Uuid::from_u128(1))
}

/// The entity stewarded by the "steward of another entity": never a party.
fn theirs() -> OrganisationId {
    OrganisationId(Uuid::from_u128(2))
}

/// A party of every subject (a partner nobody here stewards).
fn stranger() -> OrganisationId {
    OrganisationId(Uuid::from_u128(3))
}

/// The kinds of viewer in the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Who {
    Visitor,
    /// Logged in, but every role was revoked.
    NoRoles,
    Member,
    Steward,
    OtherSteward,
    Approver,
    Admin,
    MemberRead,
    MemberWrite,
    StewardRead,
    StewardWrite,
    AdminRead,
    AdminWrite,
}

impl Who {
    const ALL: [Who; 13] = [
        Who::Visitor,
        Who::NoRoles,
        Who::Member,
        Who::Steward,
        Who::OtherSteward,
        Who::Approver,
        Who::Admin,
        Who::MemberRead,
        Who::MemberWrite,
        Who::StewardRead,
        Who::StewardWrite,
        Who::AdminRead,
        Who::AdminWrite,
    ];

    fn viewer(self) -> Viewer {
        let account = |roles: &[Role], scope: Scope| Viewer {
            account: Some(AccountId(Uuid::from_u128(9))),
            scope,
            ..Viewer::with_roles("someone", roles.iter().cloned())
        };
        let (member, steward, admin) = (Role::Member, Role::Steward(ours()), Role::Admin);
        match self {
            Who::Visitor => Viewer::anonymous(),
            Who::NoRoles => account(&[], Scope::Admin),
            Who::Member => account(&[member], Scope::Admin),
            Who::Steward => account(&[steward], Scope::Admin),
            Who::OtherSteward => account(&[Role::Steward(theirs())], Scope::Admin),
            Who::Approver => account(&[Role::Approver], Scope::Admin),
            Who::Admin => account(&[admin], Scope::Admin),
            Who::MemberRead => account(&[member], Scope::Read),
            Who::MemberWrite => account(&[member], Scope::Write),
            Who::StewardRead => account(&[steward], Scope::Read),
            Who::StewardWrite => account(&[steward], Scope::Write),
            Who::AdminRead => account(&[admin], Scope::Read),
            Who::AdminWrite => account(&[admin], Scope::Write),
        }
    }
}

const ANY: &[RecordKind] = &RecordKind::ALL;
const PROPOSAL: &[RecordKind] = &[RecordKind::Partnership, RecordKind::Need];
/// Created by stewards of a party and admins (an inquiry arrives through the front door,
/// outside this matrix, and its stewards edit it).
const REGISTRY: &[RecordKind] = &[
    RecordKind::Organisation,
    RecordKind::Person,
    RecordKind::GlossaryTerm,
    RecordKind::Inquiry,
];
/// The workflow's admin-defined rules: written by admins alone.
const RULES: &[RecordKind] = &[
    RecordKind::RoutingRule,
    RecordKind::RedLine,
    RecordKind::ApprovalPolicy,
    RecordKind::AssessmentTemplate,
];
const PARTNERSHIP: &[RecordKind] = &[RecordKind::Partnership];
/// Every kind but partnerships.
const NOT_PARTNERSHIP: &[RecordKind] = &[
    RecordKind::Organisation,
    RecordKind::Person,
    RecordKind::Need,
    RecordKind::GlossaryTerm,
    RecordKind::RoutingRule,
    RecordKind::RedLine,
    RecordKind::ApprovalPolicy,
    RecordKind::AssessmentTemplate,
    RecordKind::Inquiry,
];
/// Every kind but the rules.
const RECORDS: &[RecordKind] = &[
    RecordKind::Organisation,
    RecordKind::Person,
    RecordKind::Partnership,
    RecordKind::Need,
    RecordKind::GlossaryTerm,
    RecordKind::Inquiry,
];
const EDITS: &[Action] = &[Edit, Delete, Restore, Revert];
const ADMINISTRATION: &[Action] = &[
    ManageVocabularies,
    ManageAccounts,
    ReadAuditLog,
    ExportRestricted,
];

/// Actions × subject kinds → a decision per visibility (ours a party, ours not a party), then
/// the decision without a subject.
type Row = (
    &'static [Action],
    &'static [RecordKind],
    [Decision; 8],
    Decision,
);

#[rustfmt::skip]
const MATRIX: &[(Who, &[Row])] = &[
    //                           public  movement parties restricted  no subject
    //                           ours ⋅  ours ⋅   ours ⋅  ours ⋅
    (Who::Visitor, &[
        (&[Read],         ANY,      [A, A,  N, N,  N, N,  N, N],  A),
        (&[Create],       ANY,      [L, L,  N, N,  N, N,  N, N],  L),
        (EDITS,           ANY,      [L, L,  N, N,  N, N,  N, N],  L),
        (&[Comment],      ANY,      [L, L,  N, N,  N, N,  N, N],  L),
        (&[Decide],       ANY,      [L, L,  N, N,  N, N,  N, N],  L),
        (ADMINISTRATION,  ANY,      [L, L,  N, N,  N, N,  N, N],  L),
    ]),
    (Who::NoRoles, &[
        (&[Read],         ANY,      [A, A,  N, N,  N, N,  N, N],  A),
        (&[Create],       ANY,      [F, F,  N, N,  N, N,  N, N],  F),
        (EDITS,           ANY,      [F, F,  N, N,  N, N,  N, N],  F),
        (&[Comment],      ANY,      [F, F,  N, N,  N, N,  N, N],  F),
        (&[Decide],       ANY,      [F, F,  N, N,  N, N,  N, N],  F),
        (ADMINISTRATION,  ANY,      [F, F,  N, N,  N, N,  N, N],  F),
    ]),
    (Who::Member, &[
        (&[Read],         ANY,      [A, A,  A, A,  N, N,  N, N],  A),
        (&[Create],       PROPOSAL, [A, A,  A, A,  N, N,  N, N],  F),
        (&[Create],       REGISTRY, [F, F,  F, F,  N, N,  N, N],  F),
        (&[Create],       RULES,    [F, F,  F, F,  N, N,  N, N],  F),
        (EDITS,           ANY,      [F, F,  F, F,  N, N,  N, N],  F),
        (&[Comment],      ANY,      [A, A,  A, A,  N, N,  N, N],  A),
        (&[Decide],       ANY,      [F, F,  F, F,  N, N,  N, N],  F),
        (ADMINISTRATION,  ANY,      [F, F,  F, F,  N, N,  N, N],  F),
    ]),
    (Who::Steward, &[
        (&[Read],         ANY,      [A, A,  A, A,  A, N,  N, N],  A),
        (&[Create],       PROPOSAL, [A, A,  A, A,  A, N,  N, N],  F),
        (&[Create],       REGISTRY, [A, A,  A, A,  A, N,  N, N],  F),
        (&[Create],       RULES,    [F, F,  F, F,  F, N,  N, N],  F),
        (EDITS,           RECORDS,  [A, F,  A, F,  A, N,  N, N],  F),
        (EDITS,           RULES,    [F, F,  F, F,  F, N,  N, N],  F),
        (&[Comment],      ANY,      [A, A,  A, A,  A, N,  N, N],  A),
        (&[Decide],       ANY,      [F, F,  F, F,  F, N,  N, N],  F),
        (ADMINISTRATION,  ANY,      [F, F,  F, F,  F, N,  N, N],  F),
    ]),
    (Who::OtherSteward, &[
        (&[Read],         ANY,      [A, A,  A, A,  N, N,  N, N],  A),
        (&[Create],       PROPOSAL, [A, A,  A, A,  N, N,  N, N],  F),
        (&[Create],       REGISTRY, [A, A,  A, A,  N, N,  N, N],  F),
        (&[Create],       RULES,    [F, F,  F, F,  N, N,  N, N],  F),
        (EDITS,           ANY,      [F, F,  F, F,  N, N,  N, N],  F),
        (&[Comment],      ANY,      [A, A,  A, A,  N, N,  N, N],  A),
        (&[Decide],       ANY,      [F, F,  F, F,  N, N,  N, N],  F),
        (ADMINISTRATION,  ANY,      [F, F,  F, F,  N, N,  N, N],  F),
    ]),
    (Who::Approver, &[
        (&[Read],         ANY,      [A, A,  A, A,  N, N,  N, N],  A),
        (&[Create],       PROPOSAL, [A, A,  A, A,  N, N,  N, N],  F),
        (&[Create],       REGISTRY, [F, F,  F, F,  N, N,  N, N],  F),
        (&[Create],       RULES,    [F, F,  F, F,  N, N,  N, N],  F),
        (EDITS,           ANY,      [F, F,  F, F,  N, N,  N, N],  F),
        (&[Comment],      ANY,      [A, A,  A, A,  N, N,  N, N],  A),
        (&[Decide],       PARTNERSHIP, [A, A,  A, A,  N, N,  N, N],  F),
        (&[Decide],       NOT_PARTNERSHIP, [F, F,  F, F,  N, N,  N, N],  F),
        (ADMINISTRATION,  ANY,      [F, F,  F, F,  N, N,  N, N],  F),
    ]),
    (Who::Admin, &[
        (&[Read],         ANY,      [A, A,  A, A,  A, A,  A, A],  A),
        (&[Create],       ANY,      [A, A,  A, A,  A, A,  A, A],  A),
        (EDITS,           ANY,      [A, A,  A, A,  A, A,  A, A],  A),
        (&[Comment],      ANY,      [A, A,  A, A,  A, A,  A, A],  A),
        (&[Decide],       ANY,      [A, A,  A, A,  A, A,  A, A],  A),
        (ADMINISTRATION,  ANY,      [A, A,  A, A,  A, A,  A, A],  A),
    ]),
    (Who::MemberRead, &[
        (&[Read],         ANY,      [A, A,  A, A,  N, N,  N, N],  A),
        (&[Create],       ANY,      [F, F,  F, F,  N, N,  N, N],  F),
        (EDITS,           ANY,      [F, F,  F, F,  N, N,  N, N],  F),
        (&[Comment],      ANY,      [F, F,  F, F,  N, N,  N, N],  F),
        (&[Decide],       ANY,      [F, F,  F, F,  N, N,  N, N],  F),
        (ADMINISTRATION,  ANY,      [F, F,  F, F,  N, N,  N, N],  F),
    ]),
    (Who::MemberWrite, &[
        (&[Read],         ANY,      [A, A,  A, A,  N, N,  N, N],  A),
        (&[Create],       PROPOSAL, [A, A,  A, A,  N, N,  N, N],  F),
        (&[Create],       REGISTRY, [F, F,  F, F,  N, N,  N, N],  F),
        (&[Create],       RULES,    [F, F,  F, F,  N, N,  N, N],  F),
        (EDITS,           ANY,      [F, F,  F, F,  N, N,  N, N],  F),
        (&[Comment],      ANY,      [A, A,  A, A,  N, N,  N, N],  A),
        (&[Decide],       ANY,      [F, F,  F, F,  N, N,  N, N],  F),
        (ADMINISTRATION,  ANY,      [F, F,  F, F,  N, N,  N, N],  F),
    ]),
    (Who::StewardRead, &[
        (&[Read],         ANY,      [A, A,  A, A,  A, N,  N, N],  A),
        (&[Create],       ANY,      [F, F,  F, F,  F, N,  N, N],  F),
        (EDITS,           ANY,      [F, F,  F, F,  F, N,  N, N],  F),
        (&[Comment],      ANY,      [F, F,  F, F,  F, N,  N, N],  F),
        (&[Decide],       ANY,      [F, F,  F, F,  F, N,  N, N],  F),
        (ADMINISTRATION,  ANY,      [F, F,  F, F,  F, N,  N, N],  F),
    ]),
    (Who::StewardWrite, &[
        (&[Read],         ANY,      [A, A,  A, A,  A, N,  N, N],  A),
        (&[Create],       RECORDS,  [A, A,  A, A,  A, N,  N, N],  F),
        (&[Create],       RULES,    [F, F,  F, F,  F, N,  N, N],  F),
        (EDITS,           RECORDS,  [A, F,  A, F,  A, N,  N, N],  F),
        (EDITS,           RULES,    [F, F,  F, F,  F, N,  N, N],  F),
        (&[Comment],      ANY,      [A, A,  A, A,  A, N,  N, N],  A),
        (&[Decide],       ANY,      [F, F,  F, F,  F, N,  N, N],  F),
        (ADMINISTRATION,  ANY,      [F, F,  F, F,  F, N,  N, N],  F),
    ]),
    (Who::AdminRead, &[
        (&[Read],         ANY,      [A, A,  A, A,  A, A,  A, A],  A),
        (&[Create],       ANY,      [F, F,  F, F,  F, F,  F, F],  F),
        (EDITS,           ANY,      [F, F,  F, F,  F, F,  F, F],  F),
        (&[Comment],      ANY,      [F, F,  F, F,  F, F,  F, F],  F),
        (&[Decide],       ANY,      [F, F,  F, F,  F, F,  F, F],  F),
        (ADMINISTRATION,  ANY,      [F, F,  F, F,  F, F,  F, F],  F),
    ]),
    (Who::AdminWrite, &[
        (&[Read],         ANY,      [A, A,  A, A,  A, A,  A, A],  A),
        (&[Create],       ANY,      [A, A,  A, A,  A, A,  A, A],  A),
        (EDITS,           ANY,      [A, A,  A, A,  A, A,  A, A],  A),
        (&[Comment],      ANY,      [A, A,  A, A,  A, A,  A, A],  A),
        (&[Decide],       ANY,      [A, A,  A, A,  A, A,  A, A],  A),
        (ADMINISTRATION,  ANY,      [F, F,  F, F,  F, F,  F, F],  F),
    ]),
];

/// One case: who, doing what, to a subject of this kind and visibility where `ours()` is a
/// party or not (`None`: no subject).
type Key = (Who, Action, Option<(RecordKind, Visibility, bool)>);

/// The matrix, one entry per case. Panics on a case written twice with different answers.
fn cases() -> HashMap<Key, Decision> {
    let mut cases = HashMap::new();
    let mut put = |key: Key, decision: Decision| {
        let before = cases.insert(key, decision);
        assert!(
            before.is_none_or(|d| d == decision),
            "{key:?} is written twice"
        );
    };
    for (who, rows) in MATRIX {
        for (actions, kinds, cells, none) in *rows {
            for &action in *actions {
                put((*who, action, None), *none);
                for &kind in *kinds {
                    let columns = Visibility::ALL
                        .into_iter()
                        .flat_map(|v| [(v, true), (v, false)]);
                    for ((visibility, party), decision) in columns.zip(cells) {
                        put((*who, action, Some((kind, visibility, party))), *decision);
                    }
                }
            }
        }
    }
    cases
}

#[test]
fn the_matrix_covers_every_viewer_action_kind_visibility_and_party() {
    let cases = cases();
    let mut missing = Vec::new();
    for who in Who::ALL {
        for action in Action::ALL {
            let subjects = RecordKind::ALL.into_iter().flat_map(|kind| {
                Visibility::ALL
                    .into_iter()
                    .flat_map(move |v| [Some((kind, v, true)), Some((kind, v, false))])
            });
            for subject in std::iter::once(None).chain(subjects) {
                if !cases.contains_key(&(who, action, subject)) {
                    missing.push((who, action, subject));
                }
            }
        }
    }
    assert!(missing.is_empty(), "no row for {missing:?}");
    // 13 viewers × 12 actions × (9 kinds × 4 levels × party or not, plus no subject).
    assert_eq!(cases.len(), 13 * 12 * (10 * 4 * 2 + 1));
}

#[test]
fn every_viewer_gets_the_decision_the_matrix_writes_out() {
    let with_ours = [stranger(), ours()];
    let without_ours = [stranger()];
    let mut wrong: Vec<String> = cases()
        .into_iter()
        .filter_map(|((who, action, subject), expected)| {
            let subject = subject.map(|(kind, visibility, party)| Subject {
                kind,
                visibility,
                parties: if party { &with_ours } else { &without_ours },
                readers: &[],
            });
            let got = who.viewer().may(action, subject);
            (got != expected)
                .then(|| format!("{who:?} {action:?} {subject:?}: {got:?}, expected {expected:?}"))
        })
        .collect();
    wrong.sort();
    assert!(
        wrong.is_empty(),
        "{} cases differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn an_account_whose_roles_were_all_revoked_is_forbidden_not_asked_to_log_in() {
    let need = Subject {
        kind: RecordKind::Need,
        visibility: Visibility::Public,
        parties: &[],
        readers: &[],
    };
    assert_eq!(Who::NoRoles.viewer().may(Comment, Some(need)), F);
    assert_eq!(Who::Visitor.viewer().may(Comment, Some(need)), L);
}

#[test]
fn a_record_without_parties_is_edited_by_admins_only() {
    let term = Subject {
        kind: RecordKind::GlossaryTerm,
        visibility: Visibility::Public,
        parties: &[],
        readers: &[],
    };
    let editors: Vec<Who> = Who::ALL
        .into_iter()
        .filter(|who| who.viewer().may(Edit, Some(term)) == A)
        .collect();
    assert_eq!(editors, [Who::Admin, Who::AdminWrite]);
}

#[test]
fn a_named_reader_may_read_a_restricted_record_but_not_edit_it() {
    let named = AccountId(Uuid::from_u128(40));
    let reader = Viewer {
        account: Some(named),
        ..Viewer::with_roles("reader", [Role::Member])
    };
    let partnership = Subject {
        kind: RecordKind::Partnership,
        visibility: Visibility::Restricted,
        parties: &[],
        readers: &[named],
    };
    assert_eq!(reader.may(Read, Some(partnership)), A);
    assert_eq!(reader.may(Edit, Some(partnership)), F);
    let unnamed = Subject {
        readers: &[],
        ..partnership
    };
    assert_eq!(reader.may(Read, Some(unnamed)), N);
}
