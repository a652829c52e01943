#!/usr/bin/env bash
# The GPU measurement in one call on the lent GPU machine (after bench/peers/pack-device-webgpu.sh
# here; the call carries .device and .gl). From the repository root:
#   1. the Vulkan loader from .gl (the device tool's recipe) and the NVIDIA Vulkan driver manifest;
#   2. Node and dawn.node unpacked to /tmp; the adapter, nvidia-smi;
#   3. the training-step benchmark on WebGPU (bench/device-webgpu.ts) and the PyTorch peer on the
#      same GPU in fp32 with TF32 off (bench/peers/gpt_train.py --device cuda), for the reference
#      GPT (4L×256, context 256) and the larger shape (12L×768, context 1024), batch 8, vocab 4096.
# Each measurement has its own time limit, so one that hangs costs only its share; every result
# goes to $OUT/results.jsonl as it arrives ({name, rc, seconds, result}), the whole log to
# $OUT/log.txt, nvidia-smi to $OUT/nvidia-smi.txt. Here, on lavapipe:
#   OUT=/tmp/out TUNIX_DEVICE_SHAPES=tiny TUNIX_PEER_DEVICE=cpu TUNIX_PYTHON=/usr/bin/python3 bash bench/peers/device-webgpu.sh
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
out=${OUT:-/tmp/tunix-device-out}
mkdir -p "$out"
exec > >(tee -a "$out/log.txt") 2>&1
shapes=${TUNIX_DEVICE_SHAPES:-reference large}
peer_device=${TUNIX_PEER_DEVICE:-cuda}
python=${TUNIX_PYTHON:-python3}
work=/tmp/tunix-webgpu-bench
t_start=$SECONDS

# ── 1. Vulkan ─────────────────────────────────────────────────────────────────────────────────
if ! ldconfig -p | grep -q 'libvulkan\.so\.1 ' && ls .gl/*.deb >/dev/null 2>&1; then
  for f in .gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$icd" ]; then export VK_DRIVER_FILES=$icd; fi
echo "libvulkan: $(ldconfig -p | grep -m1 'libvulkan\.so\.1 ' || echo missing); VK_DRIVER_FILES=${VK_DRIVER_FILES:-}"

# ── 2. Node, Dawn ─────────────────────────────────────────────────────────────────────────────
unxz_to() { # unxz_to <file.xz> <target>: xz where installed, else Python's lzma
  if command -v xz >/dev/null 2>&1; then xz -dc "$1" >"$2"; else
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"
  fi
}
mkdir -p "$work/dist/linux-x64"
unxz_to .device/node.xz "$work/node" && chmod +x "$work/node"
unxz_to .device/dawn.node.xz "$work/dist/linux-x64/dawn.node"
cp .device/device-webgpu.mjs "$work/"
"$work/node" --version
nvidia-smi >"$out/nvidia-smi.txt" 2>&1 || echo "no nvidia-smi" >"$out/nvidia-smi.txt"
head -n 12 "$out/nvidia-smi.txt"
echo "unpacked in $((SECONDS - t_start)) s"

# measure <name> <seconds> <command…>: one result line, whatever happens.
measure() {
  local name=$1 limit=$2 t0=$SECONDS rc
  shift 2
  echo "── $name (limit ${limit}s): $*"
  timeout --kill-after=10 "$limit" "$@" >"$work/$name.out"
  rc=$?
  local last
  last=$(grep '^{' "$work/$name.out" | tail -n 1)
  [ -n "$last" ] || last=null
  printf '{"name":"%s","rc":%d,"seconds":%d,"result":%s}\n' "$name" "$rc" $((SECONDS - t0)) "$last" >>"$out/results.jsonl"
  echo "── $name: rc $rc in $((SECONDS - t0)) s"
}

peer_args() { # the PyTorch peer's flags for a shape
  case $1 in
    reference) echo "--layers 4 --d-model 256 --heads 4 --context 256" ;;
    large) echo "--layers 12 --d-model 768 --heads 12 --context 1024" ;;
    tiny) echo "--layers 2 --d-model 64 --heads 4 --context 64" ;;
  esac
}
vocab_of() { if [ "$1" = tiny ]; then echo 256; else echo 4096; fi; }

# ── 3. measurements: time limits sum to ~7.5 minutes ─────────────────────────────────────────
for shape in $shapes; do
  case $shape in
    large) web_limit=200 web_steps=3 torch_limit=90 ;;
    *) web_limit=110 web_steps=5 torch_limit=60 ;;
  esac
  measure "webgpu-$shape" "$web_limit" "$work/node" "$work/device-webgpu.mjs" --shape "$shape" --steps "$web_steps"
  # shellcheck disable=SC2046 # word splitting of the flags is intended
  measure "torch-$peer_device-$shape" "$torch_limit" env PYTHONUNBUFFERED=1 OPENBLAS_CORETYPE=SkylakeX "$python" bench/peers/gpt_train.py \
    $(peer_args "$shape") --batch 8 --vocab "$(vocab_of "$shape")" --steps 5 --device "$peer_device" --tf32 off
done

# ── summary ──────────────────────────────────────────────────────────────────────────────────
python3 - "$out/results.jsonl" <<'PY' || true
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {r["name"]: r for r in rows}
for r in rows:
    res = r["result"] or {}
    print(f'{r["name"]:<22} rc {r["rc"]:>3}  {r["seconds"]:>4}s  step_ms {res.get("step_ms", float("nan")):>9.1f}  tokens/s {res.get("tokens_per_s", float("nan")):>10.0f}')
for shape in ("tiny", "reference", "large"):
    w = (by.get(f"webgpu-{shape}") or {}).get("result") or {}
    t = next(((v.get("result") or {}) for k, v in by.items() if k.startswith("torch-") and k.endswith(shape)), {})
    if w.get("tokens_per_s") and t.get("tokens_per_s"):
        print(f"{shape}: webgpu / pytorch = {w['tokens_per_s'] / t['tokens_per_s']:.3f}; dispatch overhead {w.get('dispatch_overhead_fraction')}")
PY
echo "total $((SECONDS - t_start)) s"
