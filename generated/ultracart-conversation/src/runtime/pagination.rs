//! Paginated operations as a `Stream` of items.

use super::error::Error;

/// Drives a paginated operation: `fetch` sends one page's request and returns its items
/// and the request for the next page, if any.
pub fn paginate<'a, B, T, F, Fut>(first: B, fetch: F) -> impl ::futures_core::Stream<Item = Result<T, Error>> + 'a
where
    B: 'a,
    T: 'a,
    F: Fn(B) -> Fut + 'a,
    Fut: ::std::future::Future<Output = Result<(Vec<T>, Option<B>), Error>> + 'a,
{
    let state = (Vec::new().into_iter(), Some(first), fetch);
    ::futures_util::stream::unfold(state, |(mut buffered, mut next, fetch)| async move {
        loop {
            if let Some(item) = buffered.next() {
                return Some((Ok(item), (buffered, next, fetch)));
            }
            let request = next.take()?;
            match fetch(request).await {
                Ok((items, following)) => {
                    buffered = items.into_iter();
                    next = following;
                }
                Err(err) => return Some((Err(err), (buffered, None, fetch))),
            }
        }
    })
}
