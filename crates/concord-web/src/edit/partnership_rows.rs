//! The partnership form's rows beyond its parties and milestones: what each party gives and
//! gets, obligations and progress reports, shown as rows and read back into the partnership.

use concord_domain::Partnership;
use concord_domain::partnership::{Obligation, ProgressReport, ValueExchange};
use concord_domain::validation::{Problem, ValidationErrors};

use super::field::{Column, Field, Input, Values, join_rows};
use super::form::{FormContext, date_from, date_text, field, organisation_from};

/// The cells of a value exchange row (its financial terms are kept, not shown).
const EXCHANGE: [&str; 3] = ["party", "gives", "gets"];
/// The cells of an obligation row.
const OBLIGATION: [&str; 4] = ["party", "description", "due", "met"];
/// The cells of a progress report row.
const REPORT: [&str; 2] = ["date", "text"];

/// The value exchange field.
pub fn exchange_field(p: &Partnership, cx: &FormContext<'_>) -> Field {
    let label = |what: &str| cx.t.msg(&format!("concord-record-field-{what}"));
    let rows: Vec<Vec<String>> = p
        .value_exchange
        .iter()
        .map(|v| vec![v.party.to_string(), v.gives.clone(), v.gets.clone()])
        .collect();
    field(
        "value_exchange",
        cx.t.msg("concord-record-value-exchange"),
        Input::Rows(vec![
            party_column(cx),
            Column {
                key: "gives",
                label: label("gives"),
                input: Input::Text,
            },
            Column {
                key: "gets",
                label: label("gets"),
                input: Input::Text,
            },
        ]),
        join_rows(&rows),
    )
}

/// The obligations field.
pub fn obligations_field(p: &Partnership, cx: &FormContext<'_>) -> Field {
    let label = |what: &str| cx.t.msg(&format!("concord-record-field-{what}"));
    let rows: Vec<Vec<String>> = p
        .obligations
        .iter()
        .map(|o| {
            vec![
                o.party.to_string(),
                o.description.clone(),
                date_text(o.due),
                date_text(o.met),
            ]
        })
        .collect();
    field(
        "obligations",
        cx.t.msg("concord-record-obligations"),
        Input::Rows(vec![
            party_column(cx),
            Column {
                key: "description",
                label: label("description"),
                input: Input::Text,
            },
            Column {
                key: "due",
                label: label("due"),
                input: Input::Date,
            },
            Column {
                key: "met",
                label: label("met"),
                input: Input::Date,
            },
        ]),
        join_rows(&rows),
    )
}

/// The progress reports field.
pub fn reports_field(p: &Partnership, cx: &FormContext<'_>) -> Field {
    let rows: Vec<Vec<String>> = p
        .progress_reports
        .iter()
        .map(|r| vec![r.date.to_string(), r.text.clone()])
        .collect();
    field(
        "progress_reports",
        cx.t.msg("concord-record-reports"),
        Input::Rows(vec![
            Column {
                key: "date",
                label: cx.t.msg("concord-field-date"),
                input: Input::Date,
            },
            Column {
                key: "text",
                label: cx.t.msg("concord-field-report-text"),
                input: Input::Text,
            },
        ]),
        join_rows(&rows),
    )
}

/// Each row's party, gives and gets; the financial terms, their visibility and readers
/// stay with the party's earlier entry (the web form does not edit them).
pub fn apply_exchange(p: &mut Partnership, posted: &Values, errors: &mut ValidationErrors) {
    let mut earlier = std::mem::take(&mut p.value_exchange);
    for (i, row) in posted
        .rows("value_exchange", &EXCHANGE)
        .into_iter()
        .enumerate()
    {
        let path = format!("value_exchange[{i}].party");
        let Some(party) = organisation_from(&row[0], &path, errors) else {
            continue;
        };
        let mut entry = match earlier.iter().position(|v| v.party == party) {
            Some(at) => earlier.remove(at),
            None => ValueExchange {
                party,
                gives: String::new(),
                gets: String::new(),
                financial_terms: None,
                financial_visibility: concord_domain::Visibility::Parties,
                financial_readers: Vec::new(),
            },
        };
        entry.gives = row[1].clone();
        entry.gets = row[2].clone();
        p.value_exchange.push(entry);
    }
}

/// Reads the obligations back.
pub fn apply_obligations(p: &mut Partnership, posted: &Values, errors: &mut ValidationErrors) {
    let mut obligations = Vec::new();
    for (i, row) in posted
        .rows("obligations", &OBLIGATION)
        .into_iter()
        .enumerate()
    {
        let due = date_from(&row[2], &format!("obligations[{i}].due"), errors);
        let met = date_from(&row[3], &format!("obligations[{i}].met"), errors);
        let path = format!("obligations[{i}].party");
        if let Some(party) = organisation_from(&row[0], &path, errors) {
            obligations.push(Obligation {
                party,
                description: row[1].clone(),
                due,
                met,
            });
        }
    }
    p.obligations = obligations;
}

/// Reads the progress reports back; a report needs its date.
pub fn apply_reports(p: &mut Partnership, posted: &Values, errors: &mut ValidationErrors) {
    let mut reports = Vec::new();
    for (i, row) in posted
        .rows("progress_reports", &REPORT)
        .into_iter()
        .enumerate()
    {
        let path = format!("progress_reports[{i}].date");
        match date_from(&row[0], &path, errors) {
            Some(date) => reports.push(ProgressReport {
                date,
                text: row[1].clone(),
            }),
            None if row[0].is_empty() => errors.add(path, Problem::Required),
            None => {}
        }
    }
    p.progress_reports = reports;
}

/// A row's party: one of the organisations the form may name.
fn party_column(cx: &FormContext<'_>) -> Column {
    Column {
        key: "party",
        label: cx.t.msg("concord-record-field-party"),
        input: Input::Select(cx.organisation_choices()),
    }
}
