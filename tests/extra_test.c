// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for what kthread_ng has beyond kthread_worker (async cancel,
 * flush of a delayed work, disable/enable, drain, safe destroy, debugfs) and
 * for the misuse table: every misuse warns once and returns an error.
 */
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/slab.h>

#include "kng_test.h"

struct xwork {
	struct kthread_ng_work		work;
	struct kthread_ng_delayed_work	dwork;
	struct kthread_ng_worker	*worker;
	atomic_t			runs;
	int				requeue;
	bool				block;
	struct completion		entered;
	struct completion		release;
};

static void xwork_fn(struct kthread_ng_work *work)
{
	struct xwork *x = container_of(work, struct xwork, work);

	atomic_inc(&x->runs);
	complete(&x->entered);
	if (x->block)
		wait_for_completion(&x->release);
	if (x->requeue > 0) {
		x->requeue--;
		/* Slow enough that an outsider tries to queue meanwhile. */
		usleep_range(200, 400);
		kthread_ng_queue_work(x->worker, work);
	}
}

static void xdwork_fn(struct kthread_ng_work *work)
{
	struct xwork *x = container_of(work, struct xwork, dwork.work);

	atomic_inc(&x->runs);
	complete(&x->entered);
}

static void xwork_init(struct xwork *x, struct kthread_ng_worker *w)
{
	memset(x, 0, sizeof(*x));
	kthread_ng_init_work(&x->work, xwork_fn);
	kthread_ng_init_delayed_work(&x->dwork, xdwork_fn);
	init_completion(&x->entered);
	init_completion(&x->release);
	x->worker = w;
}

/* Works with timers live on the heap: DEBUG_OBJECTS wants no timer on stack. */
static struct xwork *new_xwork(struct kunit *test, struct kthread_ng_worker *w)
{
	struct xwork *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	xwork_init(x, w);
	return x;
}

static struct kthread_ng_worker *new_worker(struct kunit *test)
{
	struct kthread_ng_worker *w = kthread_ng_run_worker(0, "kng_w_extra");

	kng_test_track_worker(test, w);
	return w;
}

static struct xwork *gate_worker(struct kunit *test, struct kthread_ng_worker *w)
{
	struct xwork *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, g);
	xwork_init(g, w);
	g->block = true;
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &g->work));
	wait_for_completion(&g->entered);
	return g;
}

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
	struct kthread_ng_worker *w = new_worker(test);
	struct irq_cancel *ic;
	struct xwork *g, *x;

	/* DEBUG_OBJECTS: no hrtimer on the stack. */
	ic = kunit_kzalloc(test, sizeof(*ic), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ic);
	x = new_xwork(test, w);
	g = gate_worker(test, w);
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
	struct kthread_ng_worker *w = new_worker(test);
	struct xwork *x;

	x = new_xwork(test, w);
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
	struct kthread_ng_worker *w = new_worker(test);
	unsigned long start;
	struct xwork *x;

	x = new_xwork(test, w);
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
	struct kthread_ng_worker *w = new_worker(test);
	struct xwork *g, *x;

	x = new_xwork(test, w);
	/* Never queued: disable counts, queueing is refused. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_disable_work(&x->work));
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work(w, &x->work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_work(&x->work));

	/* Pending: disable cancels it, nests, and blocks queueing. */
	g = gate_worker(test, w);
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

struct outsider {
	struct kthread_ng_worker	*w;
	struct xwork			*x;
	int				refused;
	int				tries;
	struct completion		started;
};

static int outsider_fn(void *arg)
{
	struct outsider *o = arg;

	complete(&o->started);
	while (!kthread_ng_should_stop()) {
		if (READ_ONCE(o->x->requeue) > 0 && o->tries < 20) {
			o->tries++;
			if (!kthread_ng_queue_work(o->w, &o->x->work))
				o->refused++;
		}
		usleep_range(100, 200);
	}
	return 0;
}

