#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# scripts/port-to-ng on what a porter meets, on the host: both sides of
# 6.14 (kthread_create_worker() started the thread before, not since), the
# era read from a kernel tree's Makefile, the exits that put a module
# reference, and do_exit().  The real clients (scripts/clients.sh) port
# and run whole drivers; this is the quick part.
#
#   scripts/port-test.sh
#
# Last line: "port-test: N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
port=$top/scripts/port-to-ng
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
p=0; f=0
ok() { echo "port-test: ok: $*"; p=$((p + 1)); }
bad() { echo "port-test: FAILED: $*"; f=$((f + 1)); }

cat > "$t/src.c" <<'C'
#include <linux/kthread.h>
#include <linux/module.h>
static struct kthread_worker *w;
static int fn(void *arg)
{
	w = kthread_create_worker(0, "a");
	w = kthread_create_worker_on_cpu(1, 0, "b%d", 1);
	if (arg)
		do_exit(0);
	module_put_and_kthread_exit(0);
}
MODULE_LICENSE("GPL");
C

# VERSION EXPECT-1 EXPECT-2: the two worker creations as ported.
era() {
	cp "$t/src.c" "$t/a.c"
	"$port" --from "$1" "$t/a.c" 2> "$t/err" || { bad "--from $1 refused"; return; }
	if grep -qF "$2" "$t/a.c" && grep -qF "$3" "$t/a.c"; then
		ok "--from $1: $2, $3"
	else
		bad "--from $1: expected $2 and $3:"; cat "$t/a.c"
	fi
}
era 6.13 'w = kthread_ng_run_worker(0, "a");' \
	'w = kthread_ng_start_worker(kthread_ng_create_worker_on_cpu(1, 0, "b%d", 1));'
era 6.14 'w = kthread_ng_create_worker(0, "a");' 'w = kthread_ng_create_worker_on_cpu(1, 0, "b%d", 1);'
era 7.3 'w = kthread_ng_create_worker(0, "a");' 'w = kthread_ng_create_worker_on_cpu(1, 0, "b%d", 1);'
era 6.1 'w = kthread_ng_run_worker(0, "a");' 'kthread_ng_start_worker('

cp "$t/src.c" "$t/a.c"
if "$port" --from 6 "$t/a.c" 2> "$t/err"; then bad "--from 6 accepted"
elif grep -q 'ambiguous' "$t/err"; then ok "--from 6 refused: $(cat "$t/err")"
else bad "--from 6: $(cat "$t/err")"; fi
if "$port" "$t/a.c" 2> "$t/err"; then bad "no --from, no tree: accepted"
else ok "no --from outside a kernel tree: refused"; fi

# In a kernel tree: its Makefile says the era.
for v in "6 13" "6 14"; do
	set -- $v
	d=$t/tree-$1.$2
	mkdir -p "$d/kernel" "$d/drivers/x"
	printf 'VERSION = %s\nPATCHLEVEL = %s\n' "$1" "$2" > "$d/Makefile"
	cp "$t/src.c" "$d/drivers/x/a.c"
	"$port" "$d/drivers/x/a.c" 2> "$t/err" || { bad "in a $1.$2 tree: $(cat "$t/err")"; continue; }
	want='kthread_ng_create_worker(0'
	[ "$2" = 13 ] && want='kthread_ng_run_worker(0'
	grep -qF "$want" "$d/drivers/x/a.c" && ok "in a $1.$2 tree: $want" ||
		bad "in a $1.$2 tree: no $want"
done

cp "$t/src.c" "$t/a.c"
"$port" --from 7.3 "$t/a.c" 2> "$t/err"
grep -q 'module_put_and_kthread_ng_exit(0);' "$t/a.c" &&
	ok "module_put_and_kthread_exit() -> module_put_and_kthread_ng_exit()" ||
	bad "module_put_and_kthread_exit() not mapped"
grep -q 'a.c:9: note: do_exit()' "$t/err" && ok "do_exit() noted: $(cat "$t/err")" ||
	bad "do_exit() not noted: $(cat "$t/err")"
# A worker put under SCHED_DEADLINE by hand: noted, the call named.
printf '#include <linux/kthread.h>\nstatic void f(void)\n{\n\tstruct kthread_worker *w = kthread_create_worker(0, "d");\n\tstruct sched_attr a = { .sched_policy = SCHED_DEADLINE };\n\tsched_setattr_nocheck(w->task, &a);\n}\n' > "$t/d.c"
"$port" --from 7.3 "$t/d.c" 2> "$t/err-d"
grep -q 'd.c:5: note: kthread_ng_worker_set_deadline()' "$t/err-d" &&
	ok "SCHED_DEADLINE on a worker noted: $(cat "$t/err-d")" ||
	bad "SCHED_DEADLINE not noted: $(cat "$t/err-d")"
# A real-time thread in a file with workers: KTW_NG_PRIO_INHERIT noted.
printf '#include <linux/kthread.h>\nstatic void f(void)\n{\n\tstruct kthread_worker *w = kthread_create_worker(0, "p");\n\tsched_set_fifo(current);\n\tkthread_flush_worker(w);\n}\n' > "$t/p.c"
"$port" --from 7.3 "$t/p.c" 2> "$t/err-p"
grep -q 'p.c:5: note: .*KTW_NG_PRIO_INHERIT' "$t/err-p" &&
	ok "a real-time flusher noted: $(cat "$t/err-p")" ||
	bad "a real-time flusher not noted: $(cat "$t/err-p")"
# Per-cpu workers made by hand in hotplug callbacks (erofs's way): noted.
printf '#include <linux/kthread.h>\nstatic int f(void)\n{\n\tstruct kthread_worker *w = kthread_create_worker_on_cpu(0, 0, "c");\n\treturn cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "c", NULL, NULL);\n}\n' > "$t/c.c"
"$port" --from 6.12 "$t/c.c" 2> "$t/err-c"
grep -q 'c.c:5: note: kthread_ng_create_percpu_worker()' "$t/err-c" &&
	ok "per-cpu workers by hand noted: $(cat "$t/err-c")" ||
	bad "per-cpu workers by hand not noted: $(cat "$t/err-c")"
grep -q 'MODULE_IMPORT_NS(KTHREAD_NG_NS)' "$t/a.c" && "$port" --check "$t/a.c" &&
	ok "namespace imported, no kthread name left" || bad "--check after the port"

echo "port-test: $p passed, $f failed"
[ $f = 0 ]
