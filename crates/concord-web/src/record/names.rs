//! The names of the records a record links to, read in one store call (`Store::get_many`),
//! shown in the reader's language and linked to their pages. A linked record the viewer may not
//! see is not named and not linked.

use std::collections::HashMap;

use concord_domain::Viewer;
use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::text::Translatable;
use concord_http::error::AppError;
use concord_i18n::Localizer;
use concord_store::Store;
use serde_json::Value;

use super::path_of;
use super::text::{Shown, own, translated};

/// A linked record as a page shows it.
#[derive(Clone, Debug)]
pub struct Link {
    /// Its page, when the viewer may see it.
    pub href: Option<String>,
    /// Its name, or "a record you may not see".
    pub name: Shown,
}

/// The names of the linked records the viewer may see.
#[derive(Debug, Default)]
pub struct Names {
    found: HashMap<RecordKey, Shown>,
    hidden: String,
}

impl Names {
    /// Reads the names of `keys` for `viewer` in one call (none when `keys` is empty).
    pub async fn read(
        store: &dyn Store,
        viewer: &Viewer,
        t: &Localizer,
        mut keys: Vec<RecordKey>,
    ) -> Result<Self, AppError> {
        keys.sort();
        keys.dedup();
        let docs = if keys.is_empty() {
            Vec::new()
        } else {
            store.get_many(viewer, &keys).await?
        };
        let found = docs
            .into_iter()
            .filter(|d| !d.deleted)
            .map(|d| (d.key, title_of(t, d.key.kind, &d.body)))
            .collect();
        Ok(Self {
            found,
            hidden: t.msg("concord-record-unavailable"),
        })
    }

    /// The link to `key`.
    pub fn link(&self, key: RecordKey) -> Link {
        match self.found.get(&key) {
            Some(name) => Link {
                href: Some(path_of(key)),
                name: name.clone(),
            },
            None => Link {
                href: None,
                name: Shown::plain(&self.hidden),
            },
        }
    }

    /// The link to the record `id` of `kind`.
    pub fn of(&self, kind: RecordKind, id: impl Into<uuid::Uuid>) -> Link {
        self.link(RecordKey {
            kind,
            id: id.into(),
        })
    }
}

/// The title of a stored body of `kind` in the reader's language: an organisation's name in
/// the reader's language (else its name), a person's name, a partnership's or need's title, a glossary term's term.
pub fn title_of(t: &Localizer, kind: RecordKind, body: &Value) -> Shown {
    let texts = |field: &str| -> Translatable {
        serde_json::from_value(body[field].clone()).unwrap_or_default()
    };
    let name = || Shown::plain(body["name"].as_str().unwrap_or_default());
    let shown = match kind {
        RecordKind::Organisation => {
            let names = texts("names");
            own(t, &names).map_or_else(name, Shown::plain)
        }
        RecordKind::Person
        | RecordKind::RoutingRule
        | RecordKind::RedLine
        | RecordKind::ApprovalPolicy
        | RecordKind::AssessmentTemplate => name(),
        RecordKind::Partnership | RecordKind::Need => translated(t, &texts("title")),
        RecordKind::GlossaryTerm => translated(t, &texts("term")),
        RecordKind::Inquiry => Shown::plain(body["organisation"].as_str().unwrap_or_default()),
    };
    if shown.is_empty() {
        Shown::plain(body["id"].as_str().unwrap_or_default())
    } else {
        shown
    }
}
