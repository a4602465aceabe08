#!/usr/bin/env bash
# scripts/bench-proc.sh — handshakes per server CPU-second, per process, on 127.0.0.1:
# `openssl s_server`, glasstls in one process (bench/bench_server.c) and `glasstls server` (a
# child process per connection) measured the same way, in the same run.
#
#   scripts/bench-proc.sh BUILD_DIR [--rounds N] [--seconds S] [--case NAME]
#   (BUILD_DIR holds glasstls and bench/bench_server, e.g. build-bench)
#
# For each case and each server, each round starts the server under `perf stat -e task-clock`
# (which counts the server process and every child it forks), lets `openssl s_time` make as many
# handshakes as it can for S seconds (-new: full handshakes; -reuse: one full handshake, then
# resumptions of its session), stops the server, and divides the handshakes by the server's CPU
# seconds minus its start-up cost (a run with no connection, measured once per server and case).
# Prints per case and server "proc<TAB>server<TAB>case<TAB>handshakes per CPU-second" (the median
# of the rounds) and "procratio<TAB>server<TAB>case<TAB>ratio to OpenSSL" (the median of the
# per-round ratios; the servers take turns within each round), which scripts/bench.sh turns into a
# table. Also "procuser..." and "procuserratio...": the same with the process's user-space CPU only
# (perf's user_time, from the process's rusage), leaving out the kernel's TCP, accept and wake-up
# work, which is the same for every server and dominates a resumed handshake. Only for the
# one-process servers: the rusage of `glasstls server` does not include its unwaited children.
# Progress on stderr.
#
# Why perf: a forked child that the kernel reaps by itself (SIGCHLD ignored) never shows up in
# its parent's /proc/PID/stat cutime, so /proc cannot see `glasstls server`'s work; perf's
# inherited counters can, and measuring s_server with the same tool keeps the comparison fair.
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [--rounds N] [--seconds S] [--case NAME]}
shift
glasstls=$build/glasstls
bench_server=$build/bench/bench_server
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

# run_server KIND CERT SUITE_OSSL SUITE_IANA GROUP MODE SECONDS -> prints "handshakes cpu_ms user_ms"
# MODE: new | id (resume by session ID) | ticket. SECONDS = 0: start, wait, stop (start-up cost).
run_server() {
    local kind=$1 cert=$2 ossl_suite=$3 iana_suite=$4 group=$5 mode=$6 secs=$7
    port=$((port + 1))
    local cmd tk_ossl=() tk_gt=(--tickets off)
    if [ "$mode" = ticket ]; then tk_gt=(--tickets on); else tk_ossl=(-no_ticket); fi
    case "$kind" in
    openssl)
        cmd=(openssl s_server -accept "$port" -cert "$certs/server-$cert.pem" -key "$certs/server-$cert.key"
             -tls1_2 -cipher "$ossl_suite" -groups "$group" "${tk_ossl[@]}" -www -quiet) ;;
    glasstls)
        cmd=("$bench_server" --port "$port" --cert "$certs/server-$cert.pem" --key "$certs/server-$cert.key"
             --ciphers "$iana_suite" --groups "$group" "${tk_gt[@]}") ;;
    glasstls-fork)
        cmd=("$glasstls" server --port "$port" --cert "$certs/server-$cert.pem" --key "$certs/server-$cert.key"
             --ciphers "$iana_suite" --groups "$group" "${tk_gt[@]}") ;;
    esac
    perf stat -e task-clock,user_time -x, -o "$tmp/perf.txt" -- "${cmd[@]}" </dev/null >/dev/null 2>"$tmp/server.err" &
    local perf_pid=$!
    wait_port
    local n=0
    if [ "$secs" -gt 0 ]; then
        local how=-new
        [ "$mode" = new ] || how=-reuse
        openssl s_time -connect "127.0.0.1:$port" "$how" -time "$secs" -cipher "$ossl_suite" -tls1_2 \
            >"$tmp/stime.txt" 2>&1 || true
        n=$(sed -n 's/^\([0-9]*\) connections in [0-9.]* real seconds.*/\1/p' "$tmp/stime.txt" | head -1)
        [ -n "$n" ] || { cat "$tmp/stime.txt" >&2; n=0; }
        sleep 0.3 # let the last children exit
    fi
    # stop the server (perf's child, by its pid), then perf writes its figures
    local server_pid
    server_pid=$(pgrep -P "$perf_pid" | head -1)
    [ -z "$server_pid" ] || kill -INT "$server_pid" 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
    local ms user_ms
    ms=$(awk -F, '/task-clock/ {print $1}' "$tmp/perf.txt")
    user_ms=$(awk -F, '/user_time/ && $1 ~ /^[0-9.]+$/ {print $1 / 1e6}' "$tmp/perf.txt")
    [ "$kind" != glasstls-fork ] || user_ms=0
    echo "$n ${ms:-0} ${user_ms:-0}"
}

