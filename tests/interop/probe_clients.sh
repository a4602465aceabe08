#!/usr/bin/env bash
# glasstls probe --serve (the misbehaving server, side "client" of the catalog) against
# `openssl s_client` and `gnutls-cli`, each in its default (TLS 1.3-capable) configuration and
# restricted to TLS 1.2, and against `glasstls client`: one client connection per experiment, on
# 127.0.0.1. Every client trusts vectors/certs/ca.pem and checks the name localhost.
#
# The certificate experiments use what `probe --serve` issues at start under that CA (a
# certificate for wrong.example valid now, one for localhost expired 30 days ago): no fixture
# with a validity period, so nothing here depends on today's date (issue 15).
#
# glasstls must get "pass" on every experiment except `truncation`, which is inconclusive by
# design (nothing is required on the wire); for it, the client's own output must report the
# truncation. Every client's certificate experiments must pass (a correct client refuses both:
# what the experiments test, not a CA it does not know). The other verdicts are reported by
# scripts/probe-report.sh (PROBE_RESULTS_DIR), not asserted.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/probe_lib.bash"
need_glasstls
need openssl
TIMEOUT=${PROBE_TIMEOUT:-1}
cd "$ROOT" # the commands name the CA from the repository's root

# The sh-resume-* experiments take two connections each (a session, then its resumption):
# tests/interop/probe_resumption.sh runs them with clients that resume.
mapfile -t NAMES < <("$GLASSTLS" probe --list | awk '$2 == "client" && $1 !~ /^sh-resume-/ { print $1 }')
[[ ${#NAMES[@]} -ge 15 ]] || fail "only ${#NAMES[@]} client-side experiments"
ONLY=$(IFS=,; echo "${NAMES[*]}")

# The clients: TAG, then the command (PORT as a placeholder), as a reader types it.
OSSL='openssl s_client -connect 127.0.0.1:PORT -servername localhost -CAfile vectors/certs/ca.pem -verify_return_error -verify_hostname localhost -ign_eof'
GNUTLS='gnutls-cli --x509cafile vectors/certs/ca.pem --verify-hostname localhost --sni-hostname localhost -p PORT 127.0.0.1'
CLIENTS=(
  "openssl|$OSSL"
  "openssl-tls12|$OSSL -tls1_2"
  "gnutls|$GNUTLS"
  "gnutls-tls12|$GNUTLS --priority NORMAL:-VERS-TLS1.3"
  "glasstls|glasstls client 127.0.0.1:PORT --ca vectors/certs/ca.pem --servername localhost"
)

# run_catalog TAG COMMAND -> $WORK/TAG.json, and the clients' outputs in $WORK/TAG-*.out
run_catalog() {
  local tag=$1 cmd=$2 port x pid
  start_bg 120 "$WORK/$tag.serve" "$GLASSTLS" probe --serve 0 --only "$ONLY" --timeout "$TIMEOUT" --json
  pid=${PIDS[-1]}
  port=$(wait_listening "$WORK/$tag.serve") || { cat "$WORK/$tag.serve"; return 1; }
  cmd=${cmd//PORT/$port}
  cmd=${cmd/#glasstls /$GLASSTLS }
  for x in "${NAMES[@]}"; do
    # shellcheck disable=SC2086 # a list of words without quoting inside
    timeout 10 $cmd < <(sleep 3) >"$WORK/$tag-$x.out" 2>&1 || true
  done
  wait "$pid" || true
  sed -n '/^{"target"/,$p' "$WORK/$tag.serve" > "$WORK/$tag.json"
  [[ -s "$WORK/$tag.json" ]]
}


: > "$WORK/peers.tsv"
RAN=()
for c in "${CLIENTS[@]}"; do
  tag=${c%%|*}; cmd=${c#*|}
  command -v "${cmd%% *}" >/dev/null 2>&1 || [[ $tag == glasstls ]] || { echo "skip $tag: ${cmd%% *} not installed"; continue; }
  check "probe --serve against $tag" run_catalog "$tag" "$cmd"
  check "$tag: every experiment has a result" test "$(probe_verdicts "$WORK/$tag.json" | wc -l)" -eq "${#NAMES[@]}"
  check "$tag: refuses the other host's and the expired certificate" \
    test "$(probe_verdicts "$WORK/$tag.json" | grep -cE '^cert-(other-host|expired) pass$')" -eq 2
  printf '%s\t%s\t%s\n' "$tag" "$(probe_peer_version "$tag")" "$cmd" >> "$WORK/peers.tsv"
  RAN+=("$tag")
done

all_pass() {
  local bad
  bad=$(probe_verdicts "$WORK/glasstls.json" | awk '$2 != "pass" && !($1 == "truncation" && $2 == "inconclusive")')
  [[ -z "$bad" ]] || { echo "  glasstls client is not 'pass' on:"; echo "$bad" | sed 's/^/    /'
    python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
  if r["verdict"] != "pass": print("     ", r["name"], "->", r["observed"])' "$WORK/glasstls.json"; return 1; }
}
check "glasstls client passes every client-side experiment" all_pass
check "glasstls client reports the truncation" grep -qi "truncat" "$WORK/glasstls-truncation.out"

if [[ -n "${PROBE_RESULTS_DIR:-}" ]]; then
  for tag in "${RAN[@]}"; do cp "$WORK/$tag.json" "$PROBE_RESULTS_DIR/clients-$tag.json"; done
  cp "$WORK/peers.tsv" "$PROBE_RESULTS_DIR/clients-peers.tsv"
fi
if [[ -n "${PROBE_SHOW:-}" ]]; then
  for t in "${RAN[@]}"; do
    python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]: print("%-30s %-13s %s" % (r["name"], r["verdict"], r["observed"]))' "$WORK/$t.json"
  done
fi
finish
