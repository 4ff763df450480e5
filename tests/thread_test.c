// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for kthread_ng's threads: creation through kthreadd_ng, stop,
 * park, binding, names, accessors, mm and blkcg, and the races between them.
 */
#include <linux/blk-cgroup.h>
#include <linux/cgroup.h>
#include <linux/cpu.h>
#include <linux/kthread.h>
#include <linux/mmu_context.h>
#include <linux/pid.h>
#include <linux/random.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/uaccess.h>

#include "kng_test.h"
#include "kng_compat.h"

struct tdata {
	atomic_t		runs;		/* threadfn started */
	atomic_t		parks;		/* parkme() returned */
	atomic_t		resumes;	/* loop iterations after a park */
	int			cpu;		/* smp_processor_id() last seen */
	int			ret;		/* what threadfn returns */
	bool			saw_park;
	bool			saw_stop;
	struct completion	started;
	struct completion	resumed;
	struct completion	done;
};

static void tdata_init(struct tdata *d, int ret)
{
	memset(d, 0, sizeof(*d));
	d->ret = ret;
	d->cpu = -1;
	init_completion(&d->started);
	init_completion(&d->resumed);
	init_completion(&d->done);
}

/* Sleep until asked to stop or park; park when asked; return d->ret. */
static int fn_loop(void *arg)
{
	struct tdata *d = arg;

	atomic_inc(&d->runs);
	WRITE_ONCE(d->cpu, raw_smp_processor_id());
	complete(&d->started);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_ng_should_stop()) {
			__set_current_state(TASK_RUNNING);
			break;
		}
		if (kthread_ng_should_park()) {
			__set_current_state(TASK_RUNNING);
			kthread_ng_parkme();
			atomic_inc(&d->parks);
			WRITE_ONCE(d->cpu, raw_smp_processor_id());
			atomic_inc(&d->resumes);
			complete(&d->resumed);
			continue;
		}
		schedule();
	}
	return d->ret;
}

/* Return at once. */
static int fn_return(void *arg)
{
	struct tdata *d = arg;

	atomic_inc(&d->runs);
	complete(&d->started);
	return d->ret;
}

static struct task_struct *run_tracked(struct kunit *test, struct tdata *d,
				       int (*fn)(void *))
{
	struct task_struct *p = kthread_ng_run(fn, d, "kng_t_%d", d->ret);

	kng_test_track(test, p);
	return p;
}

/* kthreadd_ng, with a reference, or NULL. */
static struct task_struct *get_kthreadd_ng(void)
{
	struct task_struct *g, *found = NULL;

	rcu_read_lock();
	for_each_process(g) {
		if (!strcmp(g->comm, "kthreadd_ng") && (g->flags & PF_KTHREAD)) {
			found = get_task_struct(g);
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

/* kthreadd_ng exists, is a kernel thread, and makes every thread. */
static void test_kthreadd_ng_exists(struct kunit *test)
{
	struct task_struct *found = get_kthreadd_ng();
	struct tdata d;
	struct task_struct *p;

	KUNIT_ASSERT_NOT_NULL(test, found);
	put_task_struct(found);

	tdata_init(&d, 5);
	p = run_tracked(test, &d, fn_loop);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_TRUE(test, !!(p->flags & PF_KTHREAD));
	KUNIT_EXPECT_PTR_EQ(test, kthread_ng_func(p), (void *)fn_loop);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 5);
}

/*
 * A thread that exited while somebody keeps a reference to it stays a
 * zombie of kthreadd_ng's until that reference goes.  The reaper looks
 * less and less often meanwhile: over 5 s it may wake a dozen times or so,
 * not ten times a second.  Once the reference is gone, the next exit brings
 * it back and the state is freed.
 */
static void test_reaper_backs_off(struct kunit *test)
{
	struct task_struct *daemon = get_kthreadd_ng();
	struct task_struct *p, *q;
	unsigned long before, woke;
	struct tdata d;
	int live;

	KUNIT_ASSERT_NOT_NULL(test, daemon);
	tdata_init(&d, 3);
	p = kthread_ng_run(fn_loop, &d, "kng_t_zombie");
	KUNIT_ASSERT_FALSE(test, IS_ERR(p));
	get_task_struct(p);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, kthread_ng_stop(p), 3);
	/* Others' exited threads, their last references gone, go first. */
	msleep(500);
	live = kng_test_live_objects();
	before = READ_ONCE(daemon->nvcsw) + READ_ONCE(daemon->nivcsw);
	msleep(5000);
	woke = READ_ONCE(daemon->nvcsw) + READ_ONCE(daemon->nivcsw) - before;
	KUNIT_EXPECT_LE_MSG(test, woke, 20UL,
			    "kthreadd_ng woke %lu times in 5 s for a referenced zombie",
			    woke);
	/* The referenced state is still there (KASAN would say if not). */
	KUNIT_EXPECT_PTR_EQ(test, kthread_ng_func(p), (void *)fn_loop);
	put_task_struct(p);
	/* An exit starts the reaper again: both states go. */
	tdata_init(&d, 4);
	q = kthread_ng_run(fn_loop, &d, "kng_t_zombie2");
	KUNIT_ASSERT_FALSE(test, IS_ERR(q));
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, kthread_ng_stop(q), 4);
	if (live >= 0)
		KUNIT_EXPECT_TRUE(test,
				  kng_wait_for(kng_test_live_objects() <= live - 1,
					       3000));
	put_task_struct(daemon);
}