static void test_drain_worker(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct outsider o = {};
	struct task_struct *t;
	struct xwork *x;

	x = new_xwork(test, w);
	x->requeue = 200;
	o.w = w;
	o.x = x;
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	pr_info("KNG-EXPECT-WARN-BEGIN drain_blocks_outsider\n");
	init_completion(&o.started);
	t = kthread_ng_run(outsider_fn, &o, "kng_t_outsider");
	kng_test_track(test, t);
	wait_for_completion(&o.started);
	kthread_ng_drain_worker(w);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	pr_info("KNG-EXPECT-WARN-END\n");
	/*
	 * Every self-requeue ran and nothing is left.  An outsider's attempt
	 * is refused while the drain runs; one that slipped in before the
	 * drain started only took the place of the work's own requeue.
	 */
	KUNIT_EXPECT_EQ(test, x->requeue, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 201);
	KUNIT_EXPECT_TRUE(test, list_empty(&w->work_list));
	kunit_info(test, "outsider queue attempts %d, refused %d", o.tries,
		   o.refused);
	KUNIT_EXPECT_GE(test, o.refused, 1);
	/* After the drain queueing works again. */
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	kthread_ng_flush_work(&x->work);
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
		xwork_init(x, w);
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

/* debugfs readers while threads and workers come and go. */
static ssize_t read_file(const char *path, char *buf, size_t len)
{
	struct file *f = kng_test_filp_open(path);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, len - 1, &pos);
	filp_close(f, NULL);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

struct reader {
	char			*buf;
	int			reads;
	int			errors;
	struct completion	started;
};

static int reader_fn(void *arg)
{
	struct reader *r = arg;

	complete(&r->started);
	while (!kthread_ng_should_stop()) {
		if (read_file("/sys/kernel/debug/kthread_ng/threads", r->buf,
			      PAGE_SIZE) < 0)
			r->errors++;
		if (read_file("/sys/kernel/debug/kthread_ng/workers", r->buf,
			      PAGE_SIZE) < 0)
			r->errors++;
		r->reads++;
		cond_resched();
	}
	return 0;
}

static int idle_fn(void *arg)
{
	while (!kthread_ng_should_stop()) {
		if (kthread_ng_should_park())
			kthread_ng_parkme();
		else
			schedule_timeout_interruptible(1);
	}
	return 0;
}

static void test_debugfs(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct reader r = {};
	struct task_struct *t, *p;
	char *buf;
	int i;

	buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	r.buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, r.buf);

	p = kthread_ng_create(idle_fn, NULL, "kng_t_dbg_parked");
	kng_test_track(test, p);
	KUNIT_ASSERT_EQ(test, kthread_ng_park(p), 0);
	KUNIT_ASSERT_GT(test, read_file("/sys/kernel/debug/kthread_ng/threads",
					buf, PAGE_SIZE), 0);
	/* One line per live thread; a parked one shows state P and flag P. */
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "kng_t_dbg_parked"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, " P "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "kng_w_extra"));
	KUNIT_ASSERT_GT(test, read_file("/sys/kernel/debug/kthread_ng/workers",
					buf, PAGE_SIZE), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "kng_w_extra"));

	init_completion(&r.started);
	t = kthread_ng_run(reader_fn, &r, "kng_t_reader");
	kng_test_track(test, t);
	wait_for_completion(&r.started);
	for (i = 0; i < 200; i++) {
		struct task_struct *q = kthread_ng_run(idle_fn, NULL, "kng_t_churn%d", i);
		int ret;

		KUNIT_ASSERT_FALSE(test, IS_ERR(q));
		/* 0 if it reached idle_fn, -EINTR if the stop came first. */
		ret = kthread_ng_stop(q);
		KUNIT_EXPECT_TRUE(test, ret == 0 || ret == -EINTR);
	}
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	KUNIT_EXPECT_EQ(test, r.errors, 0);
	KUNIT_EXPECT_GT(test, r.reads, 0);
	kunit_info(test, "%d debugfs reads during 200 create/stop", r.reads);
	/* Parked before its first run: stop unparks it into idle_fn. */
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
	kng_test_destroy_worker(test, w);
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
		/* Pairs with the test's release: this round's work is ready. */
		while (smp_load_acquire(&br->round) != r + 1)
			cpu_relax();
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
	struct kthread_ng_worker *w = new_worker(test);
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
	g = gate_worker(test, w);
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

static struct kunit_case kng_extra_cases[] = {
	KUNIT_CASE(test_cancel_async_from_irq),
	KUNIT_CASE(test_cancel_async_running),
	KUNIT_CASE(test_flush_delayed_work),
	KUNIT_CASE(test_disable_enable),
	KNG_CASE_SLOW(test_bind_vs_disable_race),
	KUNIT_CASE(test_drain_worker),
	KUNIT_CASE(test_destroy_cancels_timers),
	KUNIT_CASE(test_debugfs),
	{}
};

struct kunit_suite kng_extra_suite = {
	.name = "kthread_ng_extra",
	.init = kng_test_init,
	.exit = kng_test_exit,
	.test_cases = kng_extra_cases,
};

/* ------------------------------------------------------------------ */
/* Misuse: a WARN_ONCE and an error, never a crash, hang or corruption  */
/* ------------------------------------------------------------------ */

