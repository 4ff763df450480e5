#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# What kthread_ng's state costs in memory, field by field: pahole's layout
# of the structures kthread_ng allocates per thread and per worker, and of
# what a user embeds (works), from kthread_ng.ko built with debug info
# against Debian's stock 6.12 headers (x86_64); then, where the running
# kernel has BTF, the kernel's own struct kthread and struct kthread_worker
# for comparison.  Needs pahole (dwarves).
#
#   scripts/layout.sh [KDIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kd=${1:-$(ls -d /lib/modules/6.12.*-amd64/build 2>/dev/null | head -1)}
[ -d "$kd" ] || { echo "layout: no kernel build tree (apt-get install linux-headers-6.12-amd64)" >&2; exit 1; }
command -v pahole > /dev/null || { echo "layout: no pahole (apt-get install dwarves)" >&2; exit 1; }
out=$top/out/layout
"$top/scripts/build-modules.sh" "$kd" "$out" --no-tests > "$out.log" 2>&1 ||
	{ cat "$out.log"; exit 1; }
ko=$out/kthread_ng.ko
grep -q CONFIG_DEBUG_INFO=y "$kd/.config" || echo "layout: $kd builds without debug info" >&2
echo "kthread_ng, built against $(basename "$(dirname "$kd")"):"
for s in kthread_ng kthread_ng_worker kthread_ng_work kthread_ng_delayed_work; do
	pahole -C "$s" "$ko"
done
if [ -r /sys/kernel/btf/vmlinux ]; then
	echo "The running kernel, $(uname -r), from its BTF:"
	for s in kthread kthread_worker kthread_work kthread_delayed_work; do
		pahole -C "$s" /sys/kernel/btf/vmlinux 2>/dev/null || echo "struct $s: not in its BTF"
	done
fi
