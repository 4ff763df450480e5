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
#include "worker_race.h"

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
	struct kthread_ng_worker *w = race_new_worker(test);
	struct rwork *r = race_new_rwork(test);
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
/* A call on @r in a thread of its own: what it said, and that it returned. */
struct rwork_side {
	struct rwork		*r;
	bool			ret;
	struct completion	done;
};

static int cancel_side_fn(void *arg)
{
	struct rwork_side *cs = arg;

	cs->ret = kthread_ng_cancel_delayed_work_sync(&cs->r->dwork);
	return kng_test_finish(&cs->done);
}

static void test_race_mod_vs_waiting_cancel(struct kunit *test)
{
	struct kthread_ng_worker *w = race_new_worker(test);
	struct rwork *r = race_new_rwork(test);
	struct rwork_side cs = { .r = r };
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
	struct kthread_ng_worker *w = race_new_worker(test);
	struct rwork *r = race_new_rwork(test);
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
	/* On the test cpu (race_hold_callback()'s): the callback keeps the other. */
	t = kthread_ng_create_on_cpu(call_hold_fn, ch,
				     cpumask_last(cpu_online_mask),
				     "kng_t_rwait/%u");
	kng_test_track(test, t);
	race_spin_hold_ms = UINT_MAX;
	ch->sh = race_hold_callback(test, w, r);
	kng_race_set(point, hold_hook, &h);
	wake_up_process(t);
	wait_for_completion(&ch->either);
	waited = completion_done(&h.at_point);
	KUNIT_EXPECT_TRUE_MSG(test, waited,
			      "the call returned with its timer callback in flight");
	KUNIT_EXPECT_EQ(test, atomic_read(&ch->sh->left), 0);
	atomic_set(&ch->sh->release, 1);
	hold_let_go(point, &h, &ch->done);
	race_release_callback(test, ch->sh);
	race_spin_hold_ms = SPIN_HOLD_MS;
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
	struct kthread_ng_worker *w = race_new_worker(test);
	struct rwork *r = race_new_rwork(test);

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
	struct kthread_ng_worker *w = race_new_worker(test);
	struct rwork *r = race_new_rwork(test);

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
	r = race_new_rwork(test);
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
	/* Canceled, and armed again by race_hold_callback(): its callback held. */
	KUNIT_EXPECT_TRUE(test, kthread_ng_cancel_delayed_work(&r->dwork));
	race_spin_hold_ms = UINT_MAX;
	ch->sh = race_hold_callback(test, w, r);
	kng_race_set(KNG_RACE_FLUSH_FIRE_WAIT, hold_hook, hw);
	complete(&hf->release);
	wait_for_completion(&ch->either);
	waited = completion_done(&hw->at_point);
	KUNIT_EXPECT_TRUE_MSG(test, waited,
			      "the flush returned with its timer callback in flight");
	atomic_set(&ch->sh->release, 1);
	hold_let_go(KNG_RACE_FLUSH, hw, &ch->done);
	kng_race_set(KNG_RACE_FLUSH_FIRE_WAIT, NULL, NULL);
	race_release_callback(test, ch->sh);
	race_spin_hold_ms = SPIN_HOLD_MS;
	KUNIT_EXPECT_TRUE(test, ch->ret);
	KUNIT_EXPECT_EQ(test, ch->left, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
}

/*
 * A mod of @r on @w, from a thread on the last cpu, held where it waits for
 * @r's timer callback, which is held past its timer (race_hold_callback()): the
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
	race_spin_hold_ms = UINT_MAX;
	hm->sh = race_hold_callback(test, w, r);
	kng_race_set(KNG_RACE_MOD_WAIT, hold_hook, hm->h);
	wake_up_process(hm->t);
	wait_for_completion(&hm->either);
	return completion_done(&hm->h->at_point);
}

/* Let the mod go on, wait for it, and take every hold away. */
static void held_mod_finish(struct kunit *test, struct held_mod *hm)
{
	hold_let_go(KNG_RACE_MOD_WAIT, hm->h, &hm->m.done);
	race_release_callback(test, hm->sh);
	race_spin_hold_ms = SPIN_HOLD_MS;
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
	struct kthread_ng_worker *w = race_new_worker(test);
	struct rwork *r = race_new_rwork(test);
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

static int disable_side_fn(void *arg)
{
	struct rwork_side *ds = arg;

	ds->ret = kthread_ng_disable_delayed_work(&ds->r->dwork);
	return kng_test_finish(&ds->done);
}

/* A disable of @ds's work, in a thread, held at @point (@h). */
static struct task_struct *start_held_disable(struct kunit *test,
					      struct rwork_side *ds,
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
	struct kthread_ng_worker *w = race_new_worker(test);
	struct rwork *r = race_new_rwork(test);
	struct rwork_side ds = { .r = r };
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
	struct kthread_ng_worker *w = race_new_worker(test);
	struct rwork *r = race_new_rwork(test);
	struct rwork_side ds = { .r = r };
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
	struct kthread_ng_worker *w = race_new_worker(test);
	struct rwork *r = race_new_rwork(test);
	struct rwork_side ds = { .r = r };
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
	struct kthread_ng_worker *w = race_new_worker(test);
	struct rwork *r = race_new_rwork(test);

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
	struct kthread_ng_worker *w = race_new_worker(test);
	struct rwork *r = race_new_rwork(test);

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
	sd->w = race_new_worker(test);
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
	struct kthread_ng_worker *w = race_new_worker(test);
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
	struct kthread_ng_worker *w = race_new_worker(test);
	struct rwork *r = race_new_rwork(test);
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
 * A mod of @r and a drain of its worker, each in a thread of the case's:
 * the threads are made by the case, the sides' completions are ready.
 */
struct mod_drain {
	struct mod_side		m;
	struct drain_side	d;
	struct task_struct	*tm, *td;
};

static struct mod_drain *new_mod_drain(struct kunit *test, struct rwork *r,
				       unsigned long delay)
{
	struct mod_drain *md = kunit_kzalloc(test, sizeof(*md), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, md);
	md->m.w = race_new_worker(test);
	md->m.r = r;
	md->m.delay = delay;
	md->d.w = md->m.w;
	init_completion(&md->m.done);
	init_completion(&md->d.done);
	return md;
}

/* Both sides have returned: their threads and the worker go. */
static void mod_drain_end(struct kunit *test, struct mod_drain *md)
{
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, md->tm), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, md->td), 0);
	kng_test_destroy_worker(test, md->m.w);
}

