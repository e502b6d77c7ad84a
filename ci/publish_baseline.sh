#!/usr/bin/env bash
# Publishes RESULTS (a results folder) as the next baseline on the gh-pages branch:
# `ci/publish_baseline.sh [--dry-run] RESULTS DIR`, run inside the repository checkout. DIR is the
# worktree made by ci/checkout_baseline.sh; when it is absent (no gh-pages yet) an orphan gh-pages
# worktree is started there. DIR/baseline/results is replaced by RESULTS, committed and pushed to
# $BASELINE_REMOTE (default origin); --dry-run commits but does not push.
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
rm -rf "$dir/baseline/results"
mkdir -p "$dir/baseline/results"
cp "$results"/*.json "$dir/baseline/results/"
run_url=""
if [ -n "${GITHUB_RUN_ID:-}" ]; then
  run_url=" by ${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/$GITHUB_RUN_ID"
fi
printf '# Baseline\n\nResult files of commit %s, published%s. `deno task compare --baseline` reads them.\n' \
  "$source_commit" "$run_url" >"$dir/baseline/README.md"
git -C "$dir" add -A baseline
if git -C "$dir" diff --cached --quiet; then
  echo "baseline: unchanged"
  exit 0
fi
git -C "$dir" -c user.name="github-actions[bot]" \
  -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
  commit -q -m "baseline: results of $source_commit"
count=$(find "$dir/baseline/results" -maxdepth 1 -name '*.json' | wc -l)
if [ "$dry" -eq 1 ]; then
  echo "baseline: committed $count result files on gh-pages ($(git -C "$dir" rev-parse --short HEAD)); dry run, not pushed to $remote"
else
  git -C "$dir" push -q "$remote" HEAD:refs/heads/gh-pages
  echo "baseline: pushed $count result files to $remote gh-pages ($(git -C "$dir" rev-parse --short HEAD))"
fi
