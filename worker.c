// SPDX-License-Identifier: GPL-2.0-only
/*
 * kthread_ng workers: a kthread_ng thread running works in FIFO order.
 *
 * The engine of kernel/kthread.c's kthread_worker, with what workqueue
 * users have and kthread_worker users did not: cancel without waiting,
 * counted disable/enable, flush of a delayed work, drain, lockdep maps, and
 * a destroy that cancels armed timers first.  What is built on it lives
 * apart: making the workers kthread_ng allocates (worker_create.c), the
 * cancel and disable calls, each a mode of kng_cancel() (worker_cancel.c),
 * SCHED_DEADLINE workers (worker_sched.c), and the observers: the stall
 * detector (stall.c, told when a worker's thread starts and leaves), the
 * latency statistics (latency.c, probes on the trace events) and debugfs
 * "workers" (worker_debugfs.c).
 *
 * Locking
 * -------
 * worker->lock (raw, IRQ-safe: works are queued from hard IRQ) protects both
 * lists, current_work, current_queuer, drain_depth, destroying, nr_waiters
 * and the counters, and of every work bound to the worker: @node, @delayed,
 * @canceling and @queuer_stack.  (latency.c's @queued_ns and @max_latency_ns are written under
 * it and by the worker thread alone, respectively; its probe reads without
 * it.)  It is the one owner of a work's state: every
 * transition below is made in a single critical section of it.  A caller
 * that must wait (for a timer callback, or a running work) makes no
 * transition while it waits: it raises @canceling, which freezes the work
 * as it is, drops the lock, waits, takes the lock again, lowers
 * @canceling, and only then makes its transition.
 *
 * States of a work
 * ----------------
 *   IDLE     @node empty (a work never queued is IDLE, with no worker
 *            unless a queueing refused as disabled bound it)
 *   ARMED    on delayed_work_list with @delayed set, and one of:
 *            a. its timer is pending;
 *            b. its timer has fired and the callback has not yet taken
 *               worker->lock ("in flight");
 *            c. the callback ran while @canceling was raised and left the
 *               work to the waiter (a mod or a flush_delayed), which fires
 *               it once back under the lock;
 *            d. the worker is being destroyed: the callback, or a
 *               flush_delayed, left it for the destroy, which cancels it.
 *   QUEUED   on work_list
 * and, besides any of these, RUNNING: worker->current_work is the work.
 * Each IDLE -> ARMED or QUEUED transition makes a new instance of the work
 * (@seq + 1, 64 bits); a mod times an ARMED instance (or one that its own
 * wait for the callback fired) anew, the same instance, and takes another
 * QUEUED one off for a new one; the worker thread's QUEUED -> IDLE +
 * RUNNING sets @ran_seq to @seq.  An
 * instance that left the lists otherwise was canceled.
 * While @disable's depth is non-zero the work is IDLE and never made
 * pending; while @canceling is, it is never made pending.  A disabled work
 * is refused first, before its worker is even looked at (it may be
 * destroyed and freed already, as a workqueue may be when queue_work()
 * refuses a disabled work); only then does a draining worker refuse
 * queueings from outside its own works, with a warning.
 *
 *   operation               from           to              refused if
 *   queue                   IDLE           QUEUED          disable, canceling
 *   queue_delayed, d > 0    IDLE           ARMED           disable, canceling
 *   queue_delayed, d == 0   IDLE           QUEUED          disable, canceling
 *   mod, d > 0 / d == 0     IDLE, ARMED,   ARMED / QUEUED  disable; then
 *                           QUEUED                         canceling (true)
 *   kng_fire(): the timer   ARMED          QUEUED          stale, canceling,
 *     callback; mod and                                    destroying
 *     flush_delayed after
 *     their wait; flush_delayed
 *   worker thread           QUEUED         IDLE + RUNNING
 *   cancel, disable, sync   ARMED, QUEUED  IDLE
 *   destroy                 ARMED          IDLE
 *
 * ARMED -> QUEUED is made in kng_fire() only, which holds its guard.  A
 * timer is disarmed only with timer_delete() under worker->lock, so a
 * callback may already be past its timer and waiting for the lock: it is
 * "stale" if the work is no longer ARMED, or was armed again (its timer is
 * pending once more; the callbacks of one timer never run concurrently).
 * @destroying is set under worker->lock when the destroy begins and never
 * cleared.
 *
 * Waiting
 * -------
 * The rule: no call returns while a timer callback of its work is in
 * flight, as after workqueue's calls.  Whoever finds the work ARMED with its
 * timer no longer pending (b. above: timer_delete() fails) waits for the
 * callback, with the lock dropped, through kng_wait_callback(): cancel and
 * disable, async or sync, after taking the work off (the callback then
 * finds it stale); mod and flush_delayed through kng_wait_fire(), before
 * their transition (the callback leaves the work ARMED, c., and they fire
 * it themselves before they go on, so the expiry is not lost).  The wait is
 * timer_delete_sync(): the timer is IRQ-safe, so this is a short spin,
 * legal in any context.  The sync cancels wait besides, with the lock
 * dropped, for the callback of a delayed work's timer in any state and for
 * a running instance (a flush).
 *
 * A worker outlives every such wait: each waiter counts itself in
 * @nr_waiters, and the destroy frees the worker only once it finds that
 * count zero under the lock (the last waiter to leave a destroying worker
 * wakes it, under the lock).  A callback runs with interrupts off
 * from the moment its timer stops being pending until it returns, which is
 * an RCU read-side critical section, and the destroy waits for an RCU grace
 * period before it frees the worker: no callback in flight can lock freed
 * memory.  A flush reads the worker after dropping the lock only for
 * lockdep, inside an RCU read-side section taken under the lock.
 *
 * Binding
 * -------
 * A work's @worker is set once, by the first queueing, with cmpxchg(), and
 * never changes: a work is used with one worker only.  @disable holds the
 * disable depth and KNG_BOUND, set once @worker is; it is atomic because a
 * work that was never queued has no lock.  The first queueing sets @worker,
 * then KNG_BOUND with a cmpxchg() that expects the depth 0: if it is not, it
 * refuses.  A disable of a work without KNG_BOUND
 * raises the depth with a cmpxchg() that expects KNG_BOUND clear; with
 * KNG_BOUND it reads @worker (set before KNG_BOUND) and raises the depth
 * under worker->lock, in the critical section that takes the work off.  So
 * the two meet on one atomic word, and a disable and the work's state
 * change together, as in workqueue, whose disabler owns PENDING before
 * anyone sees its count: no queueing is refused by a disable that then
 * finds the work's state changed since, and a disabled work is never
 * pending.  Enable lowers the depth without the lock; queueing looks at it
 * again under worker->lock.
 *
 * Moving
 * ------
 * The one exception to "never changes": the cpus' workers of a per-cpu
 * worker (worker_percpu.c) share their works.  A work bound to one of them
 * moves to another when it is queued there while IDLE, not RUNNING, and
 * with neither @canceling nor a disable depth: kng_queue_percpu() changes
 * @worker holding the locks of both workers, taken in address order.  A
 * work QUEUED or RUNNING where it is bound is queued there instead, so
 * that it never runs on two workers at once (workqueue's non-reentrance).
 * So @worker changes only under the lock of the worker it names, and
 * whoever holds the lock of the worker it read and finds @worker naming it
 * still has the binding fixed: the cancels, disables and flushes look
 * again under the lock and follow the work (kng_follow()).  A work's other
 * fields are its worker's, as above: a move hands them over with both
 * locks held.  Delayed works are never used with a per-cpu worker, so a
 * timer callback and a mod find the binding fixed.
 */
#define pr_fmt(fmt) "kthread_ng: " fmt

#include <linux/cpu.h>
#include <linux/debugobjects.h>
#include <linux/freezer.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>

#include "kng_compat.h"
#include "kng_internal.h"
#include "kng_trace.h"

/* @work->disable: the disable depth, and whether the work has a worker. */
#define KNG_BOUND	BIT(30)
#define KNG_DEPTH_MASK	(KNG_BOUND - 1)

/* ------------------------------------------------------------------ */
/* DEBUG_OBJECTS_WORK: a work is active while it is pending             */
/* ------------------------------------------------------------------ */

#ifdef CONFIG_DEBUG_OBJECTS_WORK
static const struct debug_obj_descr kng_work_debug_descr;

static void *kng_work_debug_hint(void *addr)
{
	return ((struct kthread_ng_work *)addr)->func;
}

/*
 * kthread_ng_init_work() on a pending work: debugobjects has reported it;
 * take the work off its worker (its fields are intact yet), then let the
 * initialization go on.
 */
static bool kng_work_fixup_init(void *addr, enum debug_obj_state state)
{
	struct kthread_ng_work *work = addr;

	if (state != ODEBUG_STATE_ACTIVE)
		return false;
	/* Of an ARMED work it also waits for the timer callback. */
	kng_cancel(work, KNG_CANCEL_SYNC, "kthread_ng_init_work");
	debug_object_init(work, &kng_work_debug_descr);
	return true;
}

