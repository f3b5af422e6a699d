//! The settings of a Wikimedia login, and the wiki URLs made from them.
//!
//! It must not reveal the client secret: `Debug` redacts it, and nothing here prints it.

use std::fmt;
use std::net::IpAddr;

use serde::Deserialize;
use url::{Host, Url};

use super::WikimediaError;

/// Settings for logging in with a Wikimedia account. `Debug` redacts the secret.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WikimediaConfig {
    /// The OAuth 2.0 client id the wiki gave when the client was registered.
    pub client_id: String,
    /// The client's secret; sent only in the body of the request to the token endpoint.
    pub client_secret: String,
    /// The wiki whose accounts log in, e.g. `https://meta.wikimedia.org`; its REST API is at
    /// `{wiki_url}/w/rest.php`. Must be `https`, or `http` on a loopback address.
    pub wiki_url: Url,
    /// Concord's callback, exactly as registered with the client; same scheme rule as above.
    pub redirect_url: Url,
}

impl fmt::Debug for WikimediaConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WikimediaConfig")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("wiki_url", &self.wiki_url.as_str())
            .field("redirect_url", &self.redirect_url.as_str())
            .finish()
    }
}

impl WikimediaConfig {
    /// Refuses settings that cannot work or would send secrets in clear.
    pub(super) fn check(&self) -> Result<(), WikimediaError> {
        if self.client_id.trim().is_empty() || self.client_secret.is_empty() {
            return Err(WikimediaError::Config(
                "the client id and secret must not be empty",
            ));
        }
        check_scheme(
            &self.wiki_url,
            "the wiki URL must be https, or http on loopback",
        )?;
        check_scheme(
            &self.redirect_url,
            "the redirect URL must be https, or http on loopback",
        )
    }

    /// The wiki's OAuth 2.0 endpoint `name` (`authorize`, `access_token`, `resource/profile`).
    pub(super) fn endpoint(&self, name: &str) -> Result<Url, WikimediaError> {
        rest_url(&self.wiki_url, name)
    }
}

/// `{wiki}/w/rest.php/oauth2/{endpoint}`, keeping any path the wiki URL has.
fn rest_url(wiki: &Url, endpoint: &str) -> Result<Url, WikimediaError> {
    let mut url = wiki.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.path_segments_mut()
        .map_err(|()| WikimediaError::Config("the wiki URL cannot have a path"))?
        .pop_if_empty()
        .extend(["w", "rest.php", "oauth2"])
        .extend(endpoint.split('/'));
    Ok(url)
}

/// `https`, or `http` to this machine only; else `refusal`.
fn check_scheme(url: &Url, refusal: &'static str) -> Result<(), WikimediaError> {
    let loopback = match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" if url.host().is_some() => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(WikimediaError::Config(refusal)),
    }
}
