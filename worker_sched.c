// SPDX-License-Identifier: GPL-2.0-only
/*
 * How a kthread_ng worker is scheduled, beyond what a user sets on its
 * thread: a SCHED_DEADLINE reservation (what schedutil makes by hand for
 * its own worker thread, as one call, with the admission test's answer
 * returned), and the priority a waiter lends the worker it waits on
 * (KTW_NG_PRIO_INHERIT).
 */
#include <linux/list.h>
#include <linux/rtmutex.h>
#include <linux/sched.h>
#include <linux/sched/prio.h>
#include <linux/sched/rt.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <uapi/linux/sched/types.h>

#include "kng_internal.h"

/*
 * Priority inheritance for a worker created with KTW_NG_PRIO_INHERIT.  A
 * real-time task that waits for the worker (a flush, a sync cancel, a
 * drain: every such wait is for a flush work, kng_flush_work() and
 * kng_flush_worker()) would otherwise wait behind every task of middle
 * priority on the worker's cpu, for as long as they run: the inversion an
 * rt_mutex cures by boosting its owner.  Here the waiter lends the
 * worker's thread its priority: SCHED_FIFO at the waiter's effective
 * real-time priority (its own, or one lent to it in turn, as it is when
 * the wait begins), the highest of the lenders.  As an rt_mutex's owner
 * gives its boost back as it wakes the waiter, the worker ends a lender's
 * loan itself, in the lender's flush work, as it completes it: the loan
 * covers the works ahead of that flush work, and no work after it (a
 * lender that looks right after its wait may still find the worker at its
 * priority: the worker drops it just after the wake-up).  A lender whose
 * flush work ran before it could lend lends nothing.  When
 * the last loan ends, the thread gets back the policy, priority and nice
 * value it had.  A worker under SCHED_DEADLINE, or at a priority as high
 * already, is left alone; one set from outside while boosted (chrt) is
 * what the thread has from then on.
 *
 * A lender counts itself in the worker's @nr_waiters (worker.c) while it
 * may touch this, so the worker and this outlive it.
 */
struct kng_boost {
	/*
	 * Protects the rest, and each lender's loan (struct kng_booster):
	 * an rt_mutex, so that a real-time lender waiting for it lends its
	 * holder its priority in turn; it sleeps, as
	 * sched_setattr_nocheck() may.
	 */
	struct rt_mutex		lock;
	/* The loans, a struct kng_booster each, in the lenders' flush works. */
	struct list_head	lenders;
	/* The real-time priority the thread has from them now; 0: its own. */
	int			prio;
	/* What the thread had before the loans, while @prio is not 0. */
	struct sched_attr	own;
};

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

	if (WARN_ONCE(!worker, "kthread_ng: %s of no worker\n", __func__))
		return -EINVAL;
	return kng_worker_setattr(worker, &attr);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_worker_set_deadline, KTHREAD_NG_NS);

/*
 * Give @worker's thread @attr, unless a flusher lends it its priority now:
 * the end of the loan would put the thread back under its old policy.
 */
int kng_worker_setattr(struct kthread_ng_worker *worker,
		       const struct sched_attr *attr)
{
	struct task_struct *task = kng_worker_get_task(worker);
	int ret;

	if (WARN_ONCE(!task, "kthread_ng: scheduling of a worker without a thread\n"))
		return -EINVAL;
	if (worker->boost)
		rt_mutex_lock(&worker->boost->lock);
	if (worker->boost && worker->boost->prio)
		ret = -EBUSY;
	else
		ret = sched_setattr_nocheck(task, attr);
	if (worker->boost)
		rt_mutex_unlock(&worker->boost->lock);
	put_task_struct(task);
	return ret;
}

/* @task's own real-time priority: 0 under a fair policy. */
static int kng_rt_prio_of(struct task_struct *task)
{
	bool rt = task->policy == SCHED_FIFO || task->policy == SCHED_RR;

	return rt ? task->rt_priority : 0;
}

/* The effective real-time priority of current (1-99), or 0. */
static int kng_current_rt_prio(void)
{
	int prio = READ_ONCE(current->prio);

	/* A deadline task (prio below 0) lends the highest: 99. */
	if (prio < 0)
		return MAX_RT_PRIO - 1;
	return prio < MAX_RT_PRIO ? MAX_RT_PRIO - 1 - prio : 0;
}

/*
 * The priority a wait of current's would lend the worker, 0 for none.
 * Read by the caller under the worker's lock, a raw spinlock, which lends
 * no priority: later, under the boost's rt_mutex, current may hold a
 * priority lent by a waiter for that lock.
 */
