#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make demo`: boot the test kernel in QEMU and show kthread_ng at work.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
KVER=${KVER:-6.12}
out=$top/out/demo-$KVER
mkdir -p "$out"
scripts/deps.sh
kb=$(scripts/build-kernel.sh "$KVER" debug)
scripts/build-modules.sh "$kb" "$out/build" > "$out/build.log" 2>&1 ||
	{ cat "$out/build.log"; exit 1; }
scripts/mkinitramfs.sh "$out/initrd.cpio" demo \
	"$out/build/kthread_ng.ko" "$out/build/samples/kng_consumer/kng_consumer.ko"
scripts/run-vm.sh "$kb/arch/x86/boot/bzImage" "$out/initrd.cpio" "$out/vm" 300 2 1024 ||
	echo "demo: QEMU exited with $?"
# The tour, without the boot messages before it.
sed -n '/^### insmod kthread_ng/,$p' "$out/vm/console.log" | grep -v '^reboot:'
echo
echo "(whole console: $out/vm/console.log)"
