# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# One judged boot, as every script that boots a test kernel does it
# (sourced).
#
#   boot_judged WHO SUMMARY RUN-VM-ARGUMENTS... -- ANALYZE-ARGUMENTS...
#
# boots scripts/run-vm.sh with RUN-VM-ARGUMENTS (the third is the log
# folder) and writes the judge's verdict, scripts/analyze.py on that folder
# with ANALYZE-ARGUMENTS, to SUMMARY; returns the judge's exit code.  A
# splat during boot, before kthread_ng is loaded (the judge's exit code 3),
# is the kernel's or QEMU's under TCG and turns lockdep off for the rest of
# the boot: the kernel is booted once more, its first console kept as
# console-boot-splat.log.  A second such boot is a failure (3).  The
# environment of the call (QEMU_EXTRA, NUMA) reaches run-vm.sh.  With
# BOOT_COMPANION set to a command's name, that command runs beside each
# boot, given the log folder and run-vm.sh's pid, and its exit status is
# left in boot_companion_rc.

boot_scripts=$(dirname "${BASH_SOURCE[0]}")

boot_judged() {
	local who=$1 summary=$2 try rc=0 vm vm_pid
	local -a vm_args=() judge_args=()

	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do vm_args+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	judge_args=("$@")
	vm=${vm_args[2]}
	for try in 1 2; do
		if [ -n "${BOOT_COMPANION:-}" ]; then
			"$boot_scripts/run-vm.sh" "${vm_args[@]}" &
			vm_pid=$!
			boot_companion_rc=0
			"$BOOT_COMPANION" "$vm" $vm_pid || boot_companion_rc=$?
			wait $vm_pid || true
		else
			"$boot_scripts/run-vm.sh" "${vm_args[@]}" || true
		fi
		rc=0
		python3 "$boot_scripts/analyze.py" "$vm" "${judge_args[@]}" > "$summary" || rc=$?
		[ $rc = 3 ] && [ $try = 1 ] || break
		cp "$vm/console.log" "$vm/console-boot-splat.log"
		grep 'before kthread_ng was loaded' "$summary" || true
		echo "$who: the kernel splatted while booting, before kthread_ng was loaded; booting again"
	done
	return $rc
}
