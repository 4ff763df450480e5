// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for what kthread_ng has beyond kthread_worker: async cancel,
 * flush of a delayed work, disable/enable (and its race with a first
 * queueing), a destroy that cancels armed timers, tickets (the flush of one
 * instance), SCHED_DEADLINE workers, the priority a flusher lends its
 * worker.
 */
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/slab.h>
#include <uapi/linux/sched.h>

#include "kng_test.h"

/* Async cancel from hard IRQ: pending work, delayed work. */
struct irq_cancel {
	struct hrtimer		timer;
	struct xwork		*x;
	bool			hard;
	bool			ret_work, ret_dwork;
	struct completion	fired;
};

static enum hrtimer_restart irq_cancel_fn(struct hrtimer *t)
{
	struct irq_cancel *ic = container_of(t, struct irq_cancel, timer);

	ic->hard = in_hardirq();
	ic->ret_work = kthread_ng_cancel_work(&ic->x->work);
	ic->ret_dwork = kthread_ng_cancel_delayed_work(&ic->x->dwork);
	complete(&ic->fired);
	return HRTIMER_NORESTART;
}

static void test_cancel_async_from_irq(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct irq_cancel *ic;
	struct xwork *g, *x;

	/* DEBUG_OBJECTS: no hrtimer on the stack. */
	ic = kunit_kzalloc(test, sizeof(*ic), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ic);
	x = kng_new_xwork(test, w);
	g = kng_gate_worker(test, w);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &x->dwork, HZ));
	ic->x = x;
	init_completion(&ic->fired);
	kng_hrtimer_setup(&ic->timer, irq_cancel_fn, CLOCK_MONOTONIC,
			  HRTIMER_MODE_REL_HARD);
	hrtimer_start(&ic->timer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
	wait_for_completion(&ic->fired);
	hrtimer_cancel(&ic->timer);
	KUNIT_EXPECT_TRUE(test, ic->hard);
	KUNIT_EXPECT_TRUE(test, ic->ret_work);
	KUNIT_EXPECT_TRUE(test, ic->ret_dwork);
	KUNIT_EXPECT_FALSE(test, timer_pending(&x->dwork.timer));
	complete(&g->release);
	kthread_ng_flush_worker(w);
	msleep(30);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 0);
	/* Nothing pending: false. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_cancel_work(&x->work));
	KUNIT_EXPECT_FALSE(test, kthread_ng_cancel_delayed_work(&x->dwork));
	kng_test_destroy_worker(test, w);
}

static void test_cancel_async_running(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct xwork *x;

	x = kng_new_xwork(test, w);
	x->block = true;
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	wait_for_completion(&x->entered);
	/* Running, not pending: false, and the instance runs on. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_cancel_work(&x->work));
	complete(&x->release);
	kthread_ng_flush_work(&x->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 1);
	kng_test_destroy_worker(test, w);
}

static void test_flush_delayed_work(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	unsigned long start;
	struct xwork *x;

	x = kng_new_xwork(test, w);
	KUNIT_EXPECT_FALSE(test, kthread_ng_flush_delayed_work(&x->dwork));
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &x->dwork, 100 * HZ));
	start = jiffies;
	KUNIT_EXPECT_TRUE(test, kthread_ng_flush_delayed_work(&x->dwork));
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 1);
	KUNIT_EXPECT_LT(test, jiffies - start, (unsigned long)(10 * HZ));
	KUNIT_EXPECT_FALSE(test, timer_pending(&x->dwork.timer));
	KUNIT_EXPECT_FALSE(test, kthread_ng_flush_delayed_work(&x->dwork));
	kng_test_destroy_worker(test, w);
}

static void test_disable_enable(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct xwork *g, *x;

	x = kng_new_xwork(test, w);
	/* Never queued: disable counts, queueing is refused. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_disable_work(&x->work));
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work(w, &x->work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_work(&x->work));

	/* Pending: disable cancels it, nests, and blocks queueing. */
	g = kng_gate_worker(test, w);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_disable_work(&x->work));
	KUNIT_EXPECT_FALSE(test, kthread_ng_disable_work(&x->work));
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work(w, &x->work));
	KUNIT_EXPECT_FALSE(test, kthread_ng_enable_work(&x->work));
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work(w, &x->work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_work(&x->work));
	complete(&g->release);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 0);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	kthread_ng_flush_work(&x->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 1);

	/* Running: the _sync variant waits for it. */
	x->block = true;
	reinit_completion(&x->entered);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	wait_for_completion(&x->entered);
	complete(&x->release);
	KUNIT_EXPECT_FALSE(test, kthread_ng_disable_work_sync(&x->work));
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 2);
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_work(&x->work));

	/* Delayed: the timer is disarmed and stays so. */
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &x->dwork, HZ));
	KUNIT_EXPECT_TRUE(test, kthread_ng_disable_delayed_work(&x->dwork));
	KUNIT_EXPECT_FALSE(test, timer_pending(&x->dwork.timer));
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_delayed_work(w, &x->dwork, 1));
	KUNIT_EXPECT_FALSE(test, kthread_ng_mod_delayed_work(w, &x->dwork, 1));
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_delayed_work(&x->dwork));
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &x->dwork, HZ));
	KUNIT_EXPECT_TRUE(test, kthread_ng_disable_delayed_work_sync(&x->dwork));
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_delayed_work(&x->dwork));
	msleep(30);
	/* The two runs of the plain work above, none of the delayed one. */
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 2);
	kng_test_destroy_worker(test, w);
}

