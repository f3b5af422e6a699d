//! Backups: every revision in id order, then the added vocabulary terms, then the API tokens,
//! read in pages with an opaque cursor — the same items, order and cursors as the SQLite store.
//!
//! Cursor forms: `r/ID` (after revision ID), `v` or `v/VOCABULARY/KEY` (terms, from the start
//! or after a term), `t` or `t/NAME` (tokens). Text is ordered bytewise (`COLLATE "C"`), as
//! SQLite orders it, so both backends write the same backup whatever the server's locale.
//! Records are not in the backup: they are derived from their latest revision (restore.rs).

use concord_store::{BackupItem, StoreResult};
use sqlx::AssertSqlSafe;

use crate::PgStore;
use crate::error::{bad_value, map_err};
use crate::row::{REVISION_COLUMNS, RevisionRow};
use crate::token::{TermRow, TokenRow};

/// Where a backup page starts.
enum Position {
    Revisions(i64),
    Terms(String, String),
    Tokens(String),
}

impl Position {
    fn parse(cursor: Option<&str>) -> StoreResult<Self> {
        let Some(cursor) = cursor else {
            return Ok(Position::Revisions(0));
        };
        let bad = || bad_value("backup cursor", cursor);
        let mut parts = cursor.splitn(3, '/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("r"), Some(id), None) => id.parse().map(Position::Revisions).map_err(|_| bad()),
            (Some("v"), None, None) => Ok(Position::Terms(String::new(), String::new())),
            (Some("v"), Some(v), Some(k)) => Ok(Position::Terms(v.to_owned(), k.to_owned())),
            (Some("t"), None, None) => Ok(Position::Tokens(String::new())),
            (Some("t"), Some(_), _) => Ok(Position::Tokens(cursor[2..].to_owned())),
            _ => Err(bad()),
        }
    }

    fn cursor(&self) -> String {
        match self {
            Position::Revisions(id) => format!("r/{id}"),
            Position::Terms(v, k) => format!("v/{v}/{k}"),
            Position::Tokens(name) => format!("t/{name}"),
        }
    }
}

/// A token row with its hash.
#[derive(sqlx::FromRow)]
struct HashedTokenRow {
    hash: String,
    #[sqlx(flatten)]
    token: TokenRow,
}

fn as_limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl PgStore {
    pub(crate) async fn page(
        &self,
        after: Option<String>,
        limit: usize,
    ) -> StoreResult<(Vec<BackupItem>, Option<String>)> {
        let limit = limit.max(1);
        let mut pos = Position::parse(after.as_deref())?;
        let mut items = Vec::with_capacity(limit.min(10_000));
        while items.len() < limit {
            let room = limit - items.len();
            let (page, next) = match &pos {
                Position::Revisions(id) => self.revision_items(*id, room).await?,
                Position::Terms(v, k) => self.term_items(v, k, room).await?,
                Position::Tokens(name) => self.token_items(name, room).await?,
            };
            let full = page.len() == room;
            items.extend(page);
            pos = match (full, next, pos) {
                (true, Some(next), _) => next,
                (_, _, Position::Revisions(_)) => Position::Terms(String::new(), String::new()),
                (_, _, Position::Terms(..)) => Position::Tokens(String::new()),
                (_, _, Position::Tokens(_)) => return Ok((items, None)),
            };
        }
        Ok((items, Some(pos.cursor())))
    }

    async fn revision_items(
        &self,
        after: i64,
        limit: usize,
    ) -> StoreResult<(Vec<BackupItem>, Option<Position>)> {
        let sql =
            format!("SELECT {REVISION_COLUMNS} FROM revisions WHERE id > $1 ORDER BY id LIMIT $2");
        let rows: Vec<RevisionRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(after)
            .bind(as_limit(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        let next = rows.last().map(|r| Position::Revisions(r.id));
        let items = rows
            .into_iter()
            .map(|r| r.into_revision().map(BackupItem::Revision))
            .collect::<StoreResult<_>>()?;
        Ok((items, next))
    }

    async fn term_items(
        &self,
        vocabulary: &str,
        key: &str,
        limit: usize,
    ) -> StoreResult<(Vec<BackupItem>, Option<Position>)> {
        let rows: Vec<TermRow> = sqlx::query_as(
            "SELECT vocabulary, key, label, author, at FROM vocabulary_terms \
             WHERE (vocabulary COLLATE \"C\", key COLLATE \"C\") > ($1, $2) \
             ORDER BY vocabulary COLLATE \"C\", key COLLATE \"C\" LIMIT $3",
        )
        .bind(vocabulary)
        .bind(key)
        .bind(as_limit(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        let next = rows
            .last()
            .map(|r| Position::Terms(r.vocabulary.clone(), r.key.clone()));
        let items = rows
            .into_iter()
            .map(|r| {
                Ok(BackupItem::Term {
                    vocabulary: r.vocabulary()?,
                    key: r.key,
                    label: r.label,
                    author: r.author,
                    at: r.at,
                })
            })
            .collect::<StoreResult<_>>()?;
        Ok((items, next))
    }

    async fn token_items(
        &self,
        after: &str,
        limit: usize,
    ) -> StoreResult<(Vec<BackupItem>, Option<Position>)> {
        let rows: Vec<HashedTokenRow> = sqlx::query_as(
            "SELECT hash, name, roles, created_at, expires_at, revoked_at FROM api_tokens \
             WHERE name COLLATE \"C\" > $1 ORDER BY name COLLATE \"C\" LIMIT $2",
        )
        .bind(after)
        .bind(as_limit(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        let next = rows.last().map(|r| Position::Tokens(r.token.name.clone()));
        let items = rows
            .into_iter()
            .map(|r| {
                Ok(BackupItem::Token {
                    info: r.token.into_info()?,
                    hash: r.hash,
                })
            })
            .collect::<StoreResult<_>>()?;
        Ok((items, next))
    }
}
