//! Synthetic organisations and partnerships for the benchmark: names and descriptions drawn
//! Zipf-distributed from the real data's vocabulary, countries in their real proportions, and
//! four planted words with a controlled document frequency.
//!
//! Pure and deterministic given the seed (except record ids, which are UUIDv7 like every id);
//! writing them is [`super::fill`]'s job.

use anyhow::Context;
use concord_domain::partnership::Party;
use concord_domain::text::Translatable;
use concord_domain::{
    Organisation, OrganisationId, Partnership, PartnershipId, PartnershipStatus, Vocabularies,
    Vocabulary,
};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::corpus::Corpus;
use super::zipf::Discrete;

/// The exponent of the vocabulary's Zipf distribution (1 is the classic law of word frequency).
const ZIPF_EXPONENT: f64 = 1.0;

/// A synthetic word planted in a fixed share of organisation descriptions.
///
/// Synthetic tokens, not real words, so that their document frequency is exactly the planted
/// share (a real word also occurs wherever the Zipf draw puts it) and so that no typo-tolerant
/// match of a real word can add hits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Planted {
    /// The token, as queried.
    pub word: &'static str,
    /// The share of organisations that contain it, 0 to 1.
    pub share: f64,
    /// Where in its period the planting starts, 0 to 1 (so the words do not line up).
    phase: f64,
}

impl Planted {
    /// Whether the organisation numbered `index` contains the word: exactly when
    /// `index * share + phase` crosses an integer, so any run of `n` consecutive organisations
    /// holds `n * share` of them, give or take one.
    pub fn in_record(&self, index: u64) -> bool {
        let at = |i: u64| (i as f64).mul_add(self.share, self.phase).floor();
        at(index + 1) > at(index)
    }
}

/// The four benchmark words: in about 0.06 %, 0.5 %, 4 % and 90 % of organisations.
pub const PLANTED: [Planted; 4] = [
    Planted {
        word: "benchrare",
        share: 0.0006,
        phase: 0.37,
    },
    Planted {
        word: "benchmedium",
        share: 0.005,
        phase: 0.71,
    },
    Planted {
        word: "benchcommon",
        share: 0.04,
        phase: 0.13,
    },
    Planted {
        word: "benchubiquitous",
        share: 0.90,
        phase: 0.59,
    },
];

/// Makes organisations and partnerships.
pub struct Generator {
    words: Vec<String>,
    word_dist: Discrete,
    countries: Vec<String>,
    country_dist: Discrete,
    organisation_kinds: Vec<String>,
    partnership_kinds: Vec<String>,
    areas: Vec<String>,
    levels: Vec<String>,
    rng: StdRng,
}

impl Generator {
    /// A generator over `corpus`, with the default vocabularies and a fixed `seed`.
    pub fn new(corpus: &Corpus, seed: u64) -> anyhow::Result<Self> {
        let vocab = Vocabularies::defaults();
        let keys = |v: Vocabulary| -> anyhow::Result<Vec<String>> {
            let keys: Vec<String> = vocab.terms(v).into_iter().map(|t| t.key).collect();
            anyhow::ensure!(!keys.is_empty(), "the {} vocabulary is empty", v.as_str());
            Ok(keys)
        };
        Ok(Self {
            words: corpus.words.clone(),
            word_dist: Discrete::zipf(corpus.words.len(), ZIPF_EXPONENT)
                .context("while building the word distribution")?,
            countries: corpus.countries.iter().map(|(c, _)| c.clone()).collect(),
            country_dist: Discrete::from_weights(corpus.countries.iter().map(|(_, n)| *n as f64))
                .context("while building the country distribution")?,
            organisation_kinds: keys(Vocabulary::OrganisationKind)?,
            partnership_kinds: keys(Vocabulary::PartnershipKind)?,
            areas: keys(Vocabulary::Area)?,
            levels: keys(Vocabulary::Level)?,
            rng: StdRng::seed_from_u64(seed),
        })
    }

    /// Organisation number `index`: a name of 3–6 words, a description of 10–30 words plus the
    /// planted words it is due, a kind and a country. Public, a prospect.
    pub fn organisation(&mut self, index: u64) -> Organisation {
        let name_len = self.rng.gen_range(3..=6);
        let name = self
            .draw(name_len)
            .iter()
            .map(|&w| capitalised(&self.words[w]))
            .collect::<Vec<_>>()
            .join(" ");
        let description_len = self.rng.gen_range(10..=30);
        let drawn = self.draw(description_len);
        let planted: Vec<(usize, &str)> = PLANTED
            .iter()
            .filter(|p| p.in_record(index))
            .map(|p| (self.rng.gen_range(0..=description_len), p.word))
            .collect();
        let mut description: Vec<&str> = drawn.iter().map(|&w| self.words[w].as_str()).collect();
        for (at, word) in planted {
            description.insert(at, word);
        }
        let description = description.join(" ");
        // Drawn in this order (kind, then country) so the corpus stays the one measured before.
        let id = OrganisationId(concord_store::new_id());
        let kind = pick(&mut self.rng, &self.organisation_kinds);
        Organisation {
            country: Some(self.countries[self.country_dist.sample(&mut self.rng)].clone()),
            description: Translatable::one("en", &description),
            ..Organisation::new(id, name, kind)
        }
    }

