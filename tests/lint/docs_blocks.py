"""The fenced blocks of the Markdown pages and their output marks (docs/README.md explains them).

Used by tests/lint/docs_output_marked.sh (every block that shows output is marked) and by
tests/interop/docs_output.sh (the blocks marked `run` are run). Not a test by itself.
"""
import re

MARK = re.compile(r"^<!-- output: (run|illustrative|checked by (\S+)) -->$")
FENCE = re.compile(r"^```")

# What shows output in a block: a "$ command" line followed by what it printed; an indented
# comment line under a command ("#   10 ... HTTP ..."); a command followed by a comment that
# quotes a result ("# OK", "# +PONG", "# verify: OK", "# listening on ..."); a trace line.
SHOWS = [
    re.compile(r"^\$ "),
    re.compile(r"^#\s{2,}\S"),
    re.compile(r"^[^#\s].*\s#\s+(OK\b|PONG\b|\+[A-Z]|\"|verify: |listening on )"),
    re.compile(r"^(>>>|<<<) "),
]


def blocks(path):
    """Yield (line number, mark or None, checked-by path or None, lines) for each fenced block."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if FENCE.match(lines[i]):
            start = i
            j = i + 1
            while j < len(lines) and not FENCE.match(lines[j]):
                j += 1
            m = MARK.match(lines[start - 1]) if start > 0 else None
            yield (start + 1, m.group(1).split(" ")[0] if m else None, m.group(2) if m else None,
                   lines[start + 1:j])
            i = j + 1
        else:
            i += 1


def shows_output(body):
    return any(p.match(line) for line in body for p in SHOWS)


def sessions(body):
    """A `run` block as [(command, [expected lines])]."""
    out = []
    for line in body:
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
    return out
