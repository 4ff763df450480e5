#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make dkms-check`: add, build and install kthread_ng with Debian's dkms for
# the stock 6.1 and 6.12 kernels, check the installed module, remove it again.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
dst=/usr/src/kthread_ng-$ver

dpkg-query -W -f='${Status}' dkms 2>/dev/null | grep -q 'ok installed' || {
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends dkms
}

cleanup() { dkms remove -m kthread_ng -v "$ver" --all >/dev/null 2>&1 || true; rm -rf "$dst"; }
cleanup
trap cleanup EXIT
mkdir -p "$dst"
(cd "$top" && cp -r dkms.conf VERSION Makefile Kbuild compat.mk ./*.h ./*.c "$dst/")
dkms add -m kthread_ng -v "$ver"
for kd in /lib/modules/6.1.*-amd64/build /lib/modules/6.12.*-amd64/build; do
	k=$(basename "$(dirname "$kd")")
	dkms build -m kthread_ng -v "$ver" -k "$k"
	dkms install -m kthread_ng -v "$ver" -k "$k" --force
	ko=$(find "/lib/modules/$k/updates/dkms" -name 'kthread_ng.ko*' | head -1)
	[ -n "$ko" ] || { echo "dkms-check: no installed module for $k"; exit 1; }
	[ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$k" ] ||
		{ echo "dkms-check: $ko is not built for $k"; exit 1; }
	echo "dkms-check: $k: built and installed $ko"
done
dkms status -m kthread_ng
dkms remove -m kthread_ng -v "$ver" --all
for kd in /lib/modules/6.1.*-amd64 /lib/modules/6.12.*-amd64; do
	if find "$kd/updates/dkms" -name 'kthread_ng.ko*' 2>/dev/null | grep -q .; then
		echo "dkms-check: module left in $kd"; exit 1
	fi
done
echo "dkms-check: removed again; passed"
