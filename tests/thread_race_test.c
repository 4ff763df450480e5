// SPDX-License-Identifier: GPL-2.0-only
/*
 * Races of kthread_ng's threads, forced, not hoped for: the test build's
 * race points (kng_fault.h) hold one side of a race where it holds no lock,
 * while the test runs the other side to the end; then the held side goes
 * on.  One case per race the thread code once lost, each with the outcome
 * the kernel's own code has: parks against exits and unparks, parks from
 * SCHED_FIFO, preferred affinity against cpu hotplug, stop against exit.
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

/* ------------------------------------------------------------------ */
/* Park from SCHED_FIFO on the parked thread's own cpu                  */
/* ------------------------------------------------------------------ */

#define PARK_WARMUP	20
#define PARK_ROUNDS	1000

struct park_bench {
	struct task_struct	*target;
	bool			native;
	int			rounds;
	int			errors;
	u64			ns;
	struct completion	done;
};

static int park_target_ng(void *arg)
{
	kng_sleep_parking(kthread_ng_should_stop, kthread_ng_should_park,
			  kthread_ng_parkme);
	return 0;
}

static int park_target_native(void *arg)
{
	kng_sleep_parking(kthread_should_stop, kthread_should_park,
			  kthread_parkme);
	return 0;
}

static int parker_fn(void *arg)
{
	struct park_bench *pb = arg;
	u64 t0;
	int i;

	sched_set_fifo(current);
	t0 = local_clock();
	for (i = 0; i < pb->rounds; i++) {
		if (pb->native) {
			pb->errors += !!kthread_park(pb->target);
			kthread_unpark(pb->target);
		} else {
			pb->errors += !!kthread_ng_park(pb->target);
			kthread_ng_unpark(pb->target);
		}
	}
	pb->ns = local_clock() - t0;
	return kng_test_finish(&pb->done);
}

/* @rounds park/unpark round trips from a FIFO parker on @cpu; their time. */
static u64 park_rounds(struct kunit *test, bool native, unsigned int cpu,
		       int rounds)
{
	struct park_bench pb = { .native = native, .rounds = rounds };
	struct task_struct *parker;

	init_completion(&pb.done);
	if (native) {
		pb.target = kthread_create_on_cpu(park_target_native, NULL, cpu,
						  "kng_t_npark/%u");
		KUNIT_ASSERT_FALSE(test, IS_ERR(pb.target));
		get_task_struct(pb.target);
	} else {
		pb.target = kthread_ng_create_on_cpu(park_target_ng, NULL, cpu,
						     "kng_t_park/%u");
		kng_test_track(test, pb.target);
	}
	wake_up_process(pb.target);
	parker = kthread_ng_create_on_cpu(parker_fn, &pb, cpu, "kng_t_parker/%u");
	kng_test_track(test, parker);
	wake_up_process(parker);
	wait_for_completion(&pb.done);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, parker), 0);
	if (native) {
		KUNIT_EXPECT_EQ(test, kthread_stop(pb.target), 0);
		put_task_struct(pb.target);
	} else {
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, pb.target), 0);
	}
	KUNIT_EXPECT_EQ(test, pb.errors, 0);
	return pb.ns;
}

static void test_race_park_fifo_same_cpu(struct kunit *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	u64 warm, ng, native;

	/* A parker that spins takes about a second per round trip here. */
	warm = park_rounds(test, false, cpu, PARK_WARMUP);
	KUNIT_ASSERT_LT_MSG(test, warm, 2ULL * NSEC_PER_SEC,
			    "%d FIFO park round trips took %llu ns",
			    PARK_WARMUP, warm);
	native = park_rounds(test, true, cpu, PARK_ROUNDS);
	ng = park_rounds(test, false, cpu, PARK_ROUNDS);
	kunit_info(test, "%d FIFO park+unpark on cpu%u: kthread_ng %llu us, kthread %llu us",
		   PARK_ROUNDS, cpu, ng / 1000, native / 1000);
	/* Within what the kernel needs, with room for TCG's noise. */
	KUNIT_EXPECT_LE(test, ng, 2 * native + 50 * NSEC_PER_MSEC);
}

/* ------------------------------------------------------------------ */
/* Park against a thread that exits by itself                           */
/* ------------------------------------------------------------------ */

struct exit_race {
	struct task_struct	*t;
	struct completion	go;
};

static int exit_soon_fn(void *arg)
{
	struct exit_race *er = arg;

	wait_for_completion(&er->go);
	return 5;
}

/* Held in park after its checks: let the thread exit, then go on. */
static void let_it_exit(enum kng_race_point point, void *arg)
{
	struct exit_race *er = arg;

	complete(&er->go);
	kng_sleep_exit(er->t, 5000);
}

