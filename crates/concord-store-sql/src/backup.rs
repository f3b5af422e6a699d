//! Rows a backup reads with their secrets' hashes, each as the [`BackupItem`] it becomes.

use concord_store::{BackupItem, StoreResult};

use crate::Columns;
use crate::account::{AccountRow, TokenRow};

/// An account with its password hash.
#[derive(sqlx::FromRow)]
pub struct HashedAccountRow<C: Columns> {
    pub password_hash: Option<String>,
    #[sqlx(flatten)]
    pub account: AccountRow<C>,
}

impl<C: Columns> HashedAccountRow<C> {
    /// The backup item.
    pub fn into_item(self) -> StoreResult<BackupItem> {
        Ok(BackupItem::Account {
            account: self.account.into_account()?,
            password_hash: self.password_hash,
        })
    }
}

/// An API token with its hash.
#[derive(sqlx::FromRow)]
pub struct HashedTokenRow<C: Columns> {
    pub hash: String,
    #[sqlx(flatten)]
    pub token: TokenRow<C>,
}

impl<C: Columns> HashedTokenRow<C> {
    /// The backup item.
    pub fn into_item(self) -> StoreResult<BackupItem> {
        Ok(BackupItem::Token {
            info: self.token.into_info()?,
            hash: self.hash,
        })
    }
}
