/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few places where 6.1 and 6.12 differ for kthread_ng, each behind one
 * helper.  compat.mk probes the headers and defines KNG_HAVE_*.
 */
#ifndef _KNG_COMPAT_H
#define _KNG_COMPAT_H

#include <linux/sched.h>

/*
 * Is @p off its cpu and off the run queue: asleep for good, until woken?
 * The exported stand-in for the scheduler's wait_task_inactive() test.
 */
static inline bool kng_task_inactive(struct task_struct *p)
{
	if (READ_ONCE(p->on_cpu))
		return false;
#ifdef KNG_HAVE_SCHED_DELAYED
	/* 6.12's EEVDF may keep a sleeper queued (delayed dequeue). */
	if (READ_ONCE(p->se.sched_delayed))
		return true;
#endif
	return !READ_ONCE(p->on_rq);
}

#endif /* _KNG_COMPAT_H */
