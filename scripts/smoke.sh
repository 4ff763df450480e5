#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build kthread_ng and the sample consumer against Debian's stock 6.1 and 6.12
# headers (W=1, warning-free), boot each stock kernel in QEMU, load, use and
# unload them.
#
#   scripts/smoke.sh OUTDIR
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/boot.sh"
cd "$top"
out=$(realpath -m "${1:-$top/out/smoke}")
rc=0
for kd in /lib/modules/6.1.*-amd64/build /lib/modules/6.12.*-amd64/build; do
	[ -d "$kd" ] || continue
	v=$(basename "$(dirname "$kd")")
	img=/boot/vmlinuz-$v
	[ -r "$img" ] || { echo "smoke: no $img"; rc=1; continue; }
	if ! scripts/build-modules.sh "$kd" "$out/$v/build" > "$out-$v-build.log" 2>&1; then
		echo "smoke: build against $v failed:"; tail -20 "$out-$v-build.log"; rc=1; continue
	fi
	scripts/mkinitramfs.sh "$out/$v/initrd.cpio" smoke \
		"$out/$v/build/kthread_ng.ko" "$out/$v/build/samples/kng_consumer/kng_consumer.ko"
	# Not quiet: the console must show every WARNING for the judge.
	src=0
	boot_judged "smoke: $v" "$out/$v/summary.txt" "$img" "$out/$v/initrd.cpio" "$out/$v/vm" \
		300 2 1024 loglevel=7 -- || src=$?
	if [ $src = 0 ]; then
		echo "smoke: $v: loaded, used and unloaded cleanly;" \
			"$(grep -ho 'kng_consumer: [0-9]* heartbeats, [0-9]* per-cpu loops, [0-9]* per-cpu works' "$out/$v/vm/console.log" | head -1)"
		# The quick start's debugfs lines, as this kernel gave them.
		sed -n 's/.*KNG-SMOKE-DEBUGFS: /    /p' "$out/$v/vm/console.log"
	else
		echo "smoke: $v FAILED:"; head -n -1 "$out/$v/summary.txt"; rc=1
	fi
done
exit $rc
