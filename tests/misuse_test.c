// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for the misuse table: every misuse warns and returns an error,
 * never a crash, a hang or a corruption.  Many of those warnings are
 * WARN_ONCE(), so this suite runs in a load of kthread_ng of its own: the
 * init script unloads kthread_ng after it, and a real misuse later in the
 * run (the stress suite, the sample consumer) still prints its warning.
 */
#include <linux/irq_work.h>
#include <linux/slab.h>

#include "kng_test.h"

/* Queueing from outside a worker that drains is refused, with a warning. */
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
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct outsider o = {};
	struct task_struct *t;
	struct xwork *x;

	x = kng_new_xwork(test, w);
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

static void test_misuse_park_twice(struct kunit *test)
{
	struct task_struct *p;
	int ret;

	p = kthread_ng_run(kng_idle_fn, NULL, "kng_t_park2");
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
	KUNIT_ASSERT_TRUE(test, kng_sleep_exit(p, 5000));
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
			p = kthread_ng_create_on_cpu(kng_idle_fn, NULL, nr_cpu_ids + 3,
						     "kng_t_bad/%u"));
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p), -EINVAL);
	p = kthread_ng_create(kng_idle_fn, NULL, "kng_t_badbind");
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

/*
 * No worker: refused whether the work has a worker yet or not and whether
 * it is disabled or not, and the work is left as it was (a fresh one is not
 * bound).  The warning comes once a boot: from the first call, on a
 * disabled work; the others, outside any region, must not warn again.
 */
static void test_misuse_null_worker(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct xwork *off = kng_new_xwork(test, w);
	struct xwork *fresh = kng_new_xwork(test, w);
	struct xwork *bound = kng_new_xwork(test, w);
	bool a, b, c;

	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &bound->work));
	kthread_ng_flush_work(&bound->work);
	KUNIT_EXPECT_FALSE(test, kthread_ng_disable_work(&off->work));
	/* The disabled one: its depth does not hide the misuse. */
	KNG_EXPECT_WARN("queue_no_worker",
			a = kthread_ng_queue_work(NULL, &off->work));
	b = kthread_ng_queue_work(NULL, &fresh->work);
	c = kthread_ng_queue_work(NULL, &bound->work);
	KUNIT_EXPECT_FALSE(test, a);
	KUNIT_EXPECT_FALSE(test, b);
	KUNIT_EXPECT_FALSE(test, c);
	/* Not bound: neither depth nor KNG_BOUND in its @disable word. */
	KUNIT_EXPECT_EQ(test, atomic_read(&fresh->work.disable), 0);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &fresh->work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &bound->work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_work(&off->work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &off->work));
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&fresh->runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&bound->runs), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&off->runs), 1);
	kng_test_destroy_worker(test, w);
}

static void test_misuse_two_workers(struct kunit *test)
{
	struct kthread_ng_worker *a = kng_new_worker(test);
	struct kthread_ng_worker *b = kng_new_worker(test);
	struct xwork *x;
	bool ret;

	x = kng_new_xwork(test, a);
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
	kng_xwork_init(x, w);
	kng_xwork_init(y, w);
	g = kng_gate_worker(test, w);
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
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct xwork *g, *x, *y;

	if (!IS_ENABLED(CONFIG_DEBUG_OBJECTS_WORK))
		kunit_skip(test, "needs CONFIG_DEBUG_OBJECTS_WORK");
	x = kng_new_xwork(test, w);
	y = kng_new_xwork(test, w);
	g = kng_gate_worker(test, w);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &y->dwork, 1));
	KNG_EXPECT_WARN("init_pending",
			kthread_ng_init_work(&x->work, kng_xwork_fn));
	KNG_EXPECT_WARN("init_pending",
			kthread_ng_init_delayed_work(&y->dwork, kng_xdwork_fn));
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
	/* A delayed work of the same worker, flushed from it while armed. */
	struct kthread_ng_delayed_work	dwork;
	atomic_t			druns;
	bool				dflush_ret, darmed_after;
};

static void self_wait_dwork_fn(struct kthread_ng_work *work)
{
	struct self_wait *sw = container_of(work, struct self_wait, dwork.work);

	atomic_inc(&sw->druns);
}

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
	/* Refused, and its timer left armed: it still runs when due. */
	kthread_ng_queue_delayed_work(sw->w, &sw->dwork, HZ / 5);
	KNG_EXPECT_WARN("flush_own_delayed",
			sw->dflush_ret = kthread_ng_flush_delayed_work(&sw->dwork));
	sw->darmed_after = timer_pending(&sw->dwork.timer);
	complete(&sw->done);
}