static void test_misuse_park_twice(struct kunit *test)
{
	struct task_struct *p;
	int ret;

	p = kthread_ng_run(idle_fn, NULL, "kng_t_park2");
	kng_test_track(test, p);
	KUNIT_EXPECT_EQ(test, kthread_ng_park(p), 0);
	KNG_EXPECT_WARN("park_twice", ret = kthread_ng_park(p));
	KUNIT_EXPECT_EQ(test, ret, -EBUSY);
	kthread_ng_unpark(p);
	/* Unparking a running thread is a no-op, as in the kernel. */
	kthread_ng_unpark(p);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
}

static int fn_quick(void *arg)
{
	return 21;
}

static void test_misuse_park_exited(struct kunit *test)
{
	struct task_struct *p;
	int ret;

	p = kthread_ng_run(fn_quick, NULL, "kng_t_gone");
	kng_test_track(test, p);
	KUNIT_ASSERT_TRUE(test, kng_wait_for(READ_ONCE(p->exit_state), 5000));
	KNG_EXPECT_WARN("park_exited", ret = kthread_ng_park(p));
	KUNIT_EXPECT_EQ(test, ret, -ENOSYS);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 21);
}

static void test_misuse_not_ng(struct kunit *test)
{
	struct task_struct *self = current;
	bool b;
	int ret;
	void *v;

	KNG_EXPECT_WARN("stop_not_ng", ret = kthread_ng_stop(self));
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KNG_EXPECT_WARN("park_not_ng", ret = kthread_ng_park(self));
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KNG_EXPECT_WARN("should_stop_not_ng", b = kthread_ng_should_stop());
	KUNIT_EXPECT_FALSE(test, b);
	KNG_EXPECT_WARN("data_not_ng", v = kthread_ng_data(self));
	KUNIT_EXPECT_NULL(test, v);
	KNG_EXPECT_WARN("unpark_not_ng", kthread_ng_unpark(NULL));
}

static void test_misuse_bad_cpu(struct kunit *test)
{
	struct task_struct *p;
	int ret;

	KNG_EXPECT_WARN("create_on_bad_cpu",
			p = kthread_ng_create_on_cpu(idle_fn, NULL, nr_cpu_ids + 3,
						     "kng_t_bad/%u"));
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p), -EINVAL);
	p = kthread_ng_create(idle_fn, NULL, "kng_t_badbind");
	kng_test_track(test, p);
	KNG_EXPECT_WARN("bind_bad_cpu", kthread_ng_bind(p, nr_cpu_ids));
	KUNIT_EXPECT_FALSE(test, !!(p->flags & PF_NO_SETAFFINITY));
	wake_up_process(p);
	/* Binding a thread that already runs is refused, too. */
	msleep(20);
	KNG_EXPECT_WARN("bind_running", kthread_ng_bind(p, 0));
	ret = kng_test_stop(test, p);
	KUNIT_EXPECT_TRUE(test, ret == 0 || ret == -EINTR);
}

static void test_misuse_null(struct kunit *test)
{
	bool ret;

	KNG_EXPECT_WARN("queue_null", ret = kthread_ng_queue_work(NULL, NULL));
	KUNIT_EXPECT_FALSE(test, ret);
	KNG_EXPECT_WARN("cancel_null", ret = kthread_ng_cancel_work_sync(NULL));
	KUNIT_EXPECT_FALSE(test, ret);
	KNG_EXPECT_WARN("flush_worker_null", kthread_ng_flush_worker(NULL));
	KNG_EXPECT_WARN("destroy_null", kthread_ng_destroy_worker(NULL));
}

static void test_misuse_two_workers(struct kunit *test)
{
	struct kthread_ng_worker *a = new_worker(test);
	struct kthread_ng_worker *b = new_worker(test);
	struct xwork *x;
	bool ret;

	x = new_xwork(test, a);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(a, &x->work));
	kthread_ng_flush_work(&x->work);
	KNG_EXPECT_WARN("two_workers", ret = kthread_ng_queue_work(b, &x->work));
	KUNIT_EXPECT_FALSE(test, ret);
	kthread_ng_flush_worker(b);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 1);
	KNG_EXPECT_WARN("enable_unbalanced", ret = kthread_ng_enable_work(&x->work));
	KUNIT_EXPECT_FALSE(test, ret);
	kng_test_destroy_worker(test, b);
	kng_test_destroy_worker(test, a);
}

