#!/usr/bin/env bash
# glasstls explain on a fixed recording of `openssl s_client` ↔ `openssl s_server`
# (vectors/explain/README.md): the --html page must title each record by what it carries, in
# the direction it travelled, and its first field after the 5-byte record header must be that
# content. Issue 15: the client's records were shifted by one (the ClientHello record titled
# "encrypted handshake message", the ClientKeyExchange record titled ClientHello, …).
source "$(dirname "$0")/lib.bash"
need_glasstls
need python3

V="$ROOT/vectors/explain"
for d in c2s s2c; do
  python3 -c 'import sys; open(sys.argv[2],"wb").write(bytes.fromhex(open(sys.argv[1]).read()))' \
    "$V/$d.hex" "$WORK/$d.bin"
done
"$GLASSTLS" explain --client-bytes "$WORK/c2s.bin" --server-bytes "$WORK/s2c.bin" \
  --keylog "$V/keylog.txt" --html "$WORK/page.html" >"$WORK/trace.txt" 2>&1 ||
  fail "explain failed: $(tail -3 "$WORK/trace.txt")"

# One line per record: "<direction> | <title> | <first field after the header>".
python3 - "$WORK/page.html" >"$WORK/records.txt" <<'PY'
import html, re, sys
page = open(sys.argv[1]).read()
blocks = re.findall(r'<div class="rec (c2s|s2c)[^"]*" id=rec\d+>(.*?)(?=<div class="rec |<h2|\Z)', page, re.S)
text = lambda s: html.unescape(re.sub(r'<[^>]+>', '', s)).strip()
for way, body in blocks:
    title = text(re.search(r'<h3[^>]*>(.*?)</h3>', body, re.S).group(1)).split(': ', 1)[1]
    fields = [text(re.findall(r'<td[^>]*>(.*?)</td>', r, re.S)[2])
              for r in re.findall(r'<tr[^>]*data-f[^>]*>(.*?)</tr>', body, re.S)]
    rest = [f for f in fields if f not in ('content_type', 'version', 'length', 'fragment', 'protected fragment')]
    print(f"{way} | {title} | {rest[0] if rest else '-'}")
PY
cat >"$WORK/want.txt" <<'WANT'
c2s | ClientHello | ClientHello
s2c | ServerHello | ServerHello
s2c | Certificate | Certificate
s2c | ServerKeyExchange | ServerKeyExchange
s2c | ServerHelloDone | ServerHelloDone
c2s | ClientKeyExchange | ClientKeyExchange
c2s | ChangeCipherSpec | change_cipher_spec
c2s | Finished | Finished
s2c | NewSessionTicket | NewSessionTicket
s2c | ChangeCipherSpec | change_cipher_spec
s2c | Finished | Finished
c2s | application data, 20 bytes | application data
s2c | Alert: close_notify | level
c2s | Alert: close_notify | level
WANT
same() {
  diff -u "$WORK/want.txt" "$WORK/records.txt" >"$WORK/diff.txt" || { cat "$WORK/diff.txt"; return 1; }
}
check "each record of the page: direction, title and first field" same
check "the client's data line is shown decrypted" \
  grep -q 'application_data: client, 20 bytes decrypted: "hello from s_client\\n"' "$WORK/trace.txt"
finish
