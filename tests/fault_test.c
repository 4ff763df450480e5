// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fault injection (test build only, see kng_fault.h): every place where
 * kthread_ng can fail is made to fail in turn, and each failure must return
 * the documented error, run nothing and leak nothing.  And the creator of a
 * thread is killed at each point of the creation, with the outcome the API
 * documents for that point.
 */
#include <linux/kthread.h>
#include <linux/sched/signal.h>

#include "kng_test.h"
#include "kng_fault.h"

/* Every fault the suite injected, for the totals line. */
static unsigned int fault_injected;

struct fdata {
	atomic_t		runs;
	atomic_t		ran_on;
	struct completion	started;
};

static void fdata_init(struct fdata *d)
{
	atomic_set(&d->runs, 0);
	atomic_set(&d->ran_on, -1);
	init_completion(&d->started);
}

static int fault_fn(void *arg)
{
	struct fdata *d = arg;

	atomic_set(&d->ran_on, raw_smp_processor_id());
	atomic_inc(&d->runs);
	complete(&d->started);
	while (!kthread_ng_should_stop())
		schedule_timeout_interruptible(1);
	return 7;
}

/*
 * kthread_ng state and workers alive once the reaper has caught up with the
 * threads earlier cases stopped: the count stops moving.
 */
static int settled_objects(void)
{
	int n = kng_fault_live_objects(), same = 0, i;

	for (i = 0; i < 100 && same < 4; i++) {
		msleep(50);
		if (kng_fault_live_objects() == n) {
			same++;
		} else {
			n = kng_fault_live_objects();
			same = 0;
		}
	}
	return n;
}

/* Back to @base within 2 s: the reaper frees an exited thread's state. */
static bool objects_back(int base)
{
	return kng_wait_for(kng_fault_live_objects() == base, 2000);
}

#define ALL_CREATE_SITES (BIT(KNG_FAULT_THREAD_ALLOC) | \
			  BIT(KNG_FAULT_NAME_ALLOC) | BIT(KNG_FAULT_SPAWN))

/* Fail the 1st, 2nd, ... fallible place of @make until it succeeds. */
#define FAIL_EACH(test, base, seen, err, call)				\
({									\
	unsigned int __n;						\
	void *__p = NULL;						\
	for (__n = 1; __n < 32; __n++) {				\
		int __site;						\
		kng_fault_arm(__n);					\
		__p = (call);						\
		__site = kng_fault_fired();				\
		kng_fault_arm(0);					\
		if (__site < 0)						\
			break;						\
		(seen) |= BIT(__site);					\
		fault_injected++;					\
		KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(__p), (long)(err)); \
		KUNIT_EXPECT_TRUE(test, objects_back(base));		\
	}								\
	__p;								\
})

/*
 * A thread of fault_fn on @cpu (-1: anywhere), made while each fallible
 * place fails in turn, every one of them once; @base: the objects alive
 * before.  Its name is longer than a task's comm: only such a name has an
 * allocation of its own to fail.  Tracked for the exit hook.
 */
static struct task_struct *fault_each_create(struct kunit *test,
					     struct fdata *d, int cpu,
					     int *base)
{
	unsigned long seen = 0;
	struct task_struct *p;

	*base = settled_objects();
	fdata_init(d);
	p = FAIL_EACH(test, *base, seen, -ENOMEM,
		      cpu < 0 ?
		      kthread_ng_create(fault_fn, d, "kng_fault_long_%d", 1) :
		      kthread_ng_create_on_cpu(fault_fn, d, cpu,
					       "kng_fault_long/%u"));
	KUNIT_EXPECT_EQ(test, seen, ALL_CREATE_SITES);
	kng_test_track(test, p);
	return p;
}

static void test_fault_create(struct kunit *test)
{
	struct fdata d;
	int base;
	struct task_struct *p = fault_each_create(test, &d, -1, &base);

	/* Once nothing fails, it works, and only that thread ran. */
	wake_up_process(p);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 7);
	KUNIT_EXPECT_EQ(test, atomic_read(&d.runs), 1);
	KUNIT_EXPECT_TRUE(test, objects_back(base));
}

