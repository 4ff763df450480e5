#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Judge one QEMU run of kthread_ng: console splats, init failures, KTAP.

    analyze.py LOGDIR [--kunit KUNIT_PY] [--expect-suites 'NAME ...'] [--no-init]

LOGDIR/console.log is the kernel console, LOGDIR/results.log what the init
script wrote to ttyS1: each KUnit suite's debugfs results between
"KNG-SUITE-BEGIN name" and "KNG-SUITE-END".  Each suite goes through the
kernel's own `kunit.py parse`.  Prints kunit.py's summary per suite and a
last line "N passed, N failed"; exits 1 on any failure.

Expected warnings: a test that provokes a WARN prints
"KNG-EXPECT-WARN-BEGIN <region>" before and "KNG-EXPECT-WARN-END" after.  A
splat between the two is accepted only at a site the expected-warnings table
(tests/expected-warnings) lists for that region, and each site must warn as
often as the table says; every other splat anywhere fails the run.
"""
import argparse
import os
import re
import subprocess
import sys

SPLAT = re.compile(r'BUG:|WARNING:|KASAN:|possible circular locking|'
                   r'inconsistent lock state|ODEBUG:|unreferenced object|'
                   r'Call Trace:|Call trace:|Kernel panic|general protection fault|'
                   r'INFO: task .* blocked|rcu_.*stall|soft lockup|'
                   r'hard LOCKUP|UBSAN:|KCSAN:|kthread_ng: stall:|'
                   r'kernel BUG at|Oops:|list_(add|del) corruption|'
                   r'Unable to handle kernel|stack-protector:|'
                   r'printk messages dropped')
# An oops: the panic it leads to is printed with the lines that led to it.
FATAL = re.compile(r'Kernel panic|Oops:|kernel BUG at|general protection fault|'
                   r'Unable to handle kernel')
# kthread_ng's stall detector: the report, then the worker's stack.
STALL = 'kthread_ng: stall:'
# A WARNING's site: "WARNING: CPU: 1 PID: 2 at path/file.c:12 fn+0x1/0x2"
# up to 6.x, "WARNING: path/file.c:12 at fn+0x1/0x2 [mod], CPU#1: comm/2"
# from 7.x on.
def warn_at(files):
    return re.compile(r'WARNING: (.* at \S*(%s):\d+|\S*(%s):\d+ at )'
                      % (files, files))


# A lockdep cycle report, expected in a region named lockdep_*: accepted
# only if one of the locks it names is one of kthread_ng's tests' (kng_).
LOCKDEP_CYCLE = 'WARNING: possible circular locking dependency detected'
LOCKDEP_OURS = re.compile(r'\(kng_\w+|\(&?\w*kng_\w*')
# DEBUG_OBJECTS_WORK's report on a kthread_ng work, then debugobjects' WARN.
OWN_ODEBUG = re.compile(r'ODEBUG: .* object type: kthread_ng_work\b')
ODEBUG_WARN = warn_at(r'lib/debugobjects\.c')
TS = re.compile(r'^\[\s*\d+\.\d+\]\s?')


# Frames of kthread_ng's modules in a stack trace.
OUR_FRAME = re.compile(r'\[(kthread_ng|kthread_ng_test|kng_\w+)\]')

# Races between two kernel functions that kthread_ng reaches through the
# kernel's own API, known to be benign: kthread_stop() (which
# kthread_ng_stop() calls) tests PF_KTHREAD in task->flags with a plain
# read (to_kthread()) while the exiting thread's do_exit() writes
# PF_EXITING into the same word; PF_KTHREAD never changes.  Any kthread_stop()
# of a thread that is exiting races so.  Listed, not failed, whatever the
# stacks below the two racing functions.
KNOWN_KERNEL_RACES = [{'do_exit', 'to_kthread'}]
KCSAN_PAIR = re.compile(r'BUG: KCSAN: data-race in (\w+) / (\w+)')


def known_kernel_race(title):
    m = KCSAN_PAIR.search(title)
    return bool(m) and {m.group(1), m.group(2)} in KNOWN_KERNEL_RACES


def kcsan_reports(lines):
    """Split KCSAN reports into kthread_ng's and the kernel's own.

    A report (from "BUG: KCSAN:" to the "=====" rule) is kthread_ng's when
    any frame in it is in one of kthread_ng's modules, unless its two racing
    functions are a pair of KNOWN_KERNEL_RACES; otherwise both racing
    accesses are in kernel code kthread_ng does not call there, and it is
    listed, not failed.  A report whose closing rule does not come within
    80 lines is judged like any other output.  Returns the kernel's reports
    as a list of (first line, last line, title), not to be judged.
    """
    theirs = []
    start = None
    for n, raw in enumerate(lines, 1):
        line = TS.sub('', raw.rstrip('\n'))
        if start is not None and line.startswith('====='):
            if not mine or known_kernel_race(title):
                theirs.append((start, n, title))
            start = None
            continue
        if start is not None and n - start > 80:
            # No closing rule: judge it all, and this line too.
            start = None
        if line.startswith('BUG: KCSAN:'):
            start, title, mine = n, line, False
        elif start is not None and OUR_FRAME.search(line):
            mine = True
    return theirs


def table_lines(path):
    """The lines of one of the tables in tests/ that say something."""
    for line in open(path):
        if line.strip() and not line.lstrip().startswith('#'):
            yield line.rstrip('\n')


def read_expected(path):
    """region -> [[site, message, count wanted, count seen], ...]."""
    table = {}
    for line in table_lines(path):
        f = line.strip().split(None, 3)
        region, count, site = f[0], int(f[1]), f[2]
        table.setdefault(region, []).append(
            [site, f[3] if len(f) > 3 else '', count, 0])
    return table


# The function a WARNING names: "... at path/file.c:12 fn+0x1/0x2" (6.x),
# "WARNING: path/file.c:12 at fn+0x1/0x2 ..." (7.x); a site is the function
# as the source names it, without the suffix of a compiler's clone of it
# (fn.isra.0, fn.constprop.0, fn.part.0, fn.cold).
WARN_FN = re.compile(r'\bat (?:\S+:\d+ )?(\w+)(?:\.[\w.]+)?\+0x')


def console_problems(lines, expected, missing_ok=False):
    """Judge every splat.  Returns the list of problems.

    A splat is accepted only inside a region of @expected, at one of that
    region's sites; each accepted one is counted against its site.  A region
    that never ran is a problem, unless @missing_ok (its case may have been
    skipped, which the KUnit summary shows): then it is only listed.
    """
    problems = []
    region = None
    region_splat = 0
    odebug = None
    kcsan_theirs = kcsan_reports(lines)
    titles = [title for _, _, title in kcsan_theirs]
    for title in sorted(set(titles)):
        print('analyze: KCSAN, kernel-internal (no kthread_ng frame, or a '
              'known kernel pair), '
              'listed: %s (%d times)' % (title, titles.count(title)))
    clean = [TS.sub('', raw.rstrip('\n')) for raw in lines]
    # A kernel-internal KCSAN report's lines are not ours to judge, but a
    # splat another cpu printed in the middle of it is.
    not_ours = set()
    for first, last, _ in kcsan_theirs:
        not_ours.add(first)
        not_ours.update(n for n in range(first + 1, last + 1)
                        if not SPLAT.search(clean[n - 1]))
    entered = set()

    def accept(site, text):
        """Count a splat at @site against the open region; False if unlisted."""
        for entry in expected.get(region, []):
            if entry[0] == site and entry[1] in text:
                entry[3] += 1
                return True
        return False

    for n, line in enumerate(clean, 1):
        # A kernel-internal KCSAN report: its lines are not ours to judge.
        if n in not_ours:
            continue
        m = re.search(r'KNG-EXPECT-WARN-BEGIN (\S+)', line)
        if m:
            region = m.group(1)
            region_splat = 0
            entered.add(region)
            if region not in expected:
                problems.append('%d: region %s is not in the expected-warnings table'
                                % (n, region))
            continue
        if 'KNG-EXPECT-WARN-END' in line:
            region = None
            continue
        if 'KNG-FAIL' in line:
            problems.append('%d: %s' % (n, line))
            continue
        if not SPLAT.search(line):
            continue
        if region is not None:
            if LOCKDEP_CYCLE in line:
                report = clean[n:n + 60]
                if any(LOCKDEP_OURS.search(l) for l in report) and \
                        accept('lockdep-cycle', ''):
                    region_splat += 1
                    continue
            if STALL in line and accept('stall', line):
                region_splat += 1
                continue
            if OWN_ODEBUG.search(line):
                odebug = line
                continue
            if line.startswith('WARNING:') and odebug and ODEBUG_WARN.search(line):
                text, odebug = odebug, None
                if accept('debugobjects', text):
                    region_splat += 1
                    continue
                problems.append('%d: unexpected debugobjects report inside %s: %s'
                                % (n, region, text))
                continue
            if line.startswith('WARNING:'):
                fn = WARN_FN.search(line)
                # The message comes between the warning's "cut here" line
                # and its WARNING line, where another cpu's output may
                # land too; without a "cut here", just before.
                cut = next((m for m in range(n - 2, max(0, n - 21) - 1, -1)
                            if 'cut here' in clean[m]), None)
                text = ' '.join(clean[cut + 1 if cut is not None
                                      else max(0, n - 4):n - 1])
                if fn and accept(fn.group(1), text):
                    region_splat += 1
                    continue
                problems.append('%d: warning at a site %s does not expect: %s'
                                % (n, region, line))
                continue
            # The one call trace of each accepted splat, none more
            # ("Call trace:" on arm64).
            if re.search('Call [Tt]race:', line) and region_splat:
                region_splat -= 1
                continue
        problems.append('%d: %s' % (n, line))
    for region, entries in sorted(expected.items()):
        if region not in entered:
            if missing_ok:
                print('analyze: expected warning %s: the region never ran '
                      '(its case skipped)' % region)
                continue
            problems.append('expected warning %s: the region never ran' % region)
            continue
        for site, msg, want, seen in entries:
            # One image for every suite (kunit.py's boot): a WARN_ONCE()
            # site fires once a boot, in whichever region came first.
            used = [r for r, es in expected.items() if r != region and
                    any(e[0] == site and e[1] == msg and e[3] for e in es)]
            if seen == 0 and want and missing_ok and used:
                print('analyze: expected warning %s: none at %s, which warned '
                      'once this boot already, in %s' % (region, site, used[0]))
                continue
            if seen != want:
                problems.append('expected warning %s: %d at %s%s, expected %d'
                                % (region, seen, site,
                                   ' ("%s")' % msg if msg else '', want))
    return problems


DIFF_LINE = re.compile(r'KNG-DIFF (kernel|ng) (\w+): (.*)$')
DIFF_DONE = re.compile(r'KNG-DIFF (kernel|ng) done: (\d+) scenarios')


def read_differences(path):
    """name -> (kind, reason) from tests/diff/differences."""
    table = {}
    for line in table_lines(path):
        name, kind, reason = line.strip().split(None, 2)
        table[name] = (kind, reason)
    return table


def read_scenarios(path):
    """The expected scenarios, from the table of tests/diff/scenarios.c:
    name -> 'both', 'ng-only' or 'recordable' (both, or on a kernel without
    workqueue's disable/enable the kernel side's recorded outcome)."""
    text = open(path).read()
    m = re.search(r'static const struct scenario scenarios\[\] = \{(.*?)\n\};',
                  text, re.S)
    if not m:
        raise SystemExit('analyze: no scenario table in %s' % path)
    kinds = {'S': 'both', 'NG_ONLY': 'ng-only', 'WQD': 'recordable'}
    want = {}
    for line in m.group(1).splitlines():
        line = line.strip()
        if not line:
            continue
        e = re.fullmatch(r'(S|NG_ONLY|WQD)\((\w+)\)', line)
        if not e:
            raise SystemExit('analyze: %s: not a table entry: %s' % (path, line))
        want[e.group(2)] = kinds[e.group(1)]
    return want


def read_recorded(path):
    """name -> the kernel outcome recorded on a kernel that has the API."""
    rec = {}
    if path and os.path.exists(path):
        for line in table_lines(path):
            name, outcome = line.split(' ', 1)
            rec[name] = outcome
    return rec


RECORDED = '=recorded'


def diff_sides(lines):
    sides = {'kernel': {}, 'ng': {}}
    seen = {'kernel': [], 'ng': []}
    done = {}
    for raw in lines:
        line = TS.sub('', raw.rstrip('\n'))
        m = DIFF_DONE.search(line)
        if m:
            done[m.group(1)] = int(m.group(2))
            continue
        m = DIFF_LINE.search(line)
        if m:
            sides[m.group(1)][m.group(2)] = m.group(3)
            seen[m.group(1)].append(m.group(2))
    return sides, seen, done


def write_recorded(lines, want, path):
    """Record the kernel side's outcomes of the recordable scenarios."""
    sides, _, _ = diff_sides(lines)
    names = sorted(n for n, k in want.items() if k == 'recordable')
    missing = [n for n in names if sides['kernel'].get(n) in (None, RECORDED)]
    if missing:
        raise SystemExit('analyze: no live kernel outcome of %s' % ' '.join(missing))
    with open(path, 'w') as f:
        f.write('# The kernel side\'s outcomes of the WQD() scenarios of\n'
                '# tests/diff/scenarios.c, for kernels without workqueue\'s\n'
                '# disable/enable (6.1).  Written by scripts/analyze.py\n'
                '# --diff-write-recorded from a run on a kernel that has them;\n'
                '# every such run checks them against the live outcome.\n')
        for n in names:
            f.write('%s %s\n' % (n, sides['kernel'][n]))


