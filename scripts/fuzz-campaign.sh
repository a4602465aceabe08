#!/usr/bin/env bash
# A long local fuzzing campaign (not part of CI): every fuzz/fuzz_*.c target runs for SECONDS
# (default 1800 = 30 minutes) at the same time, niced, each on a copy of its seed corpus.
# Findings (crash-*, leak-*, timeout-*) and one log per target land in OUTDIR (default
# build-fuzz-campaign/out); the summary prints executions and findings per target.
# Usage: scripts/fuzz-campaign.sh [SECONDS] [OUTDIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
secs=${1:-1800}
out=${2:-$here/build-fuzz-campaign/out}
bash scripts/setup.sh
cmake -S . -B build-fuzz-campaign -DGLASSTLS_FUZZ=ON -DGLASSTLS_TESTS=OFF -DCMAKE_C_COMPILER=clang >/dev/null
targets=()
for src in fuzz/fuzz_*.c; do targets+=("$(basename "$src" .c)"); done
cmake --build build-fuzz-campaign -j"$(nproc)" --target "${targets[@]}" >/dev/null
mkdir -p "$out"
for t in "${targets[@]}"; do
  mkdir -p "$out/$t/corpus" "$out/$t/findings"
  seeds="fuzz/corpus/${t#fuzz_}"
  [[ -d "$seeds" ]] && cp -r "$seeds"/. "$out/$t/corpus"/ 2>/dev/null || true
  nice -n 19 ./build-fuzz-campaign/"$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$out/$t/findings/" "$out/$t/corpus" >"$out/$t/log" 2>&1 &
done
wait || true
printf '| target | seconds | executions | findings |\n|---|---:|---:|---:|\n'
for t in "${targets[@]}"; do
  n=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$out/$t/log" | awk '{print $2}' | tail -1)
  f=$(find "$out/$t/findings" -type f | wc -l)
  printf '| %s | %s | %s | %s |\n' "$t" "$secs" "${n:-?}" "$f"
done
