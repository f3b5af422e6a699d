//! What the two SQL stores share and `concord-store` (which knows no database) cannot hold:
//! the shapes of the rows they read, each written once.
//!
//! The two schemas have the same tables and columns; only two column types differ. PostgreSQL
//! has native `UUID` and `TIMESTAMPTZ` columns, while SQLite keeps ids as hyphenated text and
//! times as RFC 3339 text with six fractional digits. So every row here is generic over
//! [`Columns`] ([`Native`] or [`Text`]), the sqlx `FromRow` derive decodes it on either driver,
//! and [`Column`] turns either column type into the domain's value. The SQL that reads the rows stays in the backends.

pub mod account;
pub mod backup;
pub mod record;
pub mod vocabulary;

use chrono::{DateTime, Utc};
use concord_store::StoreResult;
use concord_store::column::bad_value;
use uuid::Uuid;

/// The two column types that differ between the backends; the rows are generic over it.
pub trait Columns {
    /// How an id column reads: `Uuid` on PostgreSQL, `String` on SQLite.
    type Id: Column<Uuid>;
    /// How a time column reads: `DateTime<Utc>` on PostgreSQL, `String` on SQLite.
    type Time: Column<DateTime<Utc>>;
}

/// PostgreSQL's columns: native `UUID` and `TIMESTAMPTZ`.
pub struct Native;

impl Columns for Native {
    type Id = Uuid;
    type Time = DateTime<Utc>;
}

/// SQLite's columns: ids as hyphenated text, times as RFC 3339 text.
pub struct Text;

impl Columns for Text {
    type Id = String;
    type Time = String;
}

/// A value as a backend's column holds it, read into the domain's type `V`.
pub trait Column<V> {
    /// The domain value; a `Backend` error when the stored value does not parse.
    fn value(self) -> StoreResult<V>;
}

impl Column<Uuid> for Uuid {
    fn value(self) -> StoreResult<Uuid> {
        Ok(self)
    }
}

/// An id stored as text (SQLite): lower-case hyphenated.
impl Column<Uuid> for String {
    fn value(self) -> StoreResult<Uuid> {
        parse_id(&self)
    }
}

impl Column<DateTime<Utc>> for DateTime<Utc> {
    fn value(self) -> StoreResult<DateTime<Utc>> {
        Ok(self)
    }
}

/// A time stored as text (SQLite): `2025-01-02T03:04:05.123456Z`.
impl Column<DateTime<Utc>> for String {
    fn value(self) -> StoreResult<DateTime<Utc>> {
        parse_time(&self)
    }
}

/// A nullable column.
impl<V, C: Column<V>> Column<Option<V>> for Option<C> {
    fn value(self) -> StoreResult<Option<V>> {
        self.map(Column::value).transpose()
    }
}

/// Parses an id stored as text.
pub fn parse_id(s: &str) -> StoreResult<Uuid> {
    Uuid::parse_str(s).map_err(|_| bad_value("record id", s))
}

/// Parses a time stored as RFC 3339 text.
pub fn parse_time(s: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| bad_value("timestamp", s))
}

#[cfg(test)]
mod tests {
    use concord_store::StoreError;

    use super::*;

    #[test]
    fn text_and_native_columns_read_as_the_same_values() {
        let id = Uuid::from_u128(0x1234);
        let text: Uuid = id.hyphenated().to_string().value().unwrap();
        assert_eq!(text, id);
        assert_eq!(Column::<Uuid>::value(id).unwrap(), id);
        let at: DateTime<Utc> = "2025-01-02T03:04:05.123456Z".to_owned().value().unwrap();
        assert_eq!(at.timestamp_subsec_micros(), 123_456);
        let none: Option<Uuid> = None::<String>.value().unwrap();
        assert_eq!(none, None);
    }

    #[test]
    fn a_stored_value_that_does_not_parse_is_a_backend_error() {
        let id: StoreResult<Uuid> = "not-a-uuid".to_owned().value();
        assert!(matches!(id, Err(StoreError::Backend(_))));
        let at: StoreResult<DateTime<Utc>> = "yesterday".to_owned().value();
        assert!(matches!(at, Err(StoreError::Backend(_))));
    }
}
