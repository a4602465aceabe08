#!/usr/bin/env bash
# The command blocks of docs/*.md and README.md marked `<!-- output: run -->` (docs/README.md):
# each "$ command" line is run with bash from the repository root, the built glasstls first on
# PATH, and what it prints (stdout and stderr together) must be the lines under it, exactly.
source "$(dirname "$0")/lib.bash"
need_glasstls
need python3

python3 - "$ROOT" "$BUILD" >"$WORK/report.txt" <<'PY'
import glob, os, subprocess, sys
root, build = sys.argv[1:3]
sys.path.insert(0, f"{root}/tests/lint")
from docs_blocks import blocks, sessions
env = dict(os.environ, PATH=f"{build}:{os.environ['PATH']}", SSLKEYLOGFILE="")
for page in sorted(glob.glob(f"{root}/docs/*.md")) + [f"{root}/README.md"]:
    name = os.path.relpath(page, root)
    for line, mark, _, body in blocks(page):
        if mark != "run":
            continue
        for cmd, want in sessions(body):
            r = subprocess.run(["bash", "-c", cmd], cwd=root, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
            got = r.stdout.decode("utf-8", "replace").rstrip("\n").split("\n")
            ok = got == want
            print(f"{'ok  ' if ok else 'FAIL'} {name}:{line}: $ {cmd}")
            if not ok:
                print("  the page shows:\n    " + "\n    ".join(want))
                print("  the command printed:\n    " + "\n    ".join(got))
PY
cat "$WORK/report.txt"
check "the docs' run blocks print what the pages show" bash -c "! grep -q '^FAIL' '$WORK/report.txt'"
check "there is at least one run block" grep -q '^ok' "$WORK/report.txt"
finish