static void test_fault_create_on_cpu(struct kunit *test)
{
	unsigned int cpu = num_online_cpus() - 1;
	struct fdata d;
	int base;
	struct task_struct *p = fault_each_create(test, &d, cpu, &base);

	KUNIT_EXPECT_FALSE(test, kthread_ng_is_per_cpu(p));
	wake_up_process(p);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, atomic_read(&d.ran_on), cpu);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 7);
	KUNIT_EXPECT_EQ(test, atomic_read(&d.runs), 1);
	KUNIT_EXPECT_TRUE(test, objects_back(base));
}

static atomic_t fault_work_runs;

static void fault_work_fn(struct kthread_ng_work *work)
{
	atomic_inc(&fault_work_runs);
}

static void check_worker_faults(struct kunit *test, bool on_cpu)
{
	struct kthread_ng_worker *w;
	struct kthread_ng_work work;
	unsigned long seen = 0;
	int base = settled_objects();

	/* A name longer than a comm: see fault_each_create(). */
	w = FAIL_EACH(test, base, seen, -ENOMEM, on_cpu ?
		      kthread_ng_create_worker_on_cpu(0, 0,
						      "kng_fault_long_w/%d", 0) :
		      kthread_ng_create_worker(0, "kng_fault_long_w"));
	KUNIT_EXPECT_EQ(test, seen,
			ALL_CREATE_SITES | BIT(KNG_FAULT_WORKER_ALLOC));
	kng_test_track_worker(test, w);
	/* The worker that finally came works. */
	atomic_set(&fault_work_runs, 0);
	kthread_ng_init_work(&work, fault_work_fn);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &work));
	kthread_ng_flush_work(&work);
	KUNIT_EXPECT_EQ(test, atomic_read(&fault_work_runs), 1);
	kng_test_destroy_worker(test, w);
	KUNIT_EXPECT_TRUE(test, objects_back(base));
}

static void test_fault_create_worker(struct kunit *test)
{
	check_worker_faults(test, false);
	check_worker_faults(test, true);
}

static void test_fault_affine_preferred(struct kunit *test)
{
	struct task_struct *p;
	struct cpumask *mask;
	struct fdata d;

	mask = kunit_kzalloc(test, cpumask_size(), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mask);
	cpumask_set_cpu(0, mask);
	fdata_init(&d);
	p = kthread_ng_create(fault_fn, &d, "kng_f_pref");
	kng_test_track(test, p);

	kng_fault_arm(1);
	KUNIT_EXPECT_EQ(test, kthread_ng_affine_preferred(p, mask), -ENOMEM);
	KUNIT_EXPECT_EQ(test, kng_fault_fired(), KNG_FAULT_PREFERRED_ALLOC);
	kng_fault_arm(0);
	fault_injected++;
	/* Nothing half done: the thread may be given its mask again. */
	KUNIT_EXPECT_EQ(test, kthread_ng_affine_preferred(p, mask), 0);
	KUNIT_EXPECT_EQ(test, kng_fault_fired(), -1);
	wake_up_process(p);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, atomic_read(&d.ran_on), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 7);
}

/* ------------------------------------------------------------------ */

/* The creator, a plain kthread so that its own birth passes no point. */
struct victim {
	struct fdata		d;
	struct task_struct	*creator;
	struct task_struct	*result;
	int			stop_ret;
	atomic_t		fired;		/* the hook acts once */
	struct completion	returned;	/* create returned */
	struct completion	finished;
};

