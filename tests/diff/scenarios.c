// SPDX-License-Identifier: GPL-2.0-only
/*
 * The differential suite: one table of scenarios, compiled twice.  In
 * kng_diff_kernel.ko they run against the kernel's kthread API,
 * kthread_worker and, for what kthread_worker lacks, an ordered workqueue;
 * in kng_diff_ng.ko against kthread_ng.  Both load in the same boot; each
 * scenario prints one line, "KNG-DIFF <side> <name>: <outcome>", and the
 * judge (scripts/analyze.py) wants the two sides' lines identical, except
 * for the deliberate differences listed, with their reasons, in
 * tests/diff/differences.
 *
 * A scenario touches only what both sides have and neither warns about;
 * what only kthread_ng can do without a warning or a crash is in the table.
 * An outcome that starts with "FAIL:" says the scenario could not be set up
 * (no memory, no thread): the judge fails it even when both sides agree.
 *
 * The table below is the expected set too: the judge reads it from this
 * file.  S() runs on both sides, NG_ONLY() on kthread_ng's alone (the
 * kernel's would warn, hang or crash: tests/diff/differences says why), and
 * WQD() needs workqueue's disable/enable: where the kernel lacks them (6.1),
 * the kernel side says "=recorded" and the judge compares kthread_ng with
 * the kernel outcome recorded in tests/diff/recorded, which every run on a
 * kernel that has them checks against the live one.
 */
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "kthread_ng.h"
#include "kng_compat.h"
#include "../kng_sleep.h"

/* ------------------------------------------------------------------ */
/* The two sides                                                       */
/* ------------------------------------------------------------------ */

#ifdef KNG_DIFF_NG
#define SIDE			"ng"
/* Threads. */
#define T_create(fn, d, name)	kthread_ng_create(fn, d, name)
#define T_run(fn, d, name)	kthread_ng_run(fn, d, name)
#define T_create_on_cpu		kthread_ng_create_on_cpu
#define T_bind			kthread_ng_bind
#define T_stop			kthread_ng_stop
#define T_stop_put		kthread_ng_stop_put
#define T_should_stop		kthread_ng_should_stop
#define T_should_park		kthread_ng_should_park
#define T_should_stop_or_park	kthread_ng_should_stop_or_park
#define T_park			kthread_ng_park
#define T_unpark		kthread_ng_unpark
#define T_parkme		kthread_ng_parkme
#define T_freezable_should_stop	kthread_ng_freezable_should_stop
#define T_data			kthread_ng_data
#define T_func			kthread_ng_func
#define T_complete_and_exit	kthread_ng_complete_and_exit
#define T_exit			kthread_ng_exit
#define T_create_on_node	kthread_ng_create_on_node
#define T_run_on_cpu		kthread_ng_run_on_cpu
#define T_use_mm		kthread_ng_use_mm
#define T_unuse_mm		kthread_ng_unuse_mm
/* kthread_worker. */
#define K_worker		kthread_ng_worker
#define K_work			kthread_ng_work
#define K_dwork			kthread_ng_delayed_work
#define K_new_worker(name)	kthread_ng_run_worker(0, name)
#define K_new_worker_flags(f, name) kthread_ng_run_worker(f, name)
#define K_new_worker_on_cpu(cpu, name)					\
	kthread_ng_start_worker(kthread_ng_create_worker_on_cpu(cpu, 0, name))
#define K_FREEZABLE		KTW_NG_FREEZABLE
#define K_init_worker		kthread_ng_init_worker
#define K_worker_fn		kthread_ng_worker_fn
#define K_WORK_INIT		KTHREAD_NG_WORK_INIT
#define K_DWORK_INIT		KTHREAD_NG_DELAYED_WORK_INIT
#define K_init_work		kthread_ng_init_work
#define K_init_dwork		kthread_ng_init_delayed_work
#define K_queue			kthread_ng_queue_work
#define K_queue_d		kthread_ng_queue_delayed_work
#define K_mod_d			kthread_ng_mod_delayed_work
#define K_flush			kthread_ng_flush_work
#define K_flush_worker		kthread_ng_flush_worker
#define K_cancel_sync		kthread_ng_cancel_work_sync
#define K_cancel_d_sync		kthread_ng_cancel_delayed_work_sync
#define K_destroy		kthread_ng_destroy_worker
/* What kthread_worker lacks: kthread_ng's against workqueue's. */
#define X_queue_t		kthread_ng_worker
#define X_work			kthread_ng_work
#define X_dwork			kthread_ng_delayed_work
#define X_new_queue(name)	kthread_ng_run_worker(0, name)
#define X_free_queue		kthread_ng_destroy_worker
#define X_init_work		kthread_ng_init_work
#define X_init_dwork		kthread_ng_init_delayed_work
#define X_queue			kthread_ng_queue_work
#define X_queue_d		kthread_ng_queue_delayed_work
#define X_mod_d			kthread_ng_mod_delayed_work
#define X_flush(w)		kthread_ng_flush_work(w)
#define X_flush_d		kthread_ng_flush_delayed_work
#define X_cancel		kthread_ng_cancel_work
#define X_cancel_d		kthread_ng_cancel_delayed_work
#define X_cancel_sync		kthread_ng_cancel_work_sync
#define X_cancel_d_sync		kthread_ng_cancel_delayed_work_sync
#define X_disable		kthread_ng_disable_work
#define X_disable_sync		kthread_ng_disable_work_sync
#define X_enable		kthread_ng_enable_work
#define X_disable_d		kthread_ng_disable_delayed_work
#define X_disable_d_sync	kthread_ng_disable_delayed_work_sync
#define X_enable_d		kthread_ng_enable_delayed_work
#define X_drain			kthread_ng_drain_worker
#define X_dwork_work(dw)	(&(dw)->work)
/* Per-cpu workers: kthread_ng's against a per-cpu workqueue's. */
#define P_queue_t		kthread_ng_percpu_worker
#define P_work			kthread_ng_work
#define P_new_queue(name)	kthread_ng_create_percpu_worker(0, name)
#define P_free_queue		kthread_ng_destroy_percpu_worker
#define P_init_work		kthread_ng_init_work
#define P_queue_on(q, cpu, w)	kthread_ng_queue_work_on(q, cpu, w)
#define P_flush(w)		kthread_ng_flush_work(w)
#else
#define SIDE			"kernel"
#define T_create(fn, d, name)	kthread_create(fn, d, name)
#define T_run(fn, d, name)	kthread_run(fn, d, name)
#define T_create_on_cpu		kthread_create_on_cpu
#define T_bind			kthread_bind
#define T_stop			kthread_stop
#ifdef KNG_HAVE_KTHREAD_STOP_PUT
#define T_stop_put		kthread_stop_put
#else
/* 6.1 has none: kthread_stop() and a put, as later kernels define it. */
static int T_stop_put(struct task_struct *k)
{
	int ret = kthread_stop(k);

	put_task_struct(k);
	return ret;
}
#endif
#define T_should_stop		kthread_should_stop
#define T_should_park		kthread_should_park
/* Not exported: the same two tests. */
#define T_should_stop_or_park()	(kthread_should_stop() || kthread_should_park())
#define T_park			kthread_park
#define T_unpark		kthread_unpark
#define T_parkme		kthread_parkme
#define T_freezable_should_stop	kthread_freezable_should_stop
#define T_data			kthread_data
#define T_func			kthread_func
#define T_complete_and_exit	kthread_complete_and_exit
/* Not exported on every kernel; the kernel defines it as this call. */
#define T_exit(code)		kthread_complete_and_exit(NULL, code)
#define T_create_on_node	kthread_create_on_node
#define T_run_on_cpu		kthread_run_on_cpu
#define T_use_mm		kthread_use_mm
#define T_unuse_mm		kthread_unuse_mm
#define K_worker		kthread_worker
#define K_work			kthread_work
#define K_dwork			kthread_delayed_work
/* Started on every kernel: a 7.x worker starts at its first queueing. */
#define K_new_worker(name)	kthread_create_worker(0, name)
#define K_new_worker_flags(f, name) kthread_create_worker(f, name)
/* Woken here: 6.x wakes it at creation, 7.x at the first queueing. */
#define K_new_worker_on_cpu(cpu, name)					\
({									\
	struct kthread_worker *__w =					\
		kthread_create_worker_on_cpu(cpu, 0, name);		\
	if (!IS_ERR(__w))						\
		wake_up_process(__w->task);				\
	__w;								\
})
#define K_FREEZABLE		KTW_FREEZABLE
#define K_init_worker		kthread_init_worker
#define K_worker_fn		kthread_worker_fn
#define K_WORK_INIT		KTHREAD_WORK_INIT
#define K_DWORK_INIT		KTHREAD_DELAYED_WORK_INIT
#define K_init_work		kthread_init_work
#define K_init_dwork		kthread_init_delayed_work
#define K_queue			kthread_queue_work
#define K_queue_d		kthread_queue_delayed_work
#define K_mod_d			kthread_mod_delayed_work
#define K_flush			kthread_flush_work
#define K_flush_worker		kthread_flush_worker
#define K_cancel_sync		kthread_cancel_work_sync
#define K_cancel_d_sync		kthread_cancel_delayed_work_sync
#define K_destroy		kthread_destroy_worker
#define X_queue_t		workqueue_struct
#define X_work			work_struct
#define X_dwork			delayed_work
#define X_new_queue(name)	alloc_ordered_workqueue(name, 0)
#define X_free_queue		destroy_workqueue
#define X_init_work		INIT_WORK
#define X_init_dwork		INIT_DELAYED_WORK
#define X_queue			queue_work
#define X_queue_d		queue_delayed_work
#define X_mod_d			mod_delayed_work
#define X_flush(w)		((void)flush_work(w))
#define X_flush_d		flush_delayed_work
#define X_cancel		cancel_work
#define X_cancel_d		cancel_delayed_work
#define X_cancel_sync		cancel_work_sync
#define X_cancel_d_sync		cancel_delayed_work_sync
#define X_disable		disable_work
#define X_disable_sync		disable_work_sync
#define X_enable		enable_work
#define X_disable_d		disable_delayed_work
#define X_disable_d_sync	disable_delayed_work_sync
#define X_enable_d		enable_delayed_work
#define X_drain			drain_workqueue
#define X_dwork_work(dw)	(&(dw)->work)
#define P_queue_t		workqueue_struct
#define P_work			work_struct
#define P_new_queue(name)						\
	(alloc_workqueue(name, KNG_WQ_PERCPU, 0) ?: ERR_PTR(-ENOMEM))
