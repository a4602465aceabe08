#!/usr/bin/env bash
# `glasstls verify` against `openssl verify -x509_strict` on every case of vectors/x509/cases.txt,
# the revocation cases of vectors/x509/crl-cases.txt (-crl_check) and --max-depth (-verify_depth).
#
# Both must give the same verdict (valid / invalid), except for the cases listed in DIFFERS below,
# where glasstls deliberately departs from OpenSSL; each entry says why. For those, the verdict of
# glasstls must be the one cases.txt expects, and OpenSSL's must be the opposite (so the list
# cannot go stale silently).
#
# OpenSSL runs with -partial_chain because in glasstls every certificate in the trust store is an
# anchor (self-signed or not), which is what -partial_chain means; and with -attime, -purpose
# sslserver/sslclient, -verify_hostname / -verify_ip to ask exactly what the case asks.
#
# Usage: tests/interop/verify_vs_openssl.sh BUILD_DIR   (exit 77 = skipped: no binary or no openssl)
set -uo pipefail
build=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "$0")/../.." && pwd)
glasstls=$build/glasstls
[[ -x $glasstls ]] || { echo "skip: $glasstls not built"; exit 77; }
command -v openssl >/dev/null || { echo "skip: no openssl"; exit 77; }
dir=$here/vectors/x509
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

declare -A DIFFERS=(
  [at-not-after]="RFC 5280 §4.1.2.5: the validity period includes notAfter; OpenSSL's X509_cmp_time treats the notAfter second itself as expired (glasstls is the lenient one here, by the RFC)"
  [sha1-refused]="SHA-1 signatures are refused (chosen-prefix collisions, SHAmbles 2020); OpenSSL 3.0 at its default security level 1 still accepts them in certificates"
  [partial-wildcard]="RFC 6125 §7.2 lets clients refuse partial-label wildcards and browsers do; OpenSSL matches 'w*.example.com' unless X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS is set"
  [cn-not-used]="no fallback to the subject CN (CA/Browser Forum baseline, browsers); OpenSSL checks the CN when the certificate has no DNS subjectAltName"
  [nc-permits-invalid-dns]="a dNSName SAN must be in the preferred name syntax (RFC 5280 §4.2.1.6): '-x.example.com' is refused even though a permitted subtree would admit it; OpenSSL does not check SAN syntax"
  [nc-work-bound]="names × constraints is bounded at 65536 comparisons (X509_MAX_NAME_CHECKS) so a crafted chain is refused quickly; OpenSSL's bound (NAME_CHECK_MAX) is 2^20"
  [nc-in-end-entity]="RFC 5280 §4.2.1.10: nameConstraints MUST be used only in a CA certificate; OpenSSL ignores it in a leaf"
  [nc-dns-leading-period]="RFC 5280 §4.2.1.10 gives dNSName constraints no leading-period form (only URI and rfc822Name have one); OpenSSL reads '.example.com' as 'subdomains only'"
  [anchor-aki-issuer-serial]="Web PKI (CA/B Forum BR §7.1.2.11.1): an AKI holds a keyIdentifier and never authorityCertIssuer/SerialNumber; OpenSSL does not judge a trust anchor's AKI"
  [anchor-aki-ski-mismatch]="RFC 5280 §4.2.1.1: a self-signed certificate's AKI keyIdentifier is its own SKI; OpenSSL does not judge a trust anchor's AKI"
  [san-critical-with-subject]="RFC 5280 §4.2.1.6 (SHOULD NOT) made a MUST NOT by CA/B Forum BR §7.1.2.7.12; OpenSSL only requires criticality the other way round"
  [san-dns-underscore]="an underscore is not in the preferred name syntax (RFC 5280 §4.2.1.6, RFC 1034 §3.5; CA/B Forum ballot SC-063 ended them); OpenSSL does not check SAN syntax"
  [cn-not-in-san]="CA/B Forum BR §7.1.4.3: the CN must be one of the SAN values; OpenSSL ignores the CN when a SAN is present"
  [cn-case-differs]="CA/B Forum BR §7.1.4.3: the CN is a character-for-character copy of a SAN dNSName; OpenSSL ignores the CN when a SAN is present"
  [cn-hex-ip]="CA/B Forum BR §7.1.4.3: an IPv4 CN is dotted decimal (RFC 3986 §3.2.2), '0xC0000201' is not a copy of the SAN 192.0.2.1; OpenSSL ignores the CN when a SAN is present"
  [cn-ip-not-rfc5952]="CA/B Forum BR §7.1.4.3: an IPv6 CN is written as RFC 5952 §4 says (2001:db8::1); OpenSSL ignores the CN when a SAN is present"
  [end-entity-ca-true]="CA/B Forum BR §7.1.2.7.8: a subscriber certificate has cA=FALSE; OpenSSL accepts a CA certificate as a TLS leaf"
  [aia-malformed]="RFC 5280 §4.2.2.1 AccessDescription ::= SEQUENCE {accessMethod, accessLocation}: a malformed value is refused like any extension glasstls reads; OpenSSL never decodes AIA while verifying"
  [anchor-rsa-odd-bits]="CA/B Forum BR §6.1.5: the RSA modulus is a whole number of bytes (a multiple of 8 bits); OpenSSL accepts a 2052-bit modulus"
  [serial-zero]="RFC 5280 §4.1.2.2: the serial number MUST be a positive integer; OpenSSL's verify does not look at it"
  [serial-21-octets]="RFC 5280 §4.1.2.2: conforming CAs MUST NOT use serial numbers longer than 20 octets; OpenSSL's verify does not look at it"
  [crl-at-next-update]="RFC 5280 §5.1.2.5: the CRL is current up to and including nextUpdate; OpenSSL treats the nextUpdate second as expired"
  [crl-no-number]="RFC 5280 §5.2.3: a CRL MUST carry cRLNumber; OpenSSL uses a CRL without one"
  [crl-good-and-bad]="a CRL whose signature fails is set aside and the issuer's other, valid CRL decides (RFC 5280 §6.3.3 (g) rejects only that CRL); OpenSSL takes the first CRL it finds and fails"
  [host-trailing-dot]="'www.example.com.' is the absolute form of the same DNS name, so glasstls drops one trailing dot; OpenSSL compares it literally and finds no match"
)

