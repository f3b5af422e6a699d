//! A record's words as a page shows them: its title in the reader's language when the record
//! has one, else in the original, marked with that language; and the start of a long text.

use concord_domain::RecordKind;
use concord_i18n::Lang;
use serde_json::Value;

/// A text and, when it is not in the reader's language, its own language (for `lang=`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Localized {
    /// The text.
    pub text: String,
    /// Its language when it differs from the page's; `None` when it is the reader's or unknown.
    pub lang: Option<String>,
}

/// A translatable text (`{"en": "…", "de": "…"}`) in `reader`'s language, else English, else
/// the first language given; `None` when it holds no text.
pub fn translatable(value: &Value, reader: Lang) -> Option<Localized> {
    let map = value.as_object()?;
    let text = |code: &str| {
        map.get(code)
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
    };
    if let Some(own) = text(reader.code()) {
        return Some(Localized {
            text: own.to_owned(),
            lang: None,
        });
    }
    let (code, original) = text("en").map(|t| ("en", t)).or_else(|| {
        map.iter().find_map(|(code, v)| {
            Some((code.as_str(), v.as_str().filter(|t| !t.trim().is_empty())?))
        })
    })?;
    let lang = (code != reader.bcp47() && code != reader.code()).then(|| code.to_owned());
    Some(Localized {
        text: original.to_owned(),
        lang,
    })
}

/// The title of a record of `kind` (its body as JSON) for `reader`: a translated title or
/// term, or an organisation's name in the reader's language, else its registered name.
pub fn title(kind: RecordKind, body: &Value, reader: Lang) -> Localized {
    let named = |field: &str| {
        body[field].as_str().map(|name| Localized {
            text: name.to_owned(),
            lang: None,
        })
    };
    let found = match kind {
        RecordKind::Organisation => {
            let own = body["names"]
                .as_object()
                .and_then(|names| names.get(reader.code()))
                .and_then(Value::as_str)
                .map(|name| Localized {
                    text: name.to_owned(),
                    lang: None,
                });
            own.or_else(|| named("name"))
        }
        RecordKind::Person
        | RecordKind::RoutingRule
        | RecordKind::RedLine
        | RecordKind::ApprovalPolicy
        | RecordKind::AssessmentTemplate => named("name"),
        RecordKind::Partnership | RecordKind::Need => translatable(&body["title"], reader),
        RecordKind::GlossaryTerm => translatable(&body["term"], reader),
        RecordKind::Inquiry => named("organisation"),
    };
    found.unwrap_or_else(|| Localized {
        text: body["id"].as_str().unwrap_or_default().to_owned(),
        lang: None,
    })
}

/// At most `chars` characters of `text`, cut at a word and marked with an ellipsis when cut.
pub fn start_of(text: &str, chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(chars).collect();
    let at_word = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_title_is_in_the_readers_language_else_the_original_marked() {
        let title = json!({"en": "Scanning", "de": "Digitalisierung"});
        let de = translatable(&title, Lang::De).unwrap();
        assert_eq!((de.text.as_str(), de.lang), ("Digitalisierung", None));
        let fr = translatable(&title, Lang::Fr).unwrap();
        assert_eq!(
            (fr.text.as_str(), fr.lang.as_deref()),
            ("Scanning", Some("en"))
        );
        let sv_only = translatable(&json!({"sv": "Skanning"}), Lang::En).unwrap();
        assert_eq!(sv_only.lang.as_deref(), Some("sv"));
        assert_eq!(translatable(&json!({}), Lang::En), None);
    }

    #[test]
    fn a_long_text_is_cut_at_a_word() {
        assert_eq!(start_of("short", 10), "short");
        assert_eq!(start_of("one two three four", 10), "one two…");
    }
}
