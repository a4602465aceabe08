#!/usr/bin/env bash
# glasstls probe --serve (the misbehaving server, side "client" of the catalog) against
# `openssl s_client` and `glasstls client`, one client connection per experiment, on 127.0.0.1.
#
# The certificate experiments need certificates the fixtures do not have (all vectors/x509 leaves
# expired on 2026-01-01, and the demo PKI names only localhost): a valid one for another host and
# an expired one for localhost are issued here by the demo CA (vectors/certs/ca.pem) into $WORK.
#
# glasstls must get "pass" on every experiment except `truncation`, which is inconclusive by
# design (nothing is required on the wire); for it, the client's own output must report the
# truncation. OpenSSL's results are saved for scripts/probe-report.sh when PROBE_RESULTS_DIR is set.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
CERTS="$ROOT/vectors/certs"
TIMEOUT=${PROBE_TIMEOUT:-1}

# ---- certificates --------------------------------------------------------------------------------
make_certs() {
  mkdir -p "$WORK/ca" && : > "$WORK/ca/index.txt" && echo 01 > "$WORK/ca/serial"
  cat > "$WORK/ca.cnf" <<EOF
[ca]
default_ca = probe
[probe]
database = $WORK/ca/index.txt
serial = $WORK/ca/serial
new_certs_dir = $WORK/ca
default_md = sha256
policy = anything
copy_extensions = copy
[anything]
commonName = supplied
EOF
  # other host: valid now, SAN DNS:wrong.example only.
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/other.key" \
    -subj "/CN=wrong.example" -addext "subjectAltName=DNS:wrong.example" \
    -addext "extendedKeyUsage=serverAuth" -out "$WORK/other.csr" 2>/dev/null &&
  openssl ca -batch -config "$WORK/ca.cnf" -cert "$CERTS/ca.pem" -keyfile "$CERTS/ca.key" \
    -in "$WORK/other.csr" -out "$WORK/other.pem" -days 30 -notext 2>/dev/null &&
  # expired: localhost, valid 2020-01-01 .. 2021-01-01.
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/expired.key" \
    -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -addext "extendedKeyUsage=serverAuth" -out "$WORK/expired.csr" 2>/dev/null &&
  openssl ca -batch -config "$WORK/ca.cnf" -cert "$CERTS/ca.pem" -keyfile "$CERTS/ca.key" \
    -in "$WORK/expired.csr" -out "$WORK/expired.pem" -startdate 20200101000000Z \
    -enddate 20210101000000Z -notext 2>/dev/null
}
make_certs || fail "could not issue the test certificates"

mapfile -t NAMES < <("$GLASSTLS" probe --list | awk '$2 == "client" { print $1 }')
[[ ${#NAMES[@]} -ge 15 ]] || fail "only ${#NAMES[@]} client-side experiments"

# run_catalog NAME CLIENT-FUNCTION -> $WORK/NAME.json, and the clients' outputs in $WORK/NAME-*.out
run_catalog() {
  local tag=$1 client=$2 port
  start_bg 120 "$WORK/$tag.serve" "$GLASSTLS" probe --serve 0 --timeout "$TIMEOUT" --json \
    --other-host-cert "$WORK/other.pem" --other-host-key "$WORK/other.key" \
    --expired-cert "$WORK/expired.pem" --expired-key "$WORK/expired.key"
  local pid=${PIDS[-1]}
  port=$(wait_listening "$WORK/$tag.serve") || { cat "$WORK/$tag.serve"; return 1; }
  local x
  for x in "${NAMES[@]}"; do
    "$client" "$port" >"$WORK/$tag-$x.out" 2>&1 || true
  done
  wait "$pid" || true
  sed -n '/^{"target"/,$p' "$WORK/$tag.serve" > "$WORK/$tag.json"
  [[ -s "$WORK/$tag.json" ]]
}

openssl_client() {
  timeout 10 openssl s_client -connect "127.0.0.1:$1" -tls1_2 -servername localhost \
    -CAfile "$CERTS/ca.pem" -verify_return_error -verify_hostname localhost -ign_eof </dev/null
}
glasstls_client() {
  timeout 10 "$GLASSTLS" client "127.0.0.1:$1" --ca "$CERTS/ca.pem" --servername localhost < <(sleep 3)
}

verdicts() { # verdicts FILE.json -> "name verdict" lines
  python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]: print(r["name"], r["verdict"])' "$1"
}

check "probe --serve against openssl s_client" run_catalog openssl openssl_client
check "probe --serve against glasstls client" run_catalog glasstls glasstls_client

all_pass() {
  local bad
  bad=$(verdicts "$WORK/glasstls.json" | awk '$2 != "pass" && !($1 == "truncation" && $2 == "inconclusive")')
  [[ -z "$bad" ]] || { echo "  glasstls client is not 'pass' on:"; echo "$bad" | sed 's/^/    /'
    python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
  if r["verdict"] != "pass": print("     ", r["name"], "->", r["observed"])' "$WORK/glasstls.json"; return 1; }
}
check "glasstls client passes every client-side experiment" all_pass
check "glasstls client reports the truncation" grep -qi "truncat" "$WORK/glasstls-truncation.out"
check "every experiment has a result" test "$(verdicts "$WORK/openssl.json" | wc -l)" -eq "${#NAMES[@]}"

if [[ -n "${PROBE_RESULTS_DIR:-}" ]]; then
  cp "$WORK/openssl.json" "$PROBE_RESULTS_DIR/clients-openssl.json"
  cp "$WORK/glasstls.json" "$PROBE_RESULTS_DIR/clients-glasstls.json"
fi
if [[ -n "${PROBE_SHOW:-}" ]]; then
  for t in openssl glasstls; do
    python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]: print("%-30s %-13s %s" % (r["name"], r["verdict"], r["observed"]))' "$WORK/$t.json"
  done
fi
finish
