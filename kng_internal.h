/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the module's source files share and nobody else sees.
 */
#ifndef _KNG_INTERNAL_H
#define _KNG_INTERNAL_H

#include <linux/bits.h>
#include <linux/export.h>
#include <linux/jump_label.h>
#include "kthread_ng.h"
#include "kng_fault.h"

struct dentry;
extern struct dentry *kng_debugfs_dir;

/*
 * A read-only debugfs file whose reads go through seq_read_iter(), so that
 * kernel_read() works on it too.  Created with debugfs_create_file_unsafe():
 * .owner pins the module while the file is open, which is all the protection
 * the data needs.
 */
#define KNG_DEBUGFS_FOPS(name)						\
static int name##_open(struct inode *inode, struct file *file)		\
{									\
	return single_open(file, name##_show, inode->i_private);	\
}									\
static const struct file_operations name##_fops = {			\
	.owner		= THIS_MODULE,					\
	.open		= name##_open,					\
	.read_iter	= seq_read_iter,				\
	.llseek		= seq_lseek,					\
	.release	= single_release,				\
}

/* Module init and exit (main.c): the threads first, then the workers' observers. */
int kng_threads_init(void);
void kng_threads_debugfs_init(void);
void kng_threads_exit(void);
int kng_worker_debugfs_init(void);
/* worker.c's one call out to its observers (stall.c): a thread starts, leaves. */
void kng_worker_observe(struct kthread_ng_worker *worker);
void kng_worker_unobserve(struct kthread_ng_worker *worker);
void kng_stall_start(void);
void kng_stall_stop(void);
void kng_latency_start(void);
void kng_latency_stop(void);
void kng_latency_debugfs_init(void);
/*
 * queuer.c's, for the engine: while queuer_stacks is on, a queueing saves
 * its stack in the work, and the worker takes it with the work (both under
 * the worker's lock); off, a patched-out branch.
 */
#ifdef CONFIG_STACKDEPOT
DECLARE_STATIC_KEY_FALSE(kng_queuer_key);
void kng_queuer_start(void);
void kng_queuer_stop(void);
void kng_queuer_save(struct kthread_ng_work *work);

static __always_inline void kng_queuer_queued(struct kthread_ng_work *work)
{
	if (static_branch_unlikely(&kng_queuer_key))
		kng_queuer_save(work);
}

static __always_inline void kng_queuer_taken(struct kthread_ng_worker *worker,
					     struct kthread_ng_work *work)
{
	if (static_branch_unlikely(&kng_queuer_key)) {
		worker->current_queuer = work->queuer_stack;
		worker->current_queuer_gen = work->queuer_gen;
	}
}
#else
static inline void kng_queuer_start(void) { }
static inline void kng_queuer_stop(void) { }
static inline void kng_queuer_queued(struct kthread_ng_work *work) { }
static inline void kng_queuer_taken(struct kthread_ng_worker *worker,
				    struct kthread_ng_work *work) { }
#endif

/*
 * worker.c, for worker_create.c: a worker kthread_ng allocates gets a
 * lockdep class of its own, and is freed with it.
 */
void kng_worker_lockdep_register(struct kthread_ng_worker *worker);
void kng_free_worker(struct kthread_ng_worker *worker);

/*
 * worker_sched.c, for worker.c and worker_create.c: a waiter lends a
 * KTW_NG_PRIO_INHERIT worker its priority (kng_boost_begin()) until the
 * worker runs the waiter's flush work (kng_boost_end()); the loan lives in
 * the flush work, under the worker's boost lock.
 */
struct kng_booster {
	struct list_head	node;
	int			prio;
	bool			lent;	/* on the lenders' list */
	bool			ended;	/* the flush work ran: no loan */
};

int kng_boost_prio(struct kthread_ng_worker *worker);
void kng_boost_begin(struct kthread_ng_worker *worker,
		     struct kng_booster *lender);
void kng_boost_end(struct kthread_ng_worker *worker,
		   struct kng_booster *lender, struct completion *done);
int kng_boost_alloc(struct kthread_ng_worker *worker);
void kng_boost_free(struct kthread_ng_worker *worker);

/* worker.c, for worker_cancel.c: what kng_cancel() does besides dequeueing. */
enum {
	KNG_CANCEL_DELAYED	= 1 << 0,	/* a delayed work: disarm the timer */
	KNG_CANCEL_SYNC		= 1 << 1,	/* wait for the callback and a run */
	KNG_CANCEL_DISABLE	= 1 << 2,	/* raise the disable count too */
};

bool kng_cancel(struct kthread_ng_work *work, unsigned int cflags,
		const char *caller);

/* kthread_ng's own bit of kthread_ng_worker::flags: see below. */
#define KNG_WORKER_PERCPU_CPU	BIT(31)

/*
 * A cpu's worker of a per-cpu worker (KNG_WORKER_PERCPU_CPU, set before it
 * starts): the worker and
 * what ties it to its per-cpu worker, in one allocation, the worker first
 * (kng_free_worker() frees it), so that a plain worker is not one byte
 * bigger.  @pw and @cpu are set before the worker starts, never changed.
 */
struct kng_percpu_cpu {
	struct kthread_ng_worker	worker;
	struct kthread_ng_percpu_worker	*pw;
	unsigned int			cpu;
};

static inline struct kng_percpu_cpu *
kng_percpu_cpu_of(struct kthread_ng_worker *worker)
{
	return container_of(worker, struct kng_percpu_cpu, worker);
}

/* worker.c, for worker_percpu.c: its queueing, and a drain in two steps. */
bool kng_queue_percpu(struct kthread_ng_worker *worker,
		      struct kthread_ng_work *work);
void kng_drain_begin(struct kthread_ng_worker *worker, bool destroy);
void kng_drain(struct kthread_ng_worker *worker, const char *caller);

/* worker_create.c, worker_sched.c and worker.c, for worker_percpu.c. */
__printf(6, 7)
struct kthread_ng_worker *kng_create_worker_fmt(int (*threadfn)(void *data),
						size_t size, int cpu,
						unsigned int flags, int node,
						const char namefmt[], ...);
int kng_percpu_worker_fn(void *worker_ptr);
struct sched_attr;
int kng_worker_setattr(struct kthread_ng_worker *worker,
		       const struct sched_attr *attr);
int kng_percpu_init(void);
void kng_percpu_exit(void);

/* Bits of kthread_ng::flags; set and cleared with atomic bitops. */
enum kng_bits {
	KNG_IS_PER_CPU,		/* unpark rebinds to kthread_ng::cpu */
	KNG_SHOULD_STOP,	/* set once by kthread_ng_stop() */
	KNG_SHOULD_PARK,	/* set by park, cleared by unpark */
	KNG_STARTED,		/* kng_entry() ran: binding is too late */
	KNG_EXITED,		/* kng_exit_work() runs: the thread is exiting */
	KNG_EXIT_DONE,		/* kng_exit_work() is done; its wake-up follows */
	KNG_PARKED,		/* this park is acknowledged; the next clears it */
	KNG_STOP_WAITED,	/* a stopper waits with kthread_stop() */
	KNG_STOP_DONE,		/* that stopper wrote the result: others read it */
	KNG_EXIT_WORK_LOST,	/* kng_exit_work() ran before the exit */
	KNG_HANDED,		/* creation: its creator or its consumer decided */
	KNG_CREATED,		/* creation: the consumer's result is written */
};

/*
 * For kthread_ng_worker_fn(): current's flag word, looked up once, so that
 * its loop tests KNG_SHOULD_STOP without a call.
 */
unsigned long *kng_self_flags(void);

#endif /* _KNG_INTERNAL_H */