static void test_race_park_vs_exit(struct kunit *test)
{
	struct exit_race er;
	bool exited;
	int ret;

	init_completion(&er.go);
	er.t = kthread_ng_run(exit_soon_fn, &er, "kng_t_pexit");
	kng_test_track(test, er.t);
	kng_race_set(KNG_RACE_PARK, let_it_exit, &er);
	/* Must return, not wait for a park that will never come. */
	ret = kthread_ng_park(er.t);
	kng_race_set(KNG_RACE_PARK, NULL, NULL);
	KUNIT_EXPECT_EQ(test, ret, -ENOSYS);
	exited = READ_ONCE(er.t->exit_state) != 0;
	KUNIT_EXPECT_TRUE(test, exited);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, er.t), 5);
}

/*
 * An unpark whose first flag is cleared before the thread acknowledges the
 * park it undoes, and its second after: the next park must still be
 * acknowledged, not wait for ever.
 */
struct side_call {
	struct task_struct	*t;
	int			ret;
	struct completion	done;
};

static int side_park_fn(void *arg)
{
	struct side_call *sc = arg;

	sc->ret = kthread_ng_park(sc->t);
	return kng_test_finish(&sc->done);
}

static int side_unpark_fn(void *arg)
{
	struct side_call *sc = arg;

	kthread_ng_unpark(sc->t);
	return kng_test_finish(&sc->done);
}

static struct task_struct *side(struct kunit *test, int (*fn)(void *),
				struct side_call *sc, struct task_struct *t)
{
	struct task_struct *p;

	sc->t = t;
	sc->ret = -1;
	init_completion(&sc->done);
	p = kthread_ng_run(fn, sc, "kng_t_side");
	kng_test_track(test, p);
	return p;
}

/*
 * The park side of a case has returned, @left jiffies before its bound (0:
 * it still waits, and the case fails instead of the run): the race point
 * is let go, and the park must have said @ret.  True if it returned.
 */
static bool park_side_said(struct kunit *test, struct side_call *sc,
			   unsigned long left, int ret, const char *hang)
{
	kng_race_set(KNG_RACE_PARK, NULL, NULL);
	KUNIT_EXPECT_NE_MSG(test, left, 0, "%s", hang);
	if (left)
		KUNIT_EXPECT_EQ(test, sc->ret, ret);
	return left;
}

/*
 * A thread that leaves through the kernel's own exit, not kthread_ng's, as
 * cifs, nfsd or lockd threads do with module_put_and_kthread_exit(), while
 * a park waits for it: the park must return, the stop must return the
 * thread's result, and the thread's reference on kthread_ng must go (the
 * check VM's rmmod of kthread_ng says so).
 */
struct foreign_exit {
	struct completion	started;	/* in its function */
	struct completion	parking;	/* the park is asked */
	struct side_call	sc;
};

static int foreign_exit_fn(void *arg)
{
	struct foreign_exit *fe = arg;

	/* What the module's own thread holds, and puts on its way out. */
	__module_get(THIS_MODULE);
	complete(&fe->started);
	wait_for_completion(&fe->parking);
	module_put_and_kthread_exit(3);
}

/* Held in park after its checks: let the thread go its own way out. */
static void let_it_leave(enum kng_race_point point, void *arg)
{
	struct foreign_exit *fe = arg;

	complete(&fe->parking);
}

static void test_race_park_vs_foreign_exit(struct kunit *test)
{
	struct foreign_exit fe;
	struct task_struct *p, *t;
	unsigned long left;
	bool returned;

	init_completion(&fe.started);
	init_completion(&fe.parking);
	t = kthread_ng_run(foreign_exit_fn, &fe, "kng_t_fexit");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	get_task_struct(t);
	/*
	 * In its function: a park asked before the thread gets there parks it
	 * first, as the kernel's kthread() does, and is not this race.
	 */
	wait_for_completion(&fe.started);
	kng_race_set(KNG_RACE_PARK, let_it_leave, &fe);
	p = side(test, side_park_fn, &fe.sc, t);
	/* Bounded only so that a hang fails the case instead of the run. */
	left = wait_for_completion_timeout(&fe.sc.done, 10 * HZ);
	returned = park_side_said(test, &fe.sc, left, -ENOSYS,
				  "the park still waits for a thread that has left");
	KUNIT_EXPECT_EQ(test, kthread_ng_stop(t), 3);
	put_task_struct(t);
	if (returned)
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
}

/*
 * A thread parks itself while an outside park, past its checks, has not
 * asked yet: exactly one of the two parks may claim the thread.  The outside
 * one comes second, so it finds the thread parked (-EBUSY, warned, as a
 * second park is) instead of waiting for an acknowledgment that a parked
 * thread never sends again.
 */
