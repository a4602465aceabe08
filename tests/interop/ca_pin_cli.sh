#!/usr/bin/env bash
# `glasstls ca` and `glasstls pin`: what they write is accepted by `openssl verify -x509_strict`
# and by `glasstls verify`, works for a real mutual-TLS connection, key files are mode 0600; the
# pins equal the four-stage openssl pipeline's; every error is one line with the right exit code.
source "$(dirname "$0")/lib.bash"
need_glasstls
need openssl
cd "$WORK"
G=$GLASSTLS

check "ca init writes ca.pem and a 0600 ca.key" bash -c "
  '$G' ca init lab --cn 'Lab Root' 2>/dev/null && [[ \$(stat -c %a lab/ca.key) == 600 ]] &&
  openssl x509 -in lab/ca.pem -noout -subject | grep -q 'CN = Lab Root'"
for kind in rsa2048 p256 p384 ed25519; do
  issue_and_verify() {
    "$G" ca issue lab --cn "srv-$1.test" --san "DNS:srv-$1.test,IP:127.0.0.1" --key "$1" --out "srv-$1" 2>/dev/null &&
      [[ $(stat -c %a "srv-$1.key") == 600 ]] &&
      openssl verify -x509_strict -purpose sslserver -CAfile lab/ca.pem "srv-$1.pem" >/dev/null &&
      "$G" verify --ca lab/ca.pem --host "srv-$1.test" "srv-$1.pem" >/dev/null 2>&1 &&
      "$G" verify --ca lab/ca.pem --host 127.0.0.1 "srv-$1.pem" >/dev/null 2>&1 &&
      openssl pkey -in "srv-$1.key" -noout
  }
  check "ca issue --key $kind: openssl verify -x509_strict and glasstls verify accept it" issue_and_verify "$kind"
done
check "the CN is always among the SANs" bash -c "
  '$G' ca issue lab --cn named.test --san DNS:other.test --out named 2>/dev/null &&
  openssl x509 -in named.pem -noout -ext subjectAltName | grep -q 'DNS:other.test, DNS:named.test'"
check "ca issue --client makes a clientAuth certificate" bash -c "
  '$G' ca issue lab --cn alice --client --key p256 --out alice 2>/dev/null &&
  openssl verify -x509_strict -purpose sslclient -CAfile lab/ca.pem alice.pem >/dev/null"
check "ca issue --intermediate makes a CA with pathLen 0" bash -c "
  '$G' ca issue lab --cn 'Issuing CA' --intermediate --out issuing 2>/dev/null &&
  openssl x509 -in issuing.pem -noout -ext basicConstraints | grep -q 'CA:TRUE, pathlen:0'"
check "a leaf issued by an intermediate carries the intermediate, not the root" bash -c "
  mkdir -p issuing-ca && cp issuing.pem issuing-ca/ca.pem && cp issuing.key issuing-ca/ca.key &&
  '$G' ca issue issuing-ca --cn deep.test --out deep 2>/dev/null &&
  [[ \$(grep -c 'BEGIN CERTIFICATE' deep.pem) == 2 ]] &&
  openssl verify -x509_strict -CAfile lab/ca.pem -untrusted deep.pem deep.pem >/dev/null &&
  '$G' verify --ca lab/ca.pem --untrusted deep.pem --host deep.test deep.pem >/dev/null 2>&1"

mtls() { # the lab's certificates in a real mutual-TLS connection
  start_bg 30 srv.log "$G" server --port 0 --echo --cert srv-p256.pem --key srv-p256.key --client-ca lab/ca.pem -v
  local port; port=$(wait_listening srv.log) || return 1
  echo "hello lab" | timeout 10 "$G" client "127.0.0.1:$port" --servername srv-p256.test --ca lab/ca.pem \
    --cert alice.pem --key alice.key >mtls.out 2>&1 && grep -q "hello lab" mtls.out &&
    wait_log srv.log "client CN=alice"
}
check "the issued certificates serve mutual TLS" mtls

openssl_pin() { # the pipeline the lab used before `glasstls pin`
  echo "sha256//$(openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform der |
                   openssl dgst -sha256 -binary | base64)"
}
pins_agree() {
  local want; want=$(openssl_pin srv-rsa2048.pem)
  [[ $("$G" pin srv-rsa2048.pem) == "$want" ]] && [[ $("$G" pin srv-rsa2048.key) == "$want" ]] &&
    openssl pkey -in srv-rsa2048.key -pubout -out pub.pem && [[ $("$G" pin pub.pem) == "$want" ]]
}
check "pin of a certificate, its private key and its public key equal openssl's" pins_agree
pin_connect() {
  start_bg 30 pinsrv.log "$G" server --port 0 --www --cert srv-p384.pem --key srv-p384.key
  local port; port=$(wait_listening pinsrv.log) || return 1
  "$G" pin --connect "127.0.0.1:$port" --servername srv-p384.test >pc.out 2>&1 &&
    grep -qx "$(openssl_pin srv-p384.pem)  CN=srv-p384.test" pc.out
}
check "pin --connect prints the pin of each certificate the server sends" pin_connect

