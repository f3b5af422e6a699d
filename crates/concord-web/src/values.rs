//! The reader's words for stored values: vocabulary terms (organisation kinds, areas, levels,
//! …) and statuses. Every page shows a stored value through here, never its raw key.
//!
//! A default term has a message `concord-vocab-<vocabulary>-<key>` (e.g.
//! `concord-vocab-area-content_glam`); a term an admin added at run time has none, so it shows
//! the label the admin gave it; a key no vocabulary knows (an old record) shows as written.
//! A status has a message `concord-status-<of>-<value>` (e.g. `concord-status-partnership-active`).

use concord_domain::vocabulary::{Vocabularies, Vocabulary};
use concord_i18n::Localizer;

/// The reader's label for `key` of `vocabulary`.
pub fn term(
    t: &Localizer,
    vocabularies: &Vocabularies,
    vocabulary: Vocabulary,
    key: &str,
) -> String {
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
}