static void test_stop_returns_result(struct kunit *test)
{
	struct task_struct *p;
	struct tdata d;

	tdata_init(&d, 42);
	p = run_tracked(test, &d, fn_loop);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 42);
	KUNIT_EXPECT_EQ(test, atomic_read(&d.runs), 1);
}

static void test_stop_before_wake(struct kunit *test)
{
	struct task_struct *p;
	struct tdata d;

	tdata_init(&d, 1);
	p = kthread_ng_create(fn_loop, &d, "kng_t_nowake");
	kng_test_track(test, p);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), -EINTR);
	KUNIT_EXPECT_EQ(test, atomic_read(&d.runs), 0);
}

static void test_stop_after_self_exit(struct kunit *test)
{
	struct task_struct *p;
	struct tdata d;

	tdata_init(&d, 7);
	p = run_tracked(test, &d, fn_return);
	wait_for_completion(&d.started);
	/* Wait for the task to be really gone, not only returning. */
	KUNIT_EXPECT_TRUE(test, kng_sleep_exit(p, 5000));
	/* The state outlives the thread while we hold the task. */
	KUNIT_EXPECT_PTR_EQ(test, kthread_ng_func(p), (void *)fn_return);
	KUNIT_EXPECT_PTR_EQ(test, kthread_ng_data(p), (void *)&d);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 7);
	KUNIT_EXPECT_EQ(test, atomic_read(&d.runs), 1);
}

static int fn_exit(void *arg)
{
	struct tdata *d = arg;

	atomic_inc(&d->runs);
	complete(&d->started);
	kthread_ng_exit(13);
}

static int fn_complete_and_exit(void *arg)
{
	struct tdata *d = arg;

	atomic_inc(&d->runs);
	kthread_ng_complete_and_exit(&d->done, 14);
}

static void test_exit_and_complete_and_exit(struct kunit *test)
{
	struct task_struct *p, *q;
	struct tdata d, e;

	tdata_init(&d, 0);
	tdata_init(&e, 0);
	p = run_tracked(test, &d, fn_exit);
	q = run_tracked(test, &e, fn_complete_and_exit);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&e.done, 10 * HZ) > 0,
			true);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 13);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, q), 14);
}

/* A creator that is killed: before it asks, or at a random point. */
struct creator {
	struct tdata		*d;
	struct task_struct	*result;
	int			stop_ret;
	bool			kill_self;
	struct completion	ready;
	struct completion	finished;
};

static int creator_fn(void *arg)
{
	struct creator *c = arg;

	/* A kernel thread ignores SIGKILL until its handler is SIG_DFL. */
	kernel_sigaction(SIGKILL, SIG_DFL);
	if (c->kill_self)
		send_sig(SIGKILL, current, 1);
	complete(&c->ready);
	c->result = kthread_ng_create(fn_loop, c->d, "kng_t_victim");
	/* Never woken: stopping it must not run threadfn. */
	if (!IS_ERR(c->result))
		c->stop_ret = kthread_ng_stop(c->result);
	complete(&c->finished);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static int run_creator(struct creator *c, bool kill_self, unsigned int delay_us)
{
	struct task_struct *t;

	init_completion(&c->ready);
	init_completion(&c->finished);
	c->kill_self = kill_self;
	c->result = NULL;
	c->stop_ret = 0;
	t = kthread_run(creator_fn, c, "kng_t_creator");
	if (IS_ERR(t))
		return PTR_ERR(t);
	get_task_struct(t);
	wait_for_completion(&c->ready);
	if (!kill_self) {
		udelay(delay_us);
		send_sig(SIGKILL, t, 1);
	}
	wait_for_completion(&c->finished);
	kthread_stop(t);
	put_task_struct(t);
	return 0;
}

static void test_creator_killed(struct kunit *test)
{
	struct creator c;
	struct tdata d;
	int i, eintr = 0, made = 0;

	tdata_init(&d, 0);
	c.d = &d;

	/* Killed before asking: -EINTR at once, and no thread runs. */
	KUNIT_ASSERT_EQ(test, run_creator(&c, true, 0), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(c.result), -EINTR);

	/* Killed at every point of the hand-off to kthreadd_ng. */
	for (i = 0; i < 300; i++) {
		KUNIT_ASSERT_EQ(test, run_creator(&c, false,
						  get_random_u32() % 400), 0);
		if (IS_ERR(c.result)) {
			KUNIT_EXPECT_EQ(test, PTR_ERR(c.result), -EINTR);
			eintr++;
		} else {
			KUNIT_EXPECT_EQ(test, c.stop_ret, -EINTR);
			made++;
		}
	}
	kunit_info(test, "creator killed: %d -EINTR, %d made then stopped",
		   eintr, made);
	/* Threads whose creator vanished exit without running threadfn. */
	msleep(200);
	KUNIT_EXPECT_EQ(test, atomic_read(&d.runs), 0);
}

static void test_create_on_each_cpu(struct kunit *test)
{
	char name[32], want[32];
	unsigned int cpu;
	struct tdata d;

	for_each_online_cpu(cpu) {
		struct task_struct *p;

		tdata_init(&d, cpu);
		p = kthread_ng_run_on_cpu(fn_loop, &d, cpu, "kng_t_cpu/%u");
		kng_test_track(test, p);
		wait_for_completion(&d.started);
		KUNIT_EXPECT_EQ(test, READ_ONCE(d.cpu), (int)cpu);
		/* Bound, but not per-cpu: that takes set_per_cpu(). */
		KUNIT_EXPECT_FALSE(test, kthread_ng_is_per_cpu(p));
		KUNIT_EXPECT_TRUE(test, !!(p->flags & PF_NO_SETAFFINITY));
		snprintf(want, sizeof(want), "kng_t_cpu/%u", cpu);
		kthread_ng_get_comm(name, sizeof(name), p);
		KUNIT_EXPECT_STREQ(test, name, want);
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), (int)cpu);
	}
}

