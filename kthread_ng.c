// SPDX-License-Identifier: GPL-2.0-only
/*
 * kthread_ng: kthreadd_ng, its creation list and the thread lifecycle.
 *
 * A module can make a kernel thread in exactly one way,
 * kthread_create_on_node().  So every kthread_ng thread is a kernel thread
 * made by the daemon kthreadd_ng (or one of its spawners, which take
 * requests off the same creation list while it waits for a creation),
 * running kng_entry() with its struct kthread_ng as data.  From a task we
 * find our state again through the kernel's kthread_func()/kthread_data():
 * the task is ours exactly when its thread function is kng_entry.
 *
 * Lifetimes
 * ---------
 * The kernel frees its struct kthread in free_task(), so kthread_stop() works
 * on an exited thread for as long as the caller holds a task reference.  A
 * module cannot hook free_task(), so struct kthread_ng holds a task reference
 * of its own and is freed by the reaper in kthreadd_ng once the thread has
 * exited and that reference is the last one: nobody can legitimately name the
 * task any more.  Until then kthread_ng_stop() on the exited thread returns
 * its result, as the kernel's does.
 *
 * Each thread also holds a reference on this module from its creation until
 * its exit is accounted, so the module cannot go while one of its threads
 * exists.  kthreadd_ng (or a spawner) takes it with try_module_get()
 * before it makes the task: once rmmod has found the count at zero (a
 * killed creator's request may still be in flight then), the creation
 * fails instead.
 *
 * Exits
 * -----
 * A thread may leave in more ways than returning from threadfn or calling
 * kthread_ng_exit(): through the kernel's own exits (module_put_and_kthread_
 * exit(), kthread_complete_and_exit(), do_exit()) or an oops in its code
 * (not one in do_exit() itself, which runs no task_work).  All of them go
 * through do_exit(), and do_exit() runs the task's task_work.  So the one
 * place where an exit is accounted is kng_exit_work(), queued on the thread
 * before threadfn runs: it marks the state exiting (KNG_EXITED), moves it
 * to the zombie list, drops the thread's module reference, sets
 * KNG_EXIT_DONE and, last, answers a park that waits.  The return from it
 * is the last of kthread_ng's text the task runs, and it is past that once
 * its exit_state is set: module exit waits for that (kng_wait_exit_state())
 * for every state it frees.
 *
 * Waits
 * -----
 * The state has no wait queue or completion of its own.  Whoever waits for
 * something a thread's state says (a creator for KNG_CREATED, a stopper for
 * KNG_EXIT_DONE or KNG_STOP_DONE) sleeps with wait_var_event() on @flags,
 * in the kernel's hashed wait queues; whoever sets one of those bits sets
 * it once, with kng_set_and_wake(), and a waiter that sees it set
 * (kng_seen()) sees what was written before it.  wake_up_var() only hashes
 * the address it is given: a waker may wake after the state is freed (a
 * creator that saw KNG_CREATED for a failed creation frees it at once).
 * A park's acknowledgment is the exception: the thread gives it with
 * interrupts off, where only a raw lock may be taken (the hashed queues'
 * locks sleep under PREEMPT_RT), so it completes the parker's own
 * completion, on the parker's stack (@park_done), as the kernel's
 * kthread_parkme() completes one with preemption off.
 *
 * Parking
 * -------
 * kthread_ng_park() claims the park (sets KNG_SHOULD_PARK, clears
 * KNG_PARKED), publishes its completion in @park_done, wakes the thread and
 * waits.  The thread, in kng_parkme(), sets KNG_PARKED and completes the
 * published completion on every pass, as the kernel's thread completes its
 * one on every pass, and schedules out in TASK_PARKED with interrupts off
 * from there on, so that nothing preempts it on the way: the parker then
 * only waits for it to leave its cpu.  A thread that exits instead of
 * parking completes it in its exit accounting.  The parker publishes after
 * its claim, so the thread may look first: each side sets its own
 * (@park_done; KNG_PARKED or KNG_EXIT_DONE) before it looks at the other's,
 * with a full barrier.  The thread takes the completion with xchg(); the
 * parker that finds the park answered takes back its own with cmpxchg(),
 * or, if it is gone, waits for whoever took it.  A park whose thread was
 * unparked before it answered waits on (the kernel's waits too); the next
 * park's parker publishes over it and completes it once answered itself,
 * so that it returns with that answer, not later.  The thread sleeps on
 * the hashed wait queue of its KNG_SHOULD_PARK bit, whence kng_unpark()
 * wakes it with TASK_PARKED, which wake_up_process() does not wake.
 *
 * Why kthread_ng parks its threads itself, though kthread_park(),
 * kthread_unpark(), kthread_parkme() and kthread_should_park() are exported
 * and would work on them (they are kernel kthreads): the kernel's park of a
 * thread that exits instead of parking waits for ever, where kthread_ng's
 * exit accounting ends the park and the park returns -ENOSYS; the
 * kernel's unpark binds a per-cpu thread to its cpu again only if it
 * carries the kernel's per-cpu mark, which kthread_set_per_cpu(), not
 * exported, sets; and a park and a self-park racing past the "parked
 * already" test both return 0 in the kernel, one -EBUSY here.  What the
 * copy must keep of the kernel's behaviour is proven by the forced
 * interleavings of the race suite (park against exit and against a
 * foreign exit, a self-park against a park, an unpark during a park, park
 * and parkme on one cpu under SCHED_FIFO) and by the park scenarios of the
 * differential suite, run against the kernel's own functions.
 */
#define pr_fmt(fmt) "kthread_ng: " fmt

#include <linux/cgroup.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/freezer.h>
#include <linux/kthread.h>
#include <linux/mmu_context.h>
#include <linux/module.h>
#include <linux/sched/isolation.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/task_work.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "kng_compat.h"
#include "kng_internal.h"

#define CREATE_TRACE_POINTS
#include "kng_trace.h"

/* Here they are functions, not the header's call-site wrappers. */
#undef kthread_ng_exit
#undef kthread_ng_complete_and_exit
#undef __module_put_and_kthread_ng_exit

/**
 * struct kthread_ng - the state kthread_ng keeps for each of its threads
 * @flags: KNG_* bits; the word every wait on the thread's state sleeps on
 *	   (see "Waits")
 * @cpu: the CPU of a per-cpu thread (KNG_IS_PER_CPU)
 * @result: until KNG_CREATED, the creation's error, if it failed; then
 *	    threadfn's return value or kthread_ng_exit()'s argument, written by
 *	    the thread before it exits, or, for a thread that left through
 *	    the kernel's own exit, by the first stopper before it sets
 *	    KNG_STOP_DONE; read by the stoppers that wait for that bit
 * @threadfn: the user's thread function
 * @data: its argument
 * @task: the thread, with a reference that the reaper drops; set by its
 *	  consumer before KNG_CREATED
 * @full_name: the whole name: @comm, or an allocation of its own if it is
 *	       longer than a task's comm
 * @blkcg_css: what kthread_ng_associate_blkcg() gave; the kernel's struct
 *	       kthread holds the css reference, this is the thread's own copy
 * @preferred: kthread_ng_affine_preferred()'s mask, or NULL; under
 *	       kng_all_lock once the thread is registered
 * @node: NUMA node to create the thread on
 * @park_done: the newest waiting outside parker's completion, on its
 *	       stack, published by kthread_ng_park() after its claim of the
 *	       park; whoever takes it off completes it (the thread's
 *	       acknowledgment, kng_exit_work(), the next parker) or needs it
 *	       no more (its parker, which found the park answered already)
 * @all_node: entry on kng_create_list (under kng_create_lock) from the
 *	      request until a consumer takes it off, then on kng_live_list and
 *	      kng_zombie_list (under kng_all_lock)
 * @exit_work: kng_exit_work(), queued on the thread's task_work before
 *	       threadfn runs, run by its do_exit()
 * @comm: the name, where it fits in a task's comm
 */
struct kthread_ng {
	unsigned long		flags;
	unsigned int		cpu;
	int			result;
	int			(*threadfn)(void *data);
	void			*data;
	struct task_struct	*task;
	char			*full_name;
	struct cgroup_subsys_state *blkcg_css;
	struct cpumask		*preferred;
	int			node;
	struct completion	*park_done;
	struct list_head	all_node;
	struct callback_head	exit_work;
	char			comm[TASK_COMM_LEN];
};

/* The daemon; written once at load, before any creator can run. */
static struct task_struct *kthreadd_ng_task;

/*
 * The creation list's other consumers, kthreadd_ng's spawners: a creation
 * waits for a fork and the new task's first run, so with one consumer two
 * creators would wait one for the other.  Consumers take one request off
 * at a time; kthreadd_ng alone reaps.  As many consumers as cpus at load,
 * KNG_CONSUMERS_MAX at most; written at load, before any creator can run,
 * and at unload, after every consumer stopped.
 */