    /// A public, active partnership between 2–3 distinct organisations of `among` (one lead,
    /// the others partners). `among` must hold at least 3 organisations.
    pub fn partnership(&mut self, among: &[OrganisationId]) -> Partnership {
        let title_len = self.rng.gen_range(3..=6);
        let title = self.phrase(title_len);
        let summary_len = self.rng.gen_range(10..=20);
        let summary = self.phrase(summary_len);
        let party_count = self.rng.gen_range(2..=3);
        let parties = among
            .choose_multiple(&mut self.rng, party_count)
            .enumerate()
            .map(|(i, id)| Party {
                organisation: *id,
                role: if i == 0 { "lead" } else { "partner" }.to_owned(),
            })
            .collect();
        let area_count = self.rng.gen_range(1..=2);
        let areas = self
            .areas
            .choose_multiple(&mut self.rng, area_count)
            .cloned()
            .collect();
        // Drawn in this order (kind, then level) so the corpus stays the one measured before.
        let id = PartnershipId(concord_store::new_id());
        let kind = pick(&mut self.rng, &self.partnership_kinds);
        let title = Translatable::one("en", &capitalised(&title));
        Partnership {
            summary: Translatable::one("en", &summary),
            areas,
            level: Some(pick(&mut self.rng, &self.levels)),
            parties,
            status: PartnershipStatus::Active,
            ..Partnership::new(id, title, kind)
        }
    }

    /// `n` words drawn from the Zipf distribution, as indices into `words`.
    fn draw(&mut self, n: usize) -> Vec<usize> {
        (0..n)
            .map(|_| self.word_dist.sample(&mut self.rng))
            .collect()
    }

    /// `n` drawn words, separated by spaces.
    fn phrase(&mut self, n: usize) -> String {
        let drawn = self.draw(n);
        drawn
            .iter()
            .map(|&w| self.words[w].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One of `from`, which [`Generator::new`] checked is not empty.
fn pick(rng: &mut StdRng, from: &[String]) -> String {
    from[rng.gen_range(0..from.len())].clone()
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generator() -> Generator {
        let names = [
            "National Museum of Art",
            "University of Oslo",
            "Art Library",
            "Oslo City Archive",
        ];
        let corpus =
            Corpus::from_parts(names.into_iter(), ["NO", "NO", "SE", "US"].into_iter()).unwrap();
        Generator::new(&corpus, 42).unwrap()
    }

    #[test]
    fn planted_words_land_within_a_fifth_of_their_share_in_20000_organisations() {
        let mut g = generator();
        let n = 20_000;
        let mut counts = [0u64; 4];
        for i in 0..n {
            let o = g.organisation(i);
            let text = o.description.get("en").unwrap_or_default().to_owned();
            for (count, planted) in counts.iter_mut().zip(PLANTED) {
                *count += u64::from(text.split(' ').any(|w| w == planted.word));
            }
        }
        for (count, planted) in counts.iter().zip(PLANTED) {
            let expected = planted.share * n as f64;
            let got = *count as f64;
            assert!(
                (got - expected).abs() <= 0.2 * expected,
                "{}: {got} organisations, expected {expected}",
                planted.word
            );
        }
    }

    #[test]
    fn generated_records_are_valid() {
        let mut g = generator();
        let vocab = Vocabularies::defaults();
        let organisations: Vec<Organisation> = (0..200).map(|i| g.organisation(i)).collect();
        for o in &organisations {
            assert_eq!(o.validate(&vocab), Ok(()), "{o:?}");
            let words = o.name.split(' ').count();
            assert!((3..=6).contains(&words), "{}", o.name);
        }
        let ids: Vec<OrganisationId> = organisations.iter().map(|o| o.id).collect();
        for _ in 0..200 {
            let p = g.partnership(&ids);
            assert_eq!(p.validate(&vocab), Ok(()), "{p:?}");
            assert_eq!(p.parties[0].role, "lead");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_texts() {
        let (mut a, mut b) = (generator(), generator());
        for i in 0..50 {
            let (x, y) = (a.organisation(i), b.organisation(i));
            assert_eq!(
                (x.name, x.description, x.country),
                (y.name, y.description, y.country)
            );
        }
    }
}
