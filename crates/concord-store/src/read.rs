//! The rules of a read that do not depend on the database, called by both backends: a listing
//! (`Store::list`) filled page by page with what the viewer may see. Nothing here queries; each
//! backend hands in how to read one page of candidates.

use std::future::Future;

use concord_domain::Viewer;
use uuid::Uuid;

use crate::document::StoredDocument;
use crate::error::StoreResult;

/// Up to `limit` records that `who` may see, after `after`, from pages of candidates in id
/// order: `page(cursor, n)` reads at most `n` candidates after `cursor` (at least `min_page`
/// at a time). Keeps reading until `limit` visible records are found or a short page shows
/// the candidates are exhausted, so hidden records never shorten a listing.
pub async fn list_visible<F, Fut>(
    who: &Viewer,
    after: Option<Uuid>,
    limit: usize,
    min_page: usize,
    mut page: F,
) -> StoreResult<Vec<StoredDocument>>
where
    F: FnMut(Option<Uuid>, usize) -> Fut,
    Fut: Future<Output = StoreResult<Vec<StoredDocument>>>,
{
    let mut cursor = after;
    let mut out = Vec::with_capacity(limit.min(1_000));
    while out.len() < limit {
        let fetch = (limit - out.len()).max(min_page.max(1));
        let docs = page(cursor, fetch).await?;
        let exhausted = docs.len() < fetch;
        for doc in docs {
            cursor = Some(doc.key.id);
            if who.can_see(doc.visibility, &doc.parties, &doc.readers) && out.len() < limit {
                out.push(doc);
            }
        }
        if exhausted {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use concord_domain::record::{RecordKey, RecordKind};
    use concord_domain::{RevisionId, Visibility};

    use super::*;

    fn doc(id: u128, visibility: Visibility) -> StoredDocument {
        StoredDocument {
            key: RecordKey {
                kind: RecordKind::Organisation,
                id: Uuid::from_u128(id),
            },
            body: serde_json::Value::Null,
            revision: RevisionId(1),
            deleted: false,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            author: String::new(),
            visibility,
            parties: Vec::new(),
            readers: Vec::new(),
        }
    }

    /// Ten candidates, every other one hidden from visitors, read `n` at a time after a cursor.
    async fn page(after: Option<Uuid>, n: usize) -> StoreResult<Vec<StoredDocument>> {
        let start = after.map_or(1, |id| id.as_u128() + 1);
        Ok((start..=10)
            .take(n)
            .map(|i| {
                let visibility = if i % 2 == 0 {
                    Visibility::Restricted
                } else {
                    Visibility::Public
                };
                doc(i, visibility)
            })
            .collect())
    }

    fn ids(docs: &[StoredDocument]) -> Vec<u128> {
        docs.iter().map(|d| d.key.id.as_u128()).collect()
    }

    #[tokio::test]
    async fn hidden_records_never_shorten_a_listing() {
        let who = Viewer::anonymous();
        let listed = list_visible(&who, None, 3, 2, page).await.unwrap();
        assert_eq!(ids(&listed), [1, 3, 5]);
        let next = list_visible(&who, Some(Uuid::from_u128(5)), 3, 2, page)
            .await
            .unwrap();
        assert_eq!(ids(&next), [7, 9]);
        let all = list_visible(&Viewer::system("t"), None, 100, 1, page)
            .await
            .unwrap();
        assert_eq!(all.len(), 10);
    }
}
