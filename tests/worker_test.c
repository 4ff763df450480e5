// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for kthread_ng's worker engine: order, queueing rules, delayed
 * works and their timers, flush, cancel, and the races between them.
 */
#include <linux/hrtimer.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "kng_test.h"

/* A work that counts its runs and where it ran. */
struct cwork {
	struct kthread_ng_work		work;
	struct kthread_ng_delayed_work	dwork;
	atomic_t			runs;
	int				cpu;
	unsigned long			ran_at;		/* jiffies */
	int				requeue;	/* times to queue itself again */
	struct kthread_ng_worker	*worker;
	struct completion		entered;	/* func started */
	struct completion		release;	/* func may return */
	bool				block;
	bool				finished;
};

static void cwork_fn(struct kthread_ng_work *work)
{
	struct cwork *c = container_of(work, struct cwork, work);

	atomic_inc(&c->runs);
	c->cpu = raw_smp_processor_id();
	complete(&c->entered);
	if (c->block)
		wait_for_completion(&c->release);
	if (c->requeue > 0) {
		c->requeue--;
		kthread_ng_queue_work(c->worker, work);
	}
	WRITE_ONCE(c->finished, true);
}

static void cdwork_fn(struct kthread_ng_work *work)
{
	struct cwork *c = container_of(work, struct cwork, dwork.work);

	c->ran_at = jiffies;
	c->cpu = raw_smp_processor_id();
	atomic_inc(&c->runs);
	complete(&c->entered);
	if (c->block)
		wait_for_completion(&c->release);
	WRITE_ONCE(c->finished, true);
}

static void cwork_init(struct cwork *c, struct kthread_ng_worker *w)
{
	memset(c, 0, sizeof(*c));
	kthread_ng_init_work(&c->work, cwork_fn);
	kthread_ng_init_delayed_work(&c->dwork, cdwork_fn);
	init_completion(&c->entered);
	init_completion(&c->release);
	c->worker = w;
}

/* Works with timers live on the heap: DEBUG_OBJECTS wants no timer on stack. */
static struct cwork *new_cwork(struct kunit *test, struct kthread_ng_worker *w)
{
	struct cwork *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	cwork_init(c, w);
	return c;
}

static struct kthread_ng_worker *new_worker(struct kunit *test)
{
	struct kthread_ng_worker *w = kthread_ng_run_worker(0, "kng_w_test");

	kng_test_track_worker(test, w);
	return w;
}

/* 10,000 works run once each, in the order they were queued. */
struct seq_work {
	struct kthread_ng_work	work;
	int			seq;
	int			*last;
	int			*bad;
};

static void seq_fn(struct kthread_ng_work *work)
{
	struct seq_work *s = container_of(work, struct seq_work, work);

	if (s->seq != *s->last + 1)
		(*s->bad)++;
	*s->last = s->seq;
}

static void test_order_10000(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	int last = -1, bad = 0, i, queued = 0;
	struct seq_work *s;

	s = kunit_kcalloc(test, 10000, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	for (i = 0; i < 10000; i++) {
		kthread_ng_init_work(&s[i].work, seq_fn);
		s[i].seq = i;
		s[i].last = &last;
		s[i].bad = &bad;
		queued += kthread_ng_queue_work(w, &s[i].work);
	}
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, queued, 10000);
	KUNIT_EXPECT_EQ(test, last, 9999);
	KUNIT_EXPECT_EQ(test, bad, 0);
	kng_test_destroy_worker(test, w);
}

/* Two producers on two cpus: per-producer FIFO, nothing lost. */
struct producer {
	struct kthread_ng_worker	*w;
	struct seq_work			*works;
	int				n;
	int				last;
	int				bad;
	int				queued;
	struct completion		*go;
	struct completion		finished;
};

static int producer_fn(void *arg)
{
	struct producer *p = arg;
	int i;

	wait_for_completion(p->go);
	for (i = 0; i < p->n; i++)
		p->queued += kthread_ng_queue_work(p->w, &p->works[i].work);
	return kng_test_finish(&p->finished);
}

