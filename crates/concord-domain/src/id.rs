//! Typed ids: a `PartnershipId` can never be passed where an `OrganisationId` is expected.

/// Declares id newtypes over a UUID; a new record kind declares its id with it in its own
/// module (`crate::id::uuid_id! { /// A thing. ThingId }`).
macro_rules! uuid_id {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub ::uuid::Uuid);

        impl From<::uuid::Uuid> for $name {
            fn from(id: ::uuid::Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for ::uuid::Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = ::uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                ::uuid::Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

pub(crate) use uuid_id;

uuid_id! {
    /// An organisation, including a movement entity.
    OrganisationId,
    /// A person.
    PersonId,
    /// A partnership.
    PartnershipId,
    /// A need.
    NeedId,
    /// An account: a person who logs in.
    AccountId,
}

/// A revision: the position of a write in the revision log. Increases with every write, so it is
/// also the cursor that search indexes follow, and the `ETag` of the record it belongs to.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    ::serde::Serialize,
    ::serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct RevisionId(pub i64);

impl std::fmt::Display for RevisionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
