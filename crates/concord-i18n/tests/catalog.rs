//! The message files are complete and well formed: every language has exactly English's keys,
//! every message parses and uses no parameter English lacks, no language leaves more than a
//! tenth of its messages in English, and `qqq.json` documents every key.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::collections::BTreeSet;

use concord_i18n::catalog::{DOCUMENTATION, FILES, raw_messages};
use concord_i18n::{Catalog, Message};

fn keys(code: &'static str, json: &str) -> BTreeSet<String> {
    raw_messages(code, json)
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}

fn english() -> Vec<(String, String)> {
    raw_messages("en", FILES[0].1).unwrap()
}

#[test]
fn every_language_has_exactly_the_english_keys() {
    let wanted = keys("en", FILES[0].1);
    let mut problems = Vec::new();
    for (code, json) in FILES {
        let have = keys(code, json);
        for missing in wanted.difference(&have) {
            problems.push(format!("{code}.json lacks {missing}"));
        }
        for extra in have.difference(&wanted) {
            problems.push(format!("{code}.json has {extra}, which en.json lacks"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn qqq_documents_every_key_and_only_those() {
    assert_eq!(keys("qqq", DOCUMENTATION), keys("en", FILES[0].1));
    for (key, doc) in raw_messages("qqq", DOCUMENTATION).unwrap() {
        assert!(
            doc.trim().len() >= 10,
            "qqq.json says too little about {key}"
        );
    }
}

#[test]
fn every_message_parses_and_uses_only_the_parameters_english_has() {
    let english: std::collections::HashMap<String, usize> = english()
        .into_iter()
        .map(|(k, v)| (k, Message::parse(&v).map(|m| m.max_param()).unwrap_or(0)))
        .collect();
    let mut problems = Vec::new();
    for (code, json) in FILES {
        for (key, text) in raw_messages(code, json).unwrap() {
            match Message::parse(&text) {
                Err(e) => problems.push(format!("{code}.json {key}: {e}")),
                Ok(m) if m.max_param() > english.get(&key).copied().unwrap_or(0) => {
                    problems.push(format!("{code}.json {key} uses ${}", m.max_param()))
                }
                Ok(_) => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let catalog = Catalog::builtin();
    let problems: Vec<String> = catalog.problems().iter().map(|p| p.to_string()).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_language_leaves_more_than_a_tenth_of_its_messages_in_english() {
    let english = english();
    for (code, json) in FILES.iter().skip(1) {
        let theirs: std::collections::HashMap<String, String> =
            raw_messages(code, json).unwrap().into_iter().collect();
        let same = english
            .iter()
            .filter(|(k, v)| theirs.get(k) == Some(v))
            .count();
        assert!(
            same * 10 <= english.len(),
            "{code}.json: {same} of {} messages are the English text",
            english.len()
        );
    }
}
