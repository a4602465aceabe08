#!/usr/bin/env bash
# scripts/bench.sh — build glasstls in release mode (build-bench/), run every benchmark of issue 10
# beside OpenSSL, and write the Markdown tables to docs/bench-results.md (and into the marked
# section of docs/performance.md). Progress goes to stderr; the tables are also printed.
#
#   scripts/bench.sh [--quick] [--no-proc] [--no-callgrind] [--no-docs]
#     --quick         fewer and shorter rounds (a smoke run; the figures are noisier)
#     --no-proc       skip the per-process handshake comparison (needs perf and openssl)
#     --no-callgrind  skip the instruction counts (needs valgrind)
#     --no-docs       print only; leave docs/ alone
#
# What runs (each file's header says how it measures):
#   bench/bench_pk.c          µs per public-key operation of a server handshake
#   bench/bench_handshake.c   handshakes per server CPU-second, in process (server calls timed)
#   scripts/bench-proc.sh     the same per process: openssl s_server, glasstls in one process
#                             (bench/bench_server.c), `glasstls server` (fork per connection)
#   bench/bench_record.c      bulk MB/s through the record layer vs crypto_glue vs libtomcrypt
#   bench/bench_primitives.c  the sealing primitives alone, with `openssl speed -evp`
#   bench/bench_memory.c      heap per established idle connection, 1,000 connections
#   scripts/bench-callgrind.sh instructions per server handshake (deterministic, for regressions)
# All figures are CPU time (the machine is shared: wall time would measure the neighbours),
# medians of several rounds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-bench"
quick=0 proc=1 callgrind=1 docs=1
for a in "$@"; do
    case "$a" in
        --quick) quick=1 ;;
        --no-proc) proc=0 ;;
        --no-callgrind) callgrind=0 ;;
        --no-docs) docs=0 ;;
        *) echo "usage: $0 [--quick] [--no-proc] [--no-callgrind] [--no-docs]" >&2; exit 2 ;;
    esac
done
if [ $quick = 1 ]; then
    r_pk=(--rounds 3 --min-time 0.1) r_hs=(--rounds 3 --min-time 0.3) r_proc=(--rounds 1 --seconds 2)
    r_rec=(--rounds 3 --min-time 0.1) r_prim=(--rounds 3 --min-time 0.1 --openssl-seconds 1) r_mem=(--conns 200)
else
    r_pk=(--rounds 5 --min-time 0.3) r_hs=(--rounds 5 --min-time 1) r_proc=(--rounds 3 --seconds 3)
    r_rec=(--rounds 5 --min-time 0.3) r_prim=(--rounds 5) r_mem=(--conns 1000)
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGLASSTLS_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target bench_pk bench_handshake bench_server bench_record bench_primitives \
    bench_memory glasstls_cmd >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "bench_pk ..." >&2
"$build/bench/bench_pk" "${r_pk[@]}" --markdown >"$tmp/pk.md" 2>/dev/null
echo "bench_handshake ..." >&2
"$build/bench/bench_handshake" "${r_hs[@]}" --markdown >"$tmp/inproc.txt"
: >"$tmp/proc.txt"
if [ $proc = 1 ]; then
    echo "bench-proc.sh ..." >&2
    "$root/scripts/bench-proc.sh" "$build" "${r_proc[@]}" >"$tmp/proc.txt" || echo "bench-proc.sh failed or skipped" >&2
fi
echo "bench_record ..." >&2
"$build/bench/bench_record" "${r_rec[@]}" --markdown >"$tmp/record.md" 2>/dev/null
echo "bench_primitives ..." >&2
"$build/bench/bench_primitives" "${r_prim[@]}" >"$tmp/prim.md" 2>/dev/null
echo "bench_memory ..." >&2
"$build/bench/bench_memory" "${r_mem[@]}" --markdown >"$tmp/mem.md" 2>/dev/null
: >"$tmp/cg.md"
if [ $callgrind = 1 ]; then
    echo "bench-callgrind.sh ..." >&2
    "$root/scripts/bench-callgrind.sh" "$build" >"$tmp/cg.md" || echo "bench-callgrind.sh failed or skipped" >&2
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the handshake table: in-process and per-process figures, ratios, targets ------------------
handshake_table() {
    cat "$tmp/inproc.txt" "$tmp/proc.txt" | awk -F'\t' '
    $1 == "inproc" { inproc[$2] = $3; floor[$2] = $4; of_floor[$2] = $5; ltc[$2] = $6; of_ltc[$2] = $7
                     order[++n] = $2 }
    $1 == "proc" { proc[$2, $3] = $4 }
    $1 == "procratio" { pratio[$2, $3] = $4 }
    $1 == "procuserratio" { uratio[$2, $3] = $4 }
    function f(x) { return x > 0 ? sprintf("%.0f", x) : "–" }
    function r(a, b) { return (a > 0 && b > 0) ? sprintf("%.2f", a / b) : "–" }
    END {
        print "| case | glasstls in process | floor: public-key ops alone | in process / floor |" \
              " glasstls, one process | `glasstls server` (fork) | OpenSSL s_server |" \
              " one process / OpenSSL | user space: one process / OpenSSL | in process / OpenSSL |" \
              " target (issue 10) | met |"
        print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
        for (i = 1; i <= n; i++) {
            c = order[i]; g = inproc[c]; g1 = proc["glasstls", c]; gf = proc["glasstls-fork", c]
            o = proc["openssl", c]; met = "–"; q1 = pratio["glasstls", c]
            r1 = q1 > 0 ? sprintf("%.2f", q1) : "–"; u1 = uratio["glasstls", c]
            ru = u1 > 0 ? sprintf("%.2f", u1) : "–"
            fl = floor[c] > 0 ? f(floor[c]) : "–"
            q = floor[c] > 0 ? sprintf("%.2f", of_floor[c]) : "–"
            if (c ~ /secp256r1/) {
                target = sprintf(">= 0.9 x the libtomcrypt P-256 bound (%s/s): in process %.2f, one process %s", \
                                 f(ltc[c]), of_ltc[c], r(g1, ltc[c]))
                met = (of_ltc[c] >= 0.9) ? "yes" : "no"
            } else {
                t = (c ~ /resumed/) ? 2.0 : (c ~ /ECDSA/) ? 0.8 : 1.0
                target = sprintf(">= %.1f x OpenSSL", t)
                if (q1 > 0) met = (q1 >= t) ? "yes" : "no"
                if (met == "no" && u1 >= t) met = "user-space CPU only"
                if (met == "no" && c ~ /resumed/ && g > 0 && o > 0 && g / o >= t) met = "in process only"
            }
            printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", c, f(g), fl, q, f(g1), f(gf),
                   f(o), r1, ru, r(g, o), target, met
        }
    }'
}

