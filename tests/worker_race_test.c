// SPDX-License-Identifier: GPL-2.0-only
/*
 * Races of the worker engine, forced, not hoped for: the test build's race
 * points (kng_fault.h) hold one side of a race where it holds no lock, while
 * the test runs the other side to the end; then the held side goes on.  One
 * case per race the engine once lost, each with the outcome the kernel's own
 * code (kthread_worker, or workqueue where kthread_worker has no such call)
 * has: timer callbacks in flight against cancels, disables, flushes, mods
 * and destroys; bindings against disables; drains and destroys.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>

#include "kng_test.h"
#include "kng_fault.h"
#include "kng_compat.h"
#include "kng_race.h"

struct rwork {
	struct kthread_ng_delayed_work	dwork;
	atomic_t			runs;
	atomic_t			disabled;	/* set while the test holds it so */
	atomic_t			ran_disabled;
};

static void rwork_fn(struct kthread_ng_work *work)
{
	struct rwork *r = container_of(work, struct rwork, dwork.work);

	atomic_inc(&r->runs);
	if (atomic_read(&r->disabled))
		atomic_inc(&r->ran_disabled);
}

static struct rwork *new_rwork(struct kunit *test)
{
	struct rwork *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	kthread_ng_init_delayed_work(&r->dwork, rwork_fn);
	return r;
}

static struct kthread_ng_worker *new_worker(struct kunit *test)
{
	struct kthread_ng_worker *w = kthread_ng_run_worker(0, "kng_w_race");

	kng_test_track_worker(test, w);
	return w;
}

/* ------------------------------------------------------------------ */
/* A mod held outside the lock while disable_sync runs to its end       */
/* ------------------------------------------------------------------ */

struct mod_side {
	struct kthread_ng_worker	*w;
	struct rwork			*r;
	unsigned long			delay;
	bool				ret;
	struct completion		done;
	struct completion		*also;	/* completed on return too */
};

static int mod_side_fn(void *arg)
{
	struct mod_side *m = arg;

	m->ret = kthread_ng_mod_delayed_work(m->w, &m->r->dwork, m->delay);
	if (m->also)
		complete(m->also);
	return kng_test_finish(&m->done);
}

static void test_race_mod_vs_disable_sync(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);
	struct mod_side m = { .w = w, .r = r, .delay = 1 };
	struct task_struct *t;
	struct hold h;

	hold_init(&h);
	init_completion(&m.done);
	/* ARMED, far away: the mod below moves it to one jiffy. */
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &r->dwork, 100 * HZ));
	kng_race_set(KNG_RACE_MOD, hold_hook, &h);
	t = kthread_ng_run(mod_side_fn, &m, "kng_t_rmod");
	kng_test_track(test, t);
	wait_for_completion(&h.at_point);

	/* While mod is held: disable, and wait for everything. */
	KUNIT_EXPECT_TRUE(test, kthread_ng_disable_delayed_work_sync(&r->dwork));
	atomic_set(&r->disabled, 1);
	hold_let_go(KNG_RACE_MOD, &h, &m.done);

	/* Disabled: mod refuses, and nothing is armed or runs. */
	KUNIT_EXPECT_FALSE(test, m.ret);
	KUNIT_EXPECT_FALSE(test, timer_pending(&r->dwork.timer));
	KUNIT_EXPECT_TRUE(test, list_empty(&r->dwork.work.node));
	msleep(jiffies_to_msecs(3));
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 0);
	atomic_set(&r->disabled, 0);
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_delayed_work(&r->dwork));
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	kng_test_destroy_worker(test, w);
}

/*
 * A sync cancel held while it waits (its lock dropped, @canceling up): a mod
 * or a queueing meanwhile is refused, mod saying "pending" as the kernel's
 * kthread_mod_delayed_work() does; the cancel wins.
 */
struct cancel_side {
	struct rwork		*r;
	bool			ret;
	struct completion	done;
};

static int cancel_side_fn(void *arg)
{
	struct cancel_side *cs = arg;

	cs->ret = kthread_ng_cancel_delayed_work_sync(&cs->r->dwork);
	return kng_test_finish(&cs->done);
}

static void test_race_mod_vs_waiting_cancel(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);
	struct cancel_side cs = { .r = r };
	struct task_struct *t;
	bool mod, queue;
	struct hold h;

	hold_init(&h);
	init_completion(&cs.done);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &r->dwork, 100 * HZ));
	kng_race_set(KNG_RACE_CANCEL_WAIT, hold_hook, &h);
	t = kthread_ng_run(cancel_side_fn, &cs, "kng_t_rcancel");
	kng_test_track(test, t);
	wait_for_completion(&h.at_point);
	mod = kthread_ng_mod_delayed_work(w, &r->dwork, 0);
	queue = kthread_ng_queue_delayed_work(w, &r->dwork, 0);
	KUNIT_EXPECT_TRUE(test, mod);
	KUNIT_EXPECT_FALSE(test, queue);
	KUNIT_EXPECT_TRUE(test, list_empty(&r->dwork.work.node));
	KUNIT_EXPECT_FALSE(test, timer_pending(&r->dwork.timer));
	hold_let_go(KNG_RACE_CANCEL_WAIT, &h, &cs.done);
	KUNIT_EXPECT_TRUE(test, cs.ret);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 0);
	/* And it works again afterwards. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_mod_delayed_work(w, &r->dwork, 0));
	kthread_ng_flush_delayed_work(&r->dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	kng_test_destroy_worker(test, w);
}

/*
 * The scenario that found it: mods of 0 or 1 jiffy in a loop on one cpu,
 * disable_sync / hold two jiffies / enable on the other.
 */
#define MOD_LOOP_ROUNDS	300

struct mod_loop {
	struct kthread_ng_worker	*w;
	struct rwork			*r;
	struct completion		done;
	unsigned int			mods;
};

static int mod_loop_fn(void *arg)
{
	struct mod_loop *ml = arg;

	while (!kthread_ng_should_stop()) {
		kthread_ng_mod_delayed_work(ml->w, &ml->r->dwork, ml->mods++ & 1);
		/* Now and then long enough for the work to run. */
		if (ml->mods % 8 == 0)
			usleep_range(100, 200);
		cond_resched();
	}
	return 0;
}

static void test_race_mod_loop_vs_disable(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);
	struct mod_loop ml = { .w = w, .r = r };
	unsigned int cpu0 = cpumask_first(cpu_online_mask);
	unsigned int cpu1 = cpumask_last(cpu_online_mask);
	struct task_struct *t;
	int i;

	t = kthread_ng_create_on_cpu(mod_loop_fn, &ml, cpu1, "kng_t_mloop/%u");
	kng_test_track(test, t);
	wake_up_process(t);
	if (cpu0 != cpu1)
		set_cpus_allowed_ptr(current, cpumask_of(cpu0));
	for (i = 0; i < MOD_LOOP_ROUNDS; i++) {
		kthread_ng_disable_delayed_work_sync(&r->dwork);
		atomic_set(&r->disabled, 1);
		schedule_timeout_uninterruptible(2);
		atomic_set(&r->disabled, 0);
		kthread_ng_enable_delayed_work(&r->dwork);
		/* Enabled for a jiffy: the mods queue it, and it runs. */
		schedule_timeout_uninterruptible(1);
	}
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
	kthread_ng_cancel_delayed_work_sync(&r->dwork);
	kunit_info(test, "%u mods, %d runs, %d while disabled", ml.mods,
		   atomic_read(&r->runs), atomic_read(&r->ran_disabled));
	/* It did run, when enabled: the loop exercised something. */
	KUNIT_EXPECT_GT(test, atomic_read(&r->runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->ran_disabled), 0);
	kng_test_destroy_worker(test, w);
}

/* ------------------------------------------------------------------ */
/* A timer callback in flight after an async cancel                     */
/* ------------------------------------------------------------------ */

/*
 * Holds the callback (atomic, interrupts off) until released or 200 ms
 * passed, whichever comes first: a fixed side must not wait for a release
 * that never comes.  The test runs the other side on another cpu.
 */
struct spin_hold {
	struct kthread_ng_worker	*w;
	struct rwork			*r;
	unsigned int			test_cpu;
	atomic_t			entered;
	atomic_t			left;
	atomic_t			release;
	struct completion		held;
	struct completion		armed;
};

/* How long spin_hook() holds at most; a case may need longer. */
#define SPIN_HOLD_MS	200
static unsigned int spin_hold_ms = SPIN_HOLD_MS;

static void spin_hook(enum kng_race_point point, void *arg)
{
	struct spin_hold *sh = arg;
	int i;

	if (atomic_inc_return(&sh->entered) != 1)
		return;
	complete(&sh->held);
	for (i = 0; i < spin_hold_ms && !atomic_read(&sh->release); i++)
		mdelay(1);
	atomic_set(&sh->left, 1);
}