def judge_diff(lines, table, want, recorded):
    """Compare the two sides' outcome lines.  Returns (passed, failed)."""
    sides, seen, done = diff_sides(lines)
    passed = failed = 0

    def fail(msg):
        nonlocal failed
        print('analyze: differential: ' + msg)
        failed += 1

    for side in sides:
        if side not in done:
            fail('the %s side did not finish' % side)
            continue
        # Each scenario the side ran says its outcome exactly once.
        for name in sorted(set(n for n in seen[side] if seen[side].count(n) > 1)):
            fail('%s reported %d times on the %s side'
                 % (name, seen[side].count(name), side))
        if done[side] != len(seen[side]):
            fail('the %s side ran %d scenarios, and %d said their outcome'
                 % (side, done[side], len(seen[side])))
    # The expected set: every scenario of the table, on the sides it names.
    for side in sides:
        expect = set(n for n, k in want.items()
                     if side == 'ng' or k != 'ng-only')
        for name in sorted(expect - set(sides[side])):
            fail('%s did not report on the %s side' % (name, side))
        for name in sorted(set(sides[side]) - expect):
            fail('%s reported on the %s side, but the table does not run it there'
                 % (name, side))
    for name, kind in sorted(want.items()):
        listed = table.get(name, (None,))[0]
        if (kind == 'ng-only') != (listed == 'ng-only'):
            fail('%s is %s in the scenario table, %s in the differences table'
                 % (name, kind, listed or 'not listed'))
    names = sorted(set(sides['kernel']) | set(sides['ng']))
    same = from_record = 0
    listed = []
    for name in names:
        k, n = sides['kernel'].get(name), sides['ng'].get(name)
        kind, reason = table.get(name, (None, None))
        note = ''
        if want.get(name) == 'recordable' and k == RECORDED:
            k = recorded.get(name)
            if k is None:
                fail('%s: no recorded kernel outcome in tests/diff/recorded' % name)
                continue
            note = ' (the kernel side recorded)'
            from_record += 1
        elif want.get(name) == 'recordable' and k is not None:
            if name in recorded and recorded[name] != k:
                fail('%s: the recorded kernel outcome is stale\n'
                     '    recorded: %s\n    live:     %s' % (name, recorded[name], k))
            elif name not in recorded:
                fail('%s: no recorded kernel outcome in tests/diff/recorded' % name)
        # A scenario that could not be set up proves nothing, on either side.
        if any(v is not None and v.startswith('FAIL:') for v in (k, n)):
            fail('%s could not run\n    kernel: %s\n    ng:     %s' % (name, k, n))
            continue
        if kind == 'ng-only' and k is None and n is not None:
            listed.append('  %-32s ng only: %s\n  %32s   ng: %s' % (name, reason, '', n))
            passed += 1
        elif kind == 'differs' and k is not None and n is not None and k != n:
            listed.append('  %-32s differs: %s\n  %32s   kernel: %s\n  %32s   ng:     %s'
                          % (name, reason, '', k, '', n))
            passed += 1
        elif kind is None and k is not None and k == n:
            same += 1
            passed += 1
        else:
            fail('%s does not match%s%s\n    kernel: %s\n    ng:     %s'
                 % (name, ' its entry in the differences table' if kind else '',
                    note, k, n))
    for name in table:
        if name not in names:
            fail('%s is in the differences table but did not run' % name)
    print('differential: %d scenarios, %d identical on both sides (%d against '
          'the recorded kernel outcome), %d deliberate differences:'
          % (len(names), same, from_record, len(listed)))
    for l in listed:
        print(l)
    return passed, failed


