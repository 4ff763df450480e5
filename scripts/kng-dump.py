#!/usr/bin/env drgn
# SPDX-License-Identifier: GPL-2.0-only
"""Every kthread_ng thread and worker, from a live kernel or a crash dump.

    drgn [-c VMCORE] -s VMLINUX -s kthread_ng.ko [-s CLIENT.ko ...] kng-dump.py

Needs the kernel's and kthread_ng.ko's debug info (DWARF); give the .ko of
every module whose work functions should be named, or they print as
addresses.  Prints two tables: the threads, with the columns of
/sys/kernel/debug/kthread_ng/threads, and the workers, with the first
eight columns of .../workers, each worker followed by its works: the one
running now, those queued behind it in order, and the delayed ones whose
timer is armed, with the jiffies left.  Reads without locks, as a dump
must: on a live kernel a line may be torn by a change under way.
"""
import sys

from drgn import container_of
from drgn.helpers.linux.cpumask import for_each_cpu
from drgn.helpers.linux.list import list_for_each_entry

# include/linux/sched.h, the same from 6.1 to 7.x.
TASK_INTERRUPTIBLE = 0x1
TASK_UNINTERRUPTIBLE = 0x2
TASK_PARKED = 0x40

# kthread_ng::flags (enum kng_bits, kng_internal.h), in debugfs's order.
FLAG_COLUMNS = (('KNG_IS_PER_CPU', 'C'), ('KNG_SHOULD_PARK', 'P'),
                ('KNG_SHOULD_STOP', 'S'), ('KNG_STARTED', 'r'))


def state_char(task):
    """The state letter of debugfs (kng_state_char() in kthread_ng.c)."""
    try:
        state = task.__state.value_()
    except AttributeError:          # before 5.14
        state = task.state.value_()
    if state == 0:
        return 'R'
    if state & TASK_PARKED:
        return 'P'
    if state & TASK_UNINTERRUPTIBLE:
        return 'D'
    if state & TASK_INTERRUPTIBLE:
        return 'S'
    return '?'


def cpu_list(mask):
    """A cpumask as "%*pbl" prints it: 0-1,3."""
    cpus = list(for_each_cpu(mask))
    runs, i = [], 0
    while i < len(cpus):
        j = i
        while j + 1 < len(cpus) and cpus[j + 1] == cpus[j] + 1:
            j += 1
        runs.append(str(cpus[i]) if i == j else '%d-%d' % (cpus[i], cpus[j]))
        i = j + 1
    return ','.join(runs)


def function_name(fn):
    addr = fn.value_()
    if not addr:
        return '-'
    try:
        return prog.symbol(addr).name
    except LookupError:
        return '0x%x' % addr


def thread_lines():
    bits = {name: prog.constant(name).value_() for name, _ in FLAG_COLUMNS}
    yield '# name pid state cpus flags'
    for kng in list_for_each_entry('struct kthread_ng',
                                   prog['kng_live_list'].address_of_(),
                                   'all_node'):
        task = kng.task
        flags = kng.flags.value_()
        yield '%s %d %s %s %s' % (
            kng.full_name.string_().decode(errors='replace'),
            task.pid.value_(), state_char(task), cpu_list(task.cpus_ptr),
            ''.join(c if flags & (1 << bits[name]) else '-'
                    for name, c in FLAG_COLUMNS))


def work_lines(worker):
    current = worker.current_work
    if current:
        yield '  current %s' % function_name(current.func)
    for work in list_for_each_entry('struct kthread_ng_work',
                                    worker.work_list.address_of_(), 'node'):
        yield '  pending %s' % function_name(work.func)
    jiffies = prog['jiffies_64'].value_()
    for work in list_for_each_entry('struct kthread_ng_work',
                                    worker.delayed_work_list.address_of_(),
                                    'node'):
        dwork = container_of(work, 'struct kthread_ng_delayed_work', 'work')
        left = (dwork.timer.expires.value_() - jiffies) & ((1 << 64) - 1)
        if left >= 1 << 63:
            left -= 1 << 64
        yield '  delayed %s (timer in %d jiffies)' % (
            function_name(work.func), left)


def worker_lines():
    yield '# thread pid queued executed canceled pending max_latency_ns stalls'
    for worker in list_for_each_entry('struct kthread_ng_worker',
                                      prog['kng_workers'].address_of_(),
                                      'debug_node'):
        comm, pid = '-', 0
        if worker.task:
            comm = worker.task.comm.string_().decode(errors='replace')
            pid = worker.task.pid.value_()
        queued = worker.nr_queued.value_()
        executed = worker.nr_executed.value_()
        canceled = worker.nr_canceled.value_()
        yield '%s %d %d %d %d %d %d %d' % (
            comm, pid, queued, executed, canceled,
            (queued - executed - canceled) & ((1 << 64) - 1),
            worker.max_latency_ns.value_(), worker.nr_stalls.value_())
        yield from work_lines(worker)


def main():
    try:
        prog['kng_live_list']
    except KeyError:
        sys.exit('kng-dump: no kng_live_list: is kthread_ng loaded, and its '
                 '.ko given with -s?')
    print('threads')
    for line in thread_lines():
        print(line)
    print('workers')
    for line in worker_lines():
        print(line)


main()