static void test_queue_from_two_cpus(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct producer pr[2] = {};
	DECLARE_COMPLETION_ONSTACK(go);
	struct task_struct *t[2];
	unsigned int cpus[2];
	int i, j;

	cpus[0] = cpumask_first(cpu_online_mask);
	cpus[1] = cpumask_last(cpu_online_mask);
	for (i = 0; i < 2; i++) {
		pr[i].w = w;
		pr[i].n = 5000;
		pr[i].last = -1;
		pr[i].go = &go;
		init_completion(&pr[i].finished);
		pr[i].works = kunit_kcalloc(test, pr[i].n,
					    sizeof(*pr[i].works), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, pr[i].works);
		for (j = 0; j < pr[i].n; j++) {
			kthread_ng_init_work(&pr[i].works[j].work, seq_fn);
			pr[i].works[j].seq = j;
			pr[i].works[j].last = &pr[i].last;
			pr[i].works[j].bad = &pr[i].bad;
		}
		t[i] = kthread_ng_create_on_cpu(producer_fn, &pr[i], cpus[i],
						"kng_t_prod/%u");
		kng_test_track(test, t[i]);
		wake_up_process(t[i]);
	}
	complete_all(&go);
	for (i = 0; i < 2; i++) {
		wait_for_completion(&pr[i].finished);
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, t[i]), 0);
	}
	kthread_ng_flush_worker(w);
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_EQ(test, pr[i].queued, pr[i].n);
		KUNIT_EXPECT_EQ(test, pr[i].last, pr[i].n - 1);
		KUNIT_EXPECT_EQ(test, pr[i].bad, 0);
	}
	kng_test_destroy_worker(test, w);
}

/* Hold the worker busy so that what we queue stays pending. */
static struct cwork *block_worker(struct kunit *test,
				  struct kthread_ng_worker *w)
{
	struct cwork *gate = kunit_kzalloc(test, sizeof(*gate), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, gate);
	cwork_init(gate, w);
	gate->block = true;
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &gate->work));
	wait_for_completion(&gate->entered);
	return gate;
}

static void test_queue_pending_and_cancel(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct cwork *gate, *c;

	c = new_cwork(test, w);
	gate = block_worker(test, w);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &c->work));
	/* Pending: a second queueing is refused. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work(w, &c->work));
	/* Cancel of a pending work: true, and it never runs. */
	KUNIT_EXPECT_TRUE(test, kthread_ng_cancel_work_sync(&c->work));
	/* Cancel of an idle work: false. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_cancel_work_sync(&c->work));
	complete(&gate->release);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&gate->runs), 1);
	kng_test_destroy_worker(test, w);
}

struct canceller {
	struct kthread_ng_work	*work;
	bool			ret;
	bool			finished_seen;
	struct cwork		*c;
};

static int cancel_sync_fn(void *arg)
{
	struct canceller *cn = arg;

	cn->ret = kthread_ng_cancel_work_sync(cn->work);
	cn->finished_seen = READ_ONCE(cn->c->finished);
	return 0;
}

static void test_cancel_running(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct canceller cn = {};
	struct task_struct *t;
	struct cwork *c;

	c = new_cwork(test, w);
	c->block = true;
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &c->work));
	wait_for_completion(&c->entered);

	cn.work = &c->work;
	cn.c = c;
	t = kthread_ng_run(cancel_sync_fn, &cn, "kng_t_cancel");
	kng_test_track(test, t);
	/* While the cancel waits, queueing the work is refused. */
	KUNIT_EXPECT_TRUE(test, kng_wait_for(READ_ONCE(c->work.canceling) > 0,
					     5000));
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work(w, &c->work));
	complete(&c->release);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	/* It was running, not pending; cancel returned after it finished. */
	KUNIT_EXPECT_FALSE(test, cn.ret);
	KUNIT_EXPECT_TRUE(test, cn.finished_seen);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 1);
	kng_test_destroy_worker(test, w);
}