/*
 * Arms the timer on a cpu other than the test's and keeps that cpu busy
 * until the callback came, so that the callback runs there (an idle cpu's
 * timers may be run by another one).
 */
static int arm_fn(void *arg)
{
	struct spin_hold *sh = arg;

	if (kthread_ng_queue_delayed_work(sh->w, &sh->r->dwork, 1))
		while (!atomic_read(&sh->entered))
			cpu_relax();
	return kng_test_finish(&sh->armed);
}

/* Arm @r on @w for one jiffy and return once its callback is held. */
static struct spin_hold *hold_callback(struct kunit *test,
				       struct kthread_ng_worker *w,
				       struct rwork *r)
{
	struct spin_hold *sh = kunit_kzalloc(test, sizeof(*sh), GFP_KERNEL);
	unsigned int arm_cpu = cpumask_first(cpu_online_mask);
	struct task_struct *t;

	KUNIT_ASSERT_NOT_NULL(test, sh);
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two cpus");
	sh->w = w;
	sh->r = r;
	sh->test_cpu = cpumask_last(cpu_online_mask);
	init_completion(&sh->held);
	init_completion(&sh->armed);
	set_cpus_allowed_ptr(current, cpumask_of(sh->test_cpu));
	kng_race_set(KNG_RACE_TIMER_FN, spin_hook, sh);
	t = kthread_ng_create_on_cpu(arm_fn, sh, arm_cpu, "kng_t_arm/%u");
	kng_test_track(test, t);
	wake_up_process(t);
	wait_for_completion(&sh->held);
	return sh;
}

/* The held callback is left to go; all back to normal. */
static void release_callback(struct kunit *test, struct spin_hold *sh)
{
	atomic_set(&sh->release, 1);
	wait_for_completion(&sh->armed);
	kng_race_set(KNG_RACE_TIMER_FN, NULL, NULL);
	set_cpus_allowed_ptr(current, cpu_possible_mask);
}

/*
 * A call that finds a work's timer callback past its timer and not yet at
 * the worker's lock must not return before the callback is done.  The call
 * runs in a thread of its own, made before the callback holds a cpu with
 * interrupts off; the callback is held until released, and so is the call,
 * at @point, where it waits with the lock dropped.  While both are held the
 * callback has not left; the call must be at @point, not returned.  Then
 * both go, and the call must find the callback done when it returns.
 */
struct call_hold {
	bool			(*call)(struct rwork *r);
	struct rwork		*r;
	struct spin_hold	*sh;
	bool			ret;
	int			left;	/* the callback was done at return */
	struct completion	done;
	struct completion	either;	/* at @point, or returned */
};

static int call_hold_fn(void *arg)
{
	struct call_hold *ch = arg;

	ch->ret = ch->call(ch->r);
	ch->left = atomic_read(&ch->sh->left);
	complete(&ch->either);
	return kng_test_finish(&ch->done);
}

static bool expect_waits_callback(struct kunit *test,
				  struct kthread_ng_worker *w, struct rwork *r,
				  bool (*call)(struct rwork *r),
				  enum kng_race_point point)
{
	struct call_hold *ch = kunit_kzalloc(test, sizeof(*ch), GFP_KERNEL);
	struct task_struct *t;
	struct hold h;
	bool waited;

	KUNIT_ASSERT_NOT_NULL(test, ch);
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two cpus");
	ch->call = call;
	ch->r = r;
	init_completion(&ch->done);
	init_completion(&ch->either);
	hold_init(&h);
	h.also = &ch->either;
	/* On the test cpu (hold_callback()'s): the callback keeps the other. */
	t = kthread_ng_create_on_cpu(call_hold_fn, ch,
				     cpumask_last(cpu_online_mask),
				     "kng_t_rwait/%u");
	kng_test_track(test, t);
	spin_hold_ms = UINT_MAX;
	ch->sh = hold_callback(test, w, r);
	kng_race_set(point, hold_hook, &h);
	wake_up_process(t);
	wait_for_completion(&ch->either);
	waited = completion_done(&h.at_point);
	KUNIT_EXPECT_TRUE_MSG(test, waited,
			      "the call returned with its timer callback in flight");
	KUNIT_EXPECT_EQ(test, atomic_read(&ch->sh->left), 0);
	atomic_set(&ch->sh->release, 1);
	hold_let_go(point, &h, &ch->done);
	release_callback(test, ch->sh);
	spin_hold_ms = SPIN_HOLD_MS;
	KUNIT_EXPECT_EQ(test, ch->left, 1);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	return ch->ret;
}

static bool call_cancel(struct rwork *r)
{
	return kthread_ng_cancel_delayed_work(&r->dwork);
}

static bool call_disable(struct rwork *r)
{
	return kthread_ng_disable_delayed_work(&r->dwork);
}

static bool call_cancel_sync(struct rwork *r)
{
	return kthread_ng_cancel_delayed_work_sync(&r->dwork);
}

static bool call_cancel_work_sync(struct rwork *r)
{
	return kthread_ng_cancel_work_sync(&r->dwork.work);
}

static bool call_flush_delayed(struct rwork *r)
{
	return kthread_ng_flush_delayed_work(&r->dwork);
}

/*
 * @call on a delayed work whose timer callback is held at its start: it
 * must wait for the callback (expect_waits_callback()) and return true (the
 * work was pending), the work having run @runs times when it returns, and
 * still after the worker is flushed.  HELD_DISABLED: the call disables
 * the work (a run from then on would count in r->ran_disabled), and nothing
 * is pending after it; HELD_ENABLE: the work is enabled again at the end.
 */
#define HELD_DISABLED	BIT(0)
#define HELD_ENABLE	BIT(1)

static void held_callback_case(struct kunit *test, bool (*call)(struct rwork *r),
			       enum kng_race_point point, int runs,
			       unsigned int flags)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);

	atomic_set(&r->disabled, !!(flags & HELD_DISABLED));
	KUNIT_EXPECT_TRUE(test, expect_waits_callback(test, w, r, call, point));
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), runs);
	if (flags & HELD_DISABLED)
		KUNIT_EXPECT_FALSE(test, kthread_ng_cancel_delayed_work_sync(&r->dwork));
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), runs);
	if (flags & HELD_ENABLE)
		KUNIT_EXPECT_TRUE(test, kthread_ng_enable_delayed_work(&r->dwork));
	kng_test_destroy_worker(test, w);
}

/* Past its timer, not yet at the lock: still ARMED, so pending. */
static void test_race_cancel_sync_waits_callback(struct kunit *test)
{
	held_callback_case(test, call_cancel_sync, KNG_RACE_CANCEL_WAIT, 0, 0);
}

/*
 * An async cancel (or disable) waits for the callback too, as workqueue's
 * cancel_delayed_work() does (work_grab_pending() loops until it is done):
 * the caller may queue, run and free the work at once.
 */
static void test_race_async_cancel_waits_callback(struct kunit *test)
{
	held_callback_case(test, call_cancel, KNG_RACE_CANCEL_WAIT, 0, 0);
}

static void test_race_async_disable_waits_callback(struct kunit *test)
{
	held_callback_case(test, call_disable, KNG_RACE_CANCEL_WAIT, 0, HELD_ENABLE);
}

/* And once the cancel returned, the worker may go at once. */
static void test_race_destroy_waits_callback(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);

	KUNIT_EXPECT_TRUE(test, expect_waits_callback(test, w, r, call_cancel,
						      KNG_RACE_CANCEL_WAIT));
	kng_test_destroy_worker(test, w);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 0);
}

/* The callback held while the work is disabled: it must not queue it. */
static void test_race_callback_vs_disable(struct kunit *test)
{
	held_callback_case(test, call_disable, KNG_RACE_CANCEL_WAIT, 0,
			   HELD_DISABLED | HELD_ENABLE);
}

/*
 * A sync cancel through the plain work of a delayed work (as the
 * DEBUG_OBJECTS fixup of an init does) waits for a timer callback in
 * flight: the work may be freed or set up again when it returns.
 */
static void test_race_cancel_work_sync_waits_callback(struct kunit *test)
{
	held_callback_case(test, call_cancel_work_sync, KNG_RACE_CANCEL_WAIT, 0, 0);
}

/*
 * kthread_ng_flush_delayed_work() with the callback held past its timer:
 * it waits for the callback, which leaves the work to it, queues the work
 * and waits for it to run (workqueue's flush deletes the timer with
 * del_timer_sync()), so the caller may free it.
 */
static void test_race_flush_delayed_waits_callback(struct kunit *test)
{
	held_callback_case(test, call_flush_delayed, KNG_RACE_FLUSH_FIRE_WAIT, 1, 0);
}

