#!/usr/bin/env bash
# Make the X.509 validation fixtures in vectors/x509/ with OpenSSL only (run once; the results
# are committed and the tests never regenerate them). A certificate or CRL that already exists is
# kept (its serial number is still counted, so every certificate keeps a serial of its own):
# delete a file to make it again, or run into an empty OUT_DIR to make everything afresh.
#
# Every certificate has fixed validity dates, set with `openssl ca -startdate/-enddate` (OpenSSL
# 3.0's `x509 -req` cannot take a start date), so nothing depends on the clock of the machine
# that made them:
#   CAs     2020-01-01 00:00:00Z .. 2040-01-01 00:00:00Z
#   leaves  2024-01-01 00:00:00Z (1704067200) .. 2026-01-01 00:00:00Z (1767225600)
# vectors/x509/cases.txt lists what each fixture was made to show (the expected verdict, the
# error and the certificate depth); tests/x509/chain_test.c and tests/interop/verify_vs_openssl.sh
# both read it. The keys are PUBLIC test keys: never use them for anything else.
#
# Usage: scripts/make-x509-fixtures.sh [OUT_DIR]   (default: vectors/x509)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/vectors/x509}
mkdir -p "$out/keys"
cd "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

CA_START=20200101000000Z
CA_END=20400101000000Z
LEAF_START=20240101000000Z
LEAF_END=20260101000000Z

rsa_key() { [[ -f keys/$1.key ]] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "keys/$1.key" 2>/dev/null; }
ec_key() { [[ -f keys/$1.key ]] || openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:${2:-P-256}" -out "keys/$1.key"; }

# One CA database for everything (serials increase across the whole set).
: >"$tmp/index.txt"
echo 1000 >"$tmp/serial"
cat >"$tmp/ca.cnf" <<CNF
[ca]
default_ca = fixtures
[fixtures]
database = $tmp/index.txt
serial = $tmp/serial
new_certs_dir = $tmp
crlnumber = $tmp/crlnumber
crl_extensions = crl_ext
default_md = sha256
policy = any
unique_subject = no
email_in_dn = no
[any]
commonName = optional
organizationName = optional
[crl_ext]
authorityKeyIdentifier = keyid:always
[crl_ext_unknown_critical]
authorityKeyIdentifier = keyid:always
1.3.6.1.4.1.55555.2 = critical, DER:05:00
CNF
echo 1000 >"$tmp/crlnumber"

# Extension profiles (RFC 5280 §4.2.1). Every profile carries the key identifiers that
# `openssl verify -x509_strict` insists on, so OpenSSL judges only the property under test
# (OpenSSL 3 adds them unless told "none").
cat >"$tmp/ext.cnf" <<'EXT'
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ca_pathlen0]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ca_not_ca]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ca_no_bc]
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ca_no_certsign]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ca_eku_client]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ca_nc]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
nameConstraints = critical, permitted;DNS:example.com, excluded;DNS:bad.example.com, permitted;IP:192.0.2.0/255.255.255.0
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.example.com, DNS:example.com, IP:192.0.2.1, IP:2001:db8::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_ec]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:ec.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_rsa_kex]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:www.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_ku_nonrep]
basicConstraints = critical, CA:FALSE
keyUsage = critical, nonRepudiation
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_wildcard]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:*.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_partial_wildcard]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:w*.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_cn_only]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_eku_client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:client.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_no_eku]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectAltName = DNS:www.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_unknown_critical]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
1.3.6.1.4.1.55555.1 = critical, DER:05:00
[leaf_unknown_noncritical]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
1.3.6.1.4.1.55555.1 = DER:05:00
[leaf_selfsigned]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.example.com
subjectKeyIdentifier = hash
[leaf_nc_ok]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.example.com, IP:192.0.2.5
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_nc_outside]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.example.com, DNS:www.example.org
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_nc_suffix]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:badexample.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_nc_excluded]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:x.bad.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_nc_ip_outside]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.example.com, IP:198.51.100.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EXT

