#!/usr/bin/env bash
# glasstls probe HOST:PORT (side "server" of the catalog) against `openssl s_server`, `gnutls-serv`
# and `glasstls server`, each on 127.0.0.1 with the demo RSA and ECDSA certificates.
#
# glasstls server must get "pass" on every experiment. The only inconclusive results accepted are
# the ones the probe cannot make yet against it, each with its reason in the observed column:
#   "not run: glasstls cannot offer this yet"   (a suite/group the probe's own client lacks)
#   "the server issued no session id"            (resumption experiments; no session cache yet)
# OpenSSL's and GnuTLS's verdicts are not asserted (they are what docs/probe-results.md reports),
# only that every experiment produced one. PROBE_RESULTS_DIR=DIR keeps the JSON for
# scripts/probe-report.sh.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
need gnutls-serv
CERTS="$ROOT/vectors/certs"
TIMEOUT=${PROBE_TIMEOUT:-2}

N=$("$GLASSTLS" probe --list | awk '$2 == "server"' | wc -l)
[[ $N -ge 40 ]] || fail "only $N server-side experiments"

start_openssl() {
  OPORT=$(free_port)
  start_bg 120 "$WORK/s_server.log" openssl s_server -accept "127.0.0.1:$OPORT" -www -quiet \
    -cert "$CERTS/server-rsa.pem" -key "$CERTS/server-rsa.key" \
    -dcert "$CERTS/server-ecdsa.pem" -dkey "$CERTS/server-ecdsa.key"
  wait_port "$OPORT"
}
start_gnutls() {
  NPORT=$(free_port)
  start_bg 120 "$WORK/gnutls-serv.log" gnutls-serv --http -p "$NPORT" \
    --x509certfile "$CERTS/server-rsa.pem" --x509keyfile "$CERTS/server-rsa.key" \
    --x509certfile "$CERTS/server-ecdsa.pem" --x509keyfile "$CERTS/server-ecdsa.key"
  wait_port "$NPORT"
}
start_glasstls() {
  start_bg 120 "$WORK/glasstls-server.log" "$GLASSTLS" server --host 127.0.0.1 --port 0 --www \
    --cert "$CERTS/server-rsa.pem" --key "$CERTS/server-rsa.key" \
    --cert "$CERTS/server-ecdsa.pem" --key "$CERTS/server-ecdsa.key"
  GPORT=$(wait_listening "$WORK/glasstls-server.log")
}

probe() { # probe TAG PORT -> $WORK/TAG.json
  timeout 300 "$GLASSTLS" probe "127.0.0.1:$2" --timeout "$TIMEOUT" --json >"$WORK/$1.json" || true
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d["results"]) == int(sys.argv[2]) else 1)' \
    "$WORK/$1.json" "$N"
}

check "openssl s_server starts" start_openssl
check "gnutls-serv starts" start_gnutls
check "glasstls server starts" start_glasstls
check "probe openssl s_server: $N results" probe openssl "$OPORT"
check "probe gnutls-serv: $N results" probe gnutls "$NPORT"
check "probe glasstls server: $N results" probe glasstls "$GPORT"

glasstls_passes() {
  python3 - "$WORK/glasstls.json" <<'EOF'
import json, sys
allowed = ("not run: glasstls cannot offer this yet", "the server issued no session id")
bad = [r for r in json.load(open(sys.argv[1]))["results"]
       if r["verdict"] == "deviation"
       or (r["verdict"] == "inconclusive" and not any(a in r["observed"] for a in allowed))]
for r in bad:
    print("    %s: %s -> %s" % (r["name"], r["verdict"], r["observed"]))
sys.exit(1 if bad else 0)
EOF
}
check "glasstls server passes every server-side experiment" glasstls_passes

# The probe itself: --list covers both sides, --only runs a subset, unknown names are refused.
check "--list names both sides" bash -c "'$GLASSTLS' probe --list | awk '{print \$2}' | sort -u | tr '\n' ' ' | grep -q 'client server'"
only_subset() {
  "$GLASSTLS" probe "127.0.0.1:$GPORT" --only baseline,finished-bit-flip --timeout "$TIMEOUT" >"$WORK/only.txt" &&
    grep -q '^baseline .* pass ' "$WORK/only.txt" && grep -q '^finished-bit-flip .*decrypt_error(51)' "$WORK/only.txt" &&
    grep -q '^2 experiments' "$WORK/only.txt"
}
check "--only runs exactly the named experiments" only_subset
unknown_name() { "$GLASSTLS" probe "127.0.0.1:$GPORT" --only no-such-thing >/dev/null 2>&1; [[ $? -eq 2 ]]; }
check "--only with an unknown name is a usage error" unknown_name

# examples/finished_flip.c: the same experiment in ~30 lines of the public API.
if [[ -x "$BUILD/example_finished_flip" ]]; then
  check "examples/finished_flip vs glasstls server" bash -c "'$BUILD/example_finished_flip' 127.0.0.1 $GPORT | grep -q '^pass: .*decrypt_error'"
  check "examples/finished_flip vs openssl s_server" bash -c "'$BUILD/example_finished_flip' 127.0.0.1 $OPORT | grep -q '^pass: .*decrypt_error'"
fi

if [[ -n "${PROBE_RESULTS_DIR:-}" ]]; then
  for t in openssl gnutls glasstls; do cp "$WORK/$t.json" "$PROBE_RESULTS_DIR/servers-$t.json"; done
fi
if [[ -n "${PROBE_SHOW:-}" ]]; then
  python3 - "$WORK/glasstls.json" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%-50s %-13s %s" % (r["name"], r["verdict"], r["observed"]))
EOF
fi
finish
