#!/bin/bash
# Capture one real TLS 1.2 connection between `openssl s_client` and `openssl s_server` on 127.0.0.1
# (ECDHE-RSA-AES128-GCM-SHA256, extended master secret on, as OpenSSL 3.0 does by default), with the
# NSS key log, so tests/handshake/keyschedule_test.c can check our transcript, key block split and
# verify_data against what OpenSSL actually put on the wire. Regenerate with: bash capture.sh
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/k.pem" -out "$tmp/c.pem" -subj /CN=localhost -days 1 2>/dev/null
sport=$((20000 + RANDOM % 10000)); pport=$((sport + 1))
openssl s_server -accept $sport -cert "$tmp/c.pem" -key "$tmp/k.pem" -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 \
    -naccept 1 -quiet >/dev/null 2>&1 &
sleep 0.5
python3 tcp_record.py $pport $sport "$tmp/streams.txt" &
sleep 0.3
echo hello | timeout 10 openssl s_client -connect 127.0.0.1:$pport -tls1_2 -keylogfile "$tmp/keylog.txt" \
    -cipher ECDHE-RSA-AES128-GCM-SHA256 -quiet >/dev/null 2>&1 || true
wait %2 || true
{
  echo "# openssl $(openssl version | cut -d' ' -f2) s_client <-> s_server, TLS 1.2, ECDHE-RSA-AES128-GCM-SHA256, EMS"
  grep '^CLIENT_RANDOM' "$tmp/keylog.txt"
  cat "$tmp/streams.txt"
} > openssl_ecdhe_rsa_aes128gcm.txt
echo "wrote openssl_ecdhe_rsa_aes128gcm.txt"