#define KNG_CONSUMERS_MAX	4
static struct task_struct *kng_spawners[KNG_CONSUMERS_MAX - 1];
static unsigned int kng_nr_spawners;
/*
 * Which consumers are idle: bit 0 kthreadd_ng, bit i spawner i.  A
 * consumer sets its task state for its sleep, then its bit, then looks at
 * the list after a full barrier, and sleeps if it is empty; it clears its
 * bit when it runs again.  A creator puts its request on the list, then,
 * after a full barrier, takes the first bit it finds set
 * (test_and_clear_bit()) and wakes that consumer: the consumer sees the
 * request, or the creator sees the bit.  A creator that finds none leaves
 * the request to the busy consumers, each of which looks at the list again
 * before it sleeps.  A consumer's wake-up is for one creator.
 *
 * The state before the bit: a creator may take the bit, and another
 * consumer its request, before the consumer's look; the creator's wake-up
 * then ends the consumer's sleep (it finds it in that state, ordered by
 * the barriers of set_current_state() and of its test_and_clear_bit()), and
 * the consumer sets its bit again.  A consumer that set its bit first could
 * take that wake-up while still running, find the list empty, and sleep
 * with its bit taken: idle, and woken by no creator.
 */
static unsigned long kng_idle_consumers;

/* Protects kng_create_list.  Creators add, consumers take off. */
static DEFINE_SPINLOCK(kng_create_lock);
static LIST_HEAD(kng_create_list);

/*
 * Protects kng_live_list (every thread kthreadd_ng made that has not exited),
 * kng_zombie_list (exited, state not freed yet) with its length
 * kng_nr_zombies, and kthread_ng::preferred of the threads on them.  Threads
 * move themselves from live to zombie in kng_exit_work(); the reaper and module
 * exit take them off the zombie list.  A mutex: the cpu hotplug callback sets
 * affinities while it walks the list.
 */
static DEFINE_MUTEX(kng_all_lock);
static LIST_HEAD(kng_live_list);
static LIST_HEAD(kng_zombie_list);
static unsigned int kng_nr_zombies;
/*
 * Scratch mask for the affinity a preferred mask gives, under kng_all_lock:
 * the hotplug callbacks then need no allocation, and cannot fail.
 */
static struct cpumask kng_affinity;

/*
 * How often kthreadd_ng looks at the zombie list while it is not empty.  A
 * module cannot learn when the last reference to a task goes (the kernel
 * frees its struct kthread in free_task()), so the reaper looks: every
 * KNG_REAP_MIN after a thread exits (the last reference to a stopped task
 * often goes an RCU grace period later), and once KNG_REAP_PATIENCE looks
 * in a row found every zombie still referenced, half as often each time,
 * down to once per KNG_REAP_MAX.  kng_reap_interval and kng_reap_idle (the
 * looks in a row that freed nothing), under kng_all_lock, say where it is:
 * an exit sets both back, and wakes the reaper if it had slowed down.
 */
#define KNG_REAP_MIN		(HZ / 10)
#define KNG_REAP_MAX		(16 * HZ)
#define KNG_REAP_PATIENCE	10
static unsigned long kng_reap_interval = KNG_REAP_MIN;
static unsigned int kng_reap_idle;

static int kng_entry(void *data);

/* The kthread_ng state of @p, or NULL if @p is not a kthread_ng thread. */
static struct kthread_ng *kng_of(struct task_struct *p)
{
	if (!p || !(READ_ONCE(p->flags) & PF_KTHREAD))
		return NULL;
	/*
	 * kthread_func() and kthread_data() test PF_KTHREAD with a plain
	 * read of p->flags, which do_exit() may be writing (PF_EXITING) as
	 * we look: KCSAN reports it.  Benign: PF_KTHREAD never changes in a
	 * task's life, the caller holds a reference on @p, and the kthread
	 * state they read lives until the task is freed.
	 */
	if (data_race(kthread_func(p)) != (void *)kng_entry)
		return NULL;
	/* The same plain read of p->flags, the same reason. */
	return data_race(kthread_data(p));
}

static struct kthread_ng *kng_current(void)
{
	return kng_of(current);
}

/* current's flag word, or NULL: for loops that test it often. */
unsigned long *kng_self_flags(void)
{
	struct kthread_ng *self = kng_current();

	return self ? &self->flags : NULL;
}

static void kng_free(struct kthread_ng *kng)
{
	kng_fault_count_objects(-1);
	kfree(kng->preferred);
	if (kng->full_name != kng->comm)
		kfree(kng->full_name);
	kfree(kng);
}

/* ------------------------------------------------------------------ */
/* Waits (see "Waits")                                                 */
/* ------------------------------------------------------------------ */

/* Set @bit of @kng's flags and wake whoever waits for it. */
static void kng_set_and_wake(struct kthread_ng *kng, int bit)
{
	/* What was written before the bit is seen with it: kng_seen(). */
	smp_mb__before_atomic();
	set_bit(bit, &kng->flags);
	/* The bit is set before wake_up_var() looks for waiters. */
	smp_mb__after_atomic();
	wake_up_var(&kng->flags);
}

/* Whether @bit is set; if it is, what was written before it is seen. */
static bool kng_seen(struct kthread_ng *kng, int bit)
{
	return test_bit_acquire(bit, &kng->flags);
}

/* The hashed wait queue a parked thread sleeps on (see "Parking"). */
static struct wait_queue_head *kng_park_wq(struct kthread_ng *kng)
{
	return bit_waitqueue(&kng->flags, KNG_SHOULD_PARK);
}

/*
 * A parked thread's wait entry: only kng_unpark()'s wake-up of its own
 * thread, keyed by the thread's KNG_SHOULD_PARK bit, wakes it.  The other
 * waiters on the hashed queue (wake_bit_function(), var_wake_function())
 * are given a key of the same kind, and it matches none of theirs.
 */
static int kng_unpark_wake(struct wait_queue_entry *wait, unsigned int mode,
			   int sync, void *arg)
{
	struct wait_bit_queue_entry *wbq =
		container_of(wait, struct wait_bit_queue_entry, wq_entry);
	struct wait_bit_key *key = arg;

	if (wbq->key.flags != key->flags || wbq->key.bit_nr != key->bit_nr)
		return 0;
	return default_wake_function(wait, mode, sync, arg);
}

/* ------------------------------------------------------------------ */
/* Parking                                                             */
/* ------------------------------------------------------------------ */

/*
 * Finish the park a parker may wait for, once KNG_PARKED or KNG_EXIT_DONE
 * is set (by a fully ordered operation: see "Parking").  A raw lock only:
 * kng_parkme() answers with interrupts off.
 */
static void kng_park_answer(struct kthread_ng *kng)
{
	struct completion *done = xchg(&kng->park_done, NULL);

	if (done)
		complete(done);
}

static void kng_parkme(struct kthread_ng *self)
{
	struct wait_queue_head *wq = kng_park_wq(self);
	struct wait_bit_queue_entry wait = {
		.key = __WAIT_BIT_KEY_INITIALIZER(&self->flags, KNG_SHOULD_PARK),
		.wq_entry = {
			.private	= current,
			.func		= kng_unpark_wake,
			.entry		= LIST_HEAD_INIT(wait.wq_entry.entry),
		},
	};

	if (!test_bit(KNG_SHOULD_PARK, &self->flags))
		return;

	/*
	 * Queued before the first test of KNG_SHOULD_PARK: an unpark that
	 * clears the bit after our test finds us queued and wakes us.
	 */
	add_wait_queue(wq, &wait.wq_entry);
	for (;;) {
		kng_race_point(KNG_RACE_PARKME);
		/*
		 * Nothing may preempt us between the acknowledgment, which
		 * wakes the parker, and schedule(): the kernel keeps
		 * preemption off there (schedule_preempt_disabled(), which
		 * modules lack); interrupts off do the same, and schedule()
		 * turns them on.
		 */
		local_irq_disable();
		/* Under pi_lock: a concurrent wake-up cannot overwrite it. */
		set_special_state(TASK_PARKED);
		if (!test_bit(KNG_SHOULD_PARK, &self->flags))
			break;
		/*
		 * Every pass, as kthread_parkme() completes every pass: a
		 * parker that published after an earlier pass is answered.
		 */
		set_bit(KNG_PARKED, &self->flags);
		/*
		 * The bit before the look at @park_done: pairs with the
		 * parker's xchg() of it before its look at the bit.
		 */
		smp_mb__after_atomic();
		kng_park_answer(self);
		schedule();
	}
	local_irq_enable();
	__set_current_state(TASK_RUNNING);
	remove_wait_queue(wq, &wait.wq_entry);
}

/* Still asked to park, and in TASK_PARKED: else an unpark overtook us. */
static bool kng_parking(struct kthread_ng *kng)
{
	return READ_ONCE(kng->task->__state) == TASK_PARKED &&
	       test_bit(KNG_SHOULD_PARK, &kng->flags);
}

