//! Comparing a page number or item count with the bound a response reports.

/// `a >= b` across integer types, without lossy casts.
pub fn at_least<A: TryInto<i128>, B: TryInto<i128>>(a: A, b: B) -> bool {
    match (a.try_into(), b.try_into()) {
        (Ok(a), Ok(b)) => a >= b,
        _ => false,
    }
}
