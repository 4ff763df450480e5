#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make check`: everything a submission must pass, from a fresh machine.
#
#   KVER=6.12|6.1|7.3  which debug test kernel runs the KUnit suites
#   ARCH=arm64     the test kernel and the modules cross-built for arm64
#                  (CROSS_COMPILE, default aarch64-linux-gnu-), booted under
#                  qemu-system-aarch64 -M virt (TCG): every KUnit suite, the
#                  differential and the race cases.  What does not depend
#                  on the architecture, or needs x86, is the x86 run's: the
#                  gates (GATES=0), the judge's fixtures and port-to-ng's
#                  test, the real clients, the affinity boot and the smoke
#                  test on Debian's stock kernels.
#   KSRC=DIR       build it from this kernel tree (of version KVER), not from
#                  Debian's linux-source-$KVER (scripts/build-kernel.sh)
#   SMOKE=1|0      also load kthread_ng into Debian's stock kernels
#   GATES=1|0      also run the style and warning gates
#   KNG_CONFIG=debug|kcsan|kcsan-strict  the test kernel's config (scripts/config/, see build-kernel.sh)
#   STRESS_SCALE=N, SOAK_SECONDS=S  rounds of the stress suite, or its time
#   STRESS_SEED=S  seed of the stress suite's random choices (default: random,
#                  printed as "KNG-STRESS: ... seed S")
#   CLIENTS=1|0    also run the real clients (scripts/clients.sh), native
#                  and ported, in a boot of their own; with 0 the test
#                  kernel is built without their options (clients.config)
#   STRESS_MISUSE=1  one park storm of the stress suite parks a thread twice:
#                  a misuse outside every expected-warning region, which
#                  must fail the run
#
# Last line: "N passed, N failed", every KUnit case of the run.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
KVER=${KVER:-6.12}
# Only the steps given it see ARCH: kbuild reads it too.
. scripts/arch.sh check
. scripts/boot.sh
x86=1
[ -z "$arch" ] || x86=0
SMOKE=${SMOKE:-$x86}
GATES=${GATES:-$x86}
CLIENTS=${CLIENTS:-$x86}
cfg=${KNG_CONFIG:-debug}
out=$top/out/check-$KVER
[ "$cfg" = debug ] || out=$out-$cfg
[ -z "$arch" ] || out=$out-$arch
mkdir -p "$out"

say() { printf '== %s\n' "$*"; }
die() { printf 'check: %s\n' "$*" >&2; echo "0 passed, 1 failed"; exit 1; }

say "dependencies"
with_arch scripts/deps.sh || die "cannot install dependencies"

if [ "$GATES" = 1 ]; then
	say "gates: W=1 against Debian's stock headers, checkpatch, sparse, kernel-doc"
	scripts/gates.sh || die "a gate failed"
fi

say "test kernel $KVER ($cfg${arch:+, $arch})"
# The real clients' options only where they run.
kb=$(KNG_CLIENTS=$CLIENTS scripts/build-kernel.sh "$KVER" "$cfg" "$arch") || die "test kernel build failed"
image=$(arch_image "$kb")
vm_tmo=1500
[ "$arch" = arm64 ] && vm_tmo=3600

