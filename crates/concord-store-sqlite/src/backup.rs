//! Backups: every revision in id order, then the added vocabulary terms, then the API tokens,
//! read in pages with an opaque cursor.
//!
//! Cursor forms: `r/ID` (after revision ID), `v` or `v/VOCABULARY/KEY` (terms, from the start
//! or after a term), `t` or `t/NAME` (tokens). Records are not in the backup: they are derived
//! from their latest revision on restore (restore.rs).

use concord_domain::vocabulary::Vocabulary;
use concord_store::{BackupItem, StoreResult, TokenInfo};
use sqlx::AssertSqlSafe;

use crate::SqliteStore;
use crate::error::{bad_value, map_err};
use crate::row::{REVISION_COLUMNS, RevisionRow, parse_time};
use crate::token::TokenRow;

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
        let mut parts = cursor.splitn(3, '/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("r"), Some(id), None) => id
                .parse()
                .map(Position::Revisions)
                .map_err(|_| bad_value("backup cursor", cursor)),
            (Some("v"), None, None) => Ok(Position::Terms(String::new(), String::new())),
            (Some("v"), Some(v), Some(k)) => Ok(Position::Terms(v.to_owned(), k.to_owned())),
            (Some("t"), None, None) => Ok(Position::Tokens(String::new())),
            (Some("t"), Some(_), _) => Ok(Position::Tokens(cursor[2..].to_owned())),
            _ => Err(bad_value("backup cursor", cursor)),
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

#[derive(sqlx::FromRow)]
struct TermRow {
    vocabulary: String,
    key: String,
    label: String,
    author: String,
    at: String,
}

impl SqliteStore {
    /// See `Store::backup_page`.
    pub(crate) async fn read_backup_page(
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
            format!("SELECT {REVISION_COLUMNS} FROM revisions WHERE id > ? ORDER BY id LIMIT ?");
        let rows: Vec<RevisionRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(after)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.readers)
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
             WHERE (vocabulary, key) > (?, ?) ORDER BY vocabulary, key LIMIT ?",
        )
        .bind(vocabulary)
        .bind(key)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.readers)
        .await
        .map_err(map_err)?;
        let next = rows
            .last()
            .map(|r| Position::Terms(r.vocabulary.clone(), r.key.clone()));
        let items = rows
            .into_iter()
            .map(|r| {
                Ok(BackupItem::Term {
                    vocabulary: Vocabulary::parse(&r.vocabulary)
                        .ok_or_else(|| bad_value("vocabulary", &r.vocabulary))?,
                    key: r.key,
                    label: r.label,
                    author: r.author,
                    at: parse_time(&r.at)?,
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
        let rows: Vec<(String, TokenRow)> = sqlx::query_as::<_, HashedTokenRow>(
            "SELECT hash, name, roles, created_at, expires_at, revoked_at FROM api_tokens \
             WHERE name > ? ORDER BY name LIMIT ?",
        )
        .bind(after)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.readers)
        .await
        .map_err(map_err)?
        .into_iter()
        .map(|r| (r.hash, r.token))
        .collect();
        let next = rows.last().map(|(_, t)| Position::Tokens(t.name.clone()));
        let items = rows
            .into_iter()
            .map(|(hash, t)| {
                let info: TokenInfo = t.into_info()?;
                Ok(BackupItem::Token { info, hash })
            })
            .collect::<StoreResult<_>>()?;
        Ok((items, next))
    }
}

#[derive(sqlx::FromRow)]
struct HashedTokenRow {
    hash: String,
    #[sqlx(flatten)]
    token: TokenRow,
}
