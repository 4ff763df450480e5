#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make bench`: kthread_ng against the kernel's kthread API, kthread_worker
# and workqueues, in one boot of a 6.12 kernel WITHOUT the debug options
# (scripts/config/bench.config).  Prints one Markdown table; keeps it in
# out/bench[-icount]/table.md.
#
#   ICOUNT=1   boot with QEMU's -icount shift=0,sleep=off: the guest clock
#              advances one nanosecond per instruction executed, and jumps to
#              the next timer when every cpu is idle, so every time in the
#              table is an instruction count (the table says so), the same
#              from run to run, except the delayed-work rows, which are
#              mostly a timer's wait and say so; TCG's wall times vary with
#              the host.
#   UPDATE_DOCS=1  also put the table into Documentation/benchmarks.rst,
#              between its two marker lines for this mode (no table there is
#              pasted by hand)
#   ROUNDS=N   rounds per row (default 6: each side first in three)
#   DOCS_ONLY=1  no run: UPDATE_DOCS from the last run's table of the mode
#   ARCH=arm64 the same on an arm64 kernel, cross-built, in
#              qemu-system-aarch64 (TCG); out/bench[-icount]-arm64.  With
#              ICOUNT=1 UPDATE_DOCS=1 it writes its table, and the ratios of
#              both architectures side by side (the x86_64 ones from the
#              documentation's ICOUNT=1 table), into benchmarks.rst.
#
# The accelerator (KVM where it works, else TCG: scripts/run-vm.sh) is named
# in the table's header.  A failed measurement, a zero or a missing row is
# an error, never a table.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
icount=${ICOUNT:-0}
. scripts/arch.sh bench
. scripts/boot.sh
out=$top/out/bench
extra=${QEMU_EXTRA:-}
if [ "$icount" = 1 ]; then
	out=$top/out/bench-icount
	# icount counts instructions of TCG only.
	export ACCEL=tcg
	# sleep=off: an idle guest's clock jumps to its next timer, so no
	# host time ever enters a count.
	extra="$extra -icount shift=0,sleep=off"
fi
[ -z "$arch" ] || out=$out-$arch
mkdir -p "$out"

# The documentation's table of this mode: replaced whole, between its
# markers.  On arm64 in icount mode, also the ratios of both architectures
# side by side, the x86_64 ones read from that mode's table in the file.
update_docs() {
	mode=wall; [ "$icount" = 1 ] && mode=icount
	[ -n "$arch" ] && mode=$mode-$arch
	python3 - "$top/Documentation/benchmarks.rst" "$out/table.md" "$mode" <<'PY'
import sys
doc, table, mode = sys.argv[1:]
END = '    [end of table]'


def marker(what, source='it'):
    return '    [table: %s UPDATE_DOCS=1 writes %s; not edited by hand]' % (
        what, source)


def block(lines, what, source='it'):
    try:
        b = lines.index(marker(what, source))
        return b, lines.index(END, b)
    except ValueError:
        sys.exit('bench: no marker lines in %s:\n%s' % (doc, marker(what, source)))


def rows(lines):
    """(metric, peer) -> ratio, from a table's Markdown rows."""
    out = {}
    for l in lines:
        f = [x.strip() for x in l.strip().strip('|').split('|')]
        if len(f) == 6 and f[0] not in ('metric', '---'):
            out[(f[0], f[1])] = f[5]
    return out


what = {'wall': 'make bench', 'icount': 'make bench ICOUNT=1',
        'wall-arm64': 'make bench ARCH=arm64',
        'icount-arm64': 'make bench ICOUNT=1 ARCH=arm64'}[mode]
lines = open(doc).read().split('\n')
new = open(table).read().rstrip('\n').split('\n')
b, e = block(lines, what)
lines[b + 1:e] = ['    ' + l if l else '' for l in new]
if mode == 'icount-arm64':
    b, e = block(lines, 'make bench ICOUNT=1')
    x86 = rows(lines[b + 1:e])
    arm = rows(new)
    side = ['| metric | peer | ratio ng/peer, x86_64 | ratio ng/peer, arm64 |',
            '|---|---|---|---|']
    side += ['| %s | %s | %s | %s |' % (m, p, x86.get((m, p), '-'), r)
             for (m, p), r in arm.items()]
    b, e = block(lines, 'make bench ICOUNT=1 ARCH=arm64',
                 'it from both tables')
    lines[b + 1:e] = ['    ' + l for l in side]
open(doc, 'w').write('\n'.join(lines))
PY
	echo "bench: the table in Documentation/benchmarks.rst regenerated"
}

if [ "${DOCS_ONLY:-0}" = 1 ]; then
	[ -f "$out/table.md" ] || { echo "bench: no $out/table.md to write from" >&2; exit 1; }
	update_docs
	exit 0
fi
with_arch scripts/deps.sh
kb=$(scripts/build-kernel.sh 6.12 bench "$arch")
image=$(arch_image "$kb")
KNG_FAULT=0 with_arch scripts/build-modules.sh "$kb" "$out/build" > "$out/build.log" 2>&1 ||
	{ cat "$out/build.log"; exit 1; }
with_arch scripts/mkinitramfs.sh "$out/initrd.cpio" bench \
	"$out/build/kthread_ng.ko" "$out/build/tests/kng_bench.ko"
# A boot that dies before kthread_ng is loaded measured nothing (under TCG
# the kernel's own code patching of static keys now and then does): it is
# booted once more; a failure after the load is a failed benchmark.
if ! QEMU_EXTRA=$extra boot_judged bench "$out/analyze.txt" "$image" "$out/initrd.cpio" \
	"$out/vm" 5400 2 2048 "ROUNDS=${ROUNDS:-6}" --; then
	cat "$out/analyze.txt"
	echo "bench: the benchmark boot failed"
	exit 1