static unsigned int last_online_cpu(void)
{
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu)
		last = cpu;
	return last;
}

static void test_bind_and_bind_mask(struct kunit *test)
{
	unsigned int cpu = last_online_cpu();
	struct task_struct *p;
	cpumask_var_t mask;
	struct tdata d;

	tdata_init(&d, 0);
	p = kthread_ng_create(fn_loop, &d, "kng_t_bind");
	kng_test_track(test, p);
	kthread_ng_bind(p, cpu);
	KUNIT_EXPECT_FALSE(test, kthread_ng_is_per_cpu(p));
	wake_up_process(p);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, READ_ONCE(d.cpu), (int)cpu);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(p->cpus_ptr, cpumask_of(cpu)));
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);

	KUNIT_ASSERT_TRUE(test, zalloc_cpumask_var(&mask, GFP_KERNEL));
	cpumask_set_cpu(cpu, mask);
	tdata_init(&d, 0);
	p = kthread_ng_create(fn_loop, &d, "kng_t_bindmask");
	kng_test_track(test, p);
	kthread_ng_bind_mask(p, mask);
	wake_up_process(p);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, READ_ONCE(d.cpu), (int)cpu);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(p->cpus_ptr, mask));
	KUNIT_EXPECT_TRUE(test, !!(p->flags & PF_NO_SETAFFINITY));
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);

	/* A mask of all online cpus: the thread may run on any. */
	cpumask_copy(mask, cpu_online_mask);
	tdata_init(&d, 0);
	p = kthread_ng_create(fn_loop, &d, "kng_t_bindall");
	kng_test_track(test, p);
	kthread_ng_bind_mask(p, mask);
	wake_up_process(p);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(p->cpus_ptr, mask));
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
	free_cpumask_var(mask);
}

static bool parked_off_cpu(struct task_struct *p)
{
	return READ_ONCE(p->__state) == TASK_PARKED && !READ_ONCE(p->on_cpu);
}

static void test_park_before_first_run(struct kunit *test)
{
	struct task_struct *p;
	struct tdata d;

	tdata_init(&d, 3);
	p = kthread_ng_create(fn_loop, &d, "kng_t_park0");
	kng_test_track(test, p);
	KUNIT_EXPECT_EQ(test, kthread_ng_park(p), 0);
	KUNIT_EXPECT_TRUE(test, parked_off_cpu(p));
	KUNIT_EXPECT_EQ(test, atomic_read(&d.runs), 0);
	/* A stray wake-up does not unpark. */
	wake_up_process(p);
	msleep(20);
	KUNIT_EXPECT_TRUE(test, parked_off_cpu(p));
	KUNIT_EXPECT_EQ(test, atomic_read(&d.runs), 0);
	kthread_ng_unpark(p);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, atomic_read(&d.runs), 1);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 3);
}

static void test_stop_parked(struct kunit *test)
{
	struct task_struct *p;
	struct tdata d;

	tdata_init(&d, 9);
	p = run_tracked(test, &d, fn_loop);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, kthread_ng_park(p), 0);
	KUNIT_EXPECT_TRUE(test, parked_off_cpu(p));
	/* Stop unparks first. */
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 9);
}

static void test_park_unpark_1000(struct kunit *test)
{
	struct task_struct *p;
	struct tdata d;
	int i, bad = 0;

	tdata_init(&d, 0);
	p = run_tracked(test, &d, fn_loop);
	wait_for_completion(&d.started);
	for (i = 0; i < 1000; i++) {
		if (kthread_ng_park(p) || !parked_off_cpu(p))
			bad++;
		reinit_completion(&d.resumed);
		kthread_ng_unpark(p);
		/* Each round trip ends with the thread back in its loop. */
		wait_for_completion(&d.resumed);
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&d.parks), 1000);
}

/*
 * More parked threads than the kernel has hashed wait queues (256): some
 * sleep on one queue.  An unpark wakes its own thread, whichever others
 * share its queue, and leaves them parked.
 */
#define NR_SHARED_PARKS	300

