/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the observers of the worker engine share: the stall detector and
 * the list of running workers (stall.c), the latency statistics
 * (latency.c), the queuers' stacks (queuer.c), and debugfs "workers"
 * (worker_debugfs.c).  worker.c calls them only through
 * kng_worker_observe() and kng_worker_unobserve() (kng_internal.h); the
 * latency statistics and the queuers' stacks are probes on its trace
 * events, each turned on by a module parameter (probes.c).
 */
#ifndef _KNG_OBSERVE_H
#define _KNG_OBSERVE_H

#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>

#include "kthread_ng.h"

/* The workers whose thread runs kthread_ng_worker_fn() (stall.c). */
extern struct mutex kng_workers_lock;
extern struct list_head kng_workers;

/* Under kng_workers_lock and the worker's lock. */
unsigned long kng_stalled_for(struct kthread_ng_worker *worker);
const char *kng_stall_where(struct kthread_ng_worker *worker,
			    unsigned long stalled);

bool kng_latency_active(void);

/*
 * An observer kept by probes on the trace events, turned on by a module
 * parameter (probes.c): @reg registers its probes (and allocates what they
 * use), @unreg undoes that once no probe runs any more.
 */
struct kng_probes {
	const char	*name;
	int		(*reg)(void);
	void		(*unreg)(void);
	bool		want;	/* the parameter's value */
	bool		live;	/* between module init and exit */
	bool		on;	/* the probes are registered */
};

extern struct mutex kng_probes_lock;
extern const struct kernel_param_ops kng_probes_ops;
void kng_probes_live(struct kng_probes *set, bool live);
bool kng_probes_on(struct kng_probes *set);
void kng_probes_synchronize(void);

/* The queuers' stacks (queuer.c); without a stack depot, none. */
#ifdef CONFIG_STACKDEPOT
bool kng_queuer_active(void);
u32 kng_queuer_of(u32 handle, u8 gen);
unsigned long kng_queuer_site(u32 handle);
void kng_queuer_print(u32 handle);
#else
static inline bool kng_queuer_active(void)
{
	return false;
}

static inline u32 kng_queuer_of(u32 handle, u8 gen)
{
	return 0;
}

static inline unsigned long kng_queuer_site(u32 handle)
{
	return 0;
}

static inline void kng_queuer_print(u32 handle) { }
#endif

#endif /* _KNG_OBSERVE_H */
