#!/bin/bash
# `make bench`: kthread_ng against the kernel's kthread API, kthread_worker
# and workqueues, in one boot of a 6.12 kernel WITHOUT the debug options
# (scripts/bench.config).  Prints one Markdown table; keeps it in
# out/bench/table.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$top/out/bench
mkdir -p "$out"
scripts/deps.sh
kb=$(scripts/build-kernel.sh 6.12 scripts/bench.config)
KNG_FAULT=0 scripts/build-modules.sh "$kb" "$out/build" > "$out/build.log" 2>&1 ||
	{ cat "$out/build.log"; exit 1; }
scripts/mkinitramfs.sh "$out/initrd.cpio" scripts/init-bench.sh \
	"$out/build/kthread_ng.ko" "$out/build/tests/kng_bench.ko"
scripts/run-vm.sh "$kb/arch/x86/boot/bzImage" "$out/initrd.cpio" "$out/vm" \
	3000 2 2048 "ROUNDS=${ROUNDS:-5}" || true
python3 scripts/analyze.py "$out/vm" > "$out/analyze.txt" ||
	{ cat "$out/analyze.txt"; echo "bench: the benchmark boot failed"; exit 1; }
{
	echo "kthread_ng benchmarks, $(date -u +%Y-%m-%d), Linux $(sed -n 's/^Linux version \([^ ]*\).*/\1/p' "$out/vm/console.log" | head -1)"
	echo "(QEMU TCG, -smp 2, non-debug kernel; medians over interleaved rounds;"
	echo " ratio < 1 is better for times, > 1 for works/s)"
	echo
	sed -n 's/.*KNG-BENCH //p' "$out/vm/console.log"
} > "$out/table.md"
cat "$out/table.md"