#define P_free_queue		destroy_workqueue
#define P_init_work		INIT_WORK
#define P_queue_on(q, cpu, w)	queue_work_on(cpu, q, w)
#define P_flush(w)		((void)flush_work(w))
#endif

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

#define OUT_LEN	160

struct out {
	char	buf[OUT_LEN];
	int	len;
};

static __printf(2, 3) void say(struct out *o, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	o->len += vscnprintf(o->buf + o->len, OUT_LEN - o->len, fmt, args);
	va_end(args);
}

/*
 * Wait up to @ms for @cond, polling: only for a state of another task that
 * no event announces (a destroy asleep in its drain).  A work's start and a
 * task's exit are waited for by sleeping: wait_started(), kng_sleep_exit().
 */
#define wait_for(cond, ms)						\
({									\
	unsigned long __end = jiffies + msecs_to_jiffies(ms);		\
	while (!(cond) && time_before(jiffies, __end))			\
		usleep_range(200, 400);					\
	(cond);								\
})

/* A thread's record of what it saw. */
struct tctx {
	atomic_t		runs;
	atomic_t		parks;
	int			cpu;
	int			ret;
	int			seen;		/* a scenario's own observation */
	struct completion	started;
	struct completion	done;
};

static void tctx_init(struct tctx *t, int ret)
{
	memset(t, 0, sizeof(*t));
	t->ret = ret;
	t->cpu = -1;
	init_completion(&t->started);
	init_completion(&t->done);
}

/* Run until asked to stop, parking when asked; return t->ret. */
static int loop_fn(void *arg)
{
	struct tctx *t = arg;

	atomic_inc(&t->runs);
	WRITE_ONCE(t->cpu, raw_smp_processor_id());
	complete(&t->started);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (T_should_stop())
			break;
		if (T_should_park()) {
			__set_current_state(TASK_RUNNING);
			T_parkme();
			atomic_inc(&t->parks);
			continue;
		}
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return t->ret;
}

static int return_fn(void *arg)
{
	struct tctx *t = arg;

	atomic_inc(&t->runs);
	complete(&t->started);
	return t->ret;
}

/* A work that logs its id in its context's order list. */
struct wctx {
	int		order[32];
	atomic_t	n;
	atomic_t	runs[4];
	int		sleep_ms[4];	/* how long work i runs */
	int		requeue[4];	/* times work i queues itself again */
	struct completion *hold;	/* work 3 waits for it, if set */
	struct completion started[4];	/* completed at each start of work i */
	struct K_worker	*kw;
	struct X_queue_t *xq;
};

struct kw {
	struct K_work	work;
	struct K_dwork	dwork;
	struct wctx	*c;
	int		id;
};

struct xw {
	struct X_work	work;
	struct X_dwork	dwork;
	struct wctx	*c;
	int		id;
};

/*
 * Sleep until work @id of @c has started once more (each call waits for one
 * start: a second call, the second start), at most @ms.
 */
static bool wait_started(struct wctx *c, int id, unsigned int ms)
{
	return wait_for_completion_timeout(&c->started[id & 3],
					   msecs_to_jiffies(ms));
}

static void note_run(struct wctx *c, int id)
{
	int i = atomic_inc_return(&c->n) - 1;

	if (i < ARRAY_SIZE(c->order))
		c->order[i] = id;
	atomic_inc(&c->runs[id & 3]);
	complete(&c->started[id & 3]);
	if ((id & 3) == 3 && c->hold)
		wait_for_completion(c->hold);
	if (c->sleep_ms[id & 3])
		msleep(c->sleep_ms[id & 3]);
}

static void kw_fn(struct K_work *work)
{
	struct kw *k = container_of(work, struct kw, work);

	note_run(k->c, k->id);
	if (k->c->requeue[k->id & 3] > 0) {
		k->c->requeue[k->id & 3]--;
		K_queue(k->c->kw, work);
	}
}

static void kdw_fn(struct K_work *work)
{
	struct kw *k = container_of(work, struct kw, dwork.work);

	note_run(k->c, k->id);
}

static void xw_fn(struct X_work *work)
{
	struct xw *x = container_of(work, struct xw, work);

	note_run(x->c, x->id);
	if (x->c->requeue[x->id & 3] > 0) {
		x->c->requeue[x->id & 3]--;
		X_queue(x->c->xq, work);
	}
}

static void xdw_fn(struct X_work *work)
{
	struct xw *x = container_of(work, struct xw, dwork.work);

	note_run(x->c, x->id);
}

/* Scenario state on the heap: timers must not live on the stack. */
struct sc {
	struct wctx	c;
	struct kw	k[8];
	struct xw	x[8];
};

/* A scenario on a worker (@x false) or on what kthread_worker lacks (true). */
static struct sc *sc_new(const char *name, bool x)
{
	struct sc *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int i;

	if (!s)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(s->c.started); i++)
		init_completion(&s->c.started[i]);
	if (x)
		s->c.xq = X_new_queue(name);
	else
		s->c.kw = K_new_worker(name);
	if (x ? IS_ERR_OR_NULL(s->c.xq) : IS_ERR(s->c.kw)) {
		kfree(s);
		return NULL;
	}
	for (i = 0; i < ARRAY_SIZE(s->k); i++) {
		K_init_work(&s->k[i].work, kw_fn);
		K_init_dwork(&s->k[i].dwork, kdw_fn);
		s->k[i].c = &s->c;
		s->k[i].id = i;
		X_init_work(&s->x[i].work, xw_fn);
		X_init_dwork(&s->x[i].dwork, xdw_fn);
		s->x[i].c = &s->c;
		s->x[i].id = i;
	}
	return s;
}

static void sc_free(struct sc *s)
{
	if (s->c.xq)
		X_free_queue(s->c.xq);
	else
		K_destroy(s->c.kw);
	kfree(s);
}

/*
 * A scenario with a struct sc made and freed around its body: on a
 * kthread_worker (K_SCENARIO) or on an ordered workqueue (X_SCENARIO).
 */
#define SC_SCENARIO(name, x)						\
static void name##_body(struct out *o, struct sc *s);			\
static void name(struct out *o)						\
{									\
	struct sc *s = sc_new("kng_d_" #name, x);			\
									\
	if (!s)								\
		return say(o, "FAIL: no worker");			\
	name##_body(o, s);						\
	sc_free(s);							\
}									\
static void name##_body(struct out *o, struct sc *s)
#define K_SCENARIO(name)	SC_SCENARIO(name, false)
#define X_SCENARIO(name)	SC_SCENARIO(name, true)

/* A first work that holds its worker for @ms, so that what follows queues. */
static void gate(struct sc *s, int ms, bool x)
{
	s->c.sleep_ms[3] = ms;
	if (x)
		X_queue(s->c.xq, &s->x[3].work);
	else
		K_queue(s->c.kw, &s->k[3].work);
	wait_started(&s->c, 3, 1000);
}

static void say_order(struct out *o, struct wctx *c)
{
	int i, n = min_t(int, atomic_read(&c->n), ARRAY_SIZE(c->order));

	say(o, "order=");
	for (i = 0; i < n; i++)
		say(o, "%d", c->order[i]);
}

/* ------------------------------------------------------------------ */
/* Threads                                                             */
/* ------------------------------------------------------------------ */

/*
 * A scenario on a thread, made by @make (which sees the scenario's struct
 * tctx as @t, set up with @ret); a thread not made fails the scenario.
 */
#define T_SCENARIO(name, ret, make)					\
static void name##_body(struct out *o, struct tctx *t,			\
			struct task_struct *p);				\
static void name(struct out *o)						\
{									\
	struct tctx tc, *t = &tc;					\
	struct task_struct *p;						\
									\
	tctx_init(t, ret);						\
	p = make;							\
	if (IS_ERR(p))							\
		return say(o, "FAIL: create=%ld", PTR_ERR(p));		\
	name##_body(o, t, p);						\
}									\
static void name##_body(struct out *o, struct tctx *t,			\
			struct task_struct *p)

T_SCENARIO(stop_never_woken, 7, T_create(loop_fn, t, "kng_d_nw"))
{
	int ret;

	/* Returned once the task has exited: it is past PF_EXITING. */
	get_task_struct(p);
	ret = T_stop(p);
	say(o, "stop=%d runs=%d exiting=%d", ret, atomic_read(&t->runs),
	    !!(READ_ONCE(p->flags) & PF_EXITING));
	put_task_struct(p);
}