fi

# Eight creators at once want more cpus than the rest: a boot of its own
# at -smp 4, whose one row goes after the two-caller row.
if ! QEMU_EXTRA=$extra boot_judged bench "$out/analyze-callers.txt" "$image" "$out/initrd.cpio" \
	"$out/vm-callers" 5400 4 2048 "ROUNDS=${ROUNDS:-6}" CALLERS=8 --; then
	cat "$out/analyze-callers.txt"
	echo "bench: the benchmark boot with 8 callers failed"
	exit 1
fi
row8=$(sed -n 's/.*KNG-BENCH | //p' "$out/vm-callers/console.log")
[ "$(printf '%s\n' "$row8" | grep -c '8 callers')" = 1 ] &&
	grep -q 'KNG-BENCH-ROWS 1[^0-9]*$' "$out/vm-callers/console.log" ||
	{ echo "bench: no row from the boot with 8 callers"; exit 1; }

rows=$(sed -n 's/.*KNG-BENCH | //p' "$out/vm/console.log" | tail -n +2)
# Each throughput run (works/s / producer's ns per work / worker's switches).
sed -n 's/.*KNG-BENCH-RAW | //p' "$out/vm/console.log" > "$out/raw.txt"
want=$(sed -n 's/.*KNG-BENCH-ROWS \([0-9]*\).*/\1/p' "$out/vm/console.log")
[ -z "$want" ] || want=$((want + 1))
rows=$(printf '%s\n' "$rows" | awk -v r="$row8" '{ print } /, 2 callers \|/ { print r }')
got=$(printf '%s\n' "$rows" | grep -c '|' || true)
[ -n "$want" ] && [ "$got" = "$want" ] ||
	{ echo "bench: $got rows, the module announced ${want:-none}"; exit 1; }
# A median of 0 on either side is a measurement that did not happen (a
# count of context switches excepted: a worker that never ran dry has none).
zero=$(printf '%s\n' "$rows" | awk -F' [|] ' '$5 != "switches" && ($3 ~ /^0 / || $4 ~ /^0 /)')
[ -z "$zero" ] || { echo "bench: a row with a zero median:"; echo "$zero"; exit 1; }

accel=$(cat "$out/vm/accel")
kver=$(sed -n 's/^.*Linux version \([^ ]*\).*/\1/p' "$out/vm/console.log" | head -1)
{
	echo "kthread_ng benchmarks, $(date -u +%Y-%m-%d), Linux $kver"
	if [ "$icount" = 1 ]; then
		echo "(QEMU TCG${arch:+ for $arch} with -icount shift=0,sleep=off, -smp 2 (the"
		echo " 8-caller row -smp 4), non-debug kernel:"
		echo " every time is a count of instructions executed, every rate per"
		echo " 10^9 instructions, except the delayed-work rows, guest time that"
		echo " is mostly the timer's wait; medians over rounds, pairs back to"
		echo " back, order alternating; ratio < 1 is better, > 1 for works/s)"
	else
		echo "(QEMU $(echo "$accel" | tr a-z A-Z), -smp 2 (the 8-caller row -smp 4), non-debug kernel;"
		echo " medians over rounds,"
		echo " pairs back to back, order alternating; ratio < 1 is better for"
		echo " times, > 1 for works/s)"
	fi
	echo "The producer runs on the first cpu; both kthread workers and"
	echo "system_wq's works on the last; the ordered and WQ_UNBOUND workqueues"
	echo "run wherever the scheduler puts their workers, the producer's cpu"
	echo "included: their rows (\"any cpu\") compare placements as well as"
	echo "engines."
	echo
	sed -n 's/.*KNG-BENCH | metric/| metric/p; s/.*KNG-BENCH |---/|---/p' "$out/vm/console.log" | head -2
	if [ "$icount" = 1 ]; then
		# 1 ns of guest time is one instruction.
		printf '%s\n' "$rows" | sed 's/^/| /; s/| ns |/| instructions |/; s/| ns\/work |/| instructions\/work |/;
			s/| ns\/thread |/| instructions\/thread |/; s/| us |/| 10^3 instructions |/;
			s/| ns, a timer wait |/| guest ns, a timer wait |/;
			s/| works\/s |/| works per 10^9 instructions |/'
	else
		printf '%s\n' "$rows" | sed 's/^/| /'
	fi
	echo
	# The throughput runs pair by pair: what each pair's ratio says.
	python3 - "$out/raw.txt" <<'PY'
import math, sys
runs = {}
for line in open(sys.argv[1]):
    f = [x.strip() for x in line.split('|')]
    runs[(f[1], f[2], f[3])] = [int(v.split('/')[0]) for v in f[4].split()]
peers = sorted({k[0] for k in runs}, key=lambda p: (p != 'kthread_worker', p))
for peer in peers:
    r = []
    for (p, rnd, side), ng in runs.items():
        if p == peer and side == 'kthread_ng':
            r += [math.log(a / b) for a, b in zip(ng, runs[(p, rnd, 'peer')])]
    m = sum(r) / len(r)
    se = math.sqrt(sum((x - m) ** 2 for x in r) / (len(r) - 1) / len(r))
    print('throughput vs %s, pair by pair: geometric mean of the ratios %.2f '
          '(95%% interval %.2f..%.2f), kthread_ng ahead in %d of %d pairs'
          % (peer, math.exp(m), math.exp(m - 1.96 * se), math.exp(m + 1.96 * se),
             sum(x > 0 for x in r), len(r)))
PY
} > "$out/table.md"
cat "$out/table.md"
if [ "${UPDATE_DOCS:-0}" = 1 ]; then
	update_docs
fi