static void test_parked_share_wait_queues(struct kunit *test)
{
	struct task_struct **p;
	struct tdata *d;
	int i, n, half, bad_park = 0, lost = 0, woke = 0, bad_stop = 0;

	p = kunit_kcalloc(test, NR_SHARED_PARKS, sizeof(*p), GFP_KERNEL);
	d = kunit_kcalloc(test, NR_SHARED_PARKS, sizeof(*d), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, d);
	/* More than the tracker holds: stopped here, whatever happens. */
	for (n = 0; n < NR_SHARED_PARKS; n++) {
		tdata_init(&d[n], 0);
		p[n] = kthread_ng_run(fn_loop, &d[n], "kng_t_share/%d", n);
		if (IS_ERR(p[n]))
			break;
		get_task_struct(p[n]);
		wait_for_completion(&d[n].started);
		if (kthread_ng_park(p[n]) || !parked_off_cpu(p[n]))
			bad_park++;
	}
	KUNIT_EXPECT_EQ(test, n, NR_SHARED_PARKS);
	KUNIT_EXPECT_EQ(test, bad_park, 0);
	/* Every other one first: the rest must sleep on. */
	for (half = 0; half < 2; half++) {
		for (i = half; i < n; i += 2)
			kthread_ng_unpark(p[i]);
		for (i = half; i < n; i += 2)
			if (!wait_for_completion_timeout(&d[i].resumed, 10 * HZ))
				lost++;
		for (i = 1; !half && i < n; i += 2)
			if (!parked_off_cpu(p[i]) || atomic_read(&d[i].resumes))
				woke++;
	}
	KUNIT_EXPECT_EQ_MSG(test, lost, 0, "unparked threads that did not run");
	KUNIT_EXPECT_EQ_MSG(test, woke, 0, "parked threads that ran");
	for (i = 0; i < n; i++)
		if (kthread_ng_stop_put(p[i]))
			bad_stop++;
	KUNIT_EXPECT_EQ(test, bad_stop, 0);
}

/*
 * A thread's state costs no more than the kernel's own struct kthread, as
 * allocated, for a name that fits in the comm (a longer one is kept by both
 * in an allocation of its own).
 */
static void test_state_size(struct kunit *test)
{
	struct task_struct *p;
	struct tdata d;

	tdata_init(&d, 0);
	p = run_tracked(test, &d, fn_loop);
	KUNIT_ASSERT_FALSE(test, IS_ERR(p));
	wait_for_completion(&d.started);
	KUNIT_EXPECT_LE(test, ksize(kthread_data(p)), ksize(p->worker_private));
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
}

/* Exits when asked to park: the parker must not wait forever. */
static int fn_exit_on_park(void *arg)
{
	struct tdata *d = arg;

	complete(&d->started);
	while (!kthread_ng_should_park())
		schedule_timeout_interruptible(1);
	return 5;
}

static void test_park_exits_instead(struct kunit *test)
{
	struct task_struct *p;
	struct tdata d;

	tdata_init(&d, 0);
	p = run_tracked(test, &d, fn_exit_on_park);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, kthread_ng_park(p), -ENOSYS);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 5);
}

static int fn_stop_or_park(void *arg)
{
	struct tdata *d = arg;

	complete(&d->started);
	while (!kthread_ng_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_ng_should_stop_or_park())
			schedule();
		__set_current_state(TASK_RUNNING);
		if (kthread_ng_should_park()) {
			WRITE_ONCE(d->saw_park, true);
			kthread_ng_parkme();
		}
	}
	WRITE_ONCE(d->saw_stop, kthread_ng_should_stop_or_park());
	return 0;
}

static void test_should_stop_or_park(struct kunit *test)
{
	struct task_struct *p;
	struct tdata d;

	tdata_init(&d, 0);
	p = run_tracked(test, &d, fn_stop_or_park);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, kthread_ng_park(p), 0);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(d.saw_park));
	kthread_ng_unpark(p);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(d.saw_stop));
}

static void test_percpu_rebind_hotplug(struct kunit *test)
{
	unsigned int cpu = last_online_cpu();
	struct task_struct *p;
	struct tdata d;

	if (cpu == 0 || num_online_cpus() < 2)
		kunit_skip(test, "needs a second cpu");

	tdata_init(&d, 0);
	p = kthread_ng_create_on_cpu(fn_loop, &d, cpu, "kng_t_hp/%u");
	kng_test_track(test, p);
	/* As smpboot does: unpark binds it to its cpu again. */
	kthread_ng_set_per_cpu(p, cpu);
	KUNIT_EXPECT_TRUE(test, kthread_ng_is_per_cpu(p));
	wake_up_process(p);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, READ_ONCE(d.cpu), (int)cpu);

	/* Parked across the cpu going down and up. */
	KUNIT_ASSERT_EQ(test, kthread_ng_park(p), 0);
	KUNIT_ASSERT_EQ(test, remove_cpu(cpu), 0);
	KUNIT_ASSERT_EQ(test, add_cpu(cpu), 0);
	reinit_completion(&d.resumed);
	kthread_ng_unpark(p);
	wait_for_completion(&d.resumed);
	KUNIT_EXPECT_EQ(test, READ_ONCE(d.cpu), (int)cpu);

	/*
	 * Woken while its cpu is down: the scheduler breaks the binding and
	 * runs it elsewhere; unpark binds it again.
	 */
	KUNIT_ASSERT_EQ(test, remove_cpu(cpu), 0);
	wake_up_process(p);
	KUNIT_EXPECT_TRUE(test, kng_wait_for(!cpumask_equal(p->cpus_ptr,
							    cpumask_of(cpu)),
					     2000));
	KUNIT_ASSERT_EQ(test, add_cpu(cpu), 0);
	KUNIT_ASSERT_EQ(test, kthread_ng_park(p), 0);
	reinit_completion(&d.resumed);
	kthread_ng_unpark(p);
	wait_for_completion(&d.resumed);
	KUNIT_EXPECT_EQ(test, READ_ONCE(d.cpu), (int)cpu);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(p->cpus_ptr, cpumask_of(cpu)));
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
}

