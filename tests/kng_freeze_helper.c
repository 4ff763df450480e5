// SPDX-License-Identifier: GPL-2.0-only
/*
 * The first half of the freezer test: loaded before the VM's init asks for
 * a suspend with /sys/power/pm_test = freezer, it starts
 *  - a freezable kthread_ng thread looping on kthread_ng_freezable_should_stop(),
 *  - a KTW_NG_FREEZABLE worker and a plain worker, each running a delayed
 *    work that re-arms itself every 5 ms,
 *  - a non-freezable monitor that samples whether the freezable ones are in
 *    the refrigerator,
 *  - a second freezable thread, and a non-freezable stopper that stops it
 *    as soon as it is frozen: the stop must wait for the thaw, and the
 *    thread must then see kthread_ng_freezable_should_stop() true,
 *  - a third freezable worker whose work returns as the freeze begins,
 *    and a non-freezable flusher that flushes that work once the worker
 *    is frozen: the work has returned, so the flush must not wait for the
 *    thaw (a driver's .suspend may flush so, with tasks frozen).
 * kng_freeze_test.ko (KUnit) reads what they saw after the thaw.
 */
#include <linux/delay.h>
#include <linux/freezer.h>
#include <linux/module.h>
#include <linux/sched/task.h>

#include "kthread_ng.h"
#include "kng_freeze.h"

/* frozen() is not exported; it reads the same state bit. */
static bool in_refrigerator(struct task_struct *p)
{
	return p && (READ_ONCE(p->__state) & TASK_FROZEN);
}

static struct kng_freeze_report report;
static struct task_struct *freezable_thread, *monitor_thread;
static struct task_struct *stop_target, *stopper_thread;
static struct kthread_ng_worker *fz_worker, *plain_worker, *gate_worker;
static struct task_struct *flusher_thread;

/* Returns once the freeze has begun: its worker freezes right after. */
static void gate_fn(struct kthread_ng_work *work)
{
	while (!freezing(current))
		usleep_range(1000, 2000);
}

static DEFINE_KTHREAD_NG_WORK(gate_work, gate_fn);

/* Flushes gate_work once its worker is frozen, timing the flush. */
static int flusher_fn(void *arg)
{
	while (!kthread_ng_should_stop()) {
		if (!atomic_read(&report.flush_done) &&
		    in_refrigerator(gate_worker->task)) {
			u64 t0 = ktime_get_ns();

			kthread_ng_flush_work(&gate_work);
			report.flush_frozen_ns = ktime_get_ns() - t0;
			atomic_set_release(&report.flush_done, 1);
		}
		schedule_timeout_uninterruptible(msecs_to_jiffies(2));
	}
	return 0;
}

struct tick {
	struct kthread_ng_delayed_work	dwork;
	struct kthread_ng_worker	*worker;
	u64				last_ns;
	u64				*max_gap_ns;
	atomic_t			*runs;
};

static struct tick fz_tick, plain_tick;

static void tick_fn(struct kthread_ng_work *work)
{
	struct tick *t = container_of(work, struct tick, dwork.work);
	u64 now = ktime_get_ns();

	if (t->last_ns && now - t->last_ns > *t->max_gap_ns)
		*t->max_gap_ns = now - t->last_ns;
	t->last_ns = now;
	atomic_inc(t->runs);
	kthread_ng_queue_delayed_work(t->worker, &t->dwork,
				      msecs_to_jiffies(5));
}

static int freezable_fn(void *arg)
{
	bool was_frozen;

	set_freezable();
	while (!kthread_ng_freezable_should_stop(&was_frozen)) {
		if (was_frozen)
			atomic_inc(&report.thread_thawed);
		atomic_inc(&report.thread_loops);
		schedule_timeout_interruptible(msecs_to_jiffies(5));
	}
	return 0;
}

static int stop_target_fn(void *arg)
{
	bool was_frozen = false;

	set_freezable();
	while (!kthread_ng_freezable_should_stop(&was_frozen))
		schedule_timeout_interruptible(msecs_to_jiffies(5));
	report.stop_saw_frozen = was_frozen;
	return KNG_FREEZE_STOPPED;
}

/* Stops stop_target once it is frozen, timing how long the stop waits. */
static int stopper_fn(void *arg)
{
	while (!kthread_ng_should_stop()) {
		if (!atomic_read(&report.stop_done) &&
		    in_refrigerator(stop_target)) {
			u64 t0 = ktime_get_ns();

			report.stop_ret = kthread_ng_stop_put(stop_target);
			report.stop_wait_ns = ktime_get_ns() - t0;
			atomic_set_release(&report.stop_done, 1);
		}
		schedule_timeout_uninterruptible(msecs_to_jiffies(2));
	}
	return 0;
}

