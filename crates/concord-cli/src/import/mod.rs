//! Being written; see README.md development notes.