static void test_full_name(struct kunit *test)
{
	static const char long_name[] = "kng_t_a_rather_long_thread_name_0123456789";
	char buf[64], small[8];
	struct task_struct *p;
	struct tdata d;

	tdata_init(&d, 0);
	p = kthread_ng_create(fn_loop, &d, "%s", long_name);
	kng_test_track(test, p);
	kthread_ng_get_comm(buf, sizeof(buf), p);
	KUNIT_EXPECT_STREQ(test, buf, long_name);
	KUNIT_EXPECT_EQ(test, strncmp(p->comm, long_name, TASK_COMM_LEN - 1), 0);
	KUNIT_EXPECT_EQ(test, strlen(p->comm), (size_t)TASK_COMM_LEN - 1);
	kthread_ng_get_comm(small, sizeof(small), p);
	KUNIT_EXPECT_STREQ(test, small, "kng_t_a");
	/* Any other task: its comm. */
	kthread_ng_get_comm(buf, sizeof(buf), current);
	KUNIT_EXPECT_STREQ(test, buf, current->comm);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), -EINTR);
}

static int fn_native(void *arg)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static struct task_struct *get_init_task(void)
{
	struct task_struct *t;

	rcu_read_lock();
	t = pid_task(find_vpid(1), PIDTYPE_PID);
	if (t)
		get_task_struct(t);
	rcu_read_unlock();
	return t;
}

static void test_func_data_probe(struct kunit *test)
{
	struct task_struct *p, *native, *user;
	struct tdata d;

	tdata_init(&d, 0);
	p = run_tracked(test, &d, fn_loop);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_PTR_EQ(test, kthread_ng_func(p), (void *)fn_loop);
	KUNIT_EXPECT_PTR_EQ(test, kthread_ng_data(p), (void *)&d);
	KUNIT_EXPECT_PTR_EQ(test, kthread_ng_probe_data(p), (void *)&d);

	native = kthread_run(fn_native, &d, "kng_t_native");
	KUNIT_ASSERT_FALSE(test, IS_ERR(native));
	KUNIT_EXPECT_NULL(test, kthread_ng_func(native));
	KUNIT_EXPECT_NULL(test, kthread_ng_probe_data(native));
	KUNIT_EXPECT_FALSE(test, kthread_ng_is_per_cpu(native));
	kthread_stop(native);

	user = get_init_task();
	KUNIT_ASSERT_NOT_NULL(test, user);
	KUNIT_EXPECT_FALSE(test, !!(user->flags & PF_KTHREAD));
	KUNIT_EXPECT_NULL(test, kthread_ng_func(user));
	KUNIT_EXPECT_NULL(test, kthread_ng_probe_data(user));
	put_task_struct(user);

	/* The KUnit case itself runs in a native kernel thread. */
	KUNIT_EXPECT_NULL(test, kthread_ng_blkcg());
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
}

struct mm_probe {
	struct mm_struct	*mm;
	bool			had_mm, used, unused;
	char			args[32];
	int			copy_ret;
	struct completion	done;
};

static int fn_use_mm(void *arg)
{
	struct mm_probe *m = arg;

	m->had_mm = !!current->mm;
	kthread_ng_use_mm(m->mm);
	m->used = current->mm == m->mm && current->active_mm == m->mm;
	m->copy_ret = copy_from_user(m->args,
				     (const void __user *)m->mm->arg_start,
				     min_t(unsigned long, sizeof(m->args) - 1,
					   m->mm->arg_end - m->mm->arg_start));
	kthread_ng_unuse_mm(m->mm);
	m->unused = !current->mm;
	return kng_test_finish(&m->done);
}