static const struct debug_obj_descr kng_work_debug_descr = {
	.name		= "kthread_ng_work",
	.debug_hint	= kng_work_debug_hint,
	.fixup_init	= kng_work_fixup_init,
};

/**
 * kthread_ng_debug_init_work - tell debugobjects about a work being set up
 * @work: the work kthread_ng_init_work() initializes
 *
 * Only with CONFIG_DEBUG_OBJECTS_WORK; called by kthread_ng_init_work().
 */
void kthread_ng_debug_init_work(struct kthread_ng_work *work)
{
	if (object_is_on_stack(work))
		debug_object_init_on_stack(work, &kng_work_debug_descr);
	else
		debug_object_init(work, &kng_work_debug_descr);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_debug_init_work, KTHREAD_NG_NS);

/*
 * Pending from now on: put on a worker's list (or its timer armed).  Works
 * of the static initializers are not tracked: they may live on a stack (as
 * kthread_ng's own flush works do), which debugobjects would then want
 * annotated, and they are not initialized again anyway.
 */
static void kng_debug_activate(struct kthread_ng_work *work)
{
	if (!work->is_static)
		debug_object_activate(work, &kng_work_debug_descr);
}

/* No longer pending: taken to run, or canceled. */
static void kng_debug_deactivate(struct kthread_ng_work *work)
{
	if (!work->is_static)
		debug_object_deactivate(work, &kng_work_debug_descr);
}
#else
static inline void kng_debug_activate(struct kthread_ng_work *work) { }
static inline void kng_debug_deactivate(struct kthread_ng_work *work) { }
#endif

/* kthread_ng_drain_worker() complains once it went round this often. */
#define KNG_DRAIN_WARN_ROUNDS	100

/*
 * Used to wait for a work (or everything queued before it) to finish.  A
 * ticket's flush work sits right after the queued instance it waits for
 * (@target, compared, never read), or first for a running one, with @ran
 * true; taking that queued instance off (kng_dequeue()) makes @ran false.
 */
struct kng_flush_work {
	struct kthread_ng_work	work;
	struct completion	done;
	struct kthread_ng_work	*target;
	bool			ran;
	/*
	 * The flusher lends the worker its priority (KTW_NG_PRIO_INHERIT):
	 * set under the lock before the flush work can run; the loan itself
	 * is worker_sched.c's.
	 */
	bool			boost;
	struct kng_booster	lender;
};

/* Has instance @ticket of @work been taken to run, or a later one? */
static bool kng_ticket_ran(struct kthread_ng_work *work, u64 ticket)
{
	return work->ran_seq >= ticket;
}

/*
 * The worker counts every work it starts in @nr_executed, testing nothing:
 * a flush work moves itself from there to @nr_flushes, before its flusher
 * may return.
 */
static void kng_flush_work_fn(struct kthread_ng_work *work)
{
	struct kng_flush_work *fwork =
		container_of(work, struct kng_flush_work, work);
	struct kthread_ng_worker *worker = work->worker;

	raw_spin_lock_irq(&worker->lock);
	worker->nr_executed--;
	worker->nr_flushes++;
	raw_spin_unlock_irq(&worker->lock);
	/* As an rt_mutex's owner: the loan ends with the wake-up. */
	if (fwork->boost)
		kng_boost_end(worker, &fwork->lender, &fwork->done);
	else
		complete(&fwork->done);
}

static bool kng_is_flush_work(struct kthread_ng_work *work)
{
	return work->func == kng_flush_work_fn;
}

/*
 * Set up a flush work on the stack once it is known to be needed, so that
 * flushing an idle work costs nothing.  No lockdep map: the worker leaves
 * it alone for a flush work; static: debugobjects does not track it.
 */
static void kng_init_flush_work(struct kng_flush_work *fwork)
{
	memset(&fwork->work, 0, sizeof(fwork->work));
	fwork->work.func = kng_flush_work_fn;
	fwork->work.is_static = true;
	init_completion(&fwork->done);
	fwork->target = NULL;
	fwork->boost = false;
	fwork->lender.lent = false;
	fwork->lender.ended = false;
}

#ifdef CONFIG_LOCKDEP
/* A worker that kthread_ng allocates is a lockdep class of its own. */
void kng_worker_lockdep_register(struct kthread_ng_worker *worker)
{
	lockdep_register_key(&worker->lockdep_key);
	lockdep_init_map(&worker->lockdep_map, "kthread_ng_worker",
			 &worker->lockdep_key, 0);
}

static void kng_worker_lockdep_unregister(struct kthread_ng_worker *worker)
{
	lockdep_unregister_key(&worker->lockdep_key);
}
#else
void kng_worker_lockdep_register(struct kthread_ng_worker *worker)
{
}

static inline void kng_worker_lockdep_unregister(struct kthread_ng_worker *worker) { }
#endif

/*
 * The end of a worker kthread_ng allocated (worker_create.c): its thread is
 * gone or never was.
 */
void kng_free_worker(struct kthread_ng_worker *worker)
{
	kng_boost_free(worker);
	kng_worker_lockdep_unregister(worker);
	kng_fault_count_objects(-1);
	kfree(worker);
}

/**
 * __kthread_ng_init_worker - initialize a kthread_ng worker
 * @worker: the worker
 * @name: lockdep name of the worker and its lock
 * @key: lockdep class of its lock
 * @map_key: lockdep class of the worker itself (its @lockdep_map)
 *
 * Use kthread_ng_init_worker(), which gives each call site its classes.
 */
void __kthread_ng_init_worker(struct kthread_ng_worker *worker,
			      const char *name, struct lock_class_key *key,
			      struct lock_class_key *map_key)
{
	memset(worker, 0, sizeof(*worker));
	raw_spin_lock_init(&worker->lock);
	lockdep_set_class_and_name(&worker->lock, key, name);
	lockdep_init_map(&worker->lockdep_map, name, map_key, 0);
	INIT_LIST_HEAD(&worker->work_list);
	INIT_LIST_HEAD(&worker->delayed_work_list);
	INIT_LIST_HEAD(&worker->debug_node);
}
EXPORT_SYMBOL_NS_GPL(__kthread_ng_init_worker, KTHREAD_NG_NS);

/*
 * Run @work's function, as the lockdep maps of @worker and @work.  Inline in
 * each of the two loops (kng_worker_loop()): a call would cost each work.
 */
static __always_inline void kng_run_work(struct kthread_ng_worker *worker,
					 struct kthread_ng_work *work)
{
	kthread_ng_work_func_t func = work->func;
	bool flush = kng_is_flush_work(work);
#ifdef CONFIG_LOCKDEP
	/* @work may be freed by its function: hold a copy of its map. */
	struct lockdep_map lockdep_map;

	lockdep_copy_map(&lockdep_map, &work->lockdep_map);
#endif
	lock_map_acquire(&worker->lockdep_map);
	if (!flush)
		lock_map_acquire(&lockdep_map);
	trace_kthread_ng_work_execute_start(worker, work, func);
	func(work);
	/* @work may be freed now; the event only prints it. */
	trace_kthread_ng_work_execute_end(worker, work, func);
	if (!flush)
		lock_map_release(&lockdep_map);
	lock_map_release(&worker->lockdep_map);
}

/*
 * Called by a cpu's worker, a work taken, when it finds itself not bound to
 * its cpu or not on it (kng_stay_on_cpu()): bind it again if the cpu is
 * active and no cpu hotplug is in progress.  A trylock: the worker never
 * waits for a hotplug (of any cpu), whose callbacks may wait for it.
 */
static noinline void kng_percpu_rebind(unsigned int cpu)
{
	const struct cpumask *mask = cpumask_of(cpu);

	if (!cpus_read_trylock())
		return;
	/* No hotplug in progress: an active cpu is not going down. */
	if (cpu_active(cpu)) {
		/*
		 * Bound already, yet elsewhere (a migration refused while the
		 * cpu was going down): the same mask again would not move it.
		 */
		if (cpumask_equal(current->cpus_ptr, mask))
			WARN_ON_ONCE(set_cpus_allowed_ptr(current,
							  cpu_active_mask));
		WARN_ON_ONCE(set_cpus_allowed_ptr(current, mask));
	}
	cpus_read_unlock();
}

/*
 * A per-cpu worker's thread runs on its cpu, or, while the cpu is down,
 * where its offline callback let it.  The scheduler also unbinds it on its
 * own when a down of the cpu begins (from then on it will not run there a
 * kernel thread it does not know as per-cpu), and nothing binds it again if
 * that down fails; nor, on 6.1, after a cpuset partition change: look once
 * a work is taken, right before it runs, and bind the thread again if its
 * cpu is active (kng_percpu_rebind()).  The thread may still be preempted
 * and moved before the work's function begins, but only by a hotplug.
 */
static __always_inline void kng_stay_on_cpu(struct kthread_ng_worker *worker)
{
	unsigned int cpu = kng_percpu_cpu_of(worker)->cpu;

	if (unlikely(current->nr_cpus_allowed != 1 ||
		     !cpumask_test_cpu(cpu, current->cpus_ptr) ||
		     raw_smp_processor_id() != cpu))
		kng_percpu_rebind(cpu);
}

