/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kthread_ng: the kernel's kthread API as a loadable, namespaced layer.
 *
 * Every function here is exported in the symbol namespace KTHREAD_NG; a
 * module that calls them says MODULE_IMPORT_NS(KTHREAD_NG_NS) once.  Behaviour follows
 * kernel/kthread.c; the differences are documented at each function.
 */
#ifndef _KTHREAD_NG_H
#define _KTHREAD_NG_H

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/numa.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>

struct mm_struct;
struct cgroup_subsys_state;

/*
 * The symbol namespace, spelled for EXPORT_SYMBOL_NS_GPL() and
 * MODULE_IMPORT_NS(): a bare token up to 6.12, a string literal from 6.13 on.
 * A consumer writes MODULE_IMPORT_NS(KTHREAD_NG_NS).  kthread_ng's compat.mk
 * (include it from your Kbuild) asks the headers which spelling they want and
 * defines KTHREAD_NG_NS_STRING for the string one.
 */
#ifdef KTHREAD_NG_NS_STRING
#define KTHREAD_NG_NS	"KTHREAD_NG"
#else
#define KTHREAD_NG_NS	KTHREAD_NG
#endif

/* ------------------------------------------------------------------ */
/* Threads (kthread_ng.c)                                              */
/* ------------------------------------------------------------------ */

__printf(4, 5)
struct task_struct *kthread_ng_create_on_node(int (*threadfn)(void *data),
					      void *data, int node,
					      const char namefmt[], ...);

/**
 * kthread_ng_create - create a kthread_ng thread on the current node
 * @threadfn: the function to run in the thread
 * @data: data pointer for @threadfn()
 * @namefmt: printf-style format string for the thread name
 * @arg: arguments for @namefmt
 *
 * See kthread_ng_create_on_node().
 */
