#!/usr/bin/env bash
# The lockstep learner's device check (issue #18), following ../shared/gpu.md: the GPU machine has
# no Deno, no npm packages and no network, so it runs a bundled entry point with a carried Deno.
#
#   bash ci/gpu_check.sh --prepare   here: bundle src/cli/gpu_check.ts into out/gpu/gpu_check.js,
#                                    xz the npm Deno binary into out/gpu/deno.xz and download the
#                                    Vulkan loaders into out/gpu/gl/ (carry out/gpu to the machine)
#   bash ci/gpu_check.sh             on the GPU machine: unpack the loaders where libvulkan is
#                                    missing, unpack Deno, run the bundle (adapter, speed table for
#                                    R = 1, 15, 150, 900, then the 15 seeds × 5 variants × 10k
#                                    Empty-16x16 explore batch); result files as $OUT/results.tgz
#                                    (--budget S and --batches R,… pass through to the bundle)
#   bash ci/gpu_check.sh --dry-run   here, straight from the checkout: bundle, then the same run at
#                                    tiny sizes on whatever adapter Deno finds (Mesa's llvmpipe)
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1 DENO_NO_UPDATE_CHECK=1
mode="${1:-}"
dir=out/gpu
out="${OUT:-out}"

bundle() {
  mkdir -p "$dir"
  npx -y deno@2 bundle --quiet -o "$dir/gpu_check.js" src/cli/gpu_check.ts
  # wabt (the hill step kernel's assembler, loaded by the benchmark registry) is Emscripten code
  # that takes Deno for Node and reads the CommonJS __dirname, which an ES bundle lacks.
  {
    echo 'globalThis.__dirname = import.meta.dirname; globalThis.__filename = import.meta.filename;'
    cat "$dir/gpu_check.js"
  } >"$dir/gpu_check.js.tmp"
  mv "$dir/gpu_check.js.tmp" "$dir/gpu_check.js"
}

case "$mode" in
--prepare)
  bundle
  deno_bin=$(npx -y deno@2 eval 'console.log(Deno.execPath())')
  xz -T2 -6 -c "$deno_bin" >"$dir/deno.xz"
  mkdir -p "$dir/gl" /tmp/amd64/partial
  o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64)
  apt-get "${o[@]}" update -qq
  (cd "$dir/gl" && apt-get "${o[@]}" download -qq libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 \
    libglx0 libgles2)
  du -sh "$dir"
  echo "prepared: carry $dir and run: bash ci/gpu_check.sh"
  ;;
--dry-run)
  bundle
  start=$(date +%s)
  npx -y deno@2 run -A "$dir/gpu_check.js" --dry-run --out "$out/gpu-check-dry"
  echo "dry run: $(($(date +%s) - start)) s"
  ;;
"" | --budget* | --batches*)
  [ -f "$dir/gpu_check.js" ] && [ -f "$dir/deno.xz" ] || {
    echo "error: no prepared bundle ($dir): run bash ci/gpu_check.sh --prepare first" >&2
    exit 2
  }
  if ! ldconfig -p | grep -q libvulkan; then
    for f in "$dir"/gl/*.deb; do dpkg -x "$f" /; done
    ldconfig
  fi
  icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  [ -f "$icd" ] && export VK_DRIVER_FILES="$icd"
  xz -dc "$dir/deno.xz" >/tmp/deno
  chmod +x /tmp/deno
  nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
  /tmp/deno run -A "$dir/gpu_check.js" --out /tmp/gpu-check "$@" 2>&1 | tee "$out/gpu_check.log"
  tar czf "$out/results.tgz" -C /tmp/gpu-check results
  ;;
*)
  echo "error: unknown argument '$mode' (ci/gpu_check.sh): use --prepare, --dry-run or nothing" >&2
  exit 2
  ;;
esac