static void test_destroy_cancels_timers(struct kunit *test)
{
	int round;

	for (round = 0; round < 50; round++) {
		struct kthread_ng_worker *w;
		struct xwork *x = kzalloc(sizeof(*x), GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, x);
		w = kthread_ng_run_worker(0, "kng_w_destroy");
		KUNIT_ASSERT_FALSE(test, IS_ERR(w));
		kng_xwork_init(x, w);
		/* Armed 1 ms ahead: destroy races its expiry. */
		kthread_ng_queue_delayed_work(w, &x->dwork,
					      max(1UL, msecs_to_jiffies(1)));
		kthread_ng_destroy_worker(w);
		KUNIT_EXPECT_FALSE(test, timer_pending(&x->dwork.timer));
		/* KASAN and ODEBUG would see a timer firing into this. */
		kfree(x);
	}
	msleep(20);
}

/* A delayed work that arms its timer again, @requeue times, from its run. */
static void rearm_fn(struct kthread_ng_work *work)
{
	struct xwork *x = container_of(work, struct xwork, dwork.work);

	atomic_inc(&x->runs);
	if (x->requeue > 0) {
		x->requeue--;
		kthread_ng_queue_delayed_work(x->worker, &x->dwork, 100 * HZ);
	}
}

/*
 * A queued delayed work that the destroy's drain runs arms its timer again
 * (its own worker may queue during a drain).  The destroy cancels it, as
 * it canceled the works armed before it began, instead of stopping the
 * thread with a timer armed on a worker about to be freed.
 */
static void test_destroy_rearmed_by_drain(struct kunit *test)
{
	struct kng_destroyer ds = {};
	struct task_struct *t;
	struct xwork *g, *x;

	x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	ds.w = kthread_ng_run_worker(0, "kng_w_rearm");
	KUNIT_ASSERT_FALSE(test, IS_ERR(ds.w));
	init_completion(&ds.done);
	kng_xwork_init(x, ds.w);
	kthread_ng_init_delayed_work(&x->dwork, rearm_fn);
	x->requeue = 1;
	g = kng_gate_worker(test, ds.w);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(ds.w, &x->dwork, 0));
	t = kthread_ng_run(kng_destroyer_fn, &ds, "kng_t_destroyer");
	kng_test_track(test, t);
	/* The destroy has begun: its flush work is queued behind @x. */
	KUNIT_EXPECT_TRUE(test,
			  kng_wait_for(READ_ONCE(ds.w->work_list.prev) !=
				       &x->dwork.work.node, 10000));
	complete(&g->release);
	wait_for_completion(&ds.done);
	KUNIT_EXPECT_EQ(test, atomic_read(&g->runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 1);
	KUNIT_EXPECT_EQ(test, x->requeue, 0);
	KUNIT_EXPECT_FALSE(test, timer_pending(&x->dwork.timer));
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
}

/*
 * The "Binding" race of worker.c: the first queueing of a work against a
 * disable of it, from two cpus at once.  Whatever the order, a disabled
 * work must not end up pending, and a queueing that took must have been
 * canceled by the disable.
 */
#define BIND_ROUNDS	500

struct bind_work {
	struct kthread_ng_work	work;
	atomic_t		*runs;
};

