#!/usr/bin/env bash
# Configure and build glasstls into a build directory.
# Usage: scripts/build.sh BUILD_DIR [extra cmake args...]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: scripts/build.sh BUILD_DIR [cmake args]}
shift
cmake -S "$here" -B "$dir" -DGLASSTLS_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
