//! MediaWiki's message syntax, the small part of it messages here use: `$1` parameters,
//! `{{PLURAL:$1|one|other}}` (with explicit `12=…` forms) and `{{GENDER:$1|he|she|they}}`.
//! A message parses once into [`Message`]; anything else between `{{` and `}}`, or an
//! unbalanced brace pair, is a [`ParseError`] that the catalogue test reports.
//!
//! Written here rather than taken from a crate: no maintained Rust crate parses MediaWiki's
//! message syntax (Fluent and gettext are other formats), and this subset is a page of code.

use std::fmt;

/// A parsed message: text, parameters and the two switches, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message(pub(crate) Vec<Part>);

/// One piece of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// Literal text.
    Text(String),
    /// `$n`, numbered from 1.
    Param(usize),
    /// `{{PLURAL:$n|…}}`: the forms in the language's CLDR category order, and explicit ones.
    Plural {
        param: usize,
        forms: Vec<Message>,
        explicit: Vec<(u64, Message)>,
    },
    /// `{{GENDER:$n|male|female|unknown}}`.
    Gender { param: usize, forms: Vec<Message> },
}

/// Why a message does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The byte offset of the problem.
    pub at: usize,
    /// What is wrong.
    pub what: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.what, self.at)
    }
}

impl std::error::Error for ParseError {}

impl Message {
    /// Parses `source`.
    pub fn parse(source: &str) -> Result<Message, ParseError> {
        let mut parser = Parser { s: source, at: 0 };
        let message = parser.sequence(false)?;
        if parser.at < source.len() {
            return Err(parser.error("a `|` or `}}` outside a switch"));
        }
        Ok(message)
    }

    /// The highest parameter number used (0 for none).
    pub fn max_param(&self) -> usize {
        self.0
            .iter()
            .map(|part| match part {
                Part::Text(_) => 0,
                Part::Param(n) => *n,
                Part::Plural {
                    param,
                    forms,
                    explicit,
                } => forms
                    .iter()
                    .chain(explicit.iter().map(|(_, m)| m))
                    .map(Message::max_param)
                    .fold(*param, usize::max),
                Part::Gender { param, forms } => forms
                    .iter()
                    .map(Message::max_param)
                    .fold(*param, usize::max),
            })
            .max()
            .unwrap_or(0)
    }
}

