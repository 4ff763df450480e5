// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the worker race suites share (worker_race.h): a delayed work that
 * counts its runs, a worker of the case's, and a timer callback held
 * spinning where it runs while the case runs the other side.
 */
#include <linux/delay.h>
#include <linux/slab.h>

#include "kng_test.h"
#include "kng_fault.h"
#include "kng_race.h"
#include "worker_race.h"

static void rwork_fn(struct kthread_ng_work *work)
{
	struct rwork *r = container_of(work, struct rwork, dwork.work);

	atomic_inc(&r->runs);
	if (atomic_read(&r->disabled))
		atomic_inc(&r->ran_disabled);
}

struct rwork *race_new_rwork(struct kunit *test)
{
	struct rwork *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	kthread_ng_init_delayed_work(&r->dwork, rwork_fn);
	return r;
}

struct kthread_ng_worker *race_new_worker(struct kunit *test)
{
	struct kthread_ng_worker *w = kthread_ng_run_worker(0, "kng_w_race");

	kng_test_track_worker(test, w);
	return w;
}

/* How long spin_hook() holds at most: SPIN_HOLD_MS, or a case's own. */
unsigned int race_spin_hold_ms = SPIN_HOLD_MS;

static void spin_hook(enum kng_race_point point, void *arg)
{
	struct spin_hold *sh = arg;
	int i;

	if (atomic_inc_return(&sh->entered) != 1)
		return;
	complete(&sh->held);
	for (i = 0; i < race_spin_hold_ms && !atomic_read(&sh->release); i++)
		mdelay(1);
	atomic_set(&sh->left, 1);
}

/*
 * Arms the timer on a cpu other than the test's and keeps that cpu busy
 * until the callback came, so that the callback runs there (an idle cpu's
 * timers may be run by another one).
 */
static int arm_fn(void *arg)
{
	struct spin_hold *sh = arg;

	if (kthread_ng_queue_delayed_work(sh->w, &sh->r->dwork, 1))
		while (!atomic_read(&sh->entered))
			cpu_relax();
	return kng_test_finish(&sh->armed);
}

/* Arm @r on @w for one jiffy and return once its callback is held. */
struct spin_hold *race_hold_callback(struct kunit *test,
				     struct kthread_ng_worker *w,
				     struct rwork *r)
{
	struct spin_hold *sh = kunit_kzalloc(test, sizeof(*sh), GFP_KERNEL);
	unsigned int arm_cpu = cpumask_first(cpu_online_mask);
	struct task_struct *t;

	KUNIT_ASSERT_NOT_NULL(test, sh);
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two cpus");
	sh->w = w;
	sh->r = r;
	sh->test_cpu = cpumask_last(cpu_online_mask);
	init_completion(&sh->held);
	init_completion(&sh->armed);
	set_cpus_allowed_ptr(current, cpumask_of(sh->test_cpu));
	kng_race_set(KNG_RACE_TIMER_FN, spin_hook, sh);
	t = kthread_ng_create_on_cpu(arm_fn, sh, arm_cpu, "kng_t_arm/%u");
	kng_test_track(test, t);
	wake_up_process(t);
	wait_for_completion(&sh->held);
	return sh;
}

/* The held callback is left to go; all back to normal. */
void race_release_callback(struct kunit *test, struct spin_hold *sh)
{
	atomic_set(&sh->release, 1);
	wait_for_completion(&sh->armed);
	kng_race_set(KNG_RACE_TIMER_FN, NULL, NULL);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/*
 * A case that failed an assertion returned before it removed its hooks or
 * gave the callback's hold time back: no later case may call a hook whose
 * argument was on that case's stack.
 */
void race_suite_exit(struct kunit *test)
{
	kng_race_clear_all();
	race_spin_hold_ms = SPIN_HOLD_MS;
	kng_test_exit(test);
}
