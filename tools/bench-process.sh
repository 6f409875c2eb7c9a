#!/usr/bin/env bash
# Whole-process cost of code generation, for BENCHMARKS.md: the built `xtask` binary (so
# cargo's own start-up is not counted) regenerating the three project crates, and
# generating a crate from the corpus's nexus.json (437 KB, 193 operations) and from the
# broad corpus's largest specs (Stripe, Kubernetes: 4 MB each).
#
#   tools/bench-process.sh            # needs hyperfine: apt-get install -y hyperfine
#
# Time comes from hyperfine (mean ± σ, min, user and system CPU); peak RSS from
# GNU time's maximum resident set size, the largest of five runs. "Fresh clone" runs start
# without the printed items the xtask keeps under target/codegen-printed, as CI's first run
# does, so only the crates' records of printed files (.codegen/printed, committed) save
# printing; "everything printed" runs pass --fresh, which ignores both and parses and
# prints every file. `codegen --check` does all the work of `codegen` except writing, so
# the working tree is never touched (an up-to-date `codegen` writes nothing either). The
# nexus crate goes to a temporary directory. Not part of `cargo xtask test`: figures depend
# on the machine and its load.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install -y hyperfine" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install -y time" >&2; exit 2; }

cargo build --release --quiet -p xtask
bin="$root/target/release/xtask"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
nexus="$root/../shared/corpus/nexus.json"

peak_rss_kb() {
    local peak=0 kb prepare=$1
    shift
    for _ in 1 2 3 4 5; do
        if [ -n "$prepare" ]; then bash -c "$prepare"; fi
        /usr/bin/time -f '%M' -o "$out/rss" "$@" >/dev/null 2>&1 || true
        kb=$(tail -1 "$out/rss")
        if [ "$kb" -gt "$peak" ]; then peak=$kb; fi
    done
    echo "$peak"
}

bytes() { cat "$@" | wc -c; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

specs=("$root"/specs/genesys-cloud-guest-chat.overlay.yaml "$root"/specs/upstream/genesys-cloud-guest-chat-18.0.0.json "$root"/specs/ultracart-conversation.overlay.yaml "$root"/specs/upstream/ultracart-conversation-4.1.70.json "$root"/specs/genesys-engage-chat.yaml)
printed="${CARGO_TARGET_DIR:-$root/target}/codegen-printed"
# The edit loop: one operation's summary changes before every run, so the run regenerates
# (and writes) the crate with the items that summary touches printed afresh. (Engage's spec
# is written here whole; the other two are overlays on upstream documents.)
edited="$out/edited.yaml"
cp "$root/specs/genesys-engage-chat.yaml" "$edited"
cat > "$out/edit.sh" <<EDIT
#!/usr/bin/env bash
n=\$(cat "$out/n" 2>/dev/null || echo 0); echo \$((n + 1)) > "$out/n"
sed -i -E "s/(summary: List the chats of the current agent).*/\\1. Edit \$n./" "$edited"
EDIT
chmod +x "$out/edit.sh"
"$bin" codegen --spec "$edited" --out "$out/edited" >/dev/null

# name | command | input files | hyperfine --prepare (empty: none)
declare -a names cmds inputs prepares
names+=("3 project crates, fresh clone (codegen --check, no printed items kept: CI's first run)"); cmds+=("$bin codegen --check"); inputs+=("$(bytes "${specs[@]}")"); prepares+=("rm -rf $printed")
names+=("3 project crates, everything printed (codegen --check --fresh)"); cmds+=("$bin codegen --check --fresh"); inputs+=("$(bytes "${specs[@]}")"); prepares+=("")
names+=("Engage after a one-line spec edit (codegen --spec --out, writes)"); cmds+=("$bin codegen --spec $edited --out $out/edited"); inputs+=("$(bytes "$edited")"); prepares+=("$out/edit.sh")
if [ -f "$nexus" ]; then
    "$bin" codegen --spec "$nexus" --out "$out/nexus" >/dev/null
    names+=("nexus.json, everything printed (codegen --spec --out --fresh)"); cmds+=("$bin codegen --spec $nexus --out $out/nexus --fresh"); inputs+=("$(bytes "$nexus")"); prepares+=("")
    names+=("nexus.json, regenerated unchanged, no printed items kept (codegen --spec --out)"); cmds+=("$bin codegen --spec $nexus --out $out/nexus"); inputs+=("$(bytes "$nexus")"); prepares+=("rm -rf $printed")
else
    echo "NOTICE: $nexus is absent; measuring the project's specs only" >&2
fi
# The largest specs of the broad corpus (issue 18: a first generation under 1 s), fewer runs.
for big in stripe.yaml kubernetes.json; do
    file="$root/../shared/corpus-broad/$big"
    if [ -f "$file" ]; then
        # A first generation: an empty output directory (no record, nothing to compare) and nothing printed before.
        names+=("$big, first generation (codegen --spec --out --fresh, into an empty directory)"); cmds+=("$bin codegen --spec $file --out $out/${big%%.*} --fresh"); inputs+=("$(bytes "$file")"); prepares+=("rm -rf $out/${big%%.*}")
    else
        echo "NOTICE: $file is absent; not measured" >&2
    fi
done

echo "| run | input | wall mean ± σ | wall min | user | system | peak RSS | RSS / input |"
echo "|---|---|---|---|---|---|---|---|"
for i in "${!names[@]}"; do
    prepare=()
    if [ -n "${prepares[$i]}" ]; then prepare=(--prepare "${prepares[$i]}"); fi
    # -i: a stale working tree makes `--check` exit 1 after doing all the work; still timed.
    runs=30
    case "${names[$i]}" in *"first generation"*) runs=10 ;; esac
    hyperfine -N -i --warmup 3 --runs "$runs" "${prepare[@]}" --export-json "$out/h.json" "${cmds[$i]}" >/dev/null 2>&1
    read -r mean sd min user sys < <(python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))["results"][0]
print(*(f"{r[k]*1e3:.1f}" for k in ("mean","stddev","min","user","system")))' "$out/h.json")
    # shellcheck disable=SC2086
    rss=$(peak_rss_kb "${prepares[$i]}" ${cmds[$i]})
    input=${inputs[$i]}
    ratio=$(python3 -c "print(f'{$rss*1024/$input:.1f}')")
    echo "| ${names[$i]} | $((input / 1000)) KB | $mean ± $sd ms | $min ms | $user ms | $sys ms | $((rss / 1024)) MiB | ${ratio}× |"
done
