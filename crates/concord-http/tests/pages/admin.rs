//! Pages: admin.
