#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The tooling gates of `make check`: each must be clean.
#  1. W=1 builds against Debian's stock 6.1 and 6.12 headers (module, sample),
#     and against 6.12 without the test hooks (KNG_FAULT=0, as make bench)
#  2. scripts/checkpatch.pl --strict on every C file and header
#  3. sparse (C=2) against the 6.12 headers
#  4. scripts/kernel-doc on the public header and the sources: no warnings;
#     make doc: every exported symbol documented, every page renders
#  5. tests/.kunitconfig has every option of scripts/config/debug.config
#  6. W=1 builds for arm64 (module, sample, test modules) against a
#     cross-built arm64 6.12 debug tree (cached like the test kernels)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$top/out/gates
mkdir -p "$out"
rc=0
bad() { echo "gates: $*"; rc=1; }

kdirs=$(ls -d /lib/modules/6.1.*-amd64/build /lib/modules/6.12.*-amd64/build 2>/dev/null)
[ -n "$kdirs" ] || bad "no Debian stock headers under /lib/modules"
for kd in $kdirs; do
	v=$(basename "$(dirname "$kd")")
	if scripts/build-modules.sh "$kd" "$out/w1-$v" > "$out/w1-$v.log" 2>&1; then
		echo "gates: W=1 against $v: clean"
	else
		bad "W=1 against $v:"; grep -E 'warning|error' "$out/w1-$v.log" | head -20
	fi
done
# The build without the test hooks (make bench's, KNG_FAULT=0), whose
# test modules leave out the cases that need them.
kd=$(echo "$kdirs" | tail -n 1)
if [ -n "$kd" ] && KNG_FAULT=0 scripts/build-modules.sh "$kd" "$out/w1-nohooks" \
	> "$out/w1-nohooks.log" 2>&1; then
	echo "gates: W=1 without the test hooks: clean"
else
	bad "W=1 without the test hooks:"; grep -E 'warning|error' "$out/w1-nohooks.log" | head -20
fi

tools=$(scripts/kernel-tools.sh)
# The tracked sources only: an in-tree build leaves *.mod.c files behind.
srcs=$(git ls-files -- '*.c' '*.h' 2>/dev/null | sed 's|^|./|')
[ -n "$srcs" ] || srcs=$(ls ./*.c ./*.h tests/*.c tests/*.h tests/*/*.c samples/*/*.c | grep -v '\.mod\.c$')
# Two checks are off, each for a reason of the API contract:
#  ENOSYS: kthread_ng_park() returns -ENOSYS for an exiting thread because
#    kthread_park() does.
#  MACRO_ARG_REUSE: DEFINE_KTHREAD_NG_WORK(work, fn) names the object it
#    initializes, as kthread.h's DEFINE_KTHREAD_WORK() does.
perl "$tools/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore FILE_PATH_CHANGES,ENOSYS,MACRO_ARG_REUSE -f $srcs > "$out/checkpatch.log" 2>&1
n=$(grep -cE ': (ERROR|WARNING|CHECK):' "$out/checkpatch.log")
if [ "$n" = 0 ]; then echo "gates: checkpatch --strict: clean"; else
	bad "checkpatch --strict: $n findings"; grep -E ': (ERROR|WARNING|CHECK):' "$out/checkpatch.log" | head -30
fi

kd612=$(ls -d /lib/modules/6.12.*-amd64/build | head -1)
rm -rf "$out/sparse"; mkdir -p "$out/sparse"
cp -r Kbuild VERSION compat.mk ./*.h ./*.c samples tests "$out/sparse/"
make -C "$kd612" M="$out/sparse" C=2 CHECK="sparse" KNG_FAULT_INJECT=1 modules > "$out/sparse.log" 2>&1
make -C "$out/sparse/samples/kng_consumer" KDIR="$kd612" KTHREAD_NG="$out/sparse" \
	C=2 CHECK="sparse" >> "$out/sparse.log" 2>&1
m=$(grep -cE 'warning:|error:' "$out/sparse.log")
if [ "$m" = 0 ] && grep -q 'CHECK' "$out/sparse.log"; then echo "gates: sparse C=2: clean"; else
	bad "sparse C=2: $m findings"; grep -E 'warning:|error:' "$out/sparse.log" | head -20
fi

perl "$tools/scripts/kernel-doc" -Wall -none kthread_ng.h main.c kthread_ng.c worker.c worker_create.c worker_cancel.c worker_sched.c stall.c probes.c latency.c queuer.c worker_debugfs.c > "$out/kernel-doc.log" 2>&1
k=$(grep -ciE 'warning|error' "$out/kernel-doc.log")
if [ "$k" = 0 ]; then echo "gates: kernel-doc -Wall: clean"; else
	bad "kernel-doc: $k findings"; head -20 "$out/kernel-doc.log"
fi
# make doc: every exported symbol documented, every page renders.
if scripts/doc.sh > "$out/doc.log" 2>&1; then echo "gates: make doc: clean"; else
	bad "make doc"; tail -5 "$out/doc.log"
fi
# tests/.kunitconfig carries make check's debug options: every one of them.
miss=$(grep -E '^CONFIG_|^# CONFIG_.* is not set' scripts/config/debug.config |
	grep -v -x -F -f tests/.kunitconfig)
if [ -z "$miss" ]; then echo "gates: tests/.kunitconfig has every debug option"; else
	bad "tests/.kunitconfig lacks debug options of scripts/config/debug.config:"; echo "$miss"
fi
# arm64: the same sources compiled against an arm64 tree with the debug
# options: the whole tree where `make check ARCH=arm64` built it, else one
# only made ready for modules (no Module.symvers: the symbols the modules
# use are checked by the x86 builds above).
if command -v aarch64-linux-gnu-gcc > /dev/null; then
	if ka=$(KNG_PREPARE_ONLY=1 KNG_CLIENTS=0 scripts/build-kernel.sh 6.12 debug arm64 2> "$out/arm64-kernel.log") &&
	   ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
	   scripts/build-modules.sh "$ka" "$out/w1-arm64" > "$out/w1-arm64.log" 2>&1; then
		echo "gates: W=1 for arm64 (6.12, debug options): clean"
	else
		bad "W=1 for arm64:"; tail -n 20 "$out/arm64-kernel.log" "$out/w1-arm64.log"
	fi
else
	bad "no aarch64-linux-gnu-gcc for the arm64 build (make deps)"
fi
# One version: VERSION, read by Kbuild (MODULE_VERSION), dkms.conf and the
# CHANGELOG's newest entry must agree.
ver=$(cat VERSION)
grep -qx "PACKAGE_VERSION=\"$ver\"" dkms.conf || bad "dkms.conf's PACKAGE_VERSION is not $ver"
grep -m1 -E '^[0-9]+\.[0-9]+\.[0-9]+' CHANGELOG | grep -q "^$ver" || bad "CHANGELOG's newest entry is not $ver"
[ $rc = 0 ] && echo "gates: version $ver agrees in VERSION, dkms.conf, CHANGELOG"
exit $rc