T_SCENARIO(stop_running, 7, T_run(loop_fn, t, "kng_d_run"))
{
	int ret;

	wait_for_completion(&t->started);
	/* Returned once the task has exited: it is past PF_EXITING. */
	get_task_struct(p);
	ret = T_stop(p);
	say(o, "stop=%d runs=%d exiting=%d", ret, atomic_read(&t->runs),
	    !!(READ_ONCE(p->flags) & PF_EXITING));
	put_task_struct(p);
}

T_SCENARIO(stop_self_exited, 5, T_create(return_fn, t, "kng_d_exit"))
{
	int ret;

	get_task_struct(p);
	wake_up_process(p);
	say(o, "exited=%d ", kng_sleep_exit(p, 5000));
	ret = T_stop(p);
	say(o, "stop=%d runs=%d", ret, atomic_read(&t->runs));
	put_task_struct(p);
}

T_SCENARIO(stop_put, 3, T_run(loop_fn, t, "kng_d_sp"))
{
	get_task_struct(p);
	wait_for_completion(&t->started);
	say(o, "stopped=%d", T_stop_put(p));
}

T_SCENARIO(stop_parked, 4, T_run(loop_fn, t, "kng_d_sparked"))
{
	int ret;

	wait_for_completion(&t->started);
	ret = T_park(p);
	say(o, "park=%d state=%c ", ret,
	    READ_ONCE(p->__state) == TASK_PARKED ? 'P' : '?');
	ret = T_stop(p);
	say(o, "stop=%d parks=%d", ret, atomic_read(&t->parks));
}

T_SCENARIO(park_before_first_run, 6, T_create(loop_fn, t, "kng_d_pfirst"))
{
	int ret;

	ret = T_park(p);
	say(o, "park=%d runs=%d ", ret, atomic_read(&t->runs));
	T_unpark(p);
	wait_for_completion(&t->started);
	say(o, "after_unpark_runs=%d ", atomic_read(&t->runs));
	say(o, "stop=%d", T_stop(p));
}

T_SCENARIO(park_unpark_cycles, 0, T_run(loop_fn, t, "kng_d_cycles"))
{
	int ret;
	int i, bad = 0;

	wait_for_completion(&t->started);
	for (i = 0; i < 20; i++) {
		bad += T_park(p) != 0;
		bad += READ_ONCE(p->__state) != TASK_PARKED;
		T_unpark(p);
	}
	/* How often the thread itself got through parkme() is timing. */
	ret = T_stop(p);
	say(o, "bad=%d stop=%d", bad, ret);
}

T_SCENARIO(unpark_running, 8, T_run(loop_fn, t, "kng_d_unpark"))
{
	int ret;

	wait_for_completion(&t->started);
	T_unpark(p);
	usleep_range(5000, 6000);
	ret = atomic_read(&t->parks);
	say(o, "parks=%d stop=%d", ret, T_stop(p));
}

static int stop_or_park_fn(void *arg)
{
	struct tctx *t = arg;

	complete(&t->started);
	while (!T_should_stop_or_park())
		schedule_timeout_interruptible(1);
	t->seen = T_should_park() ? 'P' : 'S';
	T_parkme();
	while (!T_should_stop_or_park())
		schedule_timeout_interruptible(1);
	t->ret = T_should_stop() ? 'S' : 'P';
	return 0;
}

T_SCENARIO(should_stop_or_park, 0, T_run(stop_or_park_fn, t, "kng_d_sop"))
{
	int ret;

	wait_for_completion(&t->started);
	say(o, "park=%d ", T_park(p));
	T_unpark(p);
	ret = T_stop(p);
	say(o, "stop=%d first=%c then=%c", ret, t->seen, t->ret);
}

T_SCENARIO(bind_before_first_run, 0, T_create(loop_fn, t, "kng_d_bind"))
{
	unsigned int cpu = cpumask_last(cpu_online_mask);

	T_bind(p, cpu);
	wake_up_process(p);
	wait_for_completion(&t->started);
	say(o, "on_bound_cpu=%d noaff=%d ", t->cpu == cpu,
	    !!(p->flags & PF_NO_SETAFFINITY));
	say(o, "stop=%d", T_stop(p));
}

T_SCENARIO(create_on_cpu_wake, 0,
	   T_create_on_cpu(loop_fn, t, cpumask_last(cpu_online_mask), "kng_d_oncpu/%u"))
{
	unsigned int cpu = cpumask_last(cpu_online_mask);

	wake_up_process(p);
	wait_for_completion(&t->started);
	say(o, "on_cpu=%d noaff=%d ", t->cpu == cpu,
	    !!(p->flags & PF_NO_SETAFFINITY));
	say(o, "stop=%d", T_stop(p));
}

static int freezable_fn(void *arg)
{
	struct tctx *t = arg;
	bool frozen = true;

	t->seen = T_freezable_should_stop(&frozen);
	t->ret = frozen;
	complete(&t->started);
	while (!T_freezable_should_stop(NULL))
		schedule_timeout_interruptible(1);
	return 0;
}

T_SCENARIO(freezable_outside_freeze, 0, T_run(freezable_fn, t, "kng_d_frz"))
{
	wait_for_completion(&t->started);
	say(o, "should_stop=%d was_frozen=%d ", t->seen, t->ret);
	say(o, "stop=%d", T_stop(p));
}

T_SCENARIO(data_and_func, 0, T_create(loop_fn, t, "kng_d_data"))
{
	say(o, "data=%d func=%d ", T_data(p) == t,
	    T_func(p) == (void *)loop_fn);
	say(o, "stop=%d", T_stop(p));
}

static int complete_exit_fn(void *arg)
{
	struct tctx *t = arg;

	T_complete_and_exit(&t->done, 11);
}

T_SCENARIO(complete_and_exit, 0, T_create(complete_exit_fn, t, "kng_d_cae"))
{
	get_task_struct(p);
	wake_up_process(p);
	wait_for_completion(&t->done);
	say(o, "done=1 stop=%d", T_stop(p));
	put_task_struct(p);
}

T_SCENARIO(create_on_node_runs, 9,
	   T_create_on_node(loop_fn, t, first_online_node, "kng_d_node"))
{
	say(o, "runs=%d data=%d ", atomic_read(&t->runs), T_data(p) == t);
	wake_up_process(p);
	wait_for_completion(&t->started);
	say(o, "stop=%d", T_stop(p));
}

T_SCENARIO(run_on_cpu_runs, 0,
	   T_run_on_cpu(loop_fn, t, cpumask_last(cpu_online_mask), "kng_d_roc/%u"))
{
	unsigned int cpu = cpumask_last(cpu_online_mask);

	wait_for_completion(&t->started);
	say(o, "on_cpu=%d noaff=%d ", t->cpu == cpu,
	    !!(p->flags & PF_NO_SETAFFINITY));
	say(o, "stop=%d", T_stop(p));
}

/* An unpark of a thread never parked does not wake it. */
T_SCENARIO(unpark_never_woken, 2, T_create(loop_fn, t, "kng_d_unpnw"))
{
	T_unpark(p);
	usleep_range(5000, 6000);
	say(o, "runs=%d state=%c ", atomic_read(&t->runs),
	    READ_ONCE(p->__state) == TASK_UNINTERRUPTIBLE ? 'D' : '?');
	wake_up_process(p);
	wait_for_completion(&t->started);
	say(o, "stop=%d", T_stop(p));
}

static int exit_fn(void *arg)
{
	struct tctx *t = arg;

	atomic_inc(&t->runs);
	complete(&t->started);
	T_exit(13);
}

/* A thread that leaves by exit: a later stop returns its code. */
T_SCENARIO(exit_code, 0, T_create(exit_fn, t, "kng_d_exitc"))
{
	int ret;

	get_task_struct(p);
	wake_up_process(p);
	wait_for_completion(&t->started);
	ret = T_stop(p);
	say(o, "stop=%d runs=%d", ret, atomic_read(&t->runs));
	put_task_struct(p);
}

struct mm_ctx {
	struct tctx		t;
	struct mm_struct	*mm;
	int			used, active, after;
};

static int use_mm_fn(void *arg)
{
	struct mm_ctx *m = arg;

	T_use_mm(m->mm);
	m->used = current->mm == m->mm;
	m->active = current->active_mm == m->mm;
	T_unuse_mm(m->mm);
	m->after = !current->mm;
	complete(&m->t.started);
	return 0;
}

/* A thread borrows the loading process's mm, and gives it back. */
static void use_mm_borrowed(struct out *o)
{
	struct mm_ctx m = {};
	struct task_struct *p;

	tctx_init(&m.t, 0);
	if (!current->mm)
		return say(o, "FAIL: no mm");
	m.mm = current->mm;
	mmget(m.mm);
	p = T_create(use_mm_fn, &m, "kng_d_usemm");
	if (IS_ERR(p)) {
		mmput(m.mm);
		return say(o, "FAIL: create=%ld", PTR_ERR(p));
	}
	get_task_struct(p);
	wake_up_process(p);
	wait_for_completion(&m.t.started);
	say(o, "used=%d active=%d after=%d stop=%d", m.used, m.active, m.after,
	    T_stop(p));
	put_task_struct(p);
	mmput(m.mm);
}

/* ------------------------------------------------------------------ */
/* kthread_worker                                                      */
/* ------------------------------------------------------------------ */

