#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of every kthread_ng VM (scripts/mkinitramfs.sh puts it there): the
# common setup, then the steps of the image's mode, /mode.sh (one of
# scripts/vm/MODE.sh: check, demo, bench, smoke), then KNG-DONE, which
# tells the console judge that the steps ran to their end.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs none /sys/kernel/debug 2>/dev/null
mount -t tracefs none /sys/kernel/tracing 2>/dev/null

# A failed step: the judge counts every KNG-FAIL line.
fail() { echo "KNG-FAIL: $*"; }
# The start of a step; a splat before the first is the kernel's own.
step() { echo "KNG-STEP: $*"; }
threads() { ps -o pid,comm,stat 2>/dev/null || ps; }

# kng_affine_cmp.ko: a kernel thread and a kthread_ng thread with the same
# preferred cpus.  affine_load [cpus=LIST] loads it and finds their pids;
# it returns 1 where the kernel has no kthread_affine_preferred() to compare
# with (the module says so), and fails the step on any other error.
affine_load() {
	dmesg -c > /dev/null
	if ! insmod /m/kng_affine_cmp.ko "$@"; then
		dmesg | grep -q 'does not export kthread_affine_preferred' ||
			fail "insmod kng_affine_cmp $*"
		return 1
	fi
	# shellcheck disable=SC2046 # two numbers, split on purpose
	set -- $(dmesg | sed -n 's/.*KNG-AFFINE pids kernel=\([0-9]*\) ng=\([0-9]*\).*/\1 \2/p')
	AFF_K=$1 AFF_NG=$2
}

# affine_compare WHEN: both threads' allowed cpus, which must be the same.
affine_compare() {
	k=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/$AFF_K/status)
	n=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/$AFF_NG/status)
	echo "KNG-AFFINE $1: kernel $k, kthread_ng $n"
	[ -n "$k" ] && [ "$k" = "$n" ] || fail "affinity $1: kernel ${k:-?}, kthread_ng ${n:-?}"
}

. /mode.sh
echo KNG-DONE
reboot -f
