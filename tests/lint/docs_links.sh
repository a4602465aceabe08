#!/usr/bin/env bash
# Every relative link in the Markdown files of the repository points at a file or folder that
# exists (links to web pages are not followed).
source "$(dirname "$0")/../interop/lib.bash"
need git
need python3
cd "$ROOT"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || skip "not a git checkout (the check reads git ls-files)"

broken=$(git ls-files '*.md' | python3 -c '
import os, re, sys
for md in sys.stdin.read().split():
    text = open(md, encoding="utf-8").read()
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)  # links inside code are not links
    for m in re.finditer(r"\]\(([^)\s]+)\)", text):
        target = m.group(1).split("#")[0]
        if not target or re.match(r"[a-z]+:", target):
            continue
        if not os.path.exists(os.path.join(os.path.dirname(md), target)):
            print(f"{md}: {m.group(1)}")
')
check "every relative Markdown link resolves" test -z "$broken"
[[ -z "$broken" ]] || printf '  %s\n' "$broken"
finish