K_SCENARIO(fifo_order)
{
	int i;

	gate(s, 20, false);
	for (i = 0; i < 3; i++)
		K_queue(s->c.kw, &s->k[i].work);
	K_queue(s->c.kw, &s->k[4].work);
	K_flush_worker(s->c.kw);
	say_order(o, &s->c);
}

K_SCENARIO(queue_pending)
{
	bool a, b;

	gate(s, 20, false);
	a = K_queue(s->c.kw, &s->k[0].work);
	b = K_queue(s->c.kw, &s->k[0].work);
	K_flush_worker(s->c.kw);
	say(o, "first=%d second=%d runs=%d", a, b, atomic_read(&s->c.runs[0]));
}

K_SCENARIO(cancel_sync_pending)
{
	bool q, c;

	gate(s, 30, false);
	q = K_queue(s->c.kw, &s->k[0].work);
	c = K_cancel_sync(&s->k[0].work);
	K_flush_worker(s->c.kw);
	say(o, "queue=%d cancel=%d runs=%d", q, c, atomic_read(&s->c.runs[0]));
}

K_SCENARIO(cancel_sync_running)
{
	bool c;

	s->c.sleep_ms[0] = 30;
	K_queue(s->c.kw, &s->k[0].work);
	wait_started(&s->c, 0, 1000);
	c = K_cancel_sync(&s->k[0].work);
	say(o, "cancel=%d runs=%d", c, atomic_read(&s->c.runs[0]));
}

K_SCENARIO(cancel_sync_never_queued)
{
	say(o, "cancel=%d", K_cancel_sync(&s->k[0].work));
}

K_SCENARIO(cancel_sync_idle)
{
	K_queue(s->c.kw, &s->k[0].work);
	K_flush(&s->k[0].work);
	say(o, "runs=%d ", atomic_read(&s->c.runs[0]));
	say(o, "cancel=%d", K_cancel_sync(&s->k[0].work));
}

K_SCENARIO(cancel_sync_self_requeueing)
{
	int r;

	s->c.requeue[0] = 1000;
	s->c.sleep_ms[0] = 1;
	K_queue(s->c.kw, &s->k[0].work);
	wait_started(&s->c, 0, 1000);
	wait_started(&s->c, 0, 1000);
	wait_started(&s->c, 0, 1000);
	/*
	 * Whether it was pending (between two of its runs) or running when
	 * the cancel came is timing; what is fixed is that it stopped.
	 */
	K_cancel_sync(&s->k[0].work);
	r = atomic_read(&s->c.runs[0]);
	usleep_range(10000, 11000);
	say(o, "pending=%d stable=%d", !list_empty(&s->k[0].work.node),
	    r == atomic_read(&s->c.runs[0]));
}

K_SCENARIO(mod_idle)
{
	bool m = K_mod_d(s->c.kw, &s->k[0].dwork, HZ);
	bool c = K_cancel_d_sync(&s->k[0].dwork);

	say(o, "mod=%d cancel=%d runs=%d", m, c, atomic_read(&s->c.runs[0]));
}

K_SCENARIO(mod_pending)
{
	bool q = K_queue_d(s->c.kw, &s->k[0].dwork, HZ);
	bool m = K_mod_d(s->c.kw, &s->k[0].dwork, 0);

	K_flush(&s->k[0].dwork.work);
	say(o, "queue=%d mod=%d runs=%d", q, m, atomic_read(&s->c.runs[0]));
}

K_SCENARIO(mod_running)
{
	bool m;

	s->c.sleep_ms[0] = 30;
	K_queue_d(s->c.kw, &s->k[0].dwork, 0);
	wait_started(&s->c, 0, 1000);
	m = K_mod_d(s->c.kw, &s->k[0].dwork, 0);
	K_flush_worker(s->c.kw);
	K_flush_worker(s->c.kw);
	say(o, "mod=%d runs=%d", m, atomic_read(&s->c.runs[0]));
}

K_SCENARIO(mod_just_canceled)
{
	bool q = K_queue_d(s->c.kw, &s->k[0].dwork, HZ);
	bool c = K_cancel_d_sync(&s->k[0].dwork);
	bool m = K_mod_d(s->c.kw, &s->k[0].dwork, 0);

	K_flush(&s->k[0].dwork.work);
	say(o, "queue=%d cancel=%d mod=%d runs=%d", q, c, m,
	    atomic_read(&s->c.runs[0]));
}

K_SCENARIO(queue_delayed_zero_pending)
{
	bool a, b;

	gate(s, 20, false);
	a = K_queue_d(s->c.kw, &s->k[0].dwork, 0);
	b = K_queue_d(s->c.kw, &s->k[0].dwork, 0);
	K_flush_worker(s->c.kw);
	say(o, "first=%d second=%d runs=%d", a, b, atomic_read(&s->c.runs[0]));
}

K_SCENARIO(queue_delayed_runs_once)
{
	bool q = K_queue_d(s->c.kw, &s->k[0].dwork, 2);

	wait_started(&s->c, 0, 2000);
	msleep(20);
	say(o, "queue=%d runs=%d", q, atomic_read(&s->c.runs[0]));
}

/* It returns at once, though its worker is busy: it has nothing to wait for. */
K_SCENARIO(flush_never_queued)
{
	DECLARE_COMPLETION_ONSTACK(hold);
	bool busy;

	s->c.hold = &hold;
	K_queue(s->c.kw, &s->k[3].work);
	wait_started(&s->c, 3, 1000);
	K_flush(&s->k[0].work);
	busy = !completion_done(&hold);
	complete(&hold);
	K_flush_worker(s->c.kw);
	say(o, "returned_while_busy=%d runs=%d", busy,
	    atomic_read(&s->c.runs[0]));
}

K_SCENARIO(flush_pending)
{
	gate(s, 20, false);
	K_queue(s->c.kw, &s->k[0].work);
	K_flush(&s->k[0].work);
	say(o, "runs=%d", atomic_read(&s->c.runs[0]));
}

K_SCENARIO(flush_running)
{
	s->c.sleep_ms[0] = 20;
	K_queue(s->c.kw, &s->k[0].work);
	wait_started(&s->c, 0, 1000);
	K_flush(&s->k[0].work);
	say(o, "runs=%d order_len=%d", atomic_read(&s->c.runs[0]),
	    atomic_read(&s->c.n));
}

#ifdef KNG_DIFF_NG
/* The kernel's hangs here: see tests/diff/differences. */
K_SCENARIO(flush_armed_delayed)
{
	K_queue_d(s->c.kw, &s->k[0].dwork, HZ);
	K_flush(&s->k[0].dwork.work);
	say(o, "runs=%d ", atomic_read(&s->c.runs[0]));
	say(o, "cancel=%d", K_cancel_d_sync(&s->k[0].dwork));
}
#endif

K_SCENARIO(flush_worker_self_requeueing)
{
	gate(s, 30, false);
	s->c.requeue[0] = 2;
	K_queue(s->c.kw, &s->k[0].work);
	K_flush_worker(s->c.kw);
	/* Its first run is done; its requeued run may be under way: timing. */
	say(o, "after_one_flush=%d ", atomic_read(&s->c.runs[0]) >= 1);
	K_flush_worker(s->c.kw);
	K_flush_worker(s->c.kw);
	say(o, "after_three=%d", atomic_read(&s->c.runs[0]));
}

K_SCENARIO(cancel_d_sync_armed)
{
	bool q = K_queue_d(s->c.kw, &s->k[0].dwork, HZ);
	bool c = K_cancel_d_sync(&s->k[0].dwork);

	bool again = K_cancel_d_sync(&s->k[0].dwork);

	say(o, "queue=%d cancel=%d again=%d runs=%d pending=%d", q, c, again,
	    atomic_read(&s->c.runs[0]), timer_pending(&s->k[0].dwork.timer));
}

/* Queued again while it runs: pending once more, and it runs again. */
K_SCENARIO(requeue_running)
{
	bool q, q2, q3;

	s->c.sleep_ms[0] = 30;
	q = K_queue(s->c.kw, &s->k[0].work);
	wait_started(&s->c, 0, 1000);
	q2 = K_queue(s->c.kw, &s->k[0].work);
	q3 = K_queue(s->c.kw, &s->k[0].work);
	K_flush(&s->k[0].work);
	say(o, "queue=%d while_running=%d again=%d runs=%d", q, q2, q3,
	    atomic_read(&s->c.runs[0]));
}

/* A sync cancel of a delayed work that is running: not pending, waits. */
K_SCENARIO(cancel_d_sync_running)
{
	bool q, c;

	s->c.sleep_ms[0] = 30;
	q = K_queue_d(s->c.kw, &s->k[0].dwork, 0);
	wait_started(&s->c, 0, 1000);
	c = K_cancel_d_sync(&s->k[0].dwork);
	/* Returned after the run: a queueing now is a new one. */
	say(o, "queue=%d cancel=%d runs=%d ", q, c, atomic_read(&s->c.runs[0]));
	say(o, "requeue=%d", K_queue_d(s->c.kw, &s->k[0].dwork, 0));
	K_flush(&s->k[0].dwork.work);
}

/* A hard IRQ queues; the queueing and its run are seen like any other. */
struct irq_queue {
	struct hrtimer		timer;
	struct sc		*s;
	bool			ret, hard;
	struct completion	fired;
};

static enum hrtimer_restart irq_queue_fn(struct hrtimer *t)
{
	struct irq_queue *iq = container_of(t, struct irq_queue, timer);

