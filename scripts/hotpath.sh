#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The per-work path in the benchmark build, kthread_ng's and the kernel's
# side by side: the disassembly of the queueing functions from the bench
# build of kthread_ng.ko (out/bench-icount/build, left by `make bench
# ICOUNT=1`) and from the bench kernel's vmlinux, each with its count of
# instructions.  Documentation/benchmarks.rst walks through the path.
#
#   scripts/hotpath.sh [FUNCTION...]   (default: the queueing functions)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
ko=$top/out/bench-icount/build/kthread_ng.ko
[ -f "$ko" ] || { echo "hotpath: no $ko: run make bench ICOUNT=1 first" >&2; exit 1; }
kb=$("$top/scripts/build-kernel.sh" 6.12 bench)

# FILE FUNCTION: its disassembly, without the raw bytes, and its length.
listing() {
	local f=$1 fn=$2 range n
	range=$(nm -S "$f" | awk -v s="$fn" '$4 == s && $3 ~ /[tT]/ && !n++ { print $1, $2 }')
	[ -n "$range" ] || { echo "hotpath: $fn not in $(basename "$f")"; return 1; }
	set -- $range
	objdump -d --no-show-raw-insn --start-address=0x$1 \
		--stop-address=$(printf '0x%x' $((0x$1 + 0x$2))) "$f" |
		sed -n '/^[0-9a-f]* <.*>:$/,$p' > "$top/out/hotpath.$fn"
	n=$(grep -c '^ *[0-9a-f]*:' "$top/out/hotpath.$fn")
	echo "== $fn ($(basename "$f")): $n instructions"
	cat "$top/out/hotpath.$fn"
}
if [ $# -gt 0 ]; then
	for fn in "$@"; do listing "$ko" "$fn" || listing "$kb/vmlinux" "$fn"; done
	exit 0
fi
listing "$ko" kthread_ng_queue_work
listing "$kb/vmlinux" kthread_queue_work
listing "$kb/vmlinux" kthread_insert_work