static void test_use_mm(struct kunit *test)
{
	struct task_struct *init, *p;
	struct mm_probe m = {};
	int i;

	init = get_init_task();
	KUNIT_ASSERT_NOT_NULL(test, init);
	m.mm = get_task_mm(init);
	put_task_struct(init);
	/* Built-in suites (kunit.py) run before init has a user mm. */
	if (!m.mm)
		kunit_skip(test, "init has no mm yet: it borrows init's");

	init_completion(&m.done);
	p = kthread_ng_run(fn_use_mm, &m, "kng_t_mm");
	kng_test_track(test, p);
	wait_for_completion(&m.done);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
	mmput(m.mm);
	KUNIT_EXPECT_FALSE(test, m.had_mm);
	KUNIT_EXPECT_TRUE(test, m.used);
	KUNIT_EXPECT_EQ(test, m.copy_ret, 0);
	/* init's argv, read through its mm: "/bin/sh\0/init" for a script. */
	for (i = 0; i < sizeof(m.args) - 1; i++)
		if (!m.args[i])
			m.args[i] = ' ';
	kunit_info(test, "init's argv through its mm: %s", m.args);
	KUNIT_EXPECT_NOT_NULL(test, strstr(m.args, "init"));
	KUNIT_EXPECT_TRUE(test, m.unused);
}

struct blkcg_probe {
	struct cgroup_subsys_state *before, *during, *after;
	struct completion	done;
};

static int fn_blkcg(void *arg)
{
	struct blkcg_probe *b = arg;

	b->before = kthread_ng_blkcg();
	kthread_ng_associate_blkcg(blkcg_root_css);
	b->during = kthread_ng_blkcg();
	kthread_ng_associate_blkcg(NULL);
	b->after = kthread_ng_blkcg();
	return kng_test_finish(&b->done);
}

static void test_associate_blkcg(struct kunit *test)
{
	struct blkcg_probe b = {};
	struct task_struct *p;

	if (!IS_ENABLED(CONFIG_BLK_CGROUP))
		kunit_skip(test, "no CONFIG_BLK_CGROUP");
	init_completion(&b.done);
	p = kthread_ng_run(fn_blkcg, &b, "kng_t_blkcg");
	kng_test_track(test, p);
	wait_for_completion(&b.done);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
	KUNIT_EXPECT_NULL(test, b.before);
	KUNIT_EXPECT_PTR_EQ(test, b.during, blkcg_root_css);
	KUNIT_EXPECT_NULL(test, b.after);
}

#ifdef CONFIG_BLK_CGROUP
/*
 * The references a css holds, read without changing its percpu_ref's mode:
 * in percpu mode, the atomic count (which carries a bias while percpu) plus
 * each cpu's count.  Exact while nobody else takes or drops one, as here:
 * the css belongs to an empty cgroup of the test's own.
 */
static long css_refs(struct cgroup_subsys_state *css)
{
	unsigned long ptr = READ_ONCE(css->refcnt.percpu_count_ptr);
	unsigned long n = atomic_long_read(&css->refcnt.data->count);
	unsigned long __percpu *pcpu;
	int cpu;

	if (ptr & __PERCPU_REF_ATOMIC_DEAD)
		return n;
	pcpu = (unsigned long __percpu *)(ptr & ~__PERCPU_REF_ATOMIC_DEAD);
	for_each_possible_cpu(cpu)
		n += *per_cpu_ptr(pcpu, cpu);
	/* The bias percpu-refcount.c adds in percpu mode: its top bit. */
	return n - (1UL << (BITS_PER_LONG - 1));
}

struct blkcg_refs {
	struct cgroup_subsys_state *css, *seen;
	long			base, held, swapped, dropped, again;
	struct completion	done;
};

static int fn_blkcg_refs(void *arg)
{
	struct blkcg_refs *b = arg;

	b->base = css_refs(b->css);
	kthread_ng_associate_blkcg(b->css);
	b->seen = kthread_ng_blkcg();
	b->held = css_refs(b->css);
	/* Associating another css drops the reference on the first. */
	kthread_ng_associate_blkcg(blkcg_root_css);
	b->swapped = css_refs(b->css);
	kthread_ng_associate_blkcg(b->css);
	b->again = css_refs(b->css);
	kthread_ng_associate_blkcg(NULL);
	b->dropped = css_refs(b->css);
	return kng_test_finish(&b->done);
}

/*
 * A real, non-root blkcg (the check VM's init makes /kng_blkcg in cgroup2,
 * with the io controller on): associating takes one reference on its css,
 * replacing or undoing the association gives it back.
 */
static void test_associate_blkcg_refs(struct kunit *test)
{
	struct blkcg_refs b = {};
	struct task_struct *p;
	struct cgroup *cgrp;

	cgrp = cgroup_get_from_path("/kng_blkcg");
	if (IS_ERR(cgrp))
		kunit_skip(test, "no /kng_blkcg io cgroup (made by the check VM's init)");
	b.css = cgroup_get_e_css(cgrp, &io_cgrp_subsys);
	cgroup_put(cgrp);
	KUNIT_ASSERT_NOT_NULL(test, b.css);
	if (b.css == blkcg_root_css) {
		css_put(b.css);
		kunit_skip(test, "the io controller is not on in /kng_blkcg");
	}
	init_completion(&b.done);
	p = kthread_ng_run(fn_blkcg_refs, &b, "kng_t_blkcg2");
	kng_test_track(test, p);
	wait_for_completion(&b.done);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
	kunit_info(test, "css references: %ld, associated %ld, swapped %ld, again %ld, undone %ld",
		   b.base, b.held, b.swapped, b.again, b.dropped);
	KUNIT_EXPECT_PTR_EQ(test, b.seen, b.css);
	KUNIT_EXPECT_EQ(test, b.held, b.base + 1);
	KUNIT_EXPECT_EQ(test, b.swapped, b.base);
	KUNIT_EXPECT_EQ(test, b.again, b.base + 1);
	KUNIT_EXPECT_EQ(test, b.dropped, b.base);
	css_put(b.css);
}
#else
static void test_associate_blkcg_refs(struct kunit *test)
{
	kunit_skip(test, "no CONFIG_BLK_CGROUP");
}
#endif