#define kthread_ng_create(threadfn, data, namefmt, arg...) \
	kthread_ng_create_on_node(threadfn, data, NUMA_NO_NODE, namefmt, ##arg)

/**
 * kthread_ng_run - create and wake a kthread_ng thread
 * @threadfn: the function to run until signal_pending(current)
 * @data: data pointer for @threadfn()
 * @namefmt: printf-style name for the thread
 *
 * Convenient wrapper for kthread_ng_create() followed by wake_up_process().
 *
 * Return: the task or ERR_PTR(-ENOMEM) / ERR_PTR(-EINTR).
 */
#define kthread_ng_run(threadfn, data, namefmt, ...)			   \
({									   \
	struct task_struct *__k =					   \
		kthread_ng_create(threadfn, data, namefmt, ## __VA_ARGS__);   \
	if (!IS_ERR(__k))						   \
		wake_up_process(__k);					   \
	__k;								   \
})

struct task_struct *kthread_ng_create_on_cpu(int (*threadfn)(void *data),
					     void *data, unsigned int cpu,
					     const char *namefmt);

/**
 * kthread_ng_run_on_cpu - create and wake a cpu bound kthread_ng thread
 * @threadfn: the function to run until signal_pending(current)
 * @data: data pointer for @threadfn()
 * @cpu: the cpu on which the thread should be bound
 * @namefmt: printf-style name for the thread; one "%u" takes @cpu
 *
 * Return: the task, or an ERR_PTR() as kthread_ng_create_on_cpu() returns.
 */
static inline struct task_struct *
kthread_ng_run_on_cpu(int (*threadfn)(void *data), void *data,
		      unsigned int cpu, const char *namefmt)
{
	struct task_struct *p;

	p = kthread_ng_create_on_cpu(threadfn, data, cpu, namefmt);
	if (!IS_ERR(p))
		wake_up_process(p);
	return p;
}

void kthread_ng_bind(struct task_struct *k, unsigned int cpu);
void kthread_ng_bind_mask(struct task_struct *k, const struct cpumask *mask);
void kthread_ng_set_per_cpu(struct task_struct *k, int cpu);
bool kthread_ng_is_per_cpu(struct task_struct *k);
int kthread_ng_affine_preferred(struct task_struct *p,
				const struct cpumask *mask);

int kthread_ng_stop(struct task_struct *k);
int kthread_ng_stop_put(struct task_struct *k);
bool kthread_ng_should_stop(void);
bool kthread_ng_should_park(void);
bool kthread_ng_should_stop_or_park(void);
bool kthread_ng_freezable_should_stop(bool *was_frozen);
int kthread_ng_park(struct task_struct *k);
void kthread_ng_unpark(struct task_struct *k);
void kthread_ng_parkme(void);
void kthread_ng_exit(long result);
void kthread_ng_complete_and_exit(struct completion *comp, long code);
void __module_put_and_kthread_ng_exit(struct module *mod, long code);
/*
 * Neither returns.  They are not declared __noreturn: objtool, checking the
 * calling module, knows only the kernel's own noreturn functions and would
 * take the caller's code after the call for a path into the next function.
 * The trap after the call, never reached, ends that path for it.
 */
#define kthread_ng_exit(result)						\
	do {								\
		kthread_ng_exit(result);				\
		__builtin_trap();					\
	} while (0)
#define kthread_ng_complete_and_exit(comp, code)			\
	do {								\
		kthread_ng_complete_and_exit(comp, code);		\
		__builtin_trap();					\
	} while (0)
#define __module_put_and_kthread_ng_exit(mod, code)			\
	do {								\
		__module_put_and_kthread_ng_exit(mod, code);		\
		__builtin_trap();					\
	} while (0)
/* module_put_and_kthread_exit()'s counterpart: puts THIS_MODULE. */
#define module_put_and_kthread_ng_exit(code)				\
	__module_put_and_kthread_ng_exit(THIS_MODULE, code)

void *kthread_ng_func(struct task_struct *k);
void *kthread_ng_data(struct task_struct *k);
void *kthread_ng_probe_data(struct task_struct *k);
void kthread_ng_get_comm(char *buf, size_t buf_size, struct task_struct *tsk);

void kthread_ng_use_mm(struct mm_struct *mm);
void kthread_ng_unuse_mm(struct mm_struct *mm);
void kthread_ng_associate_blkcg(struct cgroup_subsys_state *css);
struct cgroup_subsys_state *kthread_ng_blkcg(void);

/* ------------------------------------------------------------------ */
/* Workers (worker.c)                                                  */
/* ------------------------------------------------------------------ */

struct kthread_ng_work;
struct kthread_ng_percpu_worker;
struct kng_boost;
typedef void (*kthread_ng_work_func_t)(struct kthread_ng_work *work);
void kthread_ng_delayed_work_timer_fn(struct timer_list *t);

enum {
	KTW_NG_FREEZABLE	= 1 << 0,	/* freeze between works */
	KTW_NG_PRIO_INHERIT	= 1 << 1,	/* a flusher lends its RT priority */
};

/**
 * struct kthread_ng_worker - a thread that runs works in FIFO order
 * @flags: KTW_NG_* flags given at creation (and bits of kthread_ng's own)
 * @task: the thread running kthread_ng_worker_fn(); cleared when it stops.
 *	  A user may set its priority or affinity before the worker starts
 *	  (sched_set_fifo(worker->task)), as with a kthread_worker.
 *
 * The other members are kthread_ng's own.  What a queueing and a start
 * touch comes first, within one cache line; the worker's own counters sit
 * on a line of their own, so that the queueing cpu and the worker's cpu
 * pass one line back and forth per work, not two.
 */
struct kthread_ng_worker {
	unsigned int		flags;
	/* private: */
	/*
	 * Protects the lists, @current_work, @current_queuer, @drain_depth,
	 * @destroying, @nr_waiters, @destroyer, the counters (but
	 * @max_latency_ns) and the stall detector's fields, and of each work
	 * bound to this worker its @node, @delayed, @canceling and
	 * @queuer_stack.
	 */
	raw_spinlock_t		lock;
	/* Works ready to run, oldest first. */
	struct list_head	work_list;
	/* public: */
	struct task_struct	*task;
	/* private: */
	/* The work whose function runs now, or NULL. */
	struct kthread_ng_work	*current_work;
	/* queuer_stacks: @current_work's @queuer_stack, taken with it. */
	u32			current_queuer;
	/*
	 * Cancels, disables, mods and flushes that dropped @lock to wait and
	 * will take it again; the destroy frees the worker only once it
	 * finds none, under @lock.
	 */
	unsigned int		nr_waiters;
	/* Works queued so far (a delayed work moved by mod is not queued again). */
	u64			nr_queued;
	/*
	 * Drains in progress (kthread_ng_drain_worker() callers, and
	 * kthread_ng_destroy_worker()); while non-zero only the worker's own
	 * thread, in task context, may queue.
	 */
	unsigned int		drain_depth;
	/* A refused queueing was reported since @drain_depth last rose from 0. */
	bool			drain_warned;
	/* The destroy has begun: timers no longer queue their works. */
	bool			destroying;
	/* queuer_stacks: the period of @current_queuer (@queuer_gen's). */
	u8			current_queuer_gen;
	/* The destroy sleeping until @nr_waiters is 0; the last waiter wakes it. */
	struct task_struct	*destroyer;
	/*
	 * KTW_NG_PRIO_INHERIT: the waiters lending the worker their priority
	 * (worker_sched.c); set at creation, freed with the worker.
	 */
	struct kng_boost	*boost;

	/* Delayed works whose timer is armed. */
	struct list_head	delayed_work_list;
	/* Entry on the list of running workers (stall.c). */
	struct list_head	debug_node;
	/* Pending works removed by a cancel. */
	u64			nr_canceled;

	/*
	 * Work functions started so far; works pending are @nr_queued -
	 * @nr_executed - @nr_canceled.  A flush work is counted here from
	 * its start until its function returns it.
	 */
	u64			nr_executed ____cacheline_aligned_in_smp;
	/*
	 * Longest time from queueing to the start of a work, while the
	 * latency_stats parameter is on; written by the worker thread only,
	 * without @lock.
	 */
	u64			max_latency_ns;
	/*
	 * local_clock() when the work running now started, while
	 * latency_stats is on; written by the worker thread only, without
	 * @lock.
	 */
	u64			run_start_ns;
	/* The function of the last work started (@current_work may be freed). */
	kthread_ng_work_func_t	current_func;
	/*
	 * @current_work's function has returned; written by the worker thread
	 * alone, without @lock (set again under it when the next work starts).
	 */
	bool			current_returned;
	/*
	 * The stall detector's: whether its last look found the worker idle,
	 * whether the stall since then was reported, the stalls reported,
	 * works started (@nr_executed + @nr_flushes) when it last saw the
	 * worker make progress, and jiffies then (or when it first saw it
	 * busy after idle).
	 */
	bool			stall_seen_idle;
	bool			stall_reported;
	unsigned int		nr_stalls;
	u64			stall_seen_started;
	unsigned long		stall_seen_ts;
	/* Flush works run (not counted in @nr_executed once done). */
	u64			nr_flushes;
#ifdef CONFIG_LOCKDEP
	/*
	 * Held by the worker thread while a work runs; flush, drain and
	 * destroy take it too, so that lockdep sees a wait for the worker
	 * under a lock that one of its works takes.  @lockdep_key is its
	 * class for a worker that kthread_ng allocated.
	 */
	struct lockdep_map	lockdep_map;
	struct lock_class_key	lockdep_key;
#endif
};

/**
 * struct kthread_ng_work - a function to run on a kthread_ng worker
 *
 * Set up with kthread_ng_init_work() or the static initializers; its
 * members are kthread_ng's own.
 */
struct kthread_ng_work {
	/* private: */
	/* On the worker's work_list or delayed_work_list; empty if not pending. */
	struct list_head	node;
	kthread_ng_work_func_t	func;
	/*
	 * The worker the work was first queued on (even if that queueing was
	 * refused as disabled), set once with cmpxchg(): a work is never used
	 * with two workers, but for the cpus' workers of one per-cpu worker,
	 * between which an idle work moves (see "Moving" in worker.c).
	 */
	struct kthread_ng_worker *worker;
	/* Cancel or disable calls in progress; queueing is refused meanwhile. */
	int			canceling;
	/*
	 * The disable depth (kthread_ng_disable_work()), queueing refused
	 * while it is non-zero, and a bit set once @worker is (not for the
	 * worker's internal flush works).  Atomic: a work that was never
	 * queued has no lock; see "Binding" in worker.c.
	 */
	atomic_t		disable;
	/* On delayed_work_list, waiting for its timer. */
	bool			delayed;
	/* From the static initializers: DEBUG_OBJECTS_WORK skips it. */
	bool			is_static;
	/*
	 * The work of a struct kthread_ng_delayed_work, never changed: a sync
	 * cancel through the plain work knows a timer callback may be in flight.
	 */
	bool			is_dwork;
	/*
	 * While the queuer_stacks parameter is on, the stack depot's handle
	 * of the stack that queued the work last, and the parameter's period
	 * then (@queuer_gen: a handle of an earlier period is not this
	 * queueing's); copied to the worker when it takes the work; under the
	 * worker's lock.
	 */
	u8			queuer_gen;
	u32			queuer_stack;
	/*
	 * The work's instances, under the worker's lock: @seq numbers the
	 * queueings that made it pending (from 1: 0 names none), @ran_seq is
	 * the @seq of the instance its worker last took to run.
	 * kthread_ng_flush_ticket() compares them.
	 */
	u64			seq;
	u64			ran_seq;
	/*
	 * local_clock() when last put on work_list while the latency_stats
	 * parameter was on; written under the worker's lock.
	 */
	u64			queued_ns;
#ifdef CONFIG_LOCKDEP
	/*
	 * Held by the worker thread while the function runs; flush and the
	 * sync cancels take it, so that lockdep sees a wait for the work
	 * under a lock that the work takes.
	 */
	struct lockdep_map	lockdep_map;
#endif
};

/**
 * struct kthread_ng_delayed_work - a work that is queued when a timer fires
 * @work: the work
 * @timer: an IRQ-safe timer running kthread_ng_delayed_work_timer_fn()
 */
struct kthread_ng_delayed_work {
	struct kthread_ng_work	work;
	struct timer_list	timer;
};

/*
 * For works of static storage duration; one on the stack must be set up with
 * kthread_ng_init_work(), which gives it a lockdep class of its own.  With
 * lockdep, a static work is its own class, as in workqueue.
 */
#ifdef CONFIG_LOCKDEP
#define __KTHREAD_NG_WORK_INIT(work, fn, dw)	{			\
	.node = LIST_HEAD_INIT((work).node),				\
	.func = (fn),							\
	.is_static = true,						\
	.is_dwork = (dw),						\
	.lockdep_map = STATIC_LOCKDEP_MAP_INIT(#work, &(work)),		\
	}
#else
#define __KTHREAD_NG_WORK_INIT(work, fn, dw)	{			\
	.node = LIST_HEAD_INIT((work).node),				\
	.func = (fn),							\
	.is_static = true,						\
	.is_dwork = (dw),						\
	}
#endif

#define KTHREAD_NG_WORK_INIT(work, fn)	__KTHREAD_NG_WORK_INIT(work, fn, false)

#define KTHREAD_NG_DELAYED_WORK_INIT(dwork, fn) {			\
	.work = __KTHREAD_NG_WORK_INIT((dwork).work, (fn), true),	\
	.timer = __TIMER_INITIALIZER(kthread_ng_delayed_work_timer_fn,	\
				     TIMER_IRQSAFE),			\
	}