struct self_park {
	struct completion	go;
	struct hold		h;
	struct side_call	sc;
};

static int self_park_fn(void *arg)
{
	struct self_park *sp = arg;

	wait_for_completion(&sp->go);
	kthread_ng_park(current);
	kthread_ng_parkme();
	kng_test_idle_until_stop();
	return 0;
}

static void test_race_self_park_vs_park(struct kunit *test)
{
	struct self_park sp;
	struct task_struct *p, *t;
	unsigned long left;

	init_completion(&sp.go);
	hold_init(&sp.h);
	t = kthread_ng_run(self_park_fn, &sp, "kng_t_spark");
	kng_test_track(test, t);
	/* The first park past its checks is the outside one: held there. */
	kng_race_set(KNG_RACE_PARK, hold_hook, &sp.h);
	p = side(test, side_park_fn, &sp.sc, t);
	wait_for_completion(&sp.h.at_point);
	complete(&sp.go);
	KUNIT_ASSERT_TRUE_MSG(test,
			      kng_wait_for(READ_ONCE(t->__state) == TASK_PARKED,
					   5000),
			      "the thread did not park itself");
	/* Bounded only so that a hang fails the case, not the run. */
	KNG_EXPECT_WARN("park_self_race", {
		complete(&sp.h.release);
		left = wait_for_completion_timeout(&sp.sc.done, 10 * HZ);
	});
	park_side_said(test, &sp.sc, left, -EBUSY,
		       "the outside park waits for a thread parked by itself");
	kthread_ng_unpark(t);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
}

struct unpark_race {
	struct side_call	parker, unparker, again;
	struct hold		hme, hun;
};

static void test_race_unpark_during_park(struct kunit *test)
{
	struct unpark_race *ur = kunit_kzalloc(test, sizeof(*ur), GFP_KERNEL);
	struct task_struct *t, *a, *b, *c;
	bool acked;

	KUNIT_ASSERT_NOT_NULL(test, ur);
	hold_init(&ur->hme);
	hold_init(&ur->hun);
	t = kthread_ng_run(park_target_ng, NULL, "kng_t_upark");
	kng_test_track(test, t);
	kng_race_set(KNG_RACE_PARKME, hold_hook, &ur->hme);
	kng_race_set(KNG_RACE_UNPARK, hold_hook, &ur->hun);
	/* The park asks; the thread is held before it acknowledges. */
	a = side(test, side_park_fn, &ur->parker, t);
	wait_for_completion(&ur->hme.at_point);
	/* The unpark is held before it clears the park flag. */
	b = side(test, side_unpark_fn, &ur->unparker, t);
	wait_for_completion(&ur->hun.at_point);
	/* The thread acknowledges the park; the park returns. */
	complete(&ur->hme.release);
	wait_for_completion(&ur->parker.done);
	KUNIT_EXPECT_EQ(test, ur->parker.ret, 0);
	/* The unpark finishes; the thread runs on. */
	hold_let_go(KNG_RACE_UNPARK, &ur->hun, &ur->unparker.done);
	kng_race_set(KNG_RACE_PARKME, NULL, NULL);

	/* The next park is acknowledged. */
	c = side(test, side_park_fn, &ur->again, t);
	acked = wait_for_completion_timeout(&ur->again.done, 5 * HZ) > 0;
	KUNIT_EXPECT_TRUE(test, acked);
	KUNIT_EXPECT_EQ(test, ur->again.ret, acked ? 0 : -ENOSYS);
	/* Stopping the thread ends a park that still waits, if any. */
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	if (!acked)
		wait_for_completion(&ur->again.done);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, a), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, b), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, c), 0);
}

/* Parked and off its cpu: past its acknowledgment, which is before. */
static bool parked_off(struct task_struct *t)
{
	return READ_ONCE(t->__state) == TASK_PARKED && !READ_ONCE(t->on_cpu);
}

/* kthread_ng_stop() has unparked @t: it sets this flag right after. */
static bool stop_asked(struct task_struct *t)
{
	return test_tsk_thread_flag(t, TIF_NOTIFY_SIGNAL);
}

static int side_stop_fn(void *arg)
{
	struct side_call *sc = arg;

	sc->ret = kthread_ng_stop(sc->t);
	return kng_test_finish(&sc->done);
}

/*
 * An unpark between a park's acknowledgment and the parker's look at it
 * (the parker held after it woke the thread): the park returns 0, as the
 * kernel's does, and does not wait for an acknowledgment the unpark took
 * back.
 */
