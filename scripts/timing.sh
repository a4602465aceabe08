#!/usr/bin/env bash
# scripts/timing.sh — the timing tests that do not depend on valgrind (tests/ct/dudect.c: Welch's
# t-test on the execution times of a fixed and a random secret input, Reparaz et al., DATE 2017),
# run for a fixed budget per target, with the verdicts written to docs/security.md between the
# "timing" markers. Builds ct_timing in release mode (build-timing/).
#
#   scripts/timing.sh [--seconds S] [--no-docs]
#     --seconds S  measuring time per target (default 30); 9 targets, two of them twice
#     --no-docs    print only; leave docs/ alone
#
# Two passes: the native path (AES-NI, PCLMULQDQ, ...), then the libtomcrypt reference path
# (GLASSTLS_CRYPTO=reference) for the targets that have one (aes, ghash). Best run on a quiet
# machine: neighbours add noise, which hides small leaks (it lowers |t|), never invents them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-timing"
seconds=30 docs=1
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds=${2:?}; shift ;;
        --no-docs) docs=0 ;;
        *) echo "usage: $0 [--seconds S] [--no-docs]" >&2; exit 2 ;;
    esac
    shift
done
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGLASSTLS_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target ct_timing >/dev/null

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "native path, ${seconds} s per target ..." >&2
"$build/ct_timing" --seconds "$seconds" | tee "$out.native" >&2
echo "reference path (GLASSTLS_CRYPTO=reference) ..." >&2
GLASSTLS_CRYPTO=reference "$build/ct_timing" --seconds "$seconds" aes ghash | tee "$out.ref" >&2

{
    echo "<!-- written by scripts/timing.sh on $(date -u '+%Y-%m-%d %H:%M UTC'); do not edit by hand -->"
    echo
    echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores; load average" \
         "$(cut -d' ' -f1-3 /proc/loadavg) after. ${seconds} s of measurements per target (Release build)."
    echo
    echo "| target | path | measurements | max \\|t\\| | verdict | expected |"
    echo "|---|---|---:|---:|---|---|"
    for pass in native ref; do
        path=native; [ $pass = ref ] && path=reference
        grep -v '^#' "$out.$pass" | while IFS= read -r line; do
            name=${line%%:*}
            case "$name/$path" in
                leaky_control/*|cbc_open_plain/*) expect="LEAK: a control" ;;
                aes/reference|ghash/reference) expect="LEAK: table lookups (the documented fallback caveat)" ;;
                *) expect="no leak" ;;
            esac
            if [[ $line == *"not run"* ]]; then
                echo "| $name | $path | – | – | not run: this CPU lacks the instructions | $expect |"
            else
                n=$(sed -n 's/.*: \([0-9]*\) measurements.*/\1/p' <<<"$line")
                t=$(sed -n 's/.*max |t| = \([0-9.]*\).*/\1/p' <<<"$line")
                v=${line##*: }
                echo "| $name | $path | $n | $t | $v | $expect |"
            fi
        done
    done
} >"$out"
rm -f "$out.native" "$out.ref"
cat "$out"
if [ $docs = 1 ]; then
    python3 - "$root/docs/security.md" "$out" <<'PY'
import sys
doc, new = sys.argv[1], open(sys.argv[2]).read()
s = open(doc).read()
a, b = "<!-- BEGIN timing -->\n", "<!-- END timing -->"
i, j = s.index(a) + len(a), s.index(b)
open(doc, "w").write(s[:i] + new + s[j:])
PY
    echo "docs/security.md updated" >&2
fi
