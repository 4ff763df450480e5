#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Boot a kernel with an initramfs in QEMU (TCG) and keep what it printed.
#
#   scripts/run-vm.sh KERNEL INITRD LOGDIR TIMEOUT_S [SMP] [MEM_MB] [APPEND...]
#
# ttyS0 (the console) goes to LOGDIR/console.log, ttyS1 (what the init
# script writes there: KTAP results) to LOGDIR/results.log.  A KERNEL at
# .../arch/arm64/boot/Image boots under qemu-system-aarch64 -M virt (TCG,
# -cpu max), its console on the PL011 (ttyAMA0), its results on a virtio
# console (hvc0).  QEMU is killed
# after TIMEOUT_S seconds; the exit status is then 124.
#
# A guest whose console stays silent for STALL_S seconds (default 600: twice
# KUnit's own timeout for one case) is taken as hung: each vcpu's stack is
# read through QEMU's gdb stub (scripts/vcpu-stacks.py, when gdb is
# installed) into LOGDIR/stall-stacks.txt and printed, QEMU is killed, and
# the exit status is 125.  QEMU_EXTRA adds options to QEMU.
#
# ACCEL=auto (default) uses KVM where it works and TCG elsewhere: /dev/kvm
# existing is not enough (on some hosts QEMU asserts or hangs under KVM), so
# the first run boots KERNEL under KVM to its first console lines and keeps
# the verdict in $KNG_CACHE/accel-<host kernel>-<qemu version>.  ACCEL=tcg or
# ACCEL=kvm forces one.  The accelerator used is written to LOGDIR/accel.
set -uo pipefail

kernel=${1:?}; initrd=${2:?}; logdir=${3:?}; tmo=${4:?}
smp=${5:-2}; mem=${6:-1024}
shift 6 2>/dev/null || shift $#
arch=x86_64
case $kernel in */arch/arm64/boot/Image) arch=arm64 ;; esac
con=ttyS0
[ $arch = arm64 ] && con=ttyAMA0
append="console=$con panic=-1 oops=panic rdinit=/init $*"
stall=${STALL_S:-600}
# NUMA=2: two nodes, the cpus and the memory split between them; a socket
# each (cpus that share a last-level cache on two nodes make the kernel warn).
numa=()
smp_opt=$smp
if [ "${NUMA:-1}" = 2 ] && [ "$smp" -ge 2 ] && [ $((smp % 2)) = 0 ]; then
	half=$((smp / 2))
	smp_opt="$smp,sockets=2,cores=$half,threads=1"
	numa=(-object "memory-backend-ram,id=m0,size=$((mem / 2))M"
	      -object "memory-backend-ram,id=m1,size=$((mem - mem / 2))M"
	      -numa "node,nodeid=0,cpus=0-$((half - 1)),memdev=m0"
	      -numa "node,nodeid=1,cpus=$half-$((smp - 1)),memdev=m1")
fi
here=$(cd "$(dirname "$0")" && pwd)
# The kernel build tree the image came from, for vmlinux's symbols.
vmlinux=${kernel%/arch/*/boot/*}/vmlinux
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# Does KVM boot KERNEL here?  Prints kvm or tcg.
probe_accel() {
	local cache=${KNG_CACHE:-/var/cache/kthread_ng} key verdict tmp
	key="$(uname -r)-$(qemu-system-x86_64 --version | sed -n '1s/[^0-9]*\([0-9.]*\).*/\1/p')"
	if [ -r "$cache/accel-$key" ]; then cat "$cache/accel-$key"; return; fi
	verdict=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		tmp=$(mktemp)
		# No initramfs: the kernel panics at once, and panic=-1 ends QEMU.
		( timeout -k 5 30 qemu-system-x86_64 -accel kvm -cpu host -smp 1 -m 256 \
			-display none -monitor none -no-reboot -kernel "$kernel" \
			-append "console=ttyS0 panic=-1" -serial "file:$tmp" \
			</dev/null >/dev/null 2>&1; true ) 2>/dev/null
		grep -q 'Linux version' "$tmp" && grep -q 'Kernel panic' "$tmp" && verdict=kvm
		rm -f "$tmp"
	fi
	mkdir -p "$cache" 2>/dev/null && echo $verdict > "$cache/accel-$key" 2>/dev/null
	echo $verdict
}
case ${ACCEL:-auto} in
auto)	[ $arch = arm64 ] && accel=tcg || accel=$(probe_accel) ;;
kvm|tcg) accel=$ACCEL ;;
*)	echo "run-vm: ACCEL=$ACCEL: auto, kvm or tcg" >&2; exit 2 ;;
esac
cpu=max
[ "$accel" = kvm ] && cpu=host
qemu=(qemu-system-x86_64)
results=(-serial "file:$logdir/results.log")
if [ $arch = arm64 ]; then
	# Another architecture than the host's: always TCG.  The cheap pointer
	# authentication of QEMU's own makes -cpu max faster under TCG.
	accel=tcg
	qemu=(qemu-system-aarch64 -M virt)
	cpu=max,pauth-impdef=on
	results=(-chardev "file,id=kngres,path=$logdir/results.log"
		 -device virtio-serial-device -device virtconsole,chardev=kngres)
fi

mkdir -p "$logdir"
echo "$accel" > "$logdir/accel"
rm -f "$logdir/console.log" "$logdir/results.log" "$logdir/stall-stacks.txt"
: > "$logdir/console.log"
timeout --foreground -k 10 "$tmo" "${qemu[@]}" \
	-accel "$accel" -cpu "$cpu" -smp "$smp_opt" -m "$mem" "${numa[@]}" \
	-display none -monitor none -no-reboot \
	-kernel "$kernel" -initrd "$initrd" -append "$append" \
	-serial "file:$logdir/console.log" "${results[@]}" \
	-gdb "tcp:127.0.0.1:$port" \
	${QEMU_EXTRA:-} </dev/null &
qpid=$!

# The console watchdog.
size=0; quiet=0
while kill -0 $qpid 2>/dev/null; do
	sleep 5
	now=$(stat -c %s "$logdir/console.log" 2>/dev/null || echo 0)
	if [ "$now" != "$size" ]; then
		size=$now; quiet=0; continue
	fi
	quiet=$((quiet + 5))
	[ $quiet -ge "$stall" ] || continue
	echo "run-vm: the console has been silent for ${stall}s: the guest hangs" >&2
	if [ $arch = x86_64 ] && command -v gdb >/dev/null && [ -f "$vmlinux" ]; then
		timeout 300 gdb -q -batch -ex "target remote 127.0.0.1:$port" \
			-x "$here/vcpu-stacks.py" "$vmlinux" \
			> "$logdir/stall-stacks.txt" 2>&1
		grep -v '^\[' "$logdir/stall-stacks.txt" | sed 's/^/run-vm: /' >&2
	else
		echo "run-vm: (no gdb, no $vmlinux, or not x86: no vcpu stacks)" >&2
	fi
	pkill -P $qpid 2>/dev/null
	kill $qpid 2>/dev/null
	wait $qpid 2>/dev/null
	exit 125
done
wait $qpid
rc=$?
[ $rc = 124 ] && echo "run-vm: QEMU timed out after ${tmo}s" >&2
exit $rc
