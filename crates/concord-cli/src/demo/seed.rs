//! Loads the demo's partnerships (`demo/seed_partnerships.json`) into a store.
//!
//! Runs after the movement entities (affiliates.csv) and the organisation datasets are imported:
//! partners that are already there (matched by QID, ROR, ISIL, then name and country) are
//! reused, the others are created; movement entities are looked up by name and country; then
//! each partnership not yet present is created. Every record is validated before anything is
//! written, and running it again changes nothing.

use std::collections::{HashMap, HashSet};

use anyhow::{Context, anyhow, bail};
use concord_domain::record::{Record, RecordKey, RecordKind, normalise_name};
use concord_domain::revision::RevisionAction;
use concord_domain::{OrganisationId, Partnership, PartnershipId, Viewer};
use concord_store::{Document, Edit, Store, new_id};

use super::seed_file::{PartyRef, SeedFile};

/// What a load did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Partner organisations created.
    pub organisations_created: usize,
    /// Partner organisations found already in the store and reused.
    pub organisations_reused: usize,
    /// Partnerships created.
    pub partnerships_created: usize,
    /// Partnerships already in the store, left as they are.
    pub partnerships_skipped: usize,
}

/// Loads the bundled data file into `store`, writing as `who`.
pub async fn load_seed_partnerships(store: &dyn Store, who: &Viewer) -> anyhow::Result<SeedReport> {
    let file = SeedFile::bundled()?;
    load_seed_file(store, who, &file).await
}

/// Loads a parsed data file into `store`, writing as `who`.
pub async fn load_seed_file(
    store: &dyn Store,
    who: &Viewer,
    file: &SeedFile,
) -> anyhow::Result<SeedReport> {
    let vocab = store
        .vocabularies()
        .await
        .context("while reading the vocabularies")?;
    let mut report = SeedReport::default();
    let mut ids: HashMap<String, OrganisationId> = HashMap::new();
    let mut new_orgs = Vec::new();
    for seed in &file.organisations {
        let org = seed.to_organisation(OrganisationId(new_id()))?;
        Record::validate(&org, &vocab)
            .map_err(|e| anyhow!("organisation `{}` is refused: {e}", seed.name))?;
        if ids.contains_key(&seed.name) {
            bail!("organisation `{}` is listed twice", seed.name);
        }
        let id = match find_organisation(store, &org.match_keys(), &seed.name).await? {
            Some(id) => {
                report.organisations_reused += 1;
                id
            }
            None => {
                new_orgs.push(org.clone());
                org.id
            }
        };
        ids.insert(seed.name.clone(), id);
    }
    resolve_entities(store, file, &mut ids).await?;

    let existing = existing_partnerships(store).await?;
    let mut new_partnerships = Vec::new();
    for seed in &file.partnerships {
        let partnership = seed.to_partnership(PartnershipId(new_id()), &ids)?;
        Record::validate(&partnership, &vocab)
            .map_err(|e| anyhow!("partnership `{}` is refused: {e}", seed.slug))?;
        if existing.contains(&seed.slug_tag()) || existing.contains(&seed.title) {
            report.partnerships_skipped += 1;
        } else {
            new_partnerships.push(partnership);
        }
    }

    report.organisations_created = new_orgs.len();
    report.partnerships_created = new_partnerships.len();
    save_all(
        store,
        who,
        &new_orgs,
        "demo: partner named in the seed pages",
    )
    .await
    .context("while creating the seed organisations")?;
    save_all(
        store,
        who,
        &new_partnerships,
        "demo: partnership from the seed pages",
    )
    .await
    .context("while creating the seed partnerships")?;
    Ok(report)
}