#define DEFINE_KTHREAD_NG_WORK(work, fn)				\
	struct kthread_ng_work work = KTHREAD_NG_WORK_INIT(work, fn)

#define DEFINE_KTHREAD_NG_DELAYED_WORK(dwork, fn)			\
	struct kthread_ng_delayed_work dwork =				\
		KTHREAD_NG_DELAYED_WORK_INIT(dwork, fn)

void __kthread_ng_init_worker(struct kthread_ng_worker *worker,
			      const char *name, struct lock_class_key *key,
			      struct lock_class_key *map_key);

/**
 * kthread_ng_init_worker - initialize a worker embedded in a caller's object
 * @worker: the worker to initialize
 *
 * Each call site gets its own lockdep classes for the worker's lock and for
 * the worker itself (see struct kthread_ng_worker's @lockdep_map).
 */
#define kthread_ng_init_worker(worker)					\
	do {								\
		static struct lock_class_key __key, __map_key;		\
		__kthread_ng_init_worker((worker), #worker, &__key,	\
					 &__map_key);			\
	} while (0)

#ifdef CONFIG_DEBUG_OBJECTS_WORK
void kthread_ng_debug_init_work(struct kthread_ng_work *work);
#else
static inline void kthread_ng_debug_init_work(struct kthread_ng_work *work) { }
#endif