/*
 * A flush_delayed held before it takes the worker's lock while the work is
 * canceled, armed again and its timer fires: the callback, held, is in
 * flight when the flush takes the lock, and the flush must wait for it
 * (then fire the work and wait for the run), not fire the work and return
 * with the callback still to come.  The worker runs on the test's cpu, so a
 * flush that does not wait returns while the callback holds the other.
 */
static void test_race_flush_delayed_vs_rearm(struct kunit *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct kthread_ng_worker *w;
	struct hold *hf, *hw;
	struct call_hold *ch;
	struct task_struct *t;
	struct rwork *r;
	bool waited;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two cpus");
	w = kthread_ng_run_worker_on_cpu(cpu, 0, "kng_w_rfl/%u");
	kng_test_track_worker(test, w);
	r = new_rwork(test);
	hf = new_hold(test);
	hw = new_hold(test);
	ch = kunit_kzalloc(test, sizeof(*ch), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ch);
	ch->call = call_flush_delayed;
	ch->r = r;
	init_completion(&ch->done);
	init_completion(&ch->either);
	hw->also = &ch->either;
	t = kthread_ng_create_on_cpu(call_hold_fn, ch, cpu, "kng_t_rflre/%u");
	kng_test_track(test, t);

	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_delayed_work(w, &r->dwork,
							      100 * HZ));
	kng_race_set(KNG_RACE_FLUSH, hold_hook, hf);
	wake_up_process(t);
	wait_for_completion(&hf->at_point);
	/* Canceled, and armed again by hold_callback(): its callback held. */
	KUNIT_EXPECT_TRUE(test, kthread_ng_cancel_delayed_work(&r->dwork));
	spin_hold_ms = UINT_MAX;
	ch->sh = hold_callback(test, w, r);
	kng_race_set(KNG_RACE_FLUSH_FIRE_WAIT, hold_hook, hw);
	complete(&hf->release);
	wait_for_completion(&ch->either);
	waited = completion_done(&hw->at_point);
	KUNIT_EXPECT_TRUE_MSG(test, waited,
			      "the flush returned with its timer callback in flight");
	atomic_set(&ch->sh->release, 1);
	hold_let_go(KNG_RACE_FLUSH, hw, &ch->done);
	kng_race_set(KNG_RACE_FLUSH_FIRE_WAIT, NULL, NULL);
	release_callback(test, ch->sh);
	spin_hold_ms = SPIN_HOLD_MS;
	KUNIT_EXPECT_TRUE(test, ch->ret);
	KUNIT_EXPECT_EQ(test, ch->left, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
}

/*
 * A mod of @r on @w, from a thread on the last cpu, held where it waits for
 * @r's timer callback, which is held past its timer (hold_callback()): the
 * set-up of the cases where a mod waits.  Nothing lets go by itself; the
 * case releases the callback (@sh->release) and then the mod
 * (held_mod_finish()).
 */
struct held_mod {
	struct mod_side		m;
	struct hold		*h;
	struct completion	either;	/* the mod at its wait, or returned */
	struct spin_hold	*sh;
	struct task_struct	*t;
};

/* Returns whether the mod got to its wait (else it returned, not waiting). */
static bool held_mod_start(struct kunit *test, struct held_mod *hm,
			   struct kthread_ng_worker *w, struct rwork *r)
{
	hm->m = (struct mod_side){ .w = w, .r = r, .delay = 0 };
	hm->h = new_hold(test);
	init_completion(&hm->m.done);
	init_completion(&hm->either);
	hm->h->also = &hm->either;
	hm->m.also = &hm->either;
	hm->t = kthread_ng_create_on_cpu(mod_side_fn, &hm->m,
					 cpumask_last(cpu_online_mask),
					 "kng_t_rmodw/%u");
	kng_test_track(test, hm->t);
	/* Held until released: no hold in a proof lets go by itself. */
	spin_hold_ms = UINT_MAX;
	hm->sh = hold_callback(test, w, r);
	kng_race_set(KNG_RACE_MOD_WAIT, hold_hook, hm->h);
	wake_up_process(hm->t);
	wait_for_completion(&hm->either);
	return completion_done(&hm->h->at_point);
}

/* Let the mod go on, wait for it, and take every hold away. */
static void held_mod_finish(struct kunit *test, struct held_mod *hm)
{
	hold_let_go(KNG_RACE_MOD_WAIT, hm->h, &hm->m.done);
	release_callback(test, hm->sh);
	spin_hold_ms = SPIN_HOLD_MS;
}

/*
 * kthread_ng_mod_delayed_work() with the callback held past its timer: mod
 * waits for it (kthread_mod_delayed_work() deletes the timer with
 * del_timer_sync(), workqueue's mod waits for the callback to queue the
 * work), so that once mod returns the work may run and free itself, or be
 * flushed and freed, with no callback left to touch it.  Let go while mod
 * waits, the callback leaves the work ARMED for mod, which readies and
 * moves it: true, one run.  Mod is held where it waits, so the case knows
 * it got there; its thread exists before the callback holds a cpu with
 * interrupts off.
 */
static void test_race_mod_waits_callback(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);
	struct held_mod hm;
	bool waited;

	waited = held_mod_start(test, &hm, w, r);
	KUNIT_EXPECT_TRUE_MSG(test, waited,
			      "mod did not wait for the timer callback in flight");
	KUNIT_EXPECT_EQ(test, atomic_read(&hm.sh->left), 0);
	atomic_set(&hm.sh->release, 1);
	if (waited) {
		/* The callback done: it left the work ARMED, to mod. */
		timer_delete_sync(&r->dwork.timer);
		KUNIT_EXPECT_TRUE_MSG(test, READ_ONCE(r->dwork.work.delayed),
				      "the callback queued the work mod waited for");
	}
	held_mod_finish(test, &hm);
	KUNIT_EXPECT_TRUE(test, hm.m.ret);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, hm.t), 0);
	kng_test_destroy_worker(test, w);
}

struct disable_side {
	struct rwork		*r;
	bool			ret;
	struct completion	done;
};

static int disable_side_fn(void *arg)
{
	struct disable_side *ds = arg;

	ds->ret = kthread_ng_disable_delayed_work(&ds->r->dwork);
	return kng_test_finish(&ds->done);
}

/* A disable of @ds's work, in a thread, held at @point (@h). */
static struct task_struct *start_held_disable(struct kunit *test,
					      struct disable_side *ds,
					      enum kng_race_point point,
					      struct hold *h)
{
	struct task_struct *t;

	hold_init(h);
	kng_race_set(point, hold_hook, h);
	init_completion(&ds->done);
	t = kthread_ng_run(disable_side_fn, ds, "kng_t_rdisable");
	kng_test_track(test, t);
	wait_for_completion(&h->at_point);
	return t;
}

/*
 * A disable of a QUEUED work, held before it raises the count, while the
 * work is modified and then started by its worker: the mod finds it pending
 * and not disabled (true), the work runs, and the disable then finds nothing
 * pending (false); one order of the three, as workqueue gives it.  The count
 * used to go up before the disable took the lock: the mod of the pending
 * work was refused as disabled, the work ran anyway, and the disable found
 * it not pending, a history no order of the calls gives.
 */
static void test_race_mod_vs_held_disable(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);
	struct disable_side ds = { .r = r };
	struct task_struct *t;
	struct xwork *g;
	struct hold h;
	bool mod;

	/* QUEUED behind a gate. */
	g = kng_gate_worker(test, w);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_delayed_work(w, &r->dwork, 0));

	t = start_held_disable(test, &ds, KNG_RACE_DISABLE, &h);
	mod = kthread_ng_mod_delayed_work(w, &r->dwork, 0);
	/* The worker starts the work while the disable is held. */
	complete(&g->release);
	kthread_ng_flush_worker(w);
	hold_let_go(KNG_RACE_DISABLE, &h, &ds.done);

	KUNIT_EXPECT_TRUE_MSG(test, mod,
			      "mod of a pending work refused by a disable not yet made");
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
	KUNIT_EXPECT_FALSE(test, ds.ret);
	KUNIT_EXPECT_TRUE(test, list_empty(&r->dwork.work.node));
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_delayed_work(w, &r->dwork, 0));
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_delayed_work(&r->dwork));
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	kng_test_destroy_worker(test, w);
}

/*
 * @r never ran, is disabled once and idle: refused and not flushed until
 * enabled, then queued and run once.
 */
static void expect_disabled_idle(struct kunit *test,
				 struct kthread_ng_worker *w, struct rwork *r)
{
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&r->dwork.work.node));
	KUNIT_EXPECT_FALSE(test, kthread_ng_flush_delayed_work(&r->dwork));
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_delayed_work(w, &r->dwork, 0));
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_delayed_work(&r->dwork));
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_delayed_work(w, &r->dwork, 0));
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
}

