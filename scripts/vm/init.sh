#!/bin/sh
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

. /mode.sh
echo KNG-DONE
reboot -f
