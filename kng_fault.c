// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test build's fault hooks (see kng_fault.h).
 *
 * Failing on demand works like the kernel's fail-nth: kng_fault_arm(n) makes
 * the n-th fallible place reached from then on fail, whichever task reaches
 * it (kthreadd_ng's spawn is one of them), and disarms.  A suite arms 1, 2,
 * 3, ... around one operation until the operation no longer reaches an armed
 * failure: then every place it can fail at has failed once, in turn.  The
 * suites run one case at a time and nothing else uses kthread_ng meanwhile,
 * so no unrelated caller eats the countdown.
 */
#define pr_fmt(fmt) "kthread_ng: " fmt

#include <linux/atomic.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/wait_bit.h>

#include "kng_fault.h"
#include "kng_internal.h"

/* 0: disarmed; n: the n-th fallible place from now fails. */
static atomic_t kng_fault_countdown = ATOMIC_INIT(0);
/* The site that failed last (-1: none since the last kng_fault_arm()). */
static atomic_t kng_fault_last = ATOMIC_INIT(-1);
/* Failures injected since load, for the suites' totals. */
static atomic_t kng_fault_total = ATOMIC_INIT(0);
/* struct kthread_ng and workers allocated and not freed yet. */
static atomic_t kng_fault_objects = ATOMIC_INIT(0);

/*
 * Protects kng_hook_fn/arg/point and is held while the hook runs, so that
 * kng_fault_set_hook() returns only once no hook runs any more: a hook may
 * sleep (it waits for the creator it killed) and its @arg lives on the
 * test's stack.
 */
static DEFINE_MUTEX(kng_hook_lock);
static kng_fault_hook_t kng_hook_fn;
static void *kng_hook_arg;
/*
 * The hooked point + 1, 0 for none; read without the lock first, so that a
 * creator passing another point never waits for a hook that waits for it.
 */
static int kng_hook_point;

static unsigned int fault_nth;
module_param(fault_nth, uint, 0444);
MODULE_PARM_DESC(fault_nth, "test build: fail the n-th fallible place of module init");

bool kng_fault(enum kng_fault_site site)
{
	int left = atomic_read(&kng_fault_countdown);

	do {
		if (!left)
			return false;
	} while (!atomic_try_cmpxchg(&kng_fault_countdown, &left, left - 1));
	if (left != 1)
		return false;
	atomic_set(&kng_fault_last, site);
	atomic_inc(&kng_fault_total);
	pr_info("fault: injected a failure at site %d\n", site);
	return true;
}

void kng_fault_point(enum kng_fault_point point)
{
	if (READ_ONCE(kng_hook_point) != point + 1)
		return;
	mutex_lock(&kng_hook_lock);
	if (kng_hook_fn && kng_hook_point == point + 1)
		kng_hook_fn(point, kng_hook_arg);
	mutex_unlock(&kng_hook_lock);
}

void kng_fault_count_objects(int delta)
{
	atomic_add(delta, &kng_fault_objects);
}

/* Arms the module parameter for module init; init disarms when done. */
void kng_fault_init(void)
{
	/*
	 * Root may hold kthreadd_ng or any worker at a race point through
	 * this build's parameters: it is for test kernels only, and says so
	 * in the log and in the taint flags.
	 */
	pr_warn("test build: fault injection and race points are compiled in; not for production\n");
	add_taint(TAINT_TEST, LOCKDEP_STILL_OK);
	kng_fault_arm(fault_nth);
}

/**
 * kng_fault_arm - make the @nth fallible place from now on fail
 * @nth: 1 for the next one; 0 disarms
 *
 * Also forgets which site failed last.
 */
void kng_fault_arm(unsigned int nth)
{
	atomic_set(&kng_fault_last, -1);
	atomic_set(&kng_fault_countdown, nth);
}
EXPORT_SYMBOL_NS_GPL(kng_fault_arm, KTHREAD_NG_NS);

/**
 * kng_fault_fired - which site failed since the last kng_fault_arm()
 *
 * Return: an enum kng_fault_site, or -1 if none failed.
 */
int kng_fault_fired(void)
{
	return atomic_read(&kng_fault_last);
}
EXPORT_SYMBOL_NS_GPL(kng_fault_fired, KTHREAD_NG_NS);

/**
 * kng_fault_injected - failures injected since the module loaded
 *
 * Return: the count.
 */
unsigned int kng_fault_injected(void)
{
	return atomic_read(&kng_fault_total);
}
EXPORT_SYMBOL_NS_GPL(kng_fault_injected, KTHREAD_NG_NS);

/**
 * kng_fault_set_hook - run @fn whenever a creation passes @point
 * @point: the point
 * @fn: the hook, or NULL to remove it
 * @arg: passed to @fn
 *
 * Context: process context.  Returns after any running hook has returned.
 */
void kng_fault_set_hook(enum kng_fault_point point, kng_fault_hook_t fn,
			void *arg)
{
	mutex_lock(&kng_hook_lock);
	kng_hook_fn = fn;
	kng_hook_arg = arg;
	WRITE_ONCE(kng_hook_point, fn ? point + 1 : 0);
	mutex_unlock(&kng_hook_lock);
}
EXPORT_SYMBOL_NS_GPL(kng_fault_set_hook, KTHREAD_NG_NS);

/**
 * kng_fault_live_objects - thread states and workers not freed yet
 *
 * Return: the count; a leak shows as a count that does not come back.
 */
int kng_fault_live_objects(void)
{
	return atomic_read(&kng_fault_objects);
}
EXPORT_SYMBOL_NS_GPL(kng_fault_live_objects, KTHREAD_NG_NS);

/*
 * Race points.  A hook is set with kng_race_set() and called from any
 * context; kng_race_inflight counts the calls under way, so that removing a
 * hook can wait for them (they may hold a pointer into the test's memory).
 */
struct kng_race {
	kng_race_hook_t	fn;
	void		*arg;
};

static struct kng_race kng_races[KNG_RACE_NR_POINTS];
static atomic_t kng_race_inflight = ATOMIC_INIT(0);

/*
 * The one race no suite can drive, as it takes an rmmod of kthread_ng
 * itself (scripts/vm/check.sh does it): race_spawn_hold=1 holds the next
 * creation request a consumer (kthreadd_ng or a spawner) takes at
 * KNG_RACE_SPAWN until module exit stops that consumer; race_spawn_held
 * says that it is held.
 */
static bool race_spawn_hold;
module_param(race_spawn_hold, bool, 0644);
MODULE_PARM_DESC(race_spawn_hold, "test build: hold the next creation in its consumer until unload");
static bool race_spawn_held;
module_param(race_spawn_held, bool, 0444);
MODULE_PARM_DESC(race_spawn_held, "test build: a creation is held (race_spawn_hold)");

static void kng_hold_spawn(void)
{
	WRITE_ONCE(race_spawn_hold, false);
	WRITE_ONCE(race_spawn_held, true);
	pr_info("race: creation held in %s until unload\n", current->comm);
	/* kthread_stop() in module exit wakes us. */
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	pr_info("race: creation released by unload\n");
}

void kng_race_point(enum kng_race_point point)
{
	struct kng_race *r = &kng_races[point];
	kng_race_hook_t fn;

	if (point == KNG_RACE_SPAWN && READ_ONCE(race_spawn_hold))
		kng_hold_spawn();
	if (likely(!READ_ONCE(r->fn)))
		return;
	atomic_inc(&kng_race_inflight);
	/* Pairs with smp_mb() in kng_race_set(): it sees us or we its NULL. */
	smp_mb__after_atomic();
	/* Pairs with smp_store_release() in kng_race_set(): @arg is set. */
	fn = smp_load_acquire(&r->fn);
	if (fn)
		fn(point, READ_ONCE(r->arg));
	if (atomic_dec_and_test(&kng_race_inflight))
		wake_up_var(&kng_race_inflight);
}

/**
 * kng_race_set - run @fn whenever kthread_ng passes @point
 * @point: the race point
 * @fn: the hook, or NULL to remove it
 * @arg: passed to @fn
 *
 * Removing a hook returns once no call of any hook is under way.
 *
 * Context: process context.
 */
void kng_race_set(enum kng_race_point point, kng_race_hook_t fn, void *arg)
{
	struct kng_race *r = &kng_races[point];

	if (fn) {
		WRITE_ONCE(r->arg, arg);
		/* Pairs with smp_load_acquire() in kng_race_point(). */
		smp_store_release(&r->fn, fn);
		return;
	}
	WRITE_ONCE(r->fn, NULL);
	/* Pairs with smp_mb__after_atomic() in kng_race_point(). */
	smp_mb();
	wait_var_event(&kng_race_inflight, !atomic_read(&kng_race_inflight));
}
EXPORT_SYMBOL_NS_GPL(kng_race_set, KTHREAD_NG_NS);

/**
 * kng_race_clear_all - remove every race hook and the creation hook
 *
 * For a suite's exit: a case that failed an assertion returns before it
 * removes its hooks, whose @arg then points into its finished stack.
 * Returns once no hook runs any more.
 *
 * Context: process context.
 */
void kng_race_clear_all(void)
{
	int i;

	for (i = 0; i < KNG_RACE_NR_POINTS; i++)
		WRITE_ONCE(kng_races[i].fn, NULL);
	/* Pairs with smp_mb__after_atomic() in kng_race_point(). */
	smp_mb();
	wait_var_event(&kng_race_inflight, !atomic_read(&kng_race_inflight));
	kng_fault_set_hook(0, NULL, NULL);
}
EXPORT_SYMBOL_NS_GPL(kng_race_clear_all, KTHREAD_NG_NS);

/* modinfo -F test_hooks: "fault injection and race points". */
MODULE_INFO(test_hooks, "fault injection and race points");
