//! The roles an account or API token holds (DESIGN.md, "Who uses it").

use serde::{Deserialize, Serialize};

use crate::OrganisationId;

/// A role that an account or API token holds (DESIGN.md, "Who uses it").
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "role", content = "entity", rename_all = "snake_case")]
pub enum Role {
    /// A member of the movement: reads movement-visible records, proposes records.
    Member,
    /// Steward of one movement entity: edits and sees records in which that entity is a party.
    Steward(OrganisationId),
    /// Decides approvals and vetoes assigned by policy.
    Approver,
    /// Configures vocabularies, users and roles; sees everything.
    Admin,
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Role::Member => f.write_str("member"),
            Role::Steward(id) => write!(f, "steward:{id}"),
            Role::Approver => f.write_str("approver"),
            Role::Admin => f.write_str("admin"),
        }
    }
}

/// A role that could not be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a role: use member, approver, admin or steward:ORGANISATION-ID")]
pub struct UnknownRole(pub String);

impl std::str::FromStr for Role {
    type Err = UnknownRole;

    /// Reads `member`, `approver`, `admin` or `steward:<organisation id>`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "member" => Ok(Role::Member),
            "approver" => Ok(Role::Approver),
            "admin" => Ok(Role::Admin),
            _ => s
                .strip_prefix("steward:")
                .and_then(|id| id.parse().ok())
                .map(Role::Steward)
                .ok_or_else(|| UnknownRole(s.to_owned())),
        }
    }
}
