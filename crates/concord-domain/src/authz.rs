//! Who may do what: the authorisation matrix of DESIGN.md ("Who uses it") as one function,
//! [`Viewer::may`]: role × action × the record's visibility × whether the viewer stewards a
//! party.
//!
//! Visibility comes first and is decided by [`Viewer::can_see`] alone: for a record the viewer
//! may not see, every action is [`Decision::NotFound`], so no answer confirms that it exists.
//! Handlers ask this function; none of them restates a rule.

use crate::record::RecordKind;
use crate::{AccountId, OrganisationId, Role, Scope, Viewer, Visibility};

/// Something a viewer may try to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read a record (or a list, a search, an export of what one may see).
    Read,
    /// Create a record (a member's creation of a need or partnership is a proposal).
    Create,
    /// Change a record.
    Edit,
    /// Delete a record (reversible).
    Delete,
    /// Bring a deleted record back.
    Restore,
    /// Make an earlier revision the current one.
    Revert,
    /// Take part in a discussion.
    Comment,
    /// Decide in a partnership's workflow: clear a red-line escalation. Approvers and admins.
    Decide,
    /// Add vocabulary terms.
    ManageVocabularies,
    /// Create, disable and enable accounts; grant and revoke roles; invite.
    ManageAccounts,
    /// Read the audit log.
    ReadAuditLog,
    /// Export records above `public` with their sensitive fields.
    ExportRestricted,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 12] = [
        Action::Read,
        Action::Create,
        Action::Edit,
        Action::Delete,
        Action::Restore,
        Action::Revert,
        Action::Comment,
        Action::Decide,
        Action::ManageVocabularies,
        Action::ManageAccounts,
        Action::ReadAuditLog,
        Action::ExportRestricted,
    ];

    /// The narrowest token scope that allows it.
    pub fn scope(self) -> Scope {
        match self {
            Action::Read => Scope::Read,
            Action::Create
            | Action::Edit
            | Action::Delete
            | Action::Restore
            | Action::Revert
            | Action::Comment
            | Action::Decide => Scope::Write,
            Action::ManageVocabularies
            | Action::ManageAccounts
            | Action::ReadAuditLog
            | Action::ExportRestricted => Scope::Admin,
        }
    }
}

/// The record an action is about: its kind, visibility and parties (for a create, those of the
/// record to be created).
#[derive(Clone, Copy, Debug)]
pub struct Subject<'a> {
    /// Its kind.
    pub kind: RecordKind,
    /// Who may see it.
    pub visibility: Visibility,
    /// The organisations whose stewards count as its parties.
    pub parties: &'a [OrganisationId],
    /// The accounts that may see it at `restricted`: being named gives read, never edit.
    pub readers: &'a [AccountId],
}

/// The answer, and the HTTP status it becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead.
    Allow,
    /// The record does not exist for this viewer (404): never a 403 that confirms it does.
    NotFound,
    /// A visitor must log in first (401).
    LogInRequired,
    /// Logged in, but neither the roles nor the token's scope allow it (403).
    Forbidden,
}