static void test_race_unpark_before_park_looks(struct kunit *test)
{
	struct side_call *sc = kunit_kzalloc(test, sizeof(*sc), GFP_KERNEL);
	struct hold *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	struct task_struct *t, *p;
	unsigned long left;

	KUNIT_ASSERT_NOT_NULL(test, sc);
	KUNIT_ASSERT_NOT_NULL(test, h);
	hold_init(h);
	t = kthread_ng_run(park_target_ng, NULL, "kng_t_uplook");
	kng_test_track(test, t);
	kng_race_set(KNG_RACE_PARK_WAIT, hold_hook, h);
	p = side(test, side_park_fn, sc, t);
	wait_for_completion(&h->at_point);
	/* The thread acknowledges and parks; the unpark runs whole. */
	KUNIT_EXPECT_TRUE(test, kng_wait_for(parked_off(t), 5000));
	kthread_ng_unpark(t);
	complete(&h->release);
	/* Bounded only so that a hang fails the case, not the run. */
	left = wait_for_completion_timeout(&sc->done, 10 * HZ);
	kng_race_set(KNG_RACE_PARK_WAIT, NULL, NULL);
	KUNIT_EXPECT_NE_MSG(test, left, 0,
			    "the park waits for an acknowledgment the unpark took back");
	if (left)
		KUNIT_EXPECT_EQ(test, sc->ret, 0);
	/* Stopping the thread ends a park that still waits, if any. */
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	if (!left)
		wait_for_completion(&sc->done);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
}

/*
 * A parker that finds the park answered takes back its own completion, not
 * a later parker's.  Park A is answered and held before its look; the
 * thread is unparked; park B publishes, and the thread, held before it
 * answers B, is stopped instead: its exit accounting, held between its end
 * and its answer, lets A look.  B must still be answered.
 */
struct park_takeback {
	struct side_call	a, b, stop;
	struct hold		ha, hme, hx;
};

static void test_race_park_takes_back_own(struct kunit *test)
{
	struct park_takeback *pt = kunit_kzalloc(test, sizeof(*pt), GFP_KERNEL);
	struct task_struct *t, *a, *b, *s;
	unsigned long left;

	KUNIT_ASSERT_NOT_NULL(test, pt);
	hold_init(&pt->ha);
	hold_init(&pt->hme);
	hold_init(&pt->hx);
	t = kthread_ng_run(park_target_ng, NULL, "kng_t_takeback");
	kng_test_track(test, t);
	/* A: answered by the thread, held before its look. */
	kng_race_set(KNG_RACE_PARK_WAIT, hold_hook, &pt->ha);
	a = side(test, side_park_fn, &pt->a, t);
	wait_for_completion(&pt->ha.at_point);
	KUNIT_EXPECT_TRUE(test, kng_wait_for(parked_off(t), 5000));
	kthread_ng_unpark(t);
	/* B: published; the thread is held before it answers. */
	kng_race_set(KNG_RACE_PARKME, hold_hook, &pt->hme);
	b = side(test, side_park_fn, &pt->b, t);
	wait_for_completion(&pt->hme.at_point);
	/* A stop instead; the exit is held before its answer. */
	kng_race_set(KNG_RACE_EXIT_ANSWER, hold_hook, &pt->hx);
	s = side(test, side_stop_fn, &pt->stop, t);
	KUNIT_EXPECT_TRUE(test, kng_wait_for(stop_asked(t), 5000));
	complete(&pt->hme.release);
	wait_for_completion(&pt->hx.at_point);
	/*
	 * A looks: the park is answered (the exit); A's own is gone.  (Not
	 * hold_let_go(): removing a hook waits for every hook under way, and
	 * the exit is held in one.)
	 */
	complete(&pt->ha.release);
	wait_for_completion(&pt->a.done);
	KUNIT_EXPECT_EQ(test, pt->a.ret, -ENOSYS);
	/* The exit answers B. */
	complete(&pt->hx.release);
	/* Bounded only so that a hang fails the case, not the run. */
	left = wait_for_completion_timeout(&pt->b.done, 10 * HZ);
	kng_race_set(KNG_RACE_PARK_WAIT, NULL, NULL);
	kng_race_set(KNG_RACE_EXIT_ANSWER, NULL, NULL);
	kng_race_set(KNG_RACE_PARKME, NULL, NULL);
	KUNIT_EXPECT_NE_MSG(test, left, 0, "a park the exit did not answer");
	if (left)
		KUNIT_EXPECT_EQ(test, pt->b.ret, -ENOSYS);
	wait_for_completion(&pt->stop.done);
	KUNIT_EXPECT_EQ(test, pt->stop.ret, 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, a), 0);
	if (left)
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, b), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, s), 0);
}

