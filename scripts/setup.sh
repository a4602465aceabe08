#!/usr/bin/env bash
# Install what glasstls needs to build and test, from Debian packages, if it is missing.
# Usage: scripts/setup.sh [--peers]   (--peers also installs the real TLS peers the tests talk to)
set -euo pipefail

build_pkgs=(cmake make gcc clang libtomcrypt-dev libtommath-dev libgmp-dev libcriterion-dev pkg-config)
peer_pkgs=(openssl gnutls-bin curl python3 valgrind
           chromium fonts-dejavu-core libnss3-tools tshark   # headless browser + NSS certutil; tshark decrypts via key log
           redis-server redis-tools)       # the tunnel's seed scenario (tests/interop/redis_tunnel.sh)

want=("${build_pkgs[@]}")
if [[ "${1:-}" == "--peers" ]]; then
  want+=("${peer_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  # tshark's wireshark-common would ask whether non-root users may capture: answer no, quietly.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
