//! The interface's languages: which one a request gets ([`Lang`]), the messages in
//! MediaWiki's format (`i18n/<code>.json`, documented in `i18n/qqq.json`), and rendering them
//! with CLDR's plural rules, numbers and dates ([`Catalog`], [`Localizer`]), and the names of
//! countries, regions and languages in each language ([`names`]).
//!
//! No I/O: the message files and name tables are compiled in, and the CLDR data is ICU4X's
//! compiled data.

pub mod catalog;
pub mod lang;
pub mod message;
pub mod names;
mod render;

pub use catalog::{Catalog, CatalogError, Localizer};
pub use lang::Lang;
pub use message::{Message, ParseError};
pub use render::Arg;

/// Every language's messages, parsed on first use. Immutable and compiled in, so one per
/// process; problems with the files are reported by this crate's catalogue test.
static CATALOG: std::sync::LazyLock<Catalog> = std::sync::LazyLock::new(Catalog::builtin);

/// The messages and formats of `lang`, from the one catalogue of the process.
pub fn localizer(lang: Lang) -> &'static Localizer {
    CATALOG.get(lang)
}

#[cfg(test)]
mod tests {
    /// Pages share one catalogue across threads.
    #[test]
    fn the_catalogue_can_be_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<crate::Catalog>();
    }
}