static void bind_work_fn(struct kthread_ng_work *work)
{
	atomic_inc(container_of(work, struct bind_work, work)->runs);
}

struct bind_race {
	struct kthread_ng_worker	*w;
	struct bind_work		*works;
	bool				qret[BIND_ROUNDS];
	bool				dret[BIND_ROUNDS];
	int				round;		/* set by the test */
	atomic_t			arrived;	/* both sides, each round */
	struct completion		finished;
};

struct bind_side {
	struct bind_race	*br;
	bool			queue;
};

static int bind_side_fn(void *arg)
{
	struct bind_side *side = arg;
	struct bind_race *br = side->br;
	int r;

	for (r = 0; r < BIND_ROUNDS; r++) {
		/*
		 * Pairs with the test's release: this round's work is ready.
		 * A busy wait, so that both sides start together; it yields
		 * where the kernel does not preempt (kunit.py's kernels).
		 */
		while (smp_load_acquire(&br->round) != r + 1)
			cond_resched();
		if (side->queue)
			br->qret[r] = kthread_ng_queue_work(br->w, &br->works[r].work);
		else
			br->dret[r] = kthread_ng_disable_work(&br->works[r].work);
		atomic_inc(&br->arrived);
	}
	return kng_test_finish(&br->finished);
}

static void test_bind_vs_disable_race(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct bind_side sides[2];
	struct task_struct *t[2];
	atomic_t runs = ATOMIC_INIT(0);
	int r, i, pending = 0, lost = 0, queue_won = 0;
	struct bind_race *br;
	struct xwork *g;

	br = kunit_kzalloc(test, sizeof(*br), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, br);
	br->works = kunit_kcalloc(test, BIND_ROUNDS, sizeof(*br->works), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, br->works);
	br->w = w;
	init_completion(&br->finished);
	for (r = 0; r < BIND_ROUNDS; r++) {
		kthread_ng_init_work(&br->works[r].work, bind_work_fn);
		br->works[r].runs = &runs;
	}
	/* Hold the worker so that a queued work stays pending. */
	g = kng_gate_worker(test, w);
	for (i = 0; i < 2; i++) {
		sides[i].br = br;
		sides[i].queue = i;
		t[i] = kthread_ng_create_on_cpu(bind_side_fn, &sides[i],
						i ? cpumask_last(cpu_online_mask) :
						    cpumask_first(cpu_online_mask),
						"kng_t_bind/%u");
		kng_test_track(test, t[i]);
		wake_up_process(t[i]);
	}
	for (r = 0; r < BIND_ROUNDS; r++) {
		/* Both sides start round r together; pairs with their acquire. */
		smp_store_release(&br->round, r + 1);
		while (atomic_read(&br->arrived) != 2 * (r + 1))
			cond_resched();
	}
	wait_for_completion(&br->finished);
	wait_for_completion(&br->finished);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, t[i]), 0);

	for (r = 0; r < BIND_ROUNDS; r++) {
		if (!list_empty(&br->works[r].work.node))
			pending++;
		if (br->qret[r] && !br->dret[r])
			lost++;
		queue_won += br->qret[r];
	}
	complete(&g->release);
	kthread_ng_flush_worker(w);
	kunit_info(test, "%d rounds: queueing first %d, disable first %d",
		   BIND_ROUNDS, queue_won, BIND_ROUNDS - queue_won);
	KUNIT_EXPECT_EQ(test, pending, 0);
	KUNIT_EXPECT_EQ(test, lost, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&runs), 0);
	kng_test_destroy_worker(test, w);
}

/*
 * The ticket of a queueing of @work on @w, which must say @queued (true: a
 * new instance; false: the work was pending, and the ticket is of the
 * instance it found).  Either way, an instance has a ticket other than 0.
 */
static u64 ticket_of(struct kunit *test, struct kthread_ng_worker *w,
		     struct kthread_ng_work *work, bool queued)
{
	u64 t = 0;

	KUNIT_EXPECT_EQ(test, kthread_ng_queue_work_ticket(w, work, &t), queued);
	KUNIT_EXPECT_NE(test, t, 0ULL);
	return t;
}

/*
 * Tickets: a second queueing of a pending work names the same instance; a
 * canceled instance's flush is false at once, and a later instance is
 * another; an instance that ran is reported so, then and later; a disabled
 * work gets no instance.
 */