/*
 * A mod waiting for the callback (which, let go, leaves the work ARMED for
 * mod) and then refused because a drain began meanwhile: the expiry must
 * not be lost.  Mod readies the work as the callback would have before it
 * looks again, so the drain finds it queued and runs it.
 */
static void test_race_mod_wait_then_drain(struct kunit *test)
{
	struct rwork *r = race_new_rwork(test);
	struct mod_drain *md = new_mod_drain(test, r, 0);
	struct kthread_ng_worker *w = md->m.w;
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct hold *hm = new_hold(test), *hd = new_hold(test);
	struct completion either;
	struct spin_hold *sh;

	init_completion(&either);
	hm->also = &either;
	md->m.also = &either;
	md->tm = kthread_ng_create_on_cpu(mod_side_fn, &md->m, cpu,
					  "kng_t_rmodw/%u");
	kng_test_track(test, md->tm);
	md->td = kthread_ng_create_on_cpu(drain_side_fn, &md->d, cpu,
					  "kng_t_rdrain/%u");
	kng_test_track(test, md->td);
	/* Held until released: no hold in a proof lets go by itself. */
	race_spin_hold_ms = UINT_MAX;
	sh = race_hold_callback(test, w, r);
	kng_race_set(KNG_RACE_MOD_WAIT, hold_hook, hm);
	wake_up_process(md->tm);
	/* Mod at its wait, or returned without waiting (a failure). */
	wait_for_completion(&either);
	if (!completion_done(&hm->at_point)) {
		atomic_set(&sh->release, 1);
		race_release_callback(test, sh);
		KUNIT_FAIL(test, "mod did not wait for the timer callback in flight");
		return;
	}
	atomic_set(&sh->release, 1);
	timer_delete_sync(&r->dwork.timer);
	/* Now a drain, held after its first round: nothing queued yet. */
	kng_race_set(KNG_RACE_DRAIN, hold_hook, hd);
	wake_up_process(md->td);
	wait_for_completion(&hd->at_point);
	KNG_EXPECT_WARN("mod_wait_drain",
			complete(&hm->release);
			wait_for_completion(&md->m.done));
	/* Hooks are taken away once none is in flight: the drain's first. */
	hold_let_go(KNG_RACE_MOD_WAIT, hd, &md->d.done);
	kng_race_set(KNG_RACE_DRAIN, NULL, NULL);
	race_release_callback(test, sh);
	race_spin_hold_ms = SPIN_HOLD_MS;

	KUNIT_EXPECT_FALSE(test, md->m.ret);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&r->runs), 1,
			    "the expiry was lost: the work stayed ARMED");
	KUNIT_EXPECT_FALSE(test, READ_ONCE(r->dwork.work.delayed));
	mod_drain_end(test, md);
}

/*
 * A mod from outside, held past its first look at the disable count while
 * the worker drains; the work is disabled meanwhile.  Under the lock the
 * disable is found first: refused as a disabled work, quietly, and not as
 * an outsider queueing during a drain, with a warning.
 */
static void test_race_mod_disabled_during_drain(struct kunit *test)
{
	struct rwork *r = race_new_rwork(test);
	struct mod_drain *md = new_mod_drain(test, r, 1);
	struct kthread_ng_worker *w = md->m.w;
	struct xwork *g;
	struct hold h;

	hold_init(&h);
	g = kng_gate_worker(test, w);
	md->td = kthread_ng_run(drain_side_fn, &md->d, "kng_t_rdrain");
	kng_test_track(test, md->td);
	/* The drain has begun: its flush work waits behind the gate. */
	KUNIT_EXPECT_TRUE(test, kng_wait_for(!list_empty(&w->work_list), 10000));
	kng_race_set(KNG_RACE_MOD, hold_hook, &h);
	md->tm = kthread_ng_run(mod_side_fn, &md->m, "kng_t_rmod");
	kng_test_track(test, md->tm);
	wait_for_completion(&h.at_point);
	KUNIT_EXPECT_FALSE(test, kthread_ng_disable_delayed_work(&r->dwork));
	hold_let_go(KNG_RACE_MOD, &h, &md->m.done);
	KUNIT_EXPECT_FALSE(test, md->m.ret);
	KUNIT_EXPECT_FALSE(test, timer_pending(&r->dwork.timer));
	complete(&g->release);
	wait_for_completion(&md->d.done);
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_delayed_work(&r->dwork));
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 0);
	mod_drain_end(test, md);
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
	{}
};

static struct kunit_suite kng_worker_race_suite = {
	.name = "kthread_ng_worker_race",
	.init = kng_test_init,
	.exit = race_suite_exit,
	.test_cases = kng_worker_race_cases,
};

kunit_test_suite(kng_worker_race_suite);