is_ip() { [[ $1 == *:* || $1 =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]]; }

# cat a comma list of fixtures into one file ("-" = empty)
bundle() {
  : >"$2"
  [[ $1 == - ]] && return
  local f
  for f in ${1//,/ }; do cat "$dir/$f" >>"$2"; done
}

fail=0 agree=0 differ=0
# compare NAME EXPECT LEAF: run `glasstls "${g[@]}"` and `openssl "${o[@]}"` on LEAF and judge both
# verdicts: glasstls's must be what the cases file expects, and OpenSSL's the same unless the case
# is a DIFFERS one (then the opposite).
compare() {
  local name=$1 expect=$2 leaf=$3 grc orc ours theirs want
  "$glasstls" "${g[@]}" "$dir/$leaf" >"$tmp/g.out" 2>"$tmp/g.err"; grc=$?
  openssl "${o[@]}" "$dir/$leaf" >"$tmp/o.out" 2>&1; orc=$?
  ours=$([[ $grc == 0 ]] && echo valid || echo invalid)
  theirs=$([[ $orc == 0 ]] && echo valid || echo invalid)
  want=$([[ $expect == OK ]] && echo valid || echo invalid)

  if [[ $grc != 0 && $grc != 1 ]]; then
    echo "FAIL $name: glasstls exit $grc: $(head -1 "$tmp/g.err")"; fail=1; return
  fi
  if [[ -s $tmp/g.out ]]; then
    echo "FAIL $name: glasstls wrote to stdout"; fail=1
  fi
  if [[ $grc == 1 && $(wc -l <"$tmp/g.err") != 1 ]]; then
    echo "FAIL $name: glasstls must print exactly one line when invalid"; fail=1
  fi
  if [[ $ours != "$want" ]]; then
    echo "FAIL $name: glasstls says $ours, the cases expect $want: $(head -1 "$tmp/g.err")"; fail=1; return
  fi
  if [[ -n ${DIFFERS[$name]+x} ]]; then
    if [[ $ours == "$theirs" ]]; then
      echo "FAIL $name: listed as a deliberate difference, but OpenSSL now agrees ($theirs)"; fail=1
    else
      echo "differ  $name: glasstls $ours, openssl $theirs — ${DIFFERS[$name]}"; differ=$((differ + 1))
    fi
  elif [[ $ours != "$theirs" ]]; then
    echo "FAIL $name: glasstls $ours, openssl $theirs"
    echo "      glasstls: $(head -1 "$tmp/g.err")"
    echo "      openssl:  $(grep -m1 -E 'error|OK' "$tmp/o.out")"
    fail=1
  else
    agree=$((agree + 1))
  fi
}

while read -r name leaf untrusted anchors host at purpose expect depth; do
  [[ -z $name || $name == \#* ]] && continue
  bundle "$untrusted" "$tmp/untrusted.pem"
  bundle "$anchors" "$tmp/anchors.pem"

  g=(verify --ca "$tmp/anchors.pem" --at "$at")
  o=(verify -x509_strict -partial_chain -attime "$at" -CAfile "$tmp/anchors.pem")
  if [[ $untrusted != - ]]; then g+=(--untrusted "$tmp/untrusted.pem"); o+=(-untrusted "$tmp/untrusted.pem"); fi
  case $purpose in
    server) g+=(--purpose server); o+=(-purpose sslserver) ;;
    client) g+=(--purpose client); o+=(-purpose sslclient) ;;
  esac
  if [[ $host != - ]]; then
    g+=(--host "$host")
    if is_ip "$host"; then o+=(-verify_ip "$host"); else o+=(-verify_hostname "$host"); fi
  fi
  compare "$name" "$expect" "$leaf"
done <"$dir/cases.txt"

# Revocation: vectors/x509/crl-cases.txt, `glasstls verify --crl` against `openssl verify -crl_check`
# (which, like glasstls, needs a CRL for the leaf and uses the others it is given).
while read -r name leaf untrusted anchors crls at expect depth; do
  [[ -z $name || $name == \#* ]] && continue
  bundle "$untrusted" "$tmp/untrusted.pem"
  bundle "$anchors" "$tmp/anchors.pem"
  g=(verify --ca "$tmp/anchors.pem" --at "$at" --purpose server)
  o=(verify -x509_strict -partial_chain -crl_check -attime "$at" -CAfile "$tmp/anchors.pem" -purpose sslserver)
  if [[ $untrusted != - ]]; then g+=(--untrusted "$tmp/untrusted.pem"); o+=(-untrusted "$tmp/untrusted.pem"); fi
  for c in ${crls//,/ }; do g+=(--crl "$dir/$c"); o+=(-CRLfile "$dir/$c"); done
  compare "$name" "$expect" "$leaf"
done <"$dir/crl-cases.txt"

# --max-depth N and -verify_depth N: leaf-long has two intermediates.
for n in 0 1 2 3; do
  "$glasstls" verify --ca "$dir/root-rsa.pem" --untrusted "$dir/int-a.pem" --untrusted "$dir/int-b.pem" --at 1735689600 \
    --max-depth $n "$dir/leaf-long.pem" 2>"$tmp/g.err"; grc=$?
  cat "$dir/int-a.pem" "$dir/int-b.pem" >"$tmp/untrusted.pem"
  openssl verify -x509_strict -attime 1735689600 -CAfile "$dir/root-rsa.pem" -untrusted "$tmp/untrusted.pem" \
    -verify_depth $n "$dir/leaf-long.pem" >"$tmp/o.out" 2>&1; orc=$?
  want=$([[ $n -ge 2 ]] && echo 0 || echo 1)
  if [[ $grc != "$want" || $((orc == 0 ? 0 : 1)) != "$want" ]]; then
    echo "FAIL max-depth $n: glasstls exit $grc, openssl exit $orc, expected $want: $(head -1 "$tmp/g.err")"; fail=1
  else
    agree=$((agree + 1))
  fi
done

# The command's own contract for trust stores (issue 19 rule 5): a --ca file loads what it can.
contract() { # contract NAME WANT_EXIT PATTERN args...
  local name=$1 want=$2 pattern=$3; shift 3
  "$glasstls" verify "$@" >"$tmp/c.out" 2>"$tmp/c.err"; local rc=$?
  if [[ $rc != "$want" ]] || ! grep -q -- "$pattern" "$tmp/c.err"; then
    echo "FAIL $name: exit $rc (want $want): $(cat "$tmp/c.err")"; fail=1
  else
    agree=$((agree + 1))
  fi
}
cat "$dir/leaf-truncated.pem" "$dir/root-rsa.pem" >"$tmp/mixed.pem"
contract ca-skips-unparseable 0 "skipped certificate 1: " --ca "$tmp/mixed.pem" --untrusted "$dir/int-rsa.pem" \
  --at 1735689600 "$dir/leaf.pem"
contract ca-explicit-ec-is-exit-1 1 "explicit EC parameters" --ca "$dir/root-explicit.pem" --at 1735689600 \
  "$dir/leaf-under-root-explicit.pem"
contract max-depth-not-a-number 2 "max-depth takes" --ca "$dir/root-rsa.pem" --max-depth -1 "$dir/leaf.pem"
contract crl-not-a-crl 2 "cannot load --crl" --ca "$dir/root-rsa.pem" --crl "$dir/root-rsa.pem" "$dir/leaf.pem"
contract sha1-names-the-policy 1 "SHA-1 signatures are not accepted" --ca "$dir/root-rsa.pem" \
  --untrusted "$dir/int-rsa.pem" --at 1735689600 "$dir/leaf-sha1.pem"

echo "verify_vs_openssl: $agree agree, $differ deliberate differences"
exit $fail
