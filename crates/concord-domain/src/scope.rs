//! The scope an API token carries: what it may do at most, whatever its account's roles allow.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::role::Role;

/// What an API token may do, whatever its account's roles allow: `read` only reads, `write`
/// also writes records, `admin` also administers. A token's scope never exceeds what its
/// account may hold ([`Scope::widest_for`]).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Reads only.
    Read,
    /// Reads and writes records.
    Write,
    /// Everything the account's roles allow, administration included.
    #[default]
    Admin,
}

impl Scope {
    /// Every scope, narrowest first.
    pub const ALL: [Scope; 3] = [Scope::Read, Scope::Write, Scope::Admin];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Admin => "admin",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The widest scope a token of an account with `roles` may carry: `admin` for an admin,
    /// `write` for any other account with a role, `read` for one without.
    pub fn widest_for(roles: &BTreeSet<Role>) -> Scope {
        if roles.contains(&Role::Admin) {
            Scope::Admin
        } else if roles.is_empty() {
            Scope::Read
        } else {
            Scope::Write
        }
    }
}
