// SPDX-License-Identifier: GPL-2.0-only
/*
 * The second half of the freezer test, loaded after the freeze/thaw cycle:
 * asserts that the freezable thread and the KTW_NG_FREEZABLE worker were
 * frozen and thawed, and that the plain worker never was.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/module.h>

#include "kthread_ng.h"
#include "kng_freeze.h"

static void test_freezable_thread(struct kunit *test)
{
	const struct kng_freeze_report *r = kng_freeze_report();
	int loops = atomic_read(&r->thread_loops);

	KUNIT_EXPECT_GT(test, atomic_read(&r->thread_seen_frozen), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->thread_thawed), 1);
	/* Thawed: it runs on. */
	msleep(50);
	KUNIT_EXPECT_GT(test, atomic_read(&r->thread_loops), loops);
}

static void test_freezable_worker(struct kunit *test)
{
	const struct kng_freeze_report *r = kng_freeze_report();
	int runs = atomic_read(&r->worker_runs);

	kunit_info(test, "longest pause: freezable worker %llu ms, plain %llu ms",
		   r->worker_max_gap_ns / NSEC_PER_MSEC,
		   r->plain_max_gap_ns / NSEC_PER_MSEC);
	KUNIT_EXPECT_GT(test, atomic_read(&r->worker_seen_frozen), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->plain_seen_frozen), 0);
	/*
	 * The freezable worker stood still through pm_test's wait while the
	 * plain one ticked on every 5 ms.  The wait is mdelay(2000), which
	 * counts the TSC: where the guest marks the TSC unstable (TCG with
	 * four vcpus) the clocksource saw it last 0.94 s.  So: a quarter of a
	 * second at least, and ten times the plain worker's longest pause.
	 */
	KUNIT_EXPECT_GT(test, r->worker_max_gap_ns, 250 * NSEC_PER_MSEC);
	KUNIT_EXPECT_GT(test, r->worker_max_gap_ns, 10 * r->plain_max_gap_ns);
	msleep(50);
	KUNIT_EXPECT_GT(test, atomic_read(&r->worker_runs), runs);
}

/*
 * A stop of a frozen thread waits for the thaw (wake_up_process() does not
 * thaw), then the thread sees kthread_ng_freezable_should_stop() true, with
 * was_frozen, and returns; the stop gives back what it returned.
 */
static void test_stop_frozen_thread(struct kunit *test)
{
	const struct kng_freeze_report *r = kng_freeze_report();

	KUNIT_ASSERT_EQ(test, atomic_read_acquire(&r->stop_done), 1);
	kunit_info(test, "the stop of the frozen thread waited %llu ms",
		   r->stop_wait_ns / NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, r->stop_ret, KNG_FREEZE_STOPPED);
	KUNIT_EXPECT_TRUE(test, r->stop_saw_frozen);
	/* Frozen for most of pm_test's 2 s: the stop waited for the thaw. */
	KUNIT_EXPECT_GT(test, r->stop_wait_ns, 500 * NSEC_PER_MSEC);
}

/*
 * A work that returned just before its worker froze is not running: a
 * flush of it from a thread that does not freeze returns at once, as
 * workqueue's does, instead of waiting for the thaw (the kernel's
 * kthread_worker keeps it as its current work until the thaw).
 */
static void test_flush_returned_while_frozen(struct kunit *test)
{
	const struct kng_freeze_report *r = kng_freeze_report();

	KUNIT_ASSERT_EQ(test, atomic_read_acquire(&r->flush_done), 1);
	KUNIT_EXPECT_LT_MSG(test, r->flush_frozen_ns, 200 * NSEC_PER_MSEC,
			    "the flush waited for the thaw");
}

static struct kunit_case kng_freezer_cases[] = {
	KUNIT_CASE(test_freezable_thread),
	KUNIT_CASE(test_freezable_worker),
	KUNIT_CASE(test_stop_frozen_thread),
	KUNIT_CASE(test_flush_returned_while_frozen),
	{}
};

static struct kunit_suite kng_freezer_suite = {
	.name = "kthread_ng_freezer",
	.test_cases = kng_freezer_cases,
};

kunit_test_suites(&kng_freezer_suite);

MODULE_DESCRIPTION("kthread_ng freezer test: the assertions");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(KTHREAD_NG_NS);