static void test_cancel_self_requeueing(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct cwork *c;
	int runs;

	c = new_cwork(test, w);
	c->requeue = INT_MAX;
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &c->work));
	KUNIT_EXPECT_TRUE(test, kng_wait_for(atomic_read(&c->runs) > 100, 5000));
	kthread_ng_cancel_work_sync(&c->work);
	runs = atomic_read(&c->runs);
	msleep(50);
	/* Stopped for good. */
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), runs);
	KUNIT_EXPECT_TRUE(test, list_empty(&c->work.node));
	kng_test_destroy_worker(test, w);
}

static void test_flush_work(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct cwork *gate, *c, *r;

	/* Idle: returns at once. */
	c = new_cwork(test, w);
	kthread_ng_flush_work(&c->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 0);

	/* Pending behind a blocked work. */
	gate = block_worker(test, w);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &c->work));
	complete(&gate->release);
	kthread_ng_flush_work(&c->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 1);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(c->finished));

	/* Running: returns once it finished. */
	r = new_cwork(test, w);
	r->block = true;
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &r->work));
	wait_for_completion(&r->entered);
	complete(&r->release);
	kthread_ng_flush_work(&r->work);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(r->finished));

	/* Self-requeueing: waits for the instance queued before the flush. */
	r = new_cwork(test, w);
	r->requeue = 20;
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &r->work));
	kthread_ng_flush_work(&r->work);
	KUNIT_EXPECT_GE(test, atomic_read(&r->runs), 1);
	KUNIT_EXPECT_TRUE(test, kng_wait_for(atomic_read(&r->runs) == 21, 5000));
	kthread_ng_flush_work(&r->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 21);
	kng_test_destroy_worker(test, w);
}

static void test_flush_worker(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct cwork *c;
	int i, done = 0;

	c = kunit_kcalloc(test, 100, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	for (i = 0; i < 100; i++) {
		cwork_init(&c[i], w);
		kthread_ng_queue_work(w, &c[i].work);
	}
	kthread_ng_flush_worker(w);
	for (i = 0; i < 100; i++)
		done += atomic_read(&c[i].runs);
	KUNIT_EXPECT_EQ(test, done, 100);
	kng_test_destroy_worker(test, w);
}

struct self_free {
	struct kthread_ng_work	work;
	atomic_t		*count;
};

static void self_free_fn(struct kthread_ng_work *work)
{
	struct self_free *sf = container_of(work, struct self_free, work);

	atomic_inc(sf->count);
	kfree(sf);
}

static void test_work_frees_itself(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	atomic_t count = ATOMIC_INIT(0);
	int i;

	for (i = 0; i < 100; i++) {
		struct self_free *sf = kzalloc(sizeof(*sf), GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, sf);
		kthread_ng_init_work(&sf->work, self_free_fn);
		sf->count = &count;
		KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &sf->work));
	}
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&count), 100);
	kng_test_destroy_worker(test, w);
}

static void test_destroy_after_last_queue(struct kunit *test)
{
	struct kthread_ng_worker *w;
	struct cwork *c;
	int round, i, done;

	c = kunit_kcalloc(test, 10, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	for (round = 0; round < 20; round++) {
		w = kthread_ng_run_worker(0, "kng_w_destroy%d", round);
		KUNIT_ASSERT_FALSE(test, IS_ERR(w));
		for (i = 0; i < 10; i++) {
			cwork_init(&c[i], w);
			kthread_ng_queue_work(w, &c[i].work);
		}
		kthread_ng_destroy_worker(w);
		for (done = 0, i = 0; i < 10; i++)
			done += atomic_read(&c[i].runs);
		KUNIT_EXPECT_EQ(test, done, 10);
	}
}

static void test_delayed_accuracy_and_zero(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	unsigned long start, late;
	struct cwork *c;

	c = new_cwork(test, w);
	start = jiffies;
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &c->dwork, 10));
	/* Pending on its timer: a second queueing is refused. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_delayed_work(w, &c->dwork, 10));
	KUNIT_EXPECT_TRUE(test, timer_pending(&c->dwork.timer));
	wait_for_completion(&c->entered);
	late = c->ran_at - start;
	kunit_info(test, "10-jiffy delay ran after %lu jiffies", late);
	KUNIT_EXPECT_GE(test, late, 10UL);
	KUNIT_EXPECT_LE(test, late, 10UL + 5);

	/* Delay 0 queues at once: no timer. */
	c = new_cwork(test, w);
	c->block = true;
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &c->dwork, 0));
	KUNIT_EXPECT_FALSE(test, timer_pending(&c->dwork.timer));
	wait_for_completion(&c->entered);
	complete(&c->release);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 1);
	kng_test_destroy_worker(test, w);
}

