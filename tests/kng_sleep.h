/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sleeps that the test modules share (the KUnit suites, the differential
 * and benchmark modules): each is a module of its own, so the helpers are
 * static inline.  They sleep on what wakes them, never poll.
 */
#ifndef KNG_SLEEP_H
#define KNG_SLEEP_H

#include <linux/jiffies.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/wait.h>

/*
 * Sleep until @p has exited (its exit_state is set), at most @ms: the
 * waiters on its pid's pidfd queue are woken once it is (exit_notify()), as
 * kthread_ng's own wait for an exit sleeps.  Bounded only so that a hang
 * fails the case instead of the run.  Returns whether @p has exited.
 */
static inline bool kng_sleep_exit(struct task_struct *p, unsigned int ms)
{
	DEFINE_WAIT_FUNC(wait, default_wake_function);
	long left = msecs_to_jiffies(ms);
	struct pid *pid;

	rcu_read_lock();
	pid = get_pid(READ_ONCE(p->thread_pid));
	rcu_read_unlock();
	if (!pid)
		return true;	/* released: it exited long ago */
	add_wait_queue(&pid->wait_pidfd, &wait);
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(p->exit_state) || !left)
			break;
		left = schedule_timeout(left);
	}
	__set_current_state(TASK_RUNNING);
	remove_wait_queue(&pid->wait_pidfd, &wait);
	put_pid(pid);
	return READ_ONCE(p->exit_state);
}

/*
 * A thread's body after its job: sleep until @should_stop() says so (the
 * stop call of its API, kthread_stop() or kthread_ng_stop(), wakes it).
 */
static inline void kng_sleep_until_stopped(bool (*should_stop)(void))
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

/*
 * A thread that only parks when asked, until stopped: its API's
 * should_stop, should_park and parkme.  The timeout is a fallback only:
 * the park and the stop wake it.
 */
static inline void kng_sleep_parking(bool (*should_stop)(void),
				     bool (*should_park)(void),
				     void (*parkme)(void))
{
	while (!should_stop()) {
		if (should_park())
			parkme();
		else
			schedule_timeout_interruptible(HZ);
	}
}

#endif /* KNG_SLEEP_H */