/*
 * Wait until @kng's thread, which has set KNG_PARKED, is off its cpu: the
 * counterpart of wait_task_inactive(), which modules lack.  From the
 * acknowledgment to its switch away the thread runs with interrupts off
 * (kng_parkme()), so while it is still on its cpu this is a short wait for
 * a context switch in progress, spun as wait_task_inactive() spins it.  Off
 * the cpu but still queued cannot happen to a thread that blocks with
 * interrupts off; should it, sleep a tick, as wait_task_inactive() does.
 * An unpark or stop in between ends the wait: the thread runs on.
 */
static void kng_wait_parked(struct kthread_ng *kng)
{
	struct task_struct *p = kng->task;

	while (READ_ONCE(p->on_cpu) && kng_parking(kng))
		cpu_relax();
	while (kng_parking(kng) && !kng_task_inactive(p))
		schedule_timeout_uninterruptible(1);
}

static void kng_rebind(struct kthread_ng *kng)
{
	int ret = set_cpus_allowed_ptr(kng->task, cpumask_of(kng->cpu));

	/* The CPU is offline: the thread runs elsewhere until it is back. */
	if (ret)
		pr_debug("%s: cannot rebind to cpu%u: %d\n", kng->full_name,
			 kng->cpu, ret);
}

static void kng_unpark(struct kthread_ng *kng)
{
	struct wait_bit_key key =
		__WAIT_BIT_KEY_INITIALIZER(&kng->flags, KNG_SHOULD_PARK);

	if (!test_bit(KNG_SHOULD_PARK, &kng->flags))
		return;
	/* A per-cpu thread may have lost its binding while its CPU was down. */
	if (test_bit(KNG_IS_PER_CPU, &kng->flags))
		kng_rebind(kng);
	kng_race_point(KNG_RACE_UNPARK);
	clear_bit(KNG_SHOULD_PARK, &kng->flags);
	/*
	 * kng_parkme() either sees the bit clear or is queued to be woken:
	 * __wake_up() takes the queue's lock, which its add_wait_queue()
	 * took before its test of the bit.
	 */
	__wake_up(kng_park_wq(kng), TASK_PARKED, 1, &key);
}

/* ------------------------------------------------------------------ */
/* Thread entry and exit                                               */
/* ------------------------------------------------------------------ */

/*
 * The accounting of every exit, whichever way the thread left: run by
 * do_exit() (exit_task_work()), after the kernel's kthread_stop() has
 * returned (its completion is exit_mm()'s) and before the task's exit_state
 * is set.
 */
static void kng_exit_work(struct callback_head *cb)
{
	struct kthread_ng *self = container_of(cb, struct kthread_ng, exit_work);
	bool first;

	/*
	 * Somebody ran current's task_work before its exit (no path of a
	 * kernel thread does today).  Queued again here it would be run
	 * again at once, for ever: kng_exit() queues it again instead.
	 */
	if (WARN_ON_ONCE(!(current->flags & PF_EXITING))) {
		set_bit(KNG_EXIT_WORK_LOST, &self->flags);
		return;
	}
	/* Seen by kthread_ng_park() once its park is answered, below. */
	set_bit(KNG_EXITED, &self->flags);

	mutex_lock(&kng_all_lock);
	list_move_tail(&self->all_node, &kng_zombie_list);
	first = !kng_nr_zombies++ || kng_reap_interval > KNG_REAP_MIN;
	WRITE_ONCE(kng_reap_interval, KNG_REAP_MIN);
	kng_reap_idle = 0;
	mutex_unlock(&kng_all_lock);
	/*
	 * kthreadd_ng sleeps without a timeout while there is no zombie, and
	 * long while those there are stay referenced; the wake-up orders our
	 * increment before its next look at the count.
	 */
	if (first)
		wake_up_process(kthreadd_ng_task);

	/*
	 * Before KNG_EXIT_DONE, so that a stopper that has waited for it
	 * knows kthread_ng's reference gone (the caller's rmmod of kthread_ng
	 * that follows must not find it).  Module exit waits until the task
	 * is past the rest of this function (see "Exits").
	 */
	module_put(THIS_MODULE);
	/* For kthread_ng_stop(). */
	kng_set_and_wake(self, KNG_EXIT_DONE);
	kng_race_point(KNG_RACE_EXIT_ANSWER);
	/*
	 * A thread that exits instead of parking must not leave its parker
	 * waiting; kng_set_and_wake() ordered KNG_EXIT_DONE before the look.
	 */
	kng_park_answer(self);
}

static void __noreturn kng_exit(struct kthread_ng *self, long result)
{
	self->result = result;
	/* Its task_work was run early (see kng_exit_work()): queue it again. */
	if (test_and_clear_bit(KNG_EXIT_WORK_LOST, &self->flags))
		task_work_add(current, &self->exit_work, TWA_NONE);
	kng_race_point(KNG_RACE_EXIT);
	/* kthread_ng_stop()'s first stopper reads it from kthread_stop(). */
	kthread_complete_and_exit(NULL, result);
}

/*
 * Wait until @p's exit_state is set: it has then run its task_work, ours
 * included, and runs no more of our text.  The pidfd waiters of its pid are
 * woken after the exit_state is set (exit_notify()); a task whose pid is
 * already detached has set it long ago.
 */
static void kng_wait_exit_state(struct task_struct *p)
{
	DEFINE_WAIT_FUNC(wait, default_wake_function);
	struct pid *pid;

	/*
	 * Released tasks have no pid; the release puts its reference on the
	 * pid only after a grace period, so one seen here can be taken.
	 */
	rcu_read_lock();
	pid = get_pid(READ_ONCE(p->thread_pid));
	rcu_read_unlock();
	if (!pid)
		return;
	add_wait_queue(&pid->wait_pidfd, &wait);
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(p->exit_state))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	remove_wait_queue(&pid->wait_pidfd, &wait);
	put_pid(pid);
}

static void kng_apply_preferred_self(struct kthread_ng *self);

static int kng_entry(void *data)
{
	struct kthread_ng *self = data;
	int ret = -EINTR;

	/* Every way out runs it; see "Exits". */
	init_task_work(&self->exit_work, kng_exit_work);
	WARN_ON_ONCE(task_work_add(current, &self->exit_work, TWA_NONE));
	set_bit(KNG_STARTED, &self->flags);
	/* Set before the first wake-up, which orders it before this read. */
	if (self->preferred)
		kng_apply_preferred_self(self);
	/* Stopped before the first wake-up: threadfn never runs. */
	if (!test_bit(KNG_SHOULD_STOP, &self->flags)) {
		/* Parked before the first wake-up: park before threadfn. */
		kng_parkme(self);
		ret = self->threadfn(self->data);
	}
	kng_exit(self, ret);
}

/* ------------------------------------------------------------------ */
/* kthreadd_ng                                                         */
/* ------------------------------------------------------------------ */

/* Make @kng's task, with the module reference it holds until it exits. */
static struct task_struct *kng_spawn(struct kthread_ng *kng)
{
	struct task_struct *task;

	/* Not for a creator that is already gone. */
	if (test_bit(KNG_HANDED, &kng->flags))
		return ERR_PTR(-EINTR);
	kng_race_point(KNG_RACE_SPAWN);
	/* Nor once rmmod has decided that we go: see "Lifetimes". */
	if (!try_module_get(THIS_MODULE))
		return ERR_PTR(-EINTR);
	if (kng_fault(KNG_FAULT_SPAWN))
		task = ERR_PTR(-ENOMEM);
	else
		task = kthread_create_on_node(kng_entry, kng, kng->node, "%s",
					      kng->full_name);
	if (IS_ERR(task)) {
		module_put(THIS_MODULE);
		return task;
	}
	get_task_struct(task);
	kng->task = task;
	mutex_lock(&kng_all_lock);
	list_add_tail(&kng->all_node, &kng_live_list);
	mutex_unlock(&kng_all_lock);
	trace_kthread_ng_create(task);
	return task;
}

/*
 * The hand-over of a creation: whichever of the creator and the consumer
 * sets KNG_HANDED first decides.  The consumer, to hand the result to a
 * creator that waits for KNG_CREATED; the creator, to go without it (it was
 * killed), leaving the request to the consumer to finish.
 */
static void kng_create_one(struct kthread_ng *kng)
{
	struct task_struct *task;

	kng_fault_point(KNG_POINT_SPAWN_BEFORE);
	task = kng_spawn(kng);
	kng_fault_point(KNG_POINT_SPAWN_AFTER);

	/* Fully ordered: pairs with the creator's, who may be killed. */
	if (!test_and_set_bit(KNG_HANDED, &kng->flags)) {
		kng_fault_point(KNG_POINT_HANDED_OVER);
		/* @task is in kng->task; an error goes in @result. */
		if (IS_ERR(task))
			kng->result = PTR_ERR(task);
		kng_set_and_wake(kng, KNG_CREATED);
		return;
	}

	/* The creator was killed; it has forgotten @kng. */
	if (IS_ERR(task)) {
		kng_free(kng);
		return;
	}
	/* Let the new thread exit at once with -EINTR; the reaper frees it. */
	set_bit(KNG_SHOULD_STOP, &kng->flags);
	wake_up_process(task);
}

