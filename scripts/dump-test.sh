#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# scripts/kng-dump.py (drgn) on a dump of a guest's memory taken while a
# worker is held mid-run, against what debugfs showed at that moment.
#
#   scripts/dump-test.sh KDIR BUILD OUTDIR
#
# KDIR: a debug test kernel built with DWARF and KEXEC (the 6.1 one:
# scripts/config/debug-6.1.config); BUILD: kthread_ng.ko and
# tests/kng_dump_state.ko built against it (scripts/build-modules.sh).
# The guest (scripts/vm/dump.sh) loads tests/dump/dump_state.c, prints
# debugfs's threads and workers and the works it left pending, and waits on
# its third serial port; scripts/qmp-dump.py dumps its memory through QMP,
# adds the kernel's VMCOREINFO note and lets it go on.  Then drgn reads the
# dump with vmlinux and the two modules' debug info.  Four comparisons, each one
# passed or failed: the threads table and the workers table against
# debugfs's, line for line; the held worker's running, queued and delayed
# works against what the module queued; the idle worker with none.
# Last line: "N passed, N failed".  The dump is removed unless KEEP_DUMP=1.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/boot.sh"
kb=${1:?usage: dump-test.sh KDIR BUILD OUTDIR}
build=${2:?usage: dump-test.sh KDIR BUILD OUTDIR}
out=$(realpath -m "${3:?usage: dump-test.sh KDIR BUILD OUTDIR}")
mkdir -p "$out"
rm -f "$out/dump.elf" "$out/qmp.sock" "$out/go.sock"

fail() { echo "dump: $*"; echo "0 passed, 1 failed"; exit 1; }
command -v drgn > /dev/null || fail "no drgn (python3-drgn; make deps)"

"$top/scripts/mkinitramfs.sh" "$out/dump.cpio" dump \
	"$build/kthread_ng.ko" "$build/tests/kng_dump_state.ko" || fail "no initramfs"

take_dump() {	# VMDIR VM-PID
	python3 "$top/scripts/qmp-dump.py" "$1/console.log" "$out/qmp.sock" \
		"$out/go.sock" "$out/dump.elf" 600 "$2"
}
QEMU_EXTRA="-qmp unix:$out/qmp.sock,server=on,wait=off
	-chardev socket,id=kngo,path=$out/go.sock,server=on,wait=off -serial chardev:kngo" \
	BOOT_COMPANION=take_dump boot_judged dump "$out/judge.txt" \
	"$kb/arch/x86/boot/bzImage" "$out/dump.cpio" "$out/vm" 900 2 1024 -- || {
	head -n -1 "$out/judge.txt"; fail "the dump boot failed"; }
[ "$boot_companion_rc" = 0 ] || fail "no dump taken"

drgn -q --no-default-symbols -c "$out/dump.elf" -s "$kb/vmlinux" \
	-s "$build/kthread_ng.ko" -s "$build/tests/kng_dump_state.ko" \
	"$top/scripts/kng-dump.py" > "$out/drgn.txt" 2> "$out/drgn.err" || {
	cat "$out/drgn.err"; fail "drgn failed on the dump"; }
[ "${KEEP_DUMP:-0}" = 1 ] || rm -f "$out/dump.elf"
echo "dump: what kng-dump.py read out of the dump:"
sed 's/^/    /' "$out/drgn.txt"

python3 - "$out/vm/console.log" "$out/drgn.txt" <<'EOF'
import re
import sys

console = [re.sub(r'^\[[ 0-9.]*\] ', '', l.rstrip('\r\n'))
           for l in open(sys.argv[1], errors='replace')]
drgn = [l.rstrip('\n') for l in open(sys.argv[2])]


def section(name):
    """kng-dump.py's table NAME: its lines up to the next table."""
    i = drgn.index(name) + 1
    j = next((k for k in range(i, len(drgn)) if drgn[k] in ('threads', 'workers')),
             len(drgn))
    return drgn[i:j]


def debugfs(name):
    tag = 'KNG-DUMP-DEBUGFS %s ' % name
    return [l.split(tag, 1)[1] for l in console if tag in l
            and not l.split(tag, 1)[1].startswith('#')]


def works_of(thread):
    lines, cur = {}, None
    for l in section('workers'):
        if l.startswith('#'):
            continue
        if not l.startswith(' '):
            cur = l.split()[0]
            lines.setdefault(cur, [])
        else:
            lines[cur].append(l.split()[:2])
    return lines.get(thread)


passed = failed = 0


def judge(ok, what, detail=''):
    global passed, failed
    print('dump: %s: %s%s' % ('ok' if ok else 'FAILED', what, detail))
    passed, failed = passed + ok, failed + (not ok)


threads = [l for l in section('threads') if not l.startswith('#')]
want = debugfs('threads')
names = sorted(l.split()[0] for l in want)
judge(threads == want and names == ['kng_dump_busy', 'kng_dump_idle', 'kng_dump_sleeper'],
      'the threads, as debugfs showed them (%d)' % len(want),
      '' if threads == want else '\n  debugfs: %s\n  drgn:    %s' % (want, threads))

workers = [' '.join(l.split()[:8]) for l in section('workers')
           if not l.startswith(('#', ' '))]
want = [' '.join(l.split()[:8]) for l in debugfs('workers')]
judge(workers == want and sorted(l.split()[0] for l in want) == names[:2],
      'the workers, as debugfs showed them (%d)' % len(want),
      '' if workers == want else '\n  debugfs: %s\n  drgn:    %s' % (want, workers))

expect = {}
for l in console:
    m = re.search(r'KNG-DUMP-EXPECT (\S+) (\S+) (\S+)', l)
    if m:
        expect.setdefault(m.group(1), [])
        if m.group(3) != '-':
            expect[m.group(1)].append([m.group(2), m.group(3)])
for thread in ('kng_dump_busy', 'kng_dump_idle'):
    got = works_of(thread)
    judge(thread in expect and got == expect[thread],
          '%s\'s works: %s' % (thread, ', '.join(' '.join(w) for w in got or []) or 'none'),
          '' if got == expect.get(thread) else ' (expected %s)' % expect.get(thread))
print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
EOF
