//! Drawing from a finite distribution by inverse CDF: Zipf over a ranked vocabulary, or any
//! list of weights (countries by their real frequency).
//!
//! Pure and deterministic given the RNG; no I/O.

use anyhow::bail;
use rand::Rng;

/// A distribution over `0..n`, sampled by binary search in its cumulative weights.
#[derive(Clone, Debug)]
pub struct Discrete {
    /// Cumulative weights, non-decreasing; the last is the total.
    cdf: Vec<f64>,
}

impl Discrete {
    /// Zipf's law over `n` ranks: rank `r` (0-based) has weight `1 / (r + 1)^exponent`.
    ///
    /// Errors when `n` is 0 or the exponent is not a positive finite number.
    pub fn zipf(n: usize, exponent: f64) -> anyhow::Result<Self> {
        if !(exponent.is_finite() && exponent > 0.0) {
            bail!("a Zipf exponent must be positive, not {exponent}");
        }
        let weights = (1..=n).map(|rank| (rank as f64).powf(-exponent));
        Self::from_weights(weights)
    }

    /// A distribution proportional to `weights`.
    ///
    /// Errors when there are no weights, one is negative or not finite, or all are 0.
    pub fn from_weights(weights: impl IntoIterator<Item = f64>) -> anyhow::Result<Self> {
        let mut total = 0.0;
        let mut cdf = Vec::new();
        for w in weights {
            if !(w.is_finite() && w >= 0.0) {
                bail!("weight {} of a distribution is {w}", cdf.len());
            }
            total += w;
            cdf.push(total);
        }
        if cdf.is_empty() || total <= 0.0 {
            bail!("a distribution needs at least one positive weight");
        }
        Ok(Self { cdf })
    }

    /// How many outcomes there are.
    pub fn len(&self) -> usize {
        self.cdf.len()
    }

    /// Whether there are no outcomes (never true for a constructed distribution).
    pub fn is_empty(&self) -> bool {
        self.cdf.is_empty()
    }

    /// The probability of outcome `i`.
    pub fn probability(&self, i: usize) -> f64 {
        let below = if i == 0 { 0.0 } else { self.cdf[i - 1] };
        (self.cdf[i] - below) / self.total()
    }

    /// Draws one outcome in `0..len()`.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> usize {
        let u = rng.r#gen::<f64>() * self.total();
        self.cdf
            .partition_point(|&c| c <= u)
            .min(self.cdf.len() - 1)
    }

    fn total(&self) -> f64 {
        self.cdf[self.cdf.len() - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn counts(d: &Discrete, draws: usize, seed: u64) -> Vec<usize> {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut counts = vec![0; d.len()];
        for _ in 0..draws {
            counts[d.sample(&mut rng)] += 1;
        }
        counts
    }

    #[test]
    fn zipf_ranks_are_drawn_in_proportion_to_one_over_rank() {
        let d = Discrete::zipf(1_000, 1.0).unwrap();
        let draws = 200_000;
        let c = counts(&d, draws, 7);
        for rank in [0, 1, 2, 9, 99] {
            let expected = d.probability(rank) * draws as f64;
            let got = c[rank] as f64;
            assert!(
                (got - expected).abs() <= 0.1 * expected,
                "rank {rank}: {got} draws, expected {expected:.0}"
            );
        }
        assert!((d.probability(0) / d.probability(1) - 2.0).abs() < 1e-9);
        assert!((d.probability(0) / d.probability(9) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn zipf_probabilities_sum_to_one_and_match_the_harmonic_number() {
        let d = Discrete::zipf(100, 1.0).unwrap();
        let sum: f64 = (0..100).map(|i| d.probability(i)).sum();
        assert!((sum - 1.0).abs() < 1e-9);
        let harmonic: f64 = (1..=100).map(|k| 1.0 / k as f64).sum();
        assert!((d.probability(0) - 1.0 / harmonic).abs() < 1e-12);
    }

    #[test]
    fn the_same_seed_draws_the_same_sequence() {
        let d = Discrete::zipf(50, 1.1).unwrap();
        assert_eq!(counts(&d, 1_000, 3), counts(&d, 1_000, 3));
    }

    #[test]
    fn zero_weights_are_never_drawn() {
        let d = Discrete::from_weights([0.0, 3.0, 0.0, 1.0]).unwrap();
        let c = counts(&d, 10_000, 1);
        assert_eq!((c[0], c[2]), (0, 0));
        assert!(c[1] > 2 * c[3]);
    }

    #[test]
    fn degenerate_distributions_are_refused() {
        assert!(Discrete::zipf(0, 1.0).is_err());
        assert!(Discrete::zipf(10, 0.0).is_err());
        assert!(Discrete::from_weights([0.0, 0.0]).is_err());
        assert!(Discrete::from_weights([1.0, f64::NAN]).is_err());
    }
}
