#!/usr/bin/env bash
# Install what glasstls needs to build and test, from Debian packages, if it is missing.
# Usage: scripts/setup.sh [--demo | --peers]
#   --demo   also the one peer the main job (scripts/demo.sh) talks to: openssl
#   --peers  also every real TLS peer the tests talk to (browsers, Go, Node.js, a JDK: heavy)
set -euo pipefail

build_pkgs=(cmake make gcc clang libtomcrypt-dev libtommath-dev libgmp-dev libcriterion-dev pkg-config)
peer_pkgs=(openssl gnutls-bin curl python3 valgrind
           chromium fonts-dejavu-core libnss3-tools tshark   # headless browser + NSS certutil; tshark decrypts via key log
           redis-server redis-tools        # the tunnel's seed scenario (tests/interop/redis_tunnel.sh)
           golang-go nodejs default-jdk-headless    # tests/interop/peers_{go,node,java}.sh
           postgresql mariadb-server mariadb-client) # STARTTLS and tunnels (tests/interop/starttls.sh)
demo_pkgs=(openssl python3)

want=("${build_pkgs[@]}")
case "${1:-}" in
  --peers) want+=("${peer_pkgs[@]}") ;;
  --demo) want+=("${demo_pkgs[@]}") ;;
esac

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
