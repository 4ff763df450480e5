// SPDX-License-Identifier: GPL-2.0-only
/*
 * Races of the worker engine's waiters, forced as worker_race_test.c forces
 * its races: a flusher, a sync canceler, a destroyer or a lender held in a
 * thread of its own where it waits with the worker's lock dropped, while
 * the case runs the work, a mod, a destroy or the worker's priority to the
 * end; then the held side goes on.  Ticket flushes against later
 * instances, mods and works that free themselves; destroys against waiting
 * cancels and flushes; priority loans of KTW_NG_PRIO_INHERIT workers.
 */
#include <linux/sched.h>
#include <linux/slab.h>

#include "kng_test.h"
#include "kng_fault.h"
#include "kng_race.h"
#include "worker_race.h"

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
 * callback keeps the other cpu (race_hold_callback()), a thread placed there,
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
	tc->flush.w = race_new_worker(test);
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
	struct kthread_ng_worker *w = race_new_worker(test);
	struct call_side flush = { .w = w }, mod = { .w = w };
	struct gated *g = new_gated(test);
	struct rwork *r = race_new_rwork(test);
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
	race_spin_hold_ms = UINT_MAX;
	sh = race_hold_callback(test, w, r);
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
	race_release_callback(test, sh);
	race_spin_hold_ms = SPIN_HOLD_MS;
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
	struct rwork *r = race_new_rwork(test);
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

static struct kunit_case kng_waiter_race_cases[] = {
	KUNIT_CASE(test_race_destroy_waits_for_waiting_cancel),
	KUNIT_CASE(test_race_flush_vs_destroy),
	KUNIT_CASE(test_race_flush_ticket_running),
	KUNIT_CASE(test_race_flush_ticket_later_running),
	KUNIT_CASE(test_race_flush_ticket_vs_waiting_mod),
	KUNIT_CASE(test_race_flush_ticket_self_free),
	KUNIT_CASE(test_race_flush_ticket_vs_mod),
	KUNIT_CASE(test_race_flush_lends_priority),
	KUNIT_CASE(test_race_lender_after_flush_ran),
	{}
};

static struct kunit_suite kng_waiter_race_suite = {
	.name = "kthread_ng_waiter_race",
	.init = kng_test_init,
	.exit = race_suite_exit,
	.test_cases = kng_waiter_race_cases,
};

kunit_test_suite(kng_waiter_race_suite);