{
    echo "<!-- written by scripts/bench.sh on $(date -u '+%Y-%m-%d %H:%M UTC'); do not edit by hand -->"
    echo
    echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores" \
         "($(lscpu | sed -n 's/^Hypervisor vendor: *//p' | head -1) guest, shared with other work);" \
         "load average $load_before before, $load_after after."
    echo "Software: $(gcc --version | head -1), -O3 (CMake Release); libtomcrypt $(dpkg-query -W -f='${Version}' libtomcrypt1 2>/dev/null || echo 1.18.2) with GMP $(dpkg-query -W -f='${Version}' libgmp10 2>/dev/null || echo '?');" \
         "$(openssl version 2>/dev/null || echo 'no openssl')."
    [ $quick = 0 ] || echo "**Quick run (--quick): fewer, shorter rounds.**"
    echo
    echo "### Handshakes per server CPU-second"
    echo
    echo "Full handshakes: AES-128-GCM suites; resumed: ECDHE-RSA-2048 x25519 AES-128-GCM session. Medians."
    echo "*In process*: client and server engines in memory, only the server's calls timed (thread CPU clock);"
    echo "*floor*: in the same rounds, the server's signature + ECDHE key share + shared secret alone (crypto_glue),"
    echo "the most handshakes these primitives allow. For secp256r1 the target is set against the same work done with"
    echo "libtomcrypt's P-256 (its key share, shared secret and, for ECDSA, signature; crypto_glue/reference/p256_ref.c) in"
    echo "place of ours (crypto_glue/native/p256.c): *the libtomcrypt P-256 bound*, timed in the same rounds."
    echo "*One process* / *fork* / *OpenSSL*: the server process (with its children) under \`perf stat\` while"
    echo "\`openssl s_time -new\` (or \`-reuse\`) connects over 127.0.0.1; system calls and TCP included. The servers"
    echo "take turns in each round; *one process / OpenSSL* is the median of the per-round ratios. *User space*: the"
    echo "same ratio with only the processes' user-space CPU (perf's \`user_time\`), leaving out the kernel's TCP,"
    echo "accept and wake-up work, the same for both servers (not measurable for the forking \`glasstls server\`)."
    echo
    handshake_table
    echo
    echo "What one server handshake's public-key operations cost alone (bench_pk, µs, median):"
    echo
    cat "$tmp/pk.md"
    echo
    echo "### Bulk data"
    echo
    cat "$tmp/record.md"
    echo
    cat "$tmp/prim.md"
    echo
    echo "### Memory"
    echo
    cat "$tmp/mem.md"
    if [ -s "$tmp/cg.md" ]; then
        echo
        echo "### Instructions per server handshake (callgrind, deterministic; baseline: bench/callgrind-baseline.txt)"
        echo
        cat "$tmp/cg.md"
    fi
} >"$tmp/results.md"

cat "$tmp/results.md"
if [ $docs = 1 ]; then
    mkdir -p "$root/docs"
    cp "$tmp/results.md" "$root/docs/bench-results.md"
    perf_md="$root/docs/performance.md"
    if [ -f "$perf_md" ] && grep -q '^<!-- BEGIN bench-results -->' "$perf_md"; then
        awk -v f="$tmp/results.md" '
            /^<!-- BEGIN bench-results -->/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
            /^<!-- END bench-results -->/ { skip = 0 }
            !skip { print }' "$perf_md" >"$tmp/perf.md"
        cp "$tmp/perf.md" "$perf_md"
    fi
    echo "wrote docs/bench-results.md" >&2
fi
