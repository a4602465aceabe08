#!/usr/bin/env bash
# scripts/bench-proc.sh — full handshakes per server CPU-second, per process, on 127.0.0.1:
# `openssl s_server` and `glasstls server` measured the same way, in the same run.
#
#   scripts/bench-proc.sh GLASSTLS_BINARY [--rounds N] [--seconds S] [--case NAME]
#
# For each case and each server, each round starts the server under `perf stat -e task-clock`
# (which counts the server process and every child it forks: `glasstls server` serves each
# connection in a child process), lets `openssl s_time -new` make as many full handshakes as it
# can for S seconds, stops the server, and divides the handshakes by the server's CPU seconds
# minus its start-up cost (a run with no connection, measured once per server and case).
# Prints one line per case and server: "proc<TAB>server<TAB>case<TAB>handshakes per CPU-second"
# (the median of the rounds), which scripts/bench.sh turns into a table. Progress on stderr.
#
# Why perf: a forked child that the kernel reaps by itself (SIGCHLD ignored) never shows up in
# its parent's /proc/PID/stat cutime, so /proc cannot see `glasstls server`'s work; perf's
# inherited counters can, and measuring s_server with the same tool keeps the comparison fair.
set -euo pipefail
glasstls=${1:?usage: $0 GLASSTLS_BINARY [--rounds N] [--seconds S] [--case NAME]}
shift
rounds=3 seconds=3 only=""
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --case) only=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
certs="$root/vectors/certs"
command -v perf >/dev/null || { echo "bench-proc: perf is needed" >&2; exit 77; }
command -v openssl >/dev/null || { echo "bench-proc: openssl is needed" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

port=$((20000 + RANDOM % 20000))

# wait until something listens on $port (at most ~5 s)
wait_port() {
    for _ in $(seq 50); do
        if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "bench-proc: nothing listens on $port" >&2
    return 1
}

# run_server KIND CERT SUITE_OSSL SUITE_IANA GROUP SECONDS -> prints "handshakes cpu_ms"
# SECONDS = 0: start, wait until ready, stop (the start-up cost).
run_server() {
    local kind=$1 cert=$2 ossl_suite=$3 iana_suite=$4 group=$5 secs=$6
    port=$((port + 1))
    local cmd
    if [ "$kind" = openssl ]; then
        cmd=(openssl s_server -accept "$port" -cert "$certs/server-$cert.pem" -key "$certs/server-$cert.key"
             -tls1_2 -cipher "$ossl_suite" -groups "$group" -no_ticket -www -quiet)
    else
        cmd=("$glasstls" server --port "$port" --cert "$certs/server-$cert.pem" --key "$certs/server-$cert.key"
             --ciphers "$iana_suite" --groups "$group")
    fi
    perf stat -e task-clock -x, -o "$tmp/perf.txt" -- "${cmd[@]}" </dev/null >/dev/null 2>"$tmp/server.err" &
    local perf_pid=$!
    wait_port
    local n=0
    if [ "$secs" -gt 0 ]; then
        openssl s_time -connect "127.0.0.1:$port" -new -time "$secs" -cipher "$ossl_suite" -tls1_2 \
            >"$tmp/stime.txt" 2>&1 || true
        n=$(sed -n 's/^\([0-9]*\) connections in [0-9.]* real seconds.*/\1/p' "$tmp/stime.txt" | head -1)
        [ -n "$n" ] || { cat "$tmp/stime.txt" >&2; n=0; }
        sleep 0.3 # let the last children exit
    fi
    # stop the server (perf's child), then perf writes its figures
    pkill -INT -P "$perf_pid" 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
    local ms
    ms=$(awk -F, '/task-clock/ {print $1}' "$tmp/perf.txt")
    echo "$n ${ms:-0}"
}

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

cases=(
    "ECDHE-RSA-2048 x25519|rsa|ECDHE-RSA-AES128-GCM-SHA256|TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256|x25519"
    "ECDHE-RSA-2048 secp256r1|rsa|ECDHE-RSA-AES128-GCM-SHA256|TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256|secp256r1"
    "ECDHE-ECDSA-P256 x25519|ecdsa|ECDHE-ECDSA-AES128-GCM-SHA256|TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256|x25519"
    "ECDHE-ECDSA-P256 secp256r1|ecdsa|ECDHE-ECDSA-AES128-GCM-SHA256|TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256|secp256r1"
)
for c in "${cases[@]}"; do
    IFS='|' read -r name cert ossl iana group <<<"$c"
    [ -z "$only" ] || [ "$only" = "$name" ] || continue
    for kind in openssl glasstls; do
        read -r _ startup_ms < <(run_server "$kind" "$cert" "$ossl" "$iana" "$group" 0)
        : >"$tmp/rates"
        for _ in $(seq "$rounds"); do
            read -r n ms < <(run_server "$kind" "$cert" "$ossl" "$iana" "$group" "$seconds")
            awk -v n="$n" -v ms="$ms" -v s="$startup_ms" \
                'BEGIN { c = (ms - s) / 1000; if (c > 0 && n > 0) printf "%.1f\n", n / c }' >>"$tmp/rates"
            echo "  $kind $name: $n handshakes, ${ms} ms CPU (start-up ${startup_ms} ms)" >&2
        done
        printf 'proc\t%s\t%s\t%s\n' "$kind" "$name" "$(median <"$tmp/rates")"
    done
done