# profile SECTION BASE ['KEY = VALUE'…]: one more extension section, made of the [BASE] one (leaf,
# ca or root) with each KEY's line replaced by the one given, or the line added when BASE has no
# such KEY. The issue-19 fixtures below each break ONE rule this way.
base_lines() { sed -n "/^\[$1\]\$/,/^\[/p" "$tmp/ext.cnf" | sed '1d;/^\[/d;/^#/d;/^$/d'; }
profile() {
  local section=$1 base=$2 line over
  shift 2
  {
    echo "[$section]"
    while IFS= read -r line; do
      for over in "$@"; do [[ ${over%% =*} == "${line%% =*}" ]] && line=$over; done
      echo "$line"
    done < <(base_lines "$base")
    for over in "$@"; do base_lines "$base" | grep -q "^${over%% =*} =" || echo "$over"; done
  } >>"$tmp/ext.cnf"
}
profile leaf_no_aki leaf "authorityKeyIdentifier = none" "subjectAltName = DNS:www.example.com"
profile leaf_aki_critical leaf "authorityKeyIdentifier = critical, keyid:always" "subjectAltName = DNS:www.example.com"
profile ca_no_ski ca "subjectKeyIdentifier = none"
profile ca_ski_critical ca "subjectKeyIdentifier = critical, hash"
profile root_aki_issuer root "authorityKeyIdentifier = issuer:always"
profile root_aki_mismatch root "2.5.29.35 = DER:30:06:80:04:01:02:03:04"
profile root_bc_noncritical root "basicConstraints = CA:TRUE"
profile leaf_san_critical leaf "subjectAltName = critical, DNS:www.example.com"
profile leaf_dns_underscore leaf "subjectAltName = DNS:www_1.example.com"
profile leaf_ca_true leaf "basicConstraints = critical, CA:TRUE" "subjectAltName = DNS:www.example.com"
profile leaf_keycertsign leaf "keyUsage = critical, digitalSignature, keyCertSign" "subjectAltName = DNS:www.example.com"
profile leaf_nc leaf "nameConstraints = critical, permitted;DNS:example.com" "subjectAltName = DNS:www.example.com"
profile ca_nc_leading_dot ca "nameConstraints = critical, permitted;DNS:.example.com"
profile leaf_nc_invalid_dns leaf "subjectAltName = DNS:www.example.com, DNS:-x.example.com"
profile ca_nc_othername ca "nameConstraints = critical, permitted;otherName:1.3.6.1.4.1.55555.3;UTF8:glasstls"
profile leaf_othername leaf "subjectAltName = DNS:www.example.com, otherName:1.3.6.1.4.1.55555.3;UTF8:other"
profile ca_nc_ip6 ca "nameConstraints = critical, permitted;IP:2001:db8::/ffff:ffff::, permitted;DNS:example.com"
profile leaf_ip6_inside leaf "subjectAltName = DNS:www.example.com, IP:2001:db8:ffff::5"
profile leaf_ip6_outside leaf "subjectAltName = DNS:www.example.com, IP:2001:db9::5"
profile leaf_aia_malformed leaf "1.3.6.1.5.5.7.1.1 = DER:30:03:06:01:2B" "subjectAltName = DNS:www.example.com"
profile leaf_aia leaf "authorityInfoAccess = OCSP;URI:http://ocsp.example.com/, caIssuers;URI:http://ca.example.com/int.der" "subjectAltName = DNS:www.example.com"
profile leaf_ip_as_dns leaf "subjectAltName = DNS:www.example.com, DNS:192.0.2.9"
profile ca_no_crlsign ca "keyUsage = critical, keyCertSign"

