//! Pages: signup.