/*
 * A park whose thread was unparked before it answered waits on, as the
 * kernel's does; the next park, once answered, answers it too.
 */
static void test_race_unanswered_park_then_park(struct kunit *test)
{
	struct unpark_race *ur = kunit_kzalloc(test, sizeof(*ur), GFP_KERNEL);
	struct task_struct *t, *a, *c;
	unsigned long left;

	KUNIT_ASSERT_NOT_NULL(test, ur);
	hold_init(&ur->hme);
	t = kthread_ng_run(park_target_ng, NULL, "kng_t_unanswer");
	kng_test_track(test, t);
	/* The park asks; the thread is held before it answers... */
	kng_race_set(KNG_RACE_PARKME, hold_hook, &ur->hme);
	a = side(test, side_park_fn, &ur->parker, t);
	wait_for_completion(&ur->hme.at_point);
	/* ...and unparked: it will not answer this park. */
	kthread_ng_unpark(t);
	complete(&ur->hme.release);
	/* Returns once the thread has left the hook. */
	kng_race_set(KNG_RACE_PARKME, NULL, NULL);
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&ur->parker.done,
							  HZ / 10), 0);
	/* The next park is answered, and answers the first. */
	c = side(test, side_park_fn, &ur->again, t);
	left = wait_for_completion_timeout(&ur->again.done, 10 * HZ);
	KUNIT_EXPECT_NE_MSG(test, left, 0, "the second park was not answered");
	left = wait_for_completion_timeout(&ur->parker.done, 10 * HZ);
	KUNIT_EXPECT_NE_MSG(test, left, 0, "the first park was not answered");
	KUNIT_EXPECT_EQ(test, ur->again.ret, 0);
	if (left)
		KUNIT_EXPECT_EQ(test, ur->parker.ret, 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	if (!left)
		wait_for_completion(&ur->parker.done);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, a), 0);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, c), 0);
}

/* ------------------------------------------------------------------ */
/* affine_preferred from a cpu hotplug callback                         */
/* ------------------------------------------------------------------ */

struct hp_affine {
	struct task_struct	*t;
	cpumask_var_t		mask;
	int			ret;
	int			calls;
};

static struct hp_affine *hp_affine;

static int hp_online(unsigned int cpu)
{
	struct hp_affine *ha = READ_ONCE(hp_affine);

	if (ha && !ha->calls++)
		ha->ret = kthread_ng_affine_preferred(ha->t, ha->mask);
	return 0;
}

static int idle_fn(void *arg)
{
	kng_test_idle_until_stop();
	return 0;
}

/*
 * A preferred mask set while a cpu goes down, after kthread_ng's offline
 * callback has applied the masks and before the cpu is dead (held there):
 * the mask must not name the dying cpu, or the thread, left with no allowed
 * cpu, is given every possible one when it dies.  Where kthread_ng hands the
 * mask to the kernel's kthread_affine_preferred(), the same is done for a
 * kernel thread in the same window, and the two must end up alike.
 */
struct going_affine {
	struct task_struct	*t;
	struct task_struct	*native;
	cpumask_var_t		mask;
	int			ret;
	int			native_ret;
	int			calls;
};

static void going_hook(enum kng_race_point point, void *arg)
{
	struct going_affine *ga = arg;

	if (ga->calls++)
		return;
	ga->ret = kthread_ng_affine_preferred(ga->t, ga->mask);
	if (ga->native)
		ga->native_ret = kng_kernel_affine_preferred(ga->native,
							     ga->mask);
}

static int native_idle_fn(void *arg)
{
	kng_sleep_until_stopped(kthread_should_stop);
	return 0;
}

