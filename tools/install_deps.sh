#!/usr/bin/env bash
# Installs every build and test dependency of Peregrine from Debian's apt repository.
# Idempotent: when everything is present it only runs dpkg-query and exits within a second.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git
  llvm-19-dev clang-19 lld-19 libclang-rt-19-dev
  libbpf-dev bpftool libelf-dev zlib1g-dev libzstd-dev libisal-dev
  libyaml-cpp-dev libabsl-dev libbenchmark-dev libgtest-dev libgmock-dev
  libssl-dev clang-format iproute2 procps
  libcurl4-openssl-dev prometheus python3 openssl
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install_deps: installing ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "install_deps: need root to install packages (run as root or with sudo)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
