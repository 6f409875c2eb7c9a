#!/usr/bin/env bash
# Cold `cargo build` (debug) of each generated crate, for BENCHMARKS.md: what a user pays
# the first time, every dependency compiled from nothing (the registry already
# downloaded), with the default features and with the minimal set that still speaks
# HTTPS (`--no-default-features --features rustls-ring`).
#
#   tools/bench-cold-build.sh [crate...]     # default: every crate in generated/
#
# Each crate is copied with the workspace's Cargo.lock into a scratch directory and built
# there as the standalone package it is published as (tools/cold-build-row.sh measures).
# One run per figure: a cold build takes minutes; load the machine as little as possible
# meanwhile.
# Not part of `cargo xtask test`: figures depend on the machine. The crates that other
# generators make from the same specs: tools/bench-cold-build-others.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
. "$root/tools/cold-build-row.sh"

echo "machine: $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg); rustc $(rustc --version | cut -d' ' -f2)"
echo
echo "| crate | features | cold \`cargo build\` | crates compiled | target size |"
echo "|---|---|---|---|---|"
if [ $# -eq 0 ]; then set -- $(cd "$root/generated" && ls); fi
for name in "$@"; do
    copy="$work/$name"
    cp -r "$root/generated/$name" "$copy"
    cp "$root/Cargo.lock" "$copy/"
    printf '\n[workspace]\n' >> "$copy/Cargo.toml"
    cold_build_row "$name" "$copy"
    cold_build_row "$name" "$copy" --no-default-features --features rustls-ring
done
