//! The table of a record kind's operations, from which `openapi_paths` builds the OpenAPI
//! paths of each kind. In its texts `{c}` is the collection, `{noun}` the kind in words and
//! `{a}` the noun with its article.

use concord_domain::RecordKind;
use utoipa::openapi::HttpMethod;

/// A parameter an operation takes.
#[derive(Clone, Copy)]
pub(super) enum P {
    /// The `{id}` path parameter.
    Id,
    /// The `If-Match` header.
    IfMatch,
    /// The `{rev}` path parameter.
    Rev,
    /// `from` and `to`.
    Diff,
    /// `cursor` and `limit`.
    Page,
    /// `q`, `sort` and the filters (searchable kinds only).
    Search,
    /// The `{secret}` path parameter of a status link.
    Secret,
}

/// A request or response body.
#[derive(Clone, Copy)]
pub(super) enum B {
    /// No body.
    None,
    /// The record kind's own schema.
    Record,
    /// A merge patch (any JSON object).
    MergePatch,
    /// A named component schema.
    Named(&'static str),
}

/// One operation of a record kind.
pub(super) struct Op {
    /// The HTTP method.
    pub(super) method: HttpMethod,
    /// The path after `/api/v1/{c}`.
    pub(super) suffix: &'static str,
    /// The operation id, before `_{c}`.
    pub(super) id: &'static str,
    /// A one-line summary.
    pub(super) summary: &'static str,
    /// What it does, in full.
    pub(super) description: &'static str,
    /// Its parameters.
    pub(super) params: &'static [P],
    /// Its request body.
    pub(super) body: B,
    /// Its success status.
    pub(super) status: &'static str,
    /// What the success response holds.
    pub(super) response: &'static str,
    /// The success response's schema.
    pub(super) schema: B,
    /// The problem statuses it can answer.
    pub(super) problems: &'static [&'static str],
    /// The one kind that has it (`None`: every kind).
    pub(super) only: Option<RecordKind>,
}

const WRITE: &[&str] = &[
    "400", "401", "404", "410", "412", "413", "415", "422", "428",
];

