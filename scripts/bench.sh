#!/usr/bin/env bash
# scripts/bench.sh — build glasstls in release mode (build-bench/) and run the benchmarks.
#   scripts/bench.sh [bench_primitives options...]   e.g. --rounds 3 --openssl-seconds 1
# Prints Markdown tables (MB/s per CPU-second, medians) on stdout; progress goes to stderr.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-bench"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGLASSTLS_TESTS=OFF >/dev/null
cmake --build "$build" --target bench_primitives -j2 >/dev/null
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores;" \
     "$(openssl version 2>/dev/null || echo 'no openssl'); libtomcrypt 1.18.2" >&2
"$build/bench/bench_primitives" "$@"
