# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# The steps of the isolcpus boot (scripts/check.sh, on kernels that export
# kthread_affine_preferred()): booted with isolcpus=domain,<last cpu>, a
# kernel thread and a kthread_ng thread given the same preferred cpus must
# be allowed the same cpus, the isolated one or all of them preferred.
step "load kthread_ng"
insmod /m/kthread_ng.ko || fail "insmod kthread_ng"
last=$(sed -n 's/^processor[[:space:]]*: //p' /proc/cpuinfo | tail -1)
grep -q "isolcpus=domain,$last" /proc/cmdline || fail "not booted with isolcpus=domain,$last"
for pref in "$last" "0-$last"; do
	step "affinity under isolcpus=domain,$last: preferred cpus $pref"
	if affine_load cpus="$pref"; then
		affine_compare "preferred $pref, cpu $last isolated at boot"
		rmmod kng_affine_cmp || fail "rmmod kng_affine_cmp"
	else
		fail "kng_affine_cmp: nothing to compare with on this kernel"
	fi
done
step "unload"
rmmod kthread_ng || fail "rmmod kthread_ng"
