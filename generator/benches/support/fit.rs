//! The growth exponent of a measured series: least squares on log(size) against log(cost),
//! so cost ≈ c·size^k and k = 1 means linear growth.

/// The fitted exponent `k` for points `(size, cost)`; NaN with fewer than two sizes.
pub fn exponent(points: &[(f64, f64)]) -> f64 {
    let logs: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (x.ln(), y.max(f64::MIN_POSITIVE).ln())).collect();
    let n = logs.len() as f64;
    let mean_x = logs.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = logs.iter().map(|p| p.1).sum::<f64>() / n;
    let cov: f64 = logs.iter().map(|(x, y)| (x - mean_x) * (y - mean_y)).sum();
    let var: f64 = logs.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
    if var == 0.0 { f64::NAN } else { cov / var }
}

/// The exponent between consecutive sizes, which shows *where* growth bends.
pub fn local_exponents(points: &[(f64, f64)]) -> Vec<f64> {
    points.windows(2).map(exponent).collect()
}
