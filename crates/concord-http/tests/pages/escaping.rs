//! Pages: escaping.
