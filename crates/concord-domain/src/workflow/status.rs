//! What only the workflow changes: a partnership's status, its red-line check, its assessment
//! and its approval. A create starts as an idea without any and an edit keeps them as they
//! were; a revert keeps today's and sets back everything else.
//! A renewal is a new partnership, an idea again, linked to the one it renews.

use crate::PartnershipId;
use crate::partnership::{Partnership, PartnershipStatus};
use crate::validation::{Problem, ValidationErrors};

/// Refuses a create (`before` is `None`) with a status other than `idea`, a red-line check, an
/// assessment or an approval, or an edit that changes any of them; the error names the field.
pub fn check_status(
    before: Option<&Partnership>,
    after: &Partnership,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    if after.red_lines.as_ref() != before.and_then(|b| b.red_lines.as_ref()) {
        errors.add(
            "red_lines",
            Problem::Rule {
                rule: "the red-line check is Concord's: it runs when the partnership is proposed \
                       and whenever its parties, areas or level change, and an escalation is \
                       cleared with POST /api/v1/partnerships/{id}/red-lines/clearance"
                    .into(),
            },
        );
    }
    if after.assessment.as_ref() != before.and_then(|b| b.assessment.as_ref()) {
        errors.add(
            "assessment",
            Problem::Rule {
                rule: "the assessment is Concord's: its questions are set when the assessment \
                       starts, and each person answers with POST \
                       /api/v1/partnerships/{id}/assessment"
                    .into(),
            },
        );
    }
    if after.approval.as_ref() != before.and_then(|b| b.approval.as_ref()) {
        errors.add(
            "approval",
            Problem::Rule {
                rule: "the approval is Concord's: its approvers and veto holders come from the \
                       policies when approval is requested, and each decision is taken with \
                       POST /api/v1/partnerships/{id}/decisions"
                    .into(),
            },
        );
    }
    let allowed = before.map_or(PartnershipStatus::Idea, |b| b.status);
    if after.status == allowed {
        return errors.into_result();
    }
    let rule = match before {
        None => {
            "a new partnership starts as an idea; its status then changes only through its \
                 transitions (POST /api/v1/partnerships/{id}/transitions)"
        }
        Some(_) => {
            "the status changes only through a transition (POST \
                    /api/v1/partnerships/{id}/transitions), not through an edit"
        }
    };
    errors.add(
        "status",
        Problem::Rule {
            rule: format!("{rule}; it is `{}`", allowed.as_str()),
        },
    );
    Err(errors)
}

/// Whether a partnership in `status` may be renewed: it is under way or over.
pub fn renewable(status: PartnershipStatus) -> bool {
    matches!(
        status,
        PartnershipStatus::Active
            | PartnershipStatus::Reviewing
            | PartnershipStatus::Concluded
            | PartnershipStatus::Terminated
    )
}

/// The renewal of `old` as a new idea with id `id`: the same title, summary, kind, areas,
/// level, tier, parties, instrument, value exchange, visibility, readers, tags and needs;
/// `renews` names `old`. Dates, obligations, milestones, reports and outcomes start empty, since
/// they are the new term's to agree.
pub fn renewal(old: &Partnership, id: PartnershipId) -> Partnership {
    let mut new = Partnership::new(id, old.title.clone(), old.kind.clone());
    new.summary = old.summary.clone();
    new.areas = old.areas.clone();
    new.level = old.level.clone();
    new.tier = old.tier.clone();
    new.parties = old.parties.clone();
    new.instrument = old.instrument.clone();
    new.value_exchange = old.value_exchange.clone();
    new.visibility = old.visibility;
    new.readers = old.readers.clone();
    new.tags = old.tags.clone();
    new.needs = old.needs.clone();
    new.replicates = old.replicates;
    new.renews = Some(old.id);
    new
}
