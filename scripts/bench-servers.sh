#!/usr/bin/env bash
# scripts/bench-servers.sh — the commands themselves, side by side, per CPU-second of the server:
#   glasstls server (1 and 2 workers) vs openssl s_server: full ECDHE-RSA-2048 handshakes,
#     resumed by session ID, resumed by ticket;
#   glasstls tunnel --tls-server vs stunnel4: full handshakes, and MB of application data moved
#     from a TLS client to a plaintext backend, with AES-128-GCM and with ChaCha20-Poly1305.
#   ONLY_BYTES=1 runs the MB cases alone.
#
#   scripts/bench-servers.sh BUILD_DIR [--rounds N] [--seconds S] [--mib M]
#
# CPU: every server runs in a cpuacct cgroup of its own (cgroup v1, /sys/fs/cgroup/cpuacct), which
# counts every process and thread it starts, whether or not anyone waits for them; the figure is the
# cgroup's usage during the load only (read when the server is ready and again when the load ends,
# so start-up is left out). Without a writable cpuacct hierarchy the script falls back to summing
# utime+stime over the server's processes from /proc just before it is stopped (exact for a server
# whose processes all live until then, as these do).
# Load: `openssl s_time` for S seconds (-new: full handshakes; -reuse: resumptions of one session);
# for MB/s, `openssl s_client` sending M MiB of zeros to a backend that discards them.
# The servers take turns inside each round (a change in the machine's load hits all alike); each
# figure is the median over the rounds, and each ratio the median of the per-round ratios.
# Output: "server<TAB>case<TAB>rate<TAB>ratio to the anchor" lines on stdout; progress on stderr.
# Not run in CI (takes minutes); results go into docs/performance.md by hand.
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [--rounds N] [--seconds S] [--mib M]}
shift
glasstls=$(cd "$build" && pwd)/glasstls
rounds=3 seconds=4 mib=256
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --mib) mib=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
certs="$root/vectors/certs"
for tool in openssl stunnel4 python3; do
    command -v "$tool" >/dev/null || { echo "bench-servers: $tool is needed" >&2; exit 77; }
done
tmp=$(mktemp -d)
cgroot=/sys/fs/cgroup/cpuacct
use_cgroup=0
if mkdir "$cgroot/glasstls-bench-$$" 2>/dev/null; then use_cgroup=1; fi
cleanup() {
    jobs -p | xargs -r kill 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$tmp"
    [ "$use_cgroup" = 0 ] || rmdir "$cgroot/glasstls-bench-$$" 2>/dev/null || true
}
trap cleanup EXIT
echo "bench-servers: CPU from $([ "$use_cgroup" = 1 ] && echo "a cpuacct cgroup per server" || echo /proc)" >&2

