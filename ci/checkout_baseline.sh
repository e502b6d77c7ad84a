#!/usr/bin/env bash
# Checks out the gh-pages branch, where the baseline history lives (history/<set>/), as a git
# worktree at DIR: `ci/checkout_baseline.sh DIR`, run inside the repository checkout. Without a
# gh-pages branch (the first run) DIR is not created and the script says so; ci/publish_baseline.sh
# then starts the branch. The remote is $BASELINE_REMOTE (default origin).
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "error: missing DIR (ci/checkout_baseline.sh): usage: ci/checkout_baseline.sh DIR" >&2
  exit 2
fi
dir=$1
remote=${BASELINE_REMOTE:-origin}
rc=0
git ls-remote --exit-code --heads "$remote" gh-pages >/dev/null || rc=$?
if [ "$rc" -eq 2 ]; then
  echo "baseline: none (no gh-pages branch on $remote)"
  exit 0
elif [ "$rc" -ne 0 ]; then
  echo "error: cannot list the branches of $remote (exit $rc) (ci/checkout_baseline.sh): check the remote and its credentials" >&2
  exit 1
fi
git fetch -q --depth 1 "$remote" gh-pages
git worktree add -q --detach "$dir" FETCH_HEAD
# Either folder may be missing (find then fails): the older layout had baseline/results only.
sets=$( (find "$dir/history" -mindepth 1 -maxdepth 1 -type d 2>/dev/null || true) | wc -l)
count=$( (find "$dir/history" "$dir/baseline/results" -mindepth 1 -maxdepth 2 -name '*.json' 2>/dev/null || true) | wc -l)
echo "baseline: $count result files in $sets history sets from gh-pages $(git -C "$dir" rev-parse --short HEAD) in $dir"