/*
 * A disable that found the work with no worker, held before it raises the
 * depth, while the work's first queueing arms it and a mod moves it: both
 * find it not disabled (true), and the disable then sees the
 * binding, takes the work off under the worker's lock and reports it
 * pending; the work never runs.  The depth used to go up before the
 * disable looked at the binding again and took the lock: in between, the
 * mod of the ARMED work was refused as disabled while the disable had not
 * taken it yet.
 */
static void test_race_first_queue_vs_disable(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);
	struct disable_side ds = { .r = r };
	struct task_struct *t;
	bool queued, mod;
	struct hold h;

	t = start_held_disable(test, &ds, KNG_RACE_DISABLE_UNBOUND, &h);
	/* The disable saw no worker; now the work gets one, and is ARMED. */
	queued = kthread_ng_queue_delayed_work(w, &r->dwork, 100 * HZ);
	mod = kthread_ng_mod_delayed_work(w, &r->dwork, 100 * HZ);
	hold_let_go(KNG_RACE_DISABLE_UNBOUND, &h, &ds.done);
	kthread_ng_flush_worker(w);

	KUNIT_EXPECT_TRUE(test, queued);
	KUNIT_EXPECT_TRUE_MSG(test, mod,
			      "mod of the armed work refused by a disable that had not taken it");
	KUNIT_EXPECT_TRUE(test, ds.ret);
	KUNIT_EXPECT_FALSE(test, timer_pending(&r->dwork.timer));
	expect_disabled_idle(test, w, r);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	kng_test_destroy_worker(test, w);
}

/*
 * A disable that found the work with no worker, held before it raises the
 * depth, while the work's first queueing arms it and a flush_delayed fires
 * it and waits for its run: the flush finds the work armed and not
 * disabled, so it runs (true, one run), and the disable, let go, finds the
 * work bound and idle: it raises the depth under the worker's lock and
 * reports nothing pending.  From then on the work is disabled.
 */
static void test_race_flush_delayed_vs_disable(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);
	struct disable_side ds = { .r = r };
	struct task_struct *t;
	bool queued, flushed;
	struct hold h;

	t = start_held_disable(test, &ds, KNG_RACE_DISABLE_UNBOUND, &h);
	queued = kthread_ng_queue_delayed_work(w, &r->dwork, 100 * HZ);
	flushed = kthread_ng_flush_delayed_work(&r->dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
	hold_let_go(KNG_RACE_DISABLE_UNBOUND, &h, &ds.done);

	KUNIT_EXPECT_TRUE(test, queued);
	KUNIT_EXPECT_TRUE(test, flushed);
	KUNIT_EXPECT_FALSE(test, ds.ret);
	KUNIT_EXPECT_FALSE(test, timer_pending(&r->dwork.timer));
	/* Disabled: refused, and nothing runs. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_delayed_work(w, &r->dwork, 0));
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_delayed_work(&r->dwork));
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_delayed_work(w, &r->dwork, 0));
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 2);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	kng_test_destroy_worker(test, w);
}

/*
 * The other order: a first queueing held after it bound the work, before
 * it says so in @disable, while the work is disabled.  The disable raises
 * the depth without a lock (nothing is pending), the queueing then finds
 * the depth and refuses: disable, then queue.  The work stays bound to the
 * worker, and runs once enabled and queued.
 */
struct queue_side {
	struct kthread_ng_worker	*w;
	struct rwork			*r;
	bool				ret;
	struct completion		done;
};

static int queue_side_fn(void *arg)
{
	struct queue_side *qs = arg;

	qs->ret = kthread_ng_queue_delayed_work(qs->w, &qs->r->dwork, 0);
	return kng_test_finish(&qs->done);
}

/*
 * Holds a first queueing of @r on @w at KNG_RACE_BIND, disables @r (the
 * lock-free way: bound, not yet said so), destroys @w if @destroy, lets the
 * queueing go on.  Returns what the queueing returned.
 */
static bool held_bind_vs_disable(struct kunit *test,
				 struct kthread_ng_worker *w, struct rwork *r,
				 bool destroy)
{
	struct queue_side qs = { .w = w, .r = r };
	struct task_struct *t;
	struct hold h;

	hold_init(&h);
	init_completion(&qs.done);
	kng_race_set(KNG_RACE_BIND, hold_hook, &h);
	t = kthread_ng_run(queue_side_fn, &qs, "kng_t_rbind");
	kng_test_track(test, t);
	wait_for_completion(&h.at_point);
	KUNIT_EXPECT_PTR_EQ(test, READ_ONCE(r->dwork.work.worker), w);
	KUNIT_EXPECT_FALSE(test, kthread_ng_disable_delayed_work(&r->dwork));
	if (destroy)
		kng_test_destroy_worker(test, w);
	hold_let_go(KNG_RACE_BIND, &h, &qs.done);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	return qs.ret;
}

static void test_race_bind_vs_disable(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);

	KUNIT_EXPECT_FALSE_MSG(test, held_bind_vs_disable(test, w, r, false),
			       "a disabled work was queued");
	kthread_ng_flush_worker(w);
	expect_disabled_idle(test, w, r);
	kng_test_destroy_worker(test, w);
}

/*
 * The same, and then the worker destroyed before the queueing goes on: the
 * disable came first, so the queueing must refuse without looking at the
 * worker, which may be gone (as with a workqueue's disabled work), and
 * leave the work as the disable left it: disabled, not said to be bound.
 */
static void test_race_bind_vs_disable_destroy(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);

	KUNIT_EXPECT_FALSE_MSG(test, held_bind_vs_disable(test, w, r, true),
			       "a disabled work was queued");
	/* Depth 1 and nothing else: no later call goes to the freed worker. */
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&r->dwork.work.disable), 1,
			    "a refused first queueing said the work was bound");
	KUNIT_EXPECT_TRUE(test, list_empty(&r->dwork.work.node));
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 0);
}

/* ------------------------------------------------------------------ */
/* Destroy from one of the worker's own works                           */
/* ------------------------------------------------------------------ */

struct self_destroy {
	struct kthread_ng_work		work;
	struct kthread_ng_work		ping;
	struct kthread_ng_worker	*w;
	atomic_t			pings;
	struct completion		done;
};

static void ping_fn(struct kthread_ng_work *work)
{
	atomic_inc(&container_of(work, struct self_destroy, ping)->pings);
}

static void self_destroy_fn(struct kthread_ng_work *work)
{
	struct self_destroy *sd = container_of(work, struct self_destroy, work);

	KNG_EXPECT_WARN("destroy_own_worker", kthread_ng_destroy_worker(sd->w));
	complete(&sd->done);
}

static void test_race_destroy_from_own_work(struct kunit *test)
{
	struct self_destroy *sd = kunit_kzalloc(test, sizeof(*sd), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sd);
	sd->w = new_worker(test);
	init_completion(&sd->done);
	kthread_ng_init_work(&sd->work, self_destroy_fn);
	kthread_ng_init_work(&sd->ping, ping_fn);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(sd->w, &sd->work));
	wait_for_completion(&sd->done);
	/* Still alive, and still running works. */
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(sd->w, &sd->ping));
	kthread_ng_flush_work(&sd->ping);
	KUNIT_EXPECT_EQ(test, atomic_read(&sd->pings), 1);
	kng_test_destroy_worker(test, sd->w);
}

/*
 * After each round a drain looks at what its worker runs.  The worker may
 * still be on its way out of another flusher's flush work, whose flusher
 * has returned and reused that stack: the drain must go by the worker's
 * own record of the function, never read the work.  Held here: the drain
 * after its first round, and the worker right after the other flusher's
 * work returned.
 */
struct drain_side {
	struct kthread_ng_worker	*w;
	struct completion		done;
};

static int drain_side_fn(void *arg)
{
	struct drain_side *d = arg;

	kthread_ng_drain_worker(d->w);
	return kng_test_finish(&d->done);
}

/* Write over the stack a returned call used. */
static noinline void scribble_stack(void)
{
	u8 buf[512];

	memset(buf, 0x6b, sizeof(buf));
	barrier_data(buf);
}

static int flush_side_fn(void *arg)
{
	struct drain_side *f = arg;

	kthread_ng_flush_worker(f->w);
	scribble_stack();
	return kng_test_finish(&f->done);
}

