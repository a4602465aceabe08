#!/usr/bin/env bash
# The README's two commands in the README's order: `scripts/demo.sh` configures build/ with
# -DGLASSTLS_TESTS=OFF, then `scripts/test.sh` reuses build/. The tests must be registered anyway,
# and ctest must fail (not pass) when it finds no test. Cheap: configures, builds nothing.
source "$(dirname "$0")/../interop/lib.bash"
need cmake
cd "$ROOT"
b="$WORK/build"

# 1. what demo.sh leaves behind
cmake -S "$ROOT" -B "$b" -DGLASSTLS_TESTS=OFF >"$WORK/configure-off.log" 2>&1 ||
  fail "configuring with -DGLASSTLS_TESTS=OFF failed: $(tail -5 "$WORK/configure-off.log")"
count() { (cd "$b" && ctest -N | sed -n 's/^Total Tests: *//p'); }
check "a build dir configured like demo.sh's has no tests" test "$(count)" -eq 0
# ctest itself: plain, it passes an empty run; with --no-tests=error it fails.
check "ctest --no-tests=error fails when there is no test" \
  bash -c "cd '$b' && ! ctest --no-tests=error >/dev/null 2>&1"

# 2. test.sh's configuration of the same directory
bash scripts/test.sh --configure-only "$b" >"$WORK/configure-on.log" 2>&1 ||
  fail "scripts/test.sh --configure-only failed: $(tail -5 "$WORK/configure-on.log")"
n=$(count)
check "after test.sh's configure step the same dir registers tests ($n)" test "${n:-0}" -gt 0
check "... as many as the build dir of this run ($(cd "$BUILD" && ctest -N | sed -n 's/^Total Tests: *//p'))" \
  test "$n" -eq "$(cd "$BUILD" && ctest -N | sed -n 's/^Total Tests: *//p')"

# 3. test.sh runs ctest with --no-tests=error, and CI checks the count.
check "scripts/test.sh runs ctest with --no-tests=error" grep -qE '^ctest .*--no-tests=error' scripts/test.sh
d=$(grep -n '^bash scripts/demo.sh' .ci/run | head -1 | cut -d: -f1)
t=$(grep -n '^bash scripts/test.sh' .ci/run | head -1 | cut -d: -f1)
check ".ci/run runs the demo, then the tests" test "${d:-99999}" -lt "${t:-0}"
check ".ci/run compares the tests run with the tests registered" grep -q 'ctest -N' .ci/run
finish