def split_suites(text):
    suites = []
    cur = None
    for line in text.splitlines():
        line = line.rstrip('\r')
        m = re.match(r'KNG-SUITE-BEGIN (\S+)', line)
        if m:
            cur = (m.group(1), [])
            continue
        if line.startswith('KNG-SUITE-END'):
            if cur:
                suites.append(cur)
            cur = None
            continue
        if cur is not None:
            cur[1].append(line)
    return suites


def parse_suite(kunit, logdir, name, lines):
    path = os.path.abspath(os.path.join(logdir, 'ktap-%s.txt' % name))
    body = [l for l in lines if l.strip()]
    # 6.1's debugfs results list the rounds of a parameterized case at the
    # next depth without their own header, which kunit.py rejects; the
    # case's own result line sums them up, so keep only that.
    if not any(re.match(r'        (KTAP version|1\.\.)', l) for l in body):
        body = [l for l in body if not re.match(r'        (not )?ok ', l)]
    # 6.12's results file is a KTAP document with a header, 6.1's a bare
    # suite block; kunit.py wants the former.
    if not any(l.startswith('KTAP version') for l in body[:2]):
        body = ['KTAP version 1', '1..1'] + body
    with open(path, 'w') as f:
        f.write('\n'.join(body) + '\n')
    proc = subprocess.run([sys.executable, kunit, 'parse', path],
                          capture_output=True, text=True)
    out = proc.stdout + proc.stderr
    summary = [l for l in out.splitlines() if 'Testing complete' in l]
    m = re.search(r'Ran (\d+) tests?:(.*)', out)
    if not m:
        return None, out
    ran = int(m.group(1))
    counts = dict((k, int(v)) for k, v in
                  re.findall(r'(passed|failed|crashed|skipped|errors): (\d+)',
                             m.group(2)))
    passed = counts.get('passed', 0)
    failed = counts.get('failed', 0) + counts.get('crashed', 0)
    skipped = counts.get('skipped', 0)
    errors = counts.get('errors', 0)
    # A skipped case is not a pass; count it as not passed.
    failed += skipped + errors
    return (ran, passed, failed, summary[0] if summary else ''), out


