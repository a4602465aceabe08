#!/usr/bin/env bash
# The layer map of docs/design.md, checked mechanically on the source:
#  1. only crypto_glue/glue/ and crypto_glue/reference/ include <tomcrypt.h> (or the libtommath/GMP
#     headers), directly or through a crypto_glue header that includes them (crypto_glue/ltc.h and
#     whatever includes it); crypto_glue/native/ is our own code and sees none of them;
#  2. a folder includes headers only from itself and the folders listed before it
#     (base → wire → crypto_glue → alert → record → x509 → handshake → tls → tools);
#  3. crypto_glue/reference/ (libtomcrypt's versions, for differential tests and benchmarks) is
#     not part of the library: no library folder includes it;
#  4. the command's rooms (tools/<room>/, declared by the glasstls_room lines of CMakeLists.txt
#     with the rooms each uses): every folder of tools/ is a declared room, a room uses only rooms
#     declared before it (so rooms form no cycle), and includes headers only from itself and the
#     rooms it declares.
source "$(dirname "$0")/../interop/lib.bash"
cd "$ROOT"

layers=(base wire crypto_glue alert record x509 handshake tls tools)
rank() { local i; for i in "${!layers[@]}"; do [[ ${layers[$i]} == "$1" ]] && { echo "$i"; return; }; done; echo -1; }

bad=$(grep -rlE '#include *[<"](tomcrypt|tommath|gmp)\.h' --include='*.c' --include='*.h' \
      "${layers[@]}" include tests bench examples fuzz 2>/dev/null \
      | grep -vE '^crypto_glue/([a-z_0-9]+\.h|glue/|reference/)' || true)
check "only crypto_glue/glue/ (and its headers, reference/) includes libtomcrypt, libtommath or GMP headers" test -z "$bad"
[[ -z "$bad" ]] || echo "  offenders: $bad"

# The crypto_glue headers that pull those in: the ones that include them, then, until nothing
# changes, the ones that include one of those. Computed, so a new internal header is covered.
leaky=$(grep -lE '#include *[<"](tomcrypt|tommath|gmp)\.h' crypto_glue/*.h 2>/dev/null | sort || true)
while [[ -n $leaky ]]; do
  alt=$(sed 's/\./\\./g' <<<"$leaky" | paste -sd'|' -)
  next=$({ echo "$leaky"; grep -lE "#include *\"($alt)\"" crypto_glue/*.h || true; } | sort -u)
  [[ $next == "$leaky" ]] && break
  leaky=$next
done
indirect=""
if [[ -n $leaky ]]; then
  alt=$(sed 's/\./\\./g' <<<"$leaky" | paste -sd'|' -)
  indirect=$(grep -rHoE "#include *\"($alt)\"" --include='*.c' --include='*.h' \
             "${layers[@]}" include tests bench examples fuzz 2>/dev/null \
             | grep -vE '^crypto_glue/([a-z_0-9]+\.h|glue/|reference/)' \
             | sed -E 's/:#include *"([^"]+)"/ includes \1/' || true)
fi
check "nothing outside crypto_glue/glue/ includes a header that pulls them in ($(echo $leaky))" test -z "$indirect"
[[ -z "$indirect" ]] || printf '  %s\n' "$indirect"

violations=""
for layer in "${layers[@]}"; do
  [[ -d $layer ]] || continue
  mine=$(rank "$layer")
  while IFS=: read -r file inc; do
    dep=${inc%%/*}
    r=$(rank "$dep")
    if (( r > mine )); then violations+="$file includes $inc"$'\n'; fi
  done < <(grep -rhoE '#include "[a-z_]+/([a-z_0-9]+/)?[a-z_0-9]+\.h"' --include='*.c' --include='*.h' -H "$layer" \
           | sed -E 's/#include "([^"]+)"/\1/')
done
check "no folder includes a header from a layer above it" test -z "$violations"
[[ -z "$violations" ]] || printf '  %s' "$violations"

reflib=$(grep -rlE '#include *"crypto_glue/reference/' --include='*.c' --include='*.h' "${layers[@]}" 2>/dev/null \
         | grep -v '^crypto_glue/reference/' || true)
check "no library or tool source includes crypto_glue/reference/ (tests and benchmarks only)" test -z "$reflib"
[[ -z "$reflib" ]] || echo "  offenders: $reflib"
declare -A uses=()
order=()
rooms_bad=""
while read -r room deps; do
  for d in $deps; do
    [[ -n ${uses[$d]+x} ]] || rooms_bad+="room $room uses $d, which is not declared before it"$'\n'
  done
  uses[$room]=" $deps "
  order+=("$room")
done < <(sed -nE 's/^glasstls_room\(([^)]*)\).*/\1/p' CMakeLists.txt)
check "CMakeLists.txt declares the command's rooms (${order[*]:-none})" test "${#order[@]}" -gt 0
for dir in tools/*/; do
  r=$(basename "$dir")
  [[ -n ${uses[$r]+x} ]] || rooms_bad+="tools/$r/ is not a room declared in CMakeLists.txt"$'\n'
done
check "every tools/ folder is a declared room, each using only rooms declared before it" test -z "$rooms_bad"
[[ -z "$rooms_bad" ]] || printf '  %s' "$rooms_bad"
room_violations=""
for room in "${order[@]}"; do
  [[ -d tools/$room ]] || continue
  while IFS=: read -r file inc; do
    r=${inc#tools/}; r=${r%%/*}
    [[ $r == "$room" || ${uses[$room]} == *" $r "* ]] || room_violations+="$file includes $inc (room $room uses:${uses[$room]})"$'\n'
  done < <(grep -rHoE '#include "tools/[a-z_0-9]+/[a-z_0-9]+\.h"' --include='*.c' --include='*.h' "tools/$room" \
           | sed -E 's/#include "([^"]+)"/\1/')
done
check "a room of tools/ includes headers only from itself and the rooms it declares" test -z "$room_violations"
[[ -z "$room_violations" ]] || printf '  %s' "$room_violations"
finish