static int fn_affine(void *arg)
{
	struct tdata *d = arg;

	WRITE_ONCE(d->cpu, raw_smp_processor_id());
	complete(&d->started);
	/* Asleep until stopped, as native_sleep_fn(): the two fare alike. */
	kng_test_idle_until_stop();
	return 0;
}

/* A kernel thread of the kernel's, asleep until kthread_stop(). */
static int native_sleep_fn(void *arg)
{
	kng_sleep_until_stopped(kthread_should_stop);
	return 0;
}

static void test_affine_preferred(struct kunit *test)
{
	unsigned int cpu = last_online_cpu();
	struct task_struct *p;
	struct tdata d;

	tdata_init(&d, 0);
	p = kthread_ng_create(fn_affine, &d, "kng_t_affine");
	kng_test_track(test, p);
	KUNIT_EXPECT_EQ(test, kthread_ng_affine_preferred(p, cpumask_of(cpu)), 0);
	wake_up_process(p);
	wait_for_completion(&d.started);
	KUNIT_EXPECT_EQ(test, READ_ONCE(d.cpu), (int)cpu);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(p->cpus_ptr, cpumask_of(cpu)));
	/* Not bound: preferred affinity leaves the thread movable. */
	KUNIT_EXPECT_FALSE(test, !!(p->flags & PF_NO_SETAFFINITY));
	if (cpu && kng_have_kernel_affine_preferred()) {
		/*
		 * The kernel's kthread_affine_preferred(): the thread is one
		 * of its kthreads, and fares as one given the same mask.
		 */
		struct task_struct *k = kthread_create(native_sleep_fn, NULL,
						       "kng_t_kaffine");

		KUNIT_ASSERT_FALSE(test, IS_ERR(k));
		get_task_struct(k);
		KUNIT_EXPECT_EQ(test, kng_kernel_affine_preferred(k,
								  cpumask_of(cpu)), 0);
		wake_up_process(k);
		KUNIT_ASSERT_EQ(test, remove_cpu(cpu), 0);
		KUNIT_EXPECT_TRUE_MSG(test, cpumask_equal(p->cpus_ptr, k->cpus_ptr),
				      "cpu down: kthread_ng %*pbl, kernel %*pbl",
				      cpumask_pr_args(p->cpus_ptr),
				      cpumask_pr_args(k->cpus_ptr));
		KUNIT_ASSERT_EQ(test, add_cpu(cpu), 0);
		KUNIT_EXPECT_TRUE(test, cpumask_equal(p->cpus_ptr,
						      cpumask_of(cpu)));
		KUNIT_EXPECT_TRUE(test, cpumask_equal(k->cpus_ptr,
						      cpumask_of(cpu)));
		kthread_stop(k);
		put_task_struct(k);
	} else if (cpu) {
		/* Its cpu goes: any housekeeping cpu; it comes back: its own. */
		KUNIT_ASSERT_EQ(test, remove_cpu(cpu), 0);
		KUNIT_EXPECT_FALSE(test, cpumask_test_cpu(cpu, p->cpus_ptr));
		KUNIT_ASSERT_EQ(test, add_cpu(cpu), 0);
		KUNIT_EXPECT_TRUE(test, cpumask_equal(p->cpus_ptr,
						      cpumask_of(cpu)));
	}
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
}

/*
 * set_per_cpu(-1) clears the mark: an unpark no longer binds the thread to
 * its cpu again.  Marked, it does.
 */
static void test_set_per_cpu_clear(struct kunit *test)
{
	unsigned int cpu = last_online_cpu();
	struct task_struct *p;
	struct tdata d;

	tdata_init(&d, 0);
	p = kthread_ng_create_on_cpu(fn_loop, &d, cpu, "kng_t_pcpu/%u");
	kng_test_track(test, p);
	KUNIT_EXPECT_FALSE(test, kthread_ng_is_per_cpu(p));
	kthread_ng_set_per_cpu(p, cpu);
	KUNIT_EXPECT_TRUE(test, kthread_ng_is_per_cpu(p));
	wake_up_process(p);
	wait_for_completion(&d.started);

	/* Per-cpu: parked, unbound by hand, the unpark binds it again. */
	KUNIT_ASSERT_EQ(test, kthread_ng_park(p), 0);
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(p, cpu_possible_mask), 0);
	kthread_ng_unpark(p);
	wait_for_completion(&d.resumed);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(p->cpus_ptr, cpumask_of(cpu)));

	/* Cleared: the unpark leaves the mask as it is. */
	kthread_ng_set_per_cpu(p, -1);
	KUNIT_EXPECT_FALSE(test, kthread_ng_is_per_cpu(p));
	KUNIT_ASSERT_EQ(test, kthread_ng_park(p), 0);
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(p, cpu_possible_mask), 0);
	reinit_completion(&d.resumed);
	kthread_ng_unpark(p);
	wait_for_completion(&d.resumed);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(p->cpus_ptr, cpu_possible_mask));
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
}

