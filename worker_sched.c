// SPDX-License-Identifier: GPL-2.0-only
/*
 * kthread_ng workers under SCHED_DEADLINE: the reservation schedutil makes
 * by hand for its own worker thread, as one call, with the admission
 * test's answer returned.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <uapi/linux/sched/types.h>

#include "kng_internal.h"

/* The worker's thread, with a reference, or NULL: it leaves under the lock. */
static struct task_struct *kng_worker_get_task(struct kthread_ng_worker *worker)
{
	struct task_struct *task;
	unsigned long flags;

	raw_spin_lock_irqsave(&worker->lock, flags);
	task = worker->task;
	if (task)
		get_task_struct(task);
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	return task;
}

/**
 * kthread_ng_worker_set_deadline - run a worker under SCHED_DEADLINE
 * @worker: a worker with its thread (created, started or not, and not
 *	    being destroyed)
 * @runtime_ns: the CPU time the worker is given each period
 * @deadline_ns: within how long of each period's start that time is given
 * @period_ns: the period; 0 means @deadline_ns
 *
 * The worker's thread gets the reservation with sched_setattr_nocheck(),
 * through the deadline class's admission test: parameters that break
 * 1024 ns <= runtime <= deadline <= period are refused with -EINVAL, and a
 * reservation its root domain cannot guarantee besides those it has with
 * -EBUSY.  As for any kernel thread set up this way, a worker bound to one
 * cpu is admitted too, its bandwidth counted in its root domain.  The works
 * it runs from then on run with the reservation: a work that would overrun
 * it is throttled until the next period, as the thread is.  A second call
 * changes the reservation.  The reservation ends with the worker: the
 * deadline class gives the bandwidth of a thread back when it exits, not
 * when a sleeping thread is switched to another policy, so there is no
 * call back to SCHED_NORMAL.
 *
 * Context: process context; sleeps.
 * Return: 0, or the error of the admission test.
 */
int kthread_ng_worker_set_deadline(struct kthread_ng_worker *worker,
				   u64 runtime_ns, u64 deadline_ns,
				   u64 period_ns)
{
	struct sched_attr attr = {
		.size		= sizeof(attr),
		.sched_policy	= SCHED_DEADLINE,
		.sched_runtime	= runtime_ns,
		.sched_deadline	= deadline_ns,
		.sched_period	= period_ns ?: deadline_ns,
	};
	struct task_struct *task;
	int ret;

	if (WARN_ONCE(!worker, "kthread_ng: %s of no worker\n", __func__))
		return -EINVAL;
	task = kng_worker_get_task(worker);
	if (WARN_ONCE(!task, "kthread_ng: %s of a worker without a thread\n",
		      __func__))
		return -EINVAL;
	ret = sched_setattr_nocheck(task, &attr);
	put_task_struct(task);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_worker_set_deadline, KTHREAD_NG_NS);