static void test_mod_delayed_work(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct cwork *c;

	c = new_cwork(test, w);
	/* Idle: mod queues it and returns false. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_mod_delayed_work(w, &c->dwork, HZ * 100));
	/* Pending far out: mod brings it in and returns true. */
	KUNIT_EXPECT_TRUE(test, kthread_ng_mod_delayed_work(w, &c->dwork, 1));
	wait_for_completion(&c->entered);
	kthread_ng_flush_work(&c->dwork.work);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 1);
	/* Pending: mod pushes it out, cancel then finds it pending. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_mod_delayed_work(w, &c->dwork, 1));
	KUNIT_EXPECT_TRUE(test, kthread_ng_mod_delayed_work(w, &c->dwork, HZ * 100));
	KUNIT_EXPECT_TRUE(test, kthread_ng_cancel_delayed_work_sync(&c->dwork));
	KUNIT_EXPECT_FALSE(test, timer_pending(&c->dwork.timer));
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 1);
	kng_test_destroy_worker(test, w);
}

/* Queueing and modifying from hard IRQ context: an hrtimer callback. */
struct irq_probe {
	struct hrtimer			timer;
	struct kthread_ng_worker	*w;
	struct cwork			*c;
	bool				in_hardirq;
	bool				mod_ret;
	bool				queue_ret;
	struct completion		fired;
};

static enum hrtimer_restart irq_probe_fn(struct hrtimer *t)
{
	struct irq_probe *ip = container_of(t, struct irq_probe, timer);

	ip->in_hardirq = in_hardirq();
	ip->mod_ret = kthread_ng_mod_delayed_work(ip->w, &ip->c->dwork, 1);
	ip->queue_ret = kthread_ng_queue_work(ip->w, &ip->c->work);
	complete(&ip->fired);
	return HRTIMER_NORESTART;
}

static void test_queue_and_mod_from_irq(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct irq_probe *ip;
	struct cwork *c;

	/* DEBUG_OBJECTS: no hrtimer on the stack. */
	ip = kunit_kzalloc(test, sizeof(*ip), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ip);
	c = new_cwork(test, w);
	ip->w = w;
	ip->c = c;
	init_completion(&ip->fired);
	/* Pending far out; the IRQ pulls it in. */
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &c->dwork, HZ * 100));
	kng_hrtimer_setup(&ip->timer, irq_probe_fn, CLOCK_MONOTONIC,
			  HRTIMER_MODE_REL_HARD);
	hrtimer_start(&ip->timer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
	wait_for_completion(&ip->fired);
	hrtimer_cancel(&ip->timer);
	KUNIT_EXPECT_TRUE(test, ip->in_hardirq);
	KUNIT_EXPECT_TRUE(test, ip->mod_ret);
	KUNIT_EXPECT_TRUE(test, ip->queue_ret);
	KUNIT_EXPECT_TRUE(test, kng_wait_for(atomic_read(&c->runs) == 2, 5000));
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 2);
	kng_test_destroy_worker(test, w);
}