static void test_race_drain_vs_returned_flusher(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct drain_side d = { .w = w }, f = { .w = w };
	struct task_struct *td, *tf;
	bool drained_at_once;
	struct hold hd, hw;

	hold_init(&hd);
	hold_init(&hw);
	/* The worker's first work is the drain's flush; hold it after the second. */
	hw.nth = 2;
	init_completion(&d.done);
	init_completion(&f.done);
	kng_race_set(KNG_RACE_DRAIN, hold_hook, &hd);
	kng_race_set(KNG_RACE_WORK_DONE, hold_hook, &hw);
	td = kthread_ng_run(drain_side_fn, &d, "kng_t_rdrain");
	kng_test_track(test, td);
	wait_for_completion(&hd.at_point);
	tf = kthread_ng_run(flush_side_fn, &f, "kng_t_rflush");
	kng_test_track(test, tf);
	wait_for_completion(&hw.at_point);
	wait_for_completion(&f.done);
	/* The worker still names the flusher's work, which is gone. */
	KUNIT_EXPECT_NOT_NULL(test, READ_ONCE(w->current_work));

	/* The drain looks: done, or a second round behind the held worker. */
	complete(&hd.release);
	KUNIT_EXPECT_TRUE(test, kng_wait_for(completion_done(&d.done) ||
					     !list_empty(&w->work_list), 2000));
	drained_at_once = completion_done(&d.done);
	hold_let_go(KNG_RACE_DRAIN, &hw, &d.done);
	kng_race_set(KNG_RACE_WORK_DONE, NULL, NULL);
	KUNIT_EXPECT_TRUE_MSG(test, drained_at_once,
			      "the drain read the returned flusher's work");
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, td), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, tf), 0);
}

/*
 * A mod held while it waits for the callback, which, let go, leaves the
 * work ARMED for the mod; then a flush_delayed: it must fire the work and
 * wait for its run (true, one run), as workqueue's flush does, not take the
 * mod's hold on the work for a reason to leave it and return "idle".
 */
static void test_race_flush_delayed_vs_waiting_mod(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);
	struct held_mod hm;
	bool flushed;

	KUNIT_EXPECT_TRUE_MSG(test, held_mod_start(test, &hm, w, r),
			      "mod did not wait for the timer callback in flight");
	/* The callback done: it left the work ARMED, to the mod. */
	atomic_set(&hm.sh->release, 1);
	timer_delete_sync(&r->dwork.timer);
	flushed = kthread_ng_flush_delayed_work(&r->dwork);
	KUNIT_EXPECT_TRUE_MSG(test, flushed,
			      "the flush left an expired work to a waiting mod");
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
	held_mod_finish(test, &hm);
	/* The mod found the work run and idle: queued again, at once. */
	KUNIT_EXPECT_FALSE(test, hm.m.ret);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 2);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, hm.t), 0);
	kng_test_destroy_worker(test, w);
}

/*
 * A mod waiting for the callback (which, let go, leaves the work ARMED for
 * mod) and then refused because a drain began meanwhile: the expiry must
 * not be lost.  Mod readies the work as the callback would have before it
 * looks again, so the drain finds it queued and runs it.
 */
static void test_race_mod_wait_then_drain(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);
	struct mod_side m = { .w = w, .r = r, .delay = 0 };
	struct drain_side d = { .w = w };
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct task_struct *tm, *td;
	struct spin_hold *sh;
	struct completion either;
	struct hold *hm = new_hold(test), *hd = new_hold(test);

	init_completion(&m.done);
	init_completion(&d.done);
	init_completion(&either);
	hm->also = &either;
	m.also = &either;
	tm = kthread_ng_create_on_cpu(mod_side_fn, &m, cpu, "kng_t_rmodw/%u");
	kng_test_track(test, tm);
	td = kthread_ng_create_on_cpu(drain_side_fn, &d, cpu, "kng_t_rdrain/%u");
	kng_test_track(test, td);
	/* Held until released: no hold in a proof lets go by itself. */
	spin_hold_ms = UINT_MAX;
	sh = hold_callback(test, w, r);
	kng_race_set(KNG_RACE_MOD_WAIT, hold_hook, hm);
	wake_up_process(tm);
	/* Mod at its wait, or returned without waiting (a failure). */
	wait_for_completion(&either);
	if (!completion_done(&hm->at_point)) {
		atomic_set(&sh->release, 1);
		release_callback(test, sh);
		KUNIT_FAIL(test, "mod did not wait for the timer callback in flight");
		return;
	}
	atomic_set(&sh->release, 1);
	timer_delete_sync(&r->dwork.timer);
	/* Now a drain, held after its first round: nothing queued yet. */
	kng_race_set(KNG_RACE_DRAIN, hold_hook, hd);
	wake_up_process(td);
	wait_for_completion(&hd->at_point);
	KNG_EXPECT_WARN("mod_wait_drain",
			complete(&hm->release);
			wait_for_completion(&m.done));
	/* Hooks are taken away once none is in flight: the drain's first. */
	hold_let_go(KNG_RACE_MOD_WAIT, hd, &d.done);
	kng_race_set(KNG_RACE_DRAIN, NULL, NULL);
	release_callback(test, sh);
	spin_hold_ms = SPIN_HOLD_MS;

	KUNIT_EXPECT_FALSE(test, m.ret);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&r->runs), 1,
			    "the expiry was lost: the work stayed ARMED");
	KUNIT_EXPECT_FALSE(test, READ_ONCE(r->dwork.work.delayed));
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, tm), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, td), 0);
	kng_test_destroy_worker(test, w);
}

/*
 * A mod from outside, held past its first look at the disable count while
 * the worker drains; the work is disabled meanwhile.  Under the lock the
 * disable is found first: refused as a disabled work, quietly, and not as
 * an outsider queueing during a drain, with a warning.
 */
static void test_race_mod_disabled_during_drain(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct rwork *r = new_rwork(test);
	struct mod_side m = { .w = w, .r = r, .delay = 1 };
	struct drain_side d = { .w = w };
	struct task_struct *tm, *td;
	struct xwork *g;
	struct hold h;

	hold_init(&h);
	init_completion(&m.done);
	init_completion(&d.done);
	g = kng_gate_worker(test, w);
	td = kthread_ng_run(drain_side_fn, &d, "kng_t_rdrain");
	kng_test_track(test, td);
	/* The drain has begun: its flush work waits behind the gate. */
	KUNIT_EXPECT_TRUE(test, kng_wait_for(!list_empty(&w->work_list), 10000));
	kng_race_set(KNG_RACE_MOD, hold_hook, &h);
	tm = kthread_ng_run(mod_side_fn, &m, "kng_t_rmod");
	kng_test_track(test, tm);
	wait_for_completion(&h.at_point);
	KUNIT_EXPECT_FALSE(test, kthread_ng_disable_delayed_work(&r->dwork));
	hold_let_go(KNG_RACE_MOD, &h, &m.done);
	KUNIT_EXPECT_FALSE(test, m.ret);
	KUNIT_EXPECT_FALSE(test, timer_pending(&r->dwork.timer));
	complete(&g->release);
	wait_for_completion(&d.done);
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_delayed_work(&r->dwork));
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, tm), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, td), 0);
	kng_test_destroy_worker(test, w);
}

/*
 * destroy's drain is over; a work the drain ran armed a delayed work (a
 * worker's own works may), and its timer fires before the destroy cancels
 * the armed works.  The callback leaves it ARMED for the destroy, and so
 * does a flush of it: it never runs, and no timer is left on the freed
 * worker.  It used to be queued,
 * and run by a thread that the destroy was about to stop; a work that keeps
 * arming itself that way kept the destroy going for ever.
 */
struct rearm {
	struct kthread_ng_worker	*w;
	struct kthread_ng_work		arm;	/* run by the drain: arms @dwork */
	struct kthread_ng_delayed_work	dwork;	/* arms itself again */
	atomic_t			arm_runs;
	atomic_t			runs;
	struct completion		done;
};

static void rearm_arm_fn(struct kthread_ng_work *work)
{
	struct rearm *r = container_of(work, struct rearm, arm);

	atomic_inc(&r->arm_runs);
	kthread_ng_queue_delayed_work(r->w, &r->dwork, 100 * HZ);
}

static void rearm_dwork_fn(struct kthread_ng_work *work)
{
	struct rearm *r = container_of(work, struct rearm, dwork.work);

	atomic_inc(&r->runs);
	kthread_ng_queue_delayed_work(r->w, &r->dwork, 100 * HZ);
}

static int rearm_destroy_fn(void *arg)
{
	struct rearm *r = arg;

	kthread_ng_destroy_worker(r->w);
	return kng_test_finish(&r->done);
}

