//! Accounts: people who log in (DESIGN.md, "Who uses it"), and the scope an API token carries.
//!
//! Passwords are hashed outside the domain (argon2id needs randomness for its salt); this module
//! only says which usernames and passwords are acceptable. An account's roles make the
//! [`Viewer`] of its requests.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validation::{FieldError, Problem};
use crate::{AccountId, Role, Scope, Viewer};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted (argon2 hashes anything, but a megabyte is an attack).
pub const MAX_PASSWORD_BYTES: usize = 1_024;
/// Longest username.
pub const MAX_USERNAME_CHARS: usize = 64;

/// A person who logs in: with a local password, a Wikimedia account, or both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// Its id.
    pub id: AccountId,
    /// Unique, compared without regard to case; how the person logs in locally.
    pub username: String,
    /// The name shown beside their edits.
    pub display_name: String,
    /// Where to reach them, if they said.
    pub email: Option<String>,
    /// Roles held (a new account is a member).
    pub roles: BTreeSet<Role>,
    /// A disabled account cannot log in, and its sessions and tokens stop working.
    pub disabled: bool,
    /// The Wikimedia user id (the OAuth 2.0 profile's `sub`) it is linked to, if any.
    pub wikimedia_id: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

impl Account {
    /// The viewer of a request made in a session of this account (every action its roles allow).
    pub fn viewer(&self) -> Viewer {
        self.viewer_with_scope(Scope::Admin)
    }

    /// The viewer of a request made with a token of this account carrying `scope`.
    pub fn viewer_with_scope(&self, scope: Scope) -> Viewer {
        let mut viewer = Viewer::with_roles(&self.username, self.roles.iter().cloned());
        viewer.account = Some(self.id);
        viewer.scope = scope;
        viewer
    }
}

/// Checks a username: 1–64 characters, letters, digits, `.`, `-`, `_` and spaces inside; the
/// error names the field `username`.
pub fn validate_username(username: &str) -> Result<(), FieldError> {
    let chars = username.chars().count();
    let ok_char = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ');
    let problem = if chars == 0 {
        Some(Problem::Required)
    } else if chars > MAX_USERNAME_CHARS
        || username.trim() != username
        || !username.chars().all(ok_char)
    {
        Some(Problem::Malformed {
            value: username.to_owned(),
            expected: format!(
                "1–{MAX_USERNAME_CHARS} letters, digits, spaces, `.`, `-` or `_`, with no space at either end"
            ),
        })
    } else {
        None
    };
    problem.map_or(Ok(()), |problem| {
        Err(FieldError {
            field: "username".into(),
            problem,
        })
    })
}

