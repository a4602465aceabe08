#!/usr/bin/env bash
# The resumption experiments of glasstls probe (tools/probe/probe_catalog_resumption.c: RFC 7627 §5.3,
# RFC 5246 §7.4.1.2-3, RFC 7301 §3.1) against servers that resume by ticket and by session ID:
# openssl s_server (default and -tls1_2, each with and without -no_ticket), gnutls-serv (with
# and without --noticket), all with ALPN h2,http/1.1, and glasstls server (default, and with
# --legacy-resumption, which resumes sessions made without the extended master secret).
#
# Then the client-side mirrors (sh-resume-*, `probe --serve`): openssl s_client (two runs per
# experiment, -sess_out then -sess_in), gnutls-cli --resume and glasstls client --resume, each
# connecting twice per experiment (a session, then its resumption).
#
# glasstls server must pass every experiment; its default answers resume-no-ems-session by giving
# such a session no ID and no ticket (inconclusive, with that reason), --legacy-resumption resumes
# it. Of OpenSSL and GnuTLS only the facts the verdicts rest on are asserted: each experiment gave
# a verdict, and -no_ticket servers were resumed by session ID, the others by ticket.
# PROBE_RESULTS_DIR=DIR keeps the JSON and each peer's command line for scripts/probe-report.sh.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/probe_lib.bash"
need_glasstls
need openssl
need gnutls-serv
TIMEOUT=${PROBE_TIMEOUT:-2}
cd "$ROOT"

EXPS=$("$GLASSTLS" probe --list | awk '$2 == "server" && $1 ~ /^resume-/ {print $1}' | paste -sd, -)
N=$(tr ',' '\n' <<<"$EXPS" | wc -l)
[[ $N -ge 7 ]] || fail "only $N resumption experiments: $EXPS"

PEERS=(
  "openssl|openssl s_server -accept 127.0.0.1:PORT -www -quiet -alpn h2,http/1.1 $CERTS_ARGS_OPENSSL"
  "openssl-noticket|openssl s_server -accept 127.0.0.1:PORT -www -quiet -alpn h2,http/1.1 -no_ticket $CERTS_ARGS_OPENSSL"
  "openssl-tls12|openssl s_server -accept 127.0.0.1:PORT -www -quiet -tls1_2 -alpn h2,http/1.1 $CERTS_ARGS_OPENSSL"
  "openssl-tls12-noticket|openssl s_server -accept 127.0.0.1:PORT -www -quiet -tls1_2 -alpn h2,http/1.1 -no_ticket $CERTS_ARGS_OPENSSL"
  "gnutls|gnutls-serv --http -p PORT --alpn h2 --alpn http/1.1 $CERTS_ARGS_GNUTLS"
  "gnutls-noticket|gnutls-serv --http -p PORT --alpn h2 --alpn http/1.1 --noticket $CERTS_ARGS_GNUTLS"
  "glasstls|glasstls server --host 127.0.0.1 --port PORT --www --alpn h2,http/1.1 $CERTS_ARGS_GLASSTLS"
  "glasstls-legacy|glasstls server --host 127.0.0.1 --port PORT --www --alpn h2,http/1.1 --legacy-resumption $CERTS_ARGS_GLASSTLS"
)

probe() { # probe TAG -> $WORK/TAG.json with N results
  timeout 120 "$GLASSTLS" probe "127.0.0.1:${PORT_OF[$1]}" --only "$EXPS" --timeout "$TIMEOUT" --json >"$WORK/$1.json" || true
  has_results "$WORK/$1.json" "$N"
}

