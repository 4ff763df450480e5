/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the worker race suites share (worker_race_test.c, waiter_race_test.c;
 * the definitions are in worker_race_util.c): a delayed work that counts its
 * runs, a worker of the case's, and a timer callback held spinning where it
 * runs, with interrupts off, while the case runs the other side.
 */
#ifndef _KNG_WORKER_RACE_H
#define _KNG_WORKER_RACE_H

#include <kunit/test.h>

#include "kthread_ng.h"

struct rwork {
	struct kthread_ng_delayed_work	dwork;
	atomic_t			runs;
	atomic_t			disabled;	/* set while the test holds it so */
	atomic_t			ran_disabled;
};

struct rwork *race_new_rwork(struct kunit *test);
struct kthread_ng_worker *race_new_worker(struct kunit *test);

/*
 * Holds the callback (atomic, interrupts off) until released or 200 ms
 * passed, whichever comes first: a fixed side must not wait for a release
 * that never comes.  The test runs the other side on another cpu.
 */
struct spin_hold {
	struct kthread_ng_worker	*w;
	struct rwork			*r;
	unsigned int			test_cpu;
	atomic_t			entered;
	atomic_t			left;
	atomic_t			release;
	struct completion		held;
	struct completion		armed;
};

/* How long the callback is held at most; a case may need longer. */
#define SPIN_HOLD_MS	200
extern unsigned int race_spin_hold_ms;

struct spin_hold *race_hold_callback(struct kunit *test,
				     struct kthread_ng_worker *w,
				     struct rwork *r);
void race_release_callback(struct kunit *test, struct spin_hold *sh);
void race_suite_exit(struct kunit *test);

#endif /* _KNG_WORKER_RACE_H */