static void test_misuse_self_wait(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct self_wait *sw = kunit_kzalloc(test, sizeof(*sw), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sw);
	sw->w = w;
	init_completion(&sw->done);
	kthread_ng_init_work(&sw->work, self_wait_fn);
	kthread_ng_init_delayed_work(&sw->dwork, self_wait_dwork_fn);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &sw->work));
	wait_for_completion(&sw->done);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_FALSE(test, sw->cancel_ret);
	KUNIT_EXPECT_FALSE(test, sw->disable_ret);
	KUNIT_EXPECT_EQ(test, sw->stop_ret, -EDEADLK);
	KUNIT_EXPECT_FALSE(test, sw->dflush_ret);
	KUNIT_EXPECT_TRUE(test, sw->darmed_after);
	KUNIT_EXPECT_TRUE(test, kng_wait_for(atomic_read(&sw->druns) == 1, 2000));
	/* The disable counted all the same; the worker goes on working. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work(w, &sw->work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_work(&sw->work));
	kng_test_destroy_worker(test, w);
}

/*
 * A hard IRQ that interrupts a work of a draining worker is not that work:
 * like drain_workqueue(), which counts only a worker thread in task context
 * as chained, the drain refuses what the IRQ queues, with a warning.
 */
struct irq_during_drain {
	struct kthread_ng_work		work;
	struct kthread_ng_work		target;
	struct kthread_ng_worker	*w;
	struct irq_work			iw;
	struct completion		entered;
	struct completion		release;
	bool				on_worker;
	bool				queued;
	atomic_t			target_runs;
};

static void irq_during_drain_irq(struct irq_work *iw)
{
	struct irq_during_drain *d = container_of(iw, struct irq_during_drain, iw);

	d->on_worker = in_hardirq() && current == d->w->task;
	d->queued = kthread_ng_queue_work(d->w, &d->target);
}

static void irq_during_drain_fn(struct kthread_ng_work *work)
{
	struct irq_during_drain *d = container_of(work, struct irq_during_drain, work);

	complete(&d->entered);
	wait_for_completion(&d->release);
	/* On this cpu, interrupting this thread: a self-IPI. */
	irq_work_queue(&d->iw);
	irq_work_sync(&d->iw);
}

static void irq_during_drain_target_fn(struct kthread_ng_work *work)
{
	struct irq_during_drain *d = container_of(work, struct irq_during_drain, target);

	atomic_inc(&d->target_runs);
}

struct drainer {
	struct kthread_ng_worker	*w;
	struct completion		done;
};

static int drainer_fn(void *arg)
{
	struct drainer *dr = arg;

	kthread_ng_drain_worker(dr->w);
	return kng_test_finish(&dr->done);
}

static void test_misuse_drain_irq_not_chained(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct irq_during_drain *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	struct drainer dr = { .w = w };
	struct task_struct *t;

	KUNIT_ASSERT_NOT_NULL(test, d);
	d->w = w;
	init_completion(&d->entered);
	init_completion(&d->release);
	init_completion(&dr.done);
	d->iw = IRQ_WORK_INIT_HARD(irq_during_drain_irq);
	kthread_ng_init_work(&d->work, irq_during_drain_fn);
	kthread_ng_init_work(&d->target, irq_during_drain_target_fn);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &d->work));
	wait_for_completion(&d->entered);
	t = kthread_ng_run(drainer_fn, &dr, "kng_t_drainer");
	kng_test_track(test, t);
	/* The drain has begun: its flush work waits behind ours. */
	KUNIT_ASSERT_TRUE(test, kng_wait_for(READ_ONCE(w->drain_depth) &&
					     !list_empty(&w->work_list), 2000));
	KNG_EXPECT_WARN("drain_irq_not_chained", {
		complete(&d->release);
		wait_for_completion(&dr.done);
	});
	KUNIT_EXPECT_TRUE(test, d->on_worker);
	KUNIT_EXPECT_FALSE(test, d->queued);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->target_runs), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	kng_test_destroy_worker(test, w);
}

/*
 * A wait called where nothing may sleep (interrupts off, a spinlock held,
 * an RCU read-side critical section): a warning, and what can be done
 * without sleeping is done.  The sync cancels cancel without waiting, the
 * flushes and the drain return at once.  might_sleep() alone would complain
 * and then sleep in atomic context.
 */
static DEFINE_SPINLOCK(misuse_lock);

