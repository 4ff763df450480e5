/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _KNG_FREEZE_H
#define _KNG_FREEZE_H

#include <linux/atomic.h>
#include <linux/types.h>

/* What kng_freeze_helper saw across one freeze/thaw cycle. */
struct kng_freeze_report {
	atomic_t	thread_loops;
	atomic_t	thread_thawed;		/* was_frozen came back true */
	atomic_t	thread_seen_frozen;	/* monitor saw it frozen */
	atomic_t	worker_seen_frozen;
	atomic_t	plain_seen_frozen;
	atomic_t	worker_runs;
	atomic_t	plain_runs;
	u64		worker_max_gap_ns;
	u64		plain_max_gap_ns;
	/*
	 * The stopper's kthread_ng_stop() of a second freezable thread, made
	 * while that thread was frozen; @stop_done (set with release) says
	 * the three before it are final.
	 */
	int		stop_ret;
	bool		stop_saw_frozen;	/* its last was_frozen */
	u64		stop_wait_ns;
	atomic_t	stop_done;
	/*
	 * A flush, from a thread that does not freeze, of a work that
	 * returned just before its freezable worker froze: how long it
	 * waited; @flush_done (set with release) says it is final.
	 */
	u64		flush_frozen_ns;
	atomic_t	flush_done;
};

/* What the second freezable thread returns when it sees the stop. */
#define KNG_FREEZE_STOPPED	42

const struct kng_freeze_report *kng_freeze_report(void);

#endif