static void test_worker_on_cpu_and_node(struct kunit *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct kthread_ng_worker *w;
	char name[32], want[32];
	struct cwork *c;
	int node;

	/* Created, not started: it can be set up before its first run. */
	w = kthread_ng_create_worker_on_cpu(cpu, 0, "kng_w_cpu%u", cpu);
	kng_test_track_worker(test, w);
	msleep(20);
	KUNIT_EXPECT_EQ(test, READ_ONCE(w->task->__state), TASK_UNINTERRUPTIBLE);
	sched_set_fifo_low(w->task);
	KUNIT_EXPECT_PTR_EQ(test, kthread_ng_start_worker(w), w);
	c = new_cwork(test, w);
	kthread_ng_queue_work(w, &c->work);
	kthread_ng_flush_work(&c->work);
	KUNIT_EXPECT_EQ(test, c->cpu, (int)cpu);
	kng_test_destroy_worker(test, w);

	w = kthread_ng_run_worker_on_cpu(cpu, 0, "kng_w_run/%u");
	kng_test_track_worker(test, w);
	snprintf(want, sizeof(want), "kng_w_run/%u", cpu);
	kthread_ng_get_comm(name, sizeof(name), w->task);
	KUNIT_EXPECT_STREQ(test, name, want);
	c = new_cwork(test, w);
	kthread_ng_queue_work(w, &c->work);
	kthread_ng_flush_work(&c->work);
	KUNIT_EXPECT_EQ(test, c->cpu, (int)cpu);
	kng_test_destroy_worker(test, w);

	/*
	 * Created, not started (as upstream): the thread waits in its first
	 * sleep until woken; the first queueing wakes it, as upstream's does.
	 */
	for_each_online_node(node) {
		w = kthread_ng_create_worker_on_node(0, node, "kng_w_node%d",
						     node);
		kng_test_track_worker(test, w);
		/* Its thread's task_struct and stack come from @node. */
		KUNIT_EXPECT_EQ(test, kng_task_struct_node(w->task), node);
		KNG_EXPECT_STACK_NODE(test, w->task, node);
		msleep(20);
		KUNIT_EXPECT_EQ(test, READ_ONCE(w->task->__state),
				TASK_UNINTERRUPTIBLE);
		c = new_cwork(test, w);
		KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &c->work));
		kthread_ng_flush_work(&c->work);
		KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 1);
		kng_test_destroy_worker(test, w);
	}

	w = kthread_ng_run_worker(0, "kng_w_runw");
	kng_test_track_worker(test, w);
	msleep(20);
	KUNIT_EXPECT_NE(test, READ_ONCE(w->task->__state), TASK_UNINTERRUPTIBLE);
	c = new_cwork(test, w);
	kthread_ng_queue_work(w, &c->work);
	kthread_ng_flush_work(&c->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 1);
	kng_test_destroy_worker(test, w);
}

/* A worker embedded in the caller's object, with static initializers. */
static atomic_t static_runs = ATOMIC_INIT(0);

static void static_fn(struct kthread_ng_work *work)
{
	atomic_inc(&static_runs);
}

static DEFINE_KTHREAD_NG_WORK(static_work, static_fn);
static DEFINE_KTHREAD_NG_DELAYED_WORK(static_dwork, static_fn);

static void test_embedded_worker(struct kunit *test)
{
	struct kthread_ng_worker *w;
	struct task_struct *t;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	kthread_ng_init_worker(w);
	t = kthread_ng_run(kthread_ng_worker_fn, w, "kng_w_embedded");
	kng_test_track(test, t);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &static_work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_delayed_work(w, &static_dwork, 1));
	kthread_ng_flush_delayed_work(&static_dwork);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&static_runs), 2);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	KUNIT_EXPECT_NULL(test, w->task);
}

/* ------------------------------------------------------------------ */
/* mod_delayed_work() against cancel_delayed_work_sync(), across cpus  */
/* ------------------------------------------------------------------ */

#define MOD_CANCEL_ROUNDS	10000

struct race {
	struct kthread_ng_worker	*w;
	struct cwork			c;
	atomic_t			mod_true;
	atomic_t			cancel_true;
	struct completion		go;
	struct completion		finished;
};

static int race_mod_fn(void *arg)
{
	struct race *r = arg;
	int i;

	wait_for_completion(&r->go);
	for (i = 0; i < MOD_CANCEL_ROUNDS; i++) {
		if (kthread_ng_mod_delayed_work(r->w, &r->c.dwork,
						get_random_u32() % 3))
			atomic_inc(&r->mod_true);
		if (!(i % 64))
			cond_resched();
	}
	return kng_test_finish(&r->finished);
}

