//! A partnership's page: every field the viewer may see, its parties named and linked, and its
//! workflow's next steps. Costs the record and history (read together), then together one
//! `get_many` for every linked record's name, the vocabularies, one `get_many` of the parties
//! for the guards, and the red lines (a small kind, read whole) for its check.

use askama::Template;
use axum::response::Response;
use concord_domain::partnership::Metric;
use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::{Partnership, Vocabulary};
use concord_http::api::v1::red_lines;
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_i18n::Localizer;
use concord_store::StoredDocument;

use super::facts::{Facts, Terms, date};
use super::names::{Link, Names};
use super::red_lines::Section;
use super::show::{Head, respond, visible};
use super::text::{Shown, translated};
use super::workflow::Workflow;
use crate::{Layout, PageContext, values};

/// A party with its role.
struct PartyRow {
    org: Link,
    role: String,
}

/// What a party gives and gets.
struct ExchangeRow {
    party: Link,
    gives: String,
    gets: String,
    terms: Option<String>,
}

/// A party's obligation.
struct ObligationRow {
    party: Link,
    description: String,
    due: String,
    met: String,
}

/// A milestone.
struct MilestoneRow {
    title: String,
    due: String,
    reached: String,
}

/// A progress report.
struct ReportRow {
    date: String,
    text: String,
}

/// An outcome with its metrics, each shown as one line.
struct OutcomeRow {
    description: String,
    metrics: Vec<String>,
}

/// The partnership page.
#[derive(Template)]
#[template(path = "record/partnership.html")]
struct Page {
    layout: Layout,
    head: Head,
    summary: Shown,
    facts: Vec<super::facts::Fact>,
    parties: Vec<PartyRow>,
    exchange: Vec<ExchangeRow>,
    /// Whether the viewer sees the financial terms of any exchange (else no such column).
    terms_shown: bool,
    obligations: Vec<ObligationRow>,
    milestones: Vec<MilestoneRow>,
    reports: Vec<ReportRow>,
    outcomes: Vec<OutcomeRow>,
    linked: Vec<(String, Link)>,
    workflow: Workflow,
    /// Who should lead it, while it is an idea.
    leads: Vec<super::workflow::Lead>,
    /// Its red-line check.
    red_lines: Section,
    /// Its approval, once requested.
    approval: Option<super::approvals::Section>,
    /// Its assessment, once started.
    assessment: Option<super::assessment::Section>,
}

/// The records a partnership links to.
fn linked_keys(p: &Partnership) -> Vec<RecordKey> {
    let org = |id: concord_domain::OrganisationId| RecordKey {
        kind: RecordKind::Organisation,
        id: id.into(),
    };
    let mut keys: Vec<RecordKey> = p.party_ids().into_iter().map(org).collect();
    keys.extend(p.value_exchange.iter().map(|v| org(v.party)));
    keys.extend(p.obligations.iter().map(|o| org(o.party)));
    for id in [p.renews, p.replicates].into_iter().flatten() {
        keys.push(RecordKey {
            kind: RecordKind::Partnership,
            id: id.into(),
        });
    }
    keys.extend(p.needs.iter().map(|n| RecordKey {
        kind: RecordKind::Need,
        id: (*n).into(),
    }));
    keys
}