/* The loop of kthread_ng_worker_fn(), and of a per-cpu worker's thread. */
static __always_inline int kng_worker_loop(struct kthread_ng_worker *worker,
					   bool percpu)
{
	unsigned long *self = kng_self_flags();
	struct kthread_ng_work *work;

	if (WARN_ONCE(!self, "%s: not in a kthread_ng thread\n", __func__))
		return -EINVAL;
	WARN_ONCE(worker->task && worker->task != current,
		  "%s: worker already has a thread\n", __func__);
	worker->task = current;
	kng_worker_observe(worker);

	if (worker->flags & KTW_NG_FREEZABLE)
		set_freezable();

	for (;;) {
		/* The barrier pairs with the wake-up in kthread_ng_stop(). */
		set_current_state(TASK_INTERRUPTIBLE);

		if (test_bit(KNG_SHOULD_STOP, self)) {
			__set_current_state(TASK_RUNNING);
			raw_spin_lock_irq(&worker->lock);
			worker->current_work = NULL;
			worker->task = NULL;
			raw_spin_unlock_irq(&worker->lock);
			break;
		}

		work = NULL;
		raw_spin_lock_irq(&worker->lock);
		if (!list_empty(&worker->work_list)) {
			work = list_first_entry(&worker->work_list,
						struct kthread_ng_work, node);
			list_del_init(&work->node);
			kng_debug_deactivate(work);
			work->ran_seq = work->seq;
			kng_queuer_taken(worker, work);
			worker->current_func = work->func;
			worker->current_returned = false;
			worker->nr_executed++;
		}
		worker->current_work = work;
		raw_spin_unlock_irq(&worker->lock);

		if (work) {
			__set_current_state(TASK_RUNNING);
			if (percpu)
				kng_stay_on_cpu(worker);
			kng_run_work(worker, work);
			/* Pairs with kng_insert_flush(): the work's stores first. */
			smp_store_release(&worker->current_returned, true);
			kng_race_point(KNG_RACE_WORK_DONE);
		} else if (!freezing(current)) {
			schedule();
		} else {
			/* try_to_freeze() wants us running, not still asleep. */
			__set_current_state(TASK_RUNNING);
		}

		/*
		 * A frozen worker runs nothing: say so before freezing, so
		 * that a flush or sync cancel of the work that just returned
		 * (from a driver's .suspend, tasks frozen) does not wait for
		 * the thaw, as workqueue's do not.
		 */
		if (unlikely(freezing(current))) {
			raw_spin_lock_irq(&worker->lock);
			worker->current_work = NULL;
			raw_spin_unlock_irq(&worker->lock);
			try_to_freeze();
		}
		cond_resched();
	}

	kng_worker_unobserve(worker);
	return 0;
}

/**
 * kthread_ng_worker_fn - the thread function of a kthread_ng worker
 * @worker_ptr: the struct kthread_ng_worker, initialized
 *
 * Runs the works queued on @worker one at a time, oldest first, until
 * kthread_ng_stop().  Give it to kthread_ng_create()/kthread_ng_run() with an
 * initialized worker as data, or let kthread_ng_create_worker() do that.
 *
 * Return: 0.
 */
int kthread_ng_worker_fn(void *worker_ptr)
{
	return kng_worker_loop(worker_ptr, false);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_worker_fn, KTHREAD_NG_NS);

/* The thread function of a cpu's worker of a per-cpu worker. */
int kng_percpu_worker_fn(void *worker_ptr)
{
	return kng_worker_loop(worker_ptr, true);
}

/* ------------------------------------------------------------------ */
/* Queueing                                                            */
/* ------------------------------------------------------------------ */

/* The disable depth in a value of @work->disable (see "Binding"). */
static __always_inline int kng_depth(int v)
{
	return v & KNG_DEPTH_MASK;
}

/* A work queued on a second worker: refused, with a warning. */
static noinline bool kng_second_worker(struct kthread_ng_work *work)
{
	WARN_ONCE(1, "kthread_ng: work %ps used with a second worker\n",
		  work->func);
	return false;
}

/*
 * Called with the lock of @worker, which @work was seen bound to: if the
 * work has moved since (see "Moving"), drop it and take its worker's.
 * Returns the worker whose lock is held, to which @work is bound.
 */
static struct kthread_ng_worker *kng_follow(struct kthread_ng_work *work,
					    struct kthread_ng_worker *worker,
					    unsigned long *flags)
	__must_hold(&worker->lock)
{
	for (;;) {
		struct kthread_ng_worker *now = READ_ONCE(work->worker);

		if (likely(now == worker))
			return worker;
		raw_spin_unlock_irqrestore(&worker->lock, *flags);
		worker = now;
		raw_spin_lock_irqsave(&worker->lock, *flags);
	}
}

/*
 * Say that @work, whose @disable was last seen as @v, has a worker, in the
 * atomic step that finds its depth 0: a disable that raised the depth before
 * refuses us (the work stays bound to its worker, as if an earlier queueing
 * had bound it, and KNG_BOUND stays clear: neither this queueing nor a later
 * disable touches the worker, which the disabler may have destroyed since),
 * one that comes after sees KNG_BOUND and raises it under worker->lock.  @v
 * may have KNG_BOUND already: another first queueing just set it.
 */
static noinline bool kng_set_bound(struct kthread_ng_work *work, int v)
{
	do {
		if (kng_depth(v))
			return false;
	} while (!atomic_try_cmpxchg(&work->disable, &v, v | KNG_BOUND));
	return true;
}

/*
 * The rest of kng_bind(), for @work whose @disable was @v: a disabled work,
 * a first queueing that found @work->worker set (by another first queueing
 * to @worker, or by one to another worker), misuse.
 */
static noinline bool kng_bind_slow(struct kthread_ng_worker *worker,
				   struct kthread_ng_work *work, int v)
{
	struct kthread_ng_worker *old = NULL;

	if (WARN_ONCE(!worker, "kthread_ng: work %ps queued on no worker\n",
		      work->func))
		return false;
	if (kng_depth(v))
		return false;
	if (!try_cmpxchg(&work->worker, &old, worker) && old != worker)
		return kng_second_worker(work);
	kng_race_point(KNG_RACE_BIND);
	return kng_set_bound(work, v);
}

/*
 * May @work be queued on @worker?  Refuses a disabled work first, quietly,
 * before its worker is even looked at (it may be freed by now, as a
 * workqueue may be when queue_work() refuses a disabled work), and binds a
 * work that has no worker yet.  False, with a warning, for no worker (a
 * disabled work too) and for a work bound to another worker.  Under
 * worker->lock the depth is looked at again.
 *
 * Inline: a work bound to @worker already, and the first queueing of a work
 * never disabled (its @worker set, then KNG_BOUND on a @disable of 0).
 */
static __always_inline bool kng_bind(struct kthread_ng_worker *worker,
				     struct kthread_ng_work *work)
{
	struct kthread_ng_worker *old = NULL;
	/* Acquire: a KNG_BOUND seen here makes the store of @worker visible. */
	int v = atomic_read_acquire(&work->disable);

	if (likely(v == KNG_BOUND) && likely(READ_ONCE(work->worker) == worker))
		return true;
	if (likely(!v) && likely(worker) &&
	    likely(try_cmpxchg(&work->worker, &old, worker))) {
		kng_race_point(KNG_RACE_BIND);
		if (likely(atomic_try_cmpxchg(&work->disable, &v, KNG_BOUND)))
			return true;
		return kng_set_bound(work, v);
	}
	return kng_bind_slow(worker, work, v);
}

/*
 * Queued by one of @worker's own works: its thread, in task context (an
 * interrupt on that thread is not the work, as with workqueue's chained
 * works).
 */
static __always_inline bool kng_chained(struct kthread_ng_worker *worker)
{
	return current == worker->task && in_task();
}

/*
 * Is current @worker's thread?  Only that thread can make it true, so it
 * needs no lock: the self-waits are refused, and warned about, before
 * anything is locked.
 */
static bool kng_on_worker(struct kthread_ng_worker *worker)
{
	return current == READ_ONCE(worker->task);
}

/*
 * A queueing from outside a draining worker: refused, reported once a
 * drain.  *@warn says whether this is the one: the caller warns with
 * kng_warn_draining() once it has dropped the lock (a console driver's
 * spinlock_t may not be taken under a raw lock).
 */
static noinline bool kng_refuse_draining(struct kthread_ng_worker *worker,
					 bool *warn)
{
	lockdep_assert_held(&worker->lock);

	*warn = !worker->drain_warned;
	worker->drain_warned = true;
	return false;
}

static noinline void kng_warn_draining(kthread_ng_work_func_t func)
{
	WARN(1, "kthread_ng: work %ps queued while its worker drains\n", func);
}

/*
 * May @work be made pending on @worker now?  *@warn is set when the caller
 * must warn about misuse (kng_refuse_draining()).
 */
