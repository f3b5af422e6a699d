//! The reader's words for stored values: vocabulary terms (organisation kinds, areas, levels,
//! …) and statuses. Every page shows a stored value through here, never its raw key.
//!
//! A default term has a message `concord-vocab-<vocabulary>-<key>` (e.g.
//! `concord-vocab-area-content_glam`); a term an admin added at run time has none, so it shows
//! the label the admin gave it; a key no vocabulary knows (an old record) shows as written.
//! A region that is a UN M49 code (`150`) is named by CLDR instead ([`Localizer::region`]).
//! A status has a message `concord-status-<of>-<value>` (e.g. `concord-status-partnership-active`),
//! a record kind `concord-kind-<kind>` and `concord-kind-<kind>-plural`. Countries and languages
//! are named by CLDR ([`country`], [`language`]).

use concord_domain::RecordKind;
use concord_domain::vocabulary::{Vocabularies, Vocabulary};
use concord_i18n::{Localizer, names};

/// The reader's label for `key` of `vocabulary`.
pub fn term(
    t: &Localizer,
    vocabularies: &Vocabularies,
    vocabulary: Vocabulary,
    key: &str,
) -> String {
    if vocabulary == Vocabulary::Region && names::is_region(key) {
        return t.region(key);
    }
    let message = format!("concord-vocab-{}-{key}", vocabulary.as_str());
    if t.has(&message) {
        return t.msg(&message);
    }
    match vocabularies.label(vocabulary, key) {
        Some(label) => label.to_owned(),
        None => key.to_owned(),
    }
}

/// The reader's word for a status `value` of `of` (`partnership`, `need`, `relationship`).
/// Without a message, the value with its underscores as spaces.
pub fn status(t: &Localizer, of: &str, value: &str) -> String {
    let message = format!("concord-status-{of}-{value}");
    if t.has(&message) {
        t.msg(&message)
    } else {
        value.replace('_', " ")
    }
}

/// The reader's name for the country `iso2` (`DE`), else its English name, else the code.
pub fn country(t: &Localizer, iso2: &str) -> String {
    t.country(iso2)
}

/// The reader's name for the language `code` (`ar`, `pt-BR`), else its English name, else the
/// code: for marking text that is not in the reader's language.
pub fn language(t: &Localizer, code: &str) -> String {
    t.language(code)
}

/// The reader's name for one record of `kind` ("Organisation").
pub fn kind(t: &Localizer, kind: RecordKind) -> String {
    t.msg(&format!("concord-kind-{}", kind.as_str()))
}

