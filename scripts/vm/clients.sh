# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# The steps of the `make clients` VM (sourced by scripts/vm/init.sh): each
# real client's workload on its native build, then on its ng build, in one
# boot.  A client's outcome is one line, "KNG-CLIENT <client> <side>
# <outcome>", which the judge compares native against ng; a rate is
# "KNG-CLIENT-RATE <client> <side> <ns>" (lower is faster), four a side.
T=/c/kng_client_tool

# An outcome or a rate, as one line of the kernel's log: echoed to the
# console it could be cut by a kernel message printed meanwhile.
report() {
	echo "$*" > /dev/kmsg
}

# The voluntary context switches of the kernel thread named $1 (its runs).
switches() {
	for p in /proc/[0-9]*; do
		[ "$(cat "$p/comm" 2>/dev/null)" = "$1" ] || continue
		sed -n 's/^voluntary_ctxt_switches:[[:space:]]*//p' "$p/status"
		return
	done
	echo none
}

# "yes" if the thread named $1 ran again within $2 seconds.
ran_within() {
	a=$(switches "$1")
	sleep "$2"
	b=$(switches "$1")
	[ "$a" = none ] || [ "$b" = none ] && { echo "no-thread"; return; }
	[ "$b" -gt "$a" ] && echo yes || echo no
}

# The in-tree drivers $@, in that order.
intree() {
	for m in "$@"; do
		insmod "/m/$m.ko" || fail "insmod $m"
	done
}

wait_for() {	# PATH: up to 10 s
	n=0
	while [ ! -e "$1" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
	[ -e "$1" ]
}

client_watchdog() {	# SIDE
	d=/c/$1/watchdog
	insmod $d/watchdog.ko || { report "KNG-CLIENT watchdog $1 insmod-failed"; return; }
	insmod $d/softdog.ko soft_noboot=1 || fail "insmod softdog ($1)"
	wait_for /dev/watchdog || fail "no /dev/watchdog ($1)"
	o=$($T wdt /dev/watchdog /sys/module/softdog/parameters/kng_pings)
	o="$o watchdogd=$(switches watchdogd | sed 's/[0-9][0-9]*/present/')"
	rmmod softdog || o="$o rmmod-softdog-failed"
	rmmod watchdog || o="$o rmmod-watchdog-failed"
	report "KNG-CLIENT watchdog $1 $o"
}

client_ptp() {	# SIDE
	insmod /c/$1/ptp/ptp.ko || { report "KNG-CLIENT ptp $1 insmod-failed"; return; }
	if [ -e /m/kng_phc.ko ]; then
		insmod /m/kng_phc.ko || fail "insmod kng_phc ($1)"
	else
		intree ptp_mock netdevsim
		echo "1 1" > /sys/bus/netdevsim/new_device || fail "netdevsim new_device ($1)"
	fi
	wait_for /dev/ptp0 || fail "no /dev/ptp0 ($1)"
	o=$($T ptp /dev/ptp0)
	# The mock PHC's aux work requeues itself every 5 s.
	o="$o aux_ran_6s=$(ran_within ptp0 6)"
	echo 2 > /sys/class/ptp/ptp0/n_vclocks && o="$o n_vclocks=2" || o="$o n_vclocks=refused"
	wait_for /dev/ptp2
	o="$o $($T ptp /dev/ptp1) $($T ptp /dev/ptp2)"
	# A virtual clock's aux work requeues itself every 2 s.
	o="$o vclock_aux_ran_3s=$(ran_within ptp1 3)"
	echo 0 > /sys/class/ptp/ptp0/n_vclocks && o="$o n_vclocks=0" || o="$o n_vclocks0=refused"
	# Each run of the aux work requeues the next: one lost ends them all.
	o="$o aux_ran_again_6s=$(ran_within ptp0 6)"
	if [ -e /m/kng_phc.ko ]; then
		rmmod kng_phc || o="$o rmmod-drivers-failed"
	else
		echo 1 > /sys/bus/netdevsim/del_device || o="$o del_device=refused"
		rmmod netdevsim ptp_mock || o="$o rmmod-drivers-failed"
	fi
	[ -e /dev/ptp0 ] && sleep 1
	[ -e /dev/ptp0 ] && o="$o ptp0-left"
	rmmod ptp || o="$o rmmod-ptp-failed"
	report "KNG-CLIENT ptp $1 $o"
}

# The self-tests of virtio-crypto's algorithms, run by the crypto manager
# as the driver registers them: "name=passed" for each, in /proc/crypto.
crypto_selftests() {
	awk '/^name/ {n = $3} /^driver/ {d = $3} /^selftest/ {
		if (d ~ /virtio/) printf "%s=%s ", d, $3 }' /proc/crypto
}

