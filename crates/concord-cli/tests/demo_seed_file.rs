//! The demo's partnership data file: it parses, every record validates against the default
//! vocabularies, and every party is a partner of the file or a movement entity of
//! affiliates.csv.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use concord_cli::demo::seed_file::{PartyRef, SeedFile};
use concord_domain::{OrganisationId, PartnershipId, Vocabularies};
use uuid::Uuid;

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(path)
}

/// affiliates.csv: name → its countries.
fn affiliates() -> anyhow::Result<HashMap<String, Vec<String>>> {
    let path = shared("data/wikimedia-affiliates/affiliates.csv");
    let mut reader = csv::Reader::from_path(&path)?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| anyhow::anyhow!("affiliates.csv has no column `{name}`"))
    };
    let (name, countries) = (column("name")?, column("country_codes")?);
    let mut out = HashMap::new();
    for r in reader.records() {
        let r = r?;
        let codes = r[countries]
            .split(';')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        out.insert(r[name].to_owned(), codes);
    }
    Ok(out)
}

fn fake_id(n: usize) -> OrganisationId {
    OrganisationId(Uuid::from_u128(n as u128 + 1))
}

#[test]
fn every_organisation_validates() {
    let file = SeedFile::bundled().unwrap();
    let vocab = Vocabularies::defaults();
    let mut names = HashSet::new();
    let mut qids = HashSet::new();
    for (i, seed) in file.organisations.iter().enumerate() {
        let org = seed.to_organisation(fake_id(i)).unwrap();
        if let Err(e) = org.validate(&vocab) {
            panic!("organisation `{}`: {e}", seed.name);
        }
        assert!(names.insert(&seed.name), "`{}` is listed twice", seed.name);
        if let Some(q) = &seed.identifiers.wikidata {
            assert!(qids.insert(q), "QID {q} is given twice");
        }
        assert!(
            !seed.description.trim().is_empty(),
            "`{}` has no description",
            seed.name
        );
    }
}

#[test]
fn every_partnership_validates_with_its_parties_resolved() {
    let file = SeedFile::bundled().unwrap();
    let vocab = Vocabularies::defaults();
    let affiliates = affiliates().unwrap();
    let mut ids: HashMap<String, OrganisationId> = file
        .organisations
        .iter()
        .enumerate()
        .map(|(i, o)| (o.name.clone(), fake_id(i)))
        .collect();
    for seed in &file.partnerships {
        for party in &seed.parties {
            match party.reference().unwrap() {
                PartyRef::Partner(name) => assert!(
                    ids.contains_key(name),
                    "partnership `{}`: partner `{name}` is not in `organisations`",
                    seed.slug
                ),
                PartyRef::Entity { name, country } => {
                    let countries = affiliates.get(name).unwrap_or_else(|| {
                        panic!(
                            "partnership `{}`: `{name}` is not in affiliates.csv",
                            seed.slug
                        )
                    });
                    let country = country.unwrap_or_default();
                    assert!(
                        countries.iter().any(|c| c == country),
                        "partnership `{}`: `{name}` has countries {countries:?}, not `{country}`",
                        seed.slug
                    );
                    let next = fake_id(10_000 + ids.len());
                    ids.entry(name.to_owned()).or_insert(next);
                }
            }
        }
    }
    for (i, seed) in file.partnerships.iter().enumerate() {
        let id = PartnershipId(Uuid::from_u128(i as u128 + 1));
        let partnership = seed
            .to_partnership(id, &ids)
            .unwrap_or_else(|e| panic!("{e:#}"));
        if let Err(e) = partnership.validate(&vocab) {
            panic!("partnership `{}`: {e}", seed.slug);
        }
    }
}

#[test]
fn slugs_titles_and_sources_are_sound() {
    let file = SeedFile::bundled().unwrap();
    let seeds: Vec<String> = std::fs::read_dir(shared("seeds"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let (mut slugs, mut titles) = (HashSet::new(), HashSet::new());
    for p in &file.partnerships {
        assert!(slugs.insert(&p.slug), "slug `{}` is used twice", p.slug);
        assert!(titles.insert(&p.title), "title `{}` is used twice", p.title);
        assert!(!p.sources.is_empty(), "`{}` cites no seed page", p.slug);
        for source in &p.sources {
            let number = source
                .strip_prefix("seed:")
                .unwrap_or_else(|| panic!("`{}`: source `{source}` is not `seed:NNN`", p.slug));
            assert!(
                seeds.iter().any(|f| f.starts_with(&format!("{number}_"))),
                "`{}`: no seed page {number}",
                p.slug
            );
        }
    }
    let used: HashSet<&str> = file
        .partnerships
        .iter()
        .flat_map(|p| &p.parties)
        .map(|p| p.name())
        .collect();
    for o in &file.organisations {
        assert!(
            used.contains(o.name.as_str()),
            "`{}` is in no partnership",
            o.name
        );
    }
}

/// A QID that the GLAM dataset also has must carry the same ISIL there, so a typo cannot
/// merge a partner with an unrelated imported organisation.
#[test]
fn qids_agree_with_the_glam_dataset() {
    let file = SeedFile::bundled().unwrap();
    let path = shared("data/glam-isil-wikidata/glam_isil_wikidata.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let glam: HashMap<String, String> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[2].to_uppercase())
        })
        .collect();
    for o in &file.organisations {
        let Some(q) = &o.identifiers.wikidata else {
            continue;
        };
        if let Some(isils) = glam.get(q) {
            assert!(
                o.identifiers
                    .isil
                    .iter()
                    .any(|i| isils.split(';').any(|g| g == i.to_uppercase())),
                "`{}`: {q} is {isils} in the GLAM dataset",
                o.name
            );
        }
    }
}