# handshakes per CPU-second from a count, the CPU ms of the run and of a start-up alone (0: unknown)
per_cpu_second() {
    awk -v n="$1" -v ms="$2" -v s="$3" 'BEGIN { c = (ms - s) / 1000; if (c > 0 && n > 0) printf "%.1f", n / c; else print 0 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.4f\n", a / b; else print 0 }'; }

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

rsa_gcm="ECDHE-RSA-AES128-GCM-SHA256|TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
ecdsa_gcm="ECDHE-ECDSA-AES128-GCM-SHA256|TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
cases=(
    "ECDHE-RSA-2048 x25519|rsa|$rsa_gcm|x25519|new"
    "ECDHE-RSA-2048 secp256r1|rsa|$rsa_gcm|secp256r1|new"
    "ECDHE-ECDSA-P256 x25519|ecdsa|$ecdsa_gcm|x25519|new"
    "ECDHE-ECDSA-P256 secp256r1|ecdsa|$ecdsa_gcm|secp256r1|new"
    "resumed, session ID|rsa|$rsa_gcm|x25519|id"
    "resumed, ticket|rsa|$rsa_gcm|x25519|ticket"
)
kinds=(openssl glasstls glasstls-fork)
for c in "${cases[@]}"; do
    IFS='|' read -r name cert ossl iana group mode <<<"$c"
    [ -z "$only" ] || [ "$only" = "$name" ] || continue
    declare -A startup=() ustartup=()
    for kind in "${kinds[@]}"; do
        read -r _ startup[$kind] ustartup[$kind] < <(run_server "$kind" "$cert" "$ossl" "$iana" "$group" "$mode" 0)
        : >"$tmp/rates.$kind"
        : >"$tmp/ratios.$kind"
        : >"$tmp/urates.$kind"
        : >"$tmp/uratios.$kind"
    done
    # Rounds outside, servers inside: the servers take turns, so a change in the machine's load
    # hits all of them alike, and each round gives a ratio to OpenSSL measured minutes apart at most.
    for _ in $(seq "$rounds"); do
        for kind in "${kinds[@]}"; do
            read -r n ms user_ms < <(run_server "$kind" "$cert" "$ossl" "$iana" "$group" "$mode" "$seconds")
            rate=$(per_cpu_second "$n" "$ms" "${startup[$kind]}")
            urate=$(per_cpu_second "$n" "$user_ms" "${ustartup[$kind]}")
            echo "$rate" >>"$tmp/rates.$kind"
            echo "$urate" >>"$tmp/urates.$kind"
            [ "$kind" != openssl ] || { ossl_rate=$rate; ossl_urate=$urate; }
            ratio "$rate" "$ossl_rate" >>"$tmp/ratios.$kind"
            ratio "$urate" "$ossl_urate" >>"$tmp/uratios.$kind"
            echo "  $kind $name: $n handshakes, ${ms} ms CPU, ${user_ms} ms of it user space" \
                 "(start-up ${startup[$kind]} ms, ${ustartup[$kind]} ms)" >&2
        done
    done
    for kind in "${kinds[@]}"; do
        printf 'proc\t%s\t%s\t%s\n' "$kind" "$name" "$(median <"$tmp/rates.$kind")"
        printf 'procratio\t%s\t%s\t%s\n' "$kind" "$name" "$(median <"$tmp/ratios.$kind")"
        printf 'procuser\t%s\t%s\t%s\n' "$kind" "$name" "$(median <"$tmp/urates.$kind")"
        printf 'procuserratio\t%s\t%s\t%s\n' "$kind" "$name" "$(median <"$tmp/uratios.$kind")"
    done
done