static __always_inline bool kng_may_queue(struct kthread_ng_worker *worker,
					  struct kthread_ng_work *work,
					  bool *warn)
{
	lockdep_assert_held(&worker->lock);

	/* One test of both counts: either non-zero refuses, silently. */
	if (work->canceling | kng_depth(atomic_read(&work->disable)))
		return false;
	if (unlikely(worker->drain_depth) && !kng_chained(worker))
		return kng_refuse_draining(worker, warn);
	return true;
}

static __always_inline void kng_wake_worker(struct kthread_ng_worker *worker)
{
	/* A busy worker looks at the list again before it sleeps. */
	if (!worker->current_work && likely(worker->task))
		wake_up_process(worker->task);
}

/*
 * A work's state is its worker's, changed under that worker's lock only (see
 * "Moving"): checked where it changes, on a kernel with lockdep.
 */
static __always_inline void kng_assert_owner(struct kthread_ng_worker *worker,
					     struct kthread_ng_work *work)
{
	lockdep_assert_held(&worker->lock);
	if (IS_ENABLED(CONFIG_LOCKDEP))
		WARN_ON_ONCE(READ_ONCE(work->worker) != worker);
}

/* IDLE -> ARMED or QUEUED: a new instance, from 1 (0 names none). */
static __always_inline void kng_new_instance(struct kthread_ng_work *work)
{
	work->seq++;
}

/*
 * IDLE -> QUEUED.  @delayed is already false: it is set exactly while a
 * work is ARMED (see the table above); @worker was set by kng_bind().
 */
static __always_inline void kng_insert_work(struct kthread_ng_worker *worker,
					    struct kthread_ng_work *work)
{
	kng_assert_owner(worker, work);

	kng_new_instance(work);
	kng_debug_activate(work);
	list_add_tail(&work->node, &worker->work_list);
	kng_queuer_queued(work);
	trace_kthread_ng_work_queue_work(worker, work);
	worker->nr_queued++;
	kng_wake_worker(worker);
}

/* A flush work set up and put at @pos: not counted, not traced. */
static void kng_insert_flush_work(struct kthread_ng_worker *worker,
				  struct kng_flush_work *fwork,
				  struct list_head *pos)
{
	lockdep_assert_held(&worker->lock);

	kng_init_flush_work(fwork);
	list_add_tail(&fwork->work.node, pos);
	WRITE_ONCE(fwork->work.worker, worker);
	kng_wake_worker(worker);
}

/*
 * ARMED -> QUEUED, the one way: the timer callback, a flush_delayed and a
 * mod (for a callback it waited for) all come here.  Refused if the work is
 * not ARMED any more or armed again (a stale expiry), if a waiter holds it
 * (@canceling: the waiter comes here itself once the callback is done), or
 * if its worker is being destroyed (the destroy cancels it).  A cancel or a
 * disable takes the work off before it raises @canceling, so an ARMED work
 * is held only by waiters that fire it: a @waiter whose own wait is over
 * fires it whatever the others' count.  The caller has deleted the timer,
 * or it has fired.
 */
static bool kng_fire(struct kthread_ng_worker *worker,
		     struct kthread_ng_delayed_work *dwork, bool waiter)
{
	struct kthread_ng_work *work = &dwork->work;

	lockdep_assert_held(&worker->lock);

	if (!work->delayed || timer_pending(&dwork->timer) ||
	    (work->canceling && !waiter) || worker->destroying)
		return false;
	list_move_tail(&work->node, &worker->work_list);
	work->delayed = false;
	kng_queuer_queued(work);
	trace_kthread_ng_work_queue_work(worker, work);
	kng_wake_worker(worker);
	return true;
}

/*
 * A queued instance taken off: the flush works of its tickets, right after
 * it (only flush works are ever put between a work and those), say that it
 * did not run.
 */
static void kng_tickets_not_run(struct kthread_ng_worker *worker,
				struct kthread_ng_work *work)
{
	struct list_head *pos;

	for (pos = work->node.next; pos != &worker->work_list; pos = pos->next) {
		struct kthread_ng_work *next =
			list_entry(pos, struct kthread_ng_work, node);
		struct kng_flush_work *fwork;

		if (!kng_is_flush_work(next))
			break;
		fwork = container_of(next, struct kng_flush_work, work);
		if (fwork->target == work)
			fwork->ran = false;
	}
}

/*
 * ARMED or QUEUED -> IDLE.  Returns whether @work was pending.  The timer of
 * an ARMED work must be deleted by the caller, in the same critical section.
 */
static bool kng_dequeue(struct kthread_ng_worker *worker,
			struct kthread_ng_work *work)
{
	kng_assert_owner(worker, work);

	if (list_empty(&work->node))
		return false;
	if (!work->delayed)
		kng_tickets_not_run(worker, work);
	list_del_init(&work->node);
	kng_debug_deactivate(work);
	work->delayed = false;
	worker->nr_canceled++;
	return true;
}

/* IDLE -> QUEUED, unless refused; *@ticket: the instance pending after. */
static __always_inline bool kng_queue(struct kthread_ng_worker *worker,
				      struct kthread_ng_work *work, u64 *ticket)
{
	bool ret = false, warn = false;
	unsigned long flags;

	raw_spin_lock_irqsave(&worker->lock, flags);
	if (list_empty(&work->node) && kng_may_queue(worker, work, &warn)) {
		kng_insert_work(worker, work);
		ret = true;
	}
	if (ticket && !list_empty(&work->node))
		*ticket = work->seq;
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	if (unlikely(warn))
		kng_warn_draining(work->func);
	return ret;
}

/**
 * kthread_ng_queue_work - queue a work on a worker
 * @worker: the worker
 * @work: the work
 *
 * A work is used with one worker only: queueing it on a second one warns and
 * fails.  Safe from any context, hard IRQ included.
 *
 * Return: true if @work was queued; false if it was pending already, is
 * being canceled or is disabled, or on misuse.
 */
bool kthread_ng_queue_work(struct kthread_ng_worker *worker,
			   struct kthread_ng_work *work)
{
	/* A NULL @worker is refused by kng_bind(), which never reads it. */
	if (WARN_ONCE(!work, "%s: NULL\n", __func__) || !kng_bind(worker, work))
		return false;
	return kng_queue(worker, work, NULL);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_queue_work, KTHREAD_NG_NS);

/**
 * kthread_ng_queue_work_ticket - queue a work, and name the instance that runs
 * @worker: the worker
 * @work: the work
 * @ticket: set to the instance of @work that runs for this call: the one it
 *	    queued, or the one that was pending already; 0 if none does
 *
 * As kthread_ng_queue_work(); kthread_ng_flush_ticket() waits for the
 * instance *@ticket names, and for no later one queued.  Safe from any context,
 * hard IRQ included.
 *
 * Return: true if @work was queued; false if it was pending already (the
 * ticket names that instance), is being canceled or is disabled, or on
 * misuse (the ticket is then 0).
 */
bool kthread_ng_queue_work_ticket(struct kthread_ng_worker *worker,
				  struct kthread_ng_work *work, u64 *ticket)
{
	if (WARN_ONCE(!work || !ticket, "%s: NULL\n", __func__))
		return false;
	*ticket = 0;
	if (!kng_bind(worker, work))
		return false;
	return kng_queue(worker, work, ticket);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_queue_work_ticket, KTHREAD_NG_NS);

/* May @work move between @a and @b: are they one worker, or siblings? */
static bool kng_siblings(struct kthread_ng_worker *a,
			 struct kthread_ng_worker *b)
{
	return a == b ||
	       ((a->flags & b->flags & KNG_WORKER_PERCPU_CPU) &&
		kng_percpu_cpu_of(a)->pw == kng_percpu_cpu_of(b)->pw);
}

/* The locks of two workers, or of one twice named, in address order. */
static void kng_lock_pair(struct kthread_ng_worker *a,
			  struct kthread_ng_worker *b, unsigned long *flags)
	__acquires(&a->lock) __acquires(&b->lock)
{
	if (a > b)
		swap(a, b);
	raw_spin_lock_irqsave(&a->lock, *flags);
	if (b != a)
		raw_spin_lock_nested(&b->lock, SINGLE_DEPTH_NESTING);
	else
		__acquire(&b->lock);
}

static void kng_unlock_pair(struct kthread_ng_worker *a,
			    struct kthread_ng_worker *b, unsigned long *flags)
	__releases(&a->lock) __releases(&b->lock)
{
	if (a > b)
		swap(a, b);
	if (b != a)
		raw_spin_unlock(&b->lock);
	else
		__release(&b->lock);
	raw_spin_unlock_irqrestore(&a->lock, *flags);
}

/*
 * Queue @work on @worker, a cpu's worker of a per-cpu worker: bind it there
 * if it has no worker yet, move it there from a sibling it is IDLE on, or
 * queue it on the sibling it is QUEUED or RUNNING on (see "Moving").  A
 * first queueing that finds @work bound to a sibling by another one sets
 * KNG_BOUND for it (as kng_set_bound() lets either do), then goes on as for
 * a bound work.  Refuses as kthread_ng_queue_work() does.
 */
