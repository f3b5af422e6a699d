//! API tokens (only a hash of each secret is stored) and admin-added vocabulary terms.

use chrono::{DateTime, Utc};
use concord_domain::vocabulary::{Term, Vocabulary};
use concord_domain::{AccountId, Role, Scope, Viewer, Vocabularies};
use concord_store::document::author_of;
use concord_store::{AuditEvent, NewToken, StoreError, StoreResult, TokenInfo};
use uuid::Uuid;

use crate::PgStore;
use crate::account::insert_audit;
use crate::error::{bad_value, json_err, map_err};
use crate::row::now;

/// A token row without its hash.
#[derive(sqlx::FromRow)]
pub(crate) struct TokenRow {
    pub name: String,
    pub roles: String,
    pub account_id: Option<Uuid>,
    pub scope: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl TokenRow {
    pub fn into_info(self) -> StoreResult<TokenInfo> {
        Ok(TokenInfo {
            name: self.name,
            roles: serde_json::from_str::<Vec<Role>>(&self.roles).map_err(json_err)?,
            account: self.account_id.map(AccountId),
            scope: Scope::parse(&self.scope).ok_or_else(|| bad_value("scope", &self.scope))?,
            created_at: self.created_at,
            expires_at: self.expires_at,
            revoked_at: self.revoked_at,
        })
    }
}

/// An admin-added term.
#[derive(sqlx::FromRow)]
pub(crate) struct TermRow {
    pub vocabulary: String,
    pub key: String,
    pub label: String,
    pub author: String,
    pub at: DateTime<Utc>,
}

impl TermRow {
    pub fn vocabulary(&self) -> StoreResult<Vocabulary> {
        Vocabulary::parse(&self.vocabulary).ok_or_else(|| bad_value("vocabulary", &self.vocabulary))
    }
}

impl PgStore {
    pub(crate) async fn insert_token(
        &self,
        token: NewToken,
        event: AuditEvent,
    ) -> StoreResult<TokenInfo> {
        let roles = serde_json::to_string(&token.roles).map_err(json_err)?;
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let result = sqlx::query(
            "INSERT INTO api_tokens \
             (name, hash, roles, account_id, scope, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&token.name)
        .bind(&token.hash)
        .bind(&roles)
        .bind(token.account.map(|a| a.0))
        .bind(token.scope.as_str())
        .bind(token.created_at)
        .bind(token.expires_at)
        .execute(&mut *tx)
        .await
        .map_err(map_err);
        match result {
            Err(StoreError::Duplicate { what }) if what == "api_tokens_pkey" => {
                Err(StoreError::Duplicate {
                    what: format!("token name {}", token.name),
                })
            }
            Err(e) => Err(e),
            Ok(_) => {
                insert_audit(&mut tx, &event).await?;
                tx.commit().await.map_err(map_err)?;
                Ok(TokenInfo {
                    name: token.name,
                    roles: token.roles,
                    account: token.account,
                    scope: token.scope,
                    created_at: token.created_at,
                    expires_at: token.expires_at,
                    revoked_at: None,
                })
            }
        }
    }

    pub(crate) async fn live_token(&self, hash: &str) -> StoreResult<TokenInfo> {
        let row: TokenRow = sqlx::query_as(
            "SELECT name, roles, account_id, scope, created_at, expires_at, revoked_at \
             FROM api_tokens \
             WHERE hash = $1 AND revoked_at IS NULL",
        )
        .bind(hash)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err)?;
        row.into_info()
    }

    pub(crate) async fn all_tokens(&self) -> StoreResult<Vec<TokenInfo>> {
        let rows: Vec<TokenRow> = sqlx::query_as(
            "SELECT name, roles, account_id, scope, created_at, expires_at, revoked_at \
             FROM api_tokens \
             ORDER BY created_at DESC, name COLLATE \"C\"",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        rows.into_iter().map(TokenRow::into_info).collect()
    }

    pub(crate) async fn revoke(&self, name: &str, event: AuditEvent) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL",
        )
        .bind(name)
        .bind(now())
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, &event).await?;
        tx.commit().await.map_err(map_err)
    }

    pub(crate) async fn load_vocabularies(&self) -> StoreResult<Vocabularies> {
        let rows: Vec<TermRow> = sqlx::query_as(
            "SELECT vocabulary, key, label, author, at FROM vocabulary_terms \
             ORDER BY vocabulary, key",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        let mut vocab = Vocabularies::defaults();
        for row in rows {
            vocab.insert(row.vocabulary()?, &row.key, &row.label);
        }
        Ok(vocab)
    }

    pub(crate) async fn upsert_term(
        &self,
        who: &Viewer,
        vocabulary: Vocabulary,
        term: Term,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO vocabulary_terms (vocabulary, key, label, author, at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (vocabulary, key) DO UPDATE \
             SET label = excluded.label, author = excluded.author, at = excluded.at",
        )
        .bind(vocabulary.as_str())
        .bind(&term.key)
        .bind(&term.label)
        .bind(author_of(who))
        .bind(now())
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(())
    }
}
