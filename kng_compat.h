/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few places where 6.1, 6.12 and 7.x differ for kthread_ng, each behind
 * one helper.  compat.mk probes the headers and defines KNG_HAVE_*.
 */
#ifndef _KNG_COMPAT_H
#define _KNG_COMPAT_H

#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/stackdepot.h>
#include <linux/timer.h>

/* The structure a timer callback's @t is embedded in (from_timer() < 6.16). */
#ifdef KNG_HAVE_TIMER_CONTAINER_OF
#define kng_timer_container_of(var, t, field)	timer_container_of(var, t, field)
#else
#define kng_timer_container_of(var, t, field)	from_timer(var, t, field)
#endif

/* A per-cpu workqueue's flag: WQ_PERCPU where it exists, none before. */
#ifdef KNG_HAVE_WQ_PERCPU
#define KNG_WQ_PERCPU	WQ_PERCPU
#else
#define KNG_WQ_PERCPU	0
#endif

/* hrtimer_setup() (6.15 and later), or what it replaced. */
static inline void kng_hrtimer_setup(struct hrtimer *timer,
				     enum hrtimer_restart (*fn)(struct hrtimer *),
				     clockid_t clock, enum hrtimer_mode mode)
{
#ifdef KNG_HAVE_HRTIMER_SETUP
	hrtimer_setup(timer, fn, clock, mode);
#else
	hrtimer_init(timer, clock, mode);
	timer->function = fn;
#endif
}

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

/*
 * The kernel's kthread_affine_preferred() (6.14 and later): it keeps the
 * thread on the kernel's own list of preferred affinities, which hotplug
 * and cpuset isolation changes update.  Before 6.14 kthread_ng keeps its
 * own.
 */
#ifdef KNG_HAVE_KTHREAD_AFFINE_PREFERRED
static inline bool kng_have_kernel_affine_preferred(void)
{
	return true;
}

static inline int kng_kernel_affine_preferred(struct task_struct *p,
					      const struct cpumask *mask)
{
	return kthread_affine_preferred(p, mask);
}
#else
static inline bool kng_have_kernel_affine_preferred(void)
{
	return false;
}

static inline int kng_kernel_affine_preferred(struct task_struct *p,
					      const struct cpumask *mask)
{
	return -EOPNOTSUPP;
}
#endif

/*
 * Save a stack in the stack depot; @can_alloc: the depot may allocate a
 * pool, and sleep (not under a lock).  stack_depot_save_flags() from 6.8.
 */
static inline depot_stack_handle_t
kng_stack_depot_save(unsigned long *entries, unsigned int nr, bool can_alloc)
{
#ifdef KNG_HAVE_STACK_DEPOT_SAVE_FLAGS
	return stack_depot_save_flags(entries, nr,
				      can_alloc ? GFP_KERNEL : GFP_NOWAIT,
				      can_alloc ? STACK_DEPOT_FLAG_CAN_ALLOC : 0);
#else
	return __stack_depot_save(entries, nr, 0,
				  can_alloc ? GFP_KERNEL : GFP_NOWAIT, can_alloc);
#endif
}

#endif /* _KNG_COMPAT_H */
