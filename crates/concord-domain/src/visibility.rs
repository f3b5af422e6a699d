//! The one visibility rule of DESIGN.md ("Visibility — one rule, everywhere").
//!
//! Every record and every sensitive field carries a [`Visibility`]; [`Viewer::can_see`] is the
//! only place that decides whether a viewer may see it. Stores, the search index, exports and
//! pages all ask this function; none of them re-implements it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::role::Role;
use crate::{AccountId, OrganisationId, Scope};

/// Who may see a record or a field, from most to least open.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Everyone, including visitors without an account.
    #[default]
    Public,
    /// Members of the movement (any account).
    Movement,
    /// Stewards of the movement entities that are parties to the record.
    Parties,
    /// Named people and admins.
    Restricted,
}

impl Visibility {
    /// Every level, most open first.
    pub const ALL: [Visibility; 4] = [
        Visibility::Public,
        Visibility::Movement,
        Visibility::Parties,
        Visibility::Restricted,
    ];

    /// The wire name (`public`, `movement`, `parties`, `restricted`).
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Movement => "movement",
            Visibility::Parties => "parties",
            Visibility::Restricted => "restricted",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Who is asking. Every store read takes one, so visibility is decided below the HTTP layer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Viewer {
    /// A name for revisions and logs (`token:<name>`, `cli`, …); `None` for an anonymous visitor.
    pub name: Option<String>,
    /// The roles held; empty for a visitor.
    pub roles: BTreeSet<Role>,
    /// The account behind the request (a session or an account's token), if any.
    pub account: Option<AccountId>,
    /// What the request may do at most: a token's scope, `admin` (no cap) otherwise.
    pub scope: Scope,
}

impl Viewer {
    /// A visitor without an account: sees public records only.
    pub fn anonymous() -> Self {
        Self::default()
    }

    /// The operator at the command line, and the server's own background work: sees everything.
    pub fn system(name: &str) -> Self {
        Self {
            name: Some(name.to_owned()),
            roles: BTreeSet::from([Role::Admin]),
            ..Self::default()
        }
    }

    /// A named viewer with the given roles.
    pub fn with_roles(name: &str, roles: impl IntoIterator<Item = Role>) -> Self {
        Self {
            name: Some(name.to_owned()),
            roles: roles.into_iter().collect(),
            ..Self::default()
        }
    }

    /// Whether this viewer is an admin.
    pub fn is_admin(&self) -> bool {
        self.roles.contains(&Role::Admin)
    }

    /// Whether this viewer has an account or token at all (every role implies membership).
    pub fn is_member(&self) -> bool {
        !self.roles.is_empty()
    }

    /// The movement entities this viewer stewards.
    pub fn stewarded(&self) -> impl Iterator<Item = OrganisationId> + '_ {
        self.roles.iter().filter_map(|r| match r {
            Role::Steward(id) => Some(*id),
            _ => None,
        })
    }

    /// Whether this viewer stewards any of `parties`.
    pub fn stewards_any(&self, parties: &[OrganisationId]) -> bool {
        self.stewarded().any(|id| parties.contains(&id))
    }

    /// Whether this viewer's account is one of `readers`.
    pub fn is_named(&self, readers: &[AccountId]) -> bool {
        self.account.is_some_and(|a| readers.contains(&a))
    }

    /// The rule: may this viewer see something with `visibility` whose parties are `parties`
    /// and whose named readers (the accounts that may see it at `restricted`) are `readers`?
    pub fn can_see(
        &self,
        visibility: Visibility,
        parties: &[OrganisationId],
        readers: &[AccountId],
    ) -> bool {
        match visibility {
            Visibility::Public => true,
            Visibility::Movement => self.is_member(),
            Visibility::Parties => self.is_admin() || self.stewards_any(parties),
            Visibility::Restricted => self.is_admin() || self.is_named(readers),
        }
    }

