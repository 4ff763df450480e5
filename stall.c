// SPDX-License-Identifier: GPL-2.0-only
/*
 * kthread_ng: the stall detector, and the list of running workers it and
 * debugfs "workers" look at.  worker.c puts a worker on the list when its
 * thread starts kthread_ng_worker_fn() and takes it off when it leaves
 * (kng_worker_observe(), kng_worker_unobserve()); nothing else of the
 * engine calls here.
 */
#define pr_fmt(fmt) "kthread_ng: " fmt

#include <linux/kallsyms.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/debug.h>
#include <linux/sched/task.h>
#include <linux/workqueue.h>

#include "kng_internal.h"
#include "kng_observe.h"

/*
 * The workers whose thread runs kthread_ng_worker_fn(), and the lock that
 * protects the list; a worker on it keeps its thread until it leaves it.
 */
DEFINE_MUTEX(kng_workers_lock);
LIST_HEAD(kng_workers);

/*
 * A worker is stalled when it has works (one running, or some pending) and
 * has started none for stall_thresh seconds.  workqueue has such a watchdog
 * (its watchdog_thresh, 30 s by default); kthread_worker has none.  Unlike
 * workqueue's, it also reports one work that runs that long with nothing
 * behind it: a kthread_ng worker is one thread, and such a work holds up
 * everything queued after it.
 *
 * The hot paths pay nothing for it beyond keeping @current_func: a delayed
 * work on system_unbound_wq looks at every worker four times a threshold,
 * under its lock, and compares the works it started (@nr_executed, plus
 * @nr_flushes for the flush works) with what it saw the time before.  An
 * idle or frozen worker, or one that started a work since, made progress:
 * it is not stalled.  A busy worker that did not start one has been stalled
 * since @stall_seen_ts: the check that saw its progress, or the first that
 * saw it busy after it was idle, so that the stall really lasted that long.
 * Once that is a threshold ago, the stall is reported, once
 * (@stall_reported), with the last work started, the worker's name and its
 * stack, and, while the queuer_stacks parameter is on (queuer.c), who
 * queued the work that runs (or, with none running, the oldest pending
 * one) and the stack of that queueing, or "queuer not saved" where that
 * queueing was not saved in this period; debugfs workers shows the stall
 * from then on, while it lasts.
 *
 * The whole system standing still (a paused VM, a debugger) is not a
 * stall: when the check itself ran late by more than half a threshold, or
 * the threshold changed (kng_stall_reset), every worker counts as seen
 * making progress now, as with workqueue's watchdog.
 *
 * kng_stall_lock protects kng_stall_live, which module init sets and module
 * exit clears before it cancels the delayed work: a parameter write racing
 * with the unload (the parameter's file outlives module exit) does not arm
 * it again, and neither does the check's own re-arming.  kng_stall_last is
 * the check's own (one runs at a time); kng_stall_reset is set by the
 * parameter's setter and taken by the check with xchg(); kng_stall_name,
 * the report's copy of a function's name, is under kng_workers_lock.
 */
static unsigned int kng_stall_thresh = 30;
static DEFINE_MUTEX(kng_stall_lock);
static bool kng_stall_live;
static unsigned long kng_stall_last;
static bool kng_stall_reset;
static char kng_stall_name[KSYM_SYMBOL_LEN];
static char kng_stall_by[KSYM_SYMBOL_LEN + 32];
static void kng_stall_check(struct work_struct *unused);
static DECLARE_DELAYED_WORK(kng_stall_dwork, kng_stall_check);

static unsigned long kng_stall_period(unsigned int thresh)
{
	return max((unsigned long)thresh * HZ / 4, HZ / 10UL);
}

static int kng_stall_set(const char *val, const struct kernel_param *kp)
{
	unsigned int thresh;
	int ret = kstrtouint(val, 0, &thresh);

	if (ret)
		return ret;
	if (thresh > MAX_JIFFY_OFFSET / HZ / 2)
		return -ERANGE;
	mutex_lock(&kng_stall_lock);
	WRITE_ONCE(kng_stall_thresh, thresh);
	/* A new threshold counts from the next check, which comes now. */
	WRITE_ONCE(kng_stall_reset, true);
	if (kng_stall_live && thresh)
		mod_delayed_work(system_unbound_wq, &kng_stall_dwork, 0);
	mutex_unlock(&kng_stall_lock);
	return 0;
}