/// Renders the page of the partnership in `doc`.
pub async fn page(
    state: &AppState,
    ctx: &PageContext,
    head: Head,
    doc: StoredDocument,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let p: Partnership = visible(doc, &ctx.viewer)?;
    let mut wanted = vec![(Vocabulary::PartnershipKind, p.kind.as_str())];
    wanted.extend(p.areas.iter().map(|a| (Vocabulary::Area, a.as_str())));
    wanted.extend(p.level.iter().map(|l| (Vocabulary::Level, l.as_str())));
    wanted.extend(p.tier.iter().map(|l| (Vocabulary::Tier, l.as_str())));
    wanted.extend(
        p.instrument
            .iter()
            .map(|l| (Vocabulary::Instrument, l.as_str())),
    );
    wanted.extend(
        p.parties
            .iter()
            .map(|x| (Vocabulary::PartyRole, x.role.as_str())),
    );
    let store = &*state.store;
    let (names, terms, parties, rules) = tokio::join!(
        Names::read(store, &ctx.viewer, t, linked_keys(&p)),
        Terms::read(store, t, &wanted),
        concord_http::api::v1::workflow::parties(state, &p),
        red_lines::rules(state)
    );
    let (names, terms, parties, rules) = (names?, terms?, parties?, rules?);
    let assessment = super::assessment::Section::new(t, &ctx.viewer, &p, head.can_edit);
    let approval = match &p.approval {
        Some(_) => {
            let accounts = concord_http::api::v1::approvals::names(state).await?;
            super::approvals::Section::new(t, &ctx.viewer, &p, &accounts)
        }
        None => None,
    };
    let workflow = Workflow::new(t, &p, &parties.facts, head.can_edit);
    let report = red_lines::report_of(&rules, &p, &parties.partners, &ctx.viewer);
    let red_lines = Section::new(t, &ctx.viewer, &p, &report, &names, head.can_edit);
    let country = parties.partner_country.as_deref();
    let leads = super::workflow::leads(state, &ctx.viewer, t, &terms, &p, country).await?;
    let page = Page {
        layout: ctx.layout(),
        head,
        summary: translated(t, &p.summary),
        facts: facts(t, &terms, &p),
        parties: p
            .parties
            .iter()
            .map(|x| PartyRow {
                org: names.of(RecordKind::Organisation, x.organisation),
                role: terms.term(Vocabulary::PartyRole, &x.role),
            })
            .collect(),
        exchange: p
            .value_exchange
            .iter()
            .map(|v| ExchangeRow {
                party: names.of(RecordKind::Organisation, v.party),
                gives: v.gives.clone(),
                gets: v.gets.clone(),
                terms: v.financial_terms.clone(),
            })
            .collect(),
        terms_shown: p.value_exchange.iter().any(|v| v.financial_terms.is_some()),
        obligations: obligations(t, &names, &p),
        milestones: p
            .milestones
            .iter()
            .map(|m| MilestoneRow {
                title: m.title.clone(),
                due: date(t, m.due),
                reached: date(t, m.reached),
            })
            .collect(),
        reports: p
            .progress_reports
            .iter()
            .map(|r| ReportRow {
                date: t.date(r.date),
                text: r.text.clone(),
            })
            .collect(),
        outcomes: p
            .outcomes
            .iter()
            .map(|o| OutcomeRow {
                description: o.description.clone(),
                metrics: o.metrics.iter().map(|m| metric(t, m)).collect(),
            })
            .collect(),
        linked: linked(t, &names, &p),
        workflow,
        leads,
        red_lines,
        approval,
        assessment,
    };
    respond(ctx, &page)
}

/// The facts table: kind, status, areas, level, tier, instrument, dates, tags, visibility.
fn facts(t: &'static Localizer, terms: &Terms, p: &Partnership) -> Vec<super::facts::Fact> {
    let mut f = Facts::new(t);
    f.add("kind", terms.term(Vocabulary::PartnershipKind, &p.kind));
    f.add(
        "status",
        values::status(t, "partnership", p.status.as_str()),
    );
    f.add("areas", terms.terms(Vocabulary::Area, &p.areas));
    f.add("level", terms.terms(Vocabulary::Level, &p.level));
    f.add("tier", terms.terms(Vocabulary::Tier, &p.tier));
    f.add(
        "instrument",
        terms.terms(Vocabulary::Instrument, &p.instrument),
    );
    f.date("start_date", p.start_date);
    f.date("end_date", p.end_date);
    f.date("review_date", p.review_date);
    f.add_list("tags", &p.tags);
    f.visibility(p.visibility);
    f.rows
}

fn obligations(t: &Localizer, names: &Names, p: &Partnership) -> Vec<ObligationRow> {
    p.obligations
        .iter()
        .map(|o| ObligationRow {
            party: names.of(RecordKind::Organisation, o.party),
            description: o.description.clone(),
            due: date(t, o.due),
            met: date(t, o.met),
        })
        .collect()
}

/// The partnerships it renews and replicates and the needs it answers.
fn linked(t: &Localizer, names: &Names, p: &Partnership) -> Vec<(String, Link)> {
    let mut out = Vec::new();
    if let Some(id) = p.renews {
        let label = t.msg("concord-record-field-renews");
        out.push((label, names.of(RecordKind::Partnership, id)));
    }
    if let Some(id) = p.replicates {
        let label = t.msg("concord-record-field-replicates");
        out.push((label, names.of(RecordKind::Partnership, id)));
    }
    for id in &p.needs {
        out.push((
            t.msg("concord-record-field-need"),
            names.of(RecordKind::Need, *id),
        ));
    }
    out
}

/// A metric as one line: `name: value unit`, the value in the reader's digits when whole.
fn metric(t: &Localizer, m: &Metric) -> String {
    let whole = m.value.fract() == 0.0 && m.value.abs() < 1e15;
    #[expect(
        clippy::cast_possible_truncation,
        reason = "checked whole and in range"
    )]
    let value = if whole {
        t.number(m.value as i64)
    } else {
        m.value.to_string()
    };
    match &m.unit {
        Some(unit) => format!("{}: {value} {unit}", m.name),
        None => format!("{}: {value}", m.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::localizer;
    use concord_i18n::Lang;

    #[test]
    fn a_whole_metric_is_shown_in_the_readers_digits_and_a_fraction_as_it_is() {
        let m = |value, unit: Option<&str>| Metric {
            name: "files".into(),
            value,
            unit: unit.map(str::to_owned),
        };
        let t = localizer(Lang::De);
        assert_eq!(metric(t, &m(1200.0, Some("scans"))), "files: 1.200 scans");
        assert_eq!(metric(t, &m(2.5, None)), "files: 2.5");
    }
}