static int race_cancel_fn(void *arg)
{
	struct race *r = arg;
	int i;

	wait_for_completion(&r->go);
	for (i = 0; i < MOD_CANCEL_ROUNDS; i++) {
		if (kthread_ng_cancel_delayed_work_sync(&r->c.dwork))
			atomic_inc(&r->cancel_true);
		if (!(i % 64))
			cond_resched();
	}
	return kng_test_finish(&r->finished);
}

static void test_mod_vs_cancel_race(struct kunit *test)
{
	unsigned int cpu0 = cpumask_first(cpu_online_mask);
	unsigned int cpu1 = cpumask_last(cpu_online_mask);
	struct task_struct *a, *b;
	struct race *r;
	int runs;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->w = new_worker(test);
	cwork_init(&r->c, r->w);
	init_completion(&r->go);
	init_completion(&r->finished);
	a = kthread_ng_create_on_cpu(race_mod_fn, r, cpu0, "kng_t_mod/%u");
	kng_test_track(test, a);
	b = kthread_ng_create_on_cpu(race_cancel_fn, r, cpu1, "kng_t_can/%u");
	kng_test_track(test, b);
	wake_up_process(a);
	wake_up_process(b);
	complete_all(&r->go);
	wait_for_completion(&r->finished);
	wait_for_completion(&r->finished);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, a), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, b), 0);

	/* The last word is a cancel: nothing may run after it. */
	if (kthread_ng_cancel_delayed_work_sync(&r->c.dwork))
		atomic_inc(&r->cancel_true);
	KUNIT_EXPECT_FALSE(test, timer_pending(&r->c.dwork.timer));
	KUNIT_EXPECT_TRUE(test, list_empty(&r->c.dwork.work.node));
	runs = atomic_read(&r->c.runs);
	msleep(30);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->c.runs), runs);
	/*
	 * Every queueing is accounted for exactly once: a mod that returned
	 * false queued an idle work, and each such instance ended either in
	 * a run or in a cancel that returned true (a mod that returned true
	 * moved a pending instance, or lost to a cancel, and made none).
	 */
	KUNIT_EXPECT_EQ_MSG(test, MOD_CANCEL_ROUNDS - atomic_read(&r->mod_true),
			    runs + atomic_read(&r->cancel_true),
			    "queueings %d, runs %d, cancels of a pending work %d",
			    MOD_CANCEL_ROUNDS - atomic_read(&r->mod_true), runs,
			    atomic_read(&r->cancel_true));
	kunit_info(test, "%d rounds: mod true %d, cancel true %d, ran %d",
		   MOD_CANCEL_ROUNDS, atomic_read(&r->mod_true),
		   atomic_read(&r->cancel_true), runs);
	kng_test_destroy_worker(test, r->w);
}

static struct kunit_case kng_worker_cases[] = {
	KUNIT_CASE(test_order_10000),
	KUNIT_CASE(test_queue_from_two_cpus),
	KUNIT_CASE(test_queue_pending_and_cancel),
	KUNIT_CASE(test_cancel_running),
	KUNIT_CASE(test_cancel_self_requeueing),
	KUNIT_CASE(test_flush_work),
	KUNIT_CASE(test_flush_worker),
	KUNIT_CASE(test_work_frees_itself),
	KUNIT_CASE(test_destroy_after_last_queue),
	KUNIT_CASE(test_delayed_accuracy_and_zero),
	KUNIT_CASE(test_mod_delayed_work),
	KUNIT_CASE(test_queue_and_mod_from_irq),
	KUNIT_CASE(test_worker_on_cpu_and_node),
	KUNIT_CASE(test_embedded_worker),
	KUNIT_CASE(test_mod_vs_cancel_race),
	{}
};

static struct kunit_suite kng_worker_suite = {
	.name = "kthread_ng_worker",
	.init = kng_test_init,
	.exit = kng_test_exit,
	.test_cases = kng_worker_cases,
};

kunit_test_suite(kng_worker_suite);
