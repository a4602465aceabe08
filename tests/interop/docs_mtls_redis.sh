#!/usr/bin/env bash
# docs/mtls-redis.md, replayed as written: its openssl commands make the CA and the certificates
# (sections 1-3, run as they stand), then every command that shows a result is run and the
# result compared — glasstls verify (section 3), the tunnel's ready line (5), redis-cli through
# the tunnel (6), glasstls client's PING (6), and the reverse tunnel to a TLS-only Redis (7).
# The page's fixed ports (6379, 6380, 6390, 7000) are replaced by free ones; redis-cli gets
# --no-raw so it prints as it does in a terminal, which is what the page shows.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
need python3
need redis-server
need redis-cli
export PATH="$BUILD:$PATH"

# The page's sh blocks, one file each: block_1.sh, block_2.sh, …
python3 - "$ROOT/docs/mtls-redis.md" "$WORK" <<'PY'
import sys
sys.path.insert(0, sys.argv[1].rsplit("/docs/", 1)[0] + "/tests/lint")
from docs_blocks import blocks
n = 0
for _, _, _, body in blocks(sys.argv[1]):
    n += 1
    open(f"{sys.argv[2]}/block_{n}.sh", "w").write("\n".join(body) + "\n")
PY
block() { grep -l -- "$1" "$WORK"/block_*.sh | head -1; } # the block holding a text

# Sections 1-3: the PKI, as written (the first block makes pki/ and enters it).
cd "$WORK"
cat "$(block 'mkdir pki')" "$(block 'server.ext')" "$(block 'client.ext')" >"$WORK/pki.sh"
bash -e "$WORK/pki.sh" >"$WORK/pki.log" 2>&1 || fail "the page's openssl commands failed: $(tail -5 "$WORK/pki.log")"
cd "$WORK/pki"

# "command   # expected": run the command, compare with the comment ("…" ends a prefix).
shown_result() { # shown_result LINE
  local cmd=${1%%  #*} want=${1##*# } got
  got=$(bash -c "$cmd" 2>&1 | tr -d '\r')
  if [[ $want == *"…"* ]]; then [[ $got == "${want%%…*}"* ]]; else [[ $got == "$want" ]]; fi ||
    { echo "  \$ $cmd"; echo "  page: $want"; echo "  real: $got"; return 1; }
}
while IFS= read -r l; do
  check "section 3: ${l%%  #*}" shown_result "$l"
done < <(grep '^glasstls verify' "$(block 'glasstls verify')")

# Section 4 and 5: Redis on loopback, the tunnel in front of it.
RP=$(free_port); TP=$(free_port); R2=$(free_port); XP=$(free_port)
ports() { sed -e "s/6379/$RP/g" -e "s/6380/$TP/g" -e "s/6390/$R2/g" -e "s/7000/$XP/g" "$@"; }
start_bg 60 "$WORK/redis.log" bash -c "$(ports "$(block 'redis-server --port')") --save '' --appendonly no"
wait_port "$RP" || fail "redis-server did not start: $(tail -3 "$WORK/redis.log")"
start_bg 60 "$WORK/tunnel.log" bash -c "$(ports "$(block 'tls-server')" | grep -v '^#')"
check "section 5: the tunnel prints the line the page shows" \
  bash -c "for i in \$(seq 1 100); do grep -qx 'listening on 0.0.0.0:$TP' '$WORK/tunnel.log' && exit 0; sleep 0.1; done; exit 1"
[[ "$(ports "$(block 'tls-server')")" == *"# listening on 0.0.0.0:$TP"* ]] || fail "section 5 no longer shows the ready line"

# Section 6: redis-cli through the tunnel, then without a client certificate.
clients=$(block 'redis-cli -p 6380')
while IFS= read -r l; do
  check "section 6: ${l%%  #*}" shown_result "$(ports <<<"$l" | sed 's/^redis-cli /redis-cli --no-raw /')"
done < <(grep '^redis-cli.*#' "$clients")
nocert=$(ports "$clients" | grep -v '#' | grep '^redis-cli' | head -1)
seen=$(redis-cli -p "$RP" INFO stats | tr -d '\r' | sed -n 's/^total_connections_received://p')
timeout 10 $nocert >"$WORK/nocert.out" 2>&1 || true
sleep 0.3
check "section 6: without a client certificate the tunnel refuses it (its log line says why)" \
  bash -c "! grep -q hello '$WORK/nocert.out' && grep -q 'sent no certificate' '$WORK/tunnel.log'"
check "section 6: ... and Redis never saw that connection" \
  test "$(redis-cli -p "$RP" INFO stats | tr -d '\r' | sed -n 's/^total_connections_received://p')" -eq $((seen + 1))
ping=$(ports "$(block "printf 'PING")" | sed -e ':a' -e '/\\$/{N;s/\\\n//;ba}')
check "section 6: glasstls client sends PING through the tunnel, +PONG on stdout" \
  bash -c "${ping%%#*} 2>/dev/null | tr -d '\r' | grep -qx '+PONG'"

# Section 7: Redis with TLS only (the command of the page's prose), the tunnel on the client side.
start_bg 60 "$WORK/redis-tls.log" redis-server --tls-port "$R2" --port 0 --bind 127.0.0.1 --save '' \
  --appendonly no --tls-cert-file server.pem --tls-key-file server.key --tls-ca-cert-file ca.pem
wait_port "$R2" || fail "redis-server --tls-port did not start: $(tail -3 "$WORK/redis-tls.log")"
reverse=$(block 'tls-client')
start_bg 60 "$WORK/tunnel2.log" bash -c "$(ports "$reverse" | grep -v '^redis-cli')"
wait_listening "$WORK/tunnel2.log" >/dev/null || fail "the reverse tunnel did not start: $(cat "$WORK/tunnel2.log")"
check "section 7: $(grep '^redis-cli' "$reverse" | sed 's/  *#.*//')" \
  shown_result "$(ports "$reverse" | grep '^redis-cli' | sed 's/^redis-cli /redis-cli --no-raw /')"
finish
