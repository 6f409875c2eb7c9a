#!/usr/bin/env bash
# Cold `cargo build` (debug) of each generated crate, for BENCHMARKS.md: what a user pays
# the first time, every dependency compiled from nothing (the registry already
# downloaded), with the default features and with the minimal set that still speaks
# HTTPS (`--no-default-features --features rustls-ring`).
#
#   tools/bench-cold-build.sh [crate...]     # default: every crate in generated/
#
# Each crate is copied with the workspace's Cargo.lock into a scratch directory and built
# there as the standalone package it is published as, into an empty target directory that
# is deleted afterwards (a cold build of one crate takes 0.5-1 GB). One run per figure:
# a cold build takes minutes; load the machine as little as possible meanwhile.
# Not part of `cargo xtask test`: figures depend on the machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CARGO_INCREMENTAL=0

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
    for features in "" "--no-default-features --features rustls-ring"; do
        target="$work/target"
        rm -rf "$target"
        start=$(date +%s.%N)
        # shellcheck disable=SC2086
        compiled=$(cd "$copy" && CARGO_TARGET_DIR="$target" cargo build --offline $features 2>&1 | grep -c '^ *Compiling')
        end=$(date +%s.%N)
        size=$(du -sh "$target" | cut -f1)
        echo "| $name | ${features:-default} | $(python3 -c "print(f'{$end - $start:.0f}')") s | $compiled | $size |"
        rm -rf "$target"
    done
done
