//! Dataset import: every folder of `shared/data`, deduplication across datasets.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

mod import_support;

use std::time::Instant;

use concord_cli::import::NoProgress;
use concord_cli::import::dataset::{Dataset, import_all_datasets, import_dataset};
use concord_domain::record::normalise_name;
use concord_domain::{Organisation, RecordKind};
use concord_store::{Store, Stored};
use import_support::{admin, data_dir, file, sqlite};

async fn all(store: &dyn Store) -> Vec<Organisation> {
    let who = admin();
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list(&who, RecordKind::Organisation, after, 1000)
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.key.id);
        out.extend(page.into_iter().map(|d| {
            Stored::<Organisation>::from_document(d, &who)
                .unwrap()
                .record
        }));
    }
    out
}

/// Every affiliate of the list is one organisation: no other carries one of its names (its
/// name or its other name, as the research datasets write them) in its country.
fn each_affiliate_exists_once(orgs: &[Organisation]) {
    let path = data_dir().join("wikimedia-affiliates/affiliates.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut twice = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        let names: Vec<String> = [&row[0], &row[1]]
            .into_iter()
            .map(normalise_name)
            .filter(|n| !n.is_empty())
            .collect();
        let country = Some(&row[4]).filter(|c| !c.is_empty() && !c.contains(';'));
        let carrying: Vec<&Organisation> = orgs
            .iter()
            .filter(|o| country.is_none_or(|c| o.country.as_deref() == Some(c)))
            .filter(|o| {
                std::iter::once(o.name.as_str())
                    .chain(o.names.texts())
                    .any(|n| names.contains(&normalise_name(n)))
            })
            .collect();
        if carrying.len() != 1 {
            let found: Vec<(&str, Option<&str>)> = carrying
                .iter()
                .map(|o| (o.name.as_str(), o.identifiers.wikidata.as_deref()))
                .collect();
            twice.push(format!("{} ({}): {found:?}", &row[0], &row[4]));
        }
    }
    assert!(twice.is_empty(), "affiliates not exactly once: {twice:#?}");
}

/// A data folder like `shared/data`: the whole affiliates list, and the rows of the research
/// datasets that name a Wiki… body (where the affiliates' other names are found).
fn wiki_data_dir() -> tempfile::TempDir {
    use std::io::{BufRead, Write};
    let from = data_dir();
    let dir = tempfile::tempdir().unwrap();
    let copy = |folder: &str, file: &str, keep: &dyn Fn(&str) -> bool| {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        let text = std::fs::read_to_string(from.join(folder).join(file)).unwrap();
        let mut lines = text.lines();
        let mut out = format!("{}\n", lines.next().unwrap());
        out.extend(lines.filter(|l| keep(l)).map(|l| format!("{l}\n")));
        std::fs::write(dir.path().join(folder).join(file), out).unwrap();
    };
    copy("wikimedia-affiliates", "affiliates.csv", &|_| true);
    copy("glam-isil-wikidata", "glam_isil_wikidata.csv", &|l| {
        l.contains("iki")
    });
    let ror = Dataset::Ror;
    let gz = std::fs::File::open(from.join(ror.folder()).join(ror.file())).unwrap();
    let lines = std::io::BufReader::new(flate2::read::GzDecoder::new(gz)).lines();
    std::fs::create_dir_all(dir.path().join(ror.folder())).unwrap();
    let out = std::fs::File::create(dir.path().join(ror.folder()).join(ror.file())).unwrap();
    let mut out = flate2::write::GzEncoder::new(out, flate2::Compression::fast());
    for line in lines
        .map(Result::unwrap)
        .filter(|l| l.contains("\"name\":\"Wiki"))
    {
        writeln!(out, "{line}").unwrap();
    }
    out.finish().unwrap();
    let unis = Dataset::Universities;
    std::fs::create_dir_all(dir.path().join(unis.folder())).unwrap();
    std::fs::write(dir.path().join(unis.folder()).join(unis.file()), "[]").unwrap();
    dir
}

#[tokio::test]
async fn the_demo_import_holds_each_affiliate_once_and_a_second_run_writes_nothing() {
    let (_db, store) = sqlite().await;
    let data = wiki_data_dir();
    let reports = import_all_datasets(&store, &admin(), None, data.path(), &NoProgress)
        .await
        .unwrap();
    let ror = &reports.iter().find(|(d, _)| *d == Dataset::Ror).unwrap().1;
    assert!(ror.total() > 5, "{ror}");
    each_affiliate_exists_once(&all(&store).await);
    let head = store.head().await.unwrap();
    let again = import_all_datasets(&store, &admin(), None, data.path(), &NoProgress)
        .await
        .unwrap();
    for (dataset, report) in &again {
        assert_eq!(
            (report.created, report.updated),
            (0, 0),
            "{dataset:?}: {report}"
        );
    }
    assert_eq!(store.head().await.unwrap(), head);
}