static void test_flush_ticket(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct xwork *x = kng_new_xwork(test, w);
	struct xwork *g = kng_gate_worker(test, w);
	u64 t1, t2, t3;

	t1 = ticket_of(test, w, &x->work, true);
	KUNIT_EXPECT_EQ(test, ticket_of(test, w, &x->work, false), t1);
	KUNIT_EXPECT_TRUE(test, kthread_ng_cancel_work(&x->work));
	KUNIT_EXPECT_FALSE(test, kthread_ng_flush_ticket(&x->work, t1));
	t2 = ticket_of(test, w, &x->work, true);
	KUNIT_EXPECT_NE(test, t2, t1);
	KUNIT_EXPECT_FALSE(test, kthread_ng_flush_ticket(&x->work, t1));
	complete(&g->release);
	KUNIT_EXPECT_TRUE(test, kthread_ng_flush_ticket(&x->work, t2));
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 1);
	KUNIT_EXPECT_TRUE(test, kthread_ng_flush_ticket(&x->work, t2));
	/* The work ran from start to end after t1's queueing. */
	KUNIT_EXPECT_TRUE(test, kthread_ng_flush_ticket(&x->work, t1));
	KUNIT_EXPECT_FALSE(test, kthread_ng_disable_work(&x->work));
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work_ticket(w, &x->work, &t3));
	KUNIT_EXPECT_EQ(test, t3, 0ULL);
	KUNIT_EXPECT_FALSE(test, kthread_ng_flush_ticket(&x->work, t3));
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_work(&x->work));
	kng_test_destroy_worker(test, w);
}

/*
 * A mod of a queued delayed work takes the instance off for a new one; of
 * an armed one, times the same instance anew.  The ticket of the armed
 * instance (from a queueing refused as pending) is fired by its flush.
 */
static void test_flush_ticket_moved(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct xwork *x = kng_new_xwork(test, w);
	struct xwork *g = kng_gate_worker(test, w);
	u64 t1, t2;

	t1 = ticket_of(test, w, &x->dwork.work, true);
	KUNIT_EXPECT_TRUE(test, kthread_ng_mod_delayed_work(w, &x->dwork, 100 * HZ));
	t2 = ticket_of(test, w, &x->dwork.work, false);
	KUNIT_EXPECT_NE(test, t2, t1);
	KUNIT_EXPECT_FALSE(test, kthread_ng_flush_ticket(&x->dwork.work, t1));
	KUNIT_EXPECT_TRUE(test, kthread_ng_mod_delayed_work(w, &x->dwork, 200 * HZ));
	KUNIT_EXPECT_EQ(test, ticket_of(test, w, &x->dwork.work, false), t2);
	complete(&g->release);
	KUNIT_EXPECT_TRUE(test, kthread_ng_flush_ticket(&x->dwork.work, t2));
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 1);
	KUNIT_EXPECT_FALSE(test, timer_pending(&x->dwork.timer));
	kng_test_destroy_worker(test, w);
}

/* SCHED_DEADLINE workers: what a work sees of its thread's scheduling. */
#define DL_RUNTIME_NS	(5 * NSEC_PER_MSEC)
#define DL_PERIOD_NS	(50 * NSEC_PER_MSEC)

struct policy_work {
	struct kthread_ng_work	work;
	int			policy;
	u64			runtime;
	ktime_t			queued;
	s64			max_delay_ns;
	struct completion	ran;
};

static void policy_fn(struct kthread_ng_work *work)
{
	struct policy_work *pw = container_of(work, struct policy_work, work);

	pw->max_delay_ns = max(pw->max_delay_ns,
			       ktime_to_ns(ktime_sub(ktime_get(), pw->queued)));
	pw->policy = current->policy;
	pw->runtime = current->dl.dl_runtime;
	complete(&pw->ran);
}

static struct policy_work *new_policy_work(struct kunit *test)
{
	struct policy_work *pw = kunit_kzalloc(test, sizeof(*pw), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pw);
	kthread_ng_init_work(&pw->work, policy_fn);
	init_completion(&pw->ran);
	return pw;
}

/* Queue @pw on @w and sleep until it ran; the policy it ran under. */
static int policy_run(struct kunit *test, struct kthread_ng_worker *w,
		      struct policy_work *pw)
{
	reinit_completion(&pw->ran);
	pw->queued = ktime_get();
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &pw->work));
	wait_for_completion(&pw->ran);
	return pw->policy;
}

