/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fault hooks: every place where kthread_ng can fail, and every point of a
 * creation at which the creator may be killed, named so that the test build
 * can make it fail or act there.  Built only with KNG_FAULT_INJECT=1 (the
 * test kernel's build, see scripts/build-modules.sh); in any other build the
 * hooks are empty inlines and cost nothing.
 */
#ifndef _KNG_FAULT_H
#define _KNG_FAULT_H

#include <linux/types.h>

/* Places that can fail.  Each fails with -ENOMEM unless noted. */
enum kng_fault_site {
	KNG_FAULT_THREAD_ALLOC,		/* create: struct kthread_ng */
	KNG_FAULT_NAME_ALLOC,		/* create: the full name */
	KNG_FAULT_SPAWN,		/* a consumer: kthread_create_on_node() */
	KNG_FAULT_WORKER_ALLOC,		/* create_worker: the worker */
	KNG_FAULT_PREFERRED_ALLOC,	/* affine_preferred: the mask */
	KNG_FAULT_INIT_DAEMON,		/* module init: kthreadd_ng itself */
	KNG_FAULT_INIT_CPUHP,		/* module init: the hotplug state */
	KNG_FAULT_NR_SITES
};

/* Points of a creation at which the test build may kill the creator. */
enum kng_fault_point {
	KNG_POINT_CREATE_ENTER,		/* creator: before anything */
	KNG_POINT_CREATE_QUEUED,	/* creator: request listed, not waiting */
	KNG_POINT_SPAWN_BEFORE,		/* a consumer: about to make the task */
	KNG_POINT_SPAWN_AFTER,		/* a consumer: task made, not handed */
	KNG_POINT_HANDED_OVER,		/* a consumer: creator's done taken */
	KNG_FAULT_NR_POINTS
};

typedef void (*kng_fault_hook_t)(enum kng_fault_point point, void *arg);

/*
 * Race points: where one side of a race is outside every lock, so that a
 * test can hold it there while the other side runs.  A hook runs in the
 * point's context: the timer callback's is atomic, with interrupts off.
 */
enum kng_race_point {
	KNG_RACE_TIMER_FN,	/* timer callback, before worker->lock */
	KNG_RACE_MOD,		/* mod_delayed_work, before worker->lock */
	KNG_RACE_CANCEL_WAIT,	/* sync cancel, lock dropped, before waiting */
	KNG_RACE_MOD_WAIT,	/* mod, lock dropped, before it waits for the callback */
	KNG_RACE_DISABLE,	/* disable, before it looks at the work */
	KNG_RACE_DISABLE_UNBOUND, /* disable, work seen unbound, depth not raised */
	KNG_RACE_BIND,		/* first queueing: @worker set, KNG_BOUND not */
	KNG_RACE_PARK,		/* park, after its checks, before it asks */
	KNG_RACE_PARK_WAIT,	/* park, asked and woken, before it waits */
	KNG_RACE_PARKME,	/* the parking thread, before it acknowledges */
	KNG_RACE_UNPARK,	/* unpark, rebound, before it clears the park flag */
	KNG_RACE_SPAWN,		/* a consumer: creator seen, no module ref yet */
	KNG_RACE_EXIT,		/* exiting thread: result written, not in do_exit() */
	KNG_RACE_EXIT_ANSWER,	/* exit accounting: done, a parker not answered */
	KNG_RACE_WORK_DONE,	/* worker thread: a work returned, lock not taken */
	KNG_RACE_DRAIN,		/* drain: a round flushed, before it looks */
	KNG_RACE_DESTROY,	/* destroy: drained, before it cancels the armed */
	KNG_RACE_DESTROY_WAITERS, /* destroy: stopped, before it waits for waiters */
	KNG_RACE_FLUSH,		/* flush, before worker->lock */
	KNG_RACE_CPU_OFFLINE,	/* hotplug: preferred masks applied, cpu still up */
	KNG_RACE_FLUSH_WAIT,	/* flush: flush work queued, lock dropped */
	KNG_RACE_FLUSH_FIRE_WAIT, /* flush_delayed, lock dropped, before the wait */
	KNG_RACE_BOOSTED,	/* flush: the worker boosted, before the wait */
	KNG_RACE_CANCEL_LOCK,	/* cancel, disable: worker read, its lock not taken */
	KNG_RACE_NR_POINTS
};

typedef void (*kng_race_hook_t)(enum kng_race_point point, void *arg);

#ifdef KNG_FAULT_INJECT
bool kng_fault(enum kng_fault_site site);
void kng_fault_point(enum kng_fault_point point);
void kng_fault_count_objects(int delta);
void kng_fault_init(void);

/* For the test suites (test build only). */
void kng_fault_arm(unsigned int nth);
int kng_fault_fired(void);
unsigned int kng_fault_injected(void);
void kng_fault_set_hook(enum kng_fault_point point, kng_fault_hook_t fn,
			void *arg);
int kng_fault_live_objects(void);
void kng_race_point(enum kng_race_point point);
void kng_race_set(enum kng_race_point point, kng_race_hook_t fn, void *arg);
void kng_race_clear_all(void);
#else
static inline bool kng_fault(enum kng_fault_site site) { return false; }
static inline void kng_fault_point(enum kng_fault_point point) { }
static inline void kng_fault_count_objects(int delta) { }
static inline void kng_fault_init(void) { }
static inline void kng_fault_arm(unsigned int nth) { }
static inline void kng_race_point(enum kng_race_point point) { }
#endif

/* @alloc, unless the test build makes @site fail: then NULL. */
#define kng_fault_alloc(site, alloc)	(kng_fault(site) ? NULL : (alloc))

#endif /* _KNG_FAULT_H */