judge_passed=0; judge_failed=0; port_passed=0; port_failed=0
if [ $x86 = 1 ]; then
	say "the console judge on its fixtures (tests/judge)"
	if out_j=$(KUNIT_PY=$kb/source/tools/testing/kunit/kunit.py scripts/judge-test.sh); then :; fi
	echo "$out_j"
	judge_passed=$(echo "$out_j" | sed -n 's/^judge: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	judge_failed=$(echo "$out_j" | sed -n 's/^judge: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	[ -n "$judge_passed" ] || { judge_passed=0; judge_failed=1; }

	say "port-to-ng on what a porter meets (scripts/port-test.sh)"
	out_p=$(scripts/port-test.sh) || true
	echo "$out_p"
	port_passed=$(echo "$out_p" | sed -n 's/^port-test: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	port_failed=$(echo "$out_p" | sed -n 's/^port-test: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	[ -n "$port_passed" ] || { port_passed=0; port_failed=1; }
fi

say "modules against the test kernel"
with_arch scripts/build-modules.sh "$kb" "$out/build" || die "module build failed"

say "QEMU: KUnit suites on $KVER${arch:+ ($arch)}"
mods=("$out/build/kthread_ng.ko" "$out/build/samples/kng_consumer/kng_consumer.ko" "$out/build/tests/"*.ko)
STAGE=$out/build/stage with_arch scripts/mkinitramfs.sh "$out/initrd.cpio" check "${mods[@]}"
# Every suite the sources define reports once: their names, from the sources.
suites=$(grep -ho '\.name = "kthread_ng_[a-z_]*"' tests/*.c | cut -d'"' -f2 | sort | tr '\n' ' ')
rc=0
NUMA=2 boot_judged check "$out/summary.txt" "$image" "$out/initrd.cpio" "$out/vm" \
	"${VM_TIMEOUT:-$vm_tmo}" "${SMP:-2}" 2048 "kng_stress_scale=${STRESS_SCALE:-1} kng_soak_seconds=${SOAK_SECONDS:-0} kng_stress_seed=${STRESS_SEED:-0} kng_stress_misuse=${STRESS_MISUSE:-0}" \
	-- --kunit "$kb/source/tools/testing/kunit/kunit.py" \
	--expect-suites "$suites" --expected-warnings tests/expected-warnings \
	--diff-table tests/diff/differences || rc=$?
[ $rc = 0 ] || rc=1
# The totals of the stress suite, the fault-injection counts.
grep -h 'KNG-STRESS total\|KNG-STRESS:\|KNG-FAULT' "$out/vm/console.log" | sed 's/^.*KNG-/KNG-/' | awk '!seen[$0]++' || true
echo "console log: $out/vm/console.log"
last=$(tail -1 "$out/summary.txt")
head -n -1 "$out/summary.txt"

extra_failed=0
extra_passed=0
# add_counts FILE: FILE's last line, "N passed, N failed", into the extra
# counts; a file without one is a failure.
add_counts() {
	local line np nf
	line=$(tail -1 "$1")
	np=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	nf=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	[ -n "$np" ] || { np=0; nf=1; }
	extra_passed=$((extra_passed + np)); extra_failed=$((extra_failed + nf))
}
if [ "$CLIENTS" = 1 ] && [ "$cfg" = debug ]; then
	say "real clients: native and ported to kthread_ng, in a boot of their own"
	KVER=$KVER scripts/clients.sh "$kb" > "$out/clients.txt" 2>&1 || rc=1
	grep -v '^[0-9]* passed, [0-9]* failed$' "$out/clients.txt" | grep -v '^clients: .* built:' || true
	add_counts "$out/clients.txt"
fi
# Where the kernel keeps kthreads' preferred cpus (7.x), a boot with a cpu
# isolated from the scheduler domains: each of the comparisons of
# scripts/vm/affine.sh is one passed or failed.
if grep -qw kthread_affine_preferred "$kb/Module.symvers" && [ "$cfg" = debug ] && [ $x86 = 1 ]; then
	say "affinity under isolcpus=domain, in a boot of its own"
	scripts/mkinitramfs.sh "$out/affine.cpio" affine \
		"$out/build/kthread_ng.ko" "$out/build/tests/kng_affine_cmp.ko"
	arc=0
	boot_judged check "$out/affine.txt" "$kb/arch/x86/boot/bzImage" "$out/affine.cpio" \
		"$out/vm-affine" 600 2 1024 "isolcpus=domain,1" -- || arc=$?
	grep -h 'KNG-AFFINE' "$out/vm-affine/console.log" | sed 's/^.*KNG-AFFINE/KNG-AFFINE/' || true
	n=$(grep -c 'KNG-AFFINE preferred .* isolated at boot' "$out/vm-affine/console.log" || true)
	if [ $arc = 0 ] && [ "$n" = 2 ]; then
		extra_passed=$((extra_passed + n))
	else
		head -n -1 "$out/affine.txt"
		echo "check: the isolcpus boot failed ($n of 2 comparisons made)"
		# A judged-bad boot proves neither comparison.
		rc=1; extra_failed=$((extra_failed + 2))
	fi
fi
# Where the test kernel has what drgn needs (DWARF, and a VMCOREINFO note
# with x86's part: scripts/config/debug-6.1.config), a dump of a guest
# with a worker held mid-run, read by scripts/kng-dump.py.
if [ $x86 = 1 ] && [ "$cfg" = debug ] && grep -qx 'CONFIG_KEXEC_CORE=y' "$kb/.config" &&
   grep -qx 'CONFIG_DEBUG_INFO_DWARF4=y' "$kb/.config"; then
	say "a dump of the guest's memory read by drgn, in a boot of its own"
	scripts/dump-test.sh "$kb" "$out/build" "$out/dump" > "$out/dump.txt" 2>&1 || rc=1
	grep -v '^[0-9]* passed, [0-9]* failed$' "$out/dump.txt" || true
	add_counts "$out/dump.txt"
fi
if [ "$SMOKE" = 1 ]; then
	say "smoke: load into Debian's stock kernels"
	scripts/smoke.sh "$out/smoke" || { echo "check: stock-kernel smoke test failed"; rc=1; extra_failed=$((extra_failed + 1)); }
fi

# Every failure counts in the closing line: a failed step of this script
# too, not only what analyze.py counted.
p=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
[ -n "$p" ] || { p=0; f=1; }
p=$((p + judge_passed + port_passed + extra_passed))
f=$((f + judge_failed + port_failed + extra_failed))
[ $rc = 0 ] && [ "$f" != 0 ] && rc=1
[ $rc != 0 ] && [ "$f" = 0 ] && f=1
[ $rc = 0 ] && say "check passed" || say "check FAILED"
echo "$p passed, $f failed"
exit $rc