/*
 * The works run under the reservation, and under the new one after a
 * second call; the destroy gives the bandwidth back (the admission case
 * and the cpu hotplug cases after it would find it taken).
 */
static void test_worker_deadline(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct policy_work *pw = new_policy_work(test);

	KUNIT_ASSERT_EQ(test, kthread_ng_worker_set_deadline(w, DL_RUNTIME_NS,
							     DL_PERIOD_NS, 0), 0);
	KUNIT_EXPECT_EQ(test, policy_run(test, w, pw), SCHED_DEADLINE);
	KUNIT_EXPECT_EQ(test, pw->runtime, DL_RUNTIME_NS);
	KUNIT_EXPECT_EQ(test, kthread_ng_worker_set_deadline(w, 2 * DL_RUNTIME_NS,
							     DL_PERIOD_NS, 0), 0);
	KUNIT_EXPECT_EQ(test, policy_run(test, w, pw), SCHED_DEADLINE);
	KUNIT_EXPECT_EQ(test, pw->runtime, 2 * DL_RUNTIME_NS);
	kng_test_destroy_worker(test, w);
}

/*
 * The admission test's answers: parameters out of order, more bandwidth
 * than the root domain has (a whole cpu each: it guarantees less than all
 * its cpus); a worker bound to one cpu is admitted, as a kernel thread set
 * up with sched_setattr_nocheck() is.
 */
static void test_worker_deadline_admission(struct kunit *test)
{
	unsigned int i, n = num_online_cpus() + 1;
	struct kthread_ng_worker **w;
	int ret = 0;

	w = kunit_kcalloc(test, n, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	w[0] = kng_new_worker(test);
	KUNIT_EXPECT_EQ(test, kthread_ng_worker_set_deadline(w[0], DL_PERIOD_NS,
							     DL_RUNTIME_NS, 0),
			-EINVAL);
	for (i = 0; i < n && !ret; i++) {
		if (!w[i])
			w[i] = kng_new_worker(test);
		ret = kthread_ng_worker_set_deadline(w[i], DL_PERIOD_NS,
						     DL_PERIOD_NS, 0);
	}
	KUNIT_EXPECT_EQ(test, ret, -EBUSY);
	KUNIT_EXPECT_GT(test, i, 1U);
	for (i = 0; i < n && w[i]; i++)
		kng_test_destroy_worker(test, w[i]);
	w[0] = kthread_ng_run_worker_on_cpu(cpumask_last(cpu_online_mask), 0,
					    "kng_w_dl/%u");
	kng_test_track_worker(test, w[0]);
	KUNIT_EXPECT_EQ(test, kthread_ng_worker_set_deadline(w[0], DL_RUNTIME_NS,
							     DL_PERIOD_NS, 0), 0);
	kng_test_destroy_worker(test, w[0]);
}

/* A SCHED_NORMAL thread that keeps its cpu busy until stopped. */
static int dl_hog_fn(void *unused)
{
	while (!kthread_ng_should_stop()) {
		cpu_relax();
		cond_resched();
	}
	return 0;
}

/*
 * Every cpu busy with a SCHED_NORMAL hog: each work still starts within
 * the period of its worker's reservation, ten times.
 */
static void test_worker_deadline_under_load(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct policy_work *pw = new_policy_work(test);
	struct task_struct **hog;
	unsigned int cpu;
	int i;

	hog = kunit_kcalloc(test, nr_cpu_ids, sizeof(*hog), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, hog);
	for_each_online_cpu(cpu) {
		hog[cpu] = kthread_ng_run_on_cpu(dl_hog_fn, NULL, cpu,
						 "kng_t_hog/%u");
		kng_test_track(test, hog[cpu]);
	}
	KUNIT_ASSERT_EQ(test, kthread_ng_worker_set_deadline(w, DL_RUNTIME_NS,
							     DL_PERIOD_NS, 0), 0);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ(test, policy_run(test, w, pw), SCHED_DEADLINE);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, hog[cpu]), 0);
	kunit_info(test, "queue to start under load: at most %lld us",
		   pw->max_delay_ns / NSEC_PER_USEC);
	KUNIT_EXPECT_LT(test, pw->max_delay_ns, (s64)DL_PERIOD_NS);
	kng_test_destroy_worker(test, w);
}

/* A SCHED_FIFO thread of the lowest priority that spins until told, or 0.5 s. */
struct fifo_hog {
	bool			stop;
	bool			gave_up;	/* its 0.5 s ran out first */
	struct completion	started;
	struct completion	done;
};

