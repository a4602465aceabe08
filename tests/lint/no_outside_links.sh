#!/usr/bin/env bash
# Nothing in the repository may point outside it: a clone must stand alone. Fails on
#  1. a mention of a sibling "shared" folder (../shared, shared/DESIGN.md, shared/CLI.md) or of a
#     path on a developer's machine (/work/, /home/, /root/);
#  2. a relative Markdown link whose target resolves outside the repository.
source "$(dirname "$0")/../interop/lib.bash"
need git
need python3
cd "$ROOT"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || skip "not a git checkout (the check reads git ls-files)"

self=tests/lint/no_outside_links.sh
hits=$(git grep -n -I -E '\.\./shared|shared/(DESIGN|CLI)\.md|/work/|/home/|/root/' -- . ":!$self" || true)
check "no file names ../shared or a path on a developer's machine" test -z "$hits"
[[ -z "$hits" ]] || printf '  %s\n' "$hits" | head -20

outside=$(git ls-files '*.md' | python3 -c '
import os, re, sys
root = os.path.realpath(".")
for md in sys.stdin.read().split():
    text = open(md, encoding="utf-8").read()
    for m in re.finditer(r"\]\(([^)\s]+)\)", text):
        target = m.group(1).split("#")[0]
        if not target or re.match(r"[a-z]+:", target):
            continue  # same-page anchor, or a URL (http:, mailto:)
        path = os.path.realpath(os.path.join(os.path.dirname(md), target))
        if os.path.commonpath([root, path]) != root:
            print(f"{md}: {m.group(1)}")
')
check "no Markdown link leaves the repository" test -z "$outside"
[[ -z "$outside" ]] || printf '  %s\n' "$outside"
finish
