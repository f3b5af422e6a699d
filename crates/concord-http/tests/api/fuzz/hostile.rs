//! Strategies for hostile request parts: query strings, path segments and header values that a
//! careless or malicious client sends. Every string they make is a valid URI part or header
//! value (the HTTP layer refuses the rest before the application sees it), but nothing more.

use proptest::prelude::*;

/// Malformed escapes, invalid UTF-8, NUL, separators and lookalikes, verbatim in the URI.
const GARBAGE: &[&str] = &[
    "%",
    "%z",
    "%zz",
    "%f",
    "%ff",
    "%FF%FE",
    "%c3%28",
    "%ed%a0%80",
    "%E2%82",
    "%f4%90%80%80",
    "%00",
    "%25",
    "%2525",
    "+",
    "%2B",
    "%26",
    "%3D",
    "=",
    "==",
    "%0d%0a",
    "%C0%AE%C0%AE",
    "%2e%2e",
];

/// Numbers no field expects: overflowing, negative, floating, spelled oddly.
const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "99999999999999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "1e309",
    "NaN",
    "-0",
    "0x10",
    "%201",
    "1.5",
    "4294967296",
];

/// Query keys the endpoints read, and some they do not.
const KEYS: &[&str] = &[
    "q",
    "limit",
    "cursor",
    "sort",
    "kind",
    "area",
    "year",
    "type",
    "status",
    "country",
    "region",
    "visibility",
    "from",
    "to",
    "rev",
    "page",
    "offset",
    "lang",
    "facet",
    "q[]",
    "limit[0]",
    "",
];

/// Path segments the routes know, and their neighbours.
const SEGMENTS: &[&str] = &[
    "history",
    "revisions",
    "diff",
    "restore",
    "revert",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "0190a0a0-0000-7000-8000-00000000000",
    "..",
    ".",
    "",
    "%2F",
    "%2e%2e",
];

/// Percent-encodes every byte, so any bytes (invalid UTF-8 included) make a valid URI part.
pub fn encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("%{b:02X}")).collect()
}

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(list).prop_map(str::to_owned)
}

fn encoded_bytes(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..max).prop_map(|b| encode(&b))
}

/// A query value: garbage escapes, odd numbers, any bytes encoded, or plain words.
pub fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        pick(GARBAGE),
        pick(NUMBERS),
        encoded_bytes(24),
        "[a-zA-Z0-9_.~-]{0,12}",
        (pick(NUMBERS), pick(GARBAGE)).prop_map(|(n, g)| format!("{n}{g}")),
    ]
}

/// A query string: up to eight pairs, keys often repeated, odd separators, keys or `=` missing.
pub fn query_string() -> impl Strategy<Value = String> {
    let key = prop_oneof![3 => pick(KEYS), 1 => pick(GARBAGE), 1 => encoded_bytes(8)];
    let pair = (key, prop::option::of(value())).prop_map(|(k, v)| match v {
        Some(v) => format!("{k}={v}"),
        None => k,
    });
    let separator = prop::sample::select(&["&", "&", "&", "&&", ";", "&=&"][..]);
    (prop::collection::vec(pair, 0..8), separator, any::<bool>()).prop_map(|(pairs, sep, twice)| {
        let mut pairs = pairs;
        if twice && let Some(first) = pairs.first().cloned() {
            pairs.push(first);
        }
        pairs.join(sep)
    })
}

/// A path segment: route words, ids good and bad, numbers, garbage, any bytes encoded.
pub fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => pick(SEGMENTS),
        1 => pick(NUMBERS),
        1 => pick(GARBAGE),
        1 => encoded_bytes(16),
        1 => "[a-zA-Z0-9_.~-]{1,12}",
    ]
}

/// Bytes a header value may hold: visible ASCII, space, tab and obs-text (any byte ≥ 0x80).
pub fn header_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![8 => 0x20u8..=0x7e, 2 => 0x80u8..=0xff, 1 => Just(b'\t')];
    prop::collection::vec(byte, 0..max)
}

fn prefixed(prefix: &'static str, rest: Vec<u8>) -> Vec<u8> {
    let mut out = prefix.as_bytes().to_vec();
    out.extend(rest);
    out
}

/// An `Authorization` value: bearer tokens real, truncated, padded or absurd, other schemes.
pub fn authorization() -> impl Strategy<Value = Vec<u8>> {
    let scheme = prop::sample::select(
        &[
            "Bearer ",
            "bearer ",
            "Bearer",
            "Bearer  ",
            "Basic ",
            "Token ",
            "",
            "Bearer secret-of-member",
            "Bearer secret-of-admin ",
            "Bearer secret-of-",
        ][..],
    );
    prop_oneof![
        8 => (scheme, header_bytes(48)).prop_map(|(s, rest)| prefixed(s, rest)),
        1 => Just(b"Bearer secret-of-member".to_vec()),
        1 => (1usize..3).prop_map(|n| prefixed("Bearer ", vec![b'A'; 6000 * n])),
    ]
}

/// A `Cookie` value: our cookies and others, with garbage values and odd separators.
pub fn cookie() -> impl Strategy<Value = Vec<u8>> {
    let name = prop::sample::select(
        &[
            "concord_session",
            "concord_csrf",
            "concord_session ",
            "",
            "x",
            "__Host-x",
        ][..],
    );
    let value =
        header_bytes(40).prop_map(|v| v.into_iter().filter(|b| *b != b';').collect::<Vec<u8>>());
    let pair = (name, prop::option::of(value)).prop_map(|(n, v)| match v {
        Some(v) => prefixed(n, prefixed("=", v)),
        None => n.as_bytes().to_vec(),
    });
    let separator = prop::sample::select(&["; ", ";", " ;; ", ", "][..]);
    (prop::collection::vec(pair, 0..5), separator)
        .prop_map(|(pairs, sep)| pairs.join(sep.as_bytes()))
}