static void test_race_destroy_timer_after_drain(struct kunit *test)
{
	struct rearm *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	bool armed, left_armed = false, flushed = true;
	struct task_struct *t;
	struct xwork *g;
	struct hold h;

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->w = kthread_ng_run_worker(0, "kng_w_rrearm");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r->w));
	kthread_ng_init_work(&r->arm, rearm_arm_fn);
	kthread_ng_init_delayed_work(&r->dwork, rearm_dwork_fn);
	init_completion(&r->done);
	g = kng_gate_worker(test, r->w);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(r->w, &r->arm));
	hold_init(&h);
	kng_race_set(KNG_RACE_DESTROY, hold_hook, &h);
	t = kthread_ng_run(rearm_destroy_fn, r, "kng_t_rdestroy");
	kng_test_track(test, t);
	/* destroy has begun, its flush behind @arm: let the drain run. */
	KUNIT_EXPECT_TRUE(test, kng_wait_for(READ_ONCE(r->w->work_list.prev) !=
					     &r->arm.node, 10000));
	complete(&g->release);
	wait_for_completion(&h.at_point);
	/* Drained, @dwork ARMED: its timer fires now, as if 100 s had passed. */
	armed = timer_pending(&r->dwork.timer);
	if (armed) {
		mod_timer(&r->dwork.timer, jiffies);
		KUNIT_EXPECT_TRUE(test, kng_wait_for(!timer_pending(&r->dwork.timer),
						     10000));
		/* The callback has returned: it runs with interrupts off. */
		synchronize_rcu();
		left_armed = READ_ONCE(r->dwork.work.delayed);
		/* Neither does a flush of it fire it: left to the destroy too. */
		flushed = kthread_ng_flush_delayed_work(&r->dwork);
	}
	hold_let_go(KNG_RACE_DESTROY, &h, &r->done);
	KUNIT_EXPECT_TRUE(test, armed);
	KUNIT_EXPECT_TRUE_MSG(test, left_armed,
			      "the timer queued a work of a worker being destroyed");
	KUNIT_EXPECT_FALSE(test, flushed);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->arm_runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 0);
	KUNIT_EXPECT_FALSE(test, timer_pending(&r->dwork.timer));
	KUNIT_EXPECT_TRUE(test, list_empty(&r->dwork.work.node));
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
}

/*
 * A work that runs until the test opens its gate, and a side thread for a
 * call on a worker or a work: the destroy, the sync cancel, the flush.
 */
struct gated {
	struct kthread_ng_work	work;
	struct completion	started;
	struct completion	gate;
};

static void gated_fn(struct kthread_ng_work *work)
{
	struct gated *g = container_of(work, struct gated, work);

	complete(&g->started);
	wait_for_completion(&g->gate);
}

struct call_side {
	struct kthread_ng_worker	*w;
	struct kthread_ng_work		*work;
	u64				ticket;
	bool				ret;
	struct completion		done;
};

static int destroy_side_fn(void *arg)
{
	struct call_side *cs = arg;

	kthread_ng_destroy_worker(cs->w);
	return kng_test_finish(&cs->done);
}

static int cancel_sync_side_fn(void *arg)
{
	struct call_side *cs = arg;

	cs->ret = kthread_ng_cancel_work_sync(cs->work);
	return kng_test_finish(&cs->done);
}

static int flush_work_side_fn(void *arg)
{
	struct call_side *cs = arg;

	kthread_ng_flush_work(cs->work);
	return kng_test_finish(&cs->done);
}

static int flush_ticket_side_fn(void *arg)
{
	struct call_side *cs = arg;

	cs->ret = kthread_ng_flush_ticket(cs->work, cs->ticket);
	return kng_test_finish(&cs->done);
}

/*
 * call_side() on the test's cpu, made but not woken: while a held timer
 * callback keeps the other cpu (hold_callback()), a thread placed there,
 * or one made then (kthreadd_ng may be there), would never run.
 */
static struct task_struct *call_side_made(struct kunit *test,
					  int (*fn)(void *),
					  struct call_side *cs, const char *name)
{
	struct task_struct *t;

	init_completion(&cs->done);
	t = kthread_ng_create_on_cpu(fn, cs, cpumask_last(cpu_online_mask),
				     name);
	kng_test_track(test, t);
	return t;
}

static struct gated *new_gated(struct kunit *test)
{
	struct gated *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, g);
	init_completion(&g->started);
	init_completion(&g->gate);
	kthread_ng_init_work(&g->work, gated_fn);
	return g;
}

static struct task_struct *call_side(struct kunit *test,
				     int (*fn)(void *), struct call_side *cs,
				     const char *name)
{
	struct task_struct *t;

	init_completion(&cs->done);
	t = kthread_ng_run(fn, cs, "%s", name);
	kng_test_track(test, t);
	return t;
}

/*
 * A ticket case: its worker, the flusher's side, a gated work keeping the
 * worker busy, the flusher's thread and the hold at its wait.
 */
struct ticket_case {
	struct call_side	flush;
	struct gated		*g;
	struct task_struct	*tf;
	struct hold		hf;
};

static struct ticket_case *new_ticket_case(struct kunit *test)
{
	struct ticket_case *tc = kunit_kzalloc(test, sizeof(*tc), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, tc);
	tc->flush.w = new_worker(test);
	tc->g = new_gated(test);
	hold_init(&tc->hf);
	return tc;
}

/*
 * The flusher of the case's ticket, held where its flush work is queued
 * and let go: from here on its flush work is on the worker's list, and
 * what the case does next comes after it.
 */
static void flush_ticket_queued(struct kunit *test, struct ticket_case *tc,
				const char *name)
{
	kng_race_set(KNG_RACE_FLUSH_WAIT, hold_hook, &tc->hf);
	tc->tf = call_side(test, flush_ticket_side_fn, &tc->flush, name);
	wait_for_completion(&tc->hf.at_point);
	complete(&tc->hf.release);
}

/*
 * The ticket's flush has returned: it said @ran; its thread and its worker
 * go.
 */
static void flush_ticket_end(struct kunit *test, struct ticket_case *tc,
			     bool ran)
{
	kng_race_set(KNG_RACE_FLUSH_WAIT, NULL, NULL);
	KUNIT_EXPECT_EQ(test, tc->flush.ret, ran);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, tc->tf), 0);
	kng_test_destroy_worker(test, tc->flush.w);
}

/* The ticket's flush returns, and must have said @ran. */
static void flush_ticket_returns(struct kunit *test, struct ticket_case *tc,
				 bool ran)
{
	wait_for_completion(&tc->flush.done);
	flush_ticket_end(test, tc, ran);
}

/*
 * A sync cancel that dropped the worker's lock to wait (here, held at its
 * wait point, the work it waits for already returned) takes the lock again
 * afterwards: a destroy that begins meanwhile must not free the worker
 * before it has.  The destroy runs in a thread of its own; while the cancel
 * is held, it must not return.
 */
static void test_race_destroy_waits_for_waiting_cancel(struct kunit *test)
{
	struct kthread_ng_worker *w = kthread_ng_run_worker(0, "kng_w_rdwait");
	struct call_side cancel = { .w = w }, destroy = { .w = w };
	struct task_struct *tc, *td;
	struct hold hc, hd;
	struct gated *g;
	bool freed_early;

	KUNIT_ASSERT_FALSE(test, IS_ERR(w));
	g = new_gated(test);
	cancel.work = &g->work;
	hold_init(&hc);
	hold_init(&hd);
	kng_race_set(KNG_RACE_CANCEL_WAIT, hold_hook, &hc);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &g->work));
	wait_for_completion(&g->started);
	tc = call_side(test, cancel_sync_side_fn, &cancel, "kng_t_rcwait");
	wait_for_completion(&hc.at_point);
	/* The work returns; the cancel, held, has not taken the lock again. */
	complete(&g->gate);
	kthread_ng_flush_worker(w);

	kng_race_set(KNG_RACE_DESTROY_WAITERS, hold_hook, &hd);
	td = call_side(test, destroy_side_fn, &destroy, "kng_t_rdestroy");
	wait_for_completion(&hd.at_point);
	complete(&hd.release);
	/* Waits for the cancel, which is held: it cannot have returned. */
	freed_early = wait_for_completion_timeout(&destroy.done, HZ);
	KUNIT_EXPECT_FALSE_MSG(test, freed_early,
			       "the destroy freed the worker while a cancel waited to lock it again");
	complete(&hc.release);
	wait_for_completion(&cancel.done);
	wait_for_completion(&destroy.done);
	kng_race_set(KNG_RACE_CANCEL_WAIT, NULL, NULL);
	kng_race_set(KNG_RACE_DESTROY_WAITERS, NULL, NULL);
	KUNIT_EXPECT_FALSE(test, cancel.ret);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, tc), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, td), 0);
}

/*
 * A flush whose flush work ran, and whose worker was destroyed, before the
 * flusher, held after it dropped the lock, went on: it must not read the
 * worker again (its lockdep annotations did, after the lock was dropped).
 */