static inline void __kthread_ng_init_work(struct kthread_ng_work *work,
					  kthread_ng_work_func_t fn,
					  const char *name,
					  struct lock_class_key *key)
{
	/* First: if @work is still pending, this takes it off its worker. */
	kthread_ng_debug_init_work(work);
	memset(work, 0, sizeof(*work));
	INIT_LIST_HEAD(&work->node);
	work->func = fn;
	lockdep_init_map(&work->lockdep_map, name, key, 0);
}

/**
 * kthread_ng_init_work - initialize a work
 * @work: the work to initialize
 * @fn: the function it runs
 *
 * Must not be called on a work that is pending or running.  With
 * CONFIG_DEBUG_OBJECTS_WORK, initializing a pending work is reported (ODEBUG
 * "init active") and the work is canceled first, so that no worker keeps a
 * list entry that the initialization would overwrite.  Each call site is a
 * lockdep class of its own.
 */
#define kthread_ng_init_work(work, fn)					\
	do {								\
		static struct lock_class_key __key;			\
		__kthread_ng_init_work((work), (fn), #work, &__key);	\
	} while (0)

/**
 * kthread_ng_init_delayed_work - initialize a delayed work
 * @dwork: the delayed work to initialize
 * @fn: the function it runs
 *
 * The timer is IRQ-safe: its callback runs with interrupts off, which is
 * what lets kthread_ng_destroy_worker() wait for a callback in flight.
 * @dwork must not live on the stack (DEBUG_OBJECTS).
 */
#define kthread_ng_init_delayed_work(dwork, fn)				\
	do {								\
		static struct lock_class_key __key;			\
		__kthread_ng_init_work(&(dwork)->work, (fn), #dwork,	\
				       &__key);				\
		(dwork)->work.is_dwork = true;				\
		timer_setup(&(dwork)->timer,				\
			    kthread_ng_delayed_work_timer_fn,		\
			    TIMER_IRQSAFE);				\
	} while (0)

int kthread_ng_worker_fn(void *worker_ptr);

__printf(2, 3)
struct kthread_ng_worker *kthread_ng_create_worker(unsigned int flags,
						   const char namefmt[], ...);
__printf(3, 4)
struct kthread_ng_worker *kthread_ng_create_worker_on_cpu(int cpu,
							  unsigned int flags,
							  const char namefmt[],
							  ...);
__printf(3, 4)
struct kthread_ng_worker *kthread_ng_create_worker_on_node(unsigned int flags,
							   int node,
							   const char namefmt[],
							   ...);

/**
 * kthread_ng_start_worker - start the thread of a created worker
 * @worker: a worker from kthread_ng_create_worker*(), or an ERR_PTR()
 *
 * The kthread_ng_create_worker*() functions, as the kernel's since 6.14, do
 * not start the thread, so that it can be set up first; this starts it (so
 * does the first queueing).  A 6.x-era kthread_create_worker_on_cpu() call
 * ports as kthread_ng_start_worker(kthread_ng_create_worker_on_cpu(...)).
 *
 * Return: @worker.
 */
static inline struct kthread_ng_worker *
kthread_ng_start_worker(struct kthread_ng_worker *worker)
{
	if (!IS_ERR(worker))
		wake_up_process(worker->task);
	return worker;
}

/**
 * kthread_ng_run_worker - create a worker and start its thread
 * @flags: KTW_NG_* flags
 * @namefmt: printf-style name for the worker's thread
 *
 * The upstream (6.14+) kthread_run_worker(), and what a 6.x-era
 * kthread_create_worker() call means.
 */
#define kthread_ng_run_worker(flags, namefmt, ...)			\
	kthread_ng_start_worker(kthread_ng_create_worker(flags, namefmt,	\
							 ## __VA_ARGS__))

struct kthread_ng_worker *kthread_ng_run_worker_on_cpu(int cpu,
						       unsigned int flags,
						       const char namefmt[]);

bool kthread_ng_queue_work(struct kthread_ng_worker *worker,
			   struct kthread_ng_work *work);
bool kthread_ng_queue_delayed_work(struct kthread_ng_worker *worker,
				   struct kthread_ng_delayed_work *dwork,
				   unsigned long delay);
bool kthread_ng_mod_delayed_work(struct kthread_ng_worker *worker,
				 struct kthread_ng_delayed_work *dwork,
				 unsigned long delay);

void kthread_ng_flush_work(struct kthread_ng_work *work);
bool kthread_ng_flush_delayed_work(struct kthread_ng_delayed_work *dwork);
bool kthread_ng_queue_work_ticket(struct kthread_ng_worker *worker,
				  struct kthread_ng_work *work, u64 *ticket);
bool kthread_ng_flush_ticket(struct kthread_ng_work *work, u64 ticket);
void kthread_ng_flush_worker(struct kthread_ng_worker *worker);
void kthread_ng_drain_worker(struct kthread_ng_worker *worker);

bool kthread_ng_cancel_work(struct kthread_ng_work *work);
bool kthread_ng_cancel_delayed_work(struct kthread_ng_delayed_work *dwork);
bool kthread_ng_cancel_work_sync(struct kthread_ng_work *work);
bool kthread_ng_cancel_delayed_work_sync(struct kthread_ng_delayed_work *dwork);

bool kthread_ng_disable_work(struct kthread_ng_work *work);
bool kthread_ng_disable_work_sync(struct kthread_ng_work *work);
bool kthread_ng_enable_work(struct kthread_ng_work *work);
bool kthread_ng_disable_delayed_work(struct kthread_ng_delayed_work *dwork);
bool kthread_ng_disable_delayed_work_sync(struct kthread_ng_delayed_work *dwork);
bool kthread_ng_enable_delayed_work(struct kthread_ng_delayed_work *dwork);

void kthread_ng_destroy_worker(struct kthread_ng_worker *worker);

int kthread_ng_worker_set_deadline(struct kthread_ng_worker *worker,
				   u64 runtime_ns, u64 deadline_ns,
				   u64 period_ns);

/* Per-cpu workers (worker_percpu.c): a worker per cpu, following hotplug. */
__printf(2, 3)
struct kthread_ng_percpu_worker *
kthread_ng_create_percpu_worker(unsigned int flags, const char namefmt[], ...);
void kthread_ng_destroy_percpu_worker(struct kthread_ng_percpu_worker *pw);
bool kthread_ng_queue_work_on(struct kthread_ng_percpu_worker *pw, int cpu,
			      struct kthread_ng_work *work);
bool kthread_ng_queue_work_local(struct kthread_ng_percpu_worker *pw,
				 struct kthread_ng_work *work);
void kthread_ng_flush_percpu_worker(struct kthread_ng_percpu_worker *pw);
int kthread_ng_percpu_worker_set_sched(struct kthread_ng_percpu_worker *pw,
				       int policy, int prio);
struct task_struct *
kthread_ng_percpu_worker_task(struct kthread_ng_percpu_worker *pw, int cpu);

#endif /* _KTHREAD_NG_H */
