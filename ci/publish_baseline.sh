#!/usr/bin/env bash
# Publishes RESULTS (a results folder) as the newest result set of the baseline history on the
# gh-pages branch: `ci/publish_baseline.sh [--dry-run] RESULTS DIR`, run inside the repository
# checkout. DIR is the worktree made by ci/checkout_baseline.sh; when it is absent (no gh-pages
# yet) an orphan gh-pages worktree is started there. RESULTS is copied to
# DIR/history/<UTC time>-<commit>/, sets beyond the newest $BASELINE_KEEP (default 8) are
# removed, and the change is committed and pushed to $BASELINE_REMOTE (default origin); --dry-run
# commits but does not push. `deno task compare --baseline DIR/history` judges against the newest
# --window of them. A single-set baseline/results of the older layout becomes the oldest set.
set -euo pipefail
dry=0
if [ "${1:-}" = --dry-run ]; then
  dry=1
  shift
fi
if [ $# -ne 2 ]; then
  echo "error: missing arguments (ci/publish_baseline.sh): usage: ci/publish_baseline.sh [--dry-run] RESULTS DIR" >&2
  exit 2
fi
results=$1
dir=$2
remote=${BASELINE_REMOTE:-origin}
keep=${BASELINE_KEEP:-8}
if [ -z "$(find "$results" -maxdepth 1 -name '*.json' 2>/dev/null | head -n 1)" ]; then
  echo "error: no result files ($results): give the results folder of deno task merge" >&2
  exit 2
fi
if [ ! -e "$dir/.git" ]; then
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    echo "error: not a gh-pages worktree ($dir): remove it or run ci/checkout_baseline.sh" >&2
    exit 2
  fi
  rm -rf "$dir"
  git worktree add -q --detach "$dir" HEAD
  git -C "$dir" checkout -q --orphan gh-pages
  git -C "$dir" rm -rfq .
fi
source_commit=$(git rev-parse HEAD)
if [ -d "$dir/baseline/results" ]; then
  mkdir -p "$dir/history"
  git -C "$dir" mv baseline/results history/00000000T000000Z-baseline
  git -C "$dir" rm -rq baseline
fi
stamp="$dir/history/$(date -u +%Y%m%dT%H%M%SZ)-${source_commit:0:12}"
set_dir=$stamp
n=2
while [ -e "$set_dir" ]; do
  set_dir="$stamp-$n"
  n=$((n + 1))
done
mkdir -p "$set_dir"
cp "$results"/*.json "$set_dir/"
# Names start with the UTC time, so name order is time order; the oldest go.
mapfile -t sets < <(find "$dir/history" -mindepth 1 -maxdepth 1 -type d | sort)
for ((i = 0; i < ${#sets[@]} - keep; i++)); do rm -rf "${sets[$i]}"; done
run_url=""
if [ -n "${GITHUB_RUN_ID:-}" ]; then
  run_url=" by ${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/$GITHUB_RUN_ID"
fi
printf '# Baseline history\n\nThe newest %s result sets of the weekly benchmark, oldest first; the last from commit %s, published%s. `deno task compare --baseline history` judges a candidate against the newest of them.\n' \
  "$keep" "$source_commit" "$run_url" >"$dir/README.md"
git -C "$dir" add -A history README.md
if git -C "$dir" diff --cached --quiet; then
  echo "baseline: unchanged"
  exit 0
fi
git -C "$dir" -c user.name="github-actions[bot]" \
  -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
  commit -q -m "baseline: results of $source_commit"
count=$(find "$set_dir" -maxdepth 1 -name '*.json' | wc -l)
total=$(find "$dir/history" -mindepth 1 -maxdepth 1 -type d | wc -l)
if [ "$dry" -eq 1 ]; then
  echo "baseline: committed $count result files as set $total of the history on gh-pages ($(git -C "$dir" rev-parse --short HEAD)); dry run, not pushed to $remote"
else
  git -C "$dir" push -q "$remote" HEAD:refs/heads/gh-pages
  echo "baseline: pushed $count result files as set $total of the history to $remote gh-pages ($(git -C "$dir" rev-parse --short HEAD))"
fi
