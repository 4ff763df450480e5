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
};

const struct kng_freeze_report *kng_freeze_report(void);

#endif
