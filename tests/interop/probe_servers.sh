#!/usr/bin/env bash
# glasstls probe HOST:PORT (side "server" of the catalog) against `openssl s_server` and
# `gnutls-serv`, each in its default (TLS 1.3-capable) configuration and restricted to TLS 1.2, and
# against `glasstls server`, all on 127.0.0.1 with the demo RSA and ECDSA certificates.
#
# glasstls server must get "pass" on every experiment. The only inconclusive results accepted are
# the ones the probe cannot make against it, each with its reason in the observed column:
#   "not run: glasstls cannot offer this yet"   (a suite/group the probe's own client lacks)
#   "the server issued no session id"            (resume-no-ems-session: glasstls gives a session
#                                                 without EMS no ID and no ticket, RFC 7627 §5.3)
#   "selected no ALPN protocol"                  (resume-alpn-*: the servers here run without ALPN;
#                                                 tests/interop/probe_resumption.sh runs them with it)
#   "RFC 7919 §4 is not exercised"               (group-ffdhe*: DHE is off in its default suites;
#                                                 a second glasstls server with --ciphers ALL
#                                                 must then pass them)
#   "did not ask for a client certificate"       (client-cert-*: the servers above do not ask;
#                                                 the servers of the last part do)
#
# The signature rules with a client certificate (client-cert-*: an Ed25519 key with parameters,
# an id-RSASSA-PSS key under an rsa_pss_rsae label, a 1024-bit DSA key) need a server that asks
# for one: the last part starts each server again requiring a client certificate from
# vectors/certs/ca.pem (the probe's CA, which issues the probe's client certificates at start).
# glasstls must refuse the first two; OpenSSL refuses them too, and its security level decides
# the DSA key (refused at level 2, taken at level 1).
# OpenSSL's and GnuTLS's verdicts are not asserted (they are what docs/probe-results.md reports),
# only that every experiment produced one — and the two things the verdicts rest on: the probe
# learns that the default configurations speak TLS 1.3 and the TLS 1.2-only ones do not
# (fallback-scsv-tls12), and it sees the DH group OpenSSL picks (group-ffdhe*).
# PROBE_RESULTS_DIR=DIR keeps the JSON and each peer's command line and version for
# scripts/probe-report.sh.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/probe_lib.bash"
need_glasstls
need openssl
need gnutls-serv
TIMEOUT=${PROBE_TIMEOUT:-2}
cd "$ROOT" # the peers' commands name the certificates from the repository's root

N=$("$GLASSTLS" probe --list | awk '$2 == "server"' | wc -l)
[[ $N -ge 40 ]] || fail "only $N server-side experiments"

# The peers: TAG, a label, and the command (PORT and the certificate directory as placeholders,
# so that the report shows the command as a reader would type it from the repository's root).
PEERS=(
  "openssl|openssl s_server -accept 127.0.0.1:PORT -www -quiet $CERTS_ARGS_OPENSSL"
  "openssl-tls12|openssl s_server -accept 127.0.0.1:PORT -www -quiet -tls1_2 $CERTS_ARGS_OPENSSL"
  "gnutls|gnutls-serv --http -p PORT $CERTS_ARGS_GNUTLS"
  "gnutls-tls12|gnutls-serv --http -p PORT --priority NORMAL:-VERS-TLS1.3 $CERTS_ARGS_GNUTLS"
  "glasstls|glasstls server --host 127.0.0.1 --port PORT --www $CERTS_ARGS_GLASSTLS"
  "glasstls-dhe|glasstls server --host 127.0.0.1 --port PORT --www --ciphers ALL $CERTS_ARGS_GLASSTLS"
)


probe() { # probe TAG -> $WORK/TAG.json
  timeout 300 "$GLASSTLS" probe "127.0.0.1:${PORT_OF[$1]}" --timeout "$TIMEOUT" --json >"$WORK/$1.json" || true
  has_results "$WORK/$1.json" "$N"
}