port=$((20000 + RANDOM % 20000))
wait_port() {
    for _ in $(seq 100); do
        (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "bench-servers: nothing listens on $1" >&2
    return 1
}

# CPU nanoseconds used so far by the server started last (cgroup, or /proc over its process tree).
server_pid=""
cpu_ns() {
    if [ "$use_cgroup" = 1 ]; then cat "$cgroot/glasstls-bench-$$/cpuacct.usage"; return; fi
    local pids ticks=0 hz
    hz=$(getconf CLK_TCK)
    pids=$(pstree -p "$server_pid" | grep -o '([0-9]*)' | tr -d '()')
    for p in $pids; do
        for t in /proc/"$p"/task/*/stat; do
            ticks=$((ticks + $(awk '{print $14 + $15}' "$t" 2>/dev/null || echo 0)))
        done
    done
    echo $((ticks * 1000000000 / hz))
}

# cpu_ns once the server has finished what the load gave it (no growth over 0.2 s)
settled_cpu_ns() {
    local a b
    b=$(cpu_ns)
    for _ in $(seq 100); do
        sleep 0.2
        a=$b; b=$(cpu_ns)
        [ $((b - a)) -gt 2000000 ] || break
    done
    echo "$b"
}

# start CMD... in the server cgroup (fresh for each run: the cgroup's counter is read as a delta)
start_server() {
    if [ "$use_cgroup" = 1 ]; then
        ( echo "$BASHPID" >"$cgroot/glasstls-bench-$$/cgroup.procs"; exec "$@" ) </dev/null >/dev/null 2>"$tmp/server.err" &
    else
        "$@" </dev/null >/dev/null 2>"$tmp/server.err" &
    fi
    server_pid=$!
}
stop_server() {
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
}

backend_pid=""
start_backend() { # a plaintext sink for the tunnels: reads and drops everything
    backend_port=$((port + 500))
    python3 - "$backend_port" <<'EOF' &
import asyncio, sys
async def sink(r, w):
    while await r.read(1 << 16):
        pass
    w.close()
async def main():
    srv = await asyncio.start_server(sink, "127.0.0.1", int(sys.argv[1]), backlog=1024)
    async with srv:
        await srv.serve_forever()
asyncio.run(main())
EOF
    backend_pid=$!
    wait_port "$backend_port"
}

suite_ossl=ECDHE-RSA-AES128-GCM-SHA256
suite_iana=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
cert=(--cert "$certs/server-rsa.pem" --key "$certs/server-rsa.key")

# server_cmd KIND MODE: the command line (MODE: new | id | ticket)
server_cmd() {
    local kind=$1 mode=$2 tk_gt=(--tickets off) tk_os=(-no_ticket)
    [ "$mode" != ticket ] || { tk_gt=(--tickets on); tk_os=(); }
    case "$kind" in
    s_server) echo openssl s_server -accept "$port" -cert "$certs/server-rsa.pem" -key "$certs/server-rsa.key" \
                  -tls1_2 -cipher "$suite_ossl" -groups x25519 "${tk_os[@]}" -quiet -naccept 100000000 ;;
    glasstls-1w) echo "$glasstls" server --port "$port" "${cert[@]}" --ciphers "$suite_iana" --groups x25519 \
                  "${tk_gt[@]}" --workers 1 --max-conns-per-ip 65535 ;;
    glasstls-2w) echo "$glasstls" server --port "$port" "${cert[@]}" --ciphers "$suite_iana" --groups x25519 \
                  "${tk_gt[@]}" --workers 2 --max-conns-per-ip 65535 ;;
    stunnel) cat >"$tmp/stunnel.conf" <<EOF
foreground = yes
pid =
debug = 0
[bench]
accept = 127.0.0.1:$port
connect = 127.0.0.1:$backend_port
cert = $certs/server-rsa.pem
key = $certs/server-rsa.key
sslVersion = TLSv1.2
ciphers = $suite_ossl
curves = X25519
options = NO_TICKET
EOF
             echo stunnel4 "$tmp/stunnel.conf" ;;
    tunnel) echo "$glasstls" tunnel --tls-server --accept "127.0.0.1:$port" --connect "127.0.0.1:$backend_port" \
                  "${cert[@]}" --ciphers "$suite_iana" --max-conns-per-ip 65535 ;;
    esac
}

# one_run KIND MODE -> "count cpu_ns" (count: handshakes, or bytes for MODE=bytes)
one_run() {
    local kind=$1 mode=$2 smode=new
    port=$((port + 1))
    # shellcheck disable=SC2046
    start_server $(server_cmd "$kind" "$([ "$mode" = bytes ] && echo new || echo "$mode")")
    wait_port "$port"
    sleep 0.2
    local before after n
    before=$(cpu_ns)
    if [ "$mode" = bytes ]; then
        python3 - "$port" "$mib" <<'EOF' || true
import socket, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
ctx.maximum_version = ssl.TLSVersion.TLSv1_2
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))))
block = bytes(1 << 20)
for _ in range(int(sys.argv[2])):
    s.sendall(block)
s.close()
EOF
        after=$(settled_cpu_ns)
        n=$((mib * 1048576))
    else
        [ "$mode" = new ] || smode=reuse
        openssl s_time -connect "127.0.0.1:$port" "-$smode" -time "$seconds" -cipher "$suite_ossl" >"$tmp/stime" 2>&1 || true
        after=$(settled_cpu_ns)
        n=$(sed -n 's/^\([0-9]*\) connections in [0-9.]* real seconds.*/\1/p' "$tmp/stime" | head -1)
        [ -n "$n" ] || { cat "$tmp/stime" >&2; n=0; }
    fi
    stop_server
    echo "$n $((after - before))"
}

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

# bench CASE MODE UNIT ANCHOR KIND...: rates per CPU-second, ratios to ANCHOR (the first kind)
bench() {
    local name=$1 mode=$2 unit=$3; shift 3
    local kinds=("$@") k r anchor_rate
    for k in "${kinds[@]}"; do : >"$tmp/rate.$k"; : >"$tmp/ratio.$k"; done
    for _ in $(seq "$rounds"); do
        for k in "${kinds[@]}"; do
            read -r n ns < <(one_run "$k" "$mode")
            r=$(awk -v n="$n" -v ns="$ns" -v u="$unit" 'BEGIN { if (ns > 0) printf "%.1f", n / u / (ns / 1e9); else print 0 }')
            echo "$r" >>"$tmp/rate.$k"
            [ "$k" != "${kinds[0]}" ] || anchor_rate=$r
            awk -v a="$r" -v b="$anchor_rate" 'BEGIN { if (b > 0) printf "%.3f\n", a / b; else print 0 }' >>"$tmp/ratio.$k"
            echo "  $k $name: $n in $(awk -v ns="$ns" 'BEGIN {printf "%.2f", ns / 1e9}') CPU-s -> $r/CPU-s" >&2
        done
    done
    for k in "${kinds[@]}"; do
        printf '%s\t%s\t%s\t%s\n' "$k" "$name" "$(median <"$tmp/rate.$k")" "$(median <"$tmp/ratio.$k")"
    done
}

[ -n "${ONLY_BYTES:-}" ] || bench "full handshakes (ECDHE-RSA-2048, x25519, AES-128-GCM)" new 1 s_server glasstls-1w glasstls-2w
[ -n "${ONLY_BYTES:-}" ] || bench "resumed, session ID" id 1 s_server glasstls-1w glasstls-2w
[ -n "${ONLY_BYTES:-}" ] || bench "resumed, ticket" ticket 1 s_server glasstls-1w glasstls-2w
start_backend
[ -n "${ONLY_BYTES:-}" ] || bench "tunnel: full handshakes" new 1 stunnel tunnel
bench "tunnel: MB client -> backend, AES-128-GCM" bytes 1048576 stunnel tunnel
suite_ossl=ECDHE-RSA-CHACHA20-POLY1305
suite_iana=TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
bench "tunnel: MB client -> backend, ChaCha20-Poly1305" bytes 1048576 stunnel tunnel
kill "$backend_pid" 2>/dev/null || true
