//! What falls due soon: the open obligations and unreached milestones, due within
//! [`HORIZON_DAYS`], of the viewer's visible partnerships that are under way. The partnerships
//! come from the search index (so visibility holds), the most recently changed [`SCANNED`].

use chrono::{Days, NaiveDate, Utc};
use concord_domain::{RecordKind, Viewer};
use concord_http::api::v1::support::redacted_body;
use concord_http::error::AppError;
use concord_i18n::Localizer;
use concord_search::SearchResults;
use serde_json::Value;

use crate::search::rows::record_href;
use crate::search::text::{Localized, title};

/// The statuses of partnerships whose deadlines are listed.
pub const UNDER_WAY: [&str; 3] = ["approved", "active", "reviewing"];
/// How many partnerships are read for their deadlines.
pub const SCANNED: usize = 100;
/// How far ahead deadlines are listed.
const HORIZON_DAYS: u64 = 30;
/// How many deadlines are listed.
const SHOWN: usize = 10;

/// One deadline.
pub struct Due {
    /// When, in the reader's date format.
    pub date: String,
    /// What is due (an obligation's description or a milestone's title).
    pub what: String,
    /// The partnership's title.
    pub title: Localized,
    /// The partnership's page.
    pub href: String,
    sort: NaiveDate,
}

/// The deadlines of the partnerships in `found`, soonest first.
pub fn upcoming(
    viewer: &Viewer,
    t: &Localizer,
    found: &SearchResults,
) -> Result<Vec<Due>, AppError> {
    let today = Utc::now().date_naive();
    let until = today
        .checked_add_days(Days::new(HORIZON_DAYS))
        .unwrap_or(today);
    let mut due = Vec::new();
    for hit in &found.hits {
        let body = hit.value().map_err(AppError::internal)?;
        let body = redacted_body(RecordKind::Partnership, body, viewer)?;
        let soon = deadlines(&body)
            .into_iter()
            .filter(|(date, _)| (today..=until).contains(date));
        for (date, what) in soon {
            due.push(Due {
                date: t.date(date),
                what,
                title: title(RecordKind::Partnership, &body, t.lang()),
                href: record_href(&hit.key),
                sort: date,
            });
        }
    }
    due.sort_by_key(|d| d.sort);
    due.truncate(SHOWN);
    Ok(due)
}

/// The open deadlines of a partnership: obligations not met and milestones not reached.
fn deadlines(body: &Value) -> Vec<(NaiveDate, String)> {
    let open = |list: &str, done: &str, what: &str| -> Vec<(NaiveDate, String)> {
        body[list]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|item| item[done].is_null())
            .filter_map(|item| {
                let date = item["due"].as_str()?.parse().ok()?;
                Some((date, item[what].as_str().unwrap_or_default().to_owned()))
            })
            .collect()
    };
    let mut all = open("obligations", "met", "description");
    all.extend(open("milestones", "reached", "title"));
    all
}
