#!/usr/bin/env bash
# The cold-build comparison of BENCHMARKS.md: the Rust clients that progenitor and
# openapi-generator make from the same specs as ours, built the way
# tools/bench-cold-build.sh builds ours (tools/cold-build-row.sh).
#
#   tools/bench-cold-build-others.sh [--generate-only] [--spec CRATE]... [progenitor|openapi-generator...]
#
# (default: both generators, every spec; `--spec` picks specs by crate name).
#
# Each spec of specs/ is written out as the OpenAPI 3.0 document our generator reads
# (`cargo xtask openapi`: overlay applied, Swagger 2.0 converted), since neither tool reads
# overlays and progenitor reads only OpenAPI 3.0. A generator that fails on a spec gets a
# row with its error instead of figures. A generated crate has no lockfile: it is resolved
# afresh (`cargo generate-lockfile`, `cargo fetch`: the registry is downloaded before the
# clock starts), as a user adding that crate today would get it. Features: the default, and
# where the crate has a choice of TLS, the rustls one alone (openapi-generator's default is
# native-tls, which links the system's OpenSSL instead of compiling a TLS library).
#
# The tools are pinned here, not in tools/cargo-tools.txt (which `cargo xtask test`
# installs): they are for this benchmark only. Each is installed on first use into
# ${XDG_CACHE_HOME:-$HOME/.cache}/openapi-client-codegen/NAME-VERSION, outside the
# checkout, as the test tools are: cargo-progenitor from crates.io; openapi-generator, a
# Java program, from PyPI's `openapi-generator-cli`, whose wheel carries the
# openapi-generator jar (a Java runtime, 11 or newer, must be installed: Debian's
# default-jre-headless).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/tools/cold-build-row.sh"
progenitor_version=0.15.1
openapi_generator_version=7.26.0
cache="${XDG_CACHE_HOME:-$HOME/.cache}/openapi-client-codegen"

build=true
only=""
while [ $# -gt 0 ]; do
    case "$1" in
    --generate-only) build=false; shift ;;
    --spec) only="$only $2"; shift 2 ;;
    *) break ;;
    esac
done
if [ $# -eq 0 ]; then set -- progenitor openapi-generator; fi
work="$(mktemp -d)"
if $build; then trap 'rm -rf "$work"' EXIT; fi

progenitor="$cache/cargo-progenitor-$progenitor_version"
openapi_generator="$cache/openapi-generator-cli-$openapi_generator_version"
for generator in "$@"; do
    case "$generator" in
    progenitor)
        [ -x "$progenitor/bin/cargo-progenitor" ] ||
            cargo install --locked --root "$progenitor" "cargo-progenitor@$progenitor_version" >&2 ;;
    openapi-generator)
        if [ ! -x "$openapi_generator/bin/openapi-generator-cli" ]; then
            python3 -m venv "$openapi_generator"
            "$openapi_generator/bin/pip" install --quiet "openapi-generator-cli==$openapi_generator_version" >&2
        fi ;;
    *) echo "unknown generator \`$generator\` (progenitor or openapi-generator)" >&2; exit 2 ;;
    esac
done

# Runs GENERATOR on SPEC (OpenAPI 3.0 JSON) into DIR, a crate named NAME; its output on stderr
# goes to DIR.log.
generate() {
    local generator="$1" spec="$2" dir="$3" name="$4"
    case "$generator" in
    progenitor)
        "$progenitor/bin/cargo-progenitor" progenitor -i "$spec" -o "$dir" -n "$name" -v 0.1.0 ;;
    openapi-generator)
        "$openapi_generator/bin/openapi-generator-cli" generate -g rust -i "$spec" -o "$dir" \
            --additional-properties "packageName=$name" ;;
    esac >"$dir.log" 2>&1
}

# The cargo-build arguments of the small build of a generated crate ("" when it has no
# choice of TLS).
minimal_features() {
    if grep -q '^rustls *=' "$1/Cargo.toml"; then echo "--no-default-features --features rustls"; fi
}

echo "machine: $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg); rustc $(rustc --version | cut -d' ' -f2)"
echo "progenitor $progenitor_version; openapi-generator $openapi_generator_version (rust generator)"
echo
echo "| crate | features | cold \`cargo build\` | crates compiled | target size |"
echo "|---|---|---|---|---|"
mkdir -p "$work/specs"
for spec in "$root"/specs/*.yaml; do
    name="$(basename "$spec" .yaml)"
    name="${name%.overlay}"
    if [ -n "$only" ] && [[ " $only " != *" $name "* ]]; then continue; fi
    (cd "$root" && cargo xtask openapi "$spec" --out "$work/specs/$name.json" 2>/dev/null)
    for generator in "$@"; do
        dir="$work/$generator/$name"
        mkdir -p "$(dirname "$dir")"
        label="$name ($generator)"
        if ! generate "$generator" "$work/specs/$name.json" "$dir" "${name//-/_}"; then
            # A panic's message is on the line after `panicked at FILE:LINE:COLUMN:`.
            error="$(grep -m1 -A1 'panicked at' "$dir.log" | tr '\n' ' ' || true)"
            [ -n "$error" ] || error="$(grep -m1 -i -E 'error|exception' "$dir.log" || tail -n1 "$dir.log")"
            echo "| $label | — | generation fails: \`${error//|/\\|}\` | — | — |"
            continue
        fi
        printf '\n[workspace]\n' >>"$dir/Cargo.toml"
        if ! (cd "$dir" && cargo generate-lockfile --quiet && cargo fetch --quiet) 2>"$dir.log"; then
            echo "| $label | — | dependencies do not resolve: \`$(grep -m1 error "$dir.log")\` | — | — |"
            continue
        fi
        if ! $build; then
            echo "| $label | generated in $dir (kept: --generate-only) | | | |"
            continue
        fi
        cold_build_row "$label" "$dir"
        minimal="$(minimal_features "$dir")"
        # shellcheck disable=SC2086
        [ -z "$minimal" ] || cold_build_row "$label" "$dir" $minimal
    done
done
