#!/usr/bin/env bash
# One job of the `full` workflow's chain: `ci/full_level.sh I/N LEVEL LAST BUDGET PLAN OUT [bench
# flags...]` runs shard I/N of PLAN into OUT for at most BUDGET seconds (`bench --time-budget`),
# resuming what earlier levels left in OUT (results and checkpoints, carried as artifacts). It
# writes bench's last word to OUT/left.txt (so the artifact is never empty; removed before the next
# level's bench, which takes only a folder it wrote) and, at level LAST,
# fails if anything is still left. Deno is $DENO (default `npx -y deno@2`); OUT and PLAN may be
# relative to the caller's folder.
set -euo pipefail
if [ $# -lt 6 ]; then
  echo "error: missing arguments (ci/full_level.sh): usage: ci/full_level.sh I/N LEVEL LAST BUDGET PLAN OUT [bench flags...]" >&2
  exit 2
fi
shard=$1 level=$2 last=$3 budget=$4 plan=$5 out=$6
shift 6
case $plan in /*) ;; *) plan="$PWD/$plan" ;; esac
case $out in /*) ;; *) out="$PWD/$out" ;; esac
read -r -a deno <<<"${DENO:-npx -y deno@2}"
cd "$(dirname "$0")/.."
# left.txt is this script's own, from the level before: bench takes only a folder it wrote.
rm -f "$out/left.txt"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"${deno[@]}" task bench --plan "$plan" --shard "$shard" --out "$out" --time-budget "$budget" "$@" |
  tee "$log"
left=$(grep '^bench: time budget' "$log")
echo "level $level, shard $shard: ${left#bench: }" | tee "$out/left.txt"
if [ "$level" -ge "$last" ] && [[ $left != *"nothing left"* ]]; then
  echo "::error::shard $shard has work left after level $level, the last: add levels to .github/workflows/full.yml or runners"
  exit 1
fi
