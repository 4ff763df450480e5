# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# The steps of the `make check` VM (sourced by scripts/vm/init.sh): load
# kthread_ng and every test module, run the freezer step, collect KUnit
# results on the second console (ttyS1; hvc0 on arm64), unload, check for
# leaks.
R=/dev/ttyS1
[ -e /dev/hvc0 ] && R=/dev/hvc0
K=/sys/kernel/debug/kmemleak

# Each KUnit suite's results onto $R, once (a suite's module may go next).
collect_suites() {
	for d in /sys/kernel/debug/kunit/*/; do
		s=$(basename "$d")
		grep -qx "$s" /tmp/collected 2>/dev/null && continue
		echo "$s" >> /tmp/collected
		echo "KNG-SUITE-BEGIN $s" > $R
		cat "$d/results" > $R
		echo "KNG-SUITE-END" > $R
	done
}

# A test module that needs a load of kthread_ng of its own: load both, collect
# its suite, unload both.
suite_own_load() {
	insmod /m/kthread_ng.ko || fail "insmod kthread_ng (for $1)"
	insmod "/m/$1.ko" || fail "insmod $1"
	collect_suites
	rmmod "$1" || fail "rmmod $1"
	rmmod kthread_ng || fail "rmmod kthread_ng after $1"
}

[ -e $K ] && echo clear > $K

step "fault injection: module init fails at each of its places"
# Each place fails as an allocation does: insmod must report ENOMEM (what
# module init returns then), and the injection must have fired at that place.
# latency_stats=1: a parameter given at load must not act before init has
# succeeded (probes left on a module that never loaded warn and leak).
for n in 1 2; do
	dmesg -c > /dev/null
	if insmod /m/kthread_ng.ko fault_nth=$n latency_stats=1 2> /tmp/insmod.err; then
		fail "kthread_ng loaded although init place $n failed"; rmmod kthread_ng
	fi
	grep -q 'Cannot allocate memory' /tmp/insmod.err ||
		fail "failed load $n: not ENOMEM: $(cat /tmp/insmod.err)"
	dmesg | grep -q 'fault: injected a failure' ||
		fail "failed load $n: the injection did not fire"
	threads | grep -q '[k]threadd_ng' && fail "kthreadd_ng left by failed load $n"
	[ -e /sys/kernel/debug/kthread_ng ] && fail "debugfs left by failed load $n"
done
echo "KNG-FAULT: module init failed with ENOMEM at places 1 and 2, nothing left"

# The suite's warnings come from WARN_ONCE() sites, which warn once per load:
# it gets a load of kthread_ng of its own, so that a real misuse later in
# this boot still warns.
step "misuse suite, in a load of kthread_ng of its own"
suite_own_load kng_misuse_test
threads | grep -E '[k]threadd_ng|[k]ng_' && fail "threads left after the misuse load"

step "load kthread_ng"
# The stress suite checks the latency column of debugfs workers too: the
# statistics on from the load, by the parameter given to insmod.
insmod /m/kthread_ng.ko latency_stats=1 || fail "insmod kthread_ng"
threads | grep -q 'kthreadd_ng' || fail "no kthreadd_ng thread after load"
grep -qx Y /sys/module/kthread_ng/parameters/latency_stats ||
	fail "latency_stats=1 at load: the statistics are not on"

step "an io cgroup for the blkcg case: /kng_blkcg"
C=/sys/fs/cgroup
mount -t cgroup2 none $C || fail "mount cgroup2"
echo +io > $C/cgroup.subtree_control || fail "no io controller in cgroup2"
mkdir $C/kng_blkcg || fail "mkdir $C/kng_blkcg"

step "run the KUnit suites"
scale=$(sed -n 's/.*kng_stress_scale=\([0-9]*\).*/\1/p' /proc/cmdline)
soak=$(sed -n 's/.*kng_soak_seconds=\([0-9]*\).*/\1/p' /proc/cmdline)
insmod /m/kthread_ng_test.ko stress_scale=${scale:-1} soak_seconds=${soak:-0} ||
	fail "insmod kthread_ng_test"

if [ -e /m/kng_freeze_helper.ko ]; then
	step "freezer: freeze every freezable task, thaw after pm_test's delay"
	insmod /m/kng_freeze_helper.ko || fail "insmod kng_freeze_helper"
	echo freezer > /sys/power/pm_test || fail "no /sys/power/pm_test"
	echo 2 > /sys/module/suspend/parameters/pm_test_delay 2>/dev/null
	echo freeze > /sys/power/state || fail "suspend request refused"
	insmod /m/kng_freeze_test.ko || fail "insmod kng_freeze_test"
fi

step "sample consumer: unload refusal and trace events"
T=/sys/kernel/tracing
echo 1 > $T/events/kthread_ng/enable || fail "no kthread_ng trace events"
insmod /m/kng_consumer.ko || fail "insmod kng_consumer"
threads | grep -q 'kng_consumer_rt' || fail "no consumer worker in ps"
rmmod kthread_ng 2>/dev/null && fail "kthread_ng unloaded while kng_consumer uses it"
sleep 1
# Read while the consumer is loaded: %ps needs its symbols.
cat $T/trace > /tmp/trace1
rmmod kng_consumer || fail "rmmod kng_consumer"
echo 0 > $T/events/kthread_ng/enable
# Its works ran (a heartbeat every 100 ms for a second), counted at unload.
beats=$(dmesg | sed -n 's/.*kng_consumer: \([0-9]*\) heartbeats,.*/\1/p' | tail -1)
echo "KNG-CONSUMER: ${beats:-no} heartbeats in a second"
[ "${beats:-0}" -ge 5 ] || fail "the consumer's heartbeat ran ${beats:-0} times in a second"
# Each heartbeat queued the per-cpu work for the next online cpu.
ticks=$(dmesg | sed -n 's/.*kng_consumer: .* \([0-9]*\) per-cpu works,.*/\1/p' | tail -1)
echo "KNG-CONSUMER: ${ticks:-no} per-cpu works"
[ "${ticks:-0}" -ge 5 ] || fail "the consumer's per-cpu work ran ${ticks:-0} times in a second"
cat $T/trace > /tmp/trace
# The consumer's one heartbeat work: queued, then started, then ended, in
# that order.  Matched by function: %p may print (____ptrval____) early on.
q=$(grep -n 'kthread_ng_work_queue_work: .*function=heartbeat_fn' /tmp/trace1 | head -1 | cut -d: -f1)
s=$(tail -n +"${q:-1}" /tmp/trace1 | grep -n 'kthread_ng_work_execute_start: .*function heartbeat_fn' | head -1 | cut -d: -f1)
e=$(tail -n +"${q:-1}" /tmp/trace1 | grep -n 'kthread_ng_work_execute_end: .*function heartbeat_fn' | head -1 | cut -d: -f1)
echo "KNG-TRACE: heartbeat_fn queue@${q:-none} start@+${s:-none} end@+${e:-none}"
[ -n "$q" ] && [ -n "$s" ] && [ -n "$e" ] && [ "$s" -gt 1 ] && [ "$s" -lt "$e" ] ||
	fail "trace: queue/start/end of one work not in order"
for ev in kthread_ng_create kthread_ng_stop: kthread_ng_stop_ret; do
	grep -q "$ev" /tmp/trace || fail "trace: no $ev event"
done
echo "KNG-TRACE: $(grep -c kthread_ng_ /tmp/trace) kthread_ng events"

step "differential: the same scenarios against the kernel's API and kthread_ng"
insmod /m/kng_diff_kernel.ko || fail "insmod kng_diff_kernel"
insmod /m/kng_diff_ng.ko || fail "insmod kng_diff_ng"
rmmod kng_diff_ng kng_diff_kernel || fail "rmmod the differential modules"

step "affinity: the same preferred cpu for a kernel thread and a kthread_ng thread, across cpuset isolation"
# 7.x keeps each kthread's preferred cpus and applies them again when a
# cpuset partition isolates a cpu or gives it back: a kthread_ng thread
# must follow as the kernel's does.
if affine_load; then
	last=$(sed -n 's/^processor[[:space:]]*: //p' /proc/cpuinfo | tail -1)
	affine_compare "at start"
	if echo +cpuset > $C/cgroup.subtree_control && mkdir $C/kng_iso &&
		echo "$last" > $C/kng_iso/cpuset.cpus &&
		echo isolated > $C/kng_iso/cpuset.cpus.partition &&
		grep -q '^isolated$' $C/kng_iso/cpuset.cpus.partition; then
		affine_compare "cpu $last isolated by a cpuset partition"
		echo member > $C/kng_iso/cpuset.cpus.partition || fail "partition back to member"
		affine_compare "the partition a member again"
	else
		fail "no isolated cpuset partition: $(cat $C/kng_iso/cpuset.cpus.partition 2>&1)"
	fi
	rmdir $C/kng_iso 2>/dev/null
	rmmod kng_affine_cmp || fail "rmmod kng_affine_cmp"
else
	echo "KNG-AFFINE: not compared: the kernel has no kthread_affine_preferred()"
fi

step "collect results"
collect_suites

step "unload"
for m in kng_consumer kng_freeze_test kng_freeze_helper kthread_ng_test; do
	grep -q "^$m " /proc/modules && { rmmod $m || fail "rmmod $m"; }
done
rmmod kthread_ng || fail "rmmod kthread_ng"
threads | grep -E '[k]threadd_ng|[k]ng_' && fail "threads left after unload"
[ -e /sys/kernel/debug/kthread_ng ] && fail "debugfs entries left after unload"

step "install: modprobe loads the sample consumer and kthread_ng, its dependency"
# Where `make install` of both put them (on the host, INSTALL_MOD_PATH: this
# image's /lib), with the modules.dep its depmod wrote.
D=/lib/modules/$(uname -r)
[ -e $D/updates/kthread_ng.ko ] && [ -e $D/updates/kng_consumer.ko ] ||
	fail "make install did not put both modules in $D/updates"
grep -q '^updates/kng_consumer.ko: updates/kthread_ng.ko' $D/modules.dep ||
	fail "modules.dep: the consumer does not depend on kthread_ng"
v=$(modinfo -F version kthread_ng 2>/dev/null)
[ -n "$v" ] || fail "modinfo shows no version of kthread_ng"
echo "KNG-INSTALL: kthread_ng version $v"
modprobe kng_consumer || fail "modprobe kng_consumer"
grep -q '^kthread_ng ' /proc/modules || fail "modprobe kng_consumer did not load kthread_ng"
modprobe -r kng_consumer || fail "modprobe -r kng_consumer"
modprobe -r kthread_ng || fail "modprobe -r kthread_ng"
threads | grep -E '[k]threadd_ng|[k]ng_' && fail "threads left after modprobe -r"
rm -r $D

step "unload against a killed creator's request held in kthreadd_ng"
# kthreadd_ng (or a spawner) holds the consumer's first creation; the
# creator (insmod) is killed, so nothing holds kthread_ng any more and
# rmmod goes ahead; module exit stops kthreadd_ng and its spawners, and
# the one that holds the request then finishes it: it must not make a
# thread out of text that is about to go.
insmod /m/kthread_ng.ko || fail "insmod kthread_ng (unload race)"
P=/sys/module/kthread_ng/parameters
echo 1 > $P/race_spawn_hold
insmod /m/kng_consumer.ko 2>/dev/null &
ipid=$!
n=0
while [ "$(cat $P/race_spawn_held)" != Y ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
[ "$(cat $P/race_spawn_held)" = Y ] || fail "no creation held in kthreadd_ng"
kill -9 $ipid
wait $ipid 2>/dev/null
grep -q '^kng_consumer ' /proc/modules && fail "kng_consumer loaded although its creator was killed"
rmmod kthread_ng || fail "rmmod kthread_ng with a held creation"
sleep 1
threads | grep -E '[k]threadd_ng|[k]ng_' && fail "threads left after the unload race"
echo "KNG-RACE: unload with a killed creator's request in flight: done"

rmdir $C/kng_blkcg || fail "rmdir $C/kng_blkcg"

# Last of all: the lockdep suite's report turns lockdep off for the rest of
# the boot, so nothing else may run after it.
step "lockdep: a flush under a lock the work takes is reported (lockdep is off afterwards)"
suite_own_load kng_lockdep_test

if [ -e $K ]; then
	step "kmemleak"
	# kmemleak reports no object younger than 5 s: let the last steps'
	# allocations age first.
	sleep 6
	echo scan > $K; sleep 1; echo scan > $K
	cat $K
fi
