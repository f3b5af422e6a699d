//! Ways of proving who a person is, beyond a local password.
//!
//! Each submodule speaks to one outside provider and returns who the provider says the person
//! is. None of them touches sessions, accounts or routes: the handlers decide what a proven
//! identity is allowed to become (DESIGN.md, "Who uses it").

pub mod wikimedia;
