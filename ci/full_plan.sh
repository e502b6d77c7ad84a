#!/usr/bin/env bash
# Plans a sharded run for the `full` workflow: `ci/full_plan.sh RUNNERS CORES HOURS MAX_LEVELS PLAN
# [plan flags...]`, e.g. `ci/full_plan.sh 20 4 5.5 4 plan.json --profile full`. Writes the plan to
# PLAN and, as `key=value` lines on stdout (and into $GITHUB_OUTPUT when set), the matrix
# `shards=[1,…,N]`, `count=N` and the time budget of a level `budget=<seconds>`. Fails when the
# longest shard needs more than MAX_LEVELS levels of HOURS (the workflow has that many levels).
# Deno is $DENO (default `npx -y deno@2`); PLAN may be relative to the caller's folder.
set -euo pipefail
if [ $# -lt 5 ]; then
  echo "error: missing arguments (ci/full_plan.sh): usage: ci/full_plan.sh RUNNERS CORES HOURS MAX_LEVELS PLAN [plan flags...]" >&2
  exit 2
fi
runners=$1 cores=$2 hours=$3 max_levels=$4 plan=$5
shift 5
case $plan in /*) ;; *) plan="$PWD/$plan" ;; esac
read -r -a deno <<<"${DENO:-npx -y deno@2}"
cd "$(dirname "$0")/.."
"${deno[@]}" task plan --runners "$runners" --cores "$cores" --hours "$hours" --write "$plan" "$@"
outputs=$(PLAN="$plan" MAX_LEVELS="$max_levels" "${deno[@]}" eval '
const plan = JSON.parse(Deno.readTextFileSync(Deno.env.get("PLAN")));
const max = Number(Deno.env.get("MAX_LEVELS"));
if (plan.levels > max) {
  console.error(`error: the plan needs ${plan.levels} levels of ${plan.hours} h, the workflow has ${max} (ci/full_plan.sh): add runners or hours, or levels to .github/workflows/full.yml`);
  Deno.exit(1);
}
console.log(`shards=${JSON.stringify(plan.shards.map((_, i) => i + 1))}`);
console.log(`count=${plan.shards.length}`);
console.log(`budget=${Math.floor(plan.hours * 3600)}`);
')
echo "$outputs"
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$outputs" >>"$GITHUB_OUTPUT"; fi
