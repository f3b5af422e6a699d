//! Browser-facing protections (issue #3, item 5): security headers on every response, the
//! `Origin` check on unsafe requests that carry cookies, and CSRF tokens for HTML forms.
//!
//! These only refuse or annotate requests; who may do what is decided by the domain's `authz`,
//! and nothing here reads the store.

pub mod cookie;
pub mod csrf;
pub mod headers;
pub mod origin;

pub use csrf::{CsrfForm, CsrfToken};