: > "$WORK/peers.tsv"
for p in "${PEERS[@]}"; do
  tag=${p%%|*}; cmd=${p#*|}
  check "$tag starts: $cmd" start_peer "$tag" "$cmd"
  printf '%s\t%s\t%s\n' "$tag" "$(probe_peer_version "$tag")" "$cmd" >> "$WORK/peers.tsv"
  check "probe $tag: $N results" probe "$tag"
done

says() { # says TAG EXPERIMENT REGEX (on "verdict: observed")
  python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["name"] == sys.argv[2]: print(r["verdict"] + ": " + r["observed"])' "$WORK/$1.json" "$2" | grep -Eq "$3" ||
    { echo "    $1 $2:"; grep -o "\"name\": \"$2\".*" "$WORK/$1.json" | head -c 600; echo; return 1; }
}
all_pass_but() { # all_pass_but TAG [EXPERIMENT ...]: every other experiment passes
  python3 - "$WORK/$1.json" "${@:2}" <<'EOF'
import json, sys
bad = [r for r in json.load(open(sys.argv[1]))["results"] if r["verdict"] != "pass" and r["name"] not in sys.argv[2:]]
for r in bad: print("    %s: %s -> %s" % (r["name"], r["verdict"], r["observed"]))
sys.exit(1 if bad else 0)
EOF
}

check "glasstls server passes every resumption experiment but resume-no-ems-session" all_pass_but glasstls resume-no-ems-session
check "glasstls server gives a session without EMS no ID and no ticket (RFC 7627 §5.3 at the source)" \
  says glasstls resume-no-ems-session '^inconclusive: not run: the server issued no session id and no ticket for a session made without'
check "glasstls server --legacy-resumption passes all, resuming the session without EMS" all_pass_but glasstls-legacy
check "... and the row says it resumed, legacy" says glasstls-legacy resume-no-ems-session '^pass: resumed the session made without EMS'
check "glasstls server: an EMS session offered without EMS is handshake_failure" \
  says glasstls resume-ems-without-ems '^pass: sent alert handshake_failure\(40\)'
check "glasstls server: a session offered without its suite is illegal_parameter" \
  says glasstls resume-changed-suite '^pass: sent alert illegal_parameter\(47\)'
check "glasstls server: ALPN is negotiated afresh on resumption" \
  says glasstls resume-alpn-changed '^pass: resumed .*ALPN negotiated afresh'
check "glasstls server resumes by ticket when tickets are on" says glasstls resume-control 'by ticket'
check "openssl -no_ticket resumes by session ID" says openssl-tls12-noticket resume-control '^pass: resumed the session \(by session ID'
check "openssl resumes by ticket" says openssl-tls12 resume-control '^pass: resumed the session \(by ticket'
check "gnutls --noticket resumes by session ID" says gnutls-noticket resume-control '^pass: resumed the session \(by session ID'

# ---- the client side -----------------------------------------------------------------------------
CNAMES=$("$GLASSTLS" probe --list | awk '$2 == "client" && $1 ~ /^sh-resume-/ {print $1}' | paste -sd, -)
CN=$(tr ',' '\n' <<<"$CNAMES" | wc -l)
[[ $CN -ge 2 ]] || fail "only $CN client-side resumption experiments: $CNAMES"
OSSL='openssl s_client -connect 127.0.0.1:PORT -servername localhost -CAfile vectors/certs/ca.pem -verify_return_error -verify_hostname localhost -ign_eof'
GNUTLS='gnutls-cli --x509cafile vectors/certs/ca.pem --verify-hostname localhost --sni-hostname localhost -p PORT 127.0.0.1 --resume'
CLIENTS=(
  "openssl|$OSSL -sess_out SESS; $OSSL -sess_in SESS"
  "openssl-tls12|$OSSL -tls1_2 -sess_out SESS; $OSSL -tls1_2 -sess_in SESS"
  "gnutls|$GNUTLS"
  "gnutls-tls12|$GNUTLS --priority NORMAL:-VERS-TLS1.3"
  "glasstls|glasstls client 127.0.0.1:PORT --ca vectors/certs/ca.pem --servername localhost --resume"
)
serve_clients() { # serve_clients TAG COMMAND -> $WORK/clients-TAG.json
  local tag=$1 cmd=$2 port pid part i
  start_bg 120 "$WORK/clients-$tag.serve" "$GLASSTLS" probe --serve 0 --only "$CNAMES" --timeout "$TIMEOUT" --json
  pid=${PIDS[-1]}
  port=$(wait_listening "$WORK/clients-$tag.serve") || { cat "$WORK/clients-$tag.serve"; return 1; }
  cmd=${cmd//PORT/$port}
  cmd=${cmd//SESS/$WORK/sess-$tag.pem}
  for ((i = 0; i < CN; i++)); do
    IFS=';' read -ra parts <<<"$cmd"
    for part in "${parts[@]}"; do
      part=${part# }
      part=${part/#glasstls /$GLASSTLS }
      # shellcheck disable=SC2086 # a list of words without quoting inside
      timeout 10 $part < <(sleep 1) >>"$WORK/clients-$tag.out" 2>&1 || true
    done
  done
  wait "$pid" || true
  sed -n '/^{"target"/,$p' "$WORK/clients-$tag.serve" > "$WORK/clients-$tag.json"
  has_results "$WORK/clients-$tag.json" "$CN"
}
: > "$WORK/clients-peers.tsv"
CRAN=()
for c in "${CLIENTS[@]}"; do
  tag=${c%%|*}; cmd=${c#*|}
  command -v "${cmd%% *}" >/dev/null 2>&1 || [[ $tag == glasstls ]] || { echo "skip $tag: ${cmd%% *} not installed"; continue; }
  check "probe --serve $CNAMES against $tag: $CN results" serve_clients "$tag" "$cmd"
  printf '%s\t%s\t%s\n' "$tag" "$(probe_peer_version "$tag")" "${cmd//SESS/F}" >> "$WORK/clients-peers.tsv"
  CRAN+=("$tag")
done
check "glasstls client passes both client-side resumption experiments" all_pass_but clients-glasstls
check "glasstls client: an EMS session resumed without EMS is handshake_failure" \
  says clients-glasstls sh-resume-without-ems '^pass: sent alert handshake_failure\(40\)'
check "openssl s_client resumed (-sess_in) and was judged" says clients-openssl-tls12 sh-resume-other-suite '^(pass|deviation)'

if [[ -n "${PROBE_RESULTS_DIR:-}" ]]; then
  for p in "${PEERS[@]}"; do
    tag=${p%%|*}
    [[ -s "$WORK/$tag.json" ]] && cp "$WORK/$tag.json" "$PROBE_RESULTS_DIR/resumption-$tag.json"
  done
  cp "$WORK/peers.tsv" "$PROBE_RESULTS_DIR/resumption-peers.tsv"
  for tag in "${CRAN[@]}"; do cp "$WORK/clients-$tag.json" "$PROBE_RESULTS_DIR/resumption-clients-$tag.json"; done
  cp "$WORK/clients-peers.tsv" "$PROBE_RESULTS_DIR/resumption-clients-peers.tsv"
fi
finish
