#!/usr/bin/env bash
# Compares CANDIDATE with BASELINE and appends the markdown table to SUMMARY (in Actions,
# $GITHUB_STEP_SUMMARY): `ci/compare_baseline.sh BASELINE CANDIDATE SUMMARY [compare flags...]`.
# Each folder is a bench/merge output folder or a results folder; BASELINE may also be a history
# folder of such result sets (gh-pages' history/, judged as compare's --window). Without baseline results (the
# first run) it appends a note and exits 0; otherwise it exits with compare's status: 0 fine,
# 1 regression, 2 bad input. Deno is $DENO (default `npx -y deno@2`).
set -uo pipefail
if [ $# -lt 3 ]; then
  echo "error: missing arguments (ci/compare_baseline.sh): usage: ci/compare_baseline.sh BASELINE CANDIDATE SUMMARY [compare flags...]" >&2
  exit 2
fi
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac }
shown=$1
baseline=$(abs "$1")
candidate=$(abs "$2")
summary=$(abs "$3")
shift 3
if [ -z "$(find "$baseline" -maxdepth 3 -name '*.json' 2>/dev/null | head -n 1)" ]; then
  note="No baseline results in $shown: comparison skipped (this run's results become the baseline)."
  echo "$note"
  printf '### Result comparison\n\n%s\n' "$note" >>"$summary"
  exit 0
fi
read -r -a deno <<<"${DENO:-npx -y deno@2}"
cd "$(dirname "$0")/.." || exit 2
table=$(mktemp)
"${deno[@]}" task compare --baseline "$baseline" --candidate "$candidate" "$@" >"$table"
rc=$?
cat "$table"
cat "$table" >>"$summary"
[ "$rc" -le 1 ] || printf '\ncompare failed with exit %s; see the job log.\n' "$rc" >>"$summary"
rm -f "$table"
exit "$rc"
