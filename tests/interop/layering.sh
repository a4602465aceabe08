#!/usr/bin/env bash
# The layer map of ../shared/DESIGN.md, checked mechanically on the source:
#  1. only crypto_glue/ includes <tomcrypt.h> (or the libtommath/GMP headers);
#  2. a folder includes headers only from itself and the folders listed before it
#     (wire → crypto_glue → alert → record → x509 → handshake → tls → tools).
source "$(dirname "$0")/lib.bash"
cd "$ROOT"

layers=(wire crypto_glue alert record x509 handshake tls tools)
rank() { local i; for i in "${!layers[@]}"; do [[ ${layers[$i]} == "$1" ]] && { echo "$i"; return; }; done; echo -1; }

bad=$(grep -rlE '#include *[<"](tomcrypt|tommath|gmp)\.h' --include='*.c' --include='*.h' \
      "${layers[@]}" include tests bench examples fuzz 2>/dev/null | grep -v '^crypto_glue/' || true)
check "only crypto_glue/ includes libtomcrypt, libtommath or GMP headers" test -z "$bad"
[[ -z "$bad" ]] || echo "  offenders: $bad"

violations=""
for layer in "${layers[@]}"; do
  [[ -d $layer ]] || continue
  mine=$(rank "$layer")
  while IFS=: read -r file inc; do
    dep=${inc%%/*}
    r=$(rank "$dep")
    if (( r > mine )); then violations+="$file includes $inc"$'\n'; fi
  done < <(grep -rhoE '#include "[a-z_]+/[a-z_0-9]+\.h"' --include='*.c' --include='*.h' -H "$layer" \
           | sed -E 's/#include "([^"]+)"/\1/')
done
check "no folder includes a header from a layer above it" test -z "$violations"
[[ -z "$violations" ]] || printf '  %s' "$violations"
finish