/// The reader's name for records of `kind` as the heading of a list ("Organisations").
pub fn kinds(t: &Localizer, kind: RecordKind) -> String {
    t.msg(&format!("concord-kind-{}-plural", kind.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::localizer;
    use concord_i18n::Lang;

    #[test]
    fn a_term_without_a_message_shows_its_stored_label_and_an_unknown_key_itself() {
        let t = localizer(Lang::En);
        let mut vocabularies = Vocabularies::defaults();
        vocabularies.insert(Vocabulary::Area, "zz_new_area", "A new area");
        assert_eq!(
            term(t, &vocabularies, Vocabulary::Area, "zz_new_area"),
            "A new area"
        );
        assert_eq!(
            term(t, &vocabularies, Vocabulary::Area, "zz_unknown"),
            "zz_unknown"
        );
    }

    #[test]
    fn a_status_without_a_message_reads_as_words() {
        let t = localizer(Lang::En);
        assert_eq!(status(t, "zz", "awaiting_approval"), "awaiting approval");
    }

    /// Every status's wire name. The matches list every variant without a wildcard, so a new
    /// status fails to compile here until it is listed (and then needs a message).
    fn statuses() -> Vec<(&'static str, &'static str)> {
        use concord_domain::{NeedStatus, PartnershipStatus, RelationshipStatus};
        let need = |s: NeedStatus| match s {
            NeedStatus::Open | NeedStatus::Matched | NeedStatus::Fulfilled => s.as_str(),
        };
        let relationship = |s: &RelationshipStatus| match s {
            RelationshipStatus::Prospect
            | RelationshipStatus::Partner
            | RelationshipStatus::FormerPartner
            | RelationshipStatus::Excluded { .. } => s.as_str(),
        };
        let mut all: Vec<(&str, &str)> = PartnershipStatus::ALL
            .into_iter()
            .map(|s| ("partnership", s.as_str()))
            .collect();
        for s in [NeedStatus::Open, NeedStatus::Matched, NeedStatus::Fulfilled] {
            all.push(("need", need(s)));
        }
        for s in [
            RelationshipStatus::Prospect,
            RelationshipStatus::Partner,
            RelationshipStatus::FormerPartner,
            RelationshipStatus::Excluded {
                reason: String::new(),
            },
        ] {
            all.push(("relationship", relationship(&s)));
        }
        all
    }

    /// A default term added to the domain without its message, a status without one, or a
    /// kind without its singular and plural fails here.
    #[test]
    fn every_default_term_status_and_kind_has_an_english_message() {
        let t = localizer(Lang::En);
        let defaults = Vocabularies::defaults();
        let mut missing = Vec::new();
        for vocabulary in Vocabulary::ALL {
            let terms = defaults.terms(vocabulary);
            assert!(!terms.is_empty(), "{vocabulary:?} has no default terms");
            for default in terms {
                let key = &default.key;
                if vocabulary == Vocabulary::Region && key.bytes().all(|b| b.is_ascii_digit()) {
                    if !names::is_region(key) || t.region(key) == *key {
                        missing.push(format!("CLDR name of M49 region {key}"));
                    }
                    continue;
                }
                let message = format!("concord-vocab-{}-{key}", vocabulary.as_str());
                if !t.has(&message) {
                    missing.push(message);
                } else if t.msg(&message) != default.label {
                    missing.push(format!(
                        "{message} (English differs from the default label)"
                    ));
                }
            }
        }
        for (of, value) in statuses() {
            let message = format!("concord-status-{of}-{value}");
            if !t.has(&message) {
                missing.push(message);
            }
        }
        for k in RecordKind::ALL {
            for message in [
                format!("concord-kind-{}", k.as_str()),
                format!("concord-kind-{}-plural", k.as_str()),
            ] {
                if !t.has(&message) {
                    missing.push(message);
                }
            }
        }
        assert!(
            missing.is_empty(),
            "no message for:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn a_german_reader_reads_german_labels_and_names() {
        let t = localizer(Lang::De);
        let v = Vocabularies::defaults();
        assert_eq!(
            term(t, &v, Vocabulary::Area, "content_glam"),
            "Inhalte / GLAM"
        );
        assert_eq!(term(t, &v, Vocabulary::Region, "150"), "Europa");
        assert_eq!(
            term(t, &v, Vocabulary::Region, "cee"),
            "Mittel- und Osteuropa"
        );
        assert_eq!(
            status(t, "partnership", "awaiting_approval"),
            "Wartet auf Genehmigung"
        );
        assert_eq!(status(t, "need", "matched"), "Partner gefunden");
        assert_eq!(kind(t, RecordKind::GlossaryTerm), "Glossarbegriff");
        assert_eq!(kinds(t, RecordKind::Organisation), "Organisationen");
        assert_eq!(country(t, "SE"), "Schweden");
        assert_eq!(language(t, "fr"), "Französisch");
    }

    #[test]
    fn english_names_m49_regions_from_cldr_and_qqx_shows_keys_and_codes() {
        let v = Vocabularies::defaults();
        let en = localizer(Lang::En);
        assert_eq!(term(en, &v, Vocabulary::Region, "001"), "World");
        assert_eq!(kinds(en, RecordKind::Person), "People");
        let qqx = localizer(Lang::Qqx);
        assert_eq!(
            term(qqx, &v, Vocabulary::Area, "content_glam"),
            "(concord-vocab-area-content_glam)"
        );
        assert_eq!(term(qqx, &v, Vocabulary::Region, "150"), "150");
        assert_eq!(kind(qqx, RecordKind::Need), "(concord-kind-need)");
        assert_eq!(country(qqx, "DE"), "DE");
    }
}
