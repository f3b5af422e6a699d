//! `concord token create|list|revoke`.

use std::str::FromStr;

use anyhow::Context;
use chrono::{Duration, SubsecRound, Utc};
use concord_domain::Role;
use concord_domain::Scope;
use concord_store::{AuditEvent, AuditKind, NewToken, token};

use super::open_store;
use crate::cli::{Database, TokenAction};

/// Runs a token action.
pub async fn token(db: &Database, action: TokenAction) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    match action {
        TokenAction::Create {
            name,
            roles,
            expires_in_days,
        } => {
            let roles = roles
                .iter()
                .map(|r| Role::from_str(r).with_context(|| format!("while reading --role {r:?}")))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let secret = token::generate_secret();
            let now = Utc::now().trunc_subsecs(6);
            store
                .create_token(
                    NewToken {
                        name: name.clone(),
                        hash: token::hash_secret(&secret),
                        roles,
                        account: None,
                        scope: Scope::Admin,
                        created_at: now,
                        expires_at: expires_in_days.map(|d| now + Duration::days(i64::from(d))),
                    },
                    AuditEvent::new(AuditKind::TokenCreated, Some("cli"))
                        .detail("token", name.as_str()),
                )
                .await
                .with_context(|| format!("while creating token {name:?}"))?;
            println!("{secret}");
        }
        TokenAction::List => {
            for t in store.list_tokens().await.context("while listing tokens")? {
                let roles: Vec<String> = t.roles.iter().map(ToString::to_string).collect();
                let state = match (t.revoked_at, t.expires_at) {
                    (Some(at), _) => format!("revoked {at}"),
                    (None, Some(at)) if at < Utc::now() => format!("expired {at}"),
                    (None, Some(at)) => format!("expires {at}"),
                    (None, None) => "never expires".to_owned(),
                };
                println!(
                    "{}\t{}\tcreated {}\t{state}",
                    t.name,
                    roles.join(","),
                    t.created_at
                );
            }
        }
        TokenAction::Revoke { name } => {
            store
                .revoke_token(
                    &name,
                    AuditEvent::new(AuditKind::TokenRevoked, Some("cli"))
                        .detail("token", name.as_str()),
                )
                .await
                .with_context(|| format!("while revoking token {name:?}"))?;
            eprintln!("Token {name:?} revoked.");
        }
    }
    Ok(())
}
