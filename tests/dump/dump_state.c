// SPDX-License-Identifier: GPL-2.0-only
/*
 * A worker held mid-run, for the dump test (scripts/dump-test.sh): its
 * first work sleeps until the module goes, three works wait behind it and
 * a delayed work's timer is armed an hour out; a second worker is idle,
 * and a plain thread sleeps.  While the module is loaded nothing of that
 * changes, so what debugfs shows is what a dump of the guest's memory
 * taken meanwhile holds.  The load prints what is pending, as
 * "KNG-DUMP-EXPECT" lines, for the test to compare with what
 * scripts/kng-dump.py reads out of the dump.
 */
#include <linux/completion.h>
#include <linux/module.h>

#include "kthread_ng.h"
#include "../kng_sleep.h"

static struct kthread_ng_worker *busy, *idle;
static struct task_struct *sleeper;
static DECLARE_COMPLETION(release);
static DECLARE_COMPLETION(holding);
static struct kthread_ng_work hold_work, pending_work[3];
static struct kthread_ng_delayed_work late_work;

static void kng_dump_hold(struct kthread_ng_work *work)
{
	complete(&holding);
	/* Asleep (S), not D: the hung task detector leaves it alone. */
	wait_for_completion_interruptible(&release);
}

static void kng_dump_first(struct kthread_ng_work *work) { }
static void kng_dump_second(struct kthread_ng_work *work) { }
static void kng_dump_third(struct kthread_ng_work *work) { }
static void kng_dump_late(struct kthread_ng_work *work) { }

static int kng_dump_sleep(void *unused)
{
	kng_sleep_until_stopped(kthread_ng_should_stop);
	return 0;
}

static void dump_state_teardown(void)
{
	complete(&release);
	if (busy) {
		kthread_ng_cancel_delayed_work_sync(&late_work);
		kthread_ng_destroy_worker(busy);
	}
	if (idle)
		kthread_ng_destroy_worker(idle);
	if (sleeper)
		kthread_ng_stop(sleeper);
}

static int __init dump_state_init(void)
{
	static const kthread_ng_work_func_t fns[] = {
		kng_dump_first, kng_dump_second, kng_dump_third,
	};
	int i, ret;

	kthread_ng_init_work(&hold_work, kng_dump_hold);
	for (i = 0; i < ARRAY_SIZE(pending_work); i++)
		kthread_ng_init_work(&pending_work[i], fns[i]);
	kthread_ng_init_delayed_work(&late_work, kng_dump_late);

	busy = kthread_ng_run_worker(0, "kng_dump_busy");
	if (IS_ERR(busy)) {
		ret = PTR_ERR(busy);
		busy = NULL;
		goto fail;
	}
	idle = kthread_ng_run_worker(0, "kng_dump_idle");
	if (IS_ERR(idle)) {
		ret = PTR_ERR(idle);
		idle = NULL;
		goto fail;
	}
	sleeper = kthread_ng_run(kng_dump_sleep, NULL, "kng_dump_sleeper");
	if (IS_ERR(sleeper)) {
		ret = PTR_ERR(sleeper);
		sleeper = NULL;
		goto fail;
	}

	ret = -EIO;
	if (!kthread_ng_queue_work(busy, &hold_work))
		goto fail;
	/* Running, not only queued, before the others go behind it. */
	wait_for_completion(&holding);
	for (i = 0; i < ARRAY_SIZE(pending_work); i++)
		if (!kthread_ng_queue_work(busy, &pending_work[i]))
			goto fail;
	if (!kthread_ng_queue_delayed_work(busy, &late_work, 3600 * HZ))
		goto fail;

	pr_info("KNG-DUMP-EXPECT kng_dump_busy current %ps\n", kng_dump_hold);
	for (i = 0; i < ARRAY_SIZE(fns); i++)
		pr_info("KNG-DUMP-EXPECT kng_dump_busy pending %ps\n", fns[i]);
	pr_info("KNG-DUMP-EXPECT kng_dump_busy delayed %ps\n", kng_dump_late);
	pr_info("KNG-DUMP-EXPECT kng_dump_idle current -\n");
	return 0;

fail:
	dump_state_teardown();
	return ret;
}

static void __exit dump_state_exit(void)
{
	dump_state_teardown();
}

module_init(dump_state_init);
module_exit(dump_state_exit);
MODULE_DESCRIPTION("kthread_ng: a worker held mid-run, for the dump test");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(KTHREAD_NG_NS);