# Real clients (scripts/clients.sh): "KNG-CLIENT <client> <side> <outcome>"
# for each side, native and ng; "KNG-CLIENT-RATE <client> <side> <ns>".
CLIENT_LINE = re.compile(r'KNG-CLIENT (\S+) (native|ng) (.*)$')
CLIENT_RATE = re.compile(r'KNG-CLIENT-RATE (\S+) (native|ng) (\S*)\s*$')
# What a healthy run of each client shows: its native outcome must carry
# every one of these, so that a workload broken on both sides (the same
# failure twice) is not taken for agreement.
CLIENT_HEALTHY = {
    'watchdog': ['open=ok', 'timeout=5', 'keepalive=ok', 'core_pings_2s=>=3',
                 'core_pings_next_2s=>=3',
                 'magic_close=ok', 'pings_after_close=0',
                 'watchdogd=present'],
    'ptp': ['/dev/ptp0:time=advances', 'aux_ran_6s=yes', 'n_vclocks=2',
            '/dev/ptp1:time=advances', '/dev/ptp2:time=advances',
            'vclock_aux_ran_3s=yes', 'n_vclocks=0', 'aux_ran_again_6s=yes'],
    'crypto': ['virtio_crypto_aes_cbc=passed', 'cbc_aes_requests=ok',
               'matches_software=yes'],
    'pktgen': ['bound=yes', 'result=OK', 'sent=2000', 'freeze=ok'],
    'vdpa': ['dev_add=ok', 'worker=present', 'net_looped=1000', 'net_order=ok',
             'dev_del=ok', 'vhost_owner=ok', 'vhost_start=ok',
             'vhost_looped=200', 'vhost_order=ok'],
}
# Timed runs of a client with a rate, each side (scripts/vm/clients.sh).
CLIENT_RATE_RUNS = 4
# What a client's rate times.
CLIENT_METRIC = {
    'crypto': 'time of the timed requests',
    'pktgen': 'time of the timed packets',
    'vdpa': 'time per looped frame',
}
# Tokens that say a step failed, in any client's outcome.
CLIENT_BAD = re.compile(r'failed|refused|=timeout$|-left|no-thread|=no$|'
                        r'=unreadable|=stuck|^no-virtio')


