//! Free text as an index query, ranked like a search engine (Meilisearch's ranking rules,
//! Typesense's typo tolerance): every word must match, and each word scores by how it matched.
//!
//! A word matches exactly; as the start of a longer word when it is the last one (the user is
//! still typing); through a known abbreviation ("univ"); split in two ("wikimedia" in "Wiki
//! Media") or joined with the next words ("wiki media", "open street map"); or with typos, one
//! from five letters and two from nine. Exact beats prefix beats one typo beats two, even when
//! the misspelt form is itself a rare term somewhere; within each, a name beats the body. Only a
//! rare word (`expand::is_rare`) is split or widened with typos: a word found in many records is
//! taken as meant. The scores are small whole numbers, the same on every server; ties are
//! broken by the record's importance and then its key (see `rank.rs`).

use tantivy::query::{
    BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Query, TermQuery, TermSetQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenStream;
use tantivy::{Searcher, Term};

use crate::expand;
use crate::query::{SearchError, index_error};
use crate::schema::{self, Fields};

/// What a word's match is worth in a name; the same match in the body is worth one less.
mod worth {
    /// An exact identifier.
    pub const IDENT: f32 = 10.0;
    /// The word itself (or several query words joined into it).
    pub const EXACT: f32 = 8.0;
    /// A longer word it starts, an abbreviation's long form, or its two halves.
    pub const PREFIX: f32 = 6.0;
    /// One typo away.
    pub const TYPO_1: f32 = 4.0;
    /// Two typos away.
    pub const TYPO_2: f32 = 2.0;
}

/// The most query words joined into one indexed word ("open street map").
const JOIN_MAX: usize = 3;

/// The shortest word completed as a prefix.
const PREFIX_MIN: usize = 2;

/// The shortest word split into two.
const SPLIT_FROM: usize = 6;

/// Typos allowed in a word of `len` characters: one from 5, two from 9.
pub(crate) fn typos_allowed(len: usize) -> u8 {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// A query and, when every document it matches gets the same score, that score: then the
/// hits need no scoring and are ordered by their tie value alone (see `top.rs`).
pub(crate) struct Text {
    /// The query.
    pub(crate) query: Box<dyn Query>,
    /// The score of every match, when it is the same for all.
    pub(crate) uniform: Option<f32>,
}

impl Text {
    fn constant(q: Box<dyn Query>, worth: f32) -> Self {
        Self {
            query: Box::new(ConstScoreQuery::new(q, worth)),
            uniform: Some(worth),
        }
    }

    /// Matches nothing (its score is never given to a hit).
    fn nothing() -> Self {
        Self {
            query: Box::new(EmptyQuery),
            uniform: Some(0.0),
        }
    }

    /// Matches what every part matches, scored by their sum.
    fn all(parts: Vec<Text>) -> Self {
        let uniform = parts.iter().map(|p| p.uniform).sum();
        let query = Box::new(BooleanQuery::intersection(
            parts.into_iter().map(|p| p.query).collect(),
        ));
        Self { query, uniform }
    }
}

/// One unit of the query: a token of the text, or a whole word that is a known identifier
/// (which also matches as text).
enum Unit {
    Token(String),
    Ident(Term, Vec<String>),
}

/// The query for `q`, or `None` when it has no words.
pub(crate) fn query(
    searcher: &Searcher,
    fields: &Fields,
    q: &str,
) -> Result<Option<Text>, SearchError> {
    let mut units = Vec::new();
    for word in q.split_whitespace() {
        let ident = Term::from_field_text(fields.ident, &normalise_ident(word));
        let known = searcher
            .doc_freq(&ident)
            .map_err(index_error("while reading a document frequency"))?
            > 0;
        let tokens = tokens(word);
        if known {
            units.push(Unit::Ident(ident, tokens));
        } else {
            units.extend(tokens.into_iter().map(Unit::Token));
        }
    }
    if units.is_empty() {
        return Ok(None);
    }
    let builder = Builder {
        searcher,
        fields,
        units: &units,
    };
    Ok(Some(builder.all()?))
}

struct Builder<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    units: &'a [Unit],
}

impl Builder<'_> {
    /// The query matching every unit: each unit on its own, or joined with the next ones
    /// into a known word, followed by the rest (built from the end, each tail once).
    fn all(&self) -> Result<Text, SearchError> {
        let n = self.units.len();
        let mut tails: Vec<Option<Text>> = (0..=n).map(|_| None).collect();
        for i in (0..n).rev() {
            let mut ways = vec![then(self.unit(i, i + 1 == n)?, &tails[i + 1])];
            for (j, tail) in tails
                .iter()
                .enumerate()
                .take(n.min(i + JOIN_MAX) + 1)
                .skip(i + 2)
            {
                if let Some(joined) = self.joined(&self.units[i..j])? {
                    let worth = worth::EXACT * (j - i) as f32;
                    ways.push(then(self.either(&[joined], worth)?, tail));
                }
            }
            tails[i] = Some(best_of(ways));
        }
        tails[0]
            .take()
            .ok_or_else(|| SearchError::Index("a query without words".into()))
    }

    /// The word the tokens make when joined, when the index knows it.
    fn joined(&self, units: &[Unit]) -> Result<Option<String>, SearchError> {
        let mut word = String::new();
        for u in units {
            let Unit::Token(t) = u else { return Ok(None) };
            word.push_str(t);
        }
        Ok((expand::doc_freq(self.searcher, self.fields, &word)? > 0).then_some(word))
    }

    fn unit(&self, i: usize, last: bool) -> Result<Text, SearchError> {
        match &self.units[i] {
            Unit::Token(t) => self.token(t, last),
            Unit::Ident(ident, tokens) => {
                let mut ways = vec![Text::constant(
                    Box::new(TermQuery::new(ident.clone(), IndexRecordOption::Basic)),
                    worth::IDENT,
                )];
                let mut text = Vec::new();
                for (k, t) in tokens.iter().enumerate() {
                    text.push(self.token(t, last && k + 1 == tokens.len())?);
                }
                if !text.is_empty() {
                    ways.push(Text::all(text));
                }
                Ok(best_of(ways))
            }
        }
    }

    /// Any of `terms` in a name (worth `worth`) or in the body (worth one less). A field that
    /// holds none of them is left out, so a word found only in the body is one term query and
    /// not a union (whose seeks dominated the searches of common words).
    fn either(&self, terms: &[String], worth: f32) -> Result<Text, SearchError> {
        let mut ways = Vec::new();
        for (field, worth) in [(self.fields.name, worth), (self.fields.body, worth - 1.0)] {
            let mut held = Vec::new();
            for t in terms {
                let term = Term::from_field_text(field, t);
                let n = self
                    .searcher
                    .doc_freq(&term)
                    .map_err(index_error("while reading a document frequency"))?;
                if n > 0 {
                    held.push(term);
                }
            }
            if !held.is_empty() {
                ways.push(Text::constant(any_of(held), worth));
            }
        }
        Ok(match ways.len() {
            0 => Text::nothing(),
            _ => best_of(ways),
        })
    }

    /// Every way one token may match, the best counting.
    fn token(&self, token: &str, last: bool) -> Result<Text, SearchError> {
        let (searcher, fields) = (self.searcher, self.fields);
        let len = token.chars().count();
        let mut ways = vec![self.either(&[token.to_owned()], worth::EXACT)?];
        let mut longer: Vec<String> = abbreviation(token)
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        if last && len >= PREFIX_MIN {
            longer.extend(expand::completions(searcher, fields, token)?);
        }
        if !longer.is_empty() {
            ways.push(self.either(&longer, worth::PREFIX)?);
        }
        if !expand::is_rare(searcher, fields, token)? {
            return Ok(best_of(ways));
        }
        if len >= SPLIT_FROM
            && let Some((a, b)) = expand::split(searcher, fields, token)?
        {
            let halves = vec![
                self.either(&[a], worth::PREFIX / 2.0)?,
                self.either(&[b], worth::PREFIX / 2.0)?,
            ];
            ways.push(Text::all(halves));
        }
        let tiers = expand::typos(searcher, fields, token, typos_allowed(len))?;
        for (near, worth) in tiers.iter().zip([worth::TYPO_1, worth::TYPO_2]) {
            if !near.is_empty() {
                ways.push(self.either(near, worth)?);
            }
        }
        Ok(best_of(ways))
    }
}

