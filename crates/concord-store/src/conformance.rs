//! The shared conformance suite: every case runs against a fresh store of each backend.
//!
//! A backend's `tests/conformance.rs` calls [`conformance_suite!`] with an async function that
//! returns a fresh, migrated store (anything that dereferences to a `Store`), or `None` to skip
//! (PostgreSQL not configured locally); the macro expands to one `#[tokio::test]` per case.
//! The backend's test crate needs `tokio` (with the `macros` feature) as a dependency.
//!
//! Cases are plain async functions named as sentences, a file per area; each builds its own
//! data with the builders of [`fixture`] (re-exported by `concord-testkit`). To change a
//! store's behaviour, write the failing case here first.
#![expect(
    clippy::unwrap_used,
    reason = "the conformance suite is test code: a failed step is a failed test"
)]

pub mod backup;
pub mod fixture;
pub mod import;
pub mod records;
pub mod revisions;
pub mod support;
pub mod tokens;
pub mod visibility;

/// Expands to one `#[tokio::test]` per conformance case, each on a fresh store from `$fresh`
/// (cases that compare two stores get two).
#[macro_export]
macro_rules! conformance_suite {
    ($fresh:path) => {
        $crate::conformance_suite!(@one $fresh;
            records::create_then_get_round_trips,
            records::update_with_stale_base_is_a_conflict_returning_the_current_record,
            records::update_of_a_missing_record_is_not_found,
            records::create_with_existing_id_is_a_duplicate,
            records::delete_is_reversible_and_restore_brings_it_back,
            records::deleted_records_are_not_listed,
            records::references_to_missing_records_are_invalid_and_write_nothing,
            records::references_to_deleted_records_are_invalid,
            records::revert_is_a_new_revision_with_the_old_snapshot,
            records::added_vocabulary_terms_extend_the_defaults,
            revisions::every_write_appends_one_revision,
            revisions::history_is_newest_first,
            revisions::a_snapshot_keeps_the_visibility_it_had,
            revisions::revisions_since_follows_the_log_in_order,
            revisions::a_revision_of_another_record_is_not_found,
            visibility::hidden_records_are_not_found_for_each_viewer,
            visibility::list_pages_by_id_and_respects_visibility,
            visibility::a_stale_update_by_a_viewer_who_cannot_see_the_record_is_not_found,
            visibility::get_many_returns_exactly_the_visible_records,
            import::save_batch_is_all_or_nothing,
            import::save_batch_may_refer_to_records_created_earlier_in_the_batch,
            import::match_keys_find_existing_records_including_deleted,
            import::an_update_replaces_the_match_keys,
            tokens::tokens_are_found_by_hash_until_revoked,
            tokens::token_names_are_unique,
            tokens::tokens_are_listed_newest_first_with_revoked_ones,
            backup::backup_pages_follow_the_cursor_to_the_end,
        );
        $crate::conformance_suite!(@two $fresh;
            backup::backup_then_load_gives_an_identical_backup,
            backup::a_loaded_backup_is_a_working_store,
        );
    };
    (@one $fresh:path; $($module:ident :: $case:ident),* $(,)?) => {$(
        #[tokio::test]
        async fn $case() {
            let Some(store) = $fresh().await else {
                eprintln!("SKIPPED {}: no store configured", stringify!($case));
                return;
            };
            $crate::conformance::$module::$case(&*store).await;
        }
    )*};
    (@two $fresh:path; $($module:ident :: $case:ident),* $(,)?) => {$(
        #[tokio::test]
        async fn $case() {
            let (Some(a), Some(b)) = ($fresh().await, $fresh().await) else {
                eprintln!("SKIPPED {}: no store configured", stringify!($case));
                return;
            };
            $crate::conformance::$module::$case(&*a, &*b).await;
        }
    )*};
}
