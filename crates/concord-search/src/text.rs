//! Free text as an index query: every word must match, in a name (boosted), the body, or as
//! an exact identifier.
//!
//! Typo tolerance costs nothing for words the index knows: only a token that no document
//! contains is replaced by a fuzzy query (edit distance 1 from four characters, 2 from eight).

use tantivy::Searcher;
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenStream;

use crate::query::SearchError;
use crate::query::index_error;
use crate::schema::{self, Fields};

/// Weight of a match in a name against one in the body.
const NAME_BOOST: f32 = 3.0;
/// Weight of an exact identifier match.
const IDENT_BOOST: f32 = 10.0;

/// The query for `q`, or `None` when it has no words.
pub(crate) fn query(
    searcher: &Searcher,
    fields: &Fields,
    q: &str,
) -> Result<Option<Box<dyn Query>>, SearchError> {
    let mut words: Vec<Box<dyn Query>> = Vec::new();
    for word in q.split_whitespace() {
        if let Some(w) = word_query(searcher, fields, word)? {
            words.push(w);
        }
    }
    Ok(match words.len() {
        0 => None,
        1 => words.pop(),
        _ => Some(Box::new(BooleanQuery::intersection(words))),
    })
}

/// An identifier as indexed: lower case, without the usual URL prefixes.
pub(crate) fn normalise_ident(word: &str) -> String {
    let lower = word.to_lowercase();
    let prefixes = [
        "https://ror.org/",
        "http://ror.org/",
        "https://www.wikidata.org/wiki/",
        "http://www.wikidata.org/entity/",
    ];
    prefixes
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .map_or_else(|| lower.clone(), str::to_owned)
}

fn tokens(text: &str) -> Vec<String> {
    let mut analyzer = schema::analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

fn word_query(
    searcher: &Searcher,
    fields: &Fields,
    word: &str,
) -> Result<Option<Box<dyn Query>>, SearchError> {
    let ident = Term::from_field_text(fields.ident, &normalise_ident(word));
    let ident_known = doc_freq(searcher, &ident)? > 0;
    let mut parts: Vec<Box<dyn Query>> = Vec::new();
    for token in tokens(word) {
        parts.push(token_query(searcher, fields, &token, !ident_known)?);
    }
    let text: Option<Box<dyn Query>> = match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Box::new(BooleanQuery::intersection(parts))),
    };
    if !ident_known {
        return Ok(text);
    }
    let ident: Box<dyn Query> = Box::new(BoostQuery::new(
        Box::new(TermQuery::new(ident, IndexRecordOption::Basic)),
        IDENT_BOOST,
    ));
    Ok(Some(match text {
        None => ident,
        Some(text) => Box::new(BooleanQuery::union(vec![ident, text])),
    }))
}

fn doc_freq(searcher: &Searcher, term: &Term) -> Result<u64, SearchError> {
    searcher
        .doc_freq(term)
        .map_err(index_error("while reading a document frequency"))
}

/// Edit distance allowed for a token of `len` characters.
fn distance(len: usize) -> u8 {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

fn token_query(
    searcher: &Searcher,
    fields: &Fields,
    token: &str,
    may_be_fuzzy: bool,
) -> Result<Box<dyn Query>, SearchError> {
    let name = Term::from_field_text(fields.name, token);
    let body = Term::from_field_text(fields.body, token);
    let unknown = doc_freq(searcher, &name)? == 0 && doc_freq(searcher, &body)? == 0;
    let d = distance(token.chars().count());
    let (name_q, body_q): (Box<dyn Query>, Box<dyn Query>) = if may_be_fuzzy && unknown && d > 0 {
        (
            Box::new(FuzzyTermQuery::new(name, d, true)),
            Box::new(FuzzyTermQuery::new(body, d, true)),
        )
    } else {
        (
            Box::new(TermQuery::new(name, IndexRecordOption::WithFreqs)),
            Box::new(TermQuery::new(body, IndexRecordOption::WithFreqs)),
        )
    };
    Ok(Box::new(BooleanQuery::new(vec![
        (Occur::Should, Box::new(BoostQuery::new(name_q, NAME_BOOST))),
        (Occur::Should, body_q),
    ])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_lose_case_and_url_prefixes() {
        assert_eq!(normalise_ident("Q42"), "q42");
        assert_eq!(normalise_ident("https://ror.org/0000EV088"), "0000ev088");
        assert_eq!(normalise_ident("DE-MUS-079016"), "de-mus-079016");
    }

    #[test]
    fn words_are_folded_and_split() {
        assert_eq!(tokens("Genève-Ville"), ["geneve", "ville"]);
    }

    #[test]
    fn longer_words_allow_more_typos() {
        assert_eq!([3, 4, 7, 8].map(distance), [0, 1, 1, 2]);
    }
}