static void test_race_flush_vs_destroy(struct kunit *test)
{
	struct kthread_ng_worker *w = kthread_ng_run_worker(0, "kng_w_rflush");
	struct call_side flush = { .w = w };
	struct task_struct *tf;
	struct gated *g;
	struct hold hf;

	KUNIT_ASSERT_FALSE(test, IS_ERR(w));
	g = new_gated(test);
	flush.work = &g->work;
	hold_init(&hf);
	kng_race_set(KNG_RACE_FLUSH_WAIT, hold_hook, &hf);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &g->work));
	wait_for_completion(&g->started);
	tf = call_side(test, flush_work_side_fn, &flush, "kng_t_rflushw");
	wait_for_completion(&hf.at_point);
	/* The work and the flush work run; the worker goes. */
	complete(&g->gate);
	kthread_ng_destroy_worker(w);
	hold_let_go(KNG_RACE_FLUSH_WAIT, &hf, &flush.done);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, tf), 0);
}

/*
 * A ticket's flush of the running instance, with a later instance queued
 * behind it: the flush work goes right after the running one, so the flush
 * returns once that instance has, while the later one is held at its start
 * (kthread_ng_flush_work() would wait for it too).  The flusher is held
 * where its flush work is queued, then the running instance goes.
 */
static void test_race_flush_ticket_running(struct kunit *test)
{
	struct ticket_case *tc = new_ticket_case(test);
	struct kthread_ng_worker *w = tc->flush.w;
	struct gated *g = tc->g;
	unsigned long returned;
	u64 t1, t2;

	tc->flush.work = &g->work;
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_ticket(w, &g->work, &t1));
	wait_for_completion(&g->started);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_ticket(w, &g->work, &t2));
	KUNIT_EXPECT_NE(test, t1, t2);
	tc->flush.ticket = t1;
	flush_ticket_queued(test, tc, "kng_t_rticket");
	/* The first instance returns; the second starts, and is held. */
	complete(&g->gate);
	wait_for_completion(&g->started);
	returned = wait_for_completion_timeout(&tc->flush.done, 10 * HZ);
	KUNIT_EXPECT_TRUE_MSG(test, returned,
			      "the ticket's flush waited for a later instance");
	complete(&g->gate);
	if (!returned)
		wait_for_completion(&tc->flush.done);
	flush_ticket_end(test, tc, true);
}

/*
 * A ticket whose instance was canceled while a later one runs: the flush
 * waits for the running one (the work then ran from start to end after the
 * ticket's queueing) before it says true.  The hold at the flusher's wait
 * completes its done too: done with the hold not reached is a flush that
 * returned without waiting.
 */
static void test_race_flush_ticket_later_running(struct kunit *test)
{
	struct ticket_case *tc = new_ticket_case(test);
	struct kthread_ng_worker *w = tc->flush.w;
	struct gated *first = new_gated(test);
	struct gated *g = tc->g;
	bool waited;

	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &first->work));
	wait_for_completion(&first->started);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_ticket(w, &g->work,
							     &tc->flush.ticket));
	KUNIT_EXPECT_TRUE(test, kthread_ng_cancel_work(&g->work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &g->work));
	complete(&first->gate);
	wait_for_completion(&g->started);
	tc->flush.work = &g->work;
	tc->hf.also = &tc->flush.done;
	kng_race_set(KNG_RACE_FLUSH_WAIT, hold_hook, &tc->hf);
	tc->tf = call_side(test, flush_ticket_side_fn, &tc->flush,
			   "kng_t_rtlater");
	wait_for_completion(&tc->flush.done);
	waited = completion_done(&tc->hf.at_point);
	KUNIT_EXPECT_TRUE_MSG(test, waited,
			      "the ticket's flush returned while a later instance ran");
	complete(&tc->hf.release);
	complete(&g->gate);
	if (waited)
		wait_for_completion(&tc->flush.done);
	flush_ticket_end(test, tc, true);
}

static int mod_now_side_fn(void *arg)
{
	struct call_side *cs = arg;
	struct kthread_ng_delayed_work *dw =
		container_of(cs->work, struct kthread_ng_delayed_work, work);

	cs->ret = kthread_ng_mod_delayed_work(cs->w, dw, 0);
	return kng_test_finish(&cs->done);
}

/*
 * Two waiters for the timer callback in flight of an armed instance: a mod
 * and a ticket's flush.  The flush goes first: it fires the instance and
 * waits behind it; then the mod, which finds it queued, takes it off and
 * queues a new one.  The flush says the instance did not run, so the new
 * one must have another number (a mod that kept the number of the
 * instance it had found armed gave the new one the old ticket).  The
 * worker is kept busy meanwhile.
 */
static void test_race_flush_ticket_vs_waiting_mod(struct kunit *test)
{
	struct kthread_ng_worker *w = new_worker(test);
	struct call_side flush = { .w = w }, mod = { .w = w };
	struct gated *g = new_gated(test);
	struct rwork *r = new_rwork(test);
	struct hold *hm = new_hold(test), *hf = new_hold(test);
	struct hold *hw = new_hold(test);
	struct task_struct *tm, *tf;
	struct spin_hold *sh;
	u64 t2;

	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &g->work));
	wait_for_completion(&g->started);
	flush.work = &r->dwork.work;
	mod.work = &r->dwork.work;
	tm = call_side_made(test, mod_now_side_fn, &mod, "kng_t_rtmodw/%u");
	tf = call_side_made(test, flush_ticket_side_fn, &flush, "kng_t_rtflw/%u");
	spin_hold_ms = UINT_MAX;
	sh = hold_callback(test, w, r);
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work_ticket(w, &r->dwork.work,
							      &flush.ticket));
	kng_race_set(KNG_RACE_MOD_WAIT, hold_hook, hm);
	kng_race_set(KNG_RACE_FLUSH_FIRE_WAIT, hold_hook, hf);
	kng_race_set(KNG_RACE_FLUSH_WAIT, hold_hook, hw);
	wake_up_process(tm);
	wait_for_completion(&hm->at_point);
	wake_up_process(tf);
	wait_for_completion(&hf->at_point);
	/* The callback leaves the work to its waiters; the flush goes first. */
	atomic_set(&sh->release, 1);
	complete(&hf->release);
	wait_for_completion(&hw->at_point);
	complete(&hm->release);
	wait_for_completion(&mod.done);
	KUNIT_EXPECT_TRUE(test, mod.ret);
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work_ticket(w, &r->dwork.work,
							      &t2));
	KUNIT_EXPECT_NE_MSG(test, t2, flush.ticket,
			    "the mod gave a new instance the old ticket");
	complete(&hw->release);
	complete(&g->gate);
	wait_for_completion(&flush.done);
	KUNIT_EXPECT_FALSE(test, flush.ret);
	release_callback(test, sh);
	spin_hold_ms = SPIN_HOLD_MS;
	kng_race_set(KNG_RACE_MOD_WAIT, NULL, NULL);
	kng_race_set(KNG_RACE_FLUSH_FIRE_WAIT, NULL, NULL);
	kng_race_set(KNG_RACE_FLUSH_WAIT, NULL, NULL);
	KUNIT_EXPECT_TRUE(test, kthread_ng_flush_ticket(&r->dwork.work, t2));
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, tm), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, tf), 0);
	kng_test_destroy_worker(test, w);
}

/* A work that frees itself, as a kthread_worker's work may. */
struct self_free {
	struct kthread_ng_work	work;
	struct completion	*started;
	struct completion	*gate;
};

static void self_free_fn(struct kthread_ng_work *work)
{
	struct self_free *sf = container_of(work, struct self_free, work);

	complete(sf->started);
	wait_for_completion(sf->gate);
	kfree(sf);
}

/*
 * A ticket's flush of a queued instance whose function frees the work: the
 * flush work that runs after it must not read the work (KASAN reports the
 * read of freed memory).  The flusher is held where its flush work is
 * queued, behind the instance, behind a gate work.
 */
static void test_race_flush_ticket_self_free(struct kunit *test)
{
	struct ticket_case *tc = new_ticket_case(test);
	struct kthread_ng_worker *w = tc->flush.w;
	DECLARE_COMPLETION_ONSTACK(started);
	DECLARE_COMPLETION_ONSTACK(gate);
	struct self_free *sf;

	sf = kzalloc(sizeof(*sf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sf);
	kthread_ng_init_work(&sf->work, self_free_fn);
	sf->started = &started;
	sf->gate = &gate;
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &tc->g->work));
	wait_for_completion(&tc->g->started);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_ticket(w, &sf->work,
							     &tc->flush.ticket));
	tc->flush.work = &sf->work;
	flush_ticket_queued(test, tc, "kng_t_rtfree");
	complete(&tc->g->gate);
	wait_for_completion(&started);
	complete(&gate);
	flush_ticket_returns(test, tc, true);
}

/*
 * A ticket's flush waiting behind a queued instance of a delayed work that
 * a mod takes off for a new one: the flush says the instance did not run,
 * and the new instance's own ticket waits for it.
 */