impl Viewer {
    /// May this viewer do `action` on `subject` (`None` for actions on no record, such as
    /// managing accounts)?
    ///
    /// The rules, in order:
    /// 1. A subject the viewer may not see is [`Decision::NotFound`].
    /// 2. Reading what one may see is allowed to everyone.
    /// 3. Any other action needs a role: a visitor gets [`Decision::LogInRequired`], and an
    ///    account whose roles were all revoked gets [`Decision::Forbidden`] (logging in again
    ///    would not help it).
    /// 4. A token whose scope is narrower than the action's gets [`Decision::Forbidden`].
    /// 5. Admins may do everything. Otherwise: records of an admin-only kind (the workflow's
    ///    rules, such as routing rules) are written by admins alone; creating a need or
    ///    partnership (a proposal) and commenting need membership; creating an organisation,
    ///    person or glossary term needs a steward; editing, deleting, restoring and reverting
    ///    need a steward of one of the subject's parties; deciding in a partnership's workflow
    ///    needs an approver; the administrative actions need an admin.
    pub fn may(&self, action: Action, subject: Option<Subject<'_>>) -> Decision {
        if let Some(s) = subject
            && !self.can_see(s.visibility, s.parties, s.readers)
        {
            return Decision::NotFound;
        }
        if action == Action::Read {
            return Decision::Allow;
        }
        if !self.is_member() {
            return if self.account.is_some() {
                Decision::Forbidden
            } else {
                Decision::LogInRequired
            };
        }
        if self.scope < action.scope() {
            return Decision::Forbidden;
        }
        if self.is_admin() || self.role_allows(action, subject) {
            Decision::Allow
        } else {
            Decision::Forbidden
        }
    }

    /// [`Viewer::may`] about `record` as it is (its kind, visibility, parties and readers).
    pub fn may_on<R: crate::Record>(&self, action: Action, record: &R) -> Decision {
        let parties = record.parties();
        let readers = record.readers();
        self.may(
            action,
            Some(Subject {
                kind: R::KIND,
                visibility: record.visibility(),
                parties: &parties,
                readers: &readers,
            }),
        )
    }

    /// Rule 5 for a member who is not an admin.
    fn role_allows(&self, action: Action, subject: Option<Subject<'_>>) -> bool {
        if action != Action::Comment && subject.is_some_and(|s| s.kind.admin_only()) {
            return false;
        }
        let steward = self.stewarded().next().is_some();
        match action {
            Action::Read | Action::Comment => true,
            Action::Create => subject.is_some_and(|s| s.kind.members_propose() || steward),
            Action::Edit | Action::Delete | Action::Restore | Action::Revert => {
                subject.is_some_and(|s| self.stewards_any(s.parties))
            }
            Action::Decide => {
                self.roles.contains(&Role::Approver)
                    && subject.is_some_and(|s| s.kind == RecordKind::Partnership)
            }
            Action::ManageVocabularies
            | Action::ManageAccounts
            | Action::ReadAuditLog
            | Action::ExportRestricted => false,
        }
    }
}

#[cfg(test)]
#[path = "authz_tests.rs"]
mod tests;