#[rustfmt::skip]
pub(super) const OPS: &[Op] = &[
    Op {
        method: HttpMethod::Get, suffix: "", id: "list",
        summary: "List {c}", status: "200",
        description: "A page of the {c} the viewer may see. Organisations, partnerships, needs and inquiries come from \
            the search index and take `q`, `sort` and filters (repeatable or comma-separated; a \
            record matches a filter if it has any value given, and must match every filter given), \
            with facet counts; people and the glossary are listed by id and take only `cursor` and \
            `limit`. Unknown parameters are a 400 naming them.",
        params: &[P::Page, P::Search], body: B::None, schema: B::Named("Page"),
        response: "A page of {noun} records, each with `type` and `revision` added.",
        problems: &["400"],
        only: None,
    },
    Op {
        method: HttpMethod::Post, suffix: "", id: "create",
        summary: "Create {a}", status: "201",
        description: "Creates {a}. The server picks the id: an `id` in the body is ignored. The record is \
            validated against the current vocabularies. Responds 201 with `Location` and `ETag`.",
        params: &[], body: B::Record, schema: B::Record,
        response: "The {noun} as stored.",
        problems: &["400", "401", "413", "415", "422"],
        only: None,
    },
    Op {
        method: HttpMethod::Post, suffix: "", id: "submit",
        summary: "Send an inquiry", status: "201",
        description: "The front door: an organisation says what it wants to do with the movement. Anyone may \
            send one, without an account; each counts against the anonymous-write limit of the \
            client's address (429 with `Retry-After` beyond it). Every field is checked (a 422 names \
            each refused one); routing sends the inquiry to a movement entity (by area and the \
            country, national level), whose stewards alone (and admins) see it with its contact. \
            The answer holds the secret of its private status link, shown only this once; \
            `Location` is the status link's API address. 409 when the registry holds no movement \
            entity at all.",
        params: &[], body: B::Named("InquiryForm"), schema: B::Named("Received"),
        response: "The inquiry's id, status link and the entity it went to.",
        problems: &["400", "409", "413", "415", "422", "429"],
        only: Some(RecordKind::Inquiry),
    },
    Op {
        method: HttpMethod::Get, suffix: "/{id}", id: "show",
        summary: "Show {a}", status: "200",
        description: "The {noun}, without the fields the viewer may not see, with its revision as `ETag`. A \
            hidden record is a 404, never a 403; a deleted one is a 410 whose `ETag` a restore sends \
            back.",
        params: &[P::Id], body: B::None, schema: B::Record,
        response: "The {noun}.",
        problems: &["400", "404", "410"],
        only: None,
    },
    Op {
        method: HttpMethod::Put, suffix: "/{id}", id: "update",
        summary: "Replace {a}", status: "200",
        description: "Replaces the whole {noun}. An `id` in the body must be the path's. Needs `If-Match`.",
        params: &[P::Id, P::IfMatch], body: B::Record, schema: B::Record,
        response: "The {noun} as stored; `ETag` is its new revision.",
        problems: WRITE,
        only: None,
    },
    Op {
        method: HttpMethod::Patch, suffix: "/{id}", id: "patch",
        summary: "Patch {a}", status: "200",
        description: "Applies a JSON merge patch (RFC 7396, `application/merge-patch+json`) to the {noun}: \
            members given replace, `null` removes. The id cannot change. Needs `If-Match`.",
        params: &[P::Id, P::IfMatch], body: B::MergePatch, schema: B::Record,
        response: "The patched {noun}; `ETag` is its new revision.",
        problems: WRITE,
        only: None,
    },
    Op {
        method: HttpMethod::Delete, suffix: "/{id}", id: "delete",
        summary: "Delete {a}", status: "204",
        description: "Marks the {noun} deleted, reversibly. Needs `If-Match`, and an admin or a steward of one \
            of its parties. Responds 204 with the deletion's revision as `ETag`.",
        params: &[P::Id, P::IfMatch], body: B::None, schema: B::None,
        response: "Deleted.",
        problems: &["400", "401", "403", "404", "410", "412", "428"],
        only: None,
    },
    Op {
        method: HttpMethod::Post, suffix: "/{id}/restore", id: "restore",
        summary: "Restore {a}", status: "200",
        description: "Restores a deleted {noun}; `If-Match` is the deletion's revision. Needs an admin or a \
            steward of one of its parties.",
        params: &[P::Id, P::IfMatch], body: B::None, schema: B::Record,
        response: "The restored {noun}.",
        problems: &["400", "401", "403", "404", "409", "412", "428"],
        only: None,
    },
    Op {
        method: HttpMethod::Post, suffix: "/{id}/revert", id: "revert",
        summary: "Revert {a}", status: "200",
        description: "Stores a new revision holding an earlier revision's snapshot of the {noun}. Needs \
            `If-Match`, and an admin or a steward of one of its parties.",
        params: &[P::Id, P::IfMatch], body: B::Named("RevertBody"), schema: B::Record,
        response: "The reverted {noun}.",
        problems: &["400", "401", "403", "404", "410", "412", "415", "422", "428"],
        only: None,
    },
    Op {
        method: HttpMethod::Get, suffix: "/{id}/history", id: "history",
        summary: "History of {a}", status: "200",
        description: "Every revision of the {noun}, newest first, without snapshots.",
        params: &[P::Id], body: B::None, schema: B::Named("History"),
        response: "The revisions.",
        problems: &["400", "404"],
        only: None,
    },
    Op {
        method: HttpMethod::Get, suffix: "/{id}/revisions/{rev}", id: "revision",
        summary: "One revision of {a}", status: "200",
        description: "One revision of the {noun} with its snapshot, without the fields the viewer may not see.",
        params: &[P::Id, P::Rev], body: B::None, schema: B::Named("RevisionView"),
        response: "The revision.",
        problems: &["400", "404"],
        only: None,
    },
    Op {
        method: HttpMethod::Get, suffix: "/{id}/diff", id: "diff",
        summary: "Diff two revisions of {a}", status: "200",
        description: "The changes between two revisions of the {noun}, path by path. Both snapshots are \
            redacted for the viewer first, so a diff shows nothing the viewer may not see.",
        params: &[P::Id, P::Diff], body: B::None, schema: B::Named("DiffView"),
        response: "The changes.",
        problems: &["400", "404"],
        only: None,
    },
    Op {
        method: HttpMethod::Get, suffix: "/{id}/transitions", id: "next_steps",
        summary: "Next steps of {a}", status: "200",
        description: "The {noun}'s status and the workflow's transitions leaving it, each with the guards not \
            met yet and what to do about them, and whether it may be renewed.",
        params: &[P::Id], body: B::None, schema: B::Named("NextSteps"),
        response: "Where the {noun} stands and where it may go.",
        problems: &["400", "404", "410"],
        only: Some(RecordKind::Partnership),
    },
    Op {
        method: HttpMethod::Post, suffix: "/{id}/transitions", id: "take_transition",
        summary: "Take a workflow step of {a}", status: "200",
        description: "Moves the {noun} along the workflow (`idea → proposed → assessing → awaiting_approval → \
            approved | declined → active → reviewing → concluded | terminated`). The status changes \
            only this way: creates and edits cannot set it. Each step is a revision (action \
            `transition`) whose summary is the `reason`. A step that does not leave the current \
            status, or whose guards are not all met, is a 409 naming each unmet guard in `errors` \
            (`field` `transition`, `problem` the guard) with what to do. Needs `If-Match`, and an \
            admin or a steward of one of its parties.",
        params: &[P::Id, P::IfMatch], body: B::Named("TransitionBody"), schema: B::Record,
        response: "The {noun} in its new status; `ETag` is the step's revision.",
        problems: &["400", "401", "403", "404", "409", "410", "412", "413", "415", "422", "428"],
        only: Some(RecordKind::Partnership),
    },
    Op {
        method: HttpMethod::Get, suffix: "/{id}/red-lines", id: "red_lines",
        summary: "Red-line check of {a}", status: "200",
        description: "The red-line check stored with the {noun} (it runs when the {noun} is proposed and \
            whenever an edit changes its parties, areas or level), beside the check as today's \
            rules give it, and whether the two agree. Each lists the red lines that fired that \
            the viewer may see, with their messages, blocks first.",
        params: &[P::Id], body: B::None, schema: B::Named("RedLines"),
        response: "The stored check and today's.",
        problems: &["400", "404", "410"],
        only: Some(RecordKind::Partnership),
    },
    Op {
        method: HttpMethod::Post, suffix: "/{id}/red-lines", id: "run_red_lines",
        summary: "Run the red-line check of {a} again", status: "200",
        description: "Stores the check as today's rules give it (after the red lines changed), in a \
            revision; an escalation cleared before stays cleared while the same rules fire on \
            the same partners. 409 when the stored check is today's already. Needs `If-Match`, \
            and an admin or a steward of one of its parties.",
        params: &[P::Id, P::IfMatch], body: B::None, schema: B::Record,
        response: "The {noun} with its new check; `ETag` is its revision.",
        problems: &["400", "401", "403", "404", "409", "410", "412", "428"],
        only: Some(RecordKind::Partnership),
    },
    Op {
        method: HttpMethod::Post, suffix: "/{id}/red-lines/clearance", id: "clear_red_lines",
        summary: "Clear the red-line escalation of {a}", status: "200",
        description: "Records that the {noun} may go ahead although a red line asked for a review: the \
            check's outcome becomes `cleared`, naming who cleared it and the `reason`, in a \
            revision (action `decision`) whose summary is the reason. Only an escalation is \
            cleared: a check that passed, is cleared already, has not run or blocks is a 409. \
            Needs `If-Match`, and an approver or an admin.",
        params: &[P::Id, P::IfMatch], body: B::Named("ClearanceBody"), schema: B::Record,
        response: "The {noun} with its escalation cleared; `ETag` is the decision's revision.",
        problems: &["400", "401", "403", "404", "409", "410", "412", "413", "415", "422", "428"],
        only: Some(RecordKind::Partnership),
    },
    Op {
        method: HttpMethod::Get, suffix: "/{id}/assessment", id: "assessment",
        summary: "Assessment of {a}", status: "200",
        description: "The {noun}'s assessment: its questions (the `assess` step sets them; by default the \
            Partnering Agreement Scorecard's themes), each person's answers with their score \
            (0 to 100, weighted), the mean score of the complete responses, the recommendation \
            (`go_ahead` from 70, `discuss` from 50, else `reconsider`; `incomplete` until one \
            response answers every required question) and the questions on which people \
            differ by half the scale or more. `started` is false before the assessment starts.",
        params: &[P::Id], body: B::None, schema: B::Named("AssessmentView"),
        response: "The assessment.",
        problems: &["400", "404", "410"],
        only: Some(RecordKind::Partnership),
    },
    Op {
        method: HttpMethod::Post, suffix: "/{id}/assessment", id: "answer_assessment",
        summary: "Answer the assessment of {a}", status: "200",
        description: "Records the caller's answers while the {noun} is being assessed (status \
            `assessing`), replacing the caller's earlier ones; each person answers on their \
            own. An answer to no question, to one question twice, or off its scale is a 422 \
            naming `answers[i]`. Each answer is a revision. 409 when the {noun} is not being \
            assessed. Needs `If-Match`, an account, and an admin or a steward of one of its \
            parties.",
        params: &[P::Id, P::IfMatch], body: B::Named("AnswersBody"), schema: B::Record,
        response: "The {noun} with the answers; `ETag` is its revision.",
        problems: &["400", "401", "403", "404", "409", "410", "412", "413", "415", "422", "428"],
        only: Some(RecordKind::Partnership),
    },
    Op {
        method: HttpMethod::Post, suffix: "/{id}/decisions", id: "decide",
        summary: "Decide on {a}", status: "200",
        description: "Records the caller's decision while the {noun} awaits approval: `approve`, `veto` (a \
            veto holder, with a `rationale`), `abstain`, or `withdraw` (one's own standing veto). \
            Requesting approval named the approvers and veto holders from the approval policies \
            that apply (`approval` on the {noun}); each account's latest decision stands, and \
            every decision is kept, visible to whoever may see the {noun}. A decision is a \
            revision (action `decision`). 403 for an account the approval does not name (or a \
            veto from one who holds none), 409 when the {noun} does not await approval or there \
            is no veto to withdraw. Needs `If-Match`, an account, and the approver or admin role.",
        params: &[P::Id, P::IfMatch], body: B::Named("DecisionBody"), schema: B::Record,
        response: "The {noun} with the decision; `ETag` is its revision.",
        problems: &["400", "401", "403", "404", "409", "410", "412", "413", "415", "422", "428"],
        only: Some(RecordKind::Partnership),
    },
    Op {
        method: HttpMethod::Post, suffix: "/{id}/renewal", id: "renew",
        summary: "Renew {a}", status: "201",
        description: "Creates a new {noun}, an `idea` whose `renews` names this one, with its title, summary, \
            kind, areas, level, tier, parties, instrument, value exchange, visibility, tags and \
            needs; dates, obligations, milestones, reports and outcomes start empty. Only an \
            active, reviewing, concluded or terminated {noun} is renewed (409 otherwise). Needs an \
            admin or a steward of one of its parties. Responds 201 with `Location`.",
        params: &[P::Id], body: B::None, schema: B::Record,
        response: "The renewal as stored.",
        problems: &["400", "401", "403", "404", "409", "410", "422"],
        only: Some(RecordKind::Partnership),
    },
    Op {
        method: HttpMethod::Get, suffix: "/status/{secret}", id: "inquiry_status",
        summary: "Where an inquiry stands", status: "200",
        description: "The inquirer's view through their status link: the organisation, the status (`new`, \
            `accepted`, `declined`), the entity that has it and those it was forwarded to, the \
            reason of a decline, and when it arrived and last changed. Nothing else: no notes, no \
            names of people. Any other secret is a 404.",
        params: &[P::Secret], body: B::None, schema: B::Named("InquiryStatusView"),
        response: "Where the inquiry stands.",
        problems: &["404"],
        only: Some(RecordKind::Inquiry),
    },
    Op {
        method: HttpMethod::Post, suffix: "/{id}/decision", id: "decide_inquiry",
        summary: "Decide on {a}", status: "200",
        description: "Accepts, forwards or declines a new {noun}. `accept` matches the organisation in the \
            registry (by its name in its country) or creates it with `organisation_kind`, \
            and creates an `idea` partnership of the routed entity (lead) and it (partner), \
            visible to the movement's members (the contact stays on the {noun}), in one \
            transaction with the {noun}'s `accepted`. \
            `forward` sends it to another movement entity (`to`) with a `note`; its stewards see \
            it from then on, and the old entity's no longer do. `decline` needs a `reason`, which \
            the inquirer reads. Each decision is a revision (action `decision`). 409 when the \
            {noun} was decided already. Needs `If-Match` and a steward of the entity it is \
            routed to, or an admin.",
        params: &[P::Id, P::IfMatch], body: B::Named("InquiryDecisionBody"), schema: B::Record,
        response: "The {noun} as decided; `ETag` is its revision.",
        problems: &["400", "401", "403", "404", "409", "410", "412", "413", "415", "422", "428"],
        only: Some(RecordKind::Inquiry),
    },
];