static const struct kernel_param_ops kng_stall_ops = {
	.set	= kng_stall_set,
	.get	= param_get_uint,
};
module_param_cb(stall_thresh, &kng_stall_ops, &kng_stall_thresh, 0644);
MODULE_PARM_DESC(stall_thresh, "seconds without progress before a busy worker is reported stalled (0: off)");

/*
 * A work whose function has returned is not running, though the worker,
 * preempted before it took its lock again, still names it.
 */
static bool kng_worker_running(struct kthread_ng_worker *worker)
{
	lockdep_assert_held(&worker->lock);
	return worker->current_work && !READ_ONCE(worker->current_returned);
}

static bool kng_worker_busy(struct kthread_ng_worker *worker)
{
	lockdep_assert_held(&worker->lock);
	return worker->task &&
	       (kng_worker_running(worker) || !list_empty(&worker->work_list));
}

/* The works @worker started so far, flush works included.  Locked. */
static u64 kng_worker_started(struct kthread_ng_worker *worker)
{
	lockdep_assert_held(&worker->lock);
	return worker->nr_executed + worker->nr_flushes;
}

/* The reported stall of @worker, in jiffies so far; 0 if none.  Locked. */
unsigned long kng_stalled_for(struct kthread_ng_worker *worker)
{
	lockdep_assert_held(&worker->lock);
	if (!worker->stall_reported || !kng_worker_busy(worker) ||
	    kng_worker_started(worker) != worker->stall_seen_started)
		return 0;
	return jiffies - worker->stall_seen_ts;
}

/* Progress, or nothing to make progress on: no stall as of now. */
static void kng_stall_clear(struct kthread_ng_worker *worker, bool idle)
{
	lockdep_assert_held(&worker->lock);
	worker->stall_seen_started = kng_worker_started(worker);
	worker->stall_seen_ts = jiffies;
	worker->stall_seen_idle = idle;
	worker->stall_reported = false;
}

static void kng_stall_check_worker(struct kthread_ng_worker *worker,
				   unsigned int thresh, bool reset)
{
	struct task_struct *task;
	unsigned long stalled, site = 0;
	u32 queuer = 0;
	bool running;
	u64 pending;

	lockdep_assert_held(&kng_workers_lock);
	raw_spin_lock_irq(&worker->lock);
	task = worker->task;
	/* frozen() is not exported; it reads this bit. */
	if (!kng_worker_busy(worker) ||
	    (READ_ONCE(task->__state) & TASK_FROZEN)) {
		kng_stall_clear(worker, true);
		goto out_unlock;
	}
	if (reset || kng_worker_started(worker) != worker->stall_seen_started) {
		kng_stall_clear(worker, false);
		goto out_unlock;
	}
	/* Busy since it was seen idle: the stall starts no earlier than now. */
	if (worker->stall_seen_idle) {
		kng_stall_clear(worker, false);
		goto out_unlock;
	}
	stalled = jiffies - worker->stall_seen_ts;
	if (stalled < (unsigned long)thresh * HZ || worker->stall_reported)
		goto out_unlock;
	worker->stall_reported = true;
	worker->nr_stalls++;
	running = kng_worker_running(worker);
	/*
	 * The name, while the lock keeps the running function's module
	 * loaded: its works cannot be flushed or canceled meanwhile.
	 */
	if (running)
		snprintf(kng_stall_name, sizeof(kng_stall_name), "%ps",
			 worker->current_func);
	pending = worker->nr_queued - worker->nr_executed - worker->nr_canceled;
	/* Who queued the work that runs, or the oldest that waits. */
	if (running) {
		queuer = kng_queuer_of(worker->current_queuer,
				       worker->current_queuer_gen);
	} else {
		struct kthread_ng_work *oldest =
			list_first_entry(&worker->work_list,
					 struct kthread_ng_work, node);

		queuer = kng_queuer_of(oldest->queuer_stack, oldest->queuer_gen);
	}
	site = kng_queuer_site(queuer);
	/* A return address: the call it returns from is just before it. */
	if (site)
		snprintf(kng_stall_by, sizeof(kng_stall_by), "; %squeued by %ps",
			 running ? "" : "the oldest ", (void *)(site - 1));
	else if (kng_queuer_active())
		/* Queued or taken while the parameter was off, or no room. */
		snprintf(kng_stall_by, sizeof(kng_stall_by),
			 "; %squeuer not saved", running ? "" : "the oldest's ");
	else
		kng_stall_by[0] = '\0';
	get_task_struct(task);
	raw_spin_unlock_irq(&worker->lock);

	if (running)
		pr_warn("stall: worker %s/%d made no progress for %lu s: its last work, %s, has not returned; %llu pending%s\n",
			task->comm, task_pid_nr(task), stalled / HZ,
			kng_stall_name, pending, kng_stall_by);
	else
		pr_warn("stall: worker %s/%d made no progress for %lu s: %llu works pending, none started%s\n",
			task->comm, task_pid_nr(task), stalled / HZ, pending,
			kng_stall_by);
	kng_queuer_print(queuer);
	sched_show_task(task);
	put_task_struct(task);
	return;

out_unlock:
	raw_spin_unlock_irq(&worker->lock);
}

