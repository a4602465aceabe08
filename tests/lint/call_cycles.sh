#!/usr/bin/env bash
# The call map of the connection and the handshake (docs/design.md, "Who calls whom"), checked on
# the built libraries: a file's calls are the symbols its object leaves undefined (nm), resolved
# to the file that defines them.
#  1. no call cycle among the files of handshake/ and tls/ (ext/ files aside: a path through them
#     does not count here): the connection calls the handshake, the engine calls a role only
#     through hs_role and its tables, the handlers call down into io.c;
#  2. handshake/engine.c and handshake/io.c call nothing that client.c or server.c defines;
#  3. control: the cycle finder finds the cycle of a two-file map that has one.
source "$(dirname "$0")/../interop/lib.bash"
need nm
need python3
for lib in libgt_handshake.a libgt_tls.a; do
  [[ -f "$BUILD/$lib" ]] || skip "$BUILD/$lib not built"
done

ext=$(cd "$ROOT/handshake" && ls ext/*.c 2>/dev/null | sed 's|^ext/||' || true)
report=$(nm -A "$BUILD/libgt_handshake.a" "$BUILD/libgt_tls.a" 2>/dev/null | python3 -c '
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

defined, used = {}, collections.defaultdict(set)
for line in sys.stdin:
    parts = line.split()
    if len(parts) != 3:
        continue
    lib, member = parts[0].split(":")[:2]
    node = ("tls/" if lib.endswith("libgt_tls.a") else "handshake/") + member.removesuffix(".o")
    if parts[1] in "TDRB":
        defined[parts[2]] = node
    elif parts[1] == "U":
        used[node].add(parts[2])
ext = set(sys.argv[1:])  # the files of handshake/ext/ (an archive keeps only base names)
own = lambda n: n.split("/")[1] not in ext
graph = {n: {defined[s] for s in syms if s in defined and defined[s] != n and own(defined[s])}
         for n, syms in used.items() if own(n)}
for comp in sccs(graph):
    print("cycle: " + " ".join(comp))
for caller in ("handshake/engine.c", "handshake/io.c"):
    for s in sorted(used.get(caller, ())):
        if defined.get(s) in ("handshake/client.c", "handshake/server.c"):
            print(f"{caller} calls {s} ({defined[s]})")
if "handshake/engine.c" not in used or "handshake/client.c" not in graph:
    print("the libraries do not have the expected members (engine.c, client.c)")
' $ext)
check "no call cycle among handshake/ and tls/; the engine names no role function; the finder's control" \
  test -z "$report"
[[ -z "$report" ]] || sed 's/^/  /' <<<"$report"
finish