/// `head` and then what matches the rest, if anything is left.
fn then(head: Text, rest: &Option<Text>) -> Text {
    match rest {
        None => head,
        Some(rest) => Text::all(vec![
            head,
            Text {
                query: rest.query.box_clone(),
                uniform: rest.uniform,
            },
        ]),
    }
}

fn any_of(terms: Vec<Term>) -> Box<dyn Query> {
    match <[Term; 1]>::try_from(terms) {
        Ok([one]) => Box::new(TermQuery::new(one, IndexRecordOption::Basic)),
        Err(terms) => Box::new(TermSetQuery::new(terms)),
    }
}

/// Matches what any of `ways` matches, scored by the best. Ways that match nothing are left
/// out, so a word matched only one way keeps a uniform score.
fn best_of(ways: Vec<Text>) -> Text {
    let mut ways: Vec<Text> = ways
        .into_iter()
        .filter(|w| !w.query.is::<EmptyQuery>())
        .collect();
    match ways.len() {
        0 => Text::nothing(),
        1 => ways.remove(0),
        _ => Text {
            query: Box::new(DisjunctionMaxQuery::new(
                ways.into_iter().map(|w| w.query).collect(),
            )),
            uniform: None,
        },
    }
}

/// The long forms of a common abbreviation in organisation names.
fn abbreviation(token: &str) -> &'static [&'static str] {
    match token {
        "univ" | "uni" => &["university", "universitat", "universite", "universidad"],
        "intl" | "int" => &["international"],
        "assoc" | "assn" => &["association"],
        "inst" => &["institute", "institut", "instituto"],
        "natl" | "nat" => &["national"],
        "dept" => &["department"],
        "coll" => &["college"],
        "lib" => &["library"],
        "mus" => &["museum"],
        "soc" => &["society"],
        "fdn" | "fndn" => &["foundation"],
        "ctr" | "cntr" => &["center", "centre"],
        "st" => &["saint"],
        _ => &[],
    }
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
        assert_eq!([4, 5, 8, 9].map(typos_allowed), [0, 1, 1, 2]);
    }
}
