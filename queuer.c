// SPDX-License-Identifier: GPL-2.0-only
/*
 * kthread_ng: who queued a work.  While the queuer_stacks parameter is on,
 * a probe on the queue_work trace event (probes.c) saves the queueing's
 * stack in the stack depot, and the work keeps its handle; the stall
 * detector's report names the queuer of the work it finds stuck and prints
 * that stack.  Opt-in: a stack walk on every queueing is the cost.
 *
 * The stack is saved from the first frame outside kthread_ng: the caller
 * of kthread_ng_queue_work() and the like, or for a delayed work the timer
 * that queued it (the arming's stack is not kept).  The probe runs under
 * the worker's raw lock, with interrupts off, where the depot may not
 * allocate: it saves into the depot's pools as they are, and turning the
 * parameter on makes sure there is one.  A stack the depot has no room for
 * is not saved (handle 0) and the report says nothing of it.
 */
#define pr_fmt(fmt) "kthread_ng: " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/stackdepot.h>
#include <linux/stacktrace.h>

#include "kng_compat.h"
#include "kng_internal.h"
#include "kng_observe.h"
#include "kng_trace.h"

/* Frames walked at a queueing, ours included; at most this many saved. */
#define KNG_QUEUER_FRAMES	24

static bool kng_own_text(unsigned long addr)
{
#ifdef MODULE
	return within_module(addr, THIS_MODULE);
#else
	return false;
#endif
}

/* Probe of queue_work, under worker->lock. */
static void kng_queuer_save(void *data, struct kthread_ng_worker *worker,
			    struct kthread_ng_work *work)
{
	unsigned long entries[KNG_QUEUER_FRAMES];
	unsigned int n, first = 0;

	n = stack_trace_save(entries, ARRAY_SIZE(entries), 0);
	while (first < n && kng_own_text(entries[first]))
		first++;
	work->queuer_stack = first < n ?
		kng_stack_depot_save(entries + first, n - first, false) : 0;
}

/*
 * Probe of execute_start, in the worker thread: the work may be freed by
 * its function, so the worker keeps the handle for the stall detector,
 * which reads it under the lock once the work has run for a threshold.
 */
static void kng_queuer_note(void *data, struct kthread_ng_work *work,
			    void *function)
{
	WRITE_ONCE(work->worker->current_queuer, work->queuer_stack);
}

static void kng_queuer_unreg(void)
{
	unregister_trace_kthread_ng_work_execute_start(kng_queuer_note, NULL);
	unregister_trace_kthread_ng_work_queue_work(kng_queuer_save, NULL);
	kng_probes_synchronize();
}

static int kng_queuer_reg(void)
{
	unsigned long entries[KNG_QUEUER_FRAMES];
	unsigned int n;
	int ret;

	ret = stack_depot_init();
	if (ret)
		return ret;
	/* Where the depot may allocate: a pool for the probe to save into. */
	n = stack_trace_save(entries, ARRAY_SIZE(entries), 0);
	kng_stack_depot_save(entries, n, true);
	ret = register_trace_kthread_ng_work_queue_work(kng_queuer_save, NULL);
	if (ret)
		return ret;
	ret = register_trace_kthread_ng_work_execute_start(kng_queuer_note,
							   NULL);
	if (ret) {
		unregister_trace_kthread_ng_work_queue_work(kng_queuer_save,
							    NULL);
		kng_probes_synchronize();
	}
	return ret;
}

static struct kng_probes kng_queuer_probes = {
	.name	= "queuer stacks",
	.reg	= kng_queuer_reg,
	.unreg	= kng_queuer_unreg,
};
module_param_cb(queuer_stacks, &kng_probes_ops, &kng_queuer_probes, 0644);
MODULE_PARM_DESC(queuer_stacks, "save each queueing's stack, for the stall detector's report");

void kng_queuer_start(void)
{
	kng_probes_live(&kng_queuer_probes, true);
}

void kng_queuer_stop(void)
{
	kng_probes_live(&kng_queuer_probes, false);
}

/* The queuer's frame of a saved stack (the first saved), or 0. */
unsigned long kng_queuer_site(u32 handle)
{
	unsigned long *entries;

	if (!handle || !stack_depot_fetch(handle, &entries))
		return 0;
	return entries[0];
}

/* The stack of a queueing, for the stall report; nothing if not saved. */
void kng_queuer_print(u32 handle)
{
	if (!kng_queuer_site(handle))
		return;
	pr_warn("the work was queued at:\n");
	stack_depot_print(handle);
}

/* Are the probes registered?  The stall report names queuers only then. */
bool kng_queuer_active(void)
{
	return kng_probes_on(&kng_queuer_probes);
}
