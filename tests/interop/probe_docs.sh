#!/usr/bin/env bash
# docs/experiments.md shows commands with their output and a recipe to run; this test runs them.
#   1. every code block whose first line is "$ glasstls probe ..." must print exactly the lines
#      that follow it in the block (the --explain cards);
#   2. recipe 8, as written (only the port changes): a `glasstls probe --serve` and the
#      `openssl s_client` line of the recipe, for cert-other-host and cert-expired — a client
#      that checks the CA and the name must pass both (issue 23 item 9, issue 15 item 4).
source "$(dirname "$0")/lib.bash"
need_glasstls
need python3
DOC="$ROOT/docs/experiments.md"
cd "$ROOT"

# 1. ---- blocks with output -------------------------------------------------------------------------
python3 - "$DOC" "$WORK" <<'PY'
import re, sys
doc, work = sys.argv[1:3]
blocks = re.findall(r"```\n(\$ glasstls probe [^\n]*)\n(.*?)```", open(doc).read(), re.S)
for i, (cmd, out) in enumerate(blocks):
    open(f"{work}/block{i}.cmd", "w").write(cmd[2:] + "\n")
    open(f"{work}/block{i}.want", "w").write(out)
print(len(blocks))
PY
n_blocks=$(ls "$WORK"/block*.cmd 2>/dev/null | wc -l)
check "docs/experiments.md shows at least two probe outputs" test "$n_blocks" -ge 2
same_output() { # same_output I
  local cmd
  cmd=$(cat "$WORK/block$1.cmd")
  # shellcheck disable=SC2086 # the command as the document writes it, glasstls from this build
  "$GLASSTLS" ${cmd#glasstls } >"$WORK/block$1.got" 2>&1
  diff -u "$WORK/block$1.want" "$WORK/block$1.got"
}
for ((i = 0; i < n_blocks; i++)); do
  check "docs: '$(cat "$WORK/block$i.cmd")' prints what the page shows" same_output "$i"
done

# 2. ---- recipe 8 ---------------------------------------------------------------------------------------
need openssl
client_line=$(sed -n '/^## Recipe 8/,/^## Recipe 9/p' "$DOC" | grep -m1 'openssl s_client')
check "recipe 8 has its openssl s_client line" test -n "$client_line"
recipe8() {
  local port log="$WORK/serve8.log"
  start_bg 60 "$log" "$GLASSTLS" probe --serve 0 --only cert-other-host,cert-expired --timeout 2
  port=$(wait_listening "$log") || return 1
  local line=${client_line//4433/$port}
  bash -c "$line" || true  # the client fails: that is the point
  bash -c "$line" || true
  wait_log "$log" '^2 experiments' || { cat "$log"; return 1; }
  grep -q '^cert-other-host .* pass .*bad_certificate\|^cert-other-host .* pass .*certificate_unknown' "$log" &&
    grep -q '^cert-expired .* pass .*certificate_expired' "$log" || { cat "$log"; return 1; }
}
check "recipe 8 as written: openssl s_client passes cert-other-host and cert-expired" recipe8
finish
