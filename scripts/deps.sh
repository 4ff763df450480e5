#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Install the Debian packages kthread_ng's build and tests need, if missing.
set -euo pipefail

pkgs=(
	linux-source-6.12 linux-source-6.1
	linux-headers-amd64 linux-headers-6.12-amd64
	linux-image-amd64 linux-image-6.12-amd64
	qemu-system-x86 busybox-static cpio xz-utils
	build-essential flex bison bc libelf-dev libssl-dev dwarves kmod
	sparse python3 perl iproute2 python3-sphinx gcc-aarch64-linux-gnu
)

# Linux 7.3's source comes from Debian's trixie-backports suite, from the same
# archive as the system's own sources; pinned so that nothing else comes from
# it.  (7.3's headers packages need trixie's libc: there is no stock 7.3.)
want73=0
case " ${KVERS:-${KVER:-}} " in *" 7.3 "*) want73=1 ;; esac
backports() {
	local uri list=/etc/apt/sources.list.d/kthread_ng-trixie-backports.sources
	[ -f "$list" ] && return 0
	uri=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -1)
	[ -n "$uri" ] || uri=$(sed -n 's/^deb[[:space:]]\+\([^[:space:]]*\)[[:space:]]\+bookworm[[:space:]].*/\1/p' /etc/apt/sources.list 2>/dev/null | head -1)
	[ -n "$uri" ] || { echo "deps: no Debian archive in the apt sources" >&2; return 1; }
	printf 'Types: deb\nURIs: %s\nSuites: trixie-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" > "$list"
	printf 'Package: *\nPin: release n=trixie-backports\nPin-Priority: 1\n' \
		> /etc/apt/preferences.d/kthread_ng-trixie-backports
}
if [ $want73 = 1 ]; then
	pkgs+=(linux-source-7.3)
fi

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
[ $want73 = 1 ] && { backports || exit 1; }
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