client_crypto() {	# SIDE [quiet]
	if ! insmod /c/$1/crypto/crypto_engine.ko; then
		[ "${2:-}" = quiet ] || report "KNG-CLIENT crypto $1 insmod-failed"
		return
	fi
	# QEMU's built-in backend does no raw RSA: the crypto manager's test of
	# virtio-crypto-rsa fails and warns, on either side; expected there
	# (tests/clients/expected-warnings), nowhere else.  The tests run in
	# cryptomgr threads: their larvals are gone once all have ended.
	echo "KNG-EXPECT-WARN-BEGIN virtio_crypto_selftests" > /dev/kmsg
	intree virtio_crypto
	n=0
	while grep -q '^type *: larval' /proc/crypto && [ $n -lt 300 ]; do
		sleep 0.1; n=$((n + 1))
	done
	echo "KNG-EXPECT-WARN-END" > /dev/kmsg
	o=$(crypto_selftests)
	[ -n "$o" ] || o="no-virtio-algorithms "
	dmesg -c > /dev/null
	if insmod /m/kng_cbench.ko; then
		r=$(dmesg | sed -n 's/.*kng_cbench: .*: \([0-9]*\) ns; matches software: \(.*\)$/\1 \2/p')
		if [ -n "$r" ]; then
			o="${o}cbc_aes_requests=ok matches_software=${r#* }"
			report "KNG-CLIENT-RATE crypto $1 ${r%% *}"
			rmmod kng_cbench
		else
			# Requests never came back: everything stays loaded.
			[ "${2:-}" = quiet ] || report "KNG-CLIENT crypto $1 ${o}cbc_aes_requests=timeout"
			return
		fi
	else
		o="${o}cbc_aes_requests=failed"
	fi
	rmmod virtio_crypto || o="$o rmmod-virtio_crypto-failed"
	rmmod crypto_engine || o="$o rmmod-crypto_engine-failed"
	[ "${2:-}" = quiet ] || report "KNG-CLIENT crypto $1 $o"
}

