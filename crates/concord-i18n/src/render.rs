//! Rendering a parsed [`Message`] with its arguments in one language.

use crate::catalog::Localizer;
use crate::message::{Message, Part};

/// A message argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Text, shown as it is (the page escapes it).
    Text(String),
    /// A count: shown in the language's digits, and chooses `{{PLURAL:}}` forms.
    Count(i64),
    /// A user's name: `{{GENDER:}}` takes its neutral form, as accounts record no gender.
    User(String),
}

impl Arg {
    /// The argument as `$n` shows it.
    pub(crate) fn display(&self, localizer: &Localizer) -> String {
        match self {
            Arg::Text(s) | Arg::User(s) => s.clone(),
            Arg::Count(n) => localizer.number(*n),
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Count(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// `message` with `args`; a `$n` without an argument stays as written, as in MediaWiki.
pub(crate) fn render(message: &Message, args: &[Arg], localizer: &Localizer) -> String {
    let mut out = String::new();
    render_into(&mut out, message, args, localizer);
    out
}

fn render_into(out: &mut String, message: &Message, args: &[Arg], localizer: &Localizer) {
    for part in &message.0 {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Param(n) => match args.get(n - 1) {
                Some(arg) => out.push_str(&arg.display(localizer)),
                None => out.push_str(&format!("${n}")),
            },
            Part::Plural {
                param,
                forms,
                explicit,
            } => {
                let count = match args.get(param - 1) {
                    Some(Arg::Count(n)) => *n,
                    Some(Arg::Text(s)) => s.trim().parse().unwrap_or(0),
                    _ => 0,
                };
                let form = explicit
                    .iter()
                    .find(|(n, _)| i64::try_from(*n).is_ok_and(|n| n == count))
                    .map(|(_, form)| form)
                    .or_else(|| pick(forms, localizer.plural_index(count)));
                if let Some(form) = form {
                    render_into(out, form, args, localizer);
                }
            }
            Part::Gender { forms, .. } => {
                // male | female | unknown: accounts record no gender, so the unknown form,
                // which MediaWiki takes to be the first when only two are given.
                if let Some(form) = forms.get(2).or_else(|| forms.first()) {
                    render_into(out, form, args, localizer);
                }
            }
        }
    }
}

/// The form at `index`, or the last when fewer are given.
fn pick(forms: &[Message], index: usize) -> Option<&Message> {
    forms.get(index).or_else(|| forms.last())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalog, Lang};

    fn shown(source: &str, args: &[Arg]) -> String {
        let catalog = Catalog::builtin();
        render(
            &Message::parse(source).unwrap(),
            args,
            catalog.get(Lang::En),
        )
    }

    #[test]
    fn gender_takes_the_unknown_form_as_mediawiki_does() {
        let user = [Arg::User("Ada".into())];
        assert_eq!(
            shown("{{GENDER:$1|he|she|they}} edited", &user),
            "they edited"
        );
        assert_eq!(shown("{{GENDER:$1|he|she}} edited", &user), "he edited");
        assert_eq!(shown("{{GENDER:$1|$1}} edited", &user), "Ada edited");
    }

    #[test]
    fn plural_forms_may_hold_parameters_and_missing_ones_stay_visible() {
        assert_eq!(
            shown("{{PLURAL:$1|one page|$1 pages}} by $2", &[3i64.into()]),
            "3 pages by $2"
        );
        assert_eq!(shown("{{PLURAL:$1|one|other}}", &["1".into()]), "one");
    }
}
