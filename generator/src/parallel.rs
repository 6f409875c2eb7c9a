//! The second core for loading and lowering.
//!
//! Printing spreads over every core (`render`), but before the first file prints, a big spec
//! (Stripe, Kubernetes: 4 MB each) spent about 0.4 s loading and lowering on one core while
//! the other idled. Where two pieces of that work are independent, they run side by side
//! here. Each result comes back to the caller in a fixed place, so the output never depends
//! on which thread finishes first, and a thread that cannot start means the work runs on the
//! caller's thread instead, as it did before.

use std::sync::Mutex;
use std::sync::mpsc::sync_channel;
use std::thread;

/// The work recurses as deep as the spec nests (serde's deserializers, the lowering of
/// nested schemas), so the threads here get a stack as generous as the printing threads'
/// (`render/format.rs`); it is only reserved, not used, unless a spec needs it.
const STACK: usize = 64 * 1024 * 1024;

/// How many items [`ahead`] may have ready before its consumer takes them: enough to keep
/// both threads busy, few enough that the items made ahead are never a memory peak.
const AHEAD: usize = 32;

/// Runs `side` on a thread of its own and `main` on this one, and returns both results.
/// A panic in `side` is resumed here, as it would have unwound had `side` run here.
pub fn join<S: Send, M>(side: impl FnOnce() -> S + Send, main: impl FnOnce() -> M) -> (S, M) {
    let side = Mutex::new(Some(side));
    let take = || side.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
    thread::scope(|scope| {
        let started = thread::Builder::new().stack_size(STACK).spawn_scoped(scope, || take().map(|side| side())).ok();
        let main = main();
        let side = match started.map(|thread| thread.join()) {
            Some(Ok(Some(done))) => done,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            // Not started (or, impossibly, started without the work): do it here.
            Some(Ok(None)) | None => take().map(|side| side()).expect("the side work runs exactly once"),
        };
        (side, main)
    })
}

/// Calls `consume` with `items`, which are produced on a thread of their own, a few ahead of
/// `consume` taking them. For a costly iterator (one that deserializes each item) whose
/// consumer also has work of its own to do per item.
pub fn ahead<T: Send, R>(items: impl Iterator<Item = T> + Send, consume: impl FnOnce(&mut dyn Iterator<Item = T>) -> R) -> R {
    let items = Mutex::new(Some(items));
    let take = || items.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
    thread::scope(|scope| {
        let (send, receive) = sync_channel(AHEAD);
        let producer = thread::Builder::new().stack_size(STACK).spawn_scoped(scope, move || {
            for item in take().into_iter().flatten() {
                // The consumer stopped early (an error): nothing more is wanted.
                if send.send(item).is_err() {
                    break;
                }
            }
        });
        if producer.is_err() {
            let mut items = take().expect("a producer that did not start took nothing");
            return consume(&mut items);
        }
        let consumed = consume(&mut receive.iter());
        // The producer may be waiting for room: closing the channel ends it before the
        // scope waits for it.
        drop(receive);
        consumed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_returns_both_results_in_place() {
        let (side, main) = join(|| (0..1000u64).sum::<u64>(), || "main");
        assert_eq!((side, main), (499_500, "main"));
    }

    #[test]
    fn ahead_gives_every_item_in_order() {
        let got = ahead((0..1000).map(|i| i * 2), |items| items.collect::<Vec<_>>());
        assert_eq!(got, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn ahead_ends_when_the_consumer_stops_early() {
        // Far more items than the channel holds: a producer left blocked would hang the scope.
        let first = ahead(0..1_000_000, |items| items.take(3).collect::<Vec<_>>());
        assert_eq!(first, [0, 1, 2]);
    }

    #[test]
    fn a_panic_on_the_side_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| join(|| panic!("side failed"), || 1));
        assert!(caught.is_err());
    }
}
