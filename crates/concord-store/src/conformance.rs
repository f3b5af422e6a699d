//! The shared conformance suite: every case runs against a fresh store of each backend.
//!
//! A backend's `tests/conformance.rs` calls [`conformance_suite!`] with an async function that
//! returns a fresh, migrated store (anything that dereferences to a `Store`), or `None` to skip
//! (PostgreSQL not configured locally); the macro expands to one `#[tokio::test]` per case.
//! The backend's test crate needs `tokio` (with the `macros` feature) as a dependency.
//! [`account_conformance_suite!`] does the same for the [`crate::AccountStore`] half.
//!
//! Cases are plain async functions named as sentences, a file per area; each builds its own
//! data with the builders of [`fixture`] (re-exported by `concord-testkit`). To change a
//! store's behaviour, write the failing case here first.
#![expect(
    clippy::unwrap_used,
    reason = "the conformance suite is test code: a failed step is a failed test"
)]

pub mod account_fixture;
pub mod accounts;
pub mod audit;
pub mod backup;
pub mod backup_accounts;
pub mod changes;
pub mod fixture;
pub mod import;
pub mod limits;
pub mod readers;
pub mod records;
pub mod revisions;
pub mod sessions;
pub mod support;
pub mod tokens;
pub mod visibility;

/// Expands to one `#[tokio::test]` per conformance case of the [`crate::Store`] half, each on a
/// fresh store from `$fresh` (cases that compare two stores get two).
#[macro_export]
macro_rules! conformance_suite {
    ($fresh:path) => {
        $crate::conformance_suite!(@one $fresh;
            records::create_then_get_round_trips,
            records::update_with_stale_base_is_a_conflict_returning_the_current_record,
            records::a_read_names_the_author_of_the_latest_revision,
            changes::changes_list_the_newest_first_and_page_on,
            changes::changes_obey_the_records_visibility_now_and_then,
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
            visibility::history_leaves_out_revisions_made_while_the_record_was_hidden,
            readers::a_named_account_sees_a_restricted_record_and_an_unnamed_one_does_not,
            readers::removing_a_name_hides_the_record_and_revisions_made_while_unnamed,
            import::save_batch_is_all_or_nothing,
            import::save_batch_may_refer_to_records_created_earlier_in_the_batch,
            import::match_keys_find_existing_records_including_deleted,
            import::an_update_replaces_the_match_keys,
            import::a_batch_of_several_statements_is_written_whole,
            tokens::tokens_are_found_by_hash_until_revoked,
            tokens::token_names_are_unique,
            tokens::tokens_are_listed_newest_first_with_revoked_ones,
            tokens::an_account_bound_token_keeps_its_account_and_scope,
            tokens::creating_and_revoking_a_token_append_audit_entries,
            tokens::a_refused_token_change_writes_no_audit_entry,
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

/// Expands to one `#[tokio::test]` per conformance case of the [`crate::AccountStore`] half
/// (accounts, sessions, invitations, audit log, rate limits), each on a fresh store from
/// `$fresh`, like [`conformance_suite!`].
#[macro_export]
macro_rules! account_conformance_suite {
    ($fresh:path) => {
        $crate::conformance_suite!(@one $fresh;
            accounts::a_created_account_is_found_by_id_username_in_any_case_and_wikimedia_id,
            accounts::unknown_accounts_are_not_found,
            accounts::an_account_without_a_password_has_no_password_hash,
            accounts::accounts_are_listed_by_username,
            accounts::a_username_taken_in_another_case_is_a_duplicate_and_writes_nothing,
            accounts::a_taken_wikimedia_id_is_a_duplicate_and_writes_nothing,
            accounts::granting_and_revoking_roles_change_the_account_and_are_audited,
            accounts::disabling_and_enabling_change_the_account_and_are_audited,
            accounts::setting_a_password_hash_replaces_it_and_is_audited,
            accounts::linking_a_wikimedia_id_changes_the_account_and_is_audited,
            accounts::changes_to_an_unknown_account_are_not_found_and_append_nothing,
            sessions::disabling_an_account_ends_its_sessions,
            sessions::a_session_of_a_disabled_account_is_not_found,
            sessions::a_session_is_found_until_its_idle_expiry,
            sessions::a_session_ends_at_its_absolute_expiry,
            sessions::touching_a_session_moves_idle_expiry_but_never_past_absolute_expiry,
            sessions::touching_an_expired_session_does_not_revive_it,
            sessions::deleting_a_session_ends_it_and_may_be_repeated,
            sessions::deleting_the_sessions_of_an_account_removes_exactly_those,
            sessions::deleting_expired_sessions_removes_exactly_those,
            sessions::an_invitation_is_taken_once_with_its_roles,
            sessions::an_expired_invitation_is_not_found,
            audit::the_audit_log_is_newest_first_and_pages_with_before,
            audit::every_field_of_an_audit_event_round_trips,
            audit::every_audit_kind_round_trips,
            limits::hits_within_the_limit_are_allowed_with_increasing_counts,
            limits::hits_over_the_limit_are_refused_until_a_new_window_starts,
            limits::rate_limit_keys_are_counted_separately,
            limits::resetting_a_rate_limit_starts_over,
            limits::concurrent_hits_allow_exactly_the_limit,
        );
    };
}