/*
 * Free the state of exited threads nobody can name any more, and set the
 * period of the next look (see KNG_REAP_MIN).
 */
static void kng_reap(bool all)
{
	struct kthread_ng *kng, *tmp;
	bool freed = false;
	LIST_HEAD(dead);

	mutex_lock(&kng_all_lock);
	list_for_each_entry_safe(kng, tmp, &kng_zombie_list, all_node) {
		if (all || refcount_read(&kng->task->usage) == 1) {
			list_move(&kng->all_node, &dead);
			kng_nr_zombies--;
			freed = true;
		}
	}
	kng_reap_idle = freed ? 0 : kng_reap_idle + 1;
	if (kng_reap_idle < KNG_REAP_PATIENCE)
		WRITE_ONCE(kng_reap_interval, KNG_REAP_MIN);
	else
		WRITE_ONCE(kng_reap_interval,
			   min_t(unsigned long, 2 * kng_reap_interval,
				 KNG_REAP_MAX));
	mutex_unlock(&kng_all_lock);

	list_for_each_entry_safe(kng, tmp, &dead, all_node) {
		put_task_struct(kng->task);
		kng_free(kng);
	}
}

/*
 * Module exit: every thread has run kng_exit_work() to its module_put();
 * wait until each is past its return too.
 */
static void kng_wait_zombies(void)
{
	struct kthread_ng *kng;

	mutex_lock(&kng_all_lock);
	list_for_each_entry(kng, &kng_zombie_list, all_node)
		kng_wait_exit_state(kng->task);
	mutex_unlock(&kng_all_lock);
}

/* The oldest request on the creation list, taken off, or NULL. */
static struct kthread_ng *kng_take_request(void)
{
	struct kthread_ng *kng;

	spin_lock(&kng_create_lock);
	kng = list_first_entry_or_null(&kng_create_list, struct kthread_ng,
				       all_node);
	if (kng)
		list_del_init(&kng->all_node);
	spin_unlock(&kng_create_lock);
	return kng;
}

static int kthreadd_ng(void *unused)
{
	unsigned long last_reap = jiffies;
	struct kthread_ng *kng;

	for (;;) {
		/* Pairs with wake_up_process() by creators and kng_exit_work(). */
		set_current_state(TASK_INTERRUPTIBLE);
		set_bit(0, &kng_idle_consumers);
		/* Asleep, then idle, then the look: see kng_idle_consumers. */
		smp_mb__after_atomic();
		if (list_empty_careful(&kng_create_list)) {
			if (kthread_should_stop())
				break;
			/*
			 * Racy reads, made safe by kng_exit_work()'s
			 * wake-up: a new zombie, or a period set back.
			 */
			schedule_timeout(data_race(kng_nr_zombies) ?
					 READ_ONCE(kng_reap_interval) :
					 MAX_SCHEDULE_TIMEOUT);
		}
		__set_current_state(TASK_RUNNING);
		clear_bit(0, &kng_idle_consumers);

		/*
		 * Reaped between creations too, or creators that never let
		 * the list run dry would keep the zombies for as long.
		 */
		do {
			kng = kng_take_request();
			if (kng)
				kng_create_one(kng);
			/* Not every time: the walk costs, refs drop slowly. */
			if (time_after_eq(jiffies, last_reap +
					  READ_ONCE(kng_reap_interval))) {
				kng_reap(false);
				last_reap = jiffies;
			}
		} while (kng);
	}
	__set_current_state(TASK_RUNNING);
	/* The last consumer: no creator is left to take the bit. */
	clear_bit(0, &kng_idle_consumers);
	return 0;
}

/*
 * A spawner: make the threads asked for while kthreadd_ng is busy, one
 * request at a time, until stopped with none left.  @arg is its bit in
 * kng_idle_consumers.
 */
