//! External identifiers and their shapes: Wikidata QIDs, ROR IDs, ISILs and web addresses.

use serde::{Deserialize, Serialize};

use crate::validation::{Problem, ValidationErrors};

/// The identifiers an organisation is known by elsewhere.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Identifiers {
    /// Wikidata QID, e.g. `Q42`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// ROR ID without the `https://ror.org/` prefix, e.g. `0000ev088`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ror: Option<String>,
    /// ISILs (ISO 15511), e.g. `DE-MUS-079016`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub isil: Vec<String>,
}

impl Identifiers {
    /// Checks each identifier's shape (and the ROR checksum).
    pub fn validate(&self, errors: &mut ValidationErrors, field: &str) {
        if let Some(q) = &self.wikidata
            && !is_qid(q)
        {
            malformed(
                errors,
                &format!("{field}.wikidata"),
                q,
                "a Wikidata QID such as Q42",
            );
        }
        if let Some(r) = &self.ror
            && !is_ror_id(r)
        {
            malformed(
                errors,
                &format!("{field}.ror"),
                r,
                "a ROR ID such as 0000ev088 (nine characters with a valid checksum)",
            );
        }
        for (i, isil) in self.isil.iter().enumerate() {
            if !is_isil(isil) {
                malformed(
                    errors,
                    &format!("{field}.isil[{i}]"),
                    isil,
                    "an ISIL such as DE-MUS-079016",
                );
            }
        }
    }

    /// Every identifier as text, for search.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.wikidata
            .iter()
            .chain(self.ror.iter())
            .chain(self.isil.iter())
            .map(String::as_str)
    }
}

fn malformed(errors: &mut ValidationErrors, field: &str, value: &str, expected: &str) {
    errors.add(
        field,
        Problem::Malformed {
            value: value.chars().take(100).collect(),
            expected: expected.to_owned(),
        },
    );
}

/// `Q` followed by a positive number without leading zero.
pub fn is_qid(s: &str) -> bool {
    s.strip_prefix('Q').is_some_and(|n| {
        !n.is_empty()
            && n.len() <= 12
            && !n.starts_with('0')
            && n.bytes().all(|b| b.is_ascii_digit())
    })
}

const CROCKFORD: &[u8] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A ROR ID: `0`, six Crockford base-32 characters, and a two-digit ISO 7064 Mod 97-10 checksum.
pub fn is_ror_id(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.len() != 9 || bytes[0] != b'0' {
        return false;
    }
    let mut n: u64 = 0;
    for b in &bytes[..7] {
        let Some(v) = CROCKFORD.iter().position(|c| c == b) else {
            return false;
        };
        n = n * 32 + v as u64;
    }
    let Ok(check) = s[7..].parse::<u64>() else {
        return false;
    };
    98 - ((n * 100) % 97) == check
}

/// An ISIL: a prefix of 1–4 letters or digits, `-`, then up to 11 more characters of letters,
/// digits, `-`, `:` and `/`; 16 characters at most in all (ISO 15511).
pub fn is_isil(s: &str) -> bool {
    let Some((prefix, rest)) = s.split_once('-') else {
        return false;
    };
    s.len() <= 16
        && (1..=4).contains(&prefix.len())
        && prefix.bytes().all(|b| b.is_ascii_alphanumeric())
        && !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qids() {
        assert!(is_qid("Q42"));
        for bad in ["Q", "Q0", "Q042", "q42", "P31", "Q4x", "Q1234567890123"] {
            assert!(!is_qid(bad), "{bad}");
        }
    }

    #[test]
    fn ror_ids_need_a_valid_checksum() {
        assert!(is_ror_id("0000ev088"));
        assert!(!is_ror_id("0000ev089"));
        assert!(!is_ror_id("1000ev088"));
        assert!(!is_ror_id("https://ror.org/0000ev088"));
    }

    #[test]
    fn isils() {
        assert!(is_isil("DE-MUS-079016"));
        assert!(is_isil("OCLC-ABC"));
        assert!(!is_isil("DEMUS"));
        assert!(!is_isil("DE-MUS-0790161234567"));
        assert!(!is_isil("DE-<script>"));
    }

    proptest::proptest! {
        #[test]
        fn shape_checks_never_panic(s in ".{0,40}") {
            let _ = (is_qid(&s), is_ror_id(&s), is_isil(&s), crate::check::is_web_url(&s));
        }
    }
}