	iq->hard = in_hardirq();
	iq->ret = K_queue(iq->s->c.kw, &iq->s->k[0].work);
	complete(&iq->fired);
	return HRTIMER_NORESTART;
}

K_SCENARIO(queue_from_hard_irq)
{
	struct irq_queue *iq = kzalloc(sizeof(*iq), GFP_KERNEL);

	if (!iq)
		return say(o, "FAIL: no memory");
	iq->s = s;
	init_completion(&iq->fired);
	kng_hrtimer_setup(&iq->timer, irq_queue_fn, CLOCK_MONOTONIC,
			  HRTIMER_MODE_REL_HARD);
	hrtimer_start(&iq->timer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
	wait_for_completion(&iq->fired);
	hrtimer_cancel(&iq->timer);
	K_flush(&s->k[0].work);
	say(o, "hard=%d queue=%d runs=%d", iq->hard, iq->ret,
	    atomic_read(&s->c.runs[0]));
	kfree(iq);
}

/* A hard IRQ moves an armed work to now. */
static enum hrtimer_restart irq_mod_fn(struct hrtimer *t)
{
	struct irq_queue *iq = container_of(t, struct irq_queue, timer);

	iq->hard = in_hardirq();
	iq->ret = K_mod_d(iq->s->c.kw, &iq->s->k[0].dwork, 0);
	complete(&iq->fired);
	return HRTIMER_NORESTART;
}

K_SCENARIO(mod_from_hard_irq)
{
	struct irq_queue *iq = kzalloc(sizeof(*iq), GFP_KERNEL);
	bool q;

	if (!iq)
		return say(o, "FAIL: no memory");
	iq->s = s;
	init_completion(&iq->fired);
	q = K_queue_d(s->c.kw, &s->k[0].dwork, 100 * HZ);
	kng_hrtimer_setup(&iq->timer, irq_mod_fn, CLOCK_MONOTONIC,
			  HRTIMER_MODE_REL_HARD);
	hrtimer_start(&iq->timer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
	wait_for_completion(&iq->fired);
	hrtimer_cancel(&iq->timer);
	wait_started(&s->c, 0, 2000);
	K_flush(&s->k[0].dwork.work);
	say(o, "queue=%d hard=%d mod=%d runs=%d pending=%d", q, iq->hard,
	    iq->ret, atomic_read(&s->c.runs[0]),
	    timer_pending(&s->k[0].dwork.timer));
	kfree(iq);
}

/* A delayed work's timer has fired and it waits on the list: a plain sync
 * cancel of its work takes it off.
 */
K_SCENARIO(cancel_sync_dwork_work)
{
	DECLARE_COMPLETION_ONSTACK(hold);
	bool q, c;

	s->c.hold = &hold;
	K_queue(s->c.kw, &s->k[3].work);
	wait_started(&s->c, 3, 1000);
	q = K_queue_d(s->c.kw, &s->k[0].dwork, 0);
	c = K_cancel_sync(&s->k[0].dwork.work);
	complete(&hold);
	K_flush_worker(s->c.kw);
	say(o, "queue=%d cancel=%d runs=%d", q, c, atomic_read(&s->c.runs[0]));
}

/* Mods from another cpu against sync cancels: nothing is left behind. */
#define MOD_CANCEL_ROUNDS	100

struct mod_race {
	struct sc	*s;
};

static int mod_race_fn(void *arg)
{
	struct mod_race *mr = arg;
	unsigned long i = 0;

	while (!kthread_should_stop()) {
		K_mod_d(mr->s->c.kw, &mr->s->k[0].dwork, i++ & 1);
		if (!(i % 8))
			usleep_range(50, 100);
	}
	return 0;
}

K_SCENARIO(mod_vs_cancel_sync_two_cpus)
{
	struct mod_race mr = { .s = s };
	struct task_struct *p;
	int r, bad = 0;

	p = kthread_create_on_cpu(mod_race_fn, &mr, cpumask_last(cpu_online_mask),
				  "kng_d_modc/%u");
	if (IS_ERR(p))
		return say(o, "FAIL: create=%ld", PTR_ERR(p));
	wake_up_process(p);
	for (r = 0; r < MOD_CANCEL_ROUNDS; r++) {
		K_cancel_d_sync(&s->k[0].dwork);
		usleep_range(200, 400);
	}
	kthread_stop(p);
	K_cancel_d_sync(&s->k[0].dwork);
	bad += !list_empty(&s->k[0].dwork.work.node);
	bad += timer_pending(&s->k[0].dwork.timer);
	r = atomic_read(&s->c.runs[0]);
	usleep_range(10000, 11000);
	say(o, "left=%d stable=%d", bad, r == atomic_read(&s->c.runs[0]));
}

/* The worker's thread: its data is the worker, its function the loop. */
K_SCENARIO(worker_thread_data)
{
	K_queue(s->c.kw, &s->k[0].work);
	K_flush(&s->k[0].work);
	say(o, "data=%d func=%d", T_data(s->c.kw->task) == s->c.kw,
	    T_func(s->c.kw->task) == (void *)K_worker_fn);
}

/* A destroy runs what is queued before the thread stops. */
static void destroy_with_queued(struct out *o)
{
	struct sc *s = sc_new("kng_d_destroyq", false);
	int i;

	if (!s)
		return say(o, "FAIL: no worker");
	gate(s, 20, false);
	for (i = 0; i < 3; i++)
		K_queue(s->c.kw, &s->k[i].work);
	K_destroy(s->c.kw);
	say_order(o, &s->c);
	kfree(s);
}

/* The work records the cpu it ran on. */
struct kcount {
	struct K_work	work;
	struct K_dwork	dwork;
	atomic_t	runs;
	atomic_t	druns;
	struct completion dran;		/* completed at each run of @dwork */
	int		cpu;
};

static void kcount_fn(struct K_work *work)
{
	struct kcount *kc = container_of(work, struct kcount, work);

	WRITE_ONCE(kc->cpu, raw_smp_processor_id());
	atomic_inc(&kc->runs);
}

static void kcount_dfn(struct K_work *work)
{
	struct kcount *kc = container_of(work, struct kcount, dwork.work);

	atomic_inc(&kc->druns);
	complete(&kc->dran);
}

static void worker_on_cpu_runs(struct out *o)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct K_worker *w = K_new_worker_on_cpu(cpu, "kng_d_wcpu");
	struct kcount kc = {};

	if (IS_ERR(w))
		return say(o, "FAIL: create=%ld", PTR_ERR(w));
	K_init_work(&kc.work, kcount_fn);
	say(o, "queue=%d ", K_queue(w, &kc.work));
	K_flush(&kc.work);
	say(o, "runs=%d on_cpu=%d noaff=%d", atomic_read(&kc.runs),
	    kc.cpu == cpu, !!(w->task->flags & PF_NO_SETAFFINITY));
	K_destroy(w);
}

/* A worker in the caller's object, run by a thread of the caller's. */
static void embedded_worker(struct out *o)
{
	struct {
		struct K_worker	w;
		struct kcount	kc;
	} *e = kzalloc(sizeof(*e), GFP_KERNEL);
	struct task_struct *p;
	int ret;

	if (!e)
		return say(o, "FAIL: no memory");
	K_init_worker(&e->w);
	K_init_work(&e->kc.work, kcount_fn);
	p = T_run(K_worker_fn, &e->w, "kng_d_embed");
	if (IS_ERR(p)) {
		kfree(e);
		return say(o, "FAIL: create=%ld", PTR_ERR(p));
	}
	say(o, "queue=%d ", K_queue(&e->w, &e->kc.work));
	K_flush(&e->kc.work);
	K_flush_worker(&e->w);
	ret = T_stop(p);
	say(o, "runs=%d stop=%d task=%d", atomic_read(&e->kc.runs), ret,
	    !!e->w.task);
	kfree(e);
}

/* Works from the static initializers. */
static struct kcount static_kc = {
	.work	= K_WORK_INIT(static_kc.work, kcount_fn),
	.dwork	= K_DWORK_INIT(static_kc.dwork, kcount_dfn),
};

static void static_initializers(struct out *o)
{
	struct K_worker *w = K_new_worker("kng_d_static");

	if (IS_ERR(w))
		return say(o, "FAIL: create=%ld", PTR_ERR(w));
	init_completion(&static_kc.dran);
	say(o, "queue=%d ", K_queue(w, &static_kc.work));
	say(o, "queue_d=%d ", K_queue_d(w, &static_kc.dwork, 1));
	K_flush(&static_kc.work);
	wait_for_completion_timeout(&static_kc.dran, msecs_to_jiffies(2000));
	K_flush(&static_kc.dwork.work);
	say(o, "runs=%d,%d", atomic_read(&static_kc.runs),
	    atomic_read(&static_kc.druns));
	K_destroy(w);
}

/* A freezable worker's thread can be frozen; a plain one cannot. */
static void freezable_worker(struct out *o)
{
	struct K_worker *f = K_new_worker_flags(K_FREEZABLE, "kng_d_frzw");
	struct K_worker *n = K_new_worker_flags(0, "kng_d_nofrzw");
	struct kcount kf = {}, kn = {};

	if (IS_ERR(f) || IS_ERR(n)) {
		if (!IS_ERR(f))
			K_destroy(f);
		if (!IS_ERR(n))
			K_destroy(n);
		return say(o, "FAIL: create");
	}
	K_init_work(&kf.work, kcount_fn);
	K_init_work(&kn.work, kcount_fn);
	K_queue(f, &kf.work);
	K_queue(n, &kn.work);
	K_flush(&kf.work);
	K_flush(&kn.work);
	say(o, "freezable=%d plain_nofreeze=%d runs=%d,%d",
	    !(f->task->flags & PF_NOFREEZE), !!(n->task->flags & PF_NOFREEZE),
	    atomic_read(&kf.runs), atomic_read(&kn.runs));
	K_destroy(f);
	K_destroy(n);
}

/* ------------------------------------------------------------------ */
/* Beyond kthread_worker: against an ordered workqueue                 */
/* ------------------------------------------------------------------ */

X_SCENARIO(x_fifo_order)
{
	int i;

	gate(s, 20, true);
	for (i = 0; i < 3; i++)
		X_queue(s->c.xq, &s->x[i].work);
	X_flush(&s->x[2].work);
	say_order(o, &s->c);
}

X_SCENARIO(cancel_pending)
{
	bool q, c;

	gate(s, 30, true);
	q = X_queue(s->c.xq, &s->x[0].work);
	c = X_cancel(&s->x[0].work);
	X_flush(&s->x[3].work);
	say(o, "queue=%d cancel=%d ", q, c);
	say(o, "again=%d ", X_cancel(&s->x[0].work));
	say(o, "runs=%d", atomic_read(&s->c.runs[0]));
}

X_SCENARIO(cancel_idle)
{
	say(o, "never=%d ", X_cancel(&s->x[0].work));
	X_queue(s->c.xq, &s->x[0].work);
	X_flush(&s->x[0].work);
	say(o, "after_run=%d ", X_cancel(&s->x[0].work));
	say(o, "runs=%d", atomic_read(&s->c.runs[0]));
}

X_SCENARIO(cancel_delayed_armed)
{
	bool q = X_queue_d(s->c.xq, &s->x[0].dwork, HZ);
	bool c = X_cancel_d(&s->x[0].dwork);

	say(o, "queue=%d cancel=%d ", q, c);
	say(o, "sync=%d ", X_cancel_d_sync(&s->x[0].dwork));
	say(o, "runs=%d", atomic_read(&s->c.runs[0]));
}

X_SCENARIO(cancel_delayed_sync_idle)
{
	say(o, "cancel=%d", X_cancel_d_sync(&s->x[0].dwork));
}

X_SCENARIO(flush_delayed_armed)
{
	bool q = X_queue_d(s->c.xq, &s->x[0].dwork, 100 * HZ);

	/*
	 * What it returns is timing on workqueue's side ("had to wait": false
	 * if the work ran on another cpu before flush_work() looked); what
	 * is fixed is that the work ran once, before the flush returned.
	 */
	X_flush_d(&s->x[0].dwork);
	say(o, "queue=%d runs=%d pending=%d", q, atomic_read(&s->c.runs[0]),
	    timer_pending(&s->x[0].dwork.timer));
}

X_SCENARIO(flush_delayed_idle)
{
	say(o, "flush=%d ", X_flush_d(&s->x[0].dwork));
	say(o, "runs=%d", atomic_read(&s->c.runs[0]));
}

X_SCENARIO(mod_delayed_pending_x)
{
	bool q = X_queue_d(s->c.xq, &s->x[0].dwork, 100 * HZ);
	bool m = X_mod_d(s->c.xq, &s->x[0].dwork, 1);

	X_flush_d(&s->x[0].dwork);
	say(o, "queue=%d mod=%d runs=%d", q, m, atomic_read(&s->c.runs[0]));
}

/* An armed work moved to now: it runs at once, and no timer is left. */
X_SCENARIO(mod_armed_to_now_x)
{
	bool q = X_queue_d(s->c.xq, &s->x[0].dwork, 100 * HZ);
	bool m = X_mod_d(s->c.xq, &s->x[0].dwork, 0);

	wait_started(&s->c, 0, 1000);
	X_flush_d(&s->x[0].dwork);
	say(o, "queue=%d mod=%d runs=%d pending=%d", q, m,
	    atomic_read(&s->c.runs[0]), timer_pending(&s->x[0].dwork.timer));
}

X_SCENARIO(drain_self_requeueing)
{
	s->c.requeue[0] = 5;
	X_queue(s->c.xq, &s->x[0].work);
	X_drain(s->c.xq);
	say(o, "runs=%d left=%d", atomic_read(&s->c.runs[0]),
	    s->c.requeue[0]);
}

/* An async cancel from a hard IRQ, of a pending work, and of an armed one. */
struct irq_cancel {
	struct hrtimer		timer;
	struct sc		*s;
	bool			work, dwork, hard;
	struct completion	fired;
};

static enum hrtimer_restart irq_cancel_fn(struct hrtimer *t)
{
	struct irq_cancel *ic = container_of(t, struct irq_cancel, timer);

	ic->hard = in_hardirq();
	ic->work = X_cancel(&ic->s->x[0].work);
	ic->dwork = X_cancel_d(&ic->s->x[1].dwork);
	complete(&ic->fired);
	return HRTIMER_NORESTART;
}

X_SCENARIO(cancel_from_hard_irq)
{
	struct irq_cancel *ic = kzalloc(sizeof(*ic), GFP_KERNEL);

	if (!ic)
		return say(o, "FAIL: no memory");
	ic->s = s;
	init_completion(&ic->fired);
	gate(s, 30, true);
	X_queue(s->c.xq, &s->x[0].work);
	X_queue_d(s->c.xq, &s->x[1].dwork, HZ);
	kng_hrtimer_setup(&ic->timer, irq_cancel_fn, CLOCK_MONOTONIC,
			  HRTIMER_MODE_REL_HARD);
	hrtimer_start(&ic->timer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
	wait_for_completion(&ic->fired);
	hrtimer_cancel(&ic->timer);
	X_flush(&s->x[3].work);
	X_cancel_d_sync(&s->x[1].dwork);
	say(o, "hard=%d work=%d dwork=%d runs=%d,%d", ic->hard, ic->work,
	    ic->dwork, atomic_read(&s->c.runs[0]), atomic_read(&s->c.runs[1]));
	kfree(ic);
}

X_SCENARIO(cancel_sync_pending_x)
{
	bool q, c;

	gate(s, 30, true);
	q = X_queue(s->c.xq, &s->x[0].work);
	c = X_cancel_sync(&s->x[0].work);
	X_flush(&s->x[3].work);
	say(o, "queue=%d cancel=%d runs=%d", q, c, atomic_read(&s->c.runs[0]));
}

/* Running, not pending: the sync cancel says false, and waits for the run. */
X_SCENARIO(cancel_sync_running_x)
{
	bool c;

	s->c.sleep_ms[0] = 30;
	X_queue(s->c.xq, &s->x[0].work);
	wait_started(&s->c, 0, 1000);
	c = X_cancel_sync(&s->x[0].work);
	say(o, "cancel=%d runs=%d done=%d", c, atomic_read(&s->c.runs[0]),
	    atomic_read(&s->c.n));
}

/* After a drain the queue takes works again. */
X_SCENARIO(drain_then_queue)
{
	bool q;

	s->c.requeue[0] = 3;
	X_queue(s->c.xq, &s->x[0].work);
	X_drain(s->c.xq);
	q = X_queue(s->c.xq, &s->x[0].work);
	X_flush(&s->x[0].work);
	say(o, "queue_after=%d runs=%d", q, atomic_read(&s->c.runs[0]));
}

#if defined(KNG_DIFF_NG) || defined(KNG_HAVE_WQ_DISABLE)
X_SCENARIO(disable_pending)
{
	bool q, d, q2, e, q3;

	gate(s, 30, true);
	q = X_queue(s->c.xq, &s->x[0].work);
	d = X_disable(&s->x[0].work);
	q2 = X_queue(s->c.xq, &s->x[0].work);
	e = X_enable(&s->x[0].work);
	q3 = X_queue(s->c.xq, &s->x[0].work);
	X_flush(&s->x[0].work);
	say(o, "queue=%d disable=%d queue_disabled=%d enable=%d queue=%d runs=%d",
	    q, d, q2, e, q3, atomic_read(&s->c.runs[0]));
}

X_SCENARIO(disable_nested)
{
	bool d1 = X_disable(&s->x[0].work);
	bool d2 = X_disable(&s->x[0].work);
	bool e1 = X_enable(&s->x[0].work);
	bool q1 = X_queue(s->c.xq, &s->x[0].work);
	bool e2 = X_enable(&s->x[0].work);
	bool q2 = X_queue(s->c.xq, &s->x[0].work);

	X_flush(&s->x[0].work);
	say(o, "disable=%d,%d enable=%d queue=%d enable=%d queue=%d runs=%d",
	    d1, d2, e1, q1, e2, q2, atomic_read(&s->c.runs[0]));
}

X_SCENARIO(disable_sync_running)
{
	bool d;

	s->c.sleep_ms[0] = 30;
	X_queue(s->c.xq, &s->x[0].work);
	wait_started(&s->c, 0, 1000);
	d = X_disable_sync(&s->x[0].work);
	say(o, "disable=%d runs=%d ", d, atomic_read(&s->c.runs[0]));
	say(o, "queue=%d ", X_queue(s->c.xq, &s->x[0].work));
	say(o, "enable=%d", X_enable(&s->x[0].work));
}

X_SCENARIO(disable_delayed_armed)
{
	bool q = X_queue_d(s->c.xq, &s->x[0].dwork, HZ);
	bool d = X_disable_d(&s->x[0].dwork);
	bool m = X_mod_d(s->c.xq, &s->x[0].dwork, 0);
	bool q2 = X_queue_d(s->c.xq, &s->x[0].dwork, 0);

	usleep_range(10000, 11000);
	say(o, "queue=%d disable=%d mod=%d queue=%d runs=%d pending=%d ", q, d,
	    m, q2, atomic_read(&s->c.runs[0]),
	    timer_pending(&s->x[0].dwork.timer));
	say(o, "enable=%d", X_enable_d(&s->x[0].dwork));
}

X_SCENARIO(disable_delayed_sync_armed)
{
	bool q = X_queue_d(s->c.xq, &s->x[0].dwork, 1);
	bool d = X_disable_d_sync(&s->x[0].dwork);

	msleep(20);
	say(o, "queue=%d disable=%d runs=%d ", q, d, atomic_read(&s->c.runs[0]));
	say(o, "enable=%d", X_enable_d(&s->x[0].dwork));
}

/* An armed work disabled, then flushed: the flush finds nothing to run. */
X_SCENARIO(disable_armed_then_flush_x)
{
	bool q = X_queue_d(s->c.xq, &s->x[0].dwork, 100 * HZ);
	bool d = X_disable_d(&s->x[0].dwork);
	bool f = X_flush_d(&s->x[0].dwork);

	say(o, "queue=%d disable=%d flush=%d runs=%d pending=%d ", q, d, f,
	    atomic_read(&s->c.runs[0]), timer_pending(&s->x[0].dwork.timer));
	say(o, "enable=%d", X_enable_d(&s->x[0].dwork));
}

X_SCENARIO(disable_sync_pending)
{
	bool q, d, q2;

	gate(s, 30, true);
	q = X_queue(s->c.xq, &s->x[0].work);
	d = X_disable_sync(&s->x[0].work);
	q2 = X_queue(s->c.xq, &s->x[0].work);
	X_flush(&s->x[3].work);
	say(o, "queue=%d disable=%d queue_disabled=%d runs=%d ", q, d, q2,
	    atomic_read(&s->c.runs[0]));
	say(o, "enable=%d", X_enable(&s->x[0].work));
}

/* A hard IRQ disables a pending work, is refused a queueing, enables it. */
struct irq_disable {
	struct hrtimer		timer;
	struct sc		*s;
	bool			d, q, e, hard;
	struct completion	fired;
};

static enum hrtimer_restart irq_disable_fn(struct hrtimer *t)
{
	struct irq_disable *id = container_of(t, struct irq_disable, timer);

	id->hard = in_hardirq();
	id->d = X_disable(&id->s->x[0].work);
	id->q = X_queue(id->s->c.xq, &id->s->x[0].work);
	id->e = X_enable(&id->s->x[0].work);
	complete(&id->fired);
	return HRTIMER_NORESTART;
}

X_SCENARIO(disable_from_hard_irq)
{
	struct irq_disable *id = kzalloc(sizeof(*id), GFP_KERNEL);

	if (!id)
		return say(o, "FAIL: no memory");
	id->s = s;
	init_completion(&id->fired);
	gate(s, 30, true);
	X_queue(s->c.xq, &s->x[0].work);
	kng_hrtimer_setup(&id->timer, irq_disable_fn, CLOCK_MONOTONIC,
			  HRTIMER_MODE_REL_HARD);
	hrtimer_start(&id->timer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
	wait_for_completion(&id->fired);
	hrtimer_cancel(&id->timer);
	X_flush(&s->x[3].work);
	say(o, "hard=%d disable=%d queue=%d enable=%d runs=%d", id->hard, id->d,
	    id->q, id->e, atomic_read(&s->c.runs[0]));
	kfree(id);
}

/* disable_sync from one cpu against mods from another: never a run while held. */
#define DISABLE_ROUNDS	100

struct dis_race {
	struct sc	*s;
	atomic_t	held;
	atomic_t	violations;
};

static void dis_race_fn(struct X_work *work)
{
	struct xw *x = container_of(work, struct xw, dwork.work);
	struct dis_race *dr = (struct dis_race *)x->c->kw;

	if (atomic_read(&dr->held))
		atomic_inc(&dr->violations);
}

static int dis_mod_fn(void *arg)
{
	struct dis_race *dr = arg;
	unsigned long i = 0;

	while (!kthread_should_stop()) {
		X_mod_d(dr->s->c.xq, &dr->s->x[0].dwork, i++ & 1);
		if (!(i % 8))
			usleep_range(50, 100);
	}
	return 0;
}

X_SCENARIO(disable_sync_vs_mod_two_cpus)
{
	struct dis_race *dr = kzalloc(sizeof(*dr), GFP_KERNEL);
	struct task_struct *p;
	int r;

	if (!dr)
		return say(o, "FAIL: no memory");
	dr->s = s;
	/* The work finds the race through its context's spare pointer. */
	s->c.kw = (void *)dr;
	X_init_dwork(&s->x[0].dwork, dis_race_fn);
	/* A plain kthread on the other cpu mods; this one disables. */
	p = kthread_create_on_cpu(dis_mod_fn, dr, cpumask_last(cpu_online_mask),
				  "kng_d_dismod/%u");
	if (!IS_ERR(p))
		wake_up_process(p);
	if (IS_ERR(p)) {
		kfree(dr);
		return say(o, "FAIL: create=%ld", PTR_ERR(p));
	}
	for (r = 0; r < DISABLE_ROUNDS; r++) {
		X_disable_d_sync(&s->x[0].dwork);
		atomic_set(&dr->held, 1);
		usleep_range(500, 1000);
		atomic_set(&dr->held, 0);
		X_enable_d(&s->x[0].dwork);
		usleep_range(200, 400);
	}
	kthread_stop(p);
	X_cancel_d_sync(&s->x[0].dwork);
	say(o, "violations=%d", atomic_read(&dr->violations));
	kfree(dr);
}

/*
 * A disabled work queued while its queue is destroyed, and after: refused
 * both times, without a warning and without a look at the freed queue.
 * The destroy is held in its drain by a gate that waits for the scenario.
 */
static DECLARE_COMPLETION(dd_gate_release);

static void dd_gate_fn(struct X_work *work)
{
	struct xw *x = container_of(work, struct xw, work);

	atomic_inc(&x->c->runs[x->id]);
	complete(&x->c->started[x->id]);
	wait_for_completion(&dd_gate_release);
}

struct destroyer {
	struct X_queue_t	*q;
	struct completion	done;
};

static int destroyer_fn(void *arg)
{
	struct destroyer *d = arg;

	X_free_queue(d->q);
	kthread_complete_and_exit(&d->done, 0);
}

static void disabled_queued_across_destroy(struct out *o)
{
	struct sc *s = sc_new("kng_d_disdestroy", true);
	bool dis, waits, during, after;
	struct task_struct *p;
	struct destroyer d;

	if (!s)
		return say(o, "FAIL: no queue");
	dis = X_disable(&s->x[0].work);
	reinit_completion(&dd_gate_release);
	X_init_work(&s->x[3].work, dd_gate_fn);
	X_queue(s->c.xq, &s->x[3].work);
	wait_started(&s->c, 3, 1000);
	d.q = s->c.xq;
	init_completion(&d.done);
	p = kthread_run(destroyer_fn, &d, "kng_d_destroyer");
	if (IS_ERR(p)) {
		complete(&dd_gate_release);
		X_enable(&s->x[0].work);
		sc_free(s);
		return say(o, "FAIL: create=%ld", PTR_ERR(p));
	}
	get_task_struct(p);
	/* The destroy sleeps in its drain, behind the gate: nothing says so. */
	waits = wait_for(READ_ONCE(p->__state) == TASK_UNINTERRUPTIBLE, 10000);
	during = X_queue(d.q, &s->x[0].work);
	complete(&dd_gate_release);
	wait_for_completion(&d.done);
	put_task_struct(p);
	after = X_queue(d.q, &s->x[0].work);
	say(o, "disable=%d waits=%d during=%d after=%d runs=%d gate=%d", dis,
	    waits, during, after, atomic_read(&s->c.runs[0]),
	    atomic_read(&s->c.runs[3]));
	kfree(s);
}
#endif /* KNG_DIFF_NG || KNG_HAVE_WQ_DISABLE */

#ifdef KNG_DIFF_NG
/*
 * kthread_ng only: the kernel's kthread_destroy_worker() frees the worker
 * under an armed timer, which then fires into freed memory.
 */
static void destroy_with_armed_delayed(struct out *o)
{
	struct sc *s = sc_new("kng_d_destroy", false);
	bool q;

	if (!s)
		return say(o, "FAIL: no worker");
	q = K_queue_d(s->c.kw, &s->k[0].dwork, 1);
	K_destroy(s->c.kw);
	msleep(20);
	say(o, "queue=%d runs=%d pending=%d", q, atomic_read(&s->c.runs[0]),
	    timer_pending(&s->k[0].dwork.timer));
	kfree(s);
}
#endif

/* ------------------------------------------------------------------ */
/* Per-cpu: a per-cpu worker against a per-cpu workqueue               */
/* ------------------------------------------------------------------ */

/* A work that notes the cpus of its runs, and may block in its first. */
struct pc_work {
	struct P_work		work;
	atomic_t		runs;
	int			cpu[2];
	bool			block;
	struct completion	entered;
	struct completion	release;
};

static void pc_fn(struct P_work *work)
{
	struct pc_work *p = container_of(work, struct pc_work, work);
	int n = atomic_inc_return(&p->runs);

	if (n <= 2)
		p->cpu[n - 1] = raw_smp_processor_id();
	complete(&p->entered);
	if (p->block && n == 1)
		wait_for_completion(&p->release);
}

static struct pc_work *pc_new(int n)
{
	struct pc_work *p = kcalloc(n, sizeof(*p), GFP_KERNEL);
	int i;

	for (i = 0; p && i < n; i++) {
		P_init_work(&p[i].work, pc_fn);
		init_completion(&p[i].entered);
		init_completion(&p[i].release);
	}
	return p;
}

/* Where a run was: "own" cpu, or the other one of the scenario. */
static const char *pc_where(int ran, int own)
{
	return ran == own ? "own" : "other";
}

/*
 * A scenario's per-cpu queue and @n works, with at least @cpus cpus online;
 * false, with the scenario's "FAIL:" outcome said and nothing left, if not.
 */
static bool pc_setup(struct out *o, const char *name, int n, unsigned int cpus,
		     struct P_queue_t **q, struct pc_work **p)
{
	*q = P_new_queue(name);
	*p = pc_new(n);
	if (!IS_ERR(*q) && *p && num_online_cpus() >= cpus)
		return true;
	if (!IS_ERR(*q))
		P_free_queue(*q);
	kfree(*p);
	say(o, "FAIL: no queue, or fewer than %u cpus", cpus);
	return false;
}

static void pc_done(struct P_queue_t *q, struct pc_work *p)
{
	P_free_queue(q);
	kfree(p);
}

/* A work queued for each online cpu runs on that cpu. */
static void pcpu_each_cpu(struct out *o)
{
	struct P_queue_t *q;
	struct pc_work *p;
	int cpu, n = 0, own = 0, queued = 0;

	if (!pc_setup(o, "kng_d_pcpu", nr_cpu_ids, 1, &q, &p))
		return;
	for_each_online_cpu(cpu)
		queued += P_queue_on(q, cpu, &p[cpu].work);
	for_each_online_cpu(cpu) {
		P_flush(&p[cpu].work);
		own += atomic_read(&p[cpu].runs) == 1 && p[cpu].cpu[0] == cpu;
		n++;
	}
	say(o, "queued=%d/%d ran_once_on_own=%d/%d", queued, n, own, n);
	pc_done(q, p);
}

/* An idle work queued for one cpu, then for another: runs on each. */
static void pcpu_idle_moves(struct out *o)
{
	struct P_queue_t *q;
	struct pc_work *p;
	int a = cpumask_first(cpu_online_mask);
	int b = cpumask_next(a, cpu_online_mask);
	bool q1, q2;

	if (!pc_setup(o, "kng_d_pmove", 1, 2, &q, &p))
		return;
	q1 = P_queue_on(q, a, &p->work);
	P_flush(&p->work);
	q2 = P_queue_on(q, b, &p->work);
	P_flush(&p->work);
	say(o, "q1=%d q2=%d runs=%d first=%s second=%s", q1, q2,
	    atomic_read(&p->runs), pc_where(p->cpu[0], a),
	    pc_where(p->cpu[1], b));
	pc_done(q, p);
}

/*
 * A work running on one cpu, queued for another: queued behind itself
 * where it runs, never run twice at once.
 */
static void pcpu_running_stays(struct out *o)
{
	struct P_queue_t *q;
	struct pc_work *p;
	int a = cpumask_first(cpu_online_mask);
	int b = cpumask_next(a, cpu_online_mask);
	bool q1, q2, q3;

	if (!pc_setup(o, "kng_d_pstay", 1, 2, &q, &p))
		return;
	p->block = true;
	q1 = P_queue_on(q, a, &p->work);
	wait_for_completion(&p->entered);
	q2 = P_queue_on(q, b, &p->work);
	q3 = P_queue_on(q, b, &p->work);
	complete(&p->release);
	P_flush(&p->work);
	say(o, "q1=%d q2=%d q3=%d runs=%d first=%s second=%s", q1, q2, q3,
	    atomic_read(&p->runs), pc_where(p->cpu[0], a),
	    pc_where(p->cpu[1], a));
	pc_done(q, p);
}

/* A work queued for a cpu that is down runs, on another cpu. */
static void pcpu_cpu_down(struct out *o)
{
	struct P_queue_t *q;
	struct pc_work *p;
	int cpu = cpumask_last(cpu_online_mask);
	int down, up;
	bool q1;

	if (!pc_setup(o, "kng_d_pdown", 1, 2, &q, &p))
		return;
	down = remove_cpu(cpu);
	q1 = P_queue_on(q, cpu, &p->work);
	P_flush(&p->work);
	up = add_cpu(cpu);
	say(o, "down=%d q=%d runs=%d on=%s up=%d", down, q1,
	    atomic_read(&p->runs), pc_where(p->cpu[0], cpu), up);
	pc_done(q, p);
}

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

struct scenario {
	const char	*name;
	void		(*fn)(struct out *o);	/* NULL: recorded, or @ng_only */
	bool		ng_only;	/* kthread_ng's alone: not run here */
};

/*
 * The judge reads this table (scripts/analyze.py): keep one entry a line,
 * and no conditional here.
 */
#define S(name)		{ #name, name },
#ifdef KNG_DIFF_NG
#define NG_ONLY(name)	S(name)
#define WQD(name)	S(name)
#else
#define NG_ONLY(name)	{ #name, NULL, true },
#if defined(KNG_HAVE_WQ_DISABLE)
#define WQD(name)	S(name)
#else
#define WQD(name)	{ #name, NULL },
#endif
#endif

static const struct scenario scenarios[] = {
	S(stop_never_woken)
	S(stop_running)
	S(stop_self_exited)
	S(stop_put)
	S(stop_parked)
	S(park_before_first_run)
	S(park_unpark_cycles)
	S(unpark_running)
	S(unpark_never_woken)
	S(should_stop_or_park)
	S(bind_before_first_run)
	S(create_on_cpu_wake)
	S(create_on_node_runs)
	S(run_on_cpu_runs)
	S(freezable_outside_freeze)
	S(data_and_func)
	S(complete_and_exit)
	S(exit_code)
	S(use_mm_borrowed)
	S(fifo_order)
	S(queue_pending)
	S(cancel_sync_pending)
	S(cancel_sync_running)
	S(cancel_sync_never_queued)
	S(cancel_sync_idle)
	S(cancel_sync_self_requeueing)
	S(cancel_sync_dwork_work)
	S(mod_idle)
	S(mod_pending)
	S(mod_running)
	S(mod_just_canceled)
	S(mod_from_hard_irq)
	S(mod_vs_cancel_sync_two_cpus)
	S(queue_delayed_zero_pending)
	S(queue_delayed_runs_once)
	S(flush_never_queued)
	S(flush_pending)
	S(flush_running)
	NG_ONLY(flush_armed_delayed)
	S(flush_worker_self_requeueing)
	S(cancel_d_sync_armed)
	S(requeue_running)
	S(cancel_d_sync_running)
	S(queue_from_hard_irq)
	S(worker_thread_data)
	S(worker_on_cpu_runs)
	S(embedded_worker)
	S(static_initializers)
	S(freezable_worker)
	S(destroy_with_queued)
	S(x_fifo_order)
	S(cancel_pending)
	S(cancel_idle)
	S(cancel_delayed_armed)
	S(cancel_delayed_sync_idle)
	S(cancel_sync_pending_x)
	S(cancel_sync_running_x)
	S(flush_delayed_armed)
	S(flush_delayed_idle)
	S(mod_delayed_pending_x)
	S(mod_armed_to_now_x)
	S(drain_self_requeueing)
	S(drain_then_queue)
	S(cancel_from_hard_irq)
	WQD(disable_pending)
	WQD(disable_nested)
	WQD(disable_sync_pending)
	WQD(disable_sync_running)
	WQD(disable_from_hard_irq)
	WQD(disable_delayed_armed)
	WQD(disable_delayed_sync_armed)
	WQD(disable_armed_then_flush_x)
	WQD(disable_sync_vs_mod_two_cpus)
	WQD(disabled_queued_across_destroy)
	NG_ONLY(destroy_with_armed_delayed)
	S(pcpu_each_cpu)
	S(pcpu_idle_moves)
	S(pcpu_running_stays)
	S(pcpu_cpu_down)
};

static int __init diff_init(void)
{
	struct out *o = kmalloc(sizeof(*o), GFP_KERNEL);
	int i, ran = 0;

	if (!o)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(scenarios); i++) {
		if (scenarios[i].ng_only)
			continue;
		o->len = 0;
		o->buf[0] = '\0';
		if (scenarios[i].fn)
			scenarios[i].fn(o);
		else
			say(o, "=recorded");
		pr_info("KNG-DIFF %s %s: %s\n", SIDE, scenarios[i].name, o->buf);
		ran++;
	}
	pr_info("KNG-DIFF %s done: %d scenarios\n", SIDE, ran);
	kfree(o);
	return 0;
}

static void __exit diff_exit(void)
{
}

module_init(diff_init);
module_exit(diff_exit);
MODULE_DESCRIPTION("kthread_ng differential scenarios, " SIDE " side");
MODULE_LICENSE("GPL");
#ifdef KNG_DIFF_NG
MODULE_IMPORT_NS(KTHREAD_NG_NS);
#endif