static void test_race_flush_ticket_vs_mod(struct kunit *test)
{
	struct ticket_case *tc = new_ticket_case(test);
	struct kthread_ng_worker *w = tc->flush.w;
	struct rwork *r = new_rwork(test);
	u64 t2;

	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &tc->g->work));
	wait_for_completion(&tc->g->started);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_ticket(w, &r->dwork.work,
							     &tc->flush.ticket));
	tc->flush.work = &r->dwork.work;
	flush_ticket_queued(test, tc, "kng_t_rtmod");
	KUNIT_EXPECT_TRUE(test, kthread_ng_mod_delayed_work(w, &r->dwork, 0));
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work_ticket(w, &r->dwork.work,
							      &t2));
	KUNIT_EXPECT_NE(test, t2, tc->flush.ticket);
	complete(&tc->g->gate);
	wait_for_completion(&tc->flush.done);
	/* Before the new ticket's flush, which must not be held there. */
	kng_race_set(KNG_RACE_FLUSH_WAIT, NULL, NULL);
	KUNIT_EXPECT_TRUE(test, kthread_ng_flush_ticket(&r->dwork.work, t2));
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
	flush_ticket_end(test, tc, false);
}

/* ------------------------------------------------------------------ */
/* A waiter lends a KTW_NG_PRIO_INHERIT worker its priority            */
/* ------------------------------------------------------------------ */

struct lender_side {
	struct kthread_ng_work	*work;
	struct completion	done;
};

/* A SCHED_FIFO thread (priority 50) that flushes @work. */
static int fifo_flush_side_fn(void *arg)
{
	struct lender_side *ls = arg;

	sched_set_fifo(current);
	kthread_ng_flush_work(ls->work);
	return kng_test_finish(&ls->done);
}

/*
 * A SCHED_FIFO flusher of a work that runs on a SCHED_NORMAL worker made
 * with KTW_NG_PRIO_INHERIT: held where it waits, with the worker boosted,
 * the worker's thread runs SCHED_FIFO at the flusher's priority; once the
 * flush work has run (the worker ends the loan as it wakes the flusher), it
 * is SCHED_NORMAL at nice 0 again.
 */
static void test_race_flush_lends_priority(struct kunit *test)
{
	struct kthread_ng_worker *w =
		kthread_ng_run_worker(KTW_NG_PRIO_INHERIT, "kng_w_pi");
	struct lender_side ls = {};
	struct hold *h = new_hold(test);
	struct task_struct *tf;
	int policy, prio;
	struct xwork *g;

	kng_test_track_worker(test, w);
	g = kng_gate_worker(test, w);
	ls.work = &g->work;
	init_completion(&ls.done);
	kng_race_set(KNG_RACE_BOOSTED, hold_hook, h);
	tf = kthread_ng_run(fifo_flush_side_fn, &ls, "kng_t_pif");
	kng_test_track(test, tf);
	wait_for_completion(&h->at_point);
	policy = READ_ONCE(w->task->policy);
	prio = READ_ONCE(w->task->rt_priority);
	KUNIT_EXPECT_EQ(test, policy, SCHED_FIFO);
	KUNIT_EXPECT_EQ(test, prio, MAX_RT_PRIO / 2);
	complete(&h->release);
	complete(&g->release);
	wait_for_completion(&ls.done);
	kng_race_set(KNG_RACE_BOOSTED, NULL, NULL);
	/* The worker ends the loan just after it woke the flusher. */
	kthread_ng_flush_worker(w);
	policy = READ_ONCE(w->task->policy);
	KUNIT_EXPECT_EQ(test, policy, SCHED_NORMAL);
	KUNIT_EXPECT_EQ(test, task_nice(w->task), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, tf), 0);
	kng_test_destroy_worker(test, w);
}

/*
 * A lender that comes to lend after its flush work has run lends nothing:
 * held before it lends (where its flush work is queued), the work ahead
 * and its flush work run, shown by a marker work that starts after them;
 * let go, the flusher is held again once it has lent or not, and the
 * worker must still be SCHED_NORMAL (a loan then would outlast the wait it
 * was for, the worker running later works at the lender's priority).
 */
static void test_race_lender_after_flush_ran(struct kunit *test)
{
	struct kthread_ng_worker *w =
		kthread_ng_run_worker(KTW_NG_PRIO_INHERIT, "kng_w_pi");
	struct hold *hq = new_hold(test), *hb = new_hold(test);
	struct gated *marker = new_gated(test);
	struct lender_side ls = {};
	struct task_struct *tf;
	struct xwork *g;
	int policy;

	kng_test_track_worker(test, w);
	g = kng_gate_worker(test, w);
	ls.work = &g->work;
	init_completion(&ls.done);
	kng_race_set(KNG_RACE_FLUSH_WAIT, hold_hook, hq);
	kng_race_set(KNG_RACE_BOOSTED, hold_hook, hb);
	tf = kthread_ng_run(fifo_flush_side_fn, &ls, "kng_t_pil");
	kng_test_track(test, tf);
	wait_for_completion(&hq->at_point);
	complete(&g->release);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &marker->work));
	wait_for_completion(&marker->started);
	complete(&hq->release);
	wait_for_completion(&hb->at_point);
	policy = READ_ONCE(w->task->policy);
	KUNIT_EXPECT_EQ_MSG(test, policy, SCHED_NORMAL,
			    "a loan began after the flush work had run");
	hold_let_go(KNG_RACE_FLUSH_WAIT, hb, &ls.done);
	kng_race_set(KNG_RACE_BOOSTED, NULL, NULL);
	complete(&marker->gate);
	policy = READ_ONCE(w->task->policy);
	KUNIT_EXPECT_EQ(test, policy, SCHED_NORMAL);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, tf), 0);
	kng_test_destroy_worker(test, w);
}

/*
 * A case that failed an assertion returned before it removed its hooks or
 * gave spin_hold_ms back: no later case may call a hook whose argument was
 * on that case's stack.
 */
static void kng_worker_race_exit(struct kunit *test)
{
	kng_race_clear_all();
	spin_hold_ms = SPIN_HOLD_MS;
	kng_test_exit(test);
}

static struct kunit_case kng_worker_race_cases[] = {
	KUNIT_CASE(test_race_mod_vs_disable_sync),
	KUNIT_CASE(test_race_mod_vs_waiting_cancel),
	KNG_CASE_SLOW(test_race_mod_loop_vs_disable),
	KUNIT_CASE(test_race_cancel_sync_waits_callback),
	KUNIT_CASE(test_race_destroy_waits_callback),
	KUNIT_CASE(test_race_async_cancel_waits_callback),
	KUNIT_CASE(test_race_async_disable_waits_callback),
	KUNIT_CASE(test_race_callback_vs_disable),
	KUNIT_CASE(test_race_cancel_work_sync_waits_callback),
	KUNIT_CASE(test_race_flush_delayed_waits_callback),
	KUNIT_CASE(test_race_flush_delayed_vs_rearm),
	KUNIT_CASE(test_race_flush_delayed_vs_waiting_mod),
	KUNIT_CASE(test_race_mod_waits_callback),
	KUNIT_CASE(test_race_first_queue_vs_disable),
	KUNIT_CASE(test_race_flush_delayed_vs_disable),
	KUNIT_CASE(test_race_bind_vs_disable),
	KUNIT_CASE(test_race_bind_vs_disable_destroy),
	KUNIT_CASE(test_race_mod_vs_held_disable),
	KUNIT_CASE(test_race_destroy_from_own_work),
	KUNIT_CASE(test_race_drain_vs_returned_flusher),
	KUNIT_CASE(test_race_mod_disabled_during_drain),
	KUNIT_CASE(test_race_mod_wait_then_drain),
	KUNIT_CASE(test_race_destroy_timer_after_drain),
	KUNIT_CASE(test_race_destroy_waits_for_waiting_cancel),
	KUNIT_CASE(test_race_flush_vs_destroy),
	KUNIT_CASE(test_race_flush_ticket_running),
	KUNIT_CASE(test_race_flush_ticket_later_running),
	KUNIT_CASE(test_race_flush_ticket_self_free),
	KUNIT_CASE(test_race_flush_ticket_vs_mod),
	KUNIT_CASE(test_race_flush_ticket_vs_waiting_mod),
	KUNIT_CASE(test_race_flush_lends_priority),
	KUNIT_CASE(test_race_lender_after_flush_ran),
	{}
};

static struct kunit_suite kng_worker_race_suite = {
	.name = "kthread_ng_worker_race",
	.init = kng_test_init,
	.exit = kng_worker_race_exit,
	.test_cases = kng_worker_race_cases,
};

kunit_test_suite(kng_worker_race_suite);
