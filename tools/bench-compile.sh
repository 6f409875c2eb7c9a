#!/usr/bin/env bash
# Compile cost of each generated crate, for BENCHMARKS.md: how long `cargo build` (debug)
# and `cargo check` take for the crate alone once its dependencies are built, as a user
# editing code next to it (or a CI cache hit) would see it.
#
#   tools/bench-compile.sh [runs]     # default 3 runs per figure, the median is shown
#
# The three project crates, plus one generated from the corpus's nexus.json (437 KB, 193
# operations) when ../shared is present. Each crate is copied with the workspace's
# Cargo.lock into a temporary directory and built there as the standalone package it is
# published as, into its own target directory
# (target/bench-compile), so the working tree is never touched and no other build waits on
# it or rebuilds because of it. The first build of the dependencies takes minutes; they
# are kept for the next run. Not part of `cargo xtask test`: figures depend on the machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
export CARGO_TARGET_DIR="$root/target/bench-compile"
# As when the crate is built as a dependency: from scratch, not incrementally (touching an
# unchanged file would otherwise measure a no-op).
export CARGO_INCREMENTAL=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Seconds for `cargo <args>` of the crate alone, after touching its root.
crate_only() {
    local dir=$1; shift
    for _ in $(seq "$runs"); do
        touch "$dir/src/lib.rs"
        local start end
        start=$(date +%s.%N)
        (cd "$dir" && cargo "$@" --quiet 2>/dev/null)
        end=$(date +%s.%N)
        python3 -c "print(f'{$end - $start:.2f}')"
    done | median
}

echo "machine: $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg); rustc $(rustc --version | cut -d' ' -f2)"
echo
echo "| crate | Rust lines (models.rs / operations.rs / all) | cargo check | cargo build (debug) |"
echo "|---|---|---|---|"
crates=("$root"/generated/*/)
# A large real API too, generated into the scratch directory, to show how the cost grows.
nexus="$root/../shared/corpus/nexus.json"
if [ -f "$nexus" ]; then
    (cd "$root" && cargo build --release --quiet -p xtask)
    "$root/target/release/xtask" codegen --spec "$nexus" --out "$work/generated/nexus" >/dev/null
    crates+=("$work/generated/nexus/")
fi
for dir in "${crates[@]}"; do
    name=$(basename "$dir")
    copy="$work/$name"
    cp -r "$dir" "$copy"
    cp "$root/Cargo.lock" "$copy/"
    # A workspace of its own, as when built from crates.io.
    printf '\n[workspace]\n' >> "$copy/Cargo.toml"
    (cd "$copy" && cargo build --quiet && cargo check --quiet)
    lines() { [ -f "$copy/src/$1" ] && wc -l < "$copy/src/$1" || echo 0; }
    all=$(cat "$copy"/src/*.rs | wc -l)
    check=$(crate_only "$copy" check)
    build=$(crate_only "$copy" build)
    echo "| $name | $(lines models.rs) / $(lines operations.rs) / $all | ${check} s | ${build} s |"
done
