#!/usr/bin/env bash
# scripts/bench-callgrind.sh — instructions per server handshake, counted by callgrind: a
# regression check that does not depend on timing (issue 10). Not part of ctest or CI.
#
#   scripts/bench-callgrind.sh [BUILD_DIR]            print the counts
#   scripts/bench-callgrind.sh [BUILD_DIR] --check    compare with bench/callgrind-baseline.txt:
#                                                     exit 1 if any case grew by more than 10%
#   scripts/bench-callgrind.sh [BUILD_DIR] --update   rewrite the baseline
# BUILD_DIR defaults to build-bench (release build; built here if missing).
#
# How: bench_handshake --deterministic --count N (fixed randomness and clock: the same bytes,
# hence the same instructions, every run) under valgrind --tool=callgrind --collect-atstart=no;
# bench/bench_pair.h switches collection on around the server's calls only. Each case runs with
# N = 1 and N = 1 + K; the count per handshake is (I(1+K) - I(1)) / K, which leaves out one-time
# costs (library set-up, the first handshake that makes the session for the resumed cases).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-bench"
mode=print
for a in "$@"; do
    case "$a" in
        --check) mode=check ;;
        --update) mode=update ;;
        -*) echo "usage: $0 [BUILD_DIR] [--check|--update]" >&2; exit 2 ;;
        *) build=$(cd "$a" && pwd) ;;
    esac
done
baseline="$root/bench/callgrind-baseline.txt"
command -v valgrind >/dev/null || { echo "bench-callgrind: valgrind is needed" >&2; exit 77; }
if [ ! -x "$build/bench/bench_handshake" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGLASSTLS_TESTS=OFF >/dev/null
    cmake --build "$build" --target bench_handshake -j2 >/dev/null
fi
bin="$build/bench/bench_handshake"
K=3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# collected NAME COUNT -> Ir collected for COUNT handshakes of case NAME
collected() {
    valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file=/dev/null \
        "$bin" --deterministic --case "$1" --count "$2" >/dev/null 2>"$tmp/vg.txt"
    sed -n 's/^==[0-9]*== Collected : \([0-9]*\).*/\1/p' "$tmp/vg.txt" | tail -1
}

cases=("ECDHE-RSA-2048 x25519" "ECDHE-RSA-2048 secp256r1" "ECDHE-ECDSA-P256 x25519"
       "ECDHE-ECDSA-P256 secp256r1" "resumed, session ID" "resumed, ticket")
: >"$tmp/now.txt"
for c in "${cases[@]}"; do
    one=$(collected "$c" 1)
    more=$(collected "$c" $((1 + K)))
    [ -n "$one" ] && [ -n "$more" ] || { echo "bench-callgrind: no count for $c" >&2; cat "$tmp/vg.txt" >&2; exit 1; }
    printf '%s\t%d\n' "$c" $(((more - one) / K)) >>"$tmp/now.txt"
done

case "$mode" in
print)
    printf '| case | instructions per server handshake (callgrind Ir) |\n|---|---:|\n'
    awk -F'\t' '{printf "| %s | %d |\n", $1, $2}' "$tmp/now.txt" ;;
update)
    { echo "# bench/callgrind-baseline.txt: instructions per server handshake (callgrind Ir),"
      echo "# written by scripts/bench-callgrind.sh --update on $(date -u +%Y-%m-%d) ($(gcc --version | head -1))."
      echo "# valgrind hides AVX-512 from CPUID, so RSA runs GMP's mpz_powm_sec here, not crypto_glue/native/mont52.c."
      cat "$tmp/now.txt"; } >"$baseline"
    cat "$tmp/now.txt" ;;
check)
    status=0
    while IFS=$'\t' read -r name now; do
        base=$(awk -F'\t' -v n="$name" '$1 == n {print $2}' "$baseline")
        if [ -z "$base" ]; then
            echo "NEW   $name: $now (no baseline)"
            continue
        fi
        verdict=$(awk -v a="$now" -v b="$base" 'BEGIN {r = a / b; printf "%s %.3f", (r > 1.10 ? "FAIL" : "ok  "), r}')
        echo "${verdict%% *}  $name: $now vs baseline $base (x${verdict##* })"
        [ "${verdict%% *}" != FAIL ] || status=1
    done <"$tmp/now.txt"
    exit $status ;;
esac
