#!/usr/bin/env bash
# Build every libFuzzer target in fuzz/ with clang (ASan+UBSan) and run each briefly on its corpus.
# Usage: scripts/fuzz-smoke.sh [SECONDS_PER_TARGET]   (default 10; CI uses the default: 8 targets,
# about 80 s of fuzzing plus the build, under 3 minutes on 2 cores)
# A long campaign: scripts/fuzz-smoke.sh 1800
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
secs=${1:-10}
ls fuzz/fuzz_*.c >/dev/null 2>&1 || { echo "no fuzz targets"; exit 0; }
bash scripts/setup.sh
# Only the fuzz targets (and the libraries they link), not the command or the tests.
cmake -S . -B build-fuzz -DGLASSTLS_WERROR=ON -DGLASSTLS_FUZZ=ON -DGLASSTLS_TESTS=OFF \
  -DCMAKE_C_COMPILER=clang >/dev/null
targets=()
for src in fuzz/fuzz_*.c; do targets+=("$(basename "$src" .c)"); done
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}" >/dev/null
status=0
for src in fuzz/fuzz_*.c; do
  t=$(basename "$src" .c)
  corpus="fuzz/corpus/${t#fuzz_}"
  work=$(mktemp -d)
  [[ -d "$corpus" ]] && cp -r "$corpus"/. "$work"/ 2>/dev/null || true
  echo "== $t (${secs}s) =="
  if ! ./build-fuzz/"$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 "$work" 2>"$work.log"; then
    tail -40 "$work.log"; status=1
  else
    grep -E "stat::number_of_executed_units|Done" "$work.log" | tail -2
  fi
  rm -rf "$work" "$work.log"
done
exit $status