static int monitor_fn(void *arg)
{
	while (!kthread_ng_should_stop()) {
		if (in_refrigerator(freezable_thread))
			atomic_inc(&report.thread_seen_frozen);
		if (in_refrigerator(fz_worker->task))
			atomic_inc(&report.worker_seen_frozen);
		if (in_refrigerator(plain_worker->task))
			atomic_inc(&report.plain_seen_frozen);
		schedule_timeout_uninterruptible(msecs_to_jiffies(2));
	}
	return 0;
}

const struct kng_freeze_report *kng_freeze_report(void)
{
	return &report;
}
EXPORT_SYMBOL_GPL(kng_freeze_report);

static void start_tick(struct tick *t, struct kthread_ng_worker *w,
		       u64 *gap, atomic_t *runs)
{
	kthread_ng_init_delayed_work(&t->dwork, tick_fn);
	t->worker = w;
	t->max_gap_ns = gap;
	t->runs = runs;
	kthread_ng_queue_delayed_work(w, &t->dwork, 1);
}

static int __init helper_init(void)
{
	fz_worker = kthread_ng_run_worker(KTW_NG_FREEZABLE, "kng_fz_worker");
	if (IS_ERR(fz_worker))
		return PTR_ERR(fz_worker);
	plain_worker = kthread_ng_run_worker(0, "kng_plain_worker");
	if (IS_ERR(plain_worker)) {
		kthread_ng_destroy_worker(fz_worker);
		return PTR_ERR(plain_worker);
	}
	freezable_thread = kthread_ng_run(freezable_fn, NULL, "kng_fz_thread");
	monitor_thread = kthread_ng_run(monitor_fn, NULL, "kng_fz_monitor");
	stop_target = kthread_ng_run(stop_target_fn, NULL, "kng_fz_stopped");
	if (!IS_ERR(stop_target))
		get_task_struct(stop_target);
	stopper_thread = kthread_ng_run(stopper_fn, NULL, "kng_fz_stopper");
	if (IS_ERR(freezable_thread) || IS_ERR(monitor_thread) ||
	    IS_ERR(stop_target) || IS_ERR(stopper_thread)) {
		if (!IS_ERR(stopper_thread))
			kthread_ng_stop(stopper_thread);
		if (!IS_ERR(stop_target))
			kthread_ng_stop_put(stop_target);
		if (!IS_ERR(freezable_thread))
			kthread_ng_stop(freezable_thread);
		if (!IS_ERR(monitor_thread))
			kthread_ng_stop(monitor_thread);
		kthread_ng_destroy_worker(plain_worker);
		kthread_ng_destroy_worker(fz_worker);
		return -ENOMEM;
	}
	start_tick(&fz_tick, fz_worker, &report.worker_max_gap_ns,
		   &report.worker_runs);
	start_tick(&plain_tick, plain_worker, &report.plain_max_gap_ns,
		   &report.plain_runs);
	/* Optional: without it only the flush case has nothing to read. */
	gate_worker = kthread_ng_run_worker(KTW_NG_FREEZABLE, "kng_fz_gate");
	if (!IS_ERR(gate_worker)) {
		flusher_thread = kthread_ng_run(flusher_fn, NULL,
						"kng_fz_flusher");
		if (IS_ERR(flusher_thread))
			kthread_ng_destroy_worker(gate_worker);
		else
			kthread_ng_queue_work(gate_worker, &gate_work);
	}
	return 0;
}

static void __exit helper_exit(void)
{
	if (!IS_ERR_OR_NULL(flusher_thread)) {
		kthread_ng_stop(flusher_thread);
		kthread_ng_destroy_worker(gate_worker);
	}
	kthread_ng_stop(stopper_thread);
	/* Never frozen (the freeze did not happen): stop it here. */
	if (!atomic_read(&report.stop_done))
		kthread_ng_stop_put(stop_target);
	kthread_ng_stop(monitor_thread);
	kthread_ng_stop(freezable_thread);
	kthread_ng_disable_delayed_work_sync(&fz_tick.dwork);
	kthread_ng_disable_delayed_work_sync(&plain_tick.dwork);
	kthread_ng_destroy_worker(plain_worker);
	kthread_ng_destroy_worker(fz_worker);
}

module_init(helper_init);
module_exit(helper_exit);
MODULE_DESCRIPTION("kthread_ng freezer test: the threads that get frozen");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(KTHREAD_NG_NS);
