#!/usr/bin/env bash
# The installable library (issue 16): `cmake --install` into a temporary prefix lays out bin/,
# lib/libglasstls.so (SONAME libglasstls.so.0, exporting the public API and nothing else),
# lib/libglasstls.a (defining no global symbol but the same API), include/glasstls/,
# lib/pkgconfig/glasstls.pc and a CMake package. The two
# examples (examples/client.c, examples/server.c) are then built against the installed copy only —
# with pkg-config, and with find_package(glasstls) — and talk to `openssl s_server` and
# `openssl s_client` on 127.0.0.1.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
need pkg-config
need cc
need cmake

P="$WORK/prefix"
C="$ROOT/vectors/certs"
cmake --install "$BUILD" --prefix "$P" >"$WORK/install.log" 2>&1 || fail "cmake --install: $(tail -5 "$WORK/install.log")"

for f in bin/glasstls lib/libglasstls.so lib/libglasstls.a include/glasstls/glasstls.h \
         include/glasstls/errors.h include/glasstls/trace.h lib/pkgconfig/glasstls.pc \
         lib/cmake/glasstls/glasstlsConfig.cmake; do
  check "installed: $f" test -e "$P/$f"
done
check "libglasstls.so has the versioned SONAME libglasstls.so.0" \
  bash -c "readelf -d '$P/lib/libglasstls.so' | grep -q 'SONAME.*\[libglasstls\.so\.0\]'"
# Exported: exactly the glasstls_* functions the installed headers declare.
nm -D --defined-only "$P/lib/libglasstls.so" | awk '$2 != "A" {sub(/@.*/, "", $3); print $3}' | sort -u >"$WORK/exported.txt"
cat "$P"/include/glasstls/*.h | grep -oE '\bglasstls_[a-z0-9_]+ *\(' | tr -d ' (' | sort -u >"$WORK/declared.txt"
comm -23 "$WORK/exported.txt" "$WORK/declared.txt" >"$WORK/extra.txt"
check "libglasstls.so exports no internal symbol ($(wc -l <"$WORK/exported.txt") exported)" test ! -s "$WORK/extra.txt"
[[ -s "$WORK/extra.txt" ]] && head -20 "$WORK/extra.txt"
check "libglasstls.so exports the whole public API" test -z "$(comm -13 "$WORK/exported.txt" "$WORK/declared.txt")"
# One prefix for everything a program linking either library can see: the archive defines no
# global symbol but the same public API (cmake/install.cmake prelinks it), so no internal name
# (crypto_wipe, crypto_x25519, ...: libsodium's and Monocypher's names too) can clash.
nm -g --defined-only "$P/lib/libglasstls.a" | awk 'NF == 3 {print $3}' | sort -u >"$WORK/archive.txt"
comm -23 "$WORK/archive.txt" "$WORK/declared.txt" >"$WORK/archive_extra.txt"
check "libglasstls.a defines no global symbol but glasstls_* ($(wc -l <"$WORK/archive.txt") defined)" \
  test ! -s "$WORK/archive_extra.txt"
[[ -s "$WORK/archive_extra.txt" ]] && head -20 "$WORK/archive_extra.txt"
check "libglasstls.a defines the whole public API" test -z "$(comm -13 "$WORK/archive.txt" "$WORK/declared.txt")"
check "every global symbol either library defines starts with glasstls_" \
  test -z "$(cat "$WORK/exported.txt" "$WORK/archive.txt" | grep -v '^glasstls_')"

# 1. pkg-config, C11, warnings as errors, nothing from the source tree but the example itself
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
flags=$(pkg-config --cflags --libs glasstls)
for e in client server; do
  check "examples/$e.c builds against the installed package with pkg-config" \
    cc -std=c11 -Wall -Wextra -Werror "$ROOT/examples/$e.c" $flags -Wl,-rpath,"$P/lib" -o "$WORK/$e"
done
check "the examples load the installed libglasstls.so.0" \
  bash -c "ldd '$WORK/client' | grep -q '$P/lib/libglasstls.so.0'"

# openssl s_server -www on a free port, for the clients: its port in $port
start_www() {
  port=$(free_port)
  start_bg 20 "$WORK/s_server.$port.log" openssl s_server -accept "127.0.0.1:$port" -www -tls1_2 \
    -cert "$C/server-rsa.pem" -key "$C/server-rsa.key"
  wait_port "$port" || fail "openssl s_server did not start"
}
start_www
rc=0
timeout 15 "$WORK/client" localhost "$port" "$C/ca.pem" >"$WORK/client.out" 2>"$WORK/client.err" || rc=$?
check "example client ↔ openssl s_server -www: exit 0 ($(cat "$WORK/client.err"))" test "$rc" -eq 0
check "example client: the status page of s_server arrived" grep -q 'TLSv1.2' "$WORK/client.out"
rc=0
timeout 15 "$WORK/client" localhost "$port" "$C/client-ca.pem" >/dev/null 2>"$WORK/bad.err" || rc=$?
check "example client, wrong CA: exit 1 with one line ($(cat "$WORK/bad.err"))" \
  bash -c "[[ $rc -eq 1 && \$(wc -l <'$WORK/bad.err') -eq 1 ]] && grep -q 'TLS_ERR_' '$WORK/bad.err'"

line="ping from s_client $$"
start_bg 20 "$WORK/server.err" "$WORK/server" 0 "$C/server-rsa.pem" "$C/server-rsa.key"
sport=$(wait_listening "$WORK/server.err") || fail "the example server did not start: $(cat "$WORK/server.err")"
(echo "$line"; sleep 2) | timeout 10 openssl s_client -connect "127.0.0.1:$sport" -tls1_2 -CAfile "$C/ca.pem" \
  -verify_return_error -servername localhost -quiet >"$WORK/s_client.out" 2>"$WORK/s_client.err" || true
check "openssl s_client ↔ example server: the answer arrived" grep -qx "hello, $line" "$WORK/s_client.out"
check "openssl s_client verified the chain" grep -q 'verify return:1' "$WORK/s_client.err"

# 2. find_package(glasstls): the shared and the static library
mkdir -p "$WORK/cm"
cat >"$WORK/cm/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.16)
project(uses_glasstls C)
find_package(glasstls 0.1 REQUIRED)
add_executable(client_shared "$ROOT/examples/client.c")
target_link_libraries(client_shared PRIVATE glasstls::glasstls)
add_executable(client_static "$ROOT/examples/client.c")
target_link_libraries(client_static PRIVATE glasstls::glasstls_static)
CM
cmake -S "$WORK/cm" -B "$WORK/cm/b" -DCMAKE_PREFIX_PATH="$P" >"$WORK/cm.log" 2>&1 &&
  cmake --build "$WORK/cm/b" >>"$WORK/cm.log" 2>&1
check "find_package(glasstls) builds the client, shared and static ($(tail -2 "$WORK/cm.log" | tr '\n' ' '))" \
  test -x "$WORK/cm/b/client_static" -a -x "$WORK/cm/b/client_shared"
check "glasstls::glasstls_static needs no libglasstls.so at run time" \
  bash -c "! readelf -d '$WORK/cm/b/client_static' | grep -q libglasstls"
start_www
check "the statically linked client talks to openssl s_server" \
  bash -c "timeout 15 '$WORK/cm/b/client_static' localhost $port '$C/ca.pem' 2>/dev/null | grep -q TLSv1.2"
finish