int kng_boost_prio(struct kthread_ng_worker *worker)
{
	return worker->boost ? kng_current_rt_prio() : 0;
}

/*
 * @task's scheduling as sched_setattr() takes it, read under its pi_lock,
 * which every change of it holds: policy, real-time priority, nice and
 * reset-on-fork (not a fair task's custom slice, 6.12's sched_runtime).
 */
static void kng_sched_of(struct task_struct *task, struct sched_attr *attr)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&task->pi_lock, flags);
	*attr = (struct sched_attr) {
		.size		= sizeof(*attr),
		.sched_policy	= task->policy,
		.sched_priority	= kng_rt_prio_of(task),
		.sched_nice	= task_nice(task),
		.sched_flags	= task->sched_reset_on_fork ?
				  SCHED_FLAG_RESET_ON_FORK : 0,
	};
	raw_spin_unlock_irqrestore(&task->pi_lock, flags);
}

/* Give @task the highest lender's priority, or its own back.  Locked. */
static void kng_boost_apply(struct kng_boost *b, struct task_struct *task)
{
	struct kng_booster *lender;
	struct sched_attr now;
	int want = 0, ret;

	lockdep_assert_held(&b->lock);
	list_for_each_entry(lender, &b->lenders, node)
		want = max(want, lender->prio);
	kng_sched_of(task, &now);
	/* Set from outside since the loan: that is the thread's own now. */
	if (b->prio && (now.sched_policy != SCHED_FIFO ||
			now.sched_priority != b->prio))
		b->prio = 0;
	if (!b->prio) {
		if (now.sched_policy == SCHED_DEADLINE ||
		    want <= (int)now.sched_priority)
			return;
		b->own = now;
	}
	if (want > (int)b->own.sched_priority) {
		if (want == b->prio)
			return;
		now = b->own;
		now.sched_policy = SCHED_FIFO;
		now.sched_priority = want;
		ret = sched_setattr_nocheck(task, &now);
		b->prio = want;
	} else {
		ret = sched_setattr_nocheck(task, &b->own);
		b->prio = 0;
	}
	WARN_ONCE(ret, "kthread_ng: priority of worker %s not set: %d\n",
		  task->comm, ret);
}

/*
 * current is about to wait for @lender's flush work on @worker: lend the
 * worker @lender->prio (kng_boost_prio()), unless the flush work has run
 * already (@lender->ended).  The caller counts itself in the worker's
 * @nr_waiters.
 */
void kng_boost_begin(struct kthread_ng_worker *worker,
		     struct kng_booster *lender)
{
	struct kng_boost *b = worker->boost;
	struct task_struct *task = kng_worker_get_task(worker);

	if (!task)
		return;
	rt_mutex_lock(&b->lock);
	if (!lender->ended) {
		list_add(&lender->node, &b->lenders);
		lender->lent = true;
		kng_boost_apply(b, task);
	}
	rt_mutex_unlock(&b->lock);
	put_task_struct(task);
}

/*
 * The worker, in @lender's flush work: the loan ends, or will not begin,
 * and the lender is woken (@done) before the worker's priority drops, as
 * rt_mutex_unlock() wakes its top waiter before its owner can be preempted
 * at its own priority: dropped first, the worker could wait behind the
 * very task the loan was for before it woke the lender.  current is the
 * worker's thread; the lender, once woken, may return and free @lender.
 */
void kng_boost_end(struct kthread_ng_worker *worker,
		   struct kng_booster *lender, struct completion *done)
{
	struct kng_boost *b = worker->boost;
	bool lent;

	rt_mutex_lock(&b->lock);
	lender->ended = true;
	lent = lender->lent;
	if (lent)
		list_del(&lender->node);
	complete(done);
	if (lent)
		kng_boost_apply(b, current);
	rt_mutex_unlock(&b->lock);
}

/* For worker_create.c: a worker created with KTW_NG_PRIO_INHERIT. */
int kng_boost_alloc(struct kthread_ng_worker *worker)
{
	struct kng_boost *b = kzalloc(sizeof(*b), GFP_KERNEL);

	if (!b)
		return -ENOMEM;
	rt_mutex_init(&b->lock);
	INIT_LIST_HEAD(&b->lenders);
	worker->boost = b;
	return 0;
}

/* For kng_free_worker(): no lender is left. */
void kng_boost_free(struct kthread_ng_worker *worker)
{
	if (!worker->boost)
		return;
	WARN_ON(!list_empty(&worker->boost->lenders));
	kfree(worker->boost);
}
