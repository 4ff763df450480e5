#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Install the Debian packages kthread_ng's build and tests need, if missing.
# With ARCH=arm64 (make check ARCH=arm64), also QEMU for arm64 and an arm64
# static busybox for the test VM's initramfs: Debian's busybox-static:arm64,
# downloaded (not installed) through dpkg's arm64 architecture and unpacked
# into the kernel cache, where scripts/mkinitramfs.sh takes it.
set -euo pipefail

pkgs=(
	linux-source-6.12 linux-source-6.1
	linux-headers-amd64 linux-headers-6.12-amd64
	linux-image-amd64 linux-image-6.12-amd64
	qemu-system-x86 busybox-static cpio xz-utils
	build-essential flex bison bc libelf-dev libssl-dev dwarves kmod
	sparse python3 perl iproute2 python3-sphinx gcc-aarch64-linux-gnu
	python3-drgn
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
arm64=0
[ "${ARCH:-}" = arm64 ] && { arm64=1; pkgs+=(qemu-system-arm); }
cache=${KNG_CACHE:-/var/cache/kthread_ng}

# The arm64 busybox, once: $cache/busybox-arm64.
arm64_busybox() {
	local tmp deb
	[ -x "$cache/busybox-arm64" ] && return 0
	[ "$(id -u)" = 0 ] || { echo "deps: no $cache/busybox-arm64 (run as root to fetch it)" >&2; return 1; }
	echo "deps: fetching busybox-static:arm64" >&2
	dpkg --print-foreign-architectures | grep -qx arm64 || {
		dpkg --add-architecture arm64
		apt-get update -qq >&2
	}
	tmp=$(mktemp -d)
	# apt downloads as _apt where it can write.
	chown _apt "$tmp" 2>/dev/null || true
	(cd "$tmp" && apt-get download -qq busybox-static:arm64 >&2) || { rm -rf "$tmp"; return 1; }
	deb=$(ls "$tmp"/busybox-static_*_arm64.deb)
	dpkg-deb -x "$deb" "$tmp/x"
	mkdir -p "$cache"
	install -m 755 "$tmp/x/bin/busybox" "$cache/busybox-arm64"
	rm -rf "$tmp"
}

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	[ $arm64 = 0 ] || arm64_busybox
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages: ${missing[*]} (run as root to install)" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
[ $want73 = 1 ] && { backports || exit 1; }
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
[ $arm64 = 0 ] || arm64_busybox
