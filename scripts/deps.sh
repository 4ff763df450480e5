#!/bin/bash
# Install the Debian packages kthread_ng's build and tests need, if missing.
set -euo pipefail

pkgs=(
	linux-source-6.12 linux-source-6.1
	linux-headers-amd64 linux-headers-6.12-amd64
	linux-image-amd64 linux-image-6.12-amd64
	qemu-system-x86 busybox-static cpio xz-utils
	build-essential flex bison bc libelf-dev libssl-dev dwarves kmod
	sparse python3 perl
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages: ${missing[*]} (run as root to install)" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
