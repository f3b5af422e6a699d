//! The interface languages, and which one a request gets: `?uselang=`, then the cookie the
//! language menu sets, then `Accept-Language`, then English.

/// A language of the interface. `Qqx` is MediaWiki's pseudo-language that shows message keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Id,
    De,
    Da,
    Es,
    Fr,
    PtBr,
    Ar,
    Fa,
    Hi,
    Zh,
    Sv,
    Qqx,
}

impl Lang {
    /// The twelve real languages, in the order the language menu lists them.
    pub const ALL: [Lang; 12] = [
        Lang::En,
        Lang::Id,
        Lang::De,
        Lang::Da,
        Lang::Es,
        Lang::Fr,
        Lang::PtBr,
        Lang::Ar,
        Lang::Fa,
        Lang::Hi,
        Lang::Zh,
        Lang::Sv,
    ];

    /// The code of its message file and of `?uselang=` (MediaWiki's codes).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
            Lang::De => "de",
            Lang::Da => "da",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::PtBr => "pt-br",
            Lang::Ar => "ar",
            Lang::Fa => "fa",
            Lang::Hi => "hi",
            Lang::Zh => "zh-hans",
            Lang::Sv => "sv",
            Lang::Qqx => "qqx",
        }
    }

    /// The BCP 47 tag for `<html lang>` and for CLDR data.
    pub fn bcp47(self) -> &'static str {
        match self {
            Lang::PtBr => "pt-BR",
            Lang::Zh => "zh-Hans",
            Lang::Qqx => "en",
            other => other.code(),
        }
    }

    /// Its name in itself, for the language menu.
    pub fn autonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Id => "Bahasa Indonesia",
            Lang::De => "Deutsch",
            Lang::Da => "dansk",
            Lang::Es => "español",
            Lang::Fr => "français",
            Lang::PtBr => "português do Brasil",
            Lang::Ar => "العربية",
            Lang::Fa => "فارسی",
            Lang::Hi => "हिन्दी",
            Lang::Zh => "中文（简体）",
            Lang::Sv => "svenska",
            Lang::Qqx => "qqx",
        }
    }

    /// Whether it is written right to left.
    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar | Lang::Fa)
    }

    /// `rtl` or `ltr`, for `<html dir>`.
    pub fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    /// The language a code names: a message-file code (`pt-br`, `qqx`) or a BCP 47 tag
    /// (`pt-BR`, `zh-CN`, `de-AT`), without regard to case. `pt` alone is Brazilian
    /// Portuguese and any `zh` is simplified Chinese, the only variants we have.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase().replace('_', "-");
        if code == "qqx" {
            return Some(Lang::Qqx);
        }
        let primary = code.split('-').next().unwrap_or_default();
        Lang::ALL.into_iter().find(|lang| {
            let own = lang.code();
            own == code || own.split('-').next() == Some(primary)
        })
    }

    /// The language for a request: `uselang`, else `cookie`, else the first language of
    /// `accept_language` (by quality) that we have, else English. Unknown codes are skipped.
    pub fn negotiate(
        uselang: Option<&str>,
        cookie: Option<&str>,
        accept_language: Option<&str>,
    ) -> Lang {
        uselang
            .and_then(Lang::from_code)
            .or_else(|| cookie.and_then(Lang::from_code).filter(|l| *l != Lang::Qqx))
            .or_else(|| accept_language.and_then(best_accepted))
            .unwrap_or(Lang::En)
    }
}

/// The best language of an `Accept-Language` header (RFC 9110 §12.5.4) that we have.
fn best_accepted(header: &str) -> Option<Lang> {
    let mut ranked: Vec<(u16, usize, Lang)> = header
        .split(',')
        .enumerate()
        .filter_map(|(order, item)| {
            let mut pieces = item.split(';');
            let tag = pieces.next()?.trim();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), parse_quality)?;
            let lang = Lang::from_code(tag).filter(|l| *l != Lang::Qqx)?;
            (quality > 0).then_some((quality, order, lang))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.first().map(|(_, _, lang)| *lang)
}

/// A quality value (`0.8`) in thousandths; `None` when it is not one.
fn parse_quality(q: &str) -> Option<u16> {
    let value: f32 = q.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_variants_map_to_ours() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(Lang::from_code(lang.bcp47()), Some(lang));
        }
        assert_eq!(Lang::from_code("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("de_AT"), Some(Lang::De));
        assert_eq!(Lang::from_code("pt"), Some(Lang::PtBr));
        assert_eq!(Lang::from_code("tlh"), None);
    }

    #[test]
    fn uselang_beats_the_cookie_which_beats_the_browser() {
        let header = Some("fr-CH, fr;q=0.9, en;q=0.8");
        assert_eq!(Lang::negotiate(Some("ar"), Some("de"), header), Lang::Ar);
        assert_eq!(Lang::negotiate(None, Some("de"), header), Lang::De);
        assert_eq!(Lang::negotiate(None, None, header), Lang::Fr);
        assert_eq!(Lang::negotiate(Some("xx"), Some("yy"), None), Lang::En);
        assert_eq!(Lang::negotiate(Some("qqx"), None, None), Lang::Qqx);
        assert_eq!(Lang::negotiate(None, Some("qqx"), None), Lang::En);
    }

    #[test]
    fn the_browser_languages_are_taken_by_quality_then_order() {
        assert_eq!(best_accepted("tlh, sv;q=0.5, da;q=0.7"), Some(Lang::Da));
        assert_eq!(best_accepted("hi;q=0, fa"), Some(Lang::Fa));
        assert_eq!(best_accepted("es;q=abc, id"), Some(Lang::Id));
        assert_eq!(best_accepted("tlh"), None);
    }

    #[test]
    fn arabic_and_persian_are_right_to_left() {
        let rtl: Vec<Lang> = Lang::ALL.into_iter().filter(|l| l.is_rtl()).collect();
        assert_eq!(rtl, [Lang::Ar, Lang::Fa]);
        assert_eq!(Lang::Fa.dir(), "rtl");
        assert_eq!(Lang::Sv.dir(), "ltr");
    }
}
