//! Placeholder; see the issue status in README.md.
