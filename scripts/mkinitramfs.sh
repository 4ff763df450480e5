#!/bin/bash
# Build a busybox initramfs (newc cpio) with an /init script and modules.
#
#   scripts/mkinitramfs.sh OUT.cpio INIT_SCRIPT [MODULE.ko ...]
#
# The modules land in /m of the image.
set -euo pipefail

out=${1:?usage: mkinitramfs.sh OUT INIT [MODULES...]}
init=${2:?usage: mkinitramfs.sh OUT INIT [MODULES...]}
shift 2

bb=/bin/busybox	# from busybox-static
[ -x "$bb" ] || { echo "mkinitramfs: no $bb (apt-get install busybox-static)" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,m,etc}
cp "$bb" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 755 "$init" "$root/init"
for m in "$@"; do
	cp "$m" "$root/m/"
done
(cd "$root" && find . | cpio -o -H newc --quiet) > "$out"
