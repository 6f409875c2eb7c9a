# Sourced by tools/bench-cold-build.sh and tools/bench-cold-build-others.sh: one row of
# their table, measured the same way for our crates and for other generators' crates.
#
#   cold_build_row LABEL DIR [CARGO-BUILD-ARGS...]
#
# A cold `cargo build` (debug, offline: the registry already downloaded) of the standalone
# package in DIR into an empty target directory, deleted afterwards (0.5-1 GB): wall time,
# how many crates cargo compiled (the package included), and the target directory's size;
# for a build that fails, its first error instead of the time.
cold_build_row() {
    local label="$1" dir="$2"
    shift 2
    local target log start end outcome compiled size features="$*"
    target="$(mktemp -d)"
    log="$target.log"
    start=$(date +%s.%N)
    if (cd "$dir" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" cargo build --offline "$@" >"$log" 2>&1); then
        end=$(date +%s.%N)
        outcome="$(python3 -c "print(f'{$end - $start:.0f}')") s"
    else
        # A crate that does not build is a result too: say how it fails.
        outcome="fails: \`$(grep -m1 '^error' "$log" | sed 's/|/\\|/g')\`"
    fi
    compiled=$(grep -c '^ *Compiling' "$log" || true)
    size=$(du -sh "$target" | cut -f1)
    rm -rf "$target" "$log"
    echo "| $label | ${features:-default} | $outcome | $compiled | $size |"
}
