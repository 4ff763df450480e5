#!/bin/bash
# Boot a kernel with an initramfs in QEMU (TCG) and keep what it printed.
#
#   scripts/run-vm.sh KERNEL INITRD LOGDIR TIMEOUT_S [SMP] [MEM_MB] [APPEND...]
#
# ttyS0 (the console) goes to LOGDIR/console.log, ttyS1 (what the init
# script writes there: KTAP results) to LOGDIR/results.log.  QEMU is killed
# after TIMEOUT_S seconds; the exit status is then 124.  QEMU_EXTRA adds
# options (QEMU_EXTRA=-s: a gdb stub on :1234, to see where a hung guest is).
set -uo pipefail

kernel=${1:?}; initrd=${2:?}; logdir=${3:?}; tmo=${4:?}
smp=${5:-2}; mem=${6:-1024}
shift 6 2>/dev/null || shift $#
append="console=ttyS0 panic=-1 oops=panic rdinit=/init $*"

mkdir -p "$logdir"
rm -f "$logdir/console.log" "$logdir/results.log"
timeout --foreground -k 10 "$tmo" qemu-system-x86_64 \
	-accel tcg -cpu max -smp "$smp" -m "$mem" \
	-display none -monitor none -no-reboot \
	-kernel "$kernel" -initrd "$initrd" -append "$append" \
	-serial "file:$logdir/console.log" -serial "file:$logdir/results.log" \
	${QEMU_EXTRA:-} </dev/null
rc=$?
[ $rc = 124 ] && echo "run-vm: QEMU timed out after ${tmo}s" >&2
exit $rc