def read_client_diffs(path):
    """{(client, native token, ng token): reason} of the listed differences."""
    table = {}
    if not path or not os.path.exists(path):
        return table
    for line in table_lines(path):
        client, nat, ng, reason = line.strip().split(None, 3)
        table[(client, nat, ng)] = reason
    return table


def judge_clients(lines, clients, diffs):
    """Each client's native and ng outcomes; (passed, failed)."""
    seen = {}
    rates = {}
    for l in lines:
        m = CLIENT_LINE.search(l)
        if m:
            seen.setdefault((m.group(1), m.group(2)), []).append(
                m.group(3).strip())
        m = CLIENT_RATE.search(l)
        if m:
            rates.setdefault((m.group(1), m.group(2)), []).append(m.group(3))
    passed = failed = 0
    for c in clients:
        nat, ng = seen.get((c, 'native'), []), seen.get((c, 'ng'), [])
        why = []
        if len(nat) != 1 or len(ng) != 1:
            why.append('%d native and %d ng outcomes, expected one each'
                       % (len(nat), len(ng)))
            outcome = '%s | %s' % (nat[-1] if nat else 'missing',
                                   ng[-1] if ng else 'missing')
        else:
            a, b = nat[0].split(), ng[0].split()
            outcome = '%s | ng %s' % (nat[0], ng[0])
            for t in CLIENT_HEALTHY.get(c, []):
                if t not in a:
                    why.append('native run lacks %s' % t)
            for t in a:
                if CLIENT_BAD.search(t):
                    why.append('native: %s' % t)
            only_a = [t for t in a if t not in b]
            only_b = [t for t in b if t not in a]
            listed = [(x, y) for x in only_a for y in only_b
                      if (c, x, y) in diffs]
            for x, y in listed:
                only_a.remove(x)
                only_b.remove(y)
                print('analyze: client %s: listed difference %s -> %s: %s'
                      % (c, x, y, diffs[(c, x, y)]))
            if only_a or only_b:
                why.append('outcomes differ: native %s, ng %s'
                           % (' '.join(only_a) or '-', ' '.join(only_b) or '-'))
        print('client %s: native %s' % (c, outcome))
        if why:
            for w in why:
                print('analyze: client %s: %s' % (c, w))
            failed += 1
        else:
            passed += 1
    # Throughput: the median of each side's runs, as a ratio ng/native.
    table = []
    for c in clients:
        nat, ng = rates.get((c, 'native'), []), rates.get((c, 'ng'), [])
        if not nat and not ng:
            continue
        try:
            nat_v = sorted(int(x) for x in nat)
            ng_v = sorted(int(x) for x in ng)
            # Every timed run gives one: a lost one is a failure.
            if len(nat_v) != CLIENT_RATE_RUNS or len(ng_v) != CLIENT_RATE_RUNS \
                    or min(nat_v + ng_v) <= 0:
                raise ValueError
        except ValueError:
            print('analyze: client %s: a failed measurement: native %s, ng %s'
                  % (c, nat, ng))
            failed += 1
            continue
        med = lambda v: (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2
        table.append('| %s | %s | %d (%s) | %d (%s) '
                      '| %.2f |' % (c, CLIENT_METRIC.get(c, 'time of the timed run'),
                                    med(nat_v), ', '.join(map(str, nat_v)),
                                    med(ng_v), ', '.join(map(str, ng_v)),
                                    med(ng_v) / med(nat_v)))
    if table:
        print('\n| client | metric | native median (runs), ns | '
              'ng median (runs), ns | ratio ng/native |')
        print('|---|---|---|---|---|')
        print('\n'.join(table))
        print()
    return passed, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('logdir')
    ap.add_argument('--kunit')
    ap.add_argument('--expect-suites', default='',
                    help='the KUnit suites that must report, by name, '
                    'space-separated (each exactly once, no other)')
    ap.add_argument('--expected-warnings', help='tests/expected-warnings: '
                    'the regions, sites and counts of expected warnings')
    ap.add_argument('--diff-table', help='tests/diff/differences: judge the '
                    'differential suite')
    ap.add_argument('--diff-scenarios', default=os.path.join(
                    os.path.dirname(os.path.abspath(__file__)), '..', 'tests',
                    'diff', 'scenarios.c'), help='the scenario table: the '
                    'expected set')
    ap.add_argument('--diff-recorded', help='tests/diff/recorded: the kernel '
                    'outcomes for kernels without the API')
    ap.add_argument('--diff-write-recorded', metavar='FILE', help='write the '
                    'recordable scenarios\' kernel outcomes of this console '
                    'to FILE, and exit')
    ap.add_argument('--clients', help='the real clients expected, '
                    'space-separated: judge their outcomes')
    ap.add_argument('--client-diffs', help='tests/clients/differences')
    ap.add_argument('--no-init', action='store_true', help='a console with no '
                    'init script of ours (kunit.py\'s boot): judge splats only')
    args = ap.parse_args()

    with open(os.path.join(args.logdir, 'console.log'), errors='replace') as f:
        lines = f.readlines()
    if args.diff_write_recorded:
        write_recorded(lines, read_scenarios(args.diff_scenarios),
                       args.diff_write_recorded)
        return 0
    ok = True
    expected = read_expected(args.expected_warnings) if args.expected_warnings else {}
    problems = console_problems(lines, expected, missing_ok=args.no_init)
    # A splat before kthread_ng was loaded is the kernel's or QEMU's (6.1
    # under TCG once reported a KASAN wild access in rcu_is_watching() from
    # an interrupt during identify_cpu()); it also turns lockdep off for the
    # rest of the boot.  Say so with exit code 3, so the caller boots again.
    first_step = next((n for n, l in enumerate(lines, 1)
                       if 'KNG-STEP' in l or
                       (args.no_init and 'KTAP version' in l)),
                      len(lines) + 1)
    early = [p for p in problems if p.split(':')[0].isdigit() and
             int(p.split(':')[0]) < first_step]
    if not args.no_init and not any('KNG-DONE' in l for l in lines):
        problems.append('the init script did not finish (crash, hang or timeout)')
    for p in problems:
        print('analyze: %s' % p)
        ok = False
    # Whoever reads only this summary (a CI log) needs the oops itself.
    clean = [TS.sub('', l.rstrip('\n')) for l in lines]
    fatal = next((n for n, l in enumerate(clean) if FATAL.search(l)), None)
    if fatal is not None:
        start = max(0, fatal - 12)
        print('analyze: the console around the first oops or panic '
              '(lines %d-%d):' % (start + 1, min(len(clean), fatal + 40)))
        for l in clean[start:fatal + 40]:
            print('    ' + l)

    # Every problem counts in the closing line, not only failed cases.
    passed, failed = 0, len(problems)
    if args.kunit:
        rpath = os.path.join(args.logdir, 'results.log')
        text = open(rpath, errors='replace').read() if os.path.exists(rpath) else ''
        suites = split_suites(text)
        want = args.expect_suites.split()
        got = [name for name, _ in suites]
        for name in sorted(set(want) - set(got)):
            print('analyze: suite %s did not report' % name)
            failed += 1
        for name in sorted(set(got) - set(want)) if want else []:
            print('analyze: suite %s reported, but is not expected' % name)
            failed += 1
        for name in sorted(set(n for n in got if got.count(n) > 1)):
            print('analyze: suite %s reported %d times' % (name, got.count(name)))
            failed += 1
        if failed:
            ok = False
        for name, body in suites:
            res, out = parse_suite(args.kunit, args.logdir, name, body)
            if res is None:
                print('analyze: kunit.py could not parse suite %s:\n%s'
                      % (name, out))
                ok = False
                failed += 1
                continue
            ran, p, fl, summary = res
            print('%-32s %s' % (name, summary.strip(' =')))
            passed += p
            failed += fl
            if fl or ran == 0:
                print(out)
                ok = False
    if args.diff_table:
        p, f = judge_diff(lines, read_differences(args.diff_table),
                          read_scenarios(args.diff_scenarios),
                          read_recorded(args.diff_recorded or os.path.join(
                              os.path.dirname(args.diff_table), 'recorded')))
        passed += p
        failed += f
    if args.clients is not None:
        p, f = judge_clients(lines, args.clients.split(),
                             read_client_diffs(args.client_diffs))
        passed += p
        failed += f
    if failed:
        ok = False
    if early:
        print('analyze: splat before kthread_ng was loaded: %s' % early[0])
    print('%d passed, %d failed' % (passed, failed))
    if early:
        return 3
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
