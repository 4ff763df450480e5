#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build kthread_ng.ko, the sample consumer (with its own Kbuild, as a user
# builds a copy of it) and the test modules against KDIR in a scratch copy:
# OUTDIR/kthread_ng.ko, OUTDIR/samples/kng_consumer/kng_consumer.ko,
# OUTDIR/tests/*.ko; and both installed by their `make install` under
# OUTDIR/stage (/lib/modules/<release>/updates, with depmod's files), as a
# user installs them.
#
#   scripts/build-modules.sh KDIR OUTDIR [--no-tests]
#
# Fails on any compiler or modpost warning: the build must be W=1 clean.
# Against a tree made only ready for modules (scripts/build-kernel.sh with
# KNG_PREPARE_ONLY=1: no Module.symvers), modpost cannot know what the
# kernel exports and says so for every symbol the modules use: those lines
# are not counted, and nothing is installed.  Whether each symbol is
# exported is then left to a build against a whole tree.
set -euo pipefail

kdir=${1:?usage: build-modules.sh KDIR OUTDIR}
dst=$(realpath -m "${2:?usage: build-modules.sh KDIR OUTDIR}")
tests=1
[ "${3:-}" = --no-tests ] && tests=0
top=$(cd "$(dirname "$0")/.." && pwd)

[ -d "$kdir" ] || { echo "build-modules: no kernel build tree at $kdir" >&2; exit 1; }
symvers=1
[ -f "$kdir/Module.symvers" ] || { symvers=0; export KBUILD_MODPOST_WARN=1; }
rm -rf "$dst"
mkdir -p "$dst"
(cd "$top" && cp -r Makefile Kbuild VERSION compat.mk ./*.h ./*.c samples tests "$dst/")
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
# `make install` of both, as a user runs it, into the staging root: the
# same flags, so that nothing is built again.  The root holds what an
# installed kernel has for depmod (modules.order, modules.builtin*).  Not
# signed: a distribution's headers name a signing key they do not ship.
if [ $symvers = 1 ]; then
	rel=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' "$kdir/include/generated/utsrelease.h")
	mkdir -p "$dst/stage/lib/modules/$rel"
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		if [ -e "$kdir/$f" ]; then
			cp "$kdir/$f" "$dst/stage/lib/modules/$rel/"
		else
			: > "$dst/stage/lib/modules/$rel/$f"
		fi
	done
	make -C "$dst" install KDIR="$kdir" W=1 KNG_FAULT_INJECT=$fault CONFIG_MODULE_SIG_ALL= \
		INSTALL_MOD_PATH="$dst/stage" >> "$log" 2>&1 || { cat "$log"; exit 1; }
	make -C "$dst/samples/kng_consumer" install KDIR="$kdir" KTHREAD_NG="$dst" W=1 CONFIG_MODULE_SIG_ALL= \
		INSTALL_MOD_PATH="$dst/stage" >> "$log" 2>&1 || { cat "$log"; exit 1; }
fi

if grep -E 'warning:|WARNING:|error:' "$log" |
   { if [ $symvers = 1 ]; then cat; else grep -v -E \
	'^WARNING: modpost: ("[^"]*" \[[^]]*\] undefined!|suppressed [0-9]+ unresolved symbol warnings .*)$|^WARNING: Module\.symvers is missing\.$'; fi; }; then
	echo "build-modules: warnings building against $kdir" >&2
	exit 1
fi
