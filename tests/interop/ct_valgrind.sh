#!/usr/bin/env bash
# Constant time where secrets meet branches (issue 9), checked mechanically: tests/ct/ct_harness
# runs X25519, P-256 (crypto_p256_public and crypto_p256_shared), the CBC padding+MAC check,
# crypto_ct_equal and the RSA key-exchange decryption with their secret bytes marked undefined,
# under valgrind memcheck, which reports every branch on a secret and every memory access at a
# secret index. Method, scope and limits: tests/ct/README.md.
#
# Each case must exit 0 with no valgrind error; the suppressions it may use are listed below
# (AES tables, and the declassified CBC verdict exactly once per record). The two controls, a
# leaky comparison and a secret-indexed table read in the harness itself, must be REPORTED: that
# proves the set-up can see what it is looking for.
#
# Usage: tests/interop/ct_valgrind.sh BUILD_DIR   (exit 77 = skipped: no valgrind, no harness, or
# a sanitizer/fuzzer build, which valgrind cannot run)
set -uo pipefail
build=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "$0")/../.." && pwd)
harness=$build/ct_harness
command -v valgrind >/dev/null && valgrind --version >/dev/null 2>&1 || { echo "skip: no valgrind"; exit 77; }
[[ -x $harness ]] || { echo "skip: $harness not built (needs <valgrind/memcheck.h>)"; exit 77; }
if grep -Eq '^GLASSTLS_(SANITIZE|FUZZ):BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  echo "skip: sanitizer build (ASan and valgrind cannot run together)"; exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

vg=(valgrind -v --error-exitcode=1 --track-origins=yes --read-inline-info=yes
    --suppressions="$here/tests/ct/aes_tables.supp" --suppressions="$here/tests/ct/declassify.supp")
failed=0

# valgrind 3.19 cannot read clang 14's default DWARF 5 and gives up on the whole run.
valgrind "$harness" ct_equal >"$tmp/probe.log" 2>&1
if grep -Eq "debuginfo reader|unhandled dwarf2" "$tmp/probe.log"; then
  echo "skip: valgrind cannot read this binary's debug info (clang: configure with CMAKE_C_FLAGS=-gdwarf-4)"
  exit 77
fi

# used NAME LOG: how many times suppression NAME was used (0 if never).
used() { awk -v n="$2" '$2 == "used_suppression:" && $4 == n { print $3; f = 1 } END { if (!f) print 0 }' "$1"; }
# the names of all suppressions used
used_names() { awk '$2 == "used_suppression:" { print $4 }' "$1" | sort -u | tr '\n' ' '; }

# must_pass CASE ALLOWED-SUPPRESSIONS...
must_pass() {
  local c=$1; shift
  local log=$tmp/$c.log rc
  "${vg[@]}" "$harness" "$c" >"$log" 2>&1
  rc=$?
  local bad="" s
  for s in $(used_names "$log"); do
    [[ " $* " == *" $s "* ]] || bad+="$s "
  done
  if [[ $rc -ne 0 || -n $bad ]]; then
    echo "FAIL $c (exit $rc${bad:+, unexpected suppressions: $bad})"
    grep -v '^--' "$log" | head -60
    failed=1
    return 1
  fi
  echo "ok   $(grep -E '^[a-z_0-9]+: ' "$log" | tail -1)"
}

# must_be_reported CASE "valgrind message"
must_be_reported() {
  local c=$1 msg=$2 log=$tmp/$1.log rc
  "${vg[@]}" "$harness" "$c" >"$log" 2>&1
  rc=$?
  if [[ $rc -ne 1 ]] || ! grep -q "$msg" "$log" || ! grep -q "^$c: " "$log"; then
    echo "FAIL $c: valgrind should have reported \"$msg\" (exit $rc)"
    grep -v '^--' "$log" | head -30
    failed=1
    return 1
  fi
  echo "ok   $c: reported, as it must be"
}

# expect_uses CASE SUPPRESSION N: a declassification point must be passed exactly N times; more
# would be a second secret branch in the same function hiding behind the same suppression.
expect_uses() {
  local got
  got=$(used "$tmp/$1.log" "$2")
  if [[ -z $3 || $got -ne $3 ]]; then
    echo "FAIL $1: suppression $2 used $got times, expected ${3:-?}"
    failed=1
  fi
}

if must_pass x25519 glasstls-x25519-zero-check; then
  expect_uses x25519 glasstls-x25519-zero-check \
    "$(sed -n 's/.* and \([0-9]*\) shared secrets* through crypto_ecdh_shared$/\1/p' "$tmp/x25519.log")"
fi
must_pass p256
must_pass ct_equal
must_pass rsa_decrypt_fixed
if must_pass cbc_open libtomcrypt-aes-decrypt-table-index glasstls-cbc-open-verdict; then
  expect_uses cbc_open glasstls-cbc-open-verdict \
    "$(sed -n 's/^cbc_open: \([0-9]*\) records opened$/\1/p' "$tmp/cbc_open.log")"
fi
must_be_reported leak_branch "Conditional jump or move depends on uninitialised value"
must_be_reported leak_index "Use of uninitialised value of size 8"
exit $failed