/// Invariants of [`Viewer::may`] over random viewers and subjects; each case checks every
/// action, with the subject and without one.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;
    use proptest::sample::select;
    use uuid::Uuid;

    use super::*;
    use crate::{AccountId, Role};

    fn entity() -> impl Strategy<Value = OrganisationId> {
        (0u128..4).prop_map(|n| OrganisationId(Uuid::from_u128(n)))
    }

    fn role() -> impl Strategy<Value = Role> {
        prop_oneof![
            Just(Role::Member),
            Just(Role::Approver),
            Just(Role::Admin),
            entity().prop_map(Role::Steward),
        ]
    }

    /// Every role a viewer of [`viewer`] may hold.
    fn every_role() -> Vec<Role> {
        let stewards = (0u128..4).map(|n| Role::Steward(OrganisationId(Uuid::from_u128(n))));
        [Role::Member, Role::Approver, Role::Admin]
            .into_iter()
            .chain(stewards)
            .collect()
    }

    /// Visitors, accounts with any roles (none included), and tokens of any scope.
    fn viewer() -> impl Strategy<Value = Viewer> {
        let roles = proptest::collection::btree_set(role(), 0..4);
        (roles, select(Scope::ALL.to_vec()), any::<bool>()).prop_map(|(roles, scope, account)| {
            Viewer {
                name: Some("someone".into()),
                roles,
                account: account.then_some(AccountId(Uuid::from_u128(9))),
                scope,
            }
        })
    }

    /// A subject's kind, visibility, parties and readers.
    type OwnedSubject = (RecordKind, Visibility, Vec<OrganisationId>, Vec<AccountId>);

    fn subject() -> impl Strategy<Value = OwnedSubject> {
        let named = |n| vec![AccountId(Uuid::from_u128(n))];
        (
            select(RecordKind::ALL.to_vec()),
            select(Visibility::ALL.to_vec()),
            proptest::collection::vec(entity(), 0..3),
            select(vec![Vec::new(), named(9), named(10)]),
        )
    }

    /// Every action, on no subject and on `s`.
    fn attempts(s: &OwnedSubject) -> impl Iterator<Item = (Action, Option<Subject<'_>>)> {
        let (kind, visibility, parties, readers) = s;
        let subject = Subject {
            kind: *kind,
            visibility: *visibility,
            parties,
            readers,
        };
        Action::ALL
            .into_iter()
            .flat_map(move |a| [(a, None), (a, Some(subject))])
    }

    proptest! {
        #[test]
        fn a_subject_is_not_found_exactly_when_the_viewer_cannot_see_it(
            v in viewer(), s in subject()
        ) {
            for (a, subject) in attempts(&s) {
                let hidden = subject.is_some_and(|s| !v.can_see(s.visibility, s.parties, s.readers));
                prop_assert_eq!(v.may(a, subject) == Decision::NotFound, hidden, "{:?}", a);
            }
        }

        #[test]
        fn read_is_allowed_exactly_when_the_viewer_can_see(v in viewer(), s in subject()) {
            let (kind, visibility, parties, readers) = &s;
            let subject = Subject { kind: *kind, visibility: *visibility, parties, readers };
            let allowed = v.may(Action::Read, Some(subject)) == Decision::Allow;
            prop_assert_eq!(allowed, v.can_see(*visibility, parties, readers));
            prop_assert_eq!(v.may(Action::Read, None), Decision::Allow);
        }

        #[test]
        fn narrowing_the_scope_never_allows_more(v in viewer(), s in subject()) {
            for (a, subject) in attempts(&s) {
                for narrower in Scope::ALL.into_iter().filter(|n| *n <= v.scope) {
                    let narrowed = Viewer { scope: narrower, ..v.clone() };
                    if narrowed.may(a, subject) == Decision::Allow {
                        prop_assert_eq!(v.may(a, subject), Decision::Allow, "{:?} {:?}", a, narrower);
                    }
                }
            }
        }

        #[test]
        fn adding_a_role_never_takes_an_allow_away(v in viewer(), s in subject()) {
            for extra in every_role() {
                let mut more = v.clone();
                more.roles.insert(extra.clone());
                for (a, subject) in attempts(&s) {
                    if v.may(a, subject) == Decision::Allow {
                        prop_assert_eq!(more.may(a, subject), Decision::Allow, "{:?} +{}", a, extra);
                    }
                }
            }
        }

        #[test]
        fn no_token_does_more_than_its_scope(v in viewer(), s in subject()) {
            for (a, subject) in attempts(&s).filter(|(a, _)| a.scope() > v.scope) {
                prop_assert_ne!(v.may(a, subject), Decision::Allow, "{:?}", a);
            }
        }

        #[test]
        fn only_a_visitor_is_asked_to_log_in(v in viewer(), s in subject()) {
            let visitor = v.roles.is_empty() && v.account.is_none();
            for (a, subject) in attempts(&s) {
                if v.may(a, subject) == Decision::LogInRequired {
                    prop_assert!(visitor, "{:?}", a);
                }
            }
        }

        #[test]
        fn a_token_of_the_widest_scope_for_its_roles_may_do_what_a_session_may(
            v in viewer(), s in subject()
        ) {
            let session = Viewer { scope: Scope::Admin, ..v.clone() };
            let token = Viewer { scope: Scope::widest_for(&v.roles), ..v };
            for (a, subject) in attempts(&s) {
                prop_assert_eq!(token.may(a, subject), session.may(a, subject), "{:?}", a);
            }
        }
    }
}
