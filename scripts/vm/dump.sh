# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# The steps of the dump boot (scripts/dump-test.sh): a worker held mid-run
# (tests/dump/dump_state.c), what debugfs shows of it, then a wait on the
# third serial port while the host dumps the guest's memory; the host
# writes a line there once the dump is taken.
D=/sys/kernel/debug/kthread_ng
step "dump: a worker held mid-run"
# No stall reports: the held work waits for the host as long as it takes.
insmod /m/kthread_ng.ko stall_thresh=0 || fail "insmod kthread_ng"
insmod /m/kng_dump_state.ko || fail "insmod kng_dump_state"
for f in threads workers; do
	sed "s/^/KNG-DUMP-DEBUGFS $f /" "$D/$f" || fail "read $D/$f"
done
# Where the kernel's VMCOREINFO note is (physical address, size): the host
# copies it into the dump, as the kexec tools do into a vmcore.
read -r note size < /sys/kernel/vmcoreinfo || fail "no /sys/kernel/vmcoreinfo"
echo "KNG-DUMP-VMCOREINFO $note $size"
echo "KNG-DUMP-READY"
read -r taken < /dev/ttyS2 || fail "no word from the host on ttyS2"
step "dump: the host says: $taken; the worker is released"
rmmod kng_dump_state || fail "rmmod kng_dump_state"
rmmod kthread_ng || fail "rmmod kthread_ng"
