/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the observers of the worker engine share: the stall detector and
 * the list of running workers (stall.c), the latency statistics
 * (latency.c) and debugfs "workers" (worker_debugfs.c).  worker.c calls
 * them only through kng_worker_observe() and kng_worker_unobserve()
 * (kng_internal.h); the latency statistics are probes on its trace events.
 */
#ifndef _KNG_OBSERVE_H
#define _KNG_OBSERVE_H

#include <linux/list.h>
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

#endif /* _KNG_OBSERVE_H */
