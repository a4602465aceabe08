#!/usr/bin/env bash
# Constant time where secrets meet branches (issue 9), checked mechanically: tests/ct/ct_harness
# runs X25519, X448, Ed448 signing, P-256 (crypto_p256_public and crypto_p256_shared), the CBC padding+MAC check,
# crypto_ct_equal, the RSA key-exchange decryption, the AEADs (AES-GCM and AES-CCM on AES-NI/PCLMULQDQ,
# ChaCha20-Poly1305) and HMAC with their secret bytes marked undefined,
# under valgrind memcheck, which reports every branch on a secret and every memory access at a
# secret index. Method, scope and limits: tests/ct/README.md.
#
# Each case must exit 0 with no valgrind error; the only suppression a case may use is libtomcrypt's
# AES tables (the reference path, when the CPU has no AES-NI). The intended branches on public
# verdicts are declassified in the code (CRYPTO_DECLASSIFY, crypto_glue/ct.h), not suppressed. The
# two controls, a leaky comparison and a secret-indexed table read in the harness itself, must be
# REPORTED: that proves the set-up can see what it is looking for.
#
# Every case runs on each harness the build made: ct_harness (the build's own type, RelWithDebInfo
# by default) and ct_harness_release (crypto_glue compiled again as Release, -O3), because
# optimisation inlines and moves code and the guarantee must hold for the build types users pick.
#
# Usage: tests/interop/ct_valgrind.sh BUILD_DIR   (exit 77 = skipped: no valgrind, no harness, or
# a sanitizer/fuzzer build, which valgrind cannot run)
set -uo pipefail
build=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "$0")/../.." && pwd)
command -v valgrind >/dev/null && valgrind --version >/dev/null 2>&1 || { echo "skip: no valgrind"; exit 77; }
[[ -x $build/ct_harness ]] || { echo "skip: $build/ct_harness not built (needs <valgrind/memcheck.h>)"; exit 77; }
harnesses=("$build/ct_harness")
[[ -x $build/ct_harness_release ]] && harnesses+=("$build/ct_harness_release")
if grep -Eq '^GLASSTLS_(SANITIZE|FUZZ):BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  echo "skip: sanitizer build (ASan and valgrind cannot run together)"; exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

vg=(valgrind -v --error-exitcode=1 --track-origins=yes --read-inline-info=yes
    --suppressions="$here/tests/ct/aes_tables.supp")
failed=0

# valgrind 3.19 cannot read clang 14's default DWARF 5 and gives up on the whole run.
valgrind "$build/ct_harness" ct_equal >"$tmp/probe.log" 2>&1
if grep -Eq "debuginfo reader|unhandled dwarf2" "$tmp/probe.log"; then
  echo "skip: valgrind cannot read this binary's debug info (clang: configure with CMAKE_C_FLAGS=-gdwarf-4)"
  exit 77
fi

# the names of all suppressions used
used_names() { awk '$2 == "used_suppression:" { print $4 }' "$1" | sort -u | tr '\n' ' '; }

# must_pass CASE ALLOWED-SUPPRESSIONS...
must_pass() {
  local c=$1; shift
  local log=$tmp/$name.$c.log rc
  "${vg[@]}" "$harness" "$c" >"$log" 2>&1
  rc=$?
  local bad="" s
  for s in $(used_names "$log"); do
    [[ " $* " == *" $s "* ]] || bad+="$s "
  done
  if [[ $rc -ne 0 || -n $bad ]]; then
    echo "FAIL $name $c (exit $rc${bad:+, unexpected suppressions: $bad})"
    grep -v '^--' "$log" | head -60
    failed=1
    return 1
  fi
  echo "ok   $name $(grep -E '^[a-z_0-9]+: ' "$log" | tail -1)"
}

# must_be_reported CASE "valgrind message"
must_be_reported() {
  local c=$1 msg=$2 log=$tmp/$name.$1.log rc
  "${vg[@]}" "$harness" "$c" >"$log" 2>&1
  rc=$?
  if [[ $rc -ne 1 ]] || ! grep -q "$msg" "$log" || ! grep -q "^$c: " "$log"; then
    echo "FAIL $name $c: valgrind should have reported \"$msg\" (exit $rc)"
    grep -v '^--' "$log" | head -30
    failed=1
    return 1
  fi
  echo "ok   $name $c: reported, as it must be"
}

for harness in "${harnesses[@]}"; do
  name=$(basename "$harness")
  for c in x25519 ed25519 x448 ed448 p256 ct_equal rsa_decrypt_fixed aead hmac; do
    must_pass "$c"
  done
  must_pass cbc_open libtomcrypt-aes-decrypt-table-index
  must_be_reported leak_branch "Conditional jump or move depends on uninitialised value"
  must_be_reported leak_index "Use of uninitialised value of size 8"
done
exit $failed