# pktgen's per-cpu threads: each on its cpu, 2,000 packets on lo from the
# first, timed, and a freezer cycle while they run.
client_pktgen() {	# SIDE [quiet]
	side=$1
	P=/proc/net/pktgen
	if ! insmod /c/$side/pktgen/pktgen.ko; then
		[ "${2:-}" = quiet ] || report "KNG-CLIENT pktgen $side insmod-failed"
		return
	fi
	o="threads=$(ls -d $P/kpktgend_* | wc -l)"
	b=yes
	for f in $P/kpktgend_*; do
		n=${f##*_}
		for t in /proc/[0-9]*; do
			[ "$(cat $t/comm 2>/dev/null)" = "kpktgend_$n" ] || continue
			[ "$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' $t/status)" = "$n" ] || b=no
		done
	done
	o="$o bound=$b"
	echo rem_device_all > $P/kpktgend_0
	echo "add_device lo" > $P/kpktgend_0 || o="$o add_device=refused"
	echo "count 2000" > $P/lo
	echo "pkt_size 60" > $P/lo
	echo "dst 127.0.0.1" > $P/lo
	echo start > $P/pgctrl || o="$o start=failed"
	# "Result: OK: <usec>(c..+d..) usec, <packets> (60byte,0frags)"
	usec=$(sed -n 's/^Result: OK: \([0-9]*\)(c.*/\1/p' $P/lo)
	sent=$(sed -n 's/^Result: OK: .* usec, \([0-9]*\) (.*/\1/p' $P/lo)
	o="$o result=$([ -n "$usec" ] && echo OK || echo none) sent=${sent:-none}"
	[ -n "$usec" ] && report "KNG-CLIENT-RATE pktgen $side $((usec * 1000))"
	# Every freezable task freezes and thaws: pktgen's threads too.
	echo freezer > /sys/power/pm_test && echo freeze > /sys/power/state &&
		o="$o freeze=ok" || o="$o freeze=failed"
	rmmod pktgen || o="$o rmmod-failed"
	[ "${2:-}" = quiet ] || report "KNG-CLIENT pktgen $side $o"
}

# vdpa_sim's network device, created with iproute2's vdpa: 1,000 frames
# looped through virtio-net on virtio_vdpa, timed; then 200 through rings
# in a process's memory on vhost_vdpa, which the simulator's worker reaches
# with kthread_use_mm().
client_vdpa() {	# SIDE [quiet]
	side=$1 d=/c/$1/vdpa
	if ! insmod $d/vdpa_sim.ko; then
		[ "${2:-}" = quiet ] || report "KNG-CLIENT vdpa $side insmod-failed"
		return
	fi
	insmod $d/vdpa_sim_net.ko || fail "insmod vdpa_sim_net ($side)"
	intree virtio_vdpa
	/c/vdpa dev add name vdpa0 mgmtdev vdpasim_net mac 02:6b:6e:67:00:01 && o="dev_add=ok" || o="dev_add=failed"
	n=0
	while ! ls -d /sys/bus/vdpa/devices/vdpa0/virtio*/net/* > /dev/null 2>&1 && [ $n -lt 100 ]; do
		sleep 0.1; n=$((n + 1))
	done
	ifc=$(ls /sys/bus/vdpa/devices/vdpa0/virtio*/net/ 2>/dev/null | head -1)
	o="$o worker=$(switches "vDPA sim worker: vdpa0" | sed 's/[0-9][0-9]*/present/')"
	if [ -n "$ifc" ] && ip link set "$ifc" up; then
		r=$($T net "$ifc" 1000)
		o="$o $(echo "$r" | head -1)"
		t=$(echo "$r" | sed -n 2p)
		[ "${t:-0}" -gt 0 ] && report "KNG-CLIENT-RATE vdpa $side $t"
	else
		o="$o virtio_net=failed"
	fi
	/c/vdpa dev del vdpa0 && o="$o dev_del=ok" || o="$o dev_del=failed"
	rmmod virtio_vdpa || o="$o rmmod-virtio_vdpa-failed"
	intree vhost_vdpa
	/c/vdpa dev add name vdpa1 mgmtdev vdpasim_net || o="$o dev_add_vhost=failed"
	wait_for /dev/vhost-vdpa-0
	o="$o $($T vhost /dev/vhost-vdpa-0 200)"
	/c/vdpa dev del vdpa1 || o="$o dev_del_vhost=failed"
	rmmod vhost_vdpa || o="$o rmmod-vhost_vdpa-failed"
	rmmod vdpa_sim_net vdpa_sim || o="$o rmmod-failed"
	[ "${2:-}" = quiet ] || report "KNG-CLIENT vdpa $side $o"
}

step "load what the clients and their drivers need, and kthread_ng"
# Lines written to /dev/kmsg are rate-limited unless this says otherwise.
echo on > /proc/sys/kernel/printk_devkmsg
ip link set lo up 2>/dev/null || ifconfig lo up
echo 1 > /sys/module/suspend/parameters/pm_test_delay 2>/dev/null
for m in $(cat /c/intree.base); do
	insmod "/m/$m.ko" || fail "insmod $m"
done
insmod /m/kthread_ng.ko || fail "insmod kthread_ng"
[ -e /sys/kernel/debug/kmemleak ] && echo clear > /sys/kernel/debug/kmemleak

for cl in $(cat /c/clients); do
	for sd in native ng; do
		step "client $cl: $sd"
		client_$cl $sd
	done
done
# More timed runs, in pairs whose order alternates (native first in the
# pair above): ng native, native ng, ng native.  Only their rates count.
for pair in "ng native" "native ng" "ng native"; do
	if grep -qw crypto /c/clients; then
		step "client crypto: throughput, $pair"
		for sd in $pair; do client_crypto $sd quiet; done
	fi
	if grep -qw pktgen /c/clients; then
		step "client pktgen: throughput, $pair"
		for sd in $pair; do client_pktgen $sd quiet; done
	fi
	if grep -qw vdpa /c/clients; then
		step "client vdpa: throughput, $pair"
		for sd in $pair; do client_vdpa $sd quiet; done
	fi
done

step "unload kthread_ng: no thread, no timer, no allocation left"
rmmod kthread_ng || fail "rmmod kthread_ng after the clients"
threads | grep -E '[k]threadd_ng' && fail "kthreadd_ng left after unload"
if [ -e /sys/kernel/debug/kmemleak ]; then
	step "kmemleak"
	# kmemleak reports objects older than 5 s only.
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak; sleep 1; echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
fi