struct Parser<'a> {
    s: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn error(&self, what: &'static str) -> ParseError {
        ParseError { at: self.at, what }
    }

    fn rest(&self) -> &str {
        &self.s[self.at..]
    }

    /// Parts up to the end, or (inside a switch) up to the next `|` or `}}`.
    fn sequence(&mut self, in_switch: bool) -> Result<Message, ParseError> {
        let mut parts = Vec::new();
        let mut text = String::new();
        while let Some(c) = self.rest().chars().next() {
            if self.rest().starts_with("{{") {
                flush(&mut text, &mut parts);
                parts.push(self.switch()?);
            } else if self.rest().starts_with("}}") || c == '|' {
                if in_switch {
                    break;
                }
                return Err(self.error("a `|` or `}}` outside a switch"));
            } else if c == '$' && self.digits_after(1) > 0 {
                flush(&mut text, &mut parts);
                let n = self.number(1)?;
                parts.push(Part::Param(n));
            } else {
                text.push(c);
                self.at += c.len_utf8();
            }
        }
        flush(&mut text, &mut parts);
        Ok(Message(parts))
    }

    fn digits_after(&self, skip: usize) -> usize {
        self.s[self.at + skip..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count()
    }

    /// The number after `skip` bytes, consumed with them.
    fn number(&mut self, skip: usize) -> Result<usize, ParseError> {
        let len = self.digits_after(skip);
        let digits = &self.s[self.at + skip..self.at + skip + len];
        let n = digits
            .parse::<usize>()
            .map_err(|_| self.error("a parameter number too large"))?;
        if n == 0 {
            return Err(self.error("parameter `$0` (they count from `$1`)"));
        }
        self.at += skip + len;
        Ok(n)
    }

    /// `{{NAME:$n|form|…}}`, the cursor on `{{`.
    fn switch(&mut self) -> Result<Part, ParseError> {
        let start = self.at;
        self.at += 2;
        let name_len = self
            .rest()
            .find(':')
            .ok_or_else(|| self.error("a `{{` without `NAME:`"))?;
        let name = self.rest()[..name_len].trim().to_ascii_uppercase();
        self.at += name_len + 1;
        let param = if self.rest().starts_with('$') && self.digits_after(1) > 0 {
            self.number(1)?
        } else {
            return Err(self.error("a switch whose value is not a parameter like `$1`"));
        };
        let mut forms = Vec::new();
        let mut explicit = Vec::new();
        loop {
            if self.rest().starts_with("}}") {
                self.at += 2;
                break;
            }
            if !self.rest().starts_with('|') {
                self.at = start;
                return Err(self.error("a `{{` without its `}}`"));
            }
            self.at += 1;
            let len = self.digits_after(0);
            if name == "PLURAL" && len > 0 && self.s[self.at + len..].starts_with('=') {
                let n = self.s[self.at..self.at + len]
                    .parse::<u64>()
                    .map_err(|_| self.error("an explicit plural number too large"))?;
                self.at += len + 1;
                explicit.push((n, self.sequence(true)?));
            } else {
                forms.push(self.sequence(true)?);
            }
        }
        match name.as_str() {
            "PLURAL" if !forms.is_empty() => Ok(Part::Plural {
                param,
                forms,
                explicit,
            }),
            "GENDER" if !forms.is_empty() && explicit.is_empty() => {
                Ok(Part::Gender { param, forms })
            }
            "PLURAL" | "GENDER" => Err(ParseError {
                at: start,
                what: "a switch without forms",
            }),
            _ => Err(ParseError {
                at: start,
                what: "a `{{` that is neither PLURAL nor GENDER",
            }),
        }
    }
}

fn flush(text: &mut String, parts: &mut Vec<Part>) {
    if !text.is_empty() {
        parts.push(Part::Text(std::mem::take(text)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Message {
        Message(vec![Part::Text(s.to_owned())])
    }

    #[test]
    fn parameters_and_text_alternate() {
        let m = Message::parse("Edited by $1 on $2.").unwrap();
        assert_eq!(
            m.0,
            vec![
                Part::Text("Edited by ".into()),
                Part::Param(1),
                Part::Text(" on ".into()),
                Part::Param(2),
                Part::Text(".".into()),
            ]
        );
        assert_eq!(m.max_param(), 2);
        assert_eq!(Message::parse("costs $ 5").unwrap(), text("costs $ 5"));
    }

    #[test]
    fn plural_keeps_forms_in_order_and_explicit_numbers_apart() {
        let m = Message::parse("{{PLURAL:$1|one result|$1 results|0=no results}}").unwrap();
        let Part::Plural {
            param,
            forms,
            explicit,
        } = &m.0[0]
        else {
            panic!("not a plural: {m:?}");
        };
        assert_eq!(*param, 1);
        assert_eq!(forms.len(), 2);
        assert_eq!(explicit, &vec![(0, text("no results"))]);
    }

    #[test]
    fn gender_and_nested_parameters_parse() {
        let m = Message::parse("{{GENDER:$2|He|She|They}} edited $1").unwrap();
        assert!(matches!(&m.0[0], Part::Gender { param: 2, forms } if forms.len() == 3));
        assert_eq!(m.max_param(), 2);
    }

    #[test]
    fn malformed_messages_are_refused_with_a_reason() {
        for bad in [
            "{{PLURAL:$1|a|b",
            "{{PLURAL:$1}}",
            "{{FOO:$1|a}}",
            "{{PLURAL:x|a}}",
            "a | b",
            "a }} b",
            "$0 items",
        ] {
            assert!(Message::parse(bad).is_err(), "{bad} parsed");
        }
    }
}
