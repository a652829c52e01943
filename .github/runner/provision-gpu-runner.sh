#!/usr/bin/env bash
# Prepare a Debian 12 / Ubuntu machine as a Tunix RT training runner (content/guides/self-hosted-runner.md).
#
#   provision-gpu-runner.sh --backend webgpu                  # Vulkan loader; checks the GPU's Vulkan driver
#   provision-gpu-runner.sh --backend lavapipe                # WebGPU on the CPU (CI): Mesa >= 25 from backports
#   provision-gpu-runner.sh --backend tfjs-node-gpu --cudnn-tar cudnn-8.x-cuda11.tar.xz \
#       [--libtensorflow-base-uri https://mirror.example/libtensorflow/libtensorflow-]
#   common options: --runner-dir DIR (write TF/CUDA settings to DIR/.env for the Actions runner)
#                   --dry-run (resolve every package with `apt-get -s` against a private copy of
#                   apt's state; writes nothing outside a temporary folder; PROVISION_APT_SOURCES=dir
#                   takes the sources to start from from dir instead of /etc/apt/sources.list.d)
#
# Apt sources it needs (bookworm-backports, the non-free component) are derived from the machine's
# existing sources — same mirror, same signing key — so no host name is written here.
set -euo pipefail

backend=""
cudnn_tar=""
tf_base_uri=""
runner_dir=""
dry_run=0

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --backend) backend=${2:-}; shift 2 ;;
    --cudnn-tar) cudnn_tar=${2:-}; shift 2 ;;
    --libtensorflow-base-uri) tf_base_uri=${2:-}; shift 2 ;;
    --runner-dir) runner_dir=${2:-}; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h | --help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 ;;
  esac
done
case "$backend" in
  webgpu | lavapipe | tfjs-node-gpu) ;;
  *) echo "--backend must be webgpu, lavapipe or tfjs-node-gpu" >&2; usage 2 ;;
esac

say() { printf '── %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ] && [ "$dry_run" -eq 0 ]; then SUDO="sudo"; fi

# shellcheck source=/dev/null
. /etc/os-release
codename=${VERSION_CODENAME:-}
[ -n "$codename" ] || { echo "cannot tell the distribution's codename from /etc/os-release" >&2; exit 1; }

# ── apt: private state for --dry-run, derived sources ───────────────────────────────────────────
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
apt_opts=()
sources_dir=/etc/apt/sources.list.d
if [ "$dry_run" -eq 1 ]; then
  sources_dir=$work/sources.list.d
  mkdir -p "$sources_dir" "$work/lists/partial" "$work/cache/archives/partial"
  from=${PROVISION_APT_SOURCES:-/etc/apt/sources.list.d}
  cp "$from"/*.sources "$from"/*.list "$sources_dir/" 2>/dev/null || true
  apt_opts=(-o "Dir::Etc::sourceparts=$sources_dir" -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache=$work/cache" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
fi
apt() { $SUDO apt-get "${apt_opts[@]}" "$@"; }

# The first source of the distribution's main suite: "<uri> <signed-by>" (signed-by may be empty).
main_source() {
  local f
  for f in "$sources_dir"/*.sources; do
    [ -e "$f" ] || continue
    awk -v suite="$codename" '
      function flush() { if (isdeb && hit && uri != "") { print uri, key; found = 1; exit } isdeb = hit = 0; uri = key = "" }
      /^[[:space:]]*$/ { flush(); next }
      /^Types:/ { isdeb = ($0 ~ /(^|[[:space:]])deb([[:space:]]|$)/) }
      /^URIs:/ { uri = $2; if (uri ~ /security/) uri = "" }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) hit = 1 }
      /^Signed-By:/ { key = $2 }
      END { if (!found) flush() }' "$f" | head -n 1 | grep . && return 0
  done
  for f in /etc/apt/sources.list "$sources_dir"/*.list; do
    [ -e "$f" ] || continue
    awk -v suite="$codename" '
      $1 == "deb" {
        key = ""; i = 2
        if ($2 ~ /^\[/) { for (; i <= NF; i++) { if ($i ~ /signed-by=/) { key = $i; sub(/.*signed-by=/, "", key); sub(/\].*/, "", key) } if ($i ~ /\]$/) { i++; break } } }
        if ($(i + 1) == suite && $i !~ /security/) { print $i, key; exit }
      }' "$f" | head -n 1 | grep . && return 0
  done
  return 1
}

