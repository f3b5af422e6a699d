//! Edit conflicts, resolved like a wiki: when a record was saved after the editor opened its
//! form, the editor's texts are compared field by field with the saved ones and with the
//! version the form was opened at. A field only the other person changed offers their text
//! first; a field the editor changed offers the editor's; both are shown side by side with
//! the words that differ marked, and the editor chooses. Nothing is saved until they do.

use similar::{ChangeTag, TextDiff};

use super::field::Field;

/// Who changed a field since the form was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changed {
    /// Only the other person.
    Them,
    /// Only the editor.
    You,
    /// Both, differently.
    Both,
}

/// A piece of a text: marked when the other version does not have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// Whether only this version has it.
    pub marked: bool,
}

/// One field of the conflict page.
#[derive(Clone, Debug)]
pub struct Row {
    /// The field, as the form shows it (its name and label).
    pub field: Field,
    /// The saved text.
    pub saved: String,
    /// The editor's text.
    pub yours: String,
    /// The saved text in pieces, marked where the editor's differs.
    pub saved_pieces: Vec<Piece>,
    /// The editor's text in pieces, marked where the saved one differs.
    pub your_pieces: Vec<Piece>,
    /// Who changed it.
    pub changed: Changed,
}

impl Row {
    /// Whether the editor's text is offered first.
    pub fn yours_first(&self) -> bool {
        self.changed != Changed::Them
    }

    /// The message key of the note saying who changed the field.
    pub fn note(&self) -> &'static str {
        match self.changed {
            Changed::Them => "concord-conflict-changed-them",
            Changed::You => "concord-conflict-changed-you",
            Changed::Both => "concord-conflict-changed-both",
        }
    }
}

/// The fields that differ between the `saved` and the editor's (`yours`) versions, given the
/// version the form was opened at (`opened`; `None` when it cannot be read), and the fields
/// that agree, which the page carries unchanged. All three lists come from the same kind's
/// form, so they hold the same fields in the same order.
pub fn compare(
    saved: Vec<Field>,
    yours: &[Field],
    opened: Option<&[Field]>,
) -> (Vec<Row>, Vec<Field>) {
    let mut rows = Vec::new();
    let mut same = Vec::new();
    for field in saved {
        let Some(mine) = yours.iter().find(|f| f.name == field.name) else {
            continue;
        };
        if mine.value == field.value {
            same.push(field);
            continue;
        }
        let before = opened.and_then(|o| o.iter().find(|f| f.name == field.name));
        let changed = match before {
            Some(b) if b.value == mine.value => Changed::Them,
            Some(b) if b.value == field.value => Changed::You,
            _ => Changed::Both,
        };
        // A choice is compared as the reader sees it (its label), not as stored.
        let (saved_pieces, your_pieces) =
            pieces(&field.shown(&field.value), &field.shown(&mine.value));
        rows.push(Row {
            saved: field.value.clone(),
            yours: mine.value.clone(),
            field,
            saved_pieces,
            your_pieces,
            changed,
        });
    }
    (rows, same)
}

/// Both texts in pieces, word by word, marked where the other text differs.
fn pieces(saved: &str, yours: &str) -> (Vec<Piece>, Vec<Piece>) {
    let diff = TextDiff::from_words(saved, yours);
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for change in diff.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                push(&mut left, text, false);
                push(&mut right, text, false);
            }
            ChangeTag::Delete => push(&mut left, text, true),
            ChangeTag::Insert => push(&mut right, text, true),
        }
    }
    (left, right)
}

/// Appends `text`, joining it to the last piece when that is marked alike.
fn push(pieces: &mut Vec<Piece>, text: &str, marked: bool) {
    match pieces.last_mut() {
        Some(last) if last.marked == marked => last.text.push_str(text),
        _ => pieces.push(Piece {
            text: text.to_owned(),
            marked,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::field::Input;

    fn field(name: &'static str, value: &str) -> Field {
        let mut f = Field::new(name, name.to_owned(), Input::Text);
        f.value = value.to_owned();
        f
    }

    #[test]
    fn each_differing_field_says_who_changed_it() {
        let opened = [
            field("a", "1"),
            field("b", "1"),
            field("c", "1"),
            field("d", "1"),
        ];
        let saved = vec![
            field("a", "2"),
            field("b", "1"),
            field("c", "2"),
            field("d", "1"),
        ];
        let yours = [
            field("a", "1"),
            field("b", "3"),
            field("c", "3"),
            field("d", "1"),
        ];
        let (rows, same) = compare(saved, &yours, Some(&opened));
        let who: Vec<(&str, Changed)> = rows.iter().map(|r| (r.field.name, r.changed)).collect();
        assert_eq!(
            who,
            [
                ("a", Changed::Them),
                ("b", Changed::You),
                ("c", Changed::Both)
            ]
        );
        assert_eq!(same.len(), 1);
        assert!(!rows[0].yours_first() && rows[1].yours_first() && rows[2].yours_first());
    }

    #[test]
    fn only_the_words_that_differ_are_marked() {
        let (left, right) = pieces("the old museum", "the new museum");
        assert_eq!(
            left,
            [
                Piece {
                    text: "the ".into(),
                    marked: false
                },
                Piece {
                    text: "old".into(),
                    marked: true
                },
                Piece {
                    text: " museum".into(),
                    marked: false
                },
            ]
        );
        assert_eq!(
            right[1],
            Piece {
                text: "new".into(),
                marked: true
            }
        );
    }

    #[test]
    fn without_the_opened_version_every_difference_is_both() {
        let (rows, _) = compare(vec![field("a", "x")], &[field("a", "y")], None);
        assert_eq!(rows[0].changed, Changed::Both);
    }
}