ed25519_ca() { # an Ed25519 root (RFC 8410 §6 signatures) issuing Ed25519 and P-256 leaves
  "$G" ca init edlab --cn 'Ed Root' --key ed25519 2>/dev/null && [[ $(stat -c %a edlab/ca.key) == 600 ]] &&
    openssl x509 -in edlab/ca.pem -noout -text | grep -q 'Signature Algorithm: ED25519' &&
    openssl pkey -in edlab/ca.key -noout -text | grep -q 'ED25519 Private-Key' || return 1
  local kind
  for kind in ed25519 p256; do
    "$G" ca issue edlab --cn "ed-$kind.test" --key "$kind" --out "ed-$kind" 2>/dev/null &&
      openssl verify -x509_strict -purpose sslserver -CAfile edlab/ca.pem "ed-$kind.pem" >/dev/null &&
      "$G" verify --ca edlab/ca.pem --host "ed-$kind.test" "ed-$kind.pem" >/dev/null 2>&1 || return 1
  done
  "$G" ca issue edlab --cn 'Ed Issuing' --intermediate --key ed25519 --out ed-int 2>/dev/null &&
    mkdir -p ed-int-ca && cp ed-int.pem ed-int-ca/ca.pem && cp ed-int.key ed-int-ca/ca.key &&
    "$G" ca issue ed-int-ca --cn ed-deep.test --key ed25519 --out ed-deep 2>/dev/null &&
    openssl verify -x509_strict -CAfile edlab/ca.pem -untrusted ed-deep.pem ed-deep.pem >/dev/null &&
    "$G" verify --ca edlab/ca.pem --untrusted ed-deep.pem --host ed-deep.test ed-deep.pem >/dev/null 2>&1
}
check "ca init --key ed25519: its certificates (Ed25519-signed, two levels) verify in openssl and glasstls" ed25519_ca
ed25519_pins() {
  local want; want=$(openssl_pin ed-ed25519.pem)
  [[ $("$G" pin ed-ed25519.pem) == "$want" ]] && [[ $("$G" pin ed-ed25519.key) == "$want" ]] &&
    openssl pkey -in ed-ed25519.key -pubout -out edpub.pem && [[ $("$G" pin edpub.pem) == "$want" ]]
}
check "pin of an Ed25519 certificate, private key and public key equal openssl's" ed25519_pins

show() { # ca show: the trace's certificate view of what ca issued, with the same pin as `pin`
  "$G" ca show srv-p256.pem >show.out 2>&1 || return 1
  grep -q "subject: .* = CN=srv-p256.test" show.out && grep -q "subjectAltName" show.out &&
    grep -q "$("$G" pin srv-p256.pem)" show.out && grep -q "issuer: .* = CN=Lab Root" show.out ||
    { head -20 show.out; return 1; }
}
check "ca show prints the certificate as the trace does" show

expect_exit() { # expect_exit CODE PATTERN cmd...: exit code, and one stderr line matching
  local code=$1 pattern=$2; shift 2
  "$@" >/dev/null 2>err.txt; local rc=$?
  [[ $rc == "$code" ]] && [[ $(wc -l <err.txt) == 1 ]] && grep -q -- "$pattern" err.txt ||
    { echo "    exit $rc: $(cat err.txt)"; return 1; }
}
check "ca init on an existing CA refuses" expect_exit 1 "already exists" "$G" ca init lab
check "an unknown key type is a usage error" expect_exit 2 "expected rsa2048, rsa3072, p256, p384 or ed25519" \
  "$G" ca issue lab --cn x.test --key dsa --out x
check "issue without --out is a usage error" expect_exit 2 "issue needs --cn NAME and --out PREFIX" \
  "$G" ca issue lab --cn x.test
check "a bad SAN is a usage error" expect_exit 2 "is not DNS:name" "$G" ca issue lab --cn x.test --san URI:x --out x
check "issuing from a directory without a CA fails" expect_exit 1 "cannot load" "$G" ca issue nowhere --cn x.test --out x
check "pin of a file with no key is a failure" bash -c "echo hello >plain.txt; '$G' pin plain.txt 2>/dev/null; [[ \$? == 1 ]]"
check "ca show of a file without certificates fails" expect_exit 1 "cannot load" "$G" ca show plain.txt
check "pin without a file or --connect is a usage error" expect_exit 2 "give FILE or --connect" "$G" pin
finish
