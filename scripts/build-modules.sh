#!/bin/bash
# Build kthread_ng.ko, the sample consumer (with its own Kbuild, as a user
# builds a copy of it) and the test modules against KDIR in a scratch copy:
# OUTDIR/kthread_ng.ko, OUTDIR/samples/kng_consumer/kng_consumer.ko,
# OUTDIR/tests/*.ko.
#
#   scripts/build-modules.sh KDIR OUTDIR [--no-tests]
#
# Fails on any compiler or modpost warning: the build must be W=1 clean.
set -euo pipefail

kdir=${1:?usage: build-modules.sh KDIR OUTDIR}
dst=$(realpath -m "${2:?usage: build-modules.sh KDIR OUTDIR}")
tests=1
[ "${3:-}" = --no-tests ] && tests=0
top=$(cd "$(dirname "$0")/.." && pwd)

[ -d "$kdir" ] || { echo "build-modules: no kernel build tree at $kdir" >&2; exit 1; }
rm -rf "$dst"
mkdir -p "$dst"
(cd "$top" && cp -r Kbuild VERSION compat.mk ./*.h ./*.c samples tests "$dst/")
find "$dst" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -delete

# The test build: a kernel with KUnit gets the fault hooks (kng_fault.h)
# and the suites that drive them, unless KNG_FAULT=0 (the benchmarks).
fault=0
[ $tests = 1 ] && [ "${KNG_FAULT:-1}" = 1 ] &&
	grep -qs '^CONFIG_KUNIT=y' "$kdir/.config" && fault=1

log=$dst/build.log
make -C "$kdir" M="$dst" W=1 KNG_FAULT_INJECT=$fault modules > "$log" 2>&1 || { cat "$log"; exit 1; }
# The sample, through its own Makefile, as a user builds it.
make -C "$dst/samples/kng_consumer" KDIR="$kdir" KTHREAD_NG="$dst" W=1 \
	>> "$log" 2>&1 || { cat "$log"; exit 1; }
if [ $tests = 1 ]; then
	make -C "$kdir" M="$dst/tests" W=1 KNG_FAULT_INJECT=$fault \
		KBUILD_EXTRA_SYMBOLS="$dst/Module.symvers" \
		modules >> "$log" 2>&1 || { cat "$log"; exit 1; }
fi
if grep -E 'warning:|WARNING:|error:' "$log"; then
	echo "build-modules: warnings building against $kdir" >&2
	exit 1
fi
