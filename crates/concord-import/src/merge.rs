//! How an incoming organisation is merged into the one it matched, and when a match is refused.
//!
//! Pure functions, no store: the import engine (in concord-cli) calls them. The id, relationship and visibility of the
//! existing record never change (people curate those); identifiers, names, regions and tags are
//! unioned; the other fields are overwritten by non-empty incoming values — or only filled when
//! `fill_only`, which the engine uses when the record was already touched earlier in the same run,
//! so that the first source of a run wins and a second run of the same sources changes nothing.

use concord_domain::Organisation;

/// The kind given to organisations whose kind is unknown; it never overwrites a known kind.
pub const UNKNOWN_KIND: &str = "other";

/// The strength of a match key: 0 QID, 1 ROR, 2 ISIL, 3 name + country.
pub fn key_level(key: &str) -> u8 {
    match key.split_once(':').map(|(prefix, _)| prefix) {
        Some("qid") => 0,
        Some("ror") => 1,
        Some("isil") => 2,
        _ => 3,
    }
}

fn differ(a: Option<&String>, b: Option<&String>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a != b)
}

/// Whether a match found by a key of `level` must be refused because a stronger identifier
/// disagrees: two records with different QIDs are different bodies even if their names agree.
pub fn conflicts(existing: &Organisation, incoming: &Organisation, level: u8) -> bool {
    let (e, i) = (&existing.identifiers, &incoming.identifiers);
    (level >= 1 && differ(e.wikidata.as_ref(), i.wikidata.as_ref()))
        || (level >= 2 && differ(e.ror.as_ref(), i.ror.as_ref()))
        || (level >= 3
            && !e.isil.is_empty()
            && !i.isil.is_empty()
            && !e.isil.iter().any(|x| i.isil.contains(x)))
}

fn set_option(target: &mut Option<String>, value: Option<String>, fill_only: bool) {
    if value.is_some() && (!fill_only || target.is_none()) {
        *target = value;
    }
}

fn union(target: &mut Vec<String>, values: Vec<String>) {
    for v in values {
        if !target.contains(&v) {
            target.push(v);
        }
    }
}

/// `existing` with `incoming` merged in, as described in the module docs.
pub fn merge_organisation(
    existing: &Organisation,
    incoming: Organisation,
    fill_only: bool,
) -> Organisation {
    let mut out = existing.clone();
    if !incoming.name.trim().is_empty() && (!fill_only || out.name.trim().is_empty()) {
        out.name = incoming.name;
    }
    for (lang, text) in incoming.names.0 {
        if !fill_only || !out.names.0.contains_key(&lang) {
            out.names.0.insert(lang, text);
        }
    }
    for (lang, text) in incoming.description.0 {
        if !fill_only || !out.description.0.contains_key(&lang) {
            out.description.0.insert(lang, text);
        }
    }
    if incoming.kind != UNKNOWN_KIND && (!fill_only || out.kind == UNKNOWN_KIND) {
        out.kind = incoming.kind;
    }
    set_option(&mut out.country, incoming.country, fill_only);
    set_option(&mut out.website, incoming.website, fill_only);
    let ids = incoming.identifiers;
    set_option(&mut out.identifiers.wikidata, ids.wikidata, fill_only);
    set_option(&mut out.identifiers.ror, ids.ror, fill_only);
    union(&mut out.identifiers.isil, ids.isil);
    union(&mut out.regions, incoming.regions);
    union(&mut out.tags, incoming.tags);
    if incoming.movement_entity.is_some() && (!fill_only || out.movement_entity.is_none()) {
        out.movement_entity = incoming.movement_entity;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_domain::identifier::Identifiers;
    use concord_domain::{OrganisationId, RelationshipStatus, Visibility};

    fn org(name: &str, qid: Option<&str>) -> Organisation {
        Organisation {
            id: OrganisationId(uuid::Uuid::from_u128(1)),
            name: name.into(),
            names: Default::default(),
            kind: UNKNOWN_KIND.into(),
            country: Some("DE".into()),
            regions: vec![],
            website: None,
            identifiers: Identifiers {
                wikidata: qid.map(Into::into),
                ..Identifiers::default()
            },
            description: Default::default(),
            relationship: RelationshipStatus::Partner,
            movement_entity: None,
            visibility: Visibility::Movement,
            readers: vec![],
            tags: vec![],
        }
    }

    #[test]
    fn incoming_values_overwrite_but_curated_fields_stay() {
        let existing = org("Old", Some("Q1"));
        let mut incoming = org("New", None);
        incoming.id = OrganisationId(uuid::Uuid::from_u128(2));
        incoming.kind = "museum".into();
        incoming.relationship = RelationshipStatus::Prospect;
        incoming.visibility = Visibility::Public;
        incoming.identifiers.isil = vec!["DE-1".into()];
        let merged = merge_organisation(&existing, incoming, false);
        assert_eq!(merged.id, existing.id);
        assert_eq!(merged.name, "New");
        assert_eq!(merged.kind, "museum");
        assert_eq!(merged.identifiers.wikidata.as_deref(), Some("Q1"));
        assert_eq!(merged.identifiers.isil, ["DE-1"]);
        assert_eq!(merged.relationship, RelationshipStatus::Partner);
        assert_eq!(merged.visibility, Visibility::Movement);
    }

    #[test]
    fn fill_only_keeps_the_first_source_and_merging_twice_changes_nothing() {
        let mut existing = org("First", Some("Q1"));
        existing.kind = "university".into();
        let mut incoming = org("Second", Some("Q1"));
        incoming.kind = "museum".into();
        incoming.website = Some("https://example.org/".into());
        let merged = merge_organisation(&existing, incoming.clone(), true);
        assert_eq!(
            (merged.name.as_str(), merged.kind.as_str()),
            ("First", "university")
        );
        assert_eq!(merged.website.as_deref(), Some("https://example.org/"));
        assert_eq!(merge_organisation(&merged, incoming, true), merged);
    }

    #[test]
    fn a_weaker_key_never_joins_records_with_different_stronger_identifiers() {
        let a = org("Stadtbibliothek", Some("Q1"));
        let b = org("Stadtbibliothek", Some("Q2"));
        assert!(conflicts(&a, &b, key_level("name:stadtbibliothek|DE")));
        assert!(!conflicts(&a, &b, key_level("qid:Q1")));
        assert!(!conflicts(&a, &org("Stadtbibliothek", None), 3));
    }
}