static int fifo_hog_fn(void *arg)
{
	struct fifo_hog *h = arg;
	ktime_t until = ktime_add_ms(ktime_get(), 500);

	sched_set_fifo_low(current);
	complete(&h->started);
	while (!READ_ONCE(h->stop)) {
		if (ktime_after(ktime_get(), until)) {
			WRITE_ONCE(h->gave_up, true);
			break;
		}
		cpu_relax();
	}
	return kng_test_finish(&h->done);
}

/* A work that needs its cpu for 1 ms: it spins, on purpose. */
static void busy_1ms_fn(struct kthread_ng_work *work)
{
	struct xwork *x = container_of(work, struct xwork, work);
	ktime_t until = ktime_add_us(ktime_get(), 1000);

	while (ktime_before(ktime_get(), until))
		cpu_relax();
	atomic_inc(&x->runs);
}

/*
 * Priority inversion, cured: a SCHED_NORMAL worker made with
 * KTW_NG_PRIO_INHERIT on a cpu where a SCHED_FIFO hog of low priority
 * spins; a SCHED_FIFO flusher of priority 50 lends the worker its
 * priority, so the work runs, and the flush returns, while the hog still
 * spins (it gives up after 0.5 s: without the loan the flush would wait for
 * that, or for the scheduler's share for fair tasks).
 */
static void test_flush_boost_beats_hog(struct kunit *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct kthread_ng_worker *w =
		kthread_ng_run_worker_on_cpu(cpu, KTW_NG_PRIO_INHERIT,
					     "kng_w_pi/%u");
	struct xwork *x = kng_new_xwork(test, w);
	struct fifo_hog *h;
	struct task_struct *t;
	int policy;
	ktime_t t0;
	s64 us;

	kng_test_track_worker(test, w);
	h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h);
	init_completion(&h->started);
	init_completion(&h->done);
	kthread_ng_init_work(&x->work, busy_1ms_fn);
	/*
	 * SCHED_FIFO before the hog starts, and until it is told to stop:
	 * this thread may share its cpu, where a fair task would wait for the
	 * hog's end as the worker would.
	 */
	sched_set_fifo(current);
	t = kthread_ng_run_on_cpu(fifo_hog_fn, h, cpu, "kng_t_fhog/%u");
	kng_test_track(test, t);
	wait_for_completion(&h->started);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	t0 = ktime_get();
	kthread_ng_flush_work(&x->work);
	us = ktime_us_delta(ktime_get(), t0);
	WRITE_ONCE(h->stop, true);
	sched_set_normal(current, 0);
	wait_for_completion(&h->done);
	kunit_info(test, "flush behind a spinning SCHED_FIFO hog: %lld us", us);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 1);
	/* The hog's done is complete: it wrote gave_up before. */
	KUNIT_EXPECT_FALSE_MSG(test, h->gave_up,
			       "the flush waited for the hog to give up");
	/* The worker ends the loan just after it woke the flusher. */
	kthread_ng_flush_worker(w);
	policy = READ_ONCE(w->task->policy);
	KUNIT_EXPECT_EQ(test, policy, SCHED_NORMAL);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	kng_test_destroy_worker(test, w);
}

static struct kunit_case kng_beyond_cases[] = {
	KUNIT_CASE(test_cancel_async_from_irq),
	KUNIT_CASE(test_cancel_async_running),
	KUNIT_CASE(test_flush_delayed_work),
	KUNIT_CASE(test_disable_enable),
	KNG_CASE_SLOW(test_bind_vs_disable_race),
	KUNIT_CASE(test_destroy_cancels_timers),
	KUNIT_CASE(test_destroy_rearmed_by_drain),
	KUNIT_CASE(test_flush_ticket),
	KUNIT_CASE(test_flush_ticket_moved),
	KUNIT_CASE(test_worker_deadline),
	KUNIT_CASE(test_worker_deadline_admission),
	KUNIT_CASE(test_worker_deadline_under_load),
	KUNIT_CASE(test_flush_boost_beats_hog),
	{}
};

static struct kunit_suite kng_beyond_suite = {
	.name = "kthread_ng_beyond",
	.init = kng_test_init,
	.exit = kng_test_exit,
	.test_cases = kng_beyond_cases,
};

kunit_test_suite(kng_beyond_suite);