static void test_race_affine_vs_cpu_going(struct kunit *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct going_affine *ga;

	KUNIT_ASSERT_GE_MSG(test, num_online_cpus(), 2,
			    "needs a second cpu to take off line");
	ga = kunit_kzalloc(test, sizeof(*ga), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ga);
	KUNIT_ASSERT_TRUE(test, zalloc_cpumask_var(&ga->mask, GFP_KERNEL));
	cpumask_set_cpu(cpu, ga->mask);
	ga->t = kthread_ng_create(idle_fn, NULL, "kng_t_going");
	kng_test_track(test, ga->t);
	if (kng_have_kernel_affine_preferred()) {
		ga->native = kthread_create(native_idle_fn, NULL, "kng_t_gnative");
		KUNIT_ASSERT_FALSE(test, IS_ERR(ga->native));
		get_task_struct(ga->native);
	}
	kng_race_set(KNG_RACE_CPU_OFFLINE, going_hook, ga);
	KUNIT_EXPECT_EQ(test, remove_cpu(cpu), 0);
	kng_race_set(KNG_RACE_CPU_OFFLINE, NULL, NULL);
	KUNIT_EXPECT_EQ(test, ga->calls, 1);
	KUNIT_EXPECT_EQ(test, ga->ret, 0);
	if (ga->native) {
		KUNIT_EXPECT_EQ(test, ga->native_ret, 0);
		KUNIT_EXPECT_TRUE_MSG(test, cpumask_equal(ga->t->cpus_ptr,
							  ga->native->cpus_ptr),
				      "kthread_ng: %*pbl, kernel thread: %*pbl",
				      cpumask_pr_args(ga->t->cpus_ptr),
				      cpumask_pr_args(ga->native->cpus_ptr));
	} else {
		KUNIT_EXPECT_TRUE_MSG(test, cpumask_subset(ga->t->cpus_ptr,
							   cpu_online_mask),
				      "the dying cpu's thread may run on %*pbl",
				      cpumask_pr_args(ga->t->cpus_ptr));
	}
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	/* Back: the preferred mask again. */
	KUNIT_EXPECT_TRUE(test, cpumask_equal(ga->t->cpus_ptr, ga->mask));
	if (ga->native) {
		KUNIT_EXPECT_TRUE(test, cpumask_equal(ga->native->cpus_ptr,
						      ga->mask));
		kthread_stop(ga->native);
		put_task_struct(ga->native);
	}
	free_cpumask_var(ga->mask);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, ga->t), -EINTR);
}

static void test_race_affine_from_hotplug(struct kunit *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct hp_affine ha = { .ret = -1 };
	int state;

	KUNIT_ASSERT_GE_MSG(test, num_online_cpus(), 2,
			    "needs a second cpu to take off line");
	KUNIT_ASSERT_TRUE(test, zalloc_cpumask_var(&ha.mask, GFP_KERNEL));
	cpumask_set_cpu(cpu, ha.mask);
	ha.t = kthread_ng_create(idle_fn, NULL, "kng_t_hpaff");
	kng_test_track(test, ha.t);
	state = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "kng_test:affine",
					  hp_online, NULL);
	KUNIT_ASSERT_GE(test, state, 0);
	KUNIT_EXPECT_EQ(test, remove_cpu(cpu), 0);
	WRITE_ONCE(hp_affine, &ha);
	/* The callback runs while the hotplug holds the cpu hotplug lock. */
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	WRITE_ONCE(hp_affine, NULL);
	cpuhp_remove_state_nocalls(state);
	KUNIT_EXPECT_EQ(test, ha.calls, 1);
	KUNIT_EXPECT_EQ(test, ha.ret, 0);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(ha.t->cpus_ptr, ha.mask));
	free_cpumask_var(ha.mask);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, ha.t), -EINTR);
}

/* ------------------------------------------------------------------ */
/* Stop against a thread held between its exit's completions and       */
/*    do_exit()                                                        */
/* ------------------------------------------------------------------ */

/* Holds @t, and only @t: other threads may exit meanwhile. */
struct exit_hold {
	struct task_struct	*t;
	struct hold		h;
};

static void hold_exiting(enum kng_race_point point, void *arg)
{
	struct exit_hold *eh = arg;

	if (current == READ_ONCE(eh->t))
		hold_hook(point, &eh->h);
}

struct stop_side {
	struct task_struct	*t;
	int			ret;
	bool			exiting;
	struct completion	entered;
	struct completion	done;
};

static int stop_side_fn(void *arg)
{
	struct stop_side *ss = arg;

	complete(&ss->entered);
	ss->ret = kthread_ng_stop(ss->t);
	ss->exiting = READ_ONCE(ss->t->flags) & PF_EXITING;
	return kng_test_finish(&ss->done);
}

static int stop_me_fn(void *arg)
{
	complete(arg);
	kng_test_idle_until_stop();
	return 7;
}

/* Start a stopper of @t, and wait until it is about to call the stop. */
static struct task_struct *start_stopper(struct kunit *test,
					 struct stop_side *ss,
					 struct task_struct *t)
{
	struct task_struct *p;

	ss->t = t;
	init_completion(&ss->entered);
	init_completion(&ss->done);
	p = kthread_ng_run(stop_side_fn, ss, "kng_t_stopper");
	kng_test_track(test, p);
	wait_for_completion(&ss->entered);
	return p;
}

/*
 * kthread_stop() returns once the task has exited (the kernel completes
 * the completion it waits for in do_exit()); kthread_ng_stop() must not
 * return earlier, while the thread still runs, but at the same point; nor
 * may a second stopper, who cannot wait for the kernel's completion (the
 * first consumes it).
 */
