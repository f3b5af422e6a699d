//! MediaWiki's `oauth2/resource/profile` answer, read into what a login needs.
//!
//! Only the fields a login uses are read. `blocked` must be present: an answer without it is
//! refused rather than taken as "not blocked". The email is kept only when the wiki says it is
//! confirmed (and only clients with the email grant get one at all).

use serde::Deserialize;

use super::WikimediaError;

/// Who the wiki says the person is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WikimediaProfile {
    /// The wiki's user id (the profile's `sub`): what a local account is linked by, stable
    /// across renames.
    pub id: String,
    /// The wiki username, at the time of login (it can change; never link by it).
    pub username: String,
    /// The confirmed email address, when the client has the email grant.
    pub email: Option<String>,
}

/// The profile as MediaWiki sends it (more fields exist; these are the ones used).
#[derive(Deserialize)]
struct RawProfile {
    sub: Subject,
    username: String,
    blocked: bool,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    confirmed_email: bool,
}

/// MediaWiki sends `sub` as a number; accept a string too, as OpenID Connect has it.
#[derive(Deserialize)]
#[serde(untagged)]
enum Subject {
    Number(u64),
    Text(String),
}

/// The profile in `body`, refusing a blocked user.
pub(super) fn parse(body: &[u8]) -> Result<WikimediaProfile, WikimediaError> {
    let raw: RawProfile = serde_json::from_slice(body)
        .map_err(|_| WikimediaError::BadResponse("the profile is not the JSON expected"))?;
    if raw.blocked {
        return Err(WikimediaError::Blocked);
    }
    let id = match raw.sub {
        Subject::Number(n) => n.to_string(),
        Subject::Text(text) => text,
    };
    if id.trim().is_empty() || raw.username.trim().is_empty() {
        return Err(WikimediaError::BadResponse(
            "the profile has no user id or username",
        ));
    }
    let email = raw
        .email
        .filter(|email| raw.confirmed_email && !email.trim().is_empty());
    Ok(WikimediaProfile {
        id,
        username: raw.username,
        email,
    })
}

/// A short reason from a refused profile request: MediaWiki's REST `error` or `message`.
pub(super) fn error_detail(body: &[u8]) -> String {
    #[derive(Deserialize)]
    struct RestError {
        error: Option<String>,
        message: Option<String>,
    }
    match serde_json::from_slice::<RestError>(body) {
        Ok(RestError {
            error: Some(text), ..
        })
        | Ok(RestError {
            message: Some(text),
            ..
        }) => text,
        _ => "no reason given".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numeric_sub_becomes_the_id_and_an_unconfirmed_email_is_dropped() {
        let body = br#"{"sub":42,"username":"Ada","blocked":false,"email":"a@example.org",
            "confirmed_email":false,"editcount":7}"#;
        let profile = parse(body).unwrap();
        assert_eq!(profile.id, "42");
        assert_eq!(profile.username, "Ada");
        assert_eq!(profile.email, None);
    }

    #[test]
    fn a_confirmed_email_is_kept() {
        let body = br#"{"sub":"42","username":"Ada","blocked":false,"email":"a@example.org",
            "confirmed_email":true}"#;
        assert_eq!(parse(body).unwrap().email.as_deref(), Some("a@example.org"));
    }

    #[test]
    fn a_profile_without_blocked_is_refused() {
        let body = br#"{"sub":42,"username":"Ada"}"#;
        assert!(matches!(parse(body), Err(WikimediaError::BadResponse(_))));
    }

    #[test]
    fn a_blocked_profile_is_refused() {
        let body = br#"{"sub":42,"username":"Ada","blocked":true}"#;
        assert!(matches!(parse(body), Err(WikimediaError::Blocked)));
    }

    #[test]
    fn an_empty_sub_is_refused() {
        let body = br#"{"sub":" ","username":"Ada","blocked":false}"#;
        assert!(matches!(parse(body), Err(WikimediaError::BadResponse(_))));
    }
}
