#!/usr/bin/env bash
# Capture real TLS 1.2 handshake messages from OpenSSL into vectors/handshake/ (for the codec tests
# in tests/handshake/). Run once by hand; the tests read the stored files and never run OpenSSL.
#
# How: a throwaway CA-less setup (self-signed RSA and ECDSA certificates made here) and, for each
# scenario, `openssl s_server` on 127.0.0.1 and `openssl s_client -msg`. `-msg` prints every
# handshake message the client sends (">>>") and receives ("<<<") as hex, after record decryption,
# so even Finished is visible. Each message becomes one file
#     vectors/handshake/<scenario>/<NN>-<c2s|s2c>-<MessageName>.hex
# holding the complete message (4-byte header + body) as hex, after '#' comment lines that say
# where it came from. Usage: scripts/capture-handshake-vectors.sh [outdir]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/vectors/handshake}
tmp=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
cd "$tmp"

openssl req -x509 -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.crt -subj /CN=localhost -days 3650 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key -out ec.crt \
    -subj /CN=localhost -days 3650 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client.key -out client.crt \
    -subj /CN=glasstls-test-client -days 3650 2>/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# capture NAME "SERVER ARGS" "CLIENT ARGS"
capture() {
    local name=$1 sargs=$2 cargs=$3 port
    port=$(free_port)
    # shellcheck disable=SC2086
    # s_server quits when its stdin ends: keep it open while the client runs.
    sleep 15 | openssl s_server -accept "127.0.0.1:$port" -naccept 1 $sargs >server.log 2>&1 &
    server_pid=$!
    for _ in $(seq 50); do   # s_server prints ACCEPT once it listens (a probe would use up -naccept 1)
        grep -q ACCEPT server.log && break
        sleep 0.1
    done
    # shellcheck disable=SC2086
    sleep 2 | timeout 10 openssl s_client -connect "127.0.0.1:$port" -msg $cargs >client.log 2>&1 || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
    mkdir -p "$out/$name"
    rm -f "$out/$name"/*.hex
    # stdin stays open 2 s so the handshake (and the ticket) completes before s_client sees EOF.
    # -msg prints: '>>> TLS 1.2, Handshake [length 0136], ClientHello' then indented hex lines.
    awk -v dir="$out/$name" -v ver="$(openssl version)" -v sargs="$sargs" -v cargs="$cargs" '
        /^(>>>|<<<) .*Handshake \[length [0-9a-f]+\], / {
            n++; d = ($1 == ">>>") ? "c2s" : "s2c"; msg = $NF
            f = sprintf("%s/%02d-%s-%s.hex", dir, n, d, msg)
            print "# " msg " (" (d == "c2s" ? "sent by openssl s_client" : "sent by openssl s_server") ")" > f
            print "# captured by scripts/capture-handshake-vectors.sh with " ver > f
            print "# s_server " sargs > f
            print "# s_client " cargs > f
            grab = 1; next
        }
        /^(>>>|<<<)/ { grab = 0; next }
        grab && /^    [0-9a-f][0-9a-f]( |$)/ { sub(/^ +/, ""); print > f; next }
        { grab = 0 }
    ' client.log
    echo "$name: $(ls "$out/$name" | wc -l) messages"
}

# 1. ECDHE-RSA, OpenSSL's default ClientHello (it offers TLS 1.3 too), SNI and ALPN, ticket.
capture ecdhe-rsa "-cert rsa.crt -key rsa.key -tls1_2 -alpn http/1.1" \
    "-servername localhost -alpn h2,http/1.1"
# 2. ECDHE-ECDSA with client authentication (CertificateRequest, client Certificate, CertificateVerify).
capture ecdhe-ecdsa-mtls "-cert ec.crt -key ec.key -tls1_2 -Verify 1 -CAfile client.crt" \
    "-tls1_2 -cert client.crt -key client.key -servername localhost"
# 3. DHE-RSA (ServerKeyExchange with ServerDHParams).
capture dhe-rsa "-cert rsa.crt -key rsa.key -tls1_2 -cipher DHE-RSA-AES128-GCM-SHA256" \
    "-tls1_2 -cipher DHE-RSA-AES128-GCM-SHA256"
# 4. Static RSA key exchange (ClientKeyExchange with EncryptedPreMasterSecret), no ticket.
capture rsa "-cert rsa.crt -key rsa.key -tls1_2 -cipher AES128-GCM-SHA256 -no_ticket" \
    "-tls1_2 -cipher AES128-GCM-SHA256 -no_ticket"