    /// The levels this viewer sees on at least some record: the open levels, plus `parties` for
    /// a steward and `restricted` for a viewer with an account (who may be named). A store
    /// fetches only rows at these levels, then asks [`Viewer::can_see`] of each.
    pub fn reachable_levels(&self) -> Vec<Visibility> {
        let stewarded: Vec<OrganisationId> = self.stewarded().collect();
        let named: Vec<AccountId> = self.account.into_iter().collect();
        Visibility::ALL
            .into_iter()
            .filter(|v| self.can_see(*v, &stewarded, &named))
            .collect()
    }

    /// The levels this viewer sees regardless of parties and readers (for index and SQL
    /// filters).
    pub fn open_levels(&self) -> Vec<Visibility> {
        Visibility::ALL
            .into_iter()
            .filter(|v| self.can_see(*v, &[], &[]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn entity() -> OrganisationId {
        OrganisationId(Uuid::from_u128(7))
    }

    #[test]
    fn each_viewer_sees_exactly_its_levels() {
        let other = OrganisationId(Uuid::from_u128(8));
        let cases: [(Viewer, [bool; 4]); 5] = [
            (Viewer::anonymous(), [true, false, false, false]),
            (
                Viewer::with_roles("m", [Role::Member]),
                [true, true, false, false],
            ),
            (
                Viewer::with_roles("s", [Role::Steward(entity())]),
                [true, true, true, false],
            ),
            (
                Viewer::with_roles("o", [Role::Steward(other)]),
                [true, true, false, false],
            ),
            (Viewer::system("cli"), [true, true, true, true]),
        ];
        for (viewer, expected) in cases {
            let seen = Visibility::ALL.map(|v| viewer.can_see(v, &[entity()], &[]));
            assert_eq!(seen, expected, "{viewer:?}");
        }
    }

    #[test]
    fn restricted_is_for_named_accounts_and_admins() {
        let named = AccountId(Uuid::from_u128(21));
        let other = AccountId(Uuid::from_u128(22));
        let member = |account| Viewer {
            account: Some(account),
            ..Viewer::with_roles("m", [Role::Member])
        };
        let r = Visibility::Restricted;
        assert!(member(named).can_see(r, &[], &[other, named]));
        assert!(!member(other).can_see(r, &[], &[named]));
        assert!(!Viewer::with_roles("m", [Role::Member]).can_see(r, &[], &[named]));
        assert!(!Viewer::anonymous().can_see(r, &[], &[named]));
        assert!(Viewer::system("cli").can_see(r, &[], &[]));
        assert_eq!(
            member(named).reachable_levels(),
            vec![Visibility::Public, Visibility::Movement, r]
        );
        assert_eq!(
            member(named).open_levels(),
            vec![Visibility::Public, Visibility::Movement]
        );
    }

    #[test]
    fn roles_round_trip_through_text() {
        for role in [
            Role::Member,
            Role::Approver,
            Role::Admin,
            Role::Steward(entity()),
        ] {
            assert_eq!(role.to_string().parse::<Role>(), Ok(role));
        }
        assert!("steward:nope".parse::<Role>().is_err());
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn reachable_levels_add_parties_for_stewards_only() {
        use Visibility::*;
        let steward = Viewer::with_roles("s", [Role::Steward(entity())]);
        assert_eq!(steward.reachable_levels(), vec![Public, Movement, Parties]);
        assert_eq!(
            Viewer::with_roles("m", [Role::Member]).reachable_levels(),
            vec![Public, Movement]
        );
        assert_eq!(Viewer::anonymous().reachable_levels(), vec![Public]);
        assert_eq!(
            Viewer::system("cli").reachable_levels(),
            Visibility::ALL.to_vec()
        );
    }

    #[test]
    fn open_levels_never_include_party_only_records() {
        let steward = Viewer::with_roles("s", [Role::Steward(entity())]);
        assert_eq!(
            steward.open_levels(),
            vec![Visibility::Public, Visibility::Movement]
        );
    }
}
