//! A partnership's regions, for its `region` facet (the start page counts partnerships by
//! region; a search can filter on it). A partnership has no region of its own, so it takes its
//! parties' (an organisation's regions plus the M49 areas of its country): those of the parties
//! outside the movement, where the work happens, or, when every party is a movement entity,
//! theirs. Only public parties count, so the facet never tells where a restricted organisation
//! is.
//!
//! A party is read as the batch being applied leaves it, else as the committed index holds it.
//! When an organisation of the batch changes what it gives (regions, country, visibility,
//! membership of the movement), the partnerships naming it are rebuilt.

use std::collections::{BTreeSet, HashMap};

use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::revision::RevisionAction;
use concord_domain::{Organisation, Visibility};
use concord_store::LoggedRevision;
use uuid::Uuid;

use crate::partners::Partnerships;
use crate::query::SearchError;

/// The organisations of one batch, for the regions of its partnerships.
pub(crate) struct PartyRegions<'a> {
    /// Each organisation's latest snapshot in the batch (`None` when the batch leaves it
    /// deleted), and whether the batch creates it.
    batch: HashMap<Uuid, (Option<&'a str>, bool)>,
}

/// What a public organisation gives the partnerships that name it.
#[derive(Debug, PartialEq)]
struct Contribution {
    movement: bool,
    regions: Vec<String>,
}

/// The contribution of an organisation's snapshot: none when it is not public (or does not
/// parse: it is then left out of the index, and its error logged where it is added).
fn contribution(snapshot: &str) -> Option<Contribution> {
    let org: Organisation = serde_json::from_str(snapshot).ok()?;
    (org.visibility == Visibility::Public).then(|| Contribution {
        movement: org.movement_entity.is_some(),
        regions: org.all_regions(),
    })
}

impl<'a> PartyRegions<'a> {
    /// The organisations among `latest`: the latest revision of each record in a batch, with
    /// the action of its first revision there.
    pub(crate) fn of_batch(latest: &[(&'a LoggedRevision, RevisionAction)]) -> Self {
        let batch = latest
            .iter()
            .filter(|(r, _)| r.record.kind == RecordKind::Organisation)
            .map(|(r, first)| {
                let now = (!r.action.leaves_deleted()).then_some(r.snapshot.as_str());
                (r.record.id, (now, *first == RevisionAction::Create))
            })
            .collect();
        Self { batch }
    }

    /// The regions of a partnership naming `parties`, sorted.
    pub(crate) fn of(
        &self,
        partnerships: &Partnerships<'_>,
        parties: &[Uuid],
    ) -> Result<Vec<String>, SearchError> {
        let (mut outside, mut movement) = (BTreeSet::new(), BTreeSet::new());
        for id in parties {
            let Some(c) = self.now(partnerships, id)? else {
                continue;
            };
            let into = if c.movement {
                &mut movement
            } else {
                &mut outside
            };
            into.extend(c.regions);
        }
        let regions = if outside.is_empty() {
            movement
        } else {
            outside
        };
        Ok(regions.into_iter().collect())
    }

    /// The committed partnerships to rebuild because an organisation of the batch changed what
    /// it gives them. An organisation the batch creates cannot be named by one yet.
    pub(crate) fn changed(
        &self,
        partnerships: &Partnerships<'_>,
    ) -> Result<BTreeSet<RecordKey>, SearchError> {
        let mut keys = BTreeSet::new();
        if !partnerships.any_indexed() {
            return Ok(keys);
        }
        for (id, (now, created)) in &self.batch {
            if *created {
                continue;
            }
            let before = partnerships
                .indexed(&organisation(*id))?
                .and_then(|i| contribution(&i.snapshot));
            if before != now.and_then(contribution) {
                keys.extend(partnerships.naming(id)?);
            }
        }
        Ok(keys)
    }

    /// An organisation as the batch leaves it, else as the index holds it.
    fn now(
        &self,
        partnerships: &Partnerships<'_>,
        id: &Uuid,
    ) -> Result<Option<Contribution>, SearchError> {
        if let Some((now, _)) = self.batch.get(id) {
            return Ok(now.and_then(contribution));
        }
        Ok(partnerships
            .indexed(&organisation(*id))?
            .and_then(|i| contribution(&i.snapshot)))
    }
}

fn organisation(id: Uuid) -> RecordKey {
    RecordKey {
        kind: RecordKind::Organisation,
        id,
    }
}