bool kng_queue_percpu(struct kthread_ng_worker *worker,
		      struct kthread_ng_work *work)
{
	struct kthread_ng_worker *old, *target;
	bool ret = false, warn = false;
	unsigned long flags;
	int v;

again:
	v = atomic_read_acquire(&work->disable);
	if (kng_depth(v))
		return false;
	if (unlikely(!(v & KNG_BOUND))) {
		old = NULL;
		if (!try_cmpxchg(&work->worker, &old, worker) &&
		    !kng_siblings(old, worker))
			return kng_second_worker(work);
		kng_race_point(KNG_RACE_BIND);
		if (!kng_set_bound(work, v))
			return false;
		goto again;
	}
	old = READ_ONCE(work->worker);
	if (unlikely(!kng_siblings(old, worker)))
		return kng_second_worker(work);
	for (;;) {
		kng_lock_pair(old, worker, &flags);
		if (likely(READ_ONCE(work->worker) == old))
			break;
		kng_unlock_pair(old, worker, &flags);
		old = READ_ONCE(work->worker);
	}
	/* Under @old's lock, the work's: QUEUED or RUNNING, it stays. */
	target = old;
	if (old != worker && list_empty(&work->node) &&
	    old->current_work != work)
		target = worker;
	if (list_empty(&work->node) && kng_may_queue(target, work, &warn)) {
		/* Both locks held: see "Moving". */
		if (target != old)
			WRITE_ONCE(work->worker, target);
		kng_insert_work(target, work);
		ret = true;
	}
	kng_unlock_pair(old, worker, &flags);
	if (unlikely(warn))
		kng_warn_draining(work->func);
	return ret;
}

/**
 * kthread_ng_delayed_work_timer_fn - queue a delayed work when its timer fires
 * @t: the timer of a struct kthread_ng_delayed_work
 *
 * The callback kthread_ng_init_delayed_work() installs.  A stale expiry (the
 * work was canceled, moved or armed again meanwhile) does nothing, and a
 * work whose worker is being destroyed is left to the destroy.  See "States
 * of a work".
 */
void kthread_ng_delayed_work_timer_fn(struct timer_list *t)
{
	struct kthread_ng_delayed_work *dwork =
		kng_timer_container_of(dwork, t, timer);
	struct kthread_ng_work *work = &dwork->work;
	struct kthread_ng_worker *worker = READ_ONCE(work->worker);
	unsigned long flags;

	/* A pending work was initialized again: a bug of the caller. */
	if (WARN_ONCE(!worker, "kthread_ng: delayed work without a worker\n"))
		return;

	kng_race_point(KNG_RACE_TIMER_FN);
	raw_spin_lock_irqsave(&worker->lock, flags);
	kng_fire(worker, dwork, false);
	raw_spin_unlock_irqrestore(&worker->lock, flags);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_delayed_work_timer_fn, KTHREAD_NG_NS);

/* IDLE -> ARMED, or QUEUED at once for a delay of 0. */
static void kng_queue_delayed(struct kthread_ng_worker *worker,
			      struct kthread_ng_delayed_work *dwork,
			      unsigned long delay)
{
	struct kthread_ng_work *work = &dwork->work;
	struct timer_list *timer = &dwork->timer;

	lockdep_assert_held(&worker->lock);

	/* Delay 0 queues at once, without a timer round trip. */
	if (!delay) {
		kng_insert_work(worker, work);
		return;
	}
	/* Traced when the timer moves it to the work list. */
	kng_new_instance(work);
	kng_debug_activate(work);
	list_add(&work->node, &worker->delayed_work_list);
	work->delayed = true;
	worker->nr_queued++;
	timer->expires = jiffies + delay;
	add_timer(timer);
}

/*
 * Was @dwork set up by kthread_ng_init_delayed_work()?  Without the lock: a
 * queueing on another cpu may be arming the timer, which rewrites the cpu
 * bits of @flags; TIMER_IRQSAFE, set at init, does not change.
 */
static bool kng_timer_ok(struct kthread_ng_delayed_work *dwork)
{
	/* data_race(): only the cpu bits change under us, see above. */
	bool irqsafe = data_race(dwork->timer.flags) & TIMER_IRQSAFE;

	return !WARN_ONCE(dwork->timer.function != kthread_ng_delayed_work_timer_fn ||
			  !irqsafe,
			  "kthread_ng: delayed work not initialized\n");
}

/**
 * kthread_ng_queue_delayed_work - queue a work after a delay
 * @worker: the worker
 * @dwork: the delayed work
 * @delay: jiffies to wait; 0 queues at once
 *
 * Safe from any context, hard IRQ included.
 *
 * Return: true if @dwork was queued (or its timer armed); false if it was
 * pending already, is being canceled or is disabled, or on misuse.
 */
bool kthread_ng_queue_delayed_work(struct kthread_ng_worker *worker,
				   struct kthread_ng_delayed_work *dwork,
				   unsigned long delay)
{
	bool ret = false, warn = false;
	unsigned long flags;

	if (WARN_ONCE(!worker || !dwork, "%s: NULL\n", __func__) ||
	    !kng_timer_ok(dwork) || !kng_bind(worker, &dwork->work))
		return false;
	raw_spin_lock_irqsave(&worker->lock, flags);
	if (list_empty(&dwork->work.node) &&
	    kng_may_queue(worker, &dwork->work, &warn)) {
		kng_queue_delayed(worker, dwork, delay);
		ret = true;
	}
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	if (unlikely(warn))
		kng_warn_draining(dwork->work.func);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_queue_delayed_work, KTHREAD_NG_NS);

/*
 * A caller that drops worker->lock to wait and takes it again counts itself
 * in @nr_waiters meanwhile: a destroy that begins during the wait frees the
 * worker only once it finds none under the lock (kng_wait_waiters()).  The
 * last waiter to leave a destroying worker wakes the destroy, which named
 * itself in @destroyer, still under the lock: the destroyer cannot look
 * again, and free, before that lock is dropped, and it cannot return before
 * it has looked, so it is a task to wake.  wake_up_process() takes raw
 * locks only: a waiter may be in hard IRQ, or under a raw lock of its own.
 */
static void kng_waiter_enter(struct kthread_ng_worker *worker)
{
	lockdep_assert_held(&worker->lock);
	worker->nr_waiters++;
}

static void kng_waiter_leave(struct kthread_ng_worker *worker)
{
	lockdep_assert_held(&worker->lock);
	if (!--worker->nr_waiters && worker->destroyer)
		wake_up_process(worker->destroyer);
}

