#!/usr/bin/env bash
# The main job: set up, build, and show glasstls at work.
# Once the handshake lands this runs a traced handshake against a real peer (openssl s_server);
# until then it prints the version and the cipher suites glasstls supports.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash scripts/setup.sh --peers
bash scripts/build.sh build -DGLASSTLS_TESTS=OFF
./build/glasstls --version
./build/glasstls ciphers
