//! Pages: login.
