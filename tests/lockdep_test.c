// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lockdep knows what a flush waits for.  A work takes a mutex; the test
 * flushes that work while it holds the mutex: a deadlock as soon as the two
 * meet, and lockdep says so without their meeting, as it does for
 * workqueue's flush_work().  A report turns lockdep off for the rest of the
 * boot, so this suite is a module of its own, loaded last.
 */
#include <linux/delay.h>
#include <linux/mutex.h>

#include "kng_test.h"

static DEFINE_MUTEX(kng_ld_mutex);

struct ld_work {
	struct kthread_ng_work	work;
	struct kthread_ng_work	gate;
	struct completion	gate_in;
	bool			take_mutex;
};

static void ld_work_fn(struct kthread_ng_work *work)
{
	struct ld_work *lw = container_of(work, struct ld_work, work);

	if (lw->take_mutex) {
		mutex_lock(&kng_ld_mutex);
		mutex_unlock(&kng_ld_mutex);
	}
}

static void ld_gate_fn(struct kthread_ng_work *work)
{
	struct ld_work *lw = container_of(work, struct ld_work, gate);

	complete(&lw->gate_in);
	/* Long enough for the test to start its flush behind us. */
	msleep(200);
}

static void test_lockdep_flush_under_lock(struct kunit *test)
{
	struct kthread_ng_worker *w;
	struct ld_work *lw;

	if (!IS_ENABLED(CONFIG_PROVE_LOCKING))
		kunit_skip(test, "needs CONFIG_PROVE_LOCKING");
	lw = kunit_kzalloc(test, sizeof(*lw), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, lw);
	w = kthread_ng_run_worker(0, "kng_w_lockdep");
	KUNIT_ASSERT_FALSE(test, IS_ERR(w));
	kthread_ng_init_work(&lw->work, ld_work_fn);
	kthread_ng_init_work(&lw->gate, ld_gate_fn);
	init_completion(&lw->gate_in);

	/* 1: under the mutex, wait for the work (queued behind a gate). */
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &lw->gate));
	wait_for_completion(&lw->gate_in);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &lw->work));
	mutex_lock(&kng_ld_mutex);
	KUNIT_EXPECT_FALSE(test, list_empty(&lw->work.node));
	kthread_ng_flush_work(&lw->work);
	mutex_unlock(&kng_ld_mutex);

	/* 2: the work takes the mutex: lockdep closes the cycle. */
	lw->take_mutex = true;
	pr_info("KNG-EXPECT-WARN-BEGIN lockdep_flush_under_lock\n");
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &lw->work));
	kthread_ng_flush_work(&lw->work);
	pr_info("KNG-EXPECT-WARN-END\n");
	KUNIT_EXPECT_FALSE(test, debug_locks);
	kthread_ng_destroy_worker(w);
}

static struct kunit_case kng_lockdep_cases[] = {
	KUNIT_CASE(test_lockdep_flush_under_lock),
	{}
};

static struct kunit_suite kng_lockdep_suite = {
	.name = "kthread_ng_lockdep",
	.test_cases = kng_lockdep_cases,
};

kunit_test_suite(kng_lockdep_suite);

MODULE_DESCRIPTION("KUnit suite of kthread_ng: lockdep sees a flush under a lock the work takes");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(KTHREAD_NG_NS);
