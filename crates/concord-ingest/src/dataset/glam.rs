//! `glam-isil-wikidata/glam_isil_wikidata.csv`: libraries, museums and archives with ISILs and
//! QIDs. The kind is guessed from the ISIL (`DE-MUS-` is a German museum) and the label; a row
//! without a label is skipped and reported (a QID is no name).

use std::io::Read;

use serde::Deserialize;

use crate::reference::{clean_country, clean_isils, clean_qid, non_empty};
use crate::{Incoming, RowProblem};

#[derive(Deserialize)]
struct Row {
    wikidata: String,
    label: String,
    isil: String,
    country_code: String,
}

const KIND_WORDS: &[(&str, &[&str])] = &[
    (
        "library",
        &[
            "bibliothek",
            "biblioteca",
            "bibliothèque",
            "bibliotheek",
            "bibliotek",
            "library",
            "図書館",
            "bücherei",
        ],
    ),
    (
        "archive",
        &[
            "archiv",
            "archive",
            "archivio",
            "archief",
            "arkiv",
            "文書館",
        ],
    ),
    (
        "museum",
        &[
            "museum",
            "museo",
            "musée",
            "muzejs",
            "museet",
            "美術館",
            "博物館",
            "資料館",
        ],
    ),
];

/// The kind of a GLAM body from its ISILs and label.
pub(super) fn guess_kind(isils: &[String], label: &str) -> &'static str {
    if isils.iter().any(|i| i.starts_with("DE-MUS-")) {
        return "museum";
    }
    let label = label.to_lowercase();
    KIND_WORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| label.contains(w)))
        .map_or("other", |(kind, _)| kind)
}

/// Reads the GLAM file.
pub(super) fn read(input: impl Read) -> anyhow::Result<(Vec<Incoming>, Vec<RowProblem>)> {
    let (mut records, mut skipped) = (Vec::new(), Vec::new());
    for (line, row) in super::csv_rows::<Row>(input)? {
        let Some(name) = non_empty(&row.label) else {
            skipped.push(RowProblem {
                line,
                field: "label".into(),
                message: format!("{} has no label", row.wikidata),
            });
            continue;
        };
        let mut record = crate::csv::blank_organisation();
        record.identifiers.wikidata = clean_qid(&row.wikidata);
        record.identifiers.isil = clean_isils(&row.isil);
        record.kind = guess_kind(&record.identifiers.isil, &name).to_owned();
        record.country = clean_country(&row.country_code);
        record.name = name;
        records.push(Incoming { line, record });
    }
    Ok((records, skipped))
}

#[cfg(test)]
mod tests {
    use super::guess_kind;

    #[test]
    fn kinds_come_from_the_isil_and_the_label() {
        assert_eq!(guess_kind(&["DE-MUS-079016".into()], "Schnütgen"), "museum");
        assert_eq!(guess_kind(&[], "Stadtbibliothek Köln"), "library");
        assert_eq!(guess_kind(&[], "大阪府立中央図書館"), "library");
        assert_eq!(guess_kind(&[], "Landesarchiv Berlin"), "archive");
        assert_eq!(guess_kind(&[], "Museo Egizio"), "museum");
        assert_eq!(guess_kind(&[], "Burg Hiroshima"), "other");
    }
}
