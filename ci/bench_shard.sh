#!/usr/bin/env bash
# Runs shard I/N of the suite into OUT: `ci/bench_shard.sh I/N OUT [bench flags...]`, e.g.
# `ci/bench_shard.sh 2/4 shard-2 --profile default`. OUT/results exists afterwards even for a shard
# of 0 runs, so the artifact upload and the merge always find a folder. Deno is $DENO (default
# `npx -y deno@2`); OUT may be relative to the caller's folder.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "error: missing arguments (ci/bench_shard.sh): usage: ci/bench_shard.sh I/N OUT [bench flags...]" >&2
  exit 2
fi
shard=$1
out=$2
shift 2
case $out in /*) ;; *) out="$PWD/$out" ;; esac
read -r -a deno <<<"${DENO:-npx -y deno@2}"
cd "$(dirname "$0")/.."
"${deno[@]}" task bench --shard "$shard" --out "$out" "$@"
count=$(find "$out/results" -maxdepth 1 -name '*.json' | wc -l)
echo "shard $shard: $count result files in $out/results"
