//! Pages: account.
