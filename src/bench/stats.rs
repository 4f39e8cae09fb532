//! Percentiles of a sample.

use serde::Serialize;

/// Percentiles of a sample, in microseconds.
#[derive(Debug, Clone, Serialize)]
pub struct Percentiles {
    pub samples: usize,
    pub p50_us: f64,
    pub p90_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
    pub mean_us: f64,
}

pub fn percentiles(mut micros: Vec<f64>) -> Percentiles {
    micros.sort_by(|a, b| a.total_cmp(b));
    let n = micros.len().max(1);
    let at = |q: f64| {
        micros
            .get(
                ((q * n as f64).ceil() as usize)
                    .saturating_sub(1)
                    .min(n - 1),
            )
            .copied()
            .unwrap_or(0.0)
    };
    Percentiles {
        samples: micros.len(),
        p50_us: at(0.50),
        p90_us: at(0.90),
        p99_us: at(0.99),
        max_us: micros.last().copied().unwrap_or(0.0),
        mean_us: micros.iter().sum::<f64>() / n as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_the_right_ranks() {
        let p = percentiles((1..=100).map(f64::from).collect());
        assert_eq!(
            (p.p50_us, p.p90_us, p.p99_us, p.max_us),
            (50.0, 90.0, 99.0, 100.0)
        );
    }
}
