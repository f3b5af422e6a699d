//! Titles, summaries and names in the reader's language: the reader's own text when the record
//! has it, else the original, marked with its language (a `lang` attribute for the browser and
//! the message `concord-original-language` for the reader).

use concord_domain::text::Translatable;
use concord_i18n::{Arg, Localizer};

/// A text of a record as a page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    /// The text.
    pub text: String,
    /// The language it is in, when that is not the reader's (for `lang`).
    pub lang: Option<String>,
    /// "Original text, in …" when it is not in the reader's language.
    pub note: Option<String>,
}

impl Shown {
    /// A text that is not in any particular language (a name, a code): shown as it is.
    pub fn plain(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            ..Self::default()
        }
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// The text of `texts` in the reader's own language, if it has one.
pub fn own<'a>(t: &Localizer, texts: &'a Translatable) -> Option<&'a str> {
    let reader = t.lang();
    [reader.code(), reader.bcp47()]
        .iter()
        .find_map(|code| texts.0.get(*code))
        .map(String::as_str)
}

/// `texts` in the reader's language when given, else English, else any, marked when it is not
/// the reader's.
pub fn translated(t: &Localizer, texts: &Translatable) -> Shown {
    if let Some(text) = own(t, texts) {
        return Shown::plain(text);
    }
    let original = texts
        .0
        .get_key_value("en")
        .or_else(|| texts.0.iter().next());
    match original {
        Some((code, text)) => Shown {
            text: text.clone(),
            lang: Some(code.clone()),
            note: Some(t.msg_with("concord-original-language", &[Arg::Text(t.language(code))])),
        },
        None => Shown::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::localizer;
    use concord_i18n::Lang;

    #[test]
    fn the_readers_text_is_shown_plain_and_another_is_marked() {
        let texts = Translatable(
            [
                ("de".to_owned(), "Hallo".to_owned()),
                ("sv".to_owned(), "Hej".to_owned()),
            ]
            .into(),
        );
        assert_eq!(
            translated(localizer(Lang::De), &texts),
            Shown::plain("Hallo")
        );
        let shown = translated(localizer(Lang::Fr), &texts);
        assert_eq!(shown.text, "Hallo");
        assert_eq!(shown.lang.as_deref(), Some("de"));
        // The language is named in the reader's language (CLDR).
        assert!(shown.note.is_some_and(|n| n.contains("allemand")));
    }
}