# has_source <suite> <component>: some enabled source already offers it (deb822 or one-line).
has_source() {
  local f
  for f in "$sources_dir"/*.sources; do
    [ -e "$f" ] || continue
    awk -v suite="$1" -v comp="$2" '
      function flush() { if (s && c && on) { found = 1; exit } s = c = 0; on = 1 }
      BEGIN { on = 1 }
      /^[[:space:]]*$/ { flush(); next }
      /^Enabled:[[:space:]]*no/ { on = 0 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) s = 1 }
      /^Components:/ { for (i = 2; i <= NF; i++) if ($i == comp) c = 1 }
      END { if (!found) flush(); exit !found }' "$f" && return 0
  done
  for f in /etc/apt/sources.list "$sources_dir"/*.list; do
    [ -e "$f" ] || continue
    awk -v suite="$1" -v comp="$2" '
      $1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) for (j = i + 2; j <= NF; j++) if ($j == comp) { found = 1; exit } }
      END { exit !found }' "$f" && return 0
  done
  return 1
}

# add_source <suite> <component>: a deb822 source beside the existing ones, unless one has it.
add_source() {
  local suite=$1 comp=$2 line uri key name
  if has_source "$suite" "$comp"; then
    say "apt already has $suite $comp"
    return 0
  fi
  line=$(main_source) || { echo "no apt source for $codename found to derive $suite from" >&2; exit 1; }
  uri=${line%% *}
  key=${line#* }
  name="$sources_dir/tunix-${suite}-${comp}.sources"
  say "adding $suite $comp from $uri → $name"
  {
    echo "Types: deb"
    echo "URIs: $uri"
    echo "Suites: $suite"
    echo "Components: $comp"
    [ -n "$key" ] && [ "$key" != "$uri" ] && echo "Signed-By: $key"
  } | if [ "$dry_run" -eq 1 ]; then tee "$name" | sed 's/^/   /'; else $SUDO tee "$name" >/dev/null; fi
}

install_pkgs() {
  say "apt-get install $*"
  if [ "$dry_run" -eq 1 ]; then apt -s install -y "$@" | grep -E '^(Inst|Conf) |already the newest' | sed 's/^/   /'; else apt install -y "$@"; fi
}

env_line() {
  [ -n "$runner_dir" ] || return 0
  local file="$runner_dir/.env"
  if [ "$dry_run" -eq 1 ]; then say "would add to $file: $1"; return 0; fi
  grep -qxF "$1" "$file" 2>/dev/null || echo "$1" >>"$file"
}

# ── backends ─────────────────────────────────────────────────────────────────────────────────
case "$backend" in
  lavapipe)
    add_source "${codename}-backports" main
    apt update -qq
    install_pkgs -t "${codename}-backports" mesa-vulkan-drivers libvulkan1
    ;;
  webgpu)
    apt update -qq
    install_pkgs libvulkan1
    if ls /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json >/dev/null 2>&1; then
      say "NVIDIA Vulkan driver found"
    elif command -v nvidia-smi >/dev/null 2>&1; then
      say "nvidia-smi works but no nvidia_icd.json: install the Vulkan part of the same driver"
      say "  Debian's driver: apt-get install nvidia-vulkan-icd (non-free); Ubuntu: libnvidia-gl-<driver major>"
      say "  containers: NVIDIA_DRIVER_CAPABILITIES must include graphics"
    else
      say "no NVIDIA driver found (nvidia-smi): install the GPU's driver first"
    fi
    ;;
  tfjs-node-gpu)
    if [ "${ID:-}" = debian ]; then
      add_source "$codename" non-free
      apt update -qq
      # The CUDA 11.8 runtime libraries libtensorflow 2.9 (built for 11.2) loads at run time.
      install_pkgs libcudart11.0 libcublas11 libcublaslt11 libcufft10 libcurand10 libcusolver11 libcusparse11
    else
      say "not Debian: install the CUDA 11.x runtime libraries from NVIDIA's repository (cuda-libraries-11-8)"
    fi
    if [ -n "$cudnn_tar" ]; then
      [ -f "$cudnn_tar" ] || { echo "no such file: $cudnn_tar" >&2; exit 1; }
      say "unpacking cuDNN from $cudnn_tar into /opt/cudnn8"
      if [ "$dry_run" -eq 0 ]; then
        $SUDO mkdir -p /opt/cudnn8
        $SUDO tar -xf "$cudnn_tar" -C /opt/cudnn8 --strip-components=1
        echo /opt/cudnn8/lib | $SUDO tee /etc/ld.so.conf.d/cudnn8.conf >/dev/null
        $SUDO ldconfig
      fi
    else
      say "cuDNN 8 for CUDA 11 is not in Debian: pass --cudnn-tar <cudnn-linux-x86_64-8.x_cuda11-archive.tar.xz>"
    fi
    # npm's install of @tensorflow/tfjs-node-gpu downloads libtensorflow (<base>gpu-linux-x86_64-2.9.1.tar.gz,
    # http/https only); the Actions runner reads DIR/.env into every job, so `npm ci` finds the mirror.
    if [ -n "$tf_base_uri" ]; then
      env_line "TFJS_NODE_BASE_URI=$tf_base_uri"
    else
      say "libtensorflow: pass --libtensorflow-base-uri <http(s) prefix> of a mirror holding gpu-linux-x86_64-2.9.1.tar.gz"
    fi
    env_line "TF_FORCE_GPU_ALLOW_GROWTH=true"
    env_line "CUDA_CACHE_MAXSIZE=4294967296"
    ;;
esac
say "done; check with: npx tunix-rt doctor --require gpu"