static void test_misuse_wait_in_atomic(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct xwork *x = kng_new_xwork(test, w);
	struct xwork *g;
	bool canceled, disabled;

	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &x->dwork, 100 * HZ));
	local_irq_disable();
	KNG_EXPECT_WARN("wait_irqs_off",
			canceled = kthread_ng_cancel_delayed_work_sync(&x->dwork));
	local_irq_enable();
	KUNIT_EXPECT_TRUE(test, canceled);
	KUNIT_EXPECT_FALSE(test, timer_pending(&x->dwork.timer));
	KUNIT_EXPECT_TRUE(test, list_empty(&x->dwork.work.node));

	/* Inside rcu_read_lock(): with preemptible RCU, no preempt count. */
	rcu_read_lock();
	KNG_EXPECT_WARN("wait_rcu", kthread_ng_flush_worker(w));
	rcu_read_unlock();

	/* A running work: nothing is waited for, the disable counts. */
	g = kng_gate_worker(test, w);
	spin_lock(&misuse_lock);
	KNG_EXPECT_WARN("wait_spinlock", {
		disabled = kthread_ng_disable_work_sync(&g->work);
		kthread_ng_flush_work(&g->work);
		kthread_ng_flush_worker(w);
		kthread_ng_drain_worker(w);
	});
	spin_unlock(&misuse_lock);
	KUNIT_EXPECT_FALSE(test, disabled);
	KUNIT_EXPECT_EQ(test, atomic_read(&g->runs), 1);
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work(w, &g->work));
	complete(&g->release);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_work(&g->work));
	KUNIT_EXPECT_EQ(test, READ_ONCE(w->drain_depth), 0U);
	kng_test_destroy_worker(test, w);
}

/*
 * Queueing from outside while the worker is destroyed is refused with a
 * warning, as destroy_workqueue() refuses it, instead of leaving a work on
 * a list that nobody will run.  A disabled work is refused as a disabled
 * work, without a warning, during the destroy and after it, when its worker
 * is gone: as queue_work() refuses a disabled work before it looks at the
 * workqueue.
 */
static void test_misuse_destroy_blocks_outsider(struct kunit *test)
{
	struct kng_destroyer ds = {};
	struct task_struct *t;
	struct xwork *g, *y, *z;
	struct kthread_ng_worker *gone;
	bool queued;

	y = kunit_kzalloc(test, sizeof(*y), GFP_KERNEL);
	z = kunit_kzalloc(test, sizeof(*z), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, y);
	KUNIT_ASSERT_NOT_NULL(test, z);
	ds.w = kthread_ng_run_worker(0, "kng_w_destroyed");
	KUNIT_ASSERT_FALSE(test, IS_ERR(ds.w));
	gone = ds.w;
	init_completion(&ds.done);
	kng_xwork_init(y, ds.w);
	kng_xwork_init(z, ds.w);
	KUNIT_EXPECT_FALSE(test, kthread_ng_disable_work(&z->work));
	g = kng_gate_worker(test, ds.w);
	t = kthread_ng_run(kng_destroyer_fn, &ds, "kng_t_destroyer");
	kng_test_track(test, t);
	/* The destroy has begun: its flush work waits behind the gate. */
	KUNIT_ASSERT_TRUE(test, kng_wait_for(!list_empty(&ds.w->work_list), 2000));
	/* Outside every expected-warning region: a warning fails the run. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work(ds.w, &z->work));
	KNG_EXPECT_WARN("destroy_blocks_outsider",
			queued = kthread_ng_queue_work(ds.w, &y->work));
	KUNIT_EXPECT_FALSE(test, queued);
	complete(&g->release);
	wait_for_completion(&ds.done);
	KUNIT_EXPECT_EQ(test, atomic_read(&g->runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&y->runs), 0);
	/* The worker is freed: refused without a look at it (KASAN watches). */
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work(gone, &z->work));
	KUNIT_EXPECT_EQ(test, atomic_read(&z->runs), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
}

static struct kunit_case kng_misuse_cases[] = {
	KUNIT_CASE(test_drain_worker),
	KUNIT_CASE(test_misuse_self_wait),
	KUNIT_CASE(test_misuse_park_twice),
	KUNIT_CASE(test_misuse_park_exited),
	KUNIT_CASE(test_misuse_not_ng),
	KUNIT_CASE(test_misuse_bad_cpu),
	KUNIT_CASE(test_misuse_null),
	KUNIT_CASE(test_misuse_null_worker),
	KUNIT_CASE(test_misuse_two_workers),
	KUNIT_CASE(test_misuse_destroy_with_pending),
	KUNIT_CASE(test_misuse_init_pending),
	KUNIT_CASE(test_misuse_drain_irq_not_chained),
	KUNIT_CASE(test_misuse_wait_in_atomic),
	KUNIT_CASE(test_misuse_destroy_blocks_outsider),
	{}
};

static struct kunit_suite kng_misuse_suite = {
	.name = "kthread_ng_misuse",
	.init = kng_test_init,
	.exit = kng_test_exit,
	.test_cases = kng_misuse_cases,
};

kunit_test_suite(kng_misuse_suite);
