# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# The steps of the stock-kernel smoke test (sourced by scripts/vm/init.sh):
# load, use, unload, nothing left.
step "smoke on $(uname -r)"
insmod /m/kthread_ng.ko || fail "insmod kthread_ng"
ps | grep -q '\[kthreadd_ng\]' || fail "no kthreadd_ng thread"
insmod /m/kng_consumer.ko || fail "insmod kng_consumer"
sleep 1
ps | grep 'kng_consumer' | head -3
ps | grep -q 'kng_consumer_rt' || fail "consumer worker missing"
# What the README's quick start shows.
D=/sys/kernel/debug/kthread_ng
cat $D/threads $D/workers | sed 's/^/KNG-SMOKE-DEBUGFS: /'
grep -q '^kng_consumer_rt ' $D/threads || fail "debugfs threads: no kng_consumer_rt"
grep -q '^kng_consumer_rt ' $D/workers || fail "debugfs workers: no kng_consumer_rt"
rmmod kthread_ng 2>/dev/null && fail "kthread_ng unloaded under its consumer"
rmmod kng_consumer || fail "rmmod kng_consumer"
# The consumer's works and threads really ran: a heartbeat every 100 ms, a
# per-cpu loop every 50 ms, for a second (counted at its unload).
line=$(dmesg | grep 'kng_consumer: [0-9]* heartbeats' | tail -1)
echo "KNG-SMOKE: ${line#*] }"
beats=$(echo "$line" | sed -n 's/.*: \([0-9]*\) heartbeats, \([0-9]*\) per-cpu loops.*/\1/p')
loops=$(echo "$line" | sed -n 's/.*: \([0-9]*\) heartbeats, \([0-9]*\) per-cpu loops.*/\2/p')
[ "${beats:-0}" -ge 5 ] || fail "the consumer's heartbeat work ran ${beats:-0} times in a second"
[ "${loops:-0}" -ge $((5 * $(grep -c ^processor /proc/cpuinfo))) ] || fail "the consumer's per-cpu threads looped ${loops:-0} times in a second"
rmmod kthread_ng || fail "rmmod kthread_ng"
ps | grep -E '[k]threadd_ng|[k]ng_' && fail "threads left after unload"
grep -q kthread_ng /proc/modules && fail "module still listed"