# issue NAME KEY SUBJECT ISSUER EXT [START END [openssl ca options…]]
#   ISSUER is "self" or the name of an already issued CA (NAME.pem + keys/KEYNAME.key, see ca_key).
declare -A ca_key
issue() {
  local name=$1 key=$2 subj=$3 issuer=$4 ext=$5 start=${6:-$LEAF_START} end=${7:-$LEAF_END}
  shift 5; shift $(( $# >= 2 ? 2 : $# ))
  ca_key[$name]=$key
  if [[ -f $name.pem ]]; then # kept: count its serial all the same
    printf '%X\n' $((16#$(cat "$tmp/serial") + 1)) >"$tmp/serial"
    return
  fi
  openssl req -new -key "keys/$key.key" -subj "/CN=csr" -out "$tmp/$name.csr"
  local who
  if [[ $issuer == self ]]; then who=(-selfsign -keyfile "keys/$key.key")
  else who=(-cert "$issuer.pem" -keyfile "keys/${ca_key[$issuer]}.key"); fi
  openssl ca -batch -notext -preserveDN -config "$tmp/ca.cnf" "${who[@]}" -in "$tmp/$name.csr" -out "$name.pem" \
    -startdate "$start" -enddate "$end" -extfile "$tmp/ext.cnf" -extensions "$ext" -subj "$subj" "$@" \
    2>"$tmp/ca.log" || { cat "$tmp/ca.log" >&2; exit 1; }
}

# ---- keys ----
rsa_key root-rsa; ec_key root-ec P-384; rsa_key int-rsa; ec_key int-ec; rsa_key fake-int-rsa
ec_key int-misc; ec_key leaf; ec_key leaf-ec; rsa_key leaf-rsa; ec_key cyc-x; ec_key cyc-y

# ---- anchors and the main intermediates ----
issue root-rsa root-rsa "/O=glasstls tests/CN=Test Root RSA" self root $CA_START $CA_END
issue root-ec root-ec "/O=glasstls tests/CN=Test Root EC" self root $CA_START $CA_END -md sha384
issue int-rsa int-rsa "/O=glasstls tests/CN=Test Intermediate RSA" root-rsa ca $CA_START $CA_END
issue int-ec int-ec "/O=glasstls tests/CN=Test Intermediate EC" root-ec ca $CA_START $CA_END -md sha384
# Same name and key as int-rsa, but expired in 2021: path building must try the other one.
issue int-rsa-expired int-rsa "/O=glasstls tests/CN=Test Intermediate RSA" root-rsa ca 20200101000000Z 20210101000000Z
# Same name as int-rsa, another key: whatever it signs does not verify under int-rsa.
issue fake-int-rsa fake-int-rsa "/O=glasstls tests/CN=Test Intermediate RSA" self root $CA_START $CA_END

# ---- leaves under int-rsa ----
issue leaf leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf
issue leaf-pss leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf $LEAF_START $LEAF_END \
  -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest
issue leaf-sha512 leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf $LEAF_START $LEAF_END -md sha512
issue leaf-sha1 leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf $LEAF_START $LEAF_END -md sha1
issue leaf-rsa-kex leaf-rsa "/O=glasstls tests/CN=www.example.com" int-rsa leaf_rsa_kex
issue leaf-ku-nonrep leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_ku_nonrep
issue leaf-wildcard leaf "/O=glasstls tests/CN=*.example.com" int-rsa leaf_wildcard
issue leaf-partial-wildcard leaf "/O=glasstls tests/CN=partial wildcard" int-rsa leaf_partial_wildcard
issue leaf-cn-only leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_cn_only
issue leaf-eku-client leaf "/O=glasstls tests/CN=client.example.com" int-rsa leaf_eku_client
issue leaf-no-eku leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_no_eku
issue leaf-unknown-critical leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_unknown_critical
issue leaf-unknown-noncritical leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_unknown_noncritical
issue leaf-wrongkey leaf "/O=glasstls tests/CN=www.example.com" fake-int-rsa leaf
issue selfsigned leaf "/O=glasstls tests/CN=www.example.com" self leaf_selfsigned

# ---- a leaf under an ECDSA chain ----
issue leaf-ec leaf-ec "/O=glasstls tests/CN=ec.example.com" int-ec leaf_ec

# ---- issuer rules: CA flag, pathLenConstraint, keyUsage, EKU ----
issue int-not-ca int-misc "/O=glasstls tests/CN=Not A CA" root-rsa ca_not_ca $CA_START $CA_END
issue leaf-under-not-ca leaf "/O=glasstls tests/CN=www.example.com" int-not-ca leaf
issue int-no-bc int-misc "/O=glasstls tests/CN=No Basic Constraints" root-rsa ca_no_bc $CA_START $CA_END
issue leaf-under-no-bc leaf "/O=glasstls tests/CN=www.example.com" int-no-bc leaf
issue int-pathlen0 int-misc "/O=glasstls tests/CN=PathLen Zero" root-rsa ca_pathlen0 $CA_START $CA_END
issue leaf-under-pathlen0 leaf "/O=glasstls tests/CN=www.example.com" int-pathlen0 leaf
issue int-under-pathlen0 int-ec "/O=glasstls tests/CN=Below PathLen Zero" int-pathlen0 ca $CA_START $CA_END
issue leaf-pathlen leaf "/O=glasstls tests/CN=www.example.com" int-under-pathlen0 leaf
issue int-no-certsign int-misc "/O=glasstls tests/CN=No keyCertSign" root-rsa ca_no_certsign $CA_START $CA_END
issue leaf-under-no-certsign leaf "/O=glasstls tests/CN=www.example.com" int-no-certsign leaf
issue int-eku-client int-misc "/O=glasstls tests/CN=Client Auth Only CA" root-rsa ca_eku_client $CA_START $CA_END
issue leaf-under-eku-client leaf "/O=glasstls tests/CN=www.example.com" int-eku-client leaf

# ---- name constraints ----
issue int-nc int-misc "/O=glasstls tests/CN=Constrained CA" root-rsa ca_nc $CA_START $CA_END
issue leaf-nc-ok leaf "/O=glasstls tests/CN=www.example.com" int-nc leaf_nc_ok
issue leaf-nc-outside leaf "/O=glasstls tests/CN=www.example.com" int-nc leaf_nc_outside
issue leaf-nc-suffix leaf "/O=glasstls tests/CN=badexample.com" int-nc leaf_nc_suffix
issue leaf-nc-excluded leaf "/O=glasstls tests/CN=x.bad.example.com" int-nc leaf_nc_excluded
issue leaf-nc-ip-outside leaf "/O=glasstls tests/CN=www.example.com" int-nc leaf_nc_ip_outside

# ---- a longer chain (for shuffled and superfluous intermediates) ----
issue int-a int-misc "/O=glasstls tests/CN=Chain A" root-rsa ca $CA_START $CA_END
issue int-b int-ec "/O=glasstls tests/CN=Chain B" int-a ca $CA_START $CA_END
issue leaf-long leaf "/O=glasstls tests/CN=www.example.com" int-b leaf

# ---- a cycle: X and Y certify each other; one more X is certified by the root ----
issue cyc-y-self cyc-y "/O=glasstls tests/CN=Cycle Y" self root $CA_START $CA_END
issue cyc-x-by-y cyc-x "/O=glasstls tests/CN=Cycle X" cyc-y-self ca $CA_START $CA_END
issue cyc-y-by-x cyc-y "/O=glasstls tests/CN=Cycle Y" cyc-x-by-y ca $CA_START $CA_END
issue cyc-x-by-root cyc-x "/O=glasstls tests/CN=Cycle X" root-rsa ca $CA_START $CA_END
issue leaf-cycle leaf "/O=glasstls tests/CN=www.example.com" cyc-x-by-y leaf
rm -f cyc-y-self.pem

# ---- the profile (issue 19; RFC 5280 §4 and the CA/Browser Forum Baseline Requirements) ----
ec_key root-odd-ec
[[ -f keys/root-odd.key ]] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2052 -out keys/root-odd.key 2>/dev/null
[[ -f keys/root-explicit.key ]] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
  -pkeyopt ec_param_enc:explicit -out keys/root-explicit.key
# key identifiers
issue leaf-no-aki leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_no_aki
issue leaf-aki-critical leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_aki_critical
issue int-no-ski int-misc "/O=glasstls tests/CN=No SKI" root-rsa ca_no_ski $CA_START $CA_END
# int-no-ski has no SKI for `keyid:always` to copy: give the leaf the keyIdentifier of int-misc's
# key (taken from int-nc, which has it) as raw DER, so only the intermediate breaks a rule.
keyid=$(openssl x509 -in int-nc.pem -noout -ext subjectKeyIdentifier | tail -1 | tr -d ' \n')
profile leaf_aki_int_misc leaf "authorityKeyIdentifier = none" "2.5.29.35 = DER:30:16:80:14:$keyid" "subjectAltName = DNS:www.example.com"
issue leaf-under-no-ski leaf "/O=glasstls tests/CN=www.example.com" int-no-ski leaf_aki_int_misc
issue int-ski-critical int-misc "/O=glasstls tests/CN=Critical SKI" root-rsa ca_ski_critical $CA_START $CA_END
issue leaf-under-ski-critical leaf "/O=glasstls tests/CN=www.example.com" int-ski-critical leaf
issue root-aki-issuer root-odd-ec "/O=glasstls tests/CN=Root AKI Issuer" self root_aki_issuer $CA_START $CA_END
issue leaf-under-root-aki-issuer leaf "/O=glasstls tests/CN=www.example.com" root-aki-issuer leaf
issue root-aki-mismatch root-odd-ec "/O=glasstls tests/CN=Root AKI Mismatch" self root_aki_mismatch $CA_START $CA_END
issue leaf-under-root-aki-mismatch leaf "/O=glasstls tests/CN=www.example.com" root-aki-mismatch leaf
# names
issue leaf-san-critical leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_san_critical
issue leaf-dns-underscore leaf "/O=glasstls tests/CN=www_1.example.com" int-rsa leaf_dns_underscore
issue leaf-cn-not-in-san leaf "/O=glasstls tests/CN=other.example.com" int-rsa leaf
issue leaf-cn-case leaf "/O=glasstls tests/CN=WWW.example.com" int-rsa leaf
issue leaf-cn-ip leaf "/O=glasstls tests/CN=2001:db8::1" int-rsa leaf
issue leaf-cn-ip-long leaf "/O=glasstls tests/CN=2001:db8:0:0:0:0:0:1" int-rsa leaf
issue leaf-cn-hex-ip leaf "/O=glasstls tests/CN=0xC0000201" int-rsa leaf
issue leaf-cn-label leaf "/O=glasstls tests/CN=glasstls-test-server" int-rsa leaf
# basic constraints and key usage
issue root-bc-noncritical root-odd-ec "/O=glasstls tests/CN=Root BC Not Critical" self root_bc_noncritical $CA_START $CA_END
issue leaf-under-root-bc-noncritical leaf "/O=glasstls tests/CN=www.example.com" root-bc-noncritical leaf
issue leaf-ca-true leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_ca_true
issue leaf-keycertsign leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_keycertsign
# name constraints
issue leaf-nc-in-ee leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_nc
issue int-nc-leading-dot int-misc "/O=glasstls tests/CN=Leading Dot CA" root-rsa ca_nc_leading_dot $CA_START $CA_END
issue leaf-under-nc-leading-dot leaf "/O=glasstls tests/CN=www.example.com" int-nc-leading-dot leaf_no_eku
issue leaf-nc-invalid-dns leaf "/O=glasstls tests/CN=www.example.com" int-nc leaf_nc_invalid_dns
issue int-nc-othername int-misc "/O=glasstls tests/CN=otherName CA" root-rsa ca_nc_othername $CA_START $CA_END
issue leaf-under-nc-othername leaf "/O=glasstls tests/CN=www.example.com" int-nc-othername leaf_no_eku
issue leaf-othername-under-nc-othername leaf "/O=glasstls tests/CN=www.example.com" int-nc-othername leaf_othername
issue int-nc-ip6 int-misc "/O=glasstls tests/CN=IPv6 Constrained CA" root-rsa ca_nc_ip6 $CA_START $CA_END
issue leaf-nc-ip6-inside leaf "/O=glasstls tests/CN=www.example.com" int-nc-ip6 leaf_ip6_inside
issue leaf-nc-ip6-outside leaf "/O=glasstls tests/CN=www.example.com" int-nc-ip6 leaf_ip6_outside
# 256 permitted subtrees × (256 SANs + the subject) = 65792 comparisons: past X509_MAX_NAME_CHECKS
many=$(for i in $(seq 0 255); do printf 'permitted;DNS:t%d.test, ' "$i"; done)
sans=$(for i in $(seq 0 255); do printf 'DNS:t%d.test, ' "$i"; done)
profile ca_nc_many ca "nameConstraints = critical, ${many%, }"
profile leaf_many_names leaf "subjectAltName = ${sans%, }"
issue int-nc-many int-misc "/O=glasstls tests/CN=Many Constraints CA" root-rsa ca_nc_many $CA_START $CA_END
issue leaf-many-names leaf "/O=glasstls tests/CN=t0.test" int-nc-many leaf_many_names
# an IP address written as a dNSName: an IP host matches iPAddress entries only (RFC 6125 §6.2.1)
issue leaf-ip-as-dns leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_ip_as_dns
# serial numbers (RFC 5280 §4.1.2.2: positive, at most 20 octets): issued with a serial of their own
with_serial() { # with_serial HEX issue-arguments…
  local saved
  saved=$(cat "$tmp/serial")
  echo "$1" >"$tmp/serial"
  shift
  issue "$@"
  echo "$saved" >"$tmp/serial"
}
with_serial 00 leaf-serial-zero leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf
with_serial 0102030405060708090A0B0C0D0E0F101112131415 leaf-serial-21-octets leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf
with_serial 7F02030405060708090A0B0C0D0E0F1011121314 leaf-serial-20-octets leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf
# other
issue leaf-aia leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_aia
issue leaf-aia-malformed leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf_aia_malformed
issue root-odd root-odd "/O=glasstls tests/CN=Root RSA 2052" self root $CA_START $CA_END
issue leaf-under-root-odd leaf "/O=glasstls tests/CN=www.example.com" root-odd leaf
issue root-explicit root-explicit "/O=glasstls tests/CN=Root EC Explicit" self root $CA_START $CA_END
issue leaf-under-root-explicit leaf "/O=glasstls tests/CN=www.example.com" root-explicit leaf

# ---- revocation (RFC 5280 §5): CRLs valid 2024-06-01 .. 2025-06-01 -------------------------------
# int-rsa revokes leaf-revoked (keyCompromise); root-rsa revokes int-revoked. The revocation
# dates are set to 2024-07-01 in the database before the CRLs are made, so nothing carries the date
# of the day the script ran.
issue leaf-revoked leaf "/O=glasstls tests/CN=www.example.com" int-rsa leaf
issue int-revoked int-misc "/O=glasstls tests/CN=Revoked Intermediate" root-rsa ca $CA_START $CA_END
issue leaf-under-int-revoked leaf "/O=glasstls tests/CN=www.example.com" int-revoked leaf
issue int-no-crlsign int-misc "/O=glasstls tests/CN=No cRLSign" root-rsa ca_no_crlsign $CA_START $CA_END
issue leaf-under-no-crlsign leaf "/O=glasstls tests/CN=www.example.com" int-no-crlsign leaf
CRL_START=20240601000000Z
CRL_END=20250601000000Z
# crl NAME ISSUER [openssl ca options…]: a CRL signed by ISSUER's key (NAME.pem)
crl() {
  local name=$1 issuer=$2
  shift 2
  [[ -f $name.pem ]] && return
  openssl ca -batch -config "$tmp/ca.cnf" -gencrl -cert "$issuer.pem" -keyfile "keys/${ca_key[$issuer]}.key" \
    -crl_lastupdate $CRL_START -crl_nextupdate $CRL_END -out "$name.pem" "$@" 2>"$tmp/ca.log" \
    || { cat "$tmp/ca.log" >&2; exit 1; }
}
revoke() { # revoke CERT REASON (by its issuer); only when the CRLs are made afresh with it
  [[ -f crl-int-rsa.pem ]] && return
  local issuer=$3
  openssl ca -batch -config "$tmp/ca.cnf" -cert "$issuer.pem" -keyfile "keys/${ca_key[$issuer]}.key" \
    -revoke "$1.pem" -crl_reason "$2" 2>"$tmp/ca.log" || { cat "$tmp/ca.log" >&2; exit 1; }
}
# (To make the CRLs again, delete crl-*.pem with leaf-revoked.pem and int-revoked.pem.)
revoke leaf-revoked keyCompromise int-rsa
revoke int-revoked CACompromise root-rsa
# index.txt: "R <expiry> <revoked>,<reason> <serial> ..."; pin the revocation date.
sed -i -E 's/^(R\t[0-9]+Z\t)[0-9]+Z/\1240701000000Z/' "$tmp/index.txt"
crl crl-int-rsa int-rsa
crl crl-root-rsa root-rsa
crl crl-int-rsa-unknown-critical int-rsa -crlexts crl_ext_unknown_critical
crl crl-int-rsa-wrong-key fake-int-rsa
crl crl-no-crlsign int-no-crlsign
# The same CRL without cRLNumber (RFC 5280 §5.2.3 says it MUST be there): a config without crlnumber.
if [[ ! -f crl-int-rsa-no-number.pem ]]; then
  sed '/^crlnumber/d' "$tmp/ca.cnf" >"$tmp/ca-nonumber.cnf"
  openssl ca -batch -config "$tmp/ca-nonumber.cnf" -gencrl -cert int-rsa.pem -keyfile keys/int-rsa.key \
    -crl_lastupdate $CRL_START -crl_nextupdate $CRL_END -out crl-int-rsa-no-number.pem 2>"$tmp/ca.log" \
    || { cat "$tmp/ca.log" >&2; exit 1; }
fi
openssl crl -in crl-int-rsa.pem -outform der -out crl-int-rsa.der
# Flip the last bit of the signature.
openssl crl -in crl-int-rsa.pem -outform der -out "$tmp/crl.der"
size=$(stat -c %s "$tmp/crl.der")
last=$(od -An -tu1 -j $((size - 1)) -N1 "$tmp/crl.der" | tr -d ' ')
printf "$(printf '\\%03o' $((last ^ 1)))" | dd of="$tmp/crl.der" bs=1 seek=$((size - 1)) conv=notrunc 2>/dev/null
openssl crl -inform der -in "$tmp/crl.der" -out crl-int-rsa-badsig.pem

# ---- damaged copies ----
# Flip the last bit of the signature (the last byte of the DER is the last signature byte).
openssl x509 -in leaf.pem -outform der -out "$tmp/leaf.der"
size=$(stat -c %s "$tmp/leaf.der")
last=$(od -An -tu1 -j $((size - 1)) -N1 "$tmp/leaf.der" | tr -d ' ')
printf "$(printf '\\%03o' $((last ^ 1)))" | dd of="$tmp/leaf.der" bs=1 seek=$((size - 1)) conv=notrunc 2>/dev/null
openssl x509 -inform der -in "$tmp/leaf.der" -out leaf-badsig.pem
# Cut the DER short (a truncated certificate is malformed).
head -c 300 "$tmp/leaf.der" >"$tmp/trunc.der"
{ echo "-----BEGIN CERTIFICATE-----"; openssl base64 -in "$tmp/trunc.der"; echo "-----END CERTIFICATE-----"; } >leaf-truncated.pem


# ---- key formats for the PEM loader ----
openssl pkey -in keys/leaf.key -traditional -out keys/leaf-sec1.key
openssl pkey -in keys/leaf-rsa.key -traditional -out keys/leaf-rsa-pkcs1.key
{ openssl ecparam -name prime256v1; cat keys/leaf-sec1.key; } >keys/leaf-with-params.key

# ---- SPKI pins (sha256//BASE64 of the DER SubjectPublicKeyInfo, as curl computes them) ----
: >pins.txt
for c in leaf int-rsa root-rsa leaf-ec; do
  pin=$(openssl x509 -in $c.pem -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | openssl base64 -A)
  echo "$c sha256//$pin" >>pins.txt
done
echo "made $(ls *.pem | wc -l) certificates in $out"
