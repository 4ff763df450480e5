// SPDX-License-Identifier: GPL-2.0-only
/*
 * kthread_ng: who queued a work.  While the queuer_stacks parameter is on
 * (probes.c: the parameter's machinery; here a static key, not a probe),
 * the engine saves each queueing's stack in the stack depot under the
 * worker's lock, in the work (@queuer_stack), and copies the handle to the
 * worker when it takes the work to run (@current_queuer), both through
 * kng_internal.h's inline helpers: off, they cost a patched-out branch.
 * Each switch on starts a period (kng_queuer_gen): a handle left from an
 * earlier one is never reported.
 * The stall detector's report names the queuer of the work it finds stuck
 * and prints that stack, or says "queuer not saved" where it has none of
 * this period.  Opt-in: a stack walk on every queueing is the cost.
 *
 * The stack is saved from the first frame outside kthread_ng: the caller
 * of kthread_ng_queue_work() and the like, or for a delayed work the timer
 * that queued it (the arming's stack is not kept).  Under the worker's raw
 * lock, with interrupts off, the depot may not allocate: the stack goes
 * into the depot's pools as they are, and turning the parameter on makes
 * sure there is one.  A stack the depot has no room for is not saved
 * (handle 0), and the report then names no queuer.
 */
#define pr_fmt(fmt) "kthread_ng: " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/stackdepot.h>
#include <linux/stacktrace.h>
#include <linux/static_key.h>

#include "kng_compat.h"
#include "kng_internal.h"
#include "kng_observe.h"

/* Frames walked at a queueing, ours included; at most this many saved. */
#define KNG_QUEUER_FRAMES	24

/* On while the parameter is: the engine saves and takes the stacks. */
DEFINE_STATIC_KEY_FALSE(kng_queuer_key);
/*
 * The parameter's period, one more at each switch on (under
 * kng_probes_lock): a handle saved in another period is not used, since a
 * queueing or a start while the parameter was off left an older one in
 * place.  It wraps after 256 periods.
 */
static u8 kng_queuer_gen;

static bool kng_own_text(unsigned long addr)
{
#ifdef MODULE
	return within_module(addr, THIS_MODULE);
#else
	return false;
#endif
}

/* A queueing of @work, under its worker's lock (kng_queuer_queued()). */
void kng_queuer_save(struct kthread_ng_work *work)
{
	unsigned long entries[KNG_QUEUER_FRAMES];
	unsigned int n, first = 0;

	n = stack_trace_save(entries, ARRAY_SIZE(entries), 0);
	while (first < n && kng_own_text(entries[first]))
		first++;
	work->queuer_stack = first < n ?
		kng_stack_depot_save(entries + first, n - first, false) : 0;
	work->queuer_gen = READ_ONCE(kng_queuer_gen);
}

static void kng_queuer_unreg(void)
{
	static_branch_disable(&kng_queuer_key);
}

static int kng_queuer_reg(void)
{
	unsigned long entries[KNG_QUEUER_FRAMES];
	unsigned int n;
	int ret;

	ret = stack_depot_init();
	if (ret)
		return ret;
	/* Where the depot may allocate: a pool for the engine to save into. */
	n = stack_trace_save(entries, ARRAY_SIZE(entries), 0);
	kng_stack_depot_save(entries, n, true);
	WRITE_ONCE(kng_queuer_gen, kng_queuer_gen + 1);
	static_branch_enable(&kng_queuer_key);
	return 0;
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

/* Is the parameter on?  The stall report names queuers only then. */
bool kng_queuer_active(void)
{
	return kng_probes_on(&kng_queuer_probes);
}

/*
 * The handle of a stack saved in this period of the parameter (@gen), or
 * 0: off, or saved in an earlier period.  Under the worker's lock.
 */
u32 kng_queuer_of(u32 handle, u8 gen)
{
	return kng_queuer_active() && gen == READ_ONCE(kng_queuer_gen) ?
		handle : 0;
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
