//! Messages render as a reader of each language expects: CLDR plural forms, explicit
//! numbers, the language's digits and dates, `qqx` keys, English for a missing message.

use chrono::NaiveDate;
use concord_i18n::{Arg, Catalog, Lang};

fn catalog() -> Catalog {
    Catalog::builtin()
}

#[test]
fn english_plurals_pick_one_other_and_the_explicit_zero() {
    let c = catalog();
    let en = c.get(Lang::En);
    assert_eq!(
        en.msg_with("concord-search-results", &[0i64.into()]),
        "No results"
    );
    assert_eq!(
        en.msg_with("concord-search-results", &[1i64.into()]),
        "1 result"
    );
    assert_eq!(
        en.msg_with("concord-search-results", &[1234i64.into()]),
        "1,234 results"
    );
}

#[test]
fn arabic_uses_all_six_cldr_forms() {
    let c = catalog();
    let ar = c.get(Lang::Ar);
    let form = |n: i64| ar.msg_with("concord-search-results", &[n.into()]);
    assert_eq!(form(0), "لا نتائج");
    assert_eq!(form(1), "نتيجة واحدة");
    assert_eq!(form(2), "نتيجتان");
    assert!(form(3).ends_with(" نتائج"), "{}", form(3));
    assert!(form(11).ends_with(" نتيجة"), "{}", form(11));
}

#[test]
fn numbers_and_dates_follow_the_language() {
    let c = catalog();
    assert_eq!(c.get(Lang::De).number(1_234_567), "1.234.567");
    assert_eq!(c.get(Lang::Hi).number(1_234_567), "12,34,567");
    assert_eq!(c.get(Lang::Fa).number(12), "۱۲");
    let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    assert_eq!(c.get(Lang::En).date(day), "Dec 7, 2026");
    assert_eq!(c.get(Lang::Zh).date(day), "2026年12月7日");
}

#[test]
fn lists_take_the_languages_separator() {
    let c = catalog();
    let items = ["Education", "Research"];
    assert_eq!(c.get(Lang::En).list(items), "Education, Research");
    assert_eq!(c.get(Lang::Ar).list(["تعليم", "بحث"]), "تعليم، بحث");
    assert_eq!(c.get(Lang::Zh).list(["教育", "研究"]), "教育、研究");
    assert_eq!(c.get(Lang::En).list(Vec::<String>::new()), "");
}

#[test]
fn qqx_shows_keys_and_arguments() {
    let c = catalog();
    let qqx = c.get(Lang::Qqx);
    assert_eq!(qqx.msg("concord-nav-home"), "(concord-nav-home)");
    assert_eq!(
        qqx.msg_with(
            "concord-last-edited",
            &[Arg::User("Ada".into()), "today".into()]
        ),
        "(concord-last-edited: Ada, today)"
    );
}

#[test]
fn a_missing_message_is_marked_and_a_missing_argument_stays_visible() {
    let c = catalog();
    let sv = c.get(Lang::Sv);
    assert_eq!(
        sv.msg("concord-no-such-message"),
        "⧼concord-no-such-message⧽"
    );
    assert_eq!(
        sv.msg("concord-last-edited"),
        "Senast redigerad av $1 den $2"
    );
}
