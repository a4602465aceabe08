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
# The signature-rule experiments (an Ed25519 key with parameters, an id-RSASSA-PSS key under an
# rsa_pss_rsae label, a 1024-bit DSA key) run in a second pass with each client told to offer what
# those certificates serve; glasstls must refuse all three, OpenSSL the first two, and OpenSSL's
# security level decides the third (refused at level 2, taken at level 1).
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
# tests/interop/probe_resumption.sh runs them with clients that resume. The signature-rule
# experiments (SIG) need a client that offers what their certificates serve: they run below.
SIG=(cert-ed25519-key-params cert-rsa-pss-key-rsae-signature cert-dsa-1024)
mapfile -t NAMES < <("$GLASSTLS" probe --list | awk -v sig=" ${SIG[*]} " '$2 == "client" && $1 !~ /^sh-resume-/ && index(sig, " " $1 " ") == 0 { print $1 }')
[[ ${#NAMES[@]} -ge 15 ]] || fail "only ${#NAMES[@]} client-side experiments"

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

# run_catalog TAG COMMAND [NAME...] -> $WORK/TAG.json, and the clients' outputs in $WORK/TAG-*.out
# (the experiments NAME..., by default NAMES)
run_catalog() {
  local tag=$1 cmd=$2 port x pid
  shift 2
  local names=("${NAMES[@]}") only
  (($#)) && names=("$@")
  only=$(IFS=,; echo "${names[*]}")
  start_bg 120 "$WORK/$tag.serve" "$GLASSTLS" probe --serve 0 --only "$only" --timeout "$TIMEOUT" --json
  pid=${PIDS[-1]}
  port=$(wait_listening "$WORK/$tag.serve") || { cat "$WORK/$tag.serve"; return 1; }
  cmd=${cmd//PORT/$port}
  cmd=${cmd/#glasstls /$GLASSTLS }
  for x in "${names[@]}"; do
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

# ---- the signature rules: each client told to offer what the certificates serve ------------------
# Ed25519 (ECDHE_ECDSA), an id-RSASSA-PSS key (rsa_pss_pss_sha256, relabelled rsa_pss_rsae_sha256)
# and DSA-1024 (DHE_DSS, dsa_sha256, an FFDHE group). OpenSSL twice, at security levels 2 and 1:
# level 2 (112-bit security) is where a 1024-bit DSA key is refused, level 1 (80 bits) takes it.
# GnuTLS 3.7 offers no DSA signature scheme even when asked (cert-dsa-1024 is inconclusive there).
SIG_CLIENTS=(
  "openssl-seclevel2|$OSSL -cipher ECDHE:DHE-DSS-AES128-GCM-SHA256:@SECLEVEL=2"
  "openssl-seclevel1|$OSSL -cipher ECDHE:DHE-DSS-AES128-GCM-SHA256:@SECLEVEL=1"
  "gnutls-dss|$GNUTLS --priority NORMAL:+DHE-DSS:+SIGN-DSA-SHA256"
  "glasstls-dss|glasstls client 127.0.0.1:PORT --ca vectors/certs/ca.pem --servername localhost --ciphers DEFAULT,TLS_DHE_DSS_WITH_AES_128_GCM_SHA256 --groups ALL --sigalgs DEFAULT,rsa_pss_pss_sha256,dsa_sha256"
)
# verdict TAG NAME -> "pass observed...", from $WORK/TAG.json
verdict() {
  python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
  if r["name"] == sys.argv[2]: print(r["verdict"], r["observed"])' "$WORK/$1.json" "$2"
}
# is TAG NAME VERDICT WORDS: the experiment's verdict, and WORDS in what the client did
is() { local v; v=$(verdict "$1" "$2"); [[ $v == "$3 "* && $v == *"$4"* ]] || { echo "  $1 $2: $v"; return 1; }; }
: > "$WORK/sig-peers.tsv"
SIG_RAN=()
for c in "${SIG_CLIENTS[@]}"; do
  tag=${c%%|*}; cmd=${c#*|}
  command -v "${cmd%% *}" >/dev/null 2>&1 || [[ $tag == glasstls* ]] || { echo "skip $tag: ${cmd%% *} not installed"; continue; }
  check "signature rules against $tag" run_catalog "$tag" "$cmd" "${SIG[@]}"
  check "$tag: every signature rule has a result" test "$(probe_verdicts "$WORK/$tag.json" | wc -l)" -eq "${#SIG[@]}"
  printf '%s\t%s\t%s\n' "$tag" "$(probe_peer_version "$tag")" "$cmd" >> "$WORK/sig-peers.tsv"
  SIG_RAN+=("$tag")
done
check "glasstls refuses the Ed25519 key with parameters (bad_certificate)" is glasstls-dss cert-ed25519-key-params pass "bad_certificate(42)"
check "glasstls refuses a PSS-key signature labelled rsae (illegal_parameter)" is glasstls-dss cert-rsa-pss-key-rsae-signature pass "illegal_parameter(47)"
check "glasstls refuses the 1024-bit DSA key" is glasstls-dss cert-dsa-1024 pass "sent alert bad_certificate(42)"
if [[ " ${SIG_RAN[*]} " == *" openssl-seclevel2 "* ]]; then
  check "openssl refuses the Ed25519 key with parameters" is openssl-seclevel2 cert-ed25519-key-params pass "sent alert"
  check "openssl refuses a PSS-key signature labelled rsae" is openssl-seclevel2 cert-rsa-pss-key-rsae-signature pass "illegal_parameter(47)"
  check "openssl at security level 2 refuses the 1024-bit DSA key" is openssl-seclevel2 cert-dsa-1024 pass "sent alert"
  check "openssl at security level 1 takes the 1024-bit DSA key" is openssl-seclevel1 cert-dsa-1024 pass "completed the handshake"
fi

if [[ -n "${PROBE_RESULTS_DIR:-}" ]]; then
  for tag in "${RAN[@]}"; do cp "$WORK/$tag.json" "$PROBE_RESULTS_DIR/clients-$tag.json"; done
  cp "$WORK/peers.tsv" "$PROBE_RESULTS_DIR/clients-peers.tsv"
  for tag in "${SIG_RAN[@]}"; do cp "$WORK/$tag.json" "$PROBE_RESULTS_DIR/sig-clients-$tag.json"; done
  cp "$WORK/sig-peers.tsv" "$PROBE_RESULTS_DIR/sig-clients-peers.tsv"
fi
if [[ -n "${PROBE_SHOW:-}" ]]; then
  for t in "${RAN[@]}" "${SIG_RAN[@]}"; do
    python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]: print("%-30s %-13s %s" % (r["name"], r["verdict"], r["observed"]))' "$WORK/$t.json"
  done
fi
finish
