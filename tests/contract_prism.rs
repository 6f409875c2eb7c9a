//! Contract test of the generated clients against Prism, an independent mock server that
//! validates every request against the spec (nobody here wrote it).
//!
//! For each spec, Prism runs in mock mode (`tools/node_modules/.bin/prism`, installed by
//! `cargo xtask test` or `npm ci --prefix tools`), and every operation of the generated
//! client is driven with valid arguments and credentials. A call passes only when Prism
//! found no violation in the request and its mock data (the spec's examples, then seeded
//! random values) decodes into the generated models. Negative controls prove that a
//! request that violates the spec does fail these checks.

#[path = "contract_prism/bodies.rs"]
mod bodies;
#[path = "contract_prism/contract.rs"]
mod contract;
#[path = "contract_prism/engage.rs"]
mod engage;
#[path = "contract_prism/guest_chat.rs"]
mod guest_chat;
#[path = "contract_prism/prism.rs"]
mod prism;
#[path = "contract_prism/ultracart.rs"]
mod ultracart;

#[path = "support/samples.rs"]
mod support_samples;

/// One call per UltraCart operation, written by build.rs from the spec.
mod ultracart_calls {
    use super::support_samples;
    include!(concat!(env!("OUT_DIR"), "/ultracart_conversation_calls.rs"));
}
