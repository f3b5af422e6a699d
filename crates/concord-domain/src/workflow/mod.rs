//! The partnership workflow (DESIGN.md, "The workflow"; issue #13): the status machine and its
//! guards, without I/O.
//!
//! A partnership's `status` changes only through a [`Transition`]. Whether one may be taken
//! depends on the partnership itself and on [`Facts`] the domain cannot read on its own (which
//! parties are movement entities, the red-line check, the assessment, the approvals, the
//! evaluation); the store and the handlers gather those, [`check`] decides. A refusal names
//! every unmet [`Guard`], so a person sees all that is left to do at once.
//!
//! Layout of what this issue adds here, as it lands: `transition.rs` (the machine), `guard.rs`
//! (what each transition needs), `status.rs` (create and edit leave the status alone; renewal),
//! `routing.rs` (the responsibility matrix and geography), `red_line.rs` (rules, their
//! outcome, clearing an escalation), `approval.rs` (policies, decisions, vetoes), `assessment.rs` (questions,
//! answers, scores, differences), `inbox.rs` (what waits on whom).

pub mod approval;
pub mod assessment;
mod guard;
pub mod inbox;
pub mod red_line;
pub mod routing;
mod status;
mod transition;

pub use guard::{Facts, Guard, RedLineOutcome};
pub use status::{check_status, renewable, renewal};
pub use transition::{Blocked, Transition, check, next_steps};

#[cfg(test)]
mod approval_tests;
#[cfg(test)]
mod assessment_tests;
#[cfg(test)]
mod red_line_tests;
#[cfg(test)]
mod routing_tests;
#[cfg(test)]
mod tests;
