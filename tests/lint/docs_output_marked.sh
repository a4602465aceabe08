#!/usr/bin/env bash
# Every command block in docs/ (and README.md) that shows output carries a mark saying how that
# output is kept true (docs/README.md): run by tests/interop/docs_output.sh, checked by a named
# test (which must exist and name the page), or illustrative. Pages generated from docs/src/ are
# compared whole by tests/interop/docs_drift.sh and are not looked at here.
source "$(dirname "$0")/../interop/lib.bash"
need python3
cd "$ROOT"

report=$(python3 - <<'PY'
import glob, os, sys
sys.path.insert(0, "tests/lint")
from docs_blocks import blocks, shows_output
pages = sorted(glob.glob("docs/*.md")) + ["README.md"]
for page in pages:
    if os.path.exists(f"docs/src/{os.path.basename(page)}.in"):
        continue  # generated: docs_drift.sh compares the whole page
    for line, mark, test, body in blocks(page):
        if mark is None and shows_output(body):
            print(f"{page}:{line}: shows output but has no <!-- output: ... --> mark")
        elif mark == "checked":
            if not os.path.isfile(test):
                print(f"{page}:{line}: checked by {test}, which does not exist")
            elif page not in open(test, encoding="utf-8").read():
                print(f"{page}:{line}: {test} does not mention {page}")
        elif mark == "run" and not any(l.startswith("$ ") for l in body):
            print(f"{page}:{line}: marked run but has no \"$ command\" line")
PY
)
check "every docs block that shows output is marked, and each mark holds" test -z "$report"
[[ -z "$report" ]] || printf '  %s\n' "$report"
finish