static int victim_creator(void *arg)
{
	struct victim *v = arg;

	/* A kernel thread ignores SIGKILL until its handler is SIG_DFL. */
	kernel_sigaction(SIGKILL, SIG_DFL);
	v->result = kthread_ng_create(fault_fn, &v->d, "kng_f_victim");
	complete(&v->returned);
	/* Never woken: stopping it must not run threadfn. */
	if (!IS_ERR(v->result))
		v->stop_ret = kthread_ng_stop(v->result);
	flush_signals(current);
	complete(&v->finished);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static void kill_hook(enum kng_fault_point point, void *arg)
{
	struct victim *v = arg;

	if (atomic_xchg(&v->fired, 1))
		return;
	switch (point) {
	case KNG_POINT_CREATE_ENTER:
	case KNG_POINT_CREATE_QUEUED:
		/* The creator itself, at that point. */
		send_sig(SIGKILL, current, 1);
		break;
	case KNG_POINT_SPAWN_BEFORE:
	case KNG_POINT_SPAWN_AFTER:
		/* kthreadd_ng: hold on until the creator gave up. */
		send_sig(SIGKILL, v->creator, 1);
		WARN_ON(!wait_for_completion_timeout(&v->returned, 10 * HZ));
		break;
	default:
		/* kthreadd_ng owns the request: the creator just wakes. */
		send_sig(SIGKILL, v->creator, 1);
		usleep_range(5000, 6000);
		break;
	}
}

#define KILL_ROUNDS	20

static void test_creator_killed_at_each_point(struct kunit *test)
{
	static const char * const names[] = {
		"enter", "queued", "before spawn", "after spawn", "handed over"
	};
	struct victim *v;
	int point, i;

	v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, v);
	for (point = 0; point < KNG_FAULT_NR_POINTS; point++) {
		int base = settled_objects(), eintr = 0, made = 0;

		for (i = 0; i < KILL_ROUNDS; i++) {
			fdata_init(&v->d);
			atomic_set(&v->fired, 0);
			init_completion(&v->returned);
			init_completion(&v->finished);
			v->result = NULL;
			v->stop_ret = 0;
			v->creator = kthread_create(victim_creator, v,
						    "kng_f_creator");
			KUNIT_ASSERT_FALSE(test, IS_ERR(v->creator));
			get_task_struct(v->creator);
			kng_fault_set_hook(point, kill_hook, v);
			wake_up_process(v->creator);
			wait_for_completion(&v->finished);
			kng_fault_set_hook(point, NULL, NULL);
			kthread_stop(v->creator);
			put_task_struct(v->creator);

			KUNIT_EXPECT_EQ(test, atomic_read(&v->fired), 1);
			if (IS_ERR(v->result)) {
				KUNIT_EXPECT_EQ(test, PTR_ERR(v->result), -EINTR);
				eintr++;
			} else {
				KUNIT_EXPECT_EQ(test, v->stop_ret, -EINTR);
				made++;
			}
			KUNIT_EXPECT_EQ(test, atomic_read(&v->d.runs), 0);
		}
		KUNIT_EXPECT_TRUE(test, objects_back(base));
		pr_info("KNG-FAULT creator killed at %s: %d -EINTR, %d made then stopped, threadfn ran 0 times\n",
			names[point], eintr, made);
		switch (point) {
		case KNG_POINT_CREATE_ENTER:
		case KNG_POINT_SPAWN_BEFORE:
		case KNG_POINT_SPAWN_AFTER:
			/* Before the hand-over, the creator gets -EINTR. */
			KUNIT_EXPECT_EQ(test, eintr, KILL_ROUNDS);
			break;
		case KNG_POINT_HANDED_OVER:
			/* After it, the thread is the creator's anyway. */
			KUNIT_EXPECT_EQ(test, made, KILL_ROUNDS);
			break;
		default:
			/*
			 * Killed before its first sleep, the creator wakes a
			 * consumer and gives the request up at once: a race
			 * the consumer seldom wins.  Either is right, and each
			 * round was checked for being one of the two.
			 */
			break;
		}
	}
}

/* A case that failed an assertion left its hook and maybe an armed failure. */
static void kng_fault_case_exit(struct kunit *test)
{
	kng_race_clear_all();
	kng_fault_arm(0);
	kng_test_exit(test);
}

static void kng_fault_suite_exit(struct kunit_suite *suite)
{
	pr_info("KNG-FAULT: %u failures injected by the suite, %u by kthread_ng's count\n",
		fault_injected, kng_fault_injected());
}

static struct kunit_case kng_fault_cases[] = {
	KUNIT_CASE(test_fault_create),
	KUNIT_CASE(test_fault_create_on_cpu),
	KUNIT_CASE(test_fault_create_worker),
	KUNIT_CASE(test_fault_affine_preferred),
	KNG_CASE_SLOW(test_creator_killed_at_each_point),
	{}
};

static struct kunit_suite kng_fault_suite = {
	.name = "kthread_ng_fault",
	.init = kng_test_init,
	.exit = kng_fault_case_exit,
	.suite_exit = kng_fault_suite_exit,
	.test_cases = kng_fault_cases,
};

kunit_test_suite(kng_fault_suite);
