#!/bin/sh
# /init of `make bench`: run the benchmark module once, in this boot.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs none /sys/kernel/debug
insmod /m/kthread_ng.ko || echo "KNG-FAIL: insmod kthread_ng"
insmod /m/kng_bench.ko rounds=${ROUNDS:-5} || echo "KNG-FAIL: insmod kng_bench"
rmmod kng_bench
rmmod kthread_ng || echo "KNG-FAIL: rmmod kthread_ng"
echo KNG-DONE
reboot -f