/// Checks a new password: at least 10 characters, at most 1,024 bytes, not the username; the
/// error names the field `password`.
pub fn validate_password(password: &str, username: &str) -> Result<(), FieldError> {
    let problem = if password.chars().count() < MIN_PASSWORD_CHARS {
        Some(Problem::Rule {
            rule: format!("use at least {MIN_PASSWORD_CHARS} characters"),
        })
    } else if password.len() > MAX_PASSWORD_BYTES {
        Some(Problem::Rule {
            rule: format!("use at most {MAX_PASSWORD_BYTES} bytes"),
        })
    } else if password.eq_ignore_ascii_case(username) {
        Some(Problem::Rule {
            rule: "must not be the username".into(),
        })
    } else {
        None
    };
    problem.map_or(Ok(()), |problem| {
        Err(FieldError {
            field: "password".into(),
            problem,
        })
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use uuid::Uuid;

    use super::*;
    use crate::OrganisationId;

    fn problem(r: Result<(), FieldError>, field: &str) -> Problem {
        let e = r.expect_err("should be refused");
        assert_eq!(e.field, field);
        e.problem
    }

    #[test]
    fn usernames_of_letters_digits_dots_dashes_underscores_and_inner_spaces_are_accepted() {
        for ok in [
            "a",
            "Alice",
            "anna.maria_99",
            "Jörg-Müller",
            "Anna Maria",
            "سارا",
            &"x".repeat(MAX_USERNAME_CHARS),
            &"é".repeat(MAX_USERNAME_CHARS),
        ] {
            assert_eq!(validate_username(ok), Ok(()), "{ok:?}");
        }
    }

    #[test]
    fn an_empty_username_is_required() {
        assert_eq!(
            problem(validate_username(""), "username"),
            Problem::Required
        );
    }

    #[test]
    fn usernames_with_other_characters_outer_spaces_or_too_long_are_malformed() {
        for bad in [
            " alice",
            "alice ",
            "   ",
            "al/ice",
            "alice@example.org",
            "<b>",
            "tab\there",
            "new\nline",
            &"x".repeat(MAX_USERNAME_CHARS + 1),
        ] {
            match problem(validate_username(bad), "username") {
                Problem::Malformed { value, .. } => assert_eq!(value, bad),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn passwords_from_ten_characters_to_the_byte_limit_are_accepted() {
        for ok in [
            "0123456789".to_owned(),
            "ääääääääää".to_owned(),
            "x".repeat(MAX_PASSWORD_BYTES),
        ] {
            assert_eq!(validate_password(&ok, "alice"), Ok(()), "{ok:?}");
        }
    }

    #[test]
    fn short_long_and_username_passwords_are_refused_without_echoing_them() {
        let refused = [
            ("123456789".to_owned(), "alice"),
            ("x".repeat(MAX_PASSWORD_BYTES + 1), "alice"),
            // 1,000 characters of two bytes each: few enough characters, too many bytes.
            ("ä".repeat(1_000), "alice"),
            ("CorrectHorse".to_owned(), "correcthorse"),
        ];
        for (password, username) in refused {
            let e = validate_password(&password, username).expect_err(&password);
            assert_eq!(e.field, "password");
            assert!(matches!(e.problem, Problem::Rule { .. }), "{e:?}");
            let shown = [
                e.to_string(),
                format!("{e:?}"),
                serde_json::to_string(&e).unwrap(),
            ];
            for text in shown {
                assert!(!text.contains(&password), "{text} echoes the password");
            }
        }
    }

    #[test]
    fn the_widest_scope_follows_the_roles() {
        let steward = Role::Steward(OrganisationId(Uuid::from_u128(1)));
        let cases = [
            (vec![], Scope::Read),
            (vec![Role::Member], Scope::Write),
            (vec![steward.clone()], Scope::Write),
            (vec![Role::Approver], Scope::Write),
            (vec![Role::Member, steward, Role::Approver], Scope::Write),
            (vec![Role::Admin], Scope::Admin),
            (vec![Role::Member, Role::Admin], Scope::Admin),
        ];
        for (roles, widest) in cases {
            let roles: BTreeSet<Role> = roles.into_iter().collect();
            assert_eq!(Scope::widest_for(&roles), widest, "{roles:?}");
        }
    }

    #[test]
    fn scopes_round_trip_through_their_wire_names_and_nothing_else_parses() {
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(scope));
            let json = serde_json::to_string(&scope).unwrap();
            assert_eq!(json, format!("\"{}\"", scope.as_str()));
        }
        for bad in ["", "Read", "ADMIN", "write ", "root"] {
            assert_eq!(Scope::parse(bad), None, "{bad:?}");
        }
        assert!(Scope::Read < Scope::Write && Scope::Write < Scope::Admin);
    }

    fn alice(roles: impl IntoIterator<Item = Role>) -> Account {
        Account {
            id: AccountId(Uuid::from_u128(42)),
            username: "alice".into(),
            display_name: "Alice".into(),
            email: None,
            roles: roles.into_iter().collect(),
            disabled: false,
            wikimedia_id: None,
            created_at: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
        }
    }

    #[test]
    fn an_accounts_viewer_carries_its_id_name_roles_and_scope() {
        let account = alice([Role::Member, Role::Approver]);
        for scope in Scope::ALL {
            let viewer = account.viewer_with_scope(scope);
            assert_eq!(viewer.account, Some(account.id));
            assert_eq!(viewer.name.as_deref(), Some("alice"));
            assert_eq!(viewer.roles, account.roles);
            assert_eq!(viewer.scope, scope);
        }
    }

    #[test]
    fn a_session_viewer_is_capped_only_by_its_roles() {
        let account = alice([Role::Admin]);
        assert_eq!(account.viewer().scope, Scope::Admin);
        assert!(account.viewer().is_admin());
        assert_eq!(account.viewer(), account.viewer_with_scope(Scope::Admin));
    }
}
