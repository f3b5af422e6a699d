//! Test helpers for logged-in browsers: accounts, sessions and forms (issue #3).