/// The existing organisation with the strongest of `keys`, unless it is deleted.
async fn find_organisation(
    store: &dyn Store,
    keys: &[String],
    name: &str,
) -> anyhow::Result<Option<OrganisationId>> {
    let found = store
        .find_by_match_keys(RecordKind::Organisation, keys)
        .await
        .with_context(|| format!("while looking up organisation `{name}`"))?;
    let Some((key, record)) = keys
        .iter()
        .find_map(|k| found.iter().find(|(fk, _, _)| fk == k))
        .map(|(k, r, _)| (k.clone(), *r))
    else {
        return Ok(None);
    };
    let doc = store
        .get(&Viewer::system("demo"), record)
        .await
        .with_context(|| format!("while reading the organisation that `{key}` names"))?;
    if doc.deleted {
        bail!(
            "organisation `{name}` matches {record} by `{key}`, which is deleted; restore it first"
        );
    }
    Ok(Some(OrganisationId(record.id)))
}

/// Adds the movement entities that the partnerships name to `ids`; each must be in the store.
async fn resolve_entities(
    store: &dyn Store,
    file: &SeedFile,
    ids: &mut HashMap<String, OrganisationId>,
) -> anyhow::Result<()> {
    for seed in &file.partnerships {
        for party in &seed.parties {
            let reference = party
                .reference()
                .with_context(|| format!("partnership `{}`: parties", seed.slug))?;
            let PartyRef::Entity { name, country } = reference else {
                continue;
            };
            if ids.contains_key(name) {
                continue;
            }
            let key = format!("name:{}|{}", normalise_name(name), country.unwrap_or(""));
            let found = store
                .find_by_match_keys(RecordKind::Organisation, std::slice::from_ref(&key))
                .await
                .with_context(|| format!("while looking up movement entity `{name}`"))?;
            let Some((_, record, _)) = found.first() else {
                bail!(
                    "movement entity `{name}` ({}) named by partnership `{}` is not in the \
                     database; import wikimedia-affiliates first",
                    country.unwrap_or("no country"),
                    seed.slug
                );
            };
            check_entity(store, *record, name).await?;
            ids.insert(name.to_owned(), OrganisationId(record.id));
        }
    }
    Ok(())
}

/// Fails unless `record` is a live movement entity.
async fn check_entity(store: &dyn Store, record: RecordKey, name: &str) -> anyhow::Result<()> {
    let doc = store
        .get(&Viewer::system("demo"), record)
        .await
        .with_context(|| format!("while reading movement entity `{name}`"))?;
    let is_entity = doc
        .body
        .get("movement_entity")
        .is_some_and(|m| !m.is_null());
    if doc.deleted || !is_entity {
        bail!("`{name}` ({record}) is deleted or not a movement entity");
    }
    Ok(())
}

/// The slug tags and English titles of the partnerships already stored.
async fn existing_partnerships(store: &dyn Store) -> anyhow::Result<HashSet<String>> {
    let who = Viewer::system("demo");
    let mut seen = HashSet::new();
    let mut after = None;
    loop {
        let page = store
            .list(&who, RecordKind::Partnership, after, 500)
            .await
            .context("while listing the stored partnerships")?;
        let Some(last) = page.last() else {
            return Ok(seen);
        };
        after = Some(last.key.id);
        for doc in &page {
            let partnership: Partnership = serde_json::from_value(doc.body.clone())
                .with_context(|| format!("while reading partnership {}", doc.key))?;
            seen.insert(partnership.label());
            seen.extend(
                partnership
                    .tags
                    .into_iter()
                    .filter(|t| t.starts_with("demo:")),
            );
        }
    }
}

/// Creates `records` in one transaction.
async fn save_all<R: Record>(
    store: &dyn Store,
    who: &Viewer,
    records: &[R],
    summary: &str,
) -> anyhow::Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    let mut edits = Vec::with_capacity(records.len());
    for record in records {
        edits.push(Edit {
            who: who.clone(),
            document: Document::from_record(record)
                .with_context(|| format!("while serialising `{}`", record.label()))?,
            base: None,
            action: RevisionAction::Create,
            summary: summary.to_owned(),
        });
    }
    store.save_batch(edits).await?;
    Ok(())
}
