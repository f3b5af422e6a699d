//! Updates, deletes, paging, sorting, and a damaged index directory.

mod common;

use common::{Log, all, index_of, names, org};
use concord_domain::Viewer;
use concord_domain::revision::RevisionAction;
use concord_search::{SearchIndex, SearchQuery, Sort};

#[test]
fn an_update_reindexes_and_a_delete_removes() {
    let mut log = Log::default();
    let mut o = org(1, "Old name", "SE");
    let index = index_of(&[log.create(&o)]);
    o.name = "New name".into();
    index.apply(&[log.rev(RevisionAction::Update, &o)]).unwrap();
    let viewer = Viewer::anonymous();
    assert_eq!(index.search(&viewer, &common::q("old")).unwrap().total, 0);
    assert_eq!(
        names(&index.search(&viewer, &common::q("new")).unwrap()),
        ["New name"]
    );
    assert_eq!(index.search(&viewer, &all()).unwrap().total, 1);
    index.apply(&[log.rev(RevisionAction::Delete, &o)]).unwrap();
    assert_eq!(index.search(&viewer, &all()).unwrap().total, 0);
    index
        .apply(&[log.rev(RevisionAction::Restore, &o)])
        .unwrap();
    assert_eq!(index.search(&viewer, &all()).unwrap().total, 1);
    assert_eq!(index.last_applied().0, 4);
}

#[test]
fn a_batch_keeps_only_the_latest_state_of_each_record() {
    let mut log = Log::default();
    let mut o = org(1, "First", "SE");
    let mut revs = vec![log.create(&o)];
    o.name = "Second".into();
    revs.push(log.rev(RevisionAction::Update, &o));
    let gone = org(2, "Gone", "SE");
    revs.push(log.create(&gone));
    revs.push(log.rev(RevisionAction::Delete, &gone));
    let index = index_of(&revs);
    assert_eq!(
        names(&index.search(&Viewer::anonymous(), &all()).unwrap()),
        ["Second"]
    );
    index.apply(&revs).unwrap();
    assert_eq!(index.search(&Viewer::anonymous(), &all()).unwrap().total, 1);
}

fn many(n: u128) -> SearchIndex {
    let mut log = Log::default();
    let revs: Vec<_> = (0..n)
        .map(|i| log.create(&org(i + 1, &format!("Body {:03}", (i * 37) % n), "SE")))
        .collect();
    index_of(&revs)
}

#[test]
fn cursor_pages_cover_every_hit_once() {
    let index = many(125);
    for (sort, text) in [
        (Sort::Name, None),
        (Sort::Updated, None),
        (Sort::Relevance, Some("body")),
    ] {
        let mut query = SearchQuery {
            q: text.map(str::to_owned),
            sort,
            limit: 50,
            ..SearchQuery::default()
        };
        let mut seen = Vec::new();
        loop {
            let r = index.search(&Viewer::anonymous(), &query).unwrap();
            assert_eq!(r.total, 125);
            seen.extend(r.hits.iter().map(|h| h.key));
            match r.next_cursor {
                Some(c) => query.cursor = Some(c),
                None => break,
            }
        }
        let count = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!((count, seen.len()), (125, 125), "{sort:?}");
    }
}

#[test]
fn sorting_by_name_is_alphabetical_and_by_update_newest_first() {
    let index = many(30);
    let query = SearchQuery {
        sort: Sort::Name,
        ..all()
    };
    let got = names(&index.search(&Viewer::anonymous(), &query).unwrap());
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(got, sorted);
    let query = SearchQuery {
        sort: Sort::Updated,
        ..all()
    };
    let revisions: Vec<i64> = index
        .search(&Viewer::anonymous(), &query)
        .unwrap()
        .hits
        .iter()
        .map(|h| h.revision.0)
        .collect();
    assert_eq!(revisions, (1..=30).rev().collect::<Vec<_>>());
}

#[test]
fn a_reopened_index_resumes_after_its_last_revision() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::default();
    {
        let index = SearchIndex::open(dir.path()).unwrap();
        assert!(index.needs_rebuild());
        index.apply(&[log.create(&org(1, "Kept", "SE"))]).unwrap();
    }
    let index = SearchIndex::open(dir.path()).unwrap();
    assert!(!index.needs_rebuild());
    assert_eq!(index.last_applied().0, 1);
    assert_eq!(
        names(&index.search(&Viewer::anonymous(), &all()).unwrap()),
        ["Kept"]
    );
}

#[test]
fn a_corrupt_index_is_recreated_empty() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::default();
    {
        let index = SearchIndex::open(dir.path()).unwrap();
        index.apply(&[log.create(&org(1, "Lost", "SE"))]).unwrap();
    }
    std::fs::write(dir.path().join("meta.json"), b"{ garbage").unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"mine").unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    assert!(index.needs_rebuild());
    assert_eq!(index.last_applied().0, 0);
    assert_eq!(index.search(&Viewer::anonymous(), &all()).unwrap().total, 0);
    assert!(dir.path().join("notes.txt").exists());
    index.clear().unwrap();
    assert!(!index.needs_rebuild());
}

#[test]
fn an_index_in_use_is_refused_saying_so_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::default();
    let first = SearchIndex::open(dir.path()).unwrap();
    first.apply(&[log.create(&org(1, "Kept", "SE"))]).unwrap();
    let Err(err) = SearchIndex::open(dir.path()) else {
        panic!("a second writer opened an index in use");
    };
    assert!(
        err.to_string().contains("in use by another process"),
        "{err}"
    );
    assert_eq!(first.search(&Viewer::anonymous(), &all()).unwrap().total, 1);
}