/* For the destroy: sleep until no waiter will take worker->lock any more. */
static void kng_wait_waiters(struct kthread_ng_worker *worker)
{
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		raw_spin_lock_irq(&worker->lock);
		if (!worker->nr_waiters) {
			worker->destroyer = NULL;
			raw_spin_unlock_irq(&worker->lock);
			break;
		}
		worker->destroyer = current;
		raw_spin_unlock_irq(&worker->lock);
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

/*
 * Wait, with worker->lock dropped, for the callback of @dwork's timer, which
 * has started and not yet taken the lock (a test may hold us at @point
 * first).  @canceling keeps the work as it is meanwhile: no queueing makes
 * it pending, and the callback leaves it as it finds it.
 */
static void kng_wait_callback(struct kthread_ng_worker *worker,
			      struct kthread_ng_delayed_work *dwork,
			      unsigned long *flags, enum kng_race_point point)
	__must_hold(&worker->lock)
{
	dwork->work.canceling++;
	kng_waiter_enter(worker);
	raw_spin_unlock_irqrestore(&worker->lock, *flags);
	kng_race_point(point);
	timer_delete_sync(&dwork->timer);
	raw_spin_lock_irqsave(&worker->lock, *flags);
	dwork->work.canceling--;
	kng_waiter_leave(worker);
}

/*
 * As kng_wait_callback(), for a caller that goes on with the work ARMED:
 * the callback left it so (@canceling), and back under the lock this does
 * what the callback left undone, so that the expiry is not lost.
 */
static bool kng_wait_fire(struct kthread_ng_worker *worker,
			  struct kthread_ng_delayed_work *dwork,
			  unsigned long *flags, enum kng_race_point point)
	__must_hold(&worker->lock)
{
	kng_wait_callback(worker, dwork, flags, point);
	/* Our wait is over: other waiters of its kind do not hold the work. */
	return kng_fire(worker, dwork, true);
}

/**
 * kthread_ng_mod_delayed_work - modify the delay of a delayed work, or queue it
 * @worker: the worker
 * @dwork: the delayed work
 * @delay: jiffies to wait; 0 queues at once
 *
 * If @dwork is pending its timer is set to @delay from now; else it is queued
 * with @delay.  If a sync cancel of @dwork is in progress, that cancel wins:
 * @dwork stays canceled and this returns true, as kthread_mod_delayed_work()
 * does.  If the timer has fired and its callback has not queued the work
 * yet, this waits for the callback, as kthread_mod_delayed_work() does: once
 * it returns no callback touches @dwork.  Safe from any context, hard IRQ
 * included (the timer is IRQ-safe).
 *
 * Return: false if @dwork was idle and has been queued, true if it was
 * pending (or being canceled); false on misuse or if it is disabled (a
 * disable counts before a cancel in progress, as in mod_delayed_work()).
 */
bool kthread_ng_mod_delayed_work(struct kthread_ng_worker *worker,
				 struct kthread_ng_delayed_work *dwork,
				 unsigned long delay)
{
	struct kthread_ng_work *work;
	bool ret = false, waited = false, warn = false;
	unsigned long flags;
	u64 seq, fired = 0;

	if (WARN_ONCE(!worker || !dwork, "%s: NULL\n", __func__) ||
	    !kng_timer_ok(dwork) || !kng_bind(worker, &dwork->work))
		return false;
	work = &dwork->work;
	kng_race_point(KNG_RACE_MOD);
	raw_spin_lock_irqsave(&worker->lock, flags);
again:
	/* Disabled first, as in mod_delayed_work(); then a cancel wins. */
	if (kng_depth(atomic_read(&work->disable)))
		goto out;
	if (work->canceling) {
		ret = true;
		goto out;
	}
	if (!kng_may_queue(worker, work, &warn))
		goto out;
	/*
	 * ARMED, its timer no longer pending: its callback runs (unless a
	 * destroy left the work so).  Wait for it once, then look again.  If
	 * this wait fired the work, the lock has been held since: nothing has
	 * queued behind it, and it is still the instance it was.
	 */
	if (!timer_delete(&dwork->timer) && work->delayed && !waited) {
		fired = work->seq;
		if (!kng_wait_fire(worker, dwork, &flags, KNG_RACE_MOD_WAIT))
			fired = 0;
		waited = true;
		goto again;
	}
	/*
	 * Any state -> ARMED or QUEUED, in this one critical section.  An
	 * ARMED instance, or one this mod fired, is only timed anew: the same
	 * instance.  Another QUEUED one is taken off (its tickets' flushes say
	 * it did not run) for a new one.
	 */
	seq = work->delayed ? work->seq : fired;
	ret = kng_dequeue(worker, work);
	kng_queue_delayed(worker, dwork, delay);
	/* Moved: neither canceled nor queued once more. */
	if (ret) {
		worker->nr_canceled--;
		worker->nr_queued--;
		if (seq)
			work->seq = seq;
	}
out:
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	if (unlikely(warn))
		kng_warn_draining(work->func);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_mod_delayed_work, KTHREAD_NG_NS);

/* ------------------------------------------------------------------ */
/* Flushing                                                            */
/* ------------------------------------------------------------------ */

/*
 * Tell lockdep that we wait for a work to finish (see workqueue.c), through
 * @map, a copy of the work's taken under the worker's lock: once the lock
 * is dropped the work may run and be freed by its function.
 */
#define kng_lockdep_wait_work(map)					\
	do {								\
		lock_map_acquire(map);					\
		lock_map_release(map);					\
	} while (0)

/* ... and that we wait for @worker's thread to get through its works. */
static void kng_lockdep_wait_worker(struct kthread_ng_worker *worker)
{
	lock_map_acquire(&worker->lockdep_map);
	lock_map_release(&worker->lockdep_map);
}

/*
 * May the caller sleep?  If not (hard or soft IRQ, interrupts off, a lock
 * or preemption held), warn, naming @caller, and return false: the callers
 * then do what needs no sleep and return.  preempt_count() tells only with
 * CONFIG_PREEMPT_COUNT; without it might_sleep() has nothing to check
 * either.
 */
static noinline bool kng_may_not_wait(const char *caller)
{
	WARN(1, "kthread_ng: %s called where it may not sleep\n", caller);
	return false;
}

/* Inline: every flush and every sync cancel asks. */
static __always_inline bool kng_may_wait(const char *caller)
{
	if (unlikely(!in_task() || irqs_disabled() ||
		     (IS_ENABLED(CONFIG_PREEMPT_COUNT) && preempt_count()) ||
		     rcu_preempt_depth()))
		return kng_may_not_wait(caller);
	might_sleep();
	return true;
}

/*
 * Queue @fwork to run right after the last instance of @work: the queued
 * one, else the running one; with a @ticket, right after that instance if
 * it is the queued or the running one.  Returns false if there is none.
 */
static bool kng_insert_flush(struct kthread_ng_worker *worker,
			     struct kthread_ng_work *work,
			     struct kng_flush_work *fwork, u64 ticket)
{
	bool queued = !list_empty(&work->node) && !work->delayed;
	bool running = worker->current_work == work;

	kng_assert_owner(worker, work);

	/*
	 * A ticket's: the queued instance if it is that one; the running one
	 * if it is that one or a later one (the ticket's was then canceled,
	 * and the answer waits for the work to run from start to end), unless
	 * it has returned (a freezing worker's), whose stores that pairs with.
	 */
	if (ticket) {
		queued = queued && work->seq == ticket;
		running = running && kng_ticket_ran(work, ticket);
		/* Pairs with the worker's release: the work's stores are seen. */
		if (running && smp_load_acquire(&worker->current_returned))
			running = false;
	}
	if (queued)
		kng_insert_flush_work(worker, fwork, work->node.next);
	else if (running)
		kng_insert_flush_work(worker, fwork, worker->work_list.next);
	else
		return false;
	/* Only a queued instance can be taken off before it ran. */
	fwork->target = ticket && queued ? work : NULL;
	fwork->ran = true;
	return true;
}

/*
 * Sleep until @fwork has run.  With @fwork->boost, current counted itself
 * in @nr_waiters under the lock and lends the worker its priority until the
 * worker, in @fwork, ends the loan (KTW_NG_PRIO_INHERIT, worker_sched.c),
 * and leaves here.
 */
static void kng_wait_flush_work(struct kthread_ng_worker *worker,
				struct kng_flush_work *fwork)
{
	unsigned long flags;

	if (!fwork->boost) {
		wait_for_completion(&fwork->done);
		return;
	}
	kng_boost_begin(worker, &fwork->lender);
	kng_race_point(KNG_RACE_BOOSTED);
	wait_for_completion(&fwork->done);
	raw_spin_lock_irqsave(&worker->lock, flags);
	kng_waiter_leave(worker);
	raw_spin_unlock_irqrestore(&worker->lock, flags);
}

/*
 * Flush @work.  KNG_FLUSH_FIRE: first make an ARMED delayed work QUEUED.
 * KNG_FLUSH_CANCEL: called by a sync cancel, which has lockdep look at the
 * work only (workqueue's from_cancel).  Returns whether it waited; with a
 * @ticket, the flush of that instance only, whether the instance ran.
 */
enum {
	KNG_FLUSH_FIRE		= 1 << 0,
	KNG_FLUSH_CANCEL	= 1 << 1,
};

static bool kng_flush_work(struct kthread_ng_work *work, unsigned int fflags,
			   u64 ticket)
{
	struct kthread_ng_delayed_work *dwork =
		container_of(work, struct kthread_ng_delayed_work, work);
	struct kthread_ng_worker *worker = READ_ONCE(work->worker);
	/* Set up by kng_insert_flush_work(), and used only then. */
	struct kng_flush_work fwork __uninitialized;
#ifdef CONFIG_LOCKDEP
	/* Copied under the lock: once it is dropped, @work may be freed. */
	struct lockdep_map map;
#endif
	bool wait = false, ran;
	unsigned long flags;

	if (!worker)
		return false;
	/*
	 * It would wait for itself: report each time, like every self-wait.
	 * A per-cpu worker's work is looked at under the lock instead: it
	 * may move, and flushing an idle one from its last worker waits for
	 * nothing.
	 */
	if (!(worker->flags & KNG_WORKER_PERCPU_CPU) &&
	    WARN(kng_on_worker(worker),
		 "kthread_ng: work %ps flushed from its own worker\n",
		 work->func))
		return false;

	kng_race_point(KNG_RACE_FLUSH);
	raw_spin_lock_irqsave(&worker->lock, flags);
	/* A per-cpu worker's work may have moved to a sibling meanwhile. */
	worker = kng_follow(work, worker, &flags);
	if (unlikely(worker->flags & KNG_WORKER_PERCPU_CPU) &&
	    kng_on_worker(worker) &&
	    (!list_empty(&work->node) || worker->current_work == work)) {
		raw_spin_unlock_irqrestore(&worker->lock, flags);
		WARN(1, "kthread_ng: work %ps flushed from its own worker\n",
		     work->func);
		return false;
	}
	/*
	 * ARMED -> QUEUED.  If its timer has fired, wait for the callback in
	 * flight, which then leaves the work to us, as for mod.  The work of
	 * a worker being destroyed is left ARMED to the destroy, as the
	 * callback leaves it.
	 */
	if ((fflags & KNG_FLUSH_FIRE) && work->delayed &&
	    (!ticket || work->seq == ticket)) {
		if (timer_delete(&dwork->timer))
			kng_fire(worker, dwork, false);
		else
			kng_wait_fire(worker, dwork, &flags,
				      KNG_RACE_FLUSH_FIRE_WAIT);
	}
	/* In the same critical section: the work cannot finish meanwhile. */
	wait = kng_insert_flush(worker, work, &fwork, ticket);
#ifdef CONFIG_LOCKDEP
	if (wait)
		lockdep_copy_map(&map, &work->lockdep_map);
#endif
	/* Nothing to wait for: it ran, or a later one did, or neither. */
	ran = ticket && kng_ticket_ran(work, ticket);
	/* A waiter that lends its priority outlives its wait in the worker. */
	fwork.lender.prio = wait ? kng_boost_prio(worker) : 0;
	if (fwork.lender.prio) {
		fwork.boost = true;
		kng_waiter_enter(worker);
	}
	/*
	 * Once the lock is dropped, @fwork may run and a destroy free the
	 * worker: it waits for an RCU grace period first, so its lockdep
	 * map is read inside a read-side critical section begun here.
	 */
	rcu_read_lock();
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	if (wait) {
		kng_lockdep_wait_work(&map);
		if (!(fflags & KNG_FLUSH_CANCEL))
			kng_lockdep_wait_worker(worker);
	}
	rcu_read_unlock();
	if (!wait)
		return ran;
	kng_race_point(KNG_RACE_FLUSH_WAIT);
	kng_wait_flush_work(worker, &fwork);
	return ticket ? fwork.ran : true;
}

/**
 * kthread_ng_flush_work - wait for a work to finish
 * @work: the work
 *
 * Waits for the last queued instance of @work and for the running one.  A
 * delayed work whose timer has not fired yet is not waited for: use
 * kthread_ng_flush_delayed_work().
 *
 * Context: process context; sleeps.  Not from @work's own worker.
 * Where it may not sleep it warns and returns without waiting.
 */
void kthread_ng_flush_work(struct kthread_ng_work *work)
{
	if (WARN_ONCE(!work, "%s: NULL\n", __func__) || !kng_may_wait(__func__))
		return;
	kng_flush_work(work, 0, 0);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_flush_work, KTHREAD_NG_NS);

/**
 * kthread_ng_flush_delayed_work - fire a delayed work now and wait for it
 * @dwork: the delayed work
 *
 * If the timer of @dwork is armed, the work is queued at once; then it is
 * flushed as by kthread_ng_flush_work().  Once its worker is being
 * destroyed an armed work is left to the destroy, which cancels it: this
 * deletes its timer and returns false.
 *
 * Context: process context; sleeps.  Not from @dwork's own worker.
 * Where it may not sleep it warns and returns without waiting.
 * Return: true if it had to wait for the work, false if it was idle.
 */
bool kthread_ng_flush_delayed_work(struct kthread_ng_delayed_work *dwork)
{
	if (WARN_ONCE(!dwork, "%s: NULL\n", __func__) || !kng_timer_ok(dwork) ||
	    !kng_may_wait(__func__))
		return false;
	return kng_flush_work(&dwork->work, KNG_FLUSH_FIRE, 0);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_flush_delayed_work, KTHREAD_NG_NS);

/**
 * kthread_ng_flush_ticket - wait for one instance of a work
 * @work: the work
 * @ticket: the instance, from kthread_ng_queue_work_ticket()
 *
 * Waits until that instance has run, and for no later one queued: where
 * kthread_ng_flush_work() waits for the last queueing, an instance queued
 * after this one (by the work itself, or by anyone) does not hold it up.
 * If the instance was canceled while a later one runs, it waits for the
 * running one, so that true always means a whole run since the ticket.
 * The instance of a delayed work whose timer is armed is queued at once,
 * as kthread_ng_flush_delayed_work() does; a mod of a delayed work times
 * an armed instance anew, but takes a queued one off for a new one.  The
 * work itself is not read once the wait begins: its function may free it.
 * A ticket is good for the work as initialized.
 *
 * Context: process context; sleeps.  Not from @work's own worker.
 * Where it may not sleep it warns and returns false without waiting.
 * Return: true if the instance ran, or a later one did (the work then ran
 * from start to end after the ticket's queueing), just now or before the
 * call; false if it was canceled or taken off by a mod and no later one
 * has run, for a ticket of 0, or on misuse.
 */
bool kthread_ng_flush_ticket(struct kthread_ng_work *work, u64 ticket)
{
	if (WARN_ONCE(!work, "%s: NULL\n", __func__) || !ticket ||
	    !kng_may_wait(__func__))
		return false;
	return kng_flush_work(work, KNG_FLUSH_FIRE, ticket);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_flush_ticket, KTHREAD_NG_NS);

/*
 * Queue a flush work at the end of @worker's list and wait for it.  Returns
 * false, with a warning, when called from @worker itself.
 */
static bool kng_flush_worker(struct kthread_ng_worker *worker,
			     const char *caller)
{
	struct kng_flush_work fwork __uninitialized;

	/* Only the worker's thread can find itself here: no lock needed. */
	if (WARN(kng_on_worker(worker),
		 "kthread_ng: %s from the worker itself\n", caller))
		return false;
	raw_spin_lock_irq(&worker->lock);
	kng_insert_flush_work(worker, &fwork, &worker->work_list);
	fwork.lender.prio = kng_boost_prio(worker);
	if (fwork.lender.prio) {
		fwork.boost = true;
		kng_waiter_enter(worker);
	}
	raw_spin_unlock_irq(&worker->lock);
	kng_lockdep_wait_worker(worker);
	kng_wait_flush_work(worker, &fwork);
	return true;
}

/**
 * kthread_ng_flush_worker - wait for every work queued so far to finish
 * @worker: the worker
 *
 * Works queued after this is called, and delayed works whose timer has not
 * fired, are not waited for.
 *
 * Context: process context; sleeps.  Not from @worker's own thread.
 * Where it may not sleep it warns and returns without waiting.
 */
void kthread_ng_flush_worker(struct kthread_ng_worker *worker)
{
	if (WARN_ONCE(!worker, "%s: NULL\n", __func__) ||
	    !kng_may_wait(__func__))
		return;
	kng_flush_worker(worker, __func__);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_flush_worker, KTHREAD_NG_NS);

/* Nothing queued on @worker, and nothing but a flush work running. */
static bool kng_drained(struct kthread_ng_worker *worker)
{
	bool empty;

	raw_spin_lock_irq(&worker->lock);
	/*
	 * @current_func, not the work: a flush work's flusher may have
	 * returned, and its stack be reused, before the worker clears
	 * @current_work.
	 */
	empty = list_empty(&worker->work_list) &&
		(!worker->current_work ||
		 worker->current_func == kng_flush_work_fn);
	raw_spin_unlock_irq(&worker->lock);
	return empty;
}

/*
 * From now on only @worker's own works may queue on it; for a destroy, no
 * timer may either.
 */
void kng_drain_begin(struct kthread_ng_worker *worker, bool destroy)
{
	raw_spin_lock_irq(&worker->lock);
	if (!worker->drain_depth++)
		worker->drain_warned = false;
	if (destroy)
		worker->destroying = true;
	raw_spin_unlock_irq(&worker->lock);
}

static void kng_drain_end(struct kthread_ng_worker *worker)
{
	raw_spin_lock_irq(&worker->lock);
	worker->drain_depth--;
	raw_spin_unlock_irq(&worker->lock);
}

/*
 * Flush @worker again and again until nothing is left on it: everything
 * queued before each flush work has run, but a work that ran after it may
 * be running still, and queue itself again.
 */
void kng_drain(struct kthread_ng_worker *worker, const char *caller)
{
	unsigned int rounds = 0;

	while (kng_flush_worker(worker, caller)) {
		kng_race_point(KNG_RACE_DRAIN);
		if (kng_drained(worker))
			break;
		if (++rounds == KNG_DRAIN_WARN_ROUNDS)
			pr_warn("drain of %s not done after %u rounds\n",
				worker->task ? worker->task->comm : "?", rounds);
	}
}

/**
 * kthread_ng_drain_worker - flush a worker until nothing is left on it
 * @worker: the worker
 *
 * Flushes again and again while works queue more works on the same worker.
 * Meanwhile only @worker's own works may queue on it: queueing from anywhere
 * else (an interrupt on the worker's own thread included) warns and fails,
 * as with drain_workqueue().  Says so in the log if it had to go round
 * KNG_DRAIN_WARN_ROUNDS times.  Delayed works whose timer has not fired are
 * left alone.
 *
 * Context: process context; sleeps.  Not from @worker's own thread.
 * Where it may not sleep it warns and returns without waiting.
 */
void kthread_ng_drain_worker(struct kthread_ng_worker *worker)
{
	if (WARN_ONCE(!worker, "%s: NULL\n", __func__) ||
	    !kng_may_wait(__func__))
		return;
	/* Before the drain begins: outsiders are not refused meanwhile. */
	if (WARN(kng_on_worker(worker), "kthread_ng: %s from the worker itself\n",
		 __func__))
		return;
	kng_drain_begin(worker, false);
	kng_drain(worker, __func__);
	kng_drain_end(worker);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_drain_worker, KTHREAD_NG_NS);

/* ------------------------------------------------------------------ */
/* Canceling, disabling                                                */
/* ------------------------------------------------------------------ */

/* Raise @work's depth; it has a worker, whose lock we hold. */
static void kng_raise(struct kthread_ng_work *work)
{
	if (!WARN_ON_ONCE(kng_depth(atomic_read(&work->disable)) ==
			  KNG_DEPTH_MASK))
		atomic_inc(&work->disable);
}

/*
 * Raise the depth of @work if it has no worker yet, in the atomic step that
 * finds KNG_BOUND clear: a first queueing that sets KNG_BOUND later sees the
 * depth and refuses.  False if @work has a worker: its depth is raised
 * under worker->lock.  See "Binding".
 */
static bool kng_raise_unbound(struct kthread_ng_work *work)
{
	int v;

	kng_race_point(KNG_RACE_DISABLE);
	v = atomic_read(&work->disable);
	do {
		if (v & KNG_BOUND) {
			/* Pairs with the fully ordered KNG_BOUND store. */
			smp_rmb();
			return false;
		}
		kng_race_point(KNG_RACE_DISABLE_UNBOUND);
		if (WARN_ON_ONCE(kng_depth(v) == KNG_DEPTH_MASK))
			return true;
	} while (!atomic_try_cmpxchg(&work->disable, &v, v + 1));
	return true;
}

/*
 * The one engine under cancel and disable: ARMED or QUEUED -> IDLE, then the
 * waits of "Waiting": for a timer callback in flight, always; for a running
 * instance and a stale callback, with KNG_CANCEL_SYNC.  Returns whether the
 * work was pending.
 */
bool kng_cancel(struct kthread_ng_work *work, unsigned int cflags,
		const char *caller)
{
	struct kthread_ng_delayed_work *dwork =
		container_of(work, struct kthread_ng_delayed_work, work);
	bool raise = cflags & KNG_CANCEL_DISABLE;
	struct kthread_ng_worker *worker;
	unsigned long flags;
	bool ret, running, delayed, fired = false;

	/* Where nothing may sleep, what needs no sleep: cancel, do not wait. */
	if ((cflags & KNG_CANCEL_SYNC) && !kng_may_wait(caller))
		cflags &= ~KNG_CANCEL_SYNC;

	/* A disable of a work without KNG_BOUND is one atomic step. */
	if (raise && kng_raise_unbound(work))
		return false;
	/* For a disable, ordered after the KNG_BOUND it saw: never NULL. */
	worker = READ_ONCE(work->worker);
	if (!worker) {
		WARN_ON_ONCE(raise);
		return false;
	}

	kng_race_point(KNG_RACE_CANCEL_LOCK);
	raw_spin_lock_irqsave(&worker->lock, flags);
	/* Moved to a sibling meanwhile: its state is under the sibling's lock. */
	worker = kng_follow(work, worker, &flags);
	/*
	 * The depth goes up in the critical section that takes the work off,
	 * as workqueue's disable owns the work before anyone sees its count.
	 */
	if (raise)
		kng_raise(work);
	/*
	 * A callback already past its timer finds the work IDLE.  The work of
	 * a delayed work may have a callback in flight, ARMED or stale, even
	 * when canceled through its plain work: a sync cancel waits for it.
	 */
	delayed = (cflags & KNG_CANCEL_DELAYED) || work->is_dwork;
	/* ARMED with its timer no longer pending: its callback is in flight. */
	if (delayed)
		fired = !timer_delete(&dwork->timer) && work->delayed;
	ret = kng_dequeue(worker, work);
	if (!(cflags & KNG_CANCEL_SYNC)) {
		/*
		 * Even without _sync, no cancel returns with its work's
		 * callback in flight, as workqueue's cancel does not: the
		 * caller may queue, run and free the work at once.  The
		 * timer is IRQ-safe: waiting for its callback is a short
		 * spin, legal in any context.
		 */
		if (fired)
			kng_wait_callback(worker, dwork, &flags,
					  KNG_RACE_CANCEL_WAIT);
		goto out;
	}

	running = worker->current_work == work;
	/* Warned about once the lock is dropped. */
	if (running && kng_on_worker(worker)) {
		raw_spin_unlock_irqrestore(&worker->lock, flags);
		WARN(1, "kthread_ng: work %ps cancels itself synchronously\n",
		     work->func);
		return ret;
	}
	if (!running && !delayed)
		goto out;

	/* Wait with the lock dropped; nobody may make it pending meanwhile. */
	work->canceling++;
	kng_waiter_enter(worker);
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	kng_race_point(KNG_RACE_CANCEL_WAIT);
	if (delayed)
		timer_delete_sync(&dwork->timer);
	if (running)
		kng_flush_work(work, KNG_FLUSH_CANCEL, 0);
	raw_spin_lock_irqsave(&worker->lock, flags);
	work->canceling--;
	kng_waiter_leave(worker);
out:
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	return ret;
}

/**
 * kthread_ng_enable_work - undo one kthread_ng_disable_work()
 * @work: the work
 *
 * Any context.
 *
 * Return: true if the disable count is now zero and @work may be queued;
 * false (with a warning) if it was not disabled.
 */
bool kthread_ng_enable_work(struct kthread_ng_work *work)
{
	int v;

	if (WARN_ONCE(!work, "%s: NULL\n", __func__))
		return false;
	v = atomic_read(&work->disable);
	do {
		if (WARN_ONCE(!kng_depth(v),
			      "kthread_ng: work %ps enabled more than disabled\n",
			      work->func))
			return false;
	} while (!atomic_try_cmpxchg(&work->disable, &v, v - 1));
	return kng_depth(v) == 1;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_enable_work, KTHREAD_NG_NS);

/**
 * kthread_ng_enable_delayed_work - undo one kthread_ng_disable_delayed_work()
 * @dwork: the delayed work
 *
 * Return: as kthread_ng_enable_work().
 */
bool kthread_ng_enable_delayed_work(struct kthread_ng_delayed_work *dwork)
{
	if (WARN_ONCE(!dwork, "%s: NULL\n", __func__))
		return false;
	return kthread_ng_enable_work(&dwork->work);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_enable_delayed_work, KTHREAD_NG_NS);

/* ------------------------------------------------------------------ */
/* Destruction                                                         */
/* ------------------------------------------------------------------ */

/*
 * Every ARMED work of @worker -> IDLE; callbacks past their timers find them
 * IDLE.  Returns how many there were.
 */
static unsigned int kng_disarm_all(struct kthread_ng_worker *worker)
{
	struct kthread_ng_work *work, *tmp;
	unsigned int n = 0;

	raw_spin_lock_irq(&worker->lock);
	list_for_each_entry_safe(work, tmp, &worker->delayed_work_list, node) {
		timer_delete(&container_of(work, struct kthread_ng_delayed_work,
					   work)->timer);
		kng_dequeue(worker, work);
		n++;
	}
	raw_spin_unlock_irq(&worker->lock);
	return n;
}

/**
 * kthread_ng_destroy_worker - cancel delayed works, flush, stop and free
 * @worker: a worker made by kthread_ng_create_worker() and friends
 *
 * Delayed works whose timer is armed are canceled (they never run); works
 * already queued run, and so do those they queue meanwhile, as with
 * kthread_ng_drain_worker(), but a delayed work one of them arms is not
 * queued by its timer: it is canceled too.  Then the thread is stopped,
 * timer callbacks still in flight are waited for, and @worker is freed.
 * Queueing on @worker from anywhere else once this has begun warns and
 * fails, as with destroy_workqueue().  Cancels, disables and mods of its
 * works that are waiting, with the worker's lock dropped, for a timer
 * callback or a running work are waited for.  After it returns, @worker is
 * gone: as with kthread_destroy_worker(), the caller makes sure that no
 * call on @worker or on one of its works begins meanwhile or afterwards.
 * Called from one of @worker's own works it warns and does nothing.
 *
 * Context: process context; sleeps.
 * Where it may not sleep it warns and does nothing.
 */
void kthread_ng_destroy_worker(struct kthread_ng_worker *worker)
{
	struct task_struct *task;

	if (WARN_ONCE(!worker || !worker->task,
		      "%s: no worker or no thread\n", __func__) ||
	    !kng_may_wait(__func__))
		return;
	task = worker->task;
	if (WARN(task == current, "kthread_ng: %s from the worker itself\n",
		 __func__))
		return;

	/*
	 * As destroy_workqueue(): drained, refusing works from outside and
	 * from timers.  A work of the drain may still arm a delayed work: it
	 * stays ARMED, and is canceled with the others after the drain, when
	 * nothing can queue any more.
	 */
	kng_drain_begin(worker, true);
	kng_disarm_all(worker);
	kng_drain(worker, __func__);
	kng_race_point(KNG_RACE_DESTROY);
	kng_disarm_all(worker);
	kthread_ng_stop(task);
	/* Queued by an outsider's flush of the worker meanwhile: a bug. */
	WARN_ON(kng_disarm_all(worker) || !list_empty(&worker->work_list));
	/* Cancels, disables and mods that wait with the lock dropped. */
	kng_race_point(KNG_RACE_DESTROY_WAITERS);
	kng_wait_waiters(worker);
	/* Callbacks in flight run with interrupts off: see "Waiting". */
	synchronize_rcu();
	kng_free_worker(worker);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_destroy_worker, KTHREAD_NG_NS);
