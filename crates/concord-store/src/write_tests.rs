//! The write rules, case by case: every base × state combination a save or a delete meets.

use concord_domain::record::RecordKind;
use uuid::Uuid;

use super::*;
use crate::document::Document;

const KEY: RecordKey = RecordKey {
    kind: RecordKind::Organisation,
    id: Uuid::from_u128(7),
};

fn edit(who: Viewer, base: Option<i64>, action: RevisionAction) -> Edit {
    Edit {
        who,
        document: Document {
            key: KEY,
            json: "{}".to_owned(),
            label: "Oslo Museum".to_owned(),
            visibility: Visibility::Public,
            parties: Vec::new(),
            readers: Vec::new(),
            match_keys: Vec::new(),
            references: Vec::new(),
        },
        base: base.map(RevisionId),
        action,
        summary: String::new(),
    }
}

fn at(revision: i64, deleted: bool, visibility: Visibility) -> Option<Current<'static>> {
    Some(Current {
        revision: RevisionId(revision),
        deleted,
        visibility,
        parties: &[],
        readers: &[],
    })
}

#[test]
fn a_create_is_refused_as_a_duplicate_when_the_record_exists() {
    let admin = Viewer::system("t");
    let create = edit(admin, None, RevisionAction::Create);
    assert_eq!(decide_save(None, &create), Ok(RevisionAction::Create));
    let existing = at(3, false, Visibility::Public);
    assert_eq!(decide_save(existing, &create), Err(Refusal::Duplicate));
}

#[test]
fn an_edit_with_a_base_needs_a_record_its_writer_may_see() {
    let update = edit(Viewer::anonymous(), Some(3), RevisionAction::Update);
    assert_eq!(decide_save(None, &update), Err(Refusal::NotFound));
    let hidden = at(3, false, Visibility::Restricted);
    assert_eq!(decide_save(hidden, &update), Err(Refusal::NotFound));
    let visible = at(3, false, Visibility::Public);
    assert_eq!(decide_save(visible, &update), Ok(RevisionAction::Update));
}

#[test]
fn a_stale_base_or_a_deleted_record_is_a_conflict() {
    let update = edit(Viewer::system("t"), Some(3), RevisionAction::Update);
    let newer = at(4, false, Visibility::Public);
    assert_eq!(decide_save(newer, &update), Err(Refusal::Conflict));
    let deleted = at(3, true, Visibility::Public);
    assert_eq!(decide_save(deleted, &update), Err(Refusal::Conflict));
}

#[test]
fn a_create_with_a_base_is_recorded_as_an_update_and_a_revert_stays_a_revert() {
    let state = at(3, false, Visibility::Public);
    let create = edit(Viewer::system("t"), Some(3), RevisionAction::Create);
    assert_eq!(decide_save(state, &create), Ok(RevisionAction::Update));
    let revert = edit(Viewer::system("t"), Some(3), RevisionAction::Revert);
    assert_eq!(decide_save(state, &revert), Ok(RevisionAction::Revert));
}

#[test]
fn a_delete_or_restore_needs_the_latest_base_and_the_other_state() {
    let admin = Viewer::system("t");
    let live = at(3, false, Visibility::Public);
    let gone = at(3, true, Visibility::Public);
    let base = RevisionId(3);
    assert_eq!(
        decide_delete(live, &admin, base, true),
        Ok(RevisionAction::Delete)
    );
    assert_eq!(
        decide_delete(gone, &admin, base, false),
        Ok(RevisionAction::Restore)
    );
    assert_eq!(
        decide_delete(gone, &admin, base, true),
        Err(Refusal::Conflict)
    );
    assert_eq!(
        decide_delete(live, &admin, base, false),
        Err(Refusal::Conflict)
    );
    assert_eq!(
        decide_delete(live, &admin, RevisionId(2), true),
        Err(Refusal::Conflict)
    );
    assert_eq!(
        decide_delete(None, &admin, base, true),
        Err(Refusal::NotFound)
    );
    let hidden = at(3, false, Visibility::Movement);
    assert_eq!(
        decide_delete(hidden, &Viewer::anonymous(), base, true),
        Err(Refusal::NotFound)
    );
}

#[test]
fn refusals_become_the_store_errors_and_only_a_conflict_reads_the_record() {
    let unread = || -> StoreResult<StoredDocument> { panic!("read for a refusal without one") };
    assert!(matches!(
        Refusal::Duplicate.into_error(KEY, unread),
        StoreError::Duplicate { what } if what == KEY.to_string()
    ));
    assert!(matches!(
        Refusal::NotFound.into_error(KEY, unread),
        StoreError::NotFound
    ));
    assert!(matches!(
        Refusal::Conflict.into_error(KEY, || Err(StoreError::NotFound)),
        StoreError::NotFound
    ));
}

#[test]
fn each_missing_reference_is_named_by_its_field() {
    assert!(check_missing(&[]).is_ok());
    let missing = [Reference {
        field: "parties[0].organisation".to_owned(),
        target: KEY,
    }];
    let Err(StoreError::Invalid(errors)) = check_missing(&missing) else {
        panic!("a missing reference was accepted");
    };
    let text = format!("{errors:?}");
    assert!(text.contains("parties[0].organisation"), "{text}");
    assert!(text.contains(&KEY.id.to_string()), "{text}");
}