static void test_misuse_destroy_with_pending(struct kunit *test)
{
	struct kthread_ng_worker *w;
	struct xwork *g, *x, *y;

	x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	y = kunit_kzalloc(test, sizeof(*y), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_ASSERT_NOT_NULL(test, y);
	w = kthread_ng_run_worker(0, "kng_w_pending");
	KUNIT_ASSERT_FALSE(test, IS_ERR(w));
	xwork_init(x, w);
	xwork_init(y, w);
	g = gate_worker(test, w);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &y->dwork, HZ));
	complete(&g->release);
	/* Queued works run, armed delayed works are canceled. */
	kthread_ng_destroy_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&y->runs), 0);
	KUNIT_EXPECT_FALSE(test, timer_pending(&y->dwork.timer));
}

/*
 * A pending work initialized again: DEBUG_OBJECTS_WORK reports it and the
 * work is canceled first, so no worker keeps a list entry that the
 * initialization overwrites, and no timer fires into it.
 */
static void test_misuse_init_pending(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct xwork *g, *x, *y;

	if (!IS_ENABLED(CONFIG_DEBUG_OBJECTS_WORK))
		kunit_skip(test, "needs CONFIG_DEBUG_OBJECTS_WORK");
	x = new_xwork(test, w);
	y = new_xwork(test, w);
	g = gate_worker(test, w);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &y->dwork, 1));
	KNG_EXPECT_WARN("init_pending",
			kthread_ng_init_work(&x->work, xwork_fn));
	KNG_EXPECT_WARN("init_pending",
			kthread_ng_init_delayed_work(&y->dwork, xdwork_fn));
	complete(&g->release);
	msleep(50);
	kthread_ng_flush_worker(w);
	/* Neither ran: canceled before they were set up again. */
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&y->runs), 0);
	KUNIT_EXPECT_FALSE(test, timer_pending(&y->dwork.timer));
	/* And both work again, once each. */
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_delayed_work(w, &y->dwork, 1));
	kthread_ng_flush_delayed_work(&y->dwork);
	kthread_ng_flush_work(&x->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&y->runs), 1);
}

/*
 * Every wait a work could do on itself or on its own worker: a warning and
 * an error each, never a hang (the kernel's kthread_worker hangs).
 */
struct self_wait {
	struct kthread_ng_work		work;
	struct kthread_ng_worker	*w;
	bool				cancel_ret, disable_ret;
	int				stop_ret;
	struct completion		done;
};

static void self_wait_fn(struct kthread_ng_work *work)
{
	struct self_wait *sw = container_of(work, struct self_wait, work);

	KNG_EXPECT_WARN("flush_own_work", kthread_ng_flush_work(work));
	KNG_EXPECT_WARN("flush_own_worker", kthread_ng_flush_worker(sw->w));
	KNG_EXPECT_WARN("drain_own_worker", kthread_ng_drain_worker(sw->w));
	KNG_EXPECT_WARN("cancel_sync_itself",
			sw->cancel_ret = kthread_ng_cancel_work_sync(work));
	KNG_EXPECT_WARN("disable_sync_itself",
			sw->disable_ret = kthread_ng_disable_work_sync(work));
	KNG_EXPECT_WARN("stop_itself",
			sw->stop_ret = kthread_ng_stop(current));
	complete(&sw->done);
}

static void test_misuse_self_wait(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct self_wait *sw = kunit_kzalloc(test, sizeof(*sw), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sw);
	sw->w = w;
	init_completion(&sw->done);
	kthread_ng_init_work(&sw->work, self_wait_fn);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &sw->work));
	wait_for_completion(&sw->done);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_FALSE(test, sw->cancel_ret);
	KUNIT_EXPECT_FALSE(test, sw->disable_ret);
	KUNIT_EXPECT_EQ(test, sw->stop_ret, -EDEADLK);
	/* The disable counted all the same; the worker goes on working. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work(w, &sw->work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_work(&sw->work));
	kng_test_destroy_worker(test, w);
}

static struct kunit_case kng_misuse_cases[] = {
	KUNIT_CASE(test_misuse_self_wait),
	KUNIT_CASE(test_misuse_park_twice),
	KUNIT_CASE(test_misuse_park_exited),
	KUNIT_CASE(test_misuse_not_ng),
	KUNIT_CASE(test_misuse_bad_cpu),
	KUNIT_CASE(test_misuse_null),
	KUNIT_CASE(test_misuse_two_workers),
	KUNIT_CASE(test_misuse_destroy_with_pending),
	KUNIT_CASE(test_misuse_init_pending),
	{}
};

struct kunit_suite kng_misuse_suite = {
	.name = "kthread_ng_misuse",
	.init = kng_test_init,
	.exit = kng_test_exit,
	.test_cases = kng_misuse_cases,
};
