#!/usr/bin/env bash
# Set up everything (build deps and test peers), build, and run every test through ctest.
# Usage: scripts/test.sh [--sanitize | --ltm]
#   --sanitize  build with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)
#   --ltm       use libtommath instead of GMP as libtomcrypt's math provider (build-ltm/)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash scripts/setup.sh --peers

dir=build
args=()
case "${1:-}" in
  --sanitize) dir=build-asan; args=(-DGLASSTLS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug) ;;
  --ltm) dir=build-ltm; args=(-DGLASSTLS_MATH=ltm) ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--sanitize | --ltm]" >&2; exit 2 ;;
esac
bash scripts/build.sh "$dir" "${args[@]}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$dir"
ctest --output-on-failure -j"$(nproc)" ${CTEST_ARGS:-}
