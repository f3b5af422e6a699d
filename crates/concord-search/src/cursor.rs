//! Opaque page cursors: the sort and the offset of the next page, base64-encoded.
//!
//! A cursor is only valid with the sort it was made for; paging stops at [`MAX_OFFSET`] so a
//! deep page never costs more than a bounded top-k.

use crate::query::{SearchError, Sort};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The deepest offset a cursor may reach; narrow the search to see further.
pub const MAX_OFFSET: usize = 10_000;

fn sort_name(sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => "relevance",
        Sort::Name => "name",
        Sort::Updated => "updated",
    }
}

fn bad(message: &str) -> SearchError {
    SearchError::BadQuery {
        parameter: "cursor".into(),
        message: message.into(),
    }
}

/// The offset a cursor points at (0 without one).
pub fn decode(cursor: Option<&str>, sort: Sort) -> Result<usize, SearchError> {
    let Some(text) = cursor else {
        return Ok(0);
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| bad("not a cursor returned by a search"))?;
    let text = String::from_utf8(bytes).map_err(|_| bad("not a cursor returned by a search"))?;
    let (s, o) = text
        .split_once(':')
        .ok_or_else(|| bad("not a cursor returned by a search"))?;
    let o: usize = o
        .parse()
        .map_err(|_| bad("not a cursor returned by a search"))?;
    if s != sort_name(sort) {
        return Err(bad("the cursor was made for another sort order"));
    }
    if o > MAX_OFFSET {
        return Err(bad(&format!(
            "pages end after {MAX_OFFSET} hits; narrow the search"
        )));
    }
    Ok(o)
}

/// The cursor of the page after `offset + shown` hits of `total`, if there is one within
/// [`MAX_OFFSET`].
pub fn next(sort: Sort, offset: usize, shown: usize, total: u64) -> Option<String> {
    let o = offset + shown;
    if shown == 0 || o as u64 >= total || o > MAX_OFFSET {
        return None;
    }
    Some(URL_SAFE_NO_PAD.encode(format!("{}:{o}", sort_name(sort))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_with_their_sort() {
        let c = next(Sort::Name, 0, 50, 120).unwrap();
        assert_eq!(decode(Some(&c), Sort::Name).unwrap(), 50);
        assert!(decode(Some(&c), Sort::Updated).is_err());
    }

    #[test]
    fn the_last_page_has_no_cursor() {
        assert_eq!(next(Sort::Name, 100, 20, 120), None);
        assert_eq!(next(Sort::Name, MAX_OFFSET, 50, 1_000_000), None);
    }

    #[test]
    fn garbage_is_a_bad_cursor() {
        for text in ["!!", "e30", "bm9wZQ"] {
            match decode(Some(text), Sort::Relevance) {
                Err(SearchError::BadQuery { parameter, .. }) => assert_eq!(parameter, "cursor"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }
}