static void test_race_stop_waits_for_exit(struct kunit *test)
{
	struct exit_hold eh = { };
	struct stop_side ss[2] = { };
	struct completion *started = kunit_kzalloc(test, sizeof(*started),
						   GFP_KERNEL);
	struct task_struct *side_t[2], *t;
	unsigned long early[2];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, started);
	hold_init(&eh.h);
	init_completion(started);
	t = kthread_ng_run(stop_me_fn, started, "kng_t_sexit");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	get_task_struct(t);
	/* Running its function: stopped, it returns 7, not -EINTR. */
	wait_for_completion(started);
	WRITE_ONCE(eh.t, t);
	kng_race_set(KNG_RACE_EXIT, hold_exiting, &eh);
	side_t[0] = start_stopper(test, &ss[0], t);
	wait_for_completion(&eh.h.at_point);
	/* The thread is held short of do_exit(): a second stopper comes. */
	side_t[1] = start_stopper(test, &ss[1], t);

	/* Neither stop may return while the thread is held. */
	for (i = 0; i < 2; i++) {
		early[i] = wait_for_completion_timeout(&ss[i].done, HZ / 10);
		KUNIT_EXPECT_EQ_MSG(test, early[i], 0,
				    "stopper %d returned before the task exited",
				    i);
	}
	complete(&eh.h.release);
	for (i = 0; i < 2; i++) {
		if (!early[i])
			wait_for_completion(&ss[i].done);
		KUNIT_EXPECT_EQ(test, ss[i].ret, 7);
		KUNIT_EXPECT_TRUE(test, ss[i].exiting);
	}
	kng_race_set(KNG_RACE_EXIT, NULL, NULL);
	put_task_struct(t);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, side_t[i]), 0);
}

/*
 * Two creators, the first one's creation held in its consumer where it
 * has taken the request off the list: the second creation must be made
 * meanwhile, by another consumer (a spawner), not wait behind the held
 * one.  With one cpu kthreadd_ng has no spawner.
 */
/* At most as many consumers as kthread_ng has (KNG_CONSUMERS_MAX). */
#define KNG_CONSUMERS_HELD	4

struct creator_side {
	struct task_struct	*made;
	struct completion	made_runs;
	struct completion	done;
};

static int made_fn(void *arg)
{
	return kng_test_finish(arg);
}

/* Makes a thread, and returns once it runs (a stop then returns 0). */
static int creator_side_fn(void *arg)
{
	struct creator_side *cs = arg;

	cs->made = kthread_ng_run(made_fn, &cs->made_runs, "kng_t_made");
	if (!IS_ERR(cs->made))
		wait_for_completion(&cs->made_runs);
	return kng_test_finish(&cs->done);
}

static void test_race_creations_not_serialized(struct kunit *test)
{
	struct creator_side cs[2];
	struct hold *h = new_hold(test);
	struct task_struct *t[2];
	unsigned long left;
	int i;

	if (num_online_cpus() < 2)
		kunit_skip(test, "one cpu: kthreadd_ng has no spawner");
	for (i = 0; i < 2; i++) {
		init_completion(&cs[i].made_runs);
		init_completion(&cs[i].done);
		t[i] = kthread_ng_create(creator_side_fn, &cs[i],
					 "kng_t_creator%d", i);
		kng_test_track(test, t[i]);
	}
	kng_race_set(KNG_RACE_SPAWN, hold_hook, h);
	wake_up_process(t[0]);
	wait_for_completion(&h->at_point);
	wake_up_process(t[1]);
	/* Bounded only so that a hang fails the case instead of the run. */
	left = wait_for_completion_timeout(&cs[1].done, 10 * HZ);
	KUNIT_EXPECT_NE_MSG(test, left, 0,
			    "a creation waited for another held in its consumer");
	hold_let_go(KNG_RACE_SPAWN, h, &cs[0].done);
	if (!left)
		wait_for_completion(&cs[1].done);
	for (i = 0; i < 2; i++) {
		kng_test_track(test, cs[i].made);
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, cs[i].made), 0);
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, t[i]), 0);
	}
}

/*
 * Every consumer busy, held where it has taken a request off the list: a
 * creator then finds none idle and wakes none, and its request is made by
 * the first consumer to be done, which looks at the list again before it
 * sleeps.  The one let go is the last held, a spawner: kthreadd_ng's
 * reaper wakes up by itself now and then, a spawner only when asked.
 */
struct hold_each {
	struct completion	arrived;	/* once per consumer held */
	struct completion	release[KNG_CONSUMERS_HELD];
	atomic_t		hits;
	int			n;
};

