#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build a busybox initramfs (newc cpio): the one /init (scripts/vm/init.sh),
# the steps of MODE (scripts/vm/MODE.sh, as /mode.sh) and modules.
#
#   scripts/mkinitramfs.sh OUT.cpio MODE [MODULE.ko ...]
#
# MODE is check, clients, demo, bench or smoke.  The modules land in /m of
# the image; with STAGE=DIR, DIR/lib (a `make install` with
# INSTALL_MOD_PATH=DIR) is the image's /lib; with STAGE_C=DIR, DIR is /c.
# With ARCH=arm64, the busybox is the arm64 one that scripts/deps.sh puts
# in the kernel cache.
set -euo pipefail

out=${1:?usage: mkinitramfs.sh OUT MODE [MODULES...]}
mode=${2:?usage: mkinitramfs.sh OUT MODE [MODULES...]}
shift 2
vm=$(cd "$(dirname "$0")" && pwd)/vm
[ -f "$vm/$mode.sh" ] || { echo "mkinitramfs: no mode $mode ($vm/$mode.sh)" >&2; exit 1; }

bb=/bin/busybox	# from busybox-static
[ "${ARCH:-}" = arm64 ] && bb=${KNG_CACHE:-/var/cache/kthread_ng}/busybox-arm64
[ -x "$bb" ] || { echo "mkinitramfs: no $bb (make deps)" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,m,etc}
cp "$bb" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 755 "$vm/init.sh" "$root/init"
install -m 644 "$vm/$mode.sh" "$root/mode.sh"
for m in "$@"; do
	cp "$m" "$root/m/"
done
[ -z "${STAGE:-}" ] || cp -r "$STAGE/lib" "$root/"
[ -z "${STAGE_C:-}" ] || cp -r "$STAGE_C" "$root/c"
(cd "$root" && find . | cpio -o -H newc --quiet) > "$out"
