/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the race cases share (thread_race_test.c, worker_race_test.c,
 * observe_test.c): a hook for the test build's race points (kng_fault.h)
 * that holds the side that reaches the point, asleep, until the test
 * releases it.
 */
#ifndef _KNG_RACE_H
#define _KNG_RACE_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <kunit/test.h>

#include "kng_fault.h"

/* A hook that holds a sleeping side until the test releases it. */
struct hold {
	struct completion	at_point;
	struct completion	release;
	struct completion	*also;	/* completed at the point too, if set */
	atomic_t		hits;
	int			nth;	/* the hit that is held, from 1 */
};

static inline void hold_init(struct hold *h)
{
	init_completion(&h->at_point);
	init_completion(&h->release);
	h->also = NULL;
	atomic_set(&h->hits, 0);
	h->nth = 1;
}

static inline struct hold *new_hold(struct kunit *test)
{
	struct hold *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, h);
	hold_init(h);
	return h;
}

/* The @nth caller waits for the release; the others pass. */
static inline void hold_hook(enum kng_race_point point, void *arg)
{
	struct hold *h = arg;

	if (atomic_inc_return(&h->hits) != h->nth)
		return;
	complete(&h->at_point);
	if (h->also)
		complete(h->also);
	wait_for_completion(&h->release);
}

/*
 * Lets the side held at @point go, and waits for it to return (@done): the
 * point then holds nobody again.
 */
static inline void hold_let_go(enum kng_race_point point, struct hold *h,
			       struct completion *done)
{
	complete(&h->release);
	wait_for_completion(done);
	kng_race_set(point, NULL, NULL);
}

#endif /* _KNG_RACE_H */