static void hold_each_hook(enum kng_race_point point, void *arg)
{
	struct hold_each *h = arg;
	int i = atomic_inc_return(&h->hits) - 1;

	if (i >= h->n)
		return;
	complete(&h->arrived);
	wait_for_completion(&h->release[i]);
}

/* kthreadd_ng and its spawners: how many there are. */
static int count_consumers(void)
{
	struct task_struct *g;
	int n = 0;

	rcu_read_lock();
	for_each_process(g)
		if ((g->flags & PF_KTHREAD) &&
		    !strncmp(g->comm, "kthreadd_ng", strlen("kthreadd_ng")))
			n++;
	rcu_read_unlock();
	return n;
}

static void test_race_all_consumers_busy(struct kunit *test)
{
	struct creator_side *cs;
	struct task_struct **t;
	struct hold_each *h;
	unsigned long left = 0;
	int n = count_consumers(), held, i;

	if (n < 2)
		kunit_skip(test, "one cpu: kthreadd_ng has no spawner");
	KUNIT_ASSERT_LE(test, n, KNG_CONSUMERS_HELD);
	h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	cs = kunit_kcalloc(test, n + 1, sizeof(*cs), GFP_KERNEL);
	t = kunit_kcalloc(test, n + 1, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, h && cs && t);
	init_completion(&h->arrived);
	for (i = 0; i < n; i++)
		init_completion(&h->release[i]);
	atomic_set(&h->hits, 0);
	h->n = n;
	/* The creators first, while every consumer is free to make them. */
	for (i = 0; i <= n; i++) {
		init_completion(&cs[i].made_runs);
		init_completion(&cs[i].done);
		t[i] = kthread_ng_create(creator_side_fn, &cs[i],
					 "kng_t_creator%d", i);
		kng_test_track(test, t[i]);
	}
	kng_race_set(KNG_RACE_SPAWN, hold_each_hook, h);
	/* Each takes an idle consumer, which takes its request and is held. */
	for (held = 0; held < n; held++) {
		wake_up_process(t[held]);
		if (!wait_for_completion_timeout(&h->arrived, 10 * HZ))
			break;
	}
	KUNIT_EXPECT_EQ_MSG(test, held, n,
			    "creator %d's request was taken by no idle consumer",
			    held);
	if (held == n) {
		wake_up_process(t[n]);
		KUNIT_EXPECT_EQ_MSG(test,
				    wait_for_completion_timeout(&cs[n].done,
								HZ / 10), 0,
				    "a creation was made while every consumer was held");
		complete(&h->release[n - 1]);
		/* Bounded only so that a hang fails the case instead of the run. */
		left = wait_for_completion_timeout(&cs[n].done, 10 * HZ);
		KUNIT_EXPECT_NE_MSG(test, left, 0,
				    "a request made while every consumer was busy waited for a wake-up");
	}
	/* Let every held consumer go, and start every creator not started. */
	for (i = 0; i < n; i++)
		complete(&h->release[i]);
	for (i = 0; i <= n; i++) {
		wake_up_process(t[i]);
		if (i < n || !left)
			wait_for_completion(&cs[i].done);
	}
	kng_race_set(KNG_RACE_SPAWN, NULL, NULL);
	for (i = 0; i <= n; i++) {
		kng_test_track(test, cs[i].made);
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, cs[i].made), 0);
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, t[i]), 0);
	}
}

/* A failed assertion must not leave a hook pointing at a dead stack. */
static void kng_thread_race_exit(struct kunit *test)
{
	kng_race_clear_all();
	kng_test_exit(test);
}

static struct kunit_case kng_thread_race_cases[] = {
	KNG_CASE_SLOW(test_race_park_fifo_same_cpu),
	KUNIT_CASE(test_race_park_vs_exit),
	KUNIT_CASE(test_race_park_vs_foreign_exit),
	KUNIT_CASE(test_race_self_park_vs_park),
	KUNIT_CASE(test_race_unpark_during_park),
	KUNIT_CASE(test_race_unpark_before_park_looks),
	KUNIT_CASE(test_race_park_takes_back_own),
	KUNIT_CASE(test_race_unanswered_park_then_park),
	KUNIT_CASE(test_race_affine_from_hotplug),
	KUNIT_CASE(test_race_affine_vs_cpu_going),
	KUNIT_CASE(test_race_stop_waits_for_exit),
	KUNIT_CASE(test_race_creations_not_serialized),
	KUNIT_CASE(test_race_all_consumers_busy),
	{}
};

static struct kunit_suite kng_thread_race_suite = {
	.name = "kthread_ng_thread_race",
	.init = kng_test_init,
	.exit = kng_thread_race_exit,
	.test_cases = kng_thread_race_cases,
};

kunit_test_suite(kng_thread_race_suite);