/*
 * create_on_node with each online node (the check VM has two): the thread's
 * task_struct and stack come from that node, as with kthread_create_on_node().
 */
static void test_create_on_node(struct kunit *test)
{
	struct task_struct *p;
	struct tdata d;
	int node;

	for_each_online_node(node) {
		tdata_init(&d, node);
		p = kthread_ng_create_on_node(fn_loop, &d, node, "kng_t_node%d",
					      node);
		kng_test_track(test, p);
		KUNIT_EXPECT_EQ(test, kng_task_struct_node(p), node);
		KNG_EXPECT_STACK_NODE(test, p, node);
		wake_up_process(p);
		wait_for_completion(&d.started);
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), node);
	}
	kunit_info(test, "%u online nodes", num_online_nodes());
}

/* ------------------------------------------------------------------ */

struct two_creators {
	atomic_t		runs;
	atomic_t		ran;		/* stop returned threadfn's 77 */
	atomic_t		never;		/* stop returned -EINTR */
	int			per_creator;
	struct completion	go;
	struct completion	finished;
};

static int fn_counted(void *arg)
{
	struct two_creators *tc = arg;

	atomic_inc(&tc->runs);
	while (!kthread_ng_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_ng_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 77;
}

static int fn_creator_loop(void *arg)
{
	struct two_creators *tc = arg;
	int i;

	wait_for_completion(&tc->go);
	for (i = 0; i < tc->per_creator; i++) {
		struct task_struct *p = kthread_ng_run(fn_counted, tc,
						       "kng_t_many%d", i);

		if (IS_ERR(p))
			continue;
		/* Stopped at once: it may or may not have reached threadfn. */
		switch (kthread_ng_stop(p)) {
		case 77:
			atomic_inc(&tc->ran);
			break;
		case -EINTR:
			atomic_inc(&tc->never);
			break;
		}
	}
	return kng_test_finish(&tc->finished);
}

static void test_two_creators_1000(struct kunit *test)
{
	struct two_creators tc = { .per_creator = 500 };
	struct task_struct *a, *b;

	atomic_set(&tc.runs, 0);
	atomic_set(&tc.ran, 0);
	atomic_set(&tc.never, 0);
	init_completion(&tc.go);
	init_completion(&tc.finished);
	a = kthread_ng_run(fn_creator_loop, &tc, "kng_t_creatorA");
	kng_test_track(test, a);
	b = kthread_ng_run(fn_creator_loop, &tc, "kng_t_creatorB");
	kng_test_track(test, b);
	complete_all(&tc.go);
	wait_for_completion(&tc.finished);
	wait_for_completion(&tc.finished);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, a), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, b), 0);
	/* Every thread was made and stopped; threadfn ran exactly when
	 * stop returned its value.
	 */
	KUNIT_EXPECT_EQ(test, atomic_read(&tc.ran) + atomic_read(&tc.never),
			1000);
	KUNIT_EXPECT_EQ(test, atomic_read(&tc.runs), atomic_read(&tc.ran));
	kunit_info(test, "1000 created and stopped, %d ran threadfn",
		   atomic_read(&tc.runs));
}

static struct kunit_case kng_thread_cases[] = {
	KUNIT_CASE(test_kthreadd_ng_exists),
	KUNIT_CASE(test_stop_returns_result),
	KNG_CASE_SLOW(test_reaper_backs_off),
	KUNIT_CASE(test_stop_before_wake),
	KUNIT_CASE(test_stop_after_self_exit),
	KUNIT_CASE(test_exit_and_complete_and_exit),
	KUNIT_CASE(test_create_on_each_cpu),
	KUNIT_CASE(test_bind_and_bind_mask),
	KUNIT_CASE(test_park_before_first_run),
	KUNIT_CASE(test_stop_parked),
	KUNIT_CASE(test_park_unpark_1000),
	KUNIT_CASE(test_parked_share_wait_queues),
	KUNIT_CASE(test_state_size),
	KUNIT_CASE(test_park_exits_instead),
	KUNIT_CASE(test_should_stop_or_park),
	KUNIT_CASE(test_percpu_rebind_hotplug),
	KUNIT_CASE(test_set_per_cpu_clear),
	KUNIT_CASE(test_create_on_node),
	KUNIT_CASE(test_full_name),
	KUNIT_CASE(test_func_data_probe),
	KUNIT_CASE(test_use_mm),
	KUNIT_CASE(test_associate_blkcg),
	KUNIT_CASE(test_associate_blkcg_refs),
	KUNIT_CASE(test_affine_preferred),
	KNG_CASE_SLOW(test_creator_killed),
	KNG_CASE_SLOW(test_two_creators_1000),
	{}
};

static struct kunit_suite kng_thread_suite = {
	.name = "kthread_ng_thread",
	.init = kng_test_init,
	.exit = kng_test_exit,
	.test_cases = kng_thread_cases,
};

kunit_test_suite(kng_thread_suite);
