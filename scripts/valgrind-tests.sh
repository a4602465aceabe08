#!/usr/bin/env bash
# Run every Criterion suite (ctest's tests except interop.*) under valgrind memcheck: no invalid
# read or write, no use of uninitialised values, no definite or indirect leak.
#
# Usage: scripts/valgrind-tests.sh [BUILD_DIR] [ctest -R regex]
#   BUILD_DIR defaults to build-valgrind (a plain gcc build, no sanitizer: valgrind and ASan do not
#   mix). VALGRIND_JOBS=N runs N suites at once (default 1).
#
# How: Criterion runs each test in a child process, and a child's valgrind errors do not change
# the runner's exit status, so valgrind follows the children (--trace-children=yes) and writes one
# log per process (--log-file=%p); the script fails if any log has errors or the suite fails.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
dir=${1:-build-valgrind}
filter=${2:-.}
command -v valgrind >/dev/null || { echo "valgrind not installed" >&2; exit 77; }

cmake -S "$here" -B "$dir" -DGLASSTLS_WERROR=ON -DGLASSTLS_SANITIZE=OFF >/dev/null
mapfile -t tests < <(cd "$dir" && ctest -N -E '^interop\.' -R "$filter" | sed -n 's/^ *Test *#[0-9]*: //p')
((${#tests[@]})) || { echo "no tests match $filter" >&2; exit 1; }
# Build only the test executables (ctest name layer.file → target test_layer_file).
targets=()
for t in "${tests[@]}"; do targets+=("test_${t%%.*}_${t#*.}"); done
cmake --build "$dir" -j"$(nproc)" --target "${targets[@]}" >/dev/null

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

run_one() { # ctest name (layer.file) → test_<layer>_<file>
  local name=$1 exe="$dir/test_${1%%.*}_${1#*.}" out="$logs/${1}"
  mkdir -p "$out"
  local start=$SECONDS status=0
  valgrind --trace-children=yes --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect --error-exitcode=1 --num-callers=30 \
    --log-file="$out/vg.%p.log" "$exe" --jobs 1 --timeout 3000 >"$out/stdout.txt" 2>&1 || status=$?
  local bad
  bad=$(grep -L "ERROR SUMMARY: 0 errors" "$out"/vg.*.log || true)
  if [[ $status -ne 0 || -n "$bad" ]]; then
    echo "FAIL $name ($((SECONDS - start))s)"
    grep -h "Synthesis\|FAIL" "$out/stdout.txt" | tail -5 || true
    for f in $bad; do sed -n '/^==[0-9]*== [A-Z0-9].*\(Invalid\|uninitialised\|Uninitialised\|definitely\|indirectly\|Mismatched\|overlap\|Syscall\)/,/^==[0-9]*== $/p' "$f" | head -60; done
    return 1
  fi
  echo "ok   $name ($((SECONDS - start))s, $(ls "$out"/vg.*.log | wc -l) processes)"
}

start=$SECONDS
failed=0
jobs=${VALGRIND_JOBS:-1}
if ((jobs > 1)); then
  export -f run_one
  export dir logs
  printf '%s\n' "${tests[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} || failed=1
else
  for t in "${tests[@]}"; do run_one "$t" || failed=1; done
fi
echo "valgrind: ${#tests[@]} suites in $((SECONDS - start))s: $([[ $failed -eq 0 ]] && echo "no errors, no leaks" || echo FAILED)"
exit $failed