static void kng_stall_check(struct work_struct *unused)
{
	unsigned int thresh = READ_ONCE(kng_stall_thresh);
	unsigned long period = kng_stall_period(thresh);
	struct kthread_ng_worker *worker;
	bool reset;

	/*
	 * Late by more than half a threshold: the system stood still, not
	 * the workers.  Every worker counts as seen making progress now.
	 */
	reset = time_after(jiffies, kng_stall_last + period +
			   (unsigned long)thresh * HZ / 2);
	reset |= xchg(&kng_stall_reset, false);
	kng_stall_last = jiffies;

	/* A registered worker's thread lives until it unregisters. */
	mutex_lock(&kng_workers_lock);
	list_for_each_entry(worker, &kng_workers, debug_node)
		kng_stall_check_worker(worker, thresh, reset);
	mutex_unlock(&kng_workers_lock);

	mutex_lock(&kng_stall_lock);
	if (kng_stall_live && thresh)
		queue_delayed_work(system_unbound_wq, &kng_stall_dwork, period);
	mutex_unlock(&kng_stall_lock);
}

void kng_stall_start(void)
{
	unsigned int thresh;

	mutex_lock(&kng_stall_lock);
	kng_stall_live = true;
	thresh = READ_ONCE(kng_stall_thresh);
	kng_stall_last = jiffies;
	if (thresh)
		queue_delayed_work(system_unbound_wq, &kng_stall_dwork,
				   kng_stall_period(thresh));
	mutex_unlock(&kng_stall_lock);
}

void kng_stall_stop(void)
{
	mutex_lock(&kng_stall_lock);
	kng_stall_live = false;
	mutex_unlock(&kng_stall_lock);
	cancel_delayed_work_sync(&kng_stall_dwork);
}

/* A worker's thread starts: the stall detector's first look counts from here. */
void kng_worker_observe(struct kthread_ng_worker *worker)
{
	raw_spin_lock_irq(&worker->lock);
	kng_stall_clear(worker, true);
	raw_spin_unlock_irq(&worker->lock);

	mutex_lock(&kng_workers_lock);
	list_add_tail(&worker->debug_node, &kng_workers);
	mutex_unlock(&kng_workers_lock);
}

/* A worker's thread leaves kthread_ng_worker_fn(). */
void kng_worker_unobserve(struct kthread_ng_worker *worker)
{
	mutex_lock(&kng_workers_lock);
	list_del_init(&worker->debug_node);
	mutex_unlock(&kng_workers_lock);
}

/*
 * Where a stalled worker is, for debugfs: the last work started, by name,
 * "(pending)" when works wait and none runs, "-" when it is not stalled.
 * Formatted under worker->lock, as kng_stall_check_worker() does, into the
 * one buffer of kng_workers_lock: valid until that lock is dropped.
 */
const char *kng_stall_where(struct kthread_ng_worker *worker,
			    unsigned long stalled)
{
	lockdep_assert_held(&kng_workers_lock);
	lockdep_assert_held(&worker->lock);
	if (stalled && kng_worker_running(worker))
		snprintf(kng_stall_name, sizeof(kng_stall_name), "%ps",
			 worker->current_func);
	else
		strscpy(kng_stall_name, stalled ? "(pending)" : "-",
			sizeof(kng_stall_name));
	return kng_stall_name;
}
