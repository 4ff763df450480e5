# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# The steps of `make demo` (sourced by scripts/vm/init.sh): a short tour of
# kthread_ng at work.
D=/sys/kernel/debug/kthread_ng
say() { echo; echo "### $*"; }
show() { ps -o pid,stat,comm | grep -E 'PID|[k]threadd_ng|[k]ng_'; }

say "insmod kthread_ng.ko: the daemon kthreadd_ng appears"
insmod /m/kthread_ng.ko
show
say "insmod kng_consumer.ko: an RT worker and one thread per cpu, all made by kthreadd_ng"
insmod /m/kng_consumer.ko
sleep 2
show
say "$D/threads"
cat $D/threads
say "$D/workers: the heartbeat work runs every 100 ms"
cat $D/workers
say "rmmod kthread_ng while the consumer uses it: refused"
rmmod kthread_ng
say "cpu1 goes offline: its per-cpu thread parks (state P)"
echo 0 > /sys/devices/system/cpu/cpu1/online
show
say "cpu1 comes back: the thread is unparked and bound to cpu1 again"
echo 1 > /sys/devices/system/cpu/cpu1/online
sleep 1
show
grep kng_consumer/1 $D/threads
say "rmmod kng_consumer; rmmod kthread_ng: nothing is left"
rmmod kng_consumer
rmmod kthread_ng
show
ls $D 2>&1
lsmod