: > "$WORK/peers.tsv"
for p in "${PEERS[@]}"; do
  tag=${p%%|*}; cmd=${p#*|}
  check "$tag starts: $cmd" start_peer "$tag" "$cmd"
  printf '%s\t%s\t%s\n' "$tag" "$(probe_peer_version "$tag")" "$cmd" >> "$WORK/peers.tsv"
done
for p in "${PEERS[@]}"; do
  tag=${p%%|*}
  [[ $tag == glasstls-dhe ]] && continue
  check "probe $tag: $N results" probe "$tag"
done

verdict() { # verdict TAG NAME -> "verdict<TAB>observed"
  python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["name"] == sys.argv[2]: print(r["verdict"] + "\t" + r["observed"])' "$WORK/$1.json" "$2"
}

glasstls_passes() {
  python3 - "$WORK/glasstls.json" <<'EOF'
import json, sys
allowed = ("not run: glasstls cannot offer this yet", "the server issued no session id",
           "selected no ALPN protocol", "RFC 7919 §4 is not exercised",
           "did not ask for a client certificate")
bad = [r for r in json.load(open(sys.argv[1]))["results"]
       if r["verdict"] == "deviation"
       or (r["verdict"] == "inconclusive" and not any(a in r["observed"] for a in allowed))]
for r in bad:
    print("    %s: %s -> %s" % (r["name"], r["verdict"], r["observed"]))
sys.exit(1 if bad else 0)
EOF
}
check "glasstls server passes every server-side experiment" glasstls_passes
dhe_groups_pass() {
  "$GLASSTLS" probe "127.0.0.1:${PORT_OF[glasstls-dhe]}" --only group-ffdhe2048,group-ffdhe3072 \
    --timeout "$TIMEOUT" >"$WORK/dhe.txt" && grep -q '^group-ffdhe2048 .* pass .*with ffdhe2048' "$WORK/dhe.txt" &&
    grep -q '^group-ffdhe3072 .* pass ' "$WORK/dhe.txt"
}
check "glasstls server with DHE passes group-ffdhe2048 and group-ffdhe3072" dhe_groups_pass

# What the verdicts rest on (issue 23): the highest version learned, the group seen.
says() { verdict "$1" "$2" | grep -Eq "$3"; } # says TAG EXPERIMENT REGEX
check "fallback-scsv-tls12 learns that OpenSSL's default speaks TLS 1.3" \
  says openssl fallback-scsv-tls12 'highest version: TLS 1.3'
check "fallback-scsv-tls12 learns that OpenSSL -tls1_2 stops at TLS 1.2 (and passes its completion)" \
  says openssl-tls12 fallback-scsv-tls12 '^pass.*highest version: TLS 1.2'
check "fallback-scsv-tls12 learns that GnuTLS without VERS-TLS1.3 stops at TLS 1.2" \
  says gnutls-tls12 fallback-scsv-tls12 'highest version: TLS 1.2'
check "group-ffdhe3072 names the group OpenSSL used" says openssl group-ffdhe3072 '2048-bit|ffdhe3072'

# The probe itself: --list covers both sides, --only runs a subset, unknown names are refused.
check "--list names both sides" bash -c "'$GLASSTLS' probe --list | awk '{print \$2}' | sort -u | tr '\n' ' ' | grep -q 'client server'"
only_subset() {
  "$GLASSTLS" probe "127.0.0.1:${PORT_OF[glasstls]}" --only baseline,finished-bit-flip --timeout "$TIMEOUT" >"$WORK/only.txt" &&
    grep -q '^baseline .* pass ' "$WORK/only.txt" && grep -q '^finished-bit-flip .*decrypt_error(51)' "$WORK/only.txt" &&
    grep -q '^2 experiments' "$WORK/only.txt"
}
check "--only runs exactly the named experiments" only_subset
unknown_name() { "$GLASSTLS" probe "127.0.0.1:${PORT_OF[glasstls]}" --only no-such-thing >/dev/null 2>&1; [[ $? -eq 2 ]]; }
check "--only with an unknown name is a usage error" unknown_name

# examples/finished_flip.c: the same experiment in ~30 lines of the public API.
if [[ -x "$BUILD/example_finished_flip" ]]; then
  check "examples/finished_flip vs glasstls server" bash -c "'$BUILD/example_finished_flip' 127.0.0.1 ${PORT_OF[glasstls]} | grep -q '^pass: .*decrypt_error'"
  check "examples/finished_flip vs openssl s_server" bash -c "'$BUILD/example_finished_flip' 127.0.0.1 ${PORT_OF[openssl]} | grep -q '^pass: .*decrypt_error'"
fi

# ---- the signature rules with a client certificate ----------------------------------------------
SIG_ONLY=client-cert-ed25519-key-params,client-cert-rsa-pss-key-rsae-signature,client-cert-dsa-1024
AUTH_OPENSSL="-Verify 1 -verify_return_error -CAfile vectors/certs/ca.pem"
SIG_PEERS=(
  "openssl-clientauth-seclevel2|openssl s_server -accept 127.0.0.1:PORT -www -quiet $AUTH_OPENSSL -cipher ALL:@SECLEVEL=2 $CERTS_ARGS_OPENSSL"
  "openssl-clientauth-seclevel1|openssl s_server -accept 127.0.0.1:PORT -www -quiet $AUTH_OPENSSL -cipher ALL:@SECLEVEL=1 $CERTS_ARGS_OPENSSL"
  "gnutls-clientauth|gnutls-serv --http -p PORT --require-client-cert --verify-client-cert --x509cafile vectors/certs/ca.pem $CERTS_ARGS_GNUTLS"
  "glasstls-clientauth|glasstls server --host 127.0.0.1 --port PORT --www --client-ca vectors/certs/ca.pem --sigalgs DEFAULT,rsa_pss_pss_sha256,dsa_sha256 $CERTS_ARGS_GLASSTLS"
)
: > "$WORK/sig-peers.tsv"
for p in "${SIG_PEERS[@]}"; do
  tag=${p%%|*}; cmd=${p#*|}
  check "$tag starts: $cmd" start_peer "$tag" "$cmd"
  sig_probe() { timeout 60 "$GLASSTLS" probe "127.0.0.1:${PORT_OF[$1]}" --only "$SIG_ONLY" --timeout "$TIMEOUT" --json >"$WORK/$1.json" || true; has_results "$WORK/$1.json" 3; }
  check "probe $tag: the signature rules" sig_probe "$tag"
  printf '%s\t%s\t%s\n' "$tag" "$(probe_peer_version "$tag")" "$cmd" >> "$WORK/sig-peers.tsv"
done
check "glasstls server refuses the Ed25519 client key with parameters" \
  says glasstls-clientauth client-cert-ed25519-key-params '^pass.*bad_certificate\(42\)'
check "glasstls server refuses a PSS client key's CertificateVerify labelled rsae" \
  says glasstls-clientauth client-cert-rsa-pss-key-rsae-signature '^pass.*illegal_parameter\(47\)'
check "glasstls server never asks for a DSA client certificate (certificate_types rsa_sign, ecdsa_sign)" \
  says glasstls-clientauth client-cert-dsa-1024 '^inconclusive.*did not ask'
check "openssl s_server refuses the Ed25519 client key with parameters" \
  says openssl-clientauth-seclevel2 client-cert-ed25519-key-params '^pass.*sent alert'
check "openssl s_server refuses a PSS client key's CertificateVerify labelled rsae" \
  says openssl-clientauth-seclevel2 client-cert-rsa-pss-key-rsae-signature '^pass.*illegal_parameter\(47\)'
check "openssl s_server at security level 2 refuses the 1024-bit DSA client key" \
  says openssl-clientauth-seclevel2 client-cert-dsa-1024 '^pass.*sent alert'
check "openssl s_server at security level 1 takes the 1024-bit DSA client key" \
  says openssl-clientauth-seclevel1 client-cert-dsa-1024 '^pass.*completed the handshake'

if [[ -n "${PROBE_RESULTS_DIR:-}" ]]; then
  for p in "${SIG_PEERS[@]}"; do
    tag=${p%%|*}
    cp "$WORK/$tag.json" "$PROBE_RESULTS_DIR/sig-servers-$tag.json"
  done
  cp "$WORK/sig-peers.tsv" "$PROBE_RESULTS_DIR/sig-servers-peers.tsv"
  for p in "${PEERS[@]}"; do
    tag=${p%%|*}
    [[ -s "$WORK/$tag.json" ]] && cp "$WORK/$tag.json" "$PROBE_RESULTS_DIR/servers-$tag.json"
  done
  cp "$WORK/peers.tsv" "$PROBE_RESULTS_DIR/servers-peers.tsv"
fi
if [[ -n "${PROBE_SHOW:-}" ]]; then
  python3 - "$WORK/glasstls.json" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%-50s %-13s %s" % (r["name"], r["verdict"], r["observed"]))
EOF
fi
finish
