//! Why a Wikimedia login failed, worded so that no secret (the client secret, a code, a PKCE
//! verifier, an access token) can reach an error's text: text that comes from the provider is
//! passed through [`redact`] first.

use oauth2::basic::BasicErrorResponse;
use oauth2::{HttpClientError, RequestTokenError};

/// Why a Wikimedia login failed.
#[derive(Debug, thiserror::Error)]
pub enum WikimediaError {
    /// The settings cannot work (said before any login).
    #[error("the Wikimedia login settings are unusable: {0}")]
    Config(&'static str),
    /// The person declined on the wiki, or the wiki sent them back with an error.
    #[error("the wiki did not allow the login")]
    Denied,
    /// The callback's `state` is not the one this login began with: a forged or stale callback.
    #[error("the login came back with a state that does not match the one it began with")]
    StateMismatch,
    /// The wiki refused a request; `detail` is its error code or message, redacted.
    #[error("the wiki refused the login (HTTP {status}): {detail}")]
    Provider {
        /// The HTTP status of the refusal.
        status: u16,
        /// The wiki's reason (e.g. `invalid_grant`), with any secret removed.
        detail: String,
    },
    /// The Wikimedia account is blocked, so it may not log in here.
    #[error("this Wikimedia account is blocked")]
    Blocked,
    /// The wiki could not be reached, or did not answer in time.
    #[error("the wiki could not be reached")]
    Transport(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The wiki answered, but not in the shape expected (which part, never the body).
    #[error("the wiki's answer could not be read: {0}")]
    BadResponse(&'static str),
}

/// The error of a failed code exchange; `status` is the HTTP status seen (0 if none).
pub(super) fn from_token_error(
    error: RequestTokenError<HttpClientError<reqwest::Error>, BasicErrorResponse>,
    status: u16,
    secrets: &[&str],
) -> WikimediaError {
    match error {
        RequestTokenError::Request(e) => WikimediaError::Transport(Box::new(e)),
        RequestTokenError::ServerResponse(response) => {
            let mut detail = response.error().to_string();
            if let Some(description) = response.error_description() {
                detail = format!("{detail}: {description}");
            }
            WikimediaError::Provider {
                status,
                detail: redact(detail, secrets),
            }
        }
        // A refusal whose body is not an RFC 6749 error (an HTML error page, say).
        RequestTokenError::Parse(..) | RequestTokenError::Other(_) if status != 200 => {
            WikimediaError::Provider {
                status,
                detail: "no OAuth 2.0 error in the answer".to_owned(),
            }
        }
        RequestTokenError::Parse(..) | RequestTokenError::Other(_) => {
            WikimediaError::BadResponse("the token endpoint did not answer with a token")
        }
    }
}

/// `text` with every non-empty secret in it replaced, and cut to a readable length.
pub(super) fn redact(text: String, secrets: &[&str]) -> String {
    const MAX_CHARS: usize = 300;
    let mut text = secrets
        .iter()
        .filter(|secret| !secret.is_empty())
        .fold(text, |text, secret| text.replace(secret, "[redacted]"));
    if let Some((cut, _)) = text.char_indices().nth(MAX_CHARS) {
        text.truncate(cut);
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redact_removes_every_secret_and_keeps_the_rest() {
        let text = redact(
            "bad s3cret and tok3n, s3cret".to_owned(),
            &["s3cret", "tok3n", ""],
        );
        assert_eq!(text, "bad [redacted] and [redacted], [redacted]");
    }

    #[test]
    fn redact_cuts_long_text() {
        let text = redact("é".repeat(1_000), &[]);
        assert_eq!(text.chars().count(), 301);
        assert!(text.ends_with('…'));
    }
}
