#!/usr/bin/env bash
# docs/tls12-byte-by-byte.md is generated from a deterministic glasstls run (scripts/make-docs.sh).
# Regenerate it into a temporary file and fail when it differs from the committed page: a change
# to what --trace prints (or to the handshake) must come with `scripts/make-docs.sh BUILD_DIR`.
source "$(dirname "$0")/lib.bash"
need_glasstls
need python3

"$ROOT/scripts/make-docs.sh" "$BUILD" "$WORK/byte-by-byte.md" 2>"$WORK/make-docs.log" ||
  fail "scripts/make-docs.sh failed: $(cat "$WORK/make-docs.log")"
same() {
  if ! diff -u "$ROOT/docs/tls12-byte-by-byte.md" "$WORK/byte-by-byte.md" >"$WORK/diff.txt"; then
    echo "docs/tls12-byte-by-byte.md is out of date; run: scripts/make-docs.sh $BUILD" >&2
    head -40 "$WORK/diff.txt" >&2
    return 1
  fi
}
check "docs/tls12-byte-by-byte.md matches a fresh deterministic run" same
# and a second run gives the same bytes (the run really is deterministic)
"$ROOT/scripts/make-docs.sh" "$BUILD" "$WORK/again.md" 2>/dev/null
check "two runs give identical documents" cmp -s "$WORK/byte-by-byte.md" "$WORK/again.md"
finish