static int kng_spawner(void *arg)
{
	unsigned long me = (unsigned long)arg;
	struct kthread_ng *kng;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		set_bit(me, &kng_idle_consumers);
		/* Asleep, then idle, then the look: see kng_idle_consumers. */
		smp_mb__after_atomic();
		if (list_empty_careful(&kng_create_list)) {
			/*
			 * A creator that took our bit meanwhile counts on us
			 * for a request that is on the list now: make it
			 * before this spawner goes.  (None can take it later:
			 * consumers stop at unload, when no creator runs.)
			 */
			if (kthread_should_stop() &&
			    test_and_clear_bit(me, &kng_idle_consumers))
				break;
			schedule();
		}
		__set_current_state(TASK_RUNNING);
		clear_bit(me, &kng_idle_consumers);
		kng = kng_take_request();
		if (kng)
			kng_create_one(kng);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/*
 * A request is on the list: wake the first idle consumer, kthreadd_ng if it
 * is, or none if all are busy (see kng_idle_consumers).
 *
 * The creator calls this on its wait queue, about to sleep, with interrupts
 * off: a consumer that the scheduler puts on the creator's cpu would
 * preempt it at once (a woken task is the most eligible), and the creator
 * would run again only to go to sleep, a switch more for every creation.
 * With interrupts off, the wake-up's preempt_enable() does not preempt;
 * the creator's schedule() that follows switches to the consumer.
 * try_to_wake_up() takes only raw locks, as under PREEMPT_RT too.  A
 * creator that never slept (killed first) calls it afterwards, runnable.
 */
static void kng_wake_consumer(void)
{
	unsigned long idle;
	unsigned int c;

	/* The request on the list before the look at the bits. */
	smp_mb();
	/* Which to try; test_and_clear_bit() decides. */
	idle = READ_ONCE(kng_idle_consumers);
	for_each_set_bit(c, &idle, KNG_CONSUMERS_MAX) {
		if (test_and_clear_bit(c, &kng_idle_consumers)) {
			wake_up_process(c ? kng_spawners[c - 1] :
					    kthreadd_ng_task);
			return;
		}
	}
}

/*
 * The creator's sleep while it waits for its request to be made; before
 * the first one it wakes a consumer, with interrupts off (see
 * kng_wake_consumer()).
 */
static void kng_wake_consumer_and_sleep(bool *asked)
{
	unsigned long flags;

	if (!*asked) {
		*asked = true;
		local_irq_save(flags);
		kng_wake_consumer();
		local_irq_restore(flags);
	}
	schedule();
}

/* ------------------------------------------------------------------ */
/* Creation                                                            */
/* ------------------------------------------------------------------ */

/*
 * @kng's name from @namefmt: in @comm where it fits, else in an allocation
 * of its own.
 */
__printf(2, 0)
static char *kng_set_name(struct kthread_ng *kng, const char namefmt[],
			  va_list args)
{
	va_list aq;
	int len;

	va_copy(aq, args);
	len = vsnprintf(kng->comm, sizeof(kng->comm), namefmt, aq);
	va_end(aq);
	if (len < sizeof(kng->comm))
		return kng->comm;
	return kng_fault_alloc(KNG_FAULT_NAME_ALLOC,
			       kvasprintf(GFP_KERNEL, namefmt, args));
}

__printf(4, 0)
static struct task_struct *kng_create_vnode(int (*threadfn)(void *data),
					    void *data, int node,
					    const char namefmt[], va_list args)
{
	struct kthread_ng *kng;
	bool asked = false;
	long killed;
	int err;

	if (WARN_ONCE(!threadfn || !namefmt,
		      "kthread_ng: create without a function or a name\n"))
		return ERR_PTR(-EINVAL);
	kng_fault_point(KNG_POINT_CREATE_ENTER);
	/* Already dying: do not bother kthreadd_ng. */
	if (fatal_signal_pending(current))
		return ERR_PTR(-EINTR);

	kng = kng_fault_alloc(KNG_FAULT_THREAD_ALLOC,
			      kzalloc(sizeof(*kng), GFP_KERNEL));
	if (!kng)
		return ERR_PTR(-ENOMEM);
	kng_fault_count_objects(1);
	kng->full_name = kng_set_name(kng, namefmt, args);
	if (!kng->full_name) {
		kng_free(kng);
		return ERR_PTR(-ENOMEM);
	}
	kng->threadfn = threadfn;
	kng->data = data;
	kng->node = node;

	spin_lock(&kng_create_lock);
	list_add_tail(&kng->all_node, &kng_create_list);
	spin_unlock(&kng_create_lock);
	kng_fault_point(KNG_POINT_CREATE_QUEUED);

	/*
	 * Wait killably: a creator that gets a fatal signal (the OOM killer
	 * picking modprobe, say) must not hang on kthreadd_ng.  The first
	 * sleep wakes a consumer; a creator killed before it still wakes one,
	 * which finishes the request.  (One that never slept otherwise found
	 * its request made by a consumer that was awake.)
	 */
	killed = ___wait_var_event(&kng->flags, kng_seen(kng, KNG_CREATED),
				   TASK_KILLABLE, 0, 0,
				   kng_wake_consumer_and_sleep(&asked));
	if (unlikely(killed && !asked))
		kng_wake_consumer();
	if (unlikely(killed)) {
		/* We decide: the consumer finishes and frees @kng. */
		if (!test_and_set_bit(KNG_HANDED, &kng->flags))
			return ERR_PTR(-EINTR);
		/* The consumer decided first and is about to hand over. */
		wait_var_event(&kng->flags, kng_seen(kng, KNG_CREATED));
	}
	if (kng->task)
		return kng->task;
	err = kng->result;
	kng_free(kng);
	return ERR_PTR(err);
}

/**
 * kthread_ng_create_on_node - create a kthread_ng thread
 * @threadfn: the function to run until kthread_ng_should_stop()
 * @data: data pointer for @threadfn()
 * @node: NUMA node for the thread's task_struct and stack, or NUMA_NO_NODE
 * @namefmt: printf-style name for the thread
 *
 * The request goes on kthreadd_ng's creation list and the caller sleeps
 * (killably) until kthreadd_ng has made the thread.  The thread is created
 * stopped: start it with wake_up_process(), or have it park or exit first
 * with kthread_ng_park() or kthread_ng_stop().  @threadfn may return by
 * itself; its value goes to whoever calls kthread_ng_stop().  The whole name
 * is kept for kthread_ng_get_comm(), the task's comm is cut at 15 characters.
 *
 * Context: process context; sleeps.
 * Return: the new task, ERR_PTR(-ENOMEM), or ERR_PTR(-EINTR) if the caller
 * got a fatal signal while waiting (the thread, if made, then exits without
 * running @threadfn).
 */
struct task_struct *kthread_ng_create_on_node(int (*threadfn)(void *data),
					      void *data, int node,
					      const char namefmt[], ...)
{
	struct task_struct *task;
	va_list args;

	va_start(args, namefmt);
	task = kng_create_vnode(threadfn, data, node, namefmt, args);
	va_end(args);
	return task;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_create_on_node, KTHREAD_NG_NS);

static bool kng_cpu_valid(unsigned int cpu)
{
	return cpu < nr_cpu_ids && cpu_possible(cpu);
}

/* The thread has not been woken yet; binding it now is still safe. */
static bool kng_not_started(struct task_struct *p, struct kthread_ng *kng)
{
	return !test_bit(KNG_STARTED, &kng->flags) &&
	       READ_ONCE(p->__state) == TASK_UNINTERRUPTIBLE;
}

/**
 * kthread_ng_bind - bind a just-created kthread_ng thread to a cpu
 * @p: thread created by kthread_ng_create()
 * @cpu: cpu (might not be online, must be possible) for @p to run on
 *
 * Like kthread_bind(): only for a thread that was not woken yet; the binding
 * cannot be changed from user space afterwards.  A task that is not a
 * kthread_ng thread, an impossible @cpu, or a thread already running gets a
 * warning and is left alone.
 */
void kthread_ng_bind(struct task_struct *p, unsigned int cpu)
{
	struct kthread_ng *kng = kng_of(p);

	if (WARN_ONCE(!kng, "%s: not a kthread_ng thread\n", __func__))
		return;
	if (WARN_ONCE(!kng_cpu_valid(cpu), "%s: bad cpu %u\n", __func__,
		      cpu))
		return;
	if (WARN_ONCE(!kng_not_started(p, kng),
		      "%s: %s already runs\n", __func__, kng->full_name))
		return;
	/* Sets PF_NO_SETAFFINITY while @p is provably off the CPU. */
	kthread_bind(p, cpu);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_bind, KTHREAD_NG_NS);

/**
 * kthread_ng_bind_mask - bind a just-created kthread_ng thread to a cpumask
 * @p: thread created by kthread_ng_create()
 * @mask: the cpus @p may run on; at least one of them should be online
 *
 * Like kthread_ng_bind() but for a set of cpus.  If no cpu of @mask is online
 * @p stays bound to the first cpu of @mask.
 */
void kthread_ng_bind_mask(struct task_struct *p, const struct cpumask *mask)
{
	struct kthread_ng *kng = kng_of(p);
	unsigned int first;

	if (WARN_ONCE(!kng || !mask,
		      "%s: bad thread or mask\n", __func__))
		return;
	first = cpumask_first_and(mask, cpu_online_mask);
	if (first >= nr_cpu_ids)
		first = cpumask_first(mask);
	if (WARN_ONCE(!kng_cpu_valid(first),
		      "%s: empty mask\n", __func__))
		return;
	if (WARN_ONCE(!kng_not_started(p, kng),
		      "%s: %s already runs\n", __func__,
		      kng->full_name))
		return;
	/* kthread_bind() marks @p PF_NO_SETAFFINITY; then widen the mask. */
	kthread_bind(p, first);
	if (cpumask_intersects(mask, cpu_online_mask))
		WARN_ON_ONCE(set_cpus_allowed_ptr(p, mask));
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_bind_mask, KTHREAD_NG_NS);

/**
 * kthread_ng_create_on_cpu - create a kthread_ng thread bound to a cpu
 * @threadfn: the function to run until kthread_ng_should_stop()
 * @data: data pointer for @threadfn()
 * @cpu: the cpu; it may be offline, it must be possible
 * @namefmt: printf-style name for the thread; one "%u" is given @cpu
 *
 * The thread is created on @cpu's node and bound to @cpu, as
 * kthread_create_on_cpu() does; like it, it is not marked per-cpu:
 * kthread_ng_set_per_cpu() does that, so that kthread_ng_unpark() binds it
 * to @cpu again after the cpu was down.
 *
 * Return: the task, ERR_PTR(-EINVAL) (with a warning) for an impossible @cpu,
 * or an error of kthread_ng_create_on_node().
 */
struct task_struct *kthread_ng_create_on_cpu(int (*threadfn)(void *data),
					     void *data, unsigned int cpu,
					     const char *namefmt)
{
	struct task_struct *p;

	if (WARN_ONCE(!kng_cpu_valid(cpu),
		      "%s: bad cpu %u\n", __func__, cpu))
		return ERR_PTR(-EINVAL);
	p = kthread_ng_create_on_node(threadfn, data, cpu_to_node(cpu),
				      namefmt, cpu);
	if (IS_ERR(p))
		return p;
	kthread_ng_bind(p, cpu);
	kng_of(p)->cpu = cpu;
	return p;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_create_on_cpu, KTHREAD_NG_NS);

/**
 * kthread_ng_set_per_cpu - mark a kthread_ng thread per-cpu (or not)
 * @k: a kthread_ng thread bound with kthread_ng_bind()
 * @cpu: its cpu, or a negative number to clear the mark
 *
 * A per-cpu thread is bound to its cpu again by kthread_ng_unpark().
 */
void kthread_ng_set_per_cpu(struct task_struct *k, int cpu)
{
	struct kthread_ng *kng = kng_of(k);

	if (WARN_ONCE(!kng, "%s: not a kthread_ng thread\n", __func__))
		return;
	WARN_ON_ONCE(!(k->flags & PF_NO_SETAFFINITY));
	if (cpu < 0) {
		clear_bit(KNG_IS_PER_CPU, &kng->flags);
		return;
	}
	if (WARN_ONCE(!kng_cpu_valid(cpu),
		      "%s: bad cpu %d\n", __func__, cpu))
		return;
	kng->cpu = cpu;
	set_bit(KNG_IS_PER_CPU, &kng->flags);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_set_per_cpu, KTHREAD_NG_NS);

/**
 * kthread_ng_is_per_cpu - is a task a per-cpu kthread_ng thread?
 * @p: any task
 *
 * Return: true if @p is a kthread_ng thread marked per-cpu.
 */
bool kthread_ng_is_per_cpu(struct task_struct *p)
{
	struct kthread_ng *kng = kng_of(p);

	return kng && test_bit(KNG_IS_PER_CPU, &kng->flags);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_is_per_cpu, KTHREAD_NG_NS);

/* ------------------------------------------------------------------ */
/* Preferred affinity                                                  */
/* ------------------------------------------------------------------ */

/*
 * Cpus on their way down, under kng_all_lock: set by the offline callback
 * while the cpu is still in cpu_online_mask, cleared by the online callback
 * when it comes back (or when the offline fails and the online callbacks
 * run again).  An affinity set after the offline callback walked the list
 * (by kthread_ng_affine_preferred(), or a thread's first run) must not name
 * the cpu either: when it dies, the scheduler would give a thread left with
 * no allowed cpu every possible one.
 */
static struct cpumask kng_going;

/*
 * @out = preferred & housekeeping & online, less the cpus going down; if
 * that is empty, the online housekeeping cpus less those.
 */
static void kng_fetch_affinity(struct kthread_ng *kng, struct cpumask *out)
{
	const struct cpumask *hk;

	lockdep_assert_held(&kng_all_lock);
	/*
	 * A kernel that changes its housekeeping masks at run time (7.x, on
	 * cpuset isolation) frees the old mask after a grace period.
	 */
	rcu_read_lock();
	hk = housekeeping_cpumask(HK_TYPE_KTHREAD);
	cpumask_and(out, kng->preferred, hk);
	cpumask_and(out, out, cpu_online_mask);
	cpumask_andnot(out, out, &kng_going);
	if (cpumask_empty(out)) {
		cpumask_and(out, hk, cpu_online_mask);
		cpumask_andnot(out, out, &kng_going);
	}
	rcu_read_unlock();
}

/**
 * kthread_ng_affine_preferred - set a just-created thread's preferred cpus
 * @p: thread created by kthread_ng_create(), not woken yet
 * @mask: the cpus it should run on when they are online
 *
 * As the kernel's kthread_affine_preferred() (6.14): the thread runs on the
 * online housekeeping cpus of @mask, or on any housekeeping cpu while none of
 * @mask is online.  Where the kernel has kthread_affine_preferred(), this
 * is it: the thread is on the kernel's list, which hotplug and cpuset
 * isolation changes update.  Before 6.14, kthread_ng applies the mask again
 * as cpus come and go, and never names a cpu on its way down.  May be
 * called from a cpu hotplug callback.
 *
 * Return: 0, -EINVAL (with a warning) if @p is not a kthread_ng thread or
 * already runs, -ENOMEM.
 */
int kthread_ng_affine_preferred(struct task_struct *p,
				const struct cpumask *mask)
{
	struct kthread_ng *kng = kng_of(p);
	struct cpumask *pref;
	int ret;

	if (WARN_ONCE(!kng || !mask || !kng_not_started(p, kng),
		      "%s: bad or running thread\n", __func__))
		return -EINVAL;
	/*
	 * Where the kernel has kthread_affine_preferred(), the thread is its
	 * own kthread and goes on its list: cpuset isolation changes and
	 * hotplug then treat it as every other kernel thread.
	 */
	if (kng_have_kernel_affine_preferred()) {
		if (kng_fault(KNG_FAULT_PREFERRED_ALLOC))
			return -ENOMEM;
		return kng_kernel_affine_preferred(p, mask);
	}
	pref = kng_fault_alloc(KNG_FAULT_PREFERRED_ALLOC,
			       kmalloc(cpumask_size(), GFP_KERNEL));
	if (!pref)
		return -ENOMEM;
	cpumask_copy(pref, mask);

	/*
	 * kng_all_lock alone orders this against the hotplug callbacks, which
	 * take it too: no cpus_read_lock(), so that a hotplug callback may call
	 * this (it would deadlock against the hotplug in progress).
	 */
	mutex_lock(&kng_all_lock);
	WARN_ON_ONCE(kng->preferred);
	swap(kng->preferred, pref);
	kng_fetch_affinity(kng, &kng_affinity);
	ret = set_cpus_allowed_ptr(p, &kng_affinity);
	mutex_unlock(&kng_all_lock);

	kfree(pref);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_affine_preferred, KTHREAD_NG_NS);

/*
 * The kernel's own kthread() gives an unbound thread its node's housekeeping
 * cpus when it first runs (6.14 and later), after kthread_ng_affine_preferred()
 * set the mask: the thread sets it again itself, from kng_entry().
 */
static void kng_apply_preferred_self(struct kthread_ng *self)
{
	mutex_lock(&kng_all_lock);
	kng_fetch_affinity(self, &kng_affinity);
	set_cpus_allowed_ptr(current, &kng_affinity);
	mutex_unlock(&kng_all_lock);
}

static enum cpuhp_state kng_hp_state;

/* Apply preferred masks again as @cpu comes (@up) or goes. */
static int kng_apply_preferred(unsigned int cpu, bool up)
{
	struct kthread_ng *kng;

	mutex_lock(&kng_all_lock);
	if (up)
		cpumask_clear_cpu(cpu, &kng_going);
	else
		cpumask_set_cpu(cpu, &kng_going);
	list_for_each_entry(kng, &kng_live_list, all_node) {
		if (!kng->preferred)
			continue;
		kng_fetch_affinity(kng, &kng_affinity);
		set_cpus_allowed_ptr(kng->task, &kng_affinity);
	}
	mutex_unlock(&kng_all_lock);
	if (!up)
		kng_race_point(KNG_RACE_CPU_OFFLINE);
	return 0;
}

static int kng_cpu_online(unsigned int cpu)
{
	return kng_apply_preferred(cpu, true);
}

static int kng_cpu_offline(unsigned int cpu)
{
	return kng_apply_preferred(cpu, false);
}

/* ------------------------------------------------------------------ */
/* Stop, park                                                          */
/* ------------------------------------------------------------------ */

/**
 * kthread_ng_stop - stop a kthread_ng thread
 * @k: thread created by kthread_ng_create()
 *
 * Sets kthread_ng_should_stop() for @k, unparks it, wakes it and waits for
 * its task to exit, as kthread_stop() does.  May also be called instead of
 * the first wake_up_process(): the thread then exits without running
 * threadfn.  If threadfn may exit by itself, the caller must hold a task
 * reference (get_task_struct()); stop then returns the value threadfn
 * exited with.  Several stoppers may race: all return once the task has
 * exited.  Stop a kthread_ng thread only with kthread_ng_stop(), never with
 * the kernel's kthread_stop().
 *
 * Context: process context; sleeps until the thread's do_exit() has run
 * its task_work (a little past where kthread_stop() returns: when this
 * returns, kthread_ng's reference for the thread is gone too), so, as with
 * kthread_stop(), not under a lock that an exiting task takes.
 * Return: threadfn's result, -EINTR if it never ran, or -EINVAL (with a
 * warning) if @k is not a kthread_ng thread, -EDEADLK if @k is current.
 */
int kthread_ng_stop(struct task_struct *k)
{
	struct kthread_ng *kng = kng_of(k);
	int ret;

	if (WARN_ONCE(!kng, "%s: not a kthread_ng thread\n", __func__))
		return -EINVAL;
	if (WARN(k == current, "kthread_ng: %s: %s stops itself\n", __func__,
		 kng->full_name))
		return -EDEADLK;

	trace_kthread_ng_stop(k);
	get_task_struct(k);
	set_bit(KNG_SHOULD_STOP, &kng->flags);
	kng_unpark(kng);
	/* Interrupt interruptible sleeps, as kthread_stop() does. */
	set_tsk_thread_flag(k, TIF_NOTIFY_SIGNAL);
	wake_up_process(k);
	/*
	 * Return once the task has exited, as kthread_stop() does, and its
	 * exit is accounted (KNG_EXIT_DONE, set in its do_exit() after the
	 * kernel's own completion and after kthread_ng's module reference is
	 * dropped).  But kthread_stop() also sets the kernel's stop flag,
	 * which keeps a thread that has not started from ever running
	 * kng_entry() (and so from dropping its module reference): a thread
	 * that had not started is waited for to exit first.  A started
	 * thread has passed the kernel's test of that flag: our test of
	 * KNG_STARTED is ordered before kthread_stop()'s store by the
	 * test_and_set_bit() below.  kthread_stop() consumes its completion:
	 * only the first stopper may call it, later ones wait for it to say
	 * the task has exited (KNG_STOP_DONE).  (So a kthread_ng thread must
	 * never be stopped with kthread_stop().)
	 */
	if (!test_bit(KNG_STARTED, &kng->flags))
		wait_var_event(&kng->flags, kng_seen(kng, KNG_EXIT_DONE));
	if (!test_and_set_bit(KNG_STOP_WAITED, &kng->flags)) {
		ret = kthread_stop(k);
		/* The same value, unless the thread left by the kernel's exit. */
		kng->result = ret;
		kng_set_and_wake(kng, KNG_STOP_DONE);
	} else {
		wait_var_event(&kng->flags, kng_seen(kng, KNG_STOP_DONE));
		ret = kng->result;
	}
	wait_var_event(&kng->flags, kng_seen(kng, KNG_EXIT_DONE));
	put_task_struct(k);
	trace_kthread_ng_stop_ret(ret);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_stop, KTHREAD_NG_NS);

/**
 * kthread_ng_stop_put - stop a thread and put its task struct
 * @k: thread created by kthread_ng_create(), with a reference the caller
 *     took with get_task_struct()
 *
 * Return: as kthread_ng_stop().
 */
int kthread_ng_stop_put(struct task_struct *k)
{
	int ret = kthread_ng_stop(k);

	put_task_struct(k);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_stop_put, KTHREAD_NG_NS);

/* This park acknowledged by kng_parkme(), or ended by the thread's exit. */
static bool kng_park_answered(struct kthread_ng *kng)
{
	return kng_seen(kng, KNG_PARKED) || kng_seen(kng, KNG_EXIT_DONE);
}

/**
 * kthread_ng_park - park a kthread_ng thread
 * @k: thread created by kthread_ng_create()
 *
 * Sets kthread_ng_should_park() for @k, wakes it and waits until it has
 * parked and is off the CPU, in state TASK_PARKED ('P' in ps).  May be
 * called instead of the first wake_up_process(): the thread then parks
 * before running threadfn.  Called by the thread itself, it only sets the
 * flag.
 *
 * Return: 0 when parked; -ENOSYS if @k exited (with a warning if it had
 * before the call; a thread that exits instead of parking does not leave the
 * caller waiting, unlike kthread_park()); -EBUSY (with a warning) if it is
 * parked already; -EINVAL (with a warning) if @k is not a kthread_ng thread.
 */
int kthread_ng_park(struct task_struct *k)
{
	DECLARE_COMPLETION_ONSTACK(answered);
	struct kthread_ng *kng = kng_of(k);
	struct completion *older;
	unsigned long old, new;

	might_sleep();
	if (WARN_ONCE(!kng, "%s: not a kthread_ng thread\n", __func__))
		return -EINVAL;
	if (WARN_ONCE((k->flags & PF_EXITING) ||
		      test_bit(KNG_EXITED, &kng->flags),
		      "%s: %s is exiting\n", __func__, kng->full_name))
		return -ENOSYS;
	kng_race_point(KNG_RACE_PARK);
	/*
	 * Claim the park and say whether it is owed an acknowledgment in one
	 * step, so that of two parks (the thread's own and an outside one)
	 * exactly one wins.  A self-park is owed none: nobody waits for it.
	 * An outside park is: the last park's acknowledgment left KNG_PARKED
	 * set (an unpark leaves it as it is).  The fully ordered
	 * cmpxchg pairs with the test_and_set_bit() in kng_parkme(): a thread
	 * that sees SHOULD_PARK sees KNG_PARKED as this park left it.
	 */
	old = READ_ONCE(kng->flags);
	do {
		if (WARN_ONCE(old & BIT(KNG_SHOULD_PARK),
			      "%s: %s is parked already\n", __func__,
			      kng->full_name))
			return -EBUSY;
		new = old | BIT(KNG_SHOULD_PARK);
		if (k == current)
			new |= BIT(KNG_PARKED);
		else
			new &= ~BIT(KNG_PARKED);
	} while (!try_cmpxchg(&kng->flags, &old, new));
	if (k == current)
		return 0;
	/* @kng lives as long as the task: keep both while we look at them. */
	get_task_struct(k);
	/*
	 * Published, then a look at the thread's side: the fully ordered
	 * xchg() pairs with the setting of KNG_PARKED or KNG_EXIT_DONE
	 * before the thread's look at @park_done in kng_park_answer().  One
	 * of us sees the other's.  A park whose thread was unparked before it
	 * answered may still wait: we answer it when we are answered.
	 */
	older = xchg(&kng->park_done, &answered);
	wake_up_process(k);
	kng_race_point(KNG_RACE_PARK_WAIT);
	/*
	 * Answered before we published: take our own completion back, if it
	 * is still there; else whoever took it completes it.
	 */
	if (!kng_park_answered(kng) ||
	    cmpxchg(&kng->park_done, &answered, NULL) != &answered)
		wait_for_completion(&answered);
	if (older)
		complete(older);
	if (test_bit(KNG_EXITED, &kng->flags)) {
		put_task_struct(k);
		return -ENOSYS;
	}
	kng_wait_parked(kng);
	put_task_struct(k);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_park, KTHREAD_NG_NS);

/**
 * kthread_ng_unpark - unpark a thread parked by kthread_ng_park()
 * @k: thread created by kthread_ng_create()
 *
 * Clears kthread_ng_should_park() for @k and wakes it; a per-cpu thread is
 * first bound to its cpu again.  Unparking a thread that is not parked does
 * nothing, as kthread_unpark() does.
 */
void kthread_ng_unpark(struct task_struct *k)
{
	struct kthread_ng *kng = kng_of(k);

	might_sleep();
	if (WARN_ONCE(!kng, "%s: not a kthread_ng thread\n", __func__))
		return;
	kng_unpark(kng);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_unpark, KTHREAD_NG_NS);

/**
 * kthread_ng_parkme - park the current thread if it was asked to
 *
 * Parks current while kthread_ng_should_park() is true.
 */
void kthread_ng_parkme(void)
{
	struct kthread_ng *self = kng_current();

	if (WARN_ONCE(!self, "%s: not a kthread_ng thread\n", __func__))
		return;
	kng_parkme(self);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_parkme, KTHREAD_NG_NS);

/**
 * kthread_ng_should_stop - should this kthread_ng thread return now?
 *
 * Return: true once someone called kthread_ng_stop() on current; false (and
 * a warning) if current is not a kthread_ng thread.
 */
bool kthread_ng_should_stop(void)
{
	struct kthread_ng *self = kng_current();

	if (WARN_ONCE(!self, "%s: not a kthread_ng thread\n", __func__))
		return false;
	return test_bit(KNG_SHOULD_STOP, &self->flags);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_should_stop, KTHREAD_NG_NS);

/**
 * kthread_ng_should_park - should this kthread_ng thread park now?
 *
 * Return: true if kthread_ng_park() was called on current; the thread should
 * then call kthread_ng_parkme().
 */
bool kthread_ng_should_park(void)
{
	struct kthread_ng *self = kng_current();

	if (WARN_ONCE(!self, "%s: not a kthread_ng thread\n", __func__))
		return false;
	return test_bit(KNG_SHOULD_PARK, &self->flags);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_should_park, KTHREAD_NG_NS);

/**
 * kthread_ng_should_stop_or_park - should this thread stop or park?
 *
 * Return: kthread_ng_should_stop() || kthread_ng_should_park(), with one
 * look at the flags.
 */
bool kthread_ng_should_stop_or_park(void)
{
	struct kthread_ng *self = kng_current();

	if (!self)
		return false;
	return READ_ONCE(self->flags) &
	       (BIT(KNG_SHOULD_STOP) | BIT(KNG_SHOULD_PARK));
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_should_stop_or_park, KTHREAD_NG_NS);

/**
 * kthread_ng_freezable_should_stop - should this freezable thread stop?
 * @was_frozen: optional out parameter, true if current was frozen here
 *
 * Like kthread_ng_should_stop(), but first enters the refrigerator if the
 * system is freezing.  The thread must have called set_freezable().
 * Stopping a frozen thread waits for the thaw, as kthread_stop() does: its
 * wake-up does not wake a TASK_FROZEN task.
 *
 * Context: process context; may sleep.
 * Return: kthread_ng_should_stop().
 */
bool kthread_ng_freezable_should_stop(bool *was_frozen)
{
	bool frozen = false;

	might_sleep();
	if (unlikely(freezing(current)))
		frozen = __refrigerator(true);
	if (was_frozen)
		*was_frozen = frozen;
	return kthread_ng_should_stop();
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_freezable_should_stop, KTHREAD_NG_NS);

/**
 * kthread_ng_exit - end the current kthread_ng thread
 * @result: the value kthread_ng_stop() returns
 *
 * Does not return.  Called from a kernel thread that is not a kthread_ng
 * thread it warns and ends it with kthread_complete_and_exit(); it must not
 * be called from a user task.
 */
void __noreturn kthread_ng_exit(long result)
{
	struct kthread_ng *self = kng_current();

	if (likely(self))
		kng_exit(self, result);
	/*
	 * A native kernel thread ends through the kernel's exit; for a user
	 * task there is no exported way out, and the kernel's oopses.
	 */
	WARN_ONCE(1, "%s: not a kthread_ng thread\n", __func__);
	kthread_complete_and_exit(NULL, result);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_exit, KTHREAD_NG_NS);

/**
 * __module_put_and_kthread_ng_exit - put a module reference, then exit
 * @mod: the module whose reference the thread holds
 * @code: the value kthread_ng_stop() returns
 *
 * The counterpart of __module_put_and_kthread_exit(), for a thread that
 * holds a reference on its own module (module_put_and_kthread_ng_exit()
 * puts THIS_MODULE's): nothing returns into @mod after the put.
 */
void __noreturn __module_put_and_kthread_ng_exit(struct module *mod,
						 long code)
{
	module_put(mod);
	kthread_ng_exit(code);
}
EXPORT_SYMBOL_NS_GPL(__module_put_and_kthread_ng_exit, KTHREAD_NG_NS);

/**
 * kthread_ng_complete_and_exit - complete a completion, then exit
 * @comp: completion to complete, or NULL
 * @code: the value kthread_ng_stop() returns
 *
 * For threads whose code lives in a module that may go away once @comp is
 * completed: after complete() nothing returns into the caller's module.
 */
void __noreturn kthread_ng_complete_and_exit(struct completion *comp,
					     long code)
{
	if (comp)
		complete(comp);
	kthread_ng_exit(code);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_complete_and_exit, KTHREAD_NG_NS);

/* ------------------------------------------------------------------ */
/* Accessors                                                           */
/* ------------------------------------------------------------------ */

/**
 * kthread_ng_func - the thread function of a kthread_ng thread
 * @k: any task
 *
 * Return: the threadfn @k was created with, or NULL if @k is not a kthread_ng
 * thread.
 */
void *kthread_ng_func(struct task_struct *k)
{
	struct kthread_ng *kng = kng_of(k);

	return kng ? kng->threadfn : NULL;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_func, KTHREAD_NG_NS);

/**
 * kthread_ng_data - the data pointer of a kthread_ng thread
 * @k: a kthread_ng thread
 *
 * Return: the data @k was created with; NULL, with a warning, if @k is not a
 * kthread_ng thread.
 */
void *kthread_ng_data(struct task_struct *k)
{
	struct kthread_ng *kng = kng_of(k);

	if (WARN_ONCE(!kng, "%s: not a kthread_ng thread\n", __func__))
		return NULL;
	return kng->data;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_data, KTHREAD_NG_NS);

/**
 * kthread_ng_probe_data - the data pointer of a task that may be a thread
 * @k: any task that is safe to dereference
 *
 * Return: the data @k was created with if it is a kthread_ng thread and the
 * value can be read, else NULL.  Never warns, never faults.
 */
void *kthread_ng_probe_data(struct task_struct *k)
{
	struct kthread_ng *kng = kng_of(k);
	void *data = NULL;

	if (kng)
		copy_from_kernel_nofault(&data, &kng->data, sizeof(data));
	return data;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_probe_data, KTHREAD_NG_NS);

/**
 * kthread_ng_get_comm - the full name of a task
 * @buf: where to store it
 * @buf_size: size of @buf
 * @tsk: any task
 *
 * For a kthread_ng thread the whole name it was created with, for any other
 * task its comm; truncated to @buf_size - 1 characters and padded with NULs.
 */
void kthread_ng_get_comm(char *buf, size_t buf_size, struct task_struct *tsk)
{
	struct kthread_ng *kng = kng_of(tsk);
	char comm[TASK_COMM_LEN];

	if (kng) {
		strscpy_pad(buf, kng->full_name, buf_size);
		return;
	}
	task_lock(tsk);
	memcpy(comm, tsk->comm, sizeof(comm));
	task_unlock(tsk);
	comm[sizeof(comm) - 1] = '\0';
	strscpy_pad(buf, comm, buf_size);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_get_comm, KTHREAD_NG_NS);

/**
 * kthread_ng_use_mm - make the calling kernel thread operate on an mm
 * @mm: address space to operate on, with a reference held by the caller
 *
 * As kthread_use_mm(): for kernel threads that have no mm of their own.  A
 * NULL @mm, a user task, or a thread that uses an mm already gets a warning
 * and nothing happens.
 */
void kthread_ng_use_mm(struct mm_struct *mm)
{
	if (WARN_ONCE(!mm || !(current->flags & PF_KTHREAD) || current->mm,
		      "%s: bad mm or not a bare kernel thread\n", __func__))
		return;
	/* The mm switch itself is the scheduler's; it exports this much. */
	kthread_use_mm(mm);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_use_mm, KTHREAD_NG_NS);

/**
 * kthread_ng_unuse_mm - undo kthread_ng_use_mm()
 * @mm: the mm given to kthread_ng_use_mm()
 */
void kthread_ng_unuse_mm(struct mm_struct *mm)
{
	if (WARN_ONCE(!mm || !(current->flags & PF_KTHREAD) ||
		      current->mm != mm,
		      "%s: mm is not in use by current\n", __func__))
		return;
	kthread_unuse_mm(mm);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_unuse_mm, KTHREAD_NG_NS);

/**
 * kthread_ng_associate_blkcg - charge current's block I/O to a blkcg
 * @css: the blkcg's css, or NULL to undo
 *
 * As kthread_associate_blkcg(): works in any kernel thread, and does nothing
 * in a user task.  Only a kthread_ng thread's association can be read back
 * with kthread_ng_blkcg() (the kernel's kthread_blkcg() is not exported).
 */
void kthread_ng_associate_blkcg(struct cgroup_subsys_state *css)
{
	struct kthread_ng *self = kng_current();

	/* The kernel's struct kthread holds the reference the block layer uses. */
	kthread_associate_blkcg(css);
	if (self)
		self->blkcg_css = IS_ENABLED(CONFIG_BLK_CGROUP) ? css : NULL;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_associate_blkcg, KTHREAD_NG_NS);

/**
 * kthread_ng_blkcg - the blkcg current is associated with
 *
 * Return: the css given to kthread_ng_associate_blkcg(), or NULL.
 */
struct cgroup_subsys_state *kthread_ng_blkcg(void)
{
	struct kthread_ng *self = kng_current();

	return self ? self->blkcg_css : NULL;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_blkcg, KTHREAD_NG_NS);

/* ------------------------------------------------------------------ */
/* debugfs                                                             */
/* ------------------------------------------------------------------ */

static char kng_state_char(struct task_struct *p)
{
	unsigned int state = READ_ONCE(p->__state);

	if (state == TASK_RUNNING)
		return 'R';
	if (state & TASK_PARKED)
		return 'P';
	if (state & TASK_UNINTERRUPTIBLE)
		return 'D';
	if (state & TASK_INTERRUPTIBLE)
		return 'S';
	return '?';
}

static int kng_threads_show(struct seq_file *m, void *v)
{
	struct kthread_ng *kng;

	seq_puts(m, "# name pid state cpus flags\n");
	/* A short walk: creation and exit wait for it only briefly. */
	mutex_lock(&kng_all_lock);
	list_for_each_entry(kng, &kng_live_list, all_node) {
		struct task_struct *p = kng->task;

		seq_printf(m, "%s %d %c %*pbl %s%s%s%s\n", kng->full_name,
			   task_pid_nr(p), kng_state_char(p),
			   cpumask_pr_args(p->cpus_ptr),
			   test_bit(KNG_IS_PER_CPU, &kng->flags) ? "C" : "-",
			   test_bit(KNG_SHOULD_PARK, &kng->flags) ? "P" : "-",
			   test_bit(KNG_SHOULD_STOP, &kng->flags) ? "S" : "-",
			   test_bit(KNG_STARTED, &kng->flags) ? "r" : "-");
	}
	mutex_unlock(&kng_all_lock);
	return 0;
}

KNG_DEBUGFS_FOPS(kng_threads);

/* ------------------------------------------------------------------ */
/* The threads' part of module init and exit (main.c)                  */
/* ------------------------------------------------------------------ */

/*
 * kthreadd_ng's spawners, one fewer than the cpus (KNG_CONSUMERS_MAX in
 * all at most); one that cannot be made leaves the others the work.
 */
static void __init kng_start_spawners(void)
{
	unsigned int want = min_t(unsigned int, num_online_cpus(),
				  KNG_CONSUMERS_MAX) - 1;
	struct task_struct *t;

	while (kng_nr_spawners < want) {
		t = kthread_run(kng_spawner,
				(void *)(unsigned long)(kng_nr_spawners + 1),
				"kthreadd_ng/%u", kng_nr_spawners + 1);
		if (IS_ERR(t))
			break;
		kng_spawners[kng_nr_spawners++] = t;
	}
}

/*
 * Each consumer stops once the creation list is empty: a killed creator's
 * request still on it is made (and, past try_module_get(), refused)
 * first.  kthreadd_ng last, for the reaper.
 */
static void kng_stop_consumers(void)
{
	while (kng_nr_spawners)
		kthread_stop(kng_spawners[--kng_nr_spawners]);
	kthread_stop(kthreadd_ng_task);
}

/* kthreadd_ng and the hotplug state; everything else needs them. */
int __init kng_threads_init(void)
{
	int ret;

	/* Test build: fault_nth=N fails the N-th fallible place below. */
	kng_fault_init();
	if (kng_fault(KNG_FAULT_INIT_DAEMON)) {
		ret = -ENOMEM;
		goto out_disarm;
	}
	kthreadd_ng_task = kthread_run(kthreadd_ng, NULL, "kthreadd_ng");
	if (IS_ERR(kthreadd_ng_task)) {
		ret = PTR_ERR(kthreadd_ng_task);
		goto out_disarm;
	}
	kng_start_spawners();

	if (kng_fault(KNG_FAULT_INIT_CPUHP))
		ret = -ENOMEM;
	else
		ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN,
						"kthread_ng:online",
						kng_cpu_online, kng_cpu_offline);
	if (ret < 0)
		goto out_stop;
	kng_hp_state = ret;
	kng_fault_arm(0);
	pr_info("kthreadd_ng started, pid %d\n", task_pid_nr(kthreadd_ng_task));
	return 0;

out_stop:
	kng_stop_consumers();
out_disarm:
	kng_fault_arm(0);
	return ret;
}

void __init kng_threads_debugfs_init(void)
{
	debugfs_create_file_unsafe("threads", 0444, kng_debugfs_dir, NULL,
				   &kng_threads_fops);
}

/* Every thread has left kthread_ng's text: the module refcount said so. */
void __exit kng_threads_exit(void)
{
	cpuhp_remove_state_nocalls(kng_hp_state);
	kng_stop_consumers();
	WARN_ON(!list_empty(&kng_live_list));
	kng_wait_zombies();
	kng_reap(true);
	pr_info("kthreadd_ng stopped\n");
}
