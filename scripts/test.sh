#!/usr/bin/env bash
# Set up everything (build deps and test peers), build, and run every test through ctest.
# Usage: scripts/test.sh [--sanitize | --ltm]
#   --sanitize  build with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)
#   --ltm       use libtommath instead of GMP as libtomcrypt's math provider (build-ltm/)
#   --configure-only DIR   configure DIR the way this script does, build nothing, run nothing
#                          (tests/lint/test_sh_builds_tests.sh checks the configuration with it)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

# The tests are always built, whatever the build directory held before: `scripts/demo.sh`
# configures build/ without them (-DGLASSTLS_TESTS=OFF) and CMake keeps a cached option.
always=(-DGLASSTLS_WERROR=ON -DGLASSTLS_TESTS=ON)

dir=build
args=()
case "${1:-}" in
  --sanitize) dir=build-asan; args=(-DGLASSTLS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug) ;;
  --ltm) dir=build-ltm; args=(-DGLASSTLS_MATH=ltm) ;;
  --configure-only)
    cmake -S "$here" -B "${2:?usage: scripts/test.sh --configure-only DIR}" "${always[@]}" >/dev/null
    exit 0 ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--sanitize | --ltm]" >&2; exit 2 ;;
esac
bash scripts/setup.sh --peers
bash scripts/build.sh "$dir" "${always[@]}" "${args[@]}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$dir"
# --no-tests=error: a run that finds no test at all is a failure, not "0 tests, all passed".
ctest --no-tests=error --output-on-failure -j"$(nproc)" ${CTEST_ARGS:-}
