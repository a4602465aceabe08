#!/usr/bin/env bash
# The call map of the library (docs/design.md, "Who calls whom"), checked on the built libraries:
# a file's calls are the symbols its object leaves undefined (nm), resolved to the file that
# defines them (a function, or a table of them).
#  1. no call cycle between any two files of the library and the command (every libgt_* archive
#     but the reference and release copies of crypto_glue), handshake/ext/ included: the
#     connection calls the handshake, the engine calls a role only through hs_role and its tables,
#     the handlers call down into io.c, the extension block finds the rows through their table and
#     the rows never call back into the block. The cycles listed in `known` below were there
#     before this check covered their folders; they are allowed as they are (a new file joining
#     one fails), and the check says when one is gone so that it can leave the list;
#  2. handshake/engine.c and handshake/io.c call nothing that client.c or server.c defines;
#  3. control: the cycle finder finds the cycle of a two-file map that has one.
source "$(dirname "$0")/../interop/lib.bash"
need nm
need python3
libs=()
for lib in "$BUILD"/libgt_*.a; do
  case $lib in *_release.a | *reference.a) continue ;; esac
  libs+=("$lib")
done
for lib in libgt_handshake.a libgt_tls.a libgt_crypto_glue.a; do
  [[ -f "$BUILD/$lib" ]] || skip "$BUILD/$lib not built"
done

# An archive keeps only base names: handshake/ext/*.c are named back into their folder.
ext=$(cd "$ROOT/handshake" && ls ext/*.c 2>/dev/null | sed 's|^ext/||' || true)
report=$(nm -A "${libs[@]}" 2>/dev/null | python3 -c '
import collections, sys

def sccs(graph):
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = counter[0]; counter[0] += 1
        stack.append(v); on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out

if not sccs({"a.c": {"b.c"}, "b.c": {"a.c"}}) or sccs({"a.c": {"b.c"}, "b.c": set()}):
    print("control: the cycle finder is wrong")
    sys.exit(0)

# Cycles older than this check, between files of crypto_glue/ and x509/: allowed as they stand.
known = [
    ["crypto_glue/hash.c", "crypto_glue/init.c", "crypto_glue/rng.c"],
    ["crypto_glue/poly1305_64.c", "crypto_glue/poly1305_avx2.c"],
    ["crypto_glue/dsa.c", "crypto_glue/ecdsa.c", "crypto_glue/pk.c"],
    ["x509/cert_view.c", "x509/crl.c", "x509/verify.c"],
]
ext = set(sys.argv[1:])  # the files of handshake/ext/
defined, used = {}, collections.defaultdict(set)
for line in sys.stdin:
    parts = line.split()
    if len(parts) != 3:
        continue
    lib, member = parts[0].split(":")[:2]
    folder = lib.rsplit("/", 1)[-1].removeprefix("libgt_").removesuffix(".a")
    member = member.removesuffix(".o")
    if folder == "handshake" and member in ext:
        folder = "handshake/ext"
    node = folder + "/" + member
    if parts[1] in "TDRBV":
        defined[parts[2]] = node
    elif parts[1] == "U":
        used[node].add(parts[2])
graph = {n: {defined[s] for s in syms if s in defined and defined[s] != n} for n, syms in used.items()}
found = sccs(graph)
for comp in found:
    if comp not in known:
        print("cycle: " + " ".join(comp))
for comp in known:
    if comp not in found:
        print("note: no longer a cycle, remove it from known: " + " ".join(comp), file=sys.stderr)
for caller in ("handshake/engine.c", "handshake/io.c"):
    for s in sorted(used.get(caller, ())):
        if defined.get(s) in ("handshake/client.c", "handshake/server.c"):
            print(f"{caller} calls {s} ({defined[s]})")
if "handshake/engine.c" not in used or "handshake/client.c" not in graph or "handshake/ext/table.c" not in graph:
    print("the libraries do not have the expected members (engine.c, client.c, ext/table.c)")
' $ext)
check "no call cycle between files (but the known ones); the engine names no role function; the finder's control" \
  test -z "$report"
[[ -z "$report" ]] || sed 's/^/  /' <<<"$report"
finish