#[tokio::test]
async fn affiliates_become_movement_entities_and_reimport_is_unchanged() {
    let (_db, store) = sqlite().await;
    let dir = data_dir().join("wikimedia-affiliates");
    let report = import_dataset(&store, &admin(), None, &dir, &NoProgress)
        .await
        .unwrap();
    assert_eq!(report.created, 187, "{report:?}");
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let orgs = all(&store).await;
    let wmf = orgs
        .iter()
        .find(|o| o.name == "Wikimedia Foundation")
        .unwrap();
    assert_eq!(wmf.kind, "foundation");
    assert_eq!(wmf.movement_entity.as_ref().unwrap().kind, "foundation");
    let de = orgs.iter().find(|o| o.name == "Wikimedia Germany").unwrap();
    assert_eq!(
        de.names.0.get("de").map(String::as_str),
        Some("Wikimedia Deutschland")
    );
    assert_eq!(de.movement_entity.as_ref().unwrap().kind, "chapter");
    let head = store.head().await.unwrap();
    let again = import_dataset(&store, &admin(), None, &dir, &NoProgress)
        .await
        .unwrap();
    assert_eq!(again.unchanged, 187, "{again:?}");
    assert_eq!(store.head().await.unwrap(), head);
}

#[tokio::test]
async fn countries_import_nothing_and_unknown_folders_are_named() {
    let (_db, store) = sqlite().await;
    let report = import_dataset(
        &store,
        &admin(),
        None,
        &data_dir().join("countries"),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(report.total(), 0);
    let err = import_dataset(
        &store,
        &admin(),
        None,
        &data_dir().join("languages"),
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert!(
        format!("{err:#}").contains("not a known dataset"),
        "{err:#}"
    );
}

#[tokio::test]
async fn a_body_in_ror_and_glam_with_the_same_qid_is_one_record() {
    let ror = r#"{"ror_id":"0000ev088","name":"Test Research Museum","types":["facility"],"status":"active","country_code":"DE","website":"https://example.org","labels":[{"lang":"de","value":"Testforschungsmuseum"},{"lang":null,"value":"x"}],"wikidata":"Q950"}
{"ror_id":"0000ev088","name":"Withdrawn","types":[],"status":"withdrawn","country_code":"DE","website":null,"labels":[],"wikidata":null}
"#;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, ror.as_bytes()).unwrap();
    let (dir, _) = file("ror_records.jsonl.gz", &gz.finish().unwrap());
    let glam = "wikidata,label,isil,country_code,gnd,dbs_id\nQ950,Museum Schnütgen,DE-MUS-079016,DE,,\nQ951,,DE-1,DE,,\n";
    std::fs::write(dir.path().join("glam_isil_wikidata.csv"), glam).unwrap();

    let (_db, store) = sqlite().await;
    let ror_report = import_dataset(
        &store,
        &admin(),
        None,
        &dir.path().join("ror_records.jsonl.gz"),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(
        ror_report.created, 1,
        "withdrawn records are left out: {ror_report:?}"
    );
    let glam_report = import_dataset(
        &store,
        &admin(),
        None,
        &dir.path().join("glam_isil_wikidata.csv"),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(
        (glam_report.created, glam_report.updated),
        (0, 1),
        "{glam_report:?}"
    );
    assert_eq!(
        glam_report.skipped[0].line, 3,
        "the row without a label is reported"
    );
    let orgs = all(&store).await;
    assert_eq!(orgs.len(), 1);
    let o = &orgs[0];
    assert_eq!(o.identifiers.ror.as_deref(), Some("0000ev088"));
    assert_eq!(o.identifiers.isil, ["DE-MUS-079016"]);
    assert_eq!(
        o.names.0.get("de").map(String::as_str),
        Some("Testforschungsmuseum")
    );
}

/// `cargo test --release -p concord-cli --test import_dataset -- --ignored --nocapture`
#[tokio::test]
#[ignore = "imports about 100,000 organisations: run in release to measure the rate"]
async fn every_dataset_in_one_run_deduplicates_and_a_second_run_writes_nothing() {
    let (_db, store) = sqlite().await;
    let started = Instant::now();
    let reports = import_all_datasets(&store, &admin(), None, &data_dir(), &NoProgress)
        .await
        .unwrap();
    let elapsed = started.elapsed();
    let count = store.count(RecordKind::Organisation).await.unwrap();
    for (dataset, report) in &reports {
        println!("{}: {report}", dataset.folder());
    }
    let total: usize = reports.iter().map(|(_, r)| r.total()).sum();
    let rate = total as f64 / elapsed.as_secs_f64();
    println!("{count} organisations from {total} records in {elapsed:?}: {rate:.0} records/s");
    let ror = &reports.iter().find(|(d, _)| *d == Dataset::Ror).unwrap().1;
    let glam = &reports.iter().find(|(d, _)| *d == Dataset::Glam).unwrap().1;
    assert!(
        glam.updated + glam.unchanged > 0,
        "some GLAM bodies are in ROR too"
    );
    assert!(
        ror.skipped.is_empty(),
        "{:?}",
        &ror.skipped[..ror.skipped.len().min(5)]
    );
    assert!(count > 90_000, "{count}");
    each_affiliate_exists_once(&all(&store).await);

    let head = store.head().await.unwrap();
    let started = Instant::now();
    let again = import_all_datasets(&store, &admin(), None, &data_dir(), &NoProgress)
        .await
        .unwrap();
    println!("second run in {:?}", started.elapsed());
    for (dataset, report) in &again {
        assert_eq!(
            (report.created, report.updated),
            (0, 0),
            "{}: {report}",
            dataset.folder()
        );
    }
    assert_eq!(
        store.head().await.unwrap(),
        head,
        "a second run writes no revision"
    );
}
