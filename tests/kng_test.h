/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by kthread_ng's KUnit suites. */
#ifndef _KNG_TEST_H
#define _KNG_TEST_H

#include "kng_fault.h"

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/mm.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/vmalloc.h>

#include "kthread_ng.h"
#include "kng_compat.h"
#include "kng_sleep.h"

#define KNG_DEBUGFS_THREADS	"/sys/kernel/debug/kthread_ng/threads"
#define KNG_DEBUGFS_WORKERS	"/sys/kernel/debug/kthread_ng/workers"

/* Open @path from a kthread: from 7.x on, kthreads see nullfs as their root. */
static inline struct file *kng_test_filp_open_flags(const char *path,
						    int flags)
{
#ifdef KNG_HAVE_SCOPED_WITH_INIT_FS
	scoped_with_init_fs()
		return filp_open(path, flags, 0);
#else
	return filp_open(path, flags, 0);
#endif
}

static inline struct file *kng_test_filp_open(const char *path)
{
	return kng_test_filp_open_flags(path, O_RDONLY);
}

/* The node a task's task_struct was allocated on. */
static inline int kng_task_struct_node(struct task_struct *p)
{
	return page_to_nid(virt_to_page(p));
}

/*
 * Was @p's stack allocated on @node, as far as anyone can ask?  A vmalloc'ed
 * stack may be one that fork's per-cpu cache of freed stacks hands out
 * whatever its node (alloc_thread_stack_node() takes a cached one first):
 * kthread_create_on_node() gets the same, so only a stack of pages is held
 * to its node.
 */
#define KNG_EXPECT_STACK_NODE(test, p, node)				\
	do {								\
		if (!is_vmalloc_addr(task_stack_page(p)))		\
			KUNIT_EXPECT_EQ(test, kng_task_stack_node(p), node); \
	} while (0)

/* The node a task's stack was allocated on (vmalloc'ed or not). */
static inline int kng_task_stack_node(struct task_struct *p)
{
	void *stack = task_stack_page(p);

	return page_to_nid(is_vmalloc_addr(stack) ? vmalloc_to_page(stack) :
			   virt_to_page(stack));
}

/* A KUnit parameter generator: from 6.17 on it is given the test first. */
#ifdef KNG_KUNIT_GEN_TAKES_TEST
#define KNG_PARAM_GEN(name)						\
	const void *(name)(struct kunit *test, const void *prev, char *desc)
#else
#define KNG_PARAM_GEN(name)	const void *(name)(const void *prev, char *desc)
#endif

/*
 * Cases that take seconds under TCG are marked slow, so that KUnit (6.6 and
 * later, which has test attributes) neither suggests it nor runs them when
 * asked for the fast ones only (kunit.filter=speed>slow).  6.1's KUnit has
 * no attributes: a plain case there.
 */
#ifdef KUNIT_CASE_SLOW
#define KNG_CASE_SLOW(test_name)	KUNIT_CASE_SLOW(test_name)
#define KNG_CASE_PARAM_SLOW(test_name, gen_params)		\
	KUNIT_CASE_PARAM_ATTR(test_name, gen_params,		\
			      { .speed = KUNIT_SPEED_SLOW })
#else
#define KNG_CASE_SLOW(test_name)	KUNIT_CASE(test_name)
#define KNG_CASE_PARAM_SLOW(test_name, gen_params)		\
	KUNIT_CASE_PARAM(test_name, gen_params)
#endif

/*
 * Threads a case made are stopped by the suite's exit hook if the case ends
 * early (a failed assertion): no thread outlives its case.  6.1's KUnit has
 * no deferred actions, so the hook walks this list instead.
 */
#define KNG_TEST_MAX_TASKS	64

struct kng_test_ctx {
	struct task_struct	*tasks[KNG_TEST_MAX_TASKS];
	struct kthread_ng_worker *workers[KNG_TEST_MAX_TASKS];
	bool			stall_thresh_set;	/* restore it at exit */
	char			latency_was[4];		/* the same, if set */
	char			queuer_was[4];		/* the same, if set */
};

#define KNG_STALL_THRESH	"/sys/module/kthread_ng/parameters/stall_thresh"
#define KNG_LATENCY_STATS	"/sys/module/kthread_ng/parameters/latency_stats"
#define KNG_QUEUER_STACKS	"/sys/module/kthread_ng/parameters/queuer_stacks"
#define KNG_DEBUGFS_LATENCY	"/sys/kernel/debug/kthread_ng/latency"

int kng_test_init(struct kunit *test);
void kng_test_exit(struct kunit *test);
void kng_test_track(struct kunit *test, struct task_struct *p);
int kng_test_stop(struct kunit *test, struct task_struct *p);
void kng_test_track_worker(struct kunit *test, struct kthread_ng_worker *w);
void kng_test_destroy_worker(struct kunit *test, struct kthread_ng_worker *w);
ssize_t kng_test_read_file(const char *path, char *buf, size_t len);
int kng_test_write_file(const char *path, const char *s);
bool kng_test_have_file(const char *path);
void kng_test_need_file(struct kunit *test, const char *path);

/*
 * The end of a test thread's work: idle until the test stops it, so that
 * kthread_ng_stop() returns 0 and not -EINTR.
 */
static inline void kng_test_idle_until_stop(void)
{
	kng_sleep_until_stopped(kthread_ng_should_stop);
}

/* A test thread's last words: say so on @done, then idle until stopped. */
static inline int kng_test_finish(struct completion *done)
{
	complete(done);
	kng_test_idle_until_stop();
	return 0;
}

/*
 * Thread states and workers kthread_ng has not freed yet; -1 where the
 * module was built without its test hooks.
 */
static inline int kng_test_live_objects(void)
{
#ifdef KNG_FAULT_INJECT
	return kng_fault_live_objects();
#else
	return -1;
#endif
}

/* A destroy of @w in a thread of its own; @done completes when it returned. */
struct kng_destroyer {
	struct kthread_ng_worker	*w;
	struct completion		done;
};

int kng_destroyer_fn(void *arg);

#define kng_wait_for(cond, ms)						\
({									\
	unsigned long __end = jiffies + msecs_to_jiffies(ms);		\
	bool __ok;							\
	while (!(__ok = (cond)) && time_before(jiffies, __end))	\
		usleep_range(200, 400);					\
	__ok;								\
})

/*
 * A misuse that must warn: the console runner accepts kthread_ng's own
 * WARNINGs only between these markers, and checks that @name's warning came.
 */
#define KNG_EXPECT_WARN(name, stmt)					\
	do {								\
		pr_info("KNG-EXPECT-WARN-BEGIN %s\n", name);		\
		stmt;							\
		pr_info("KNG-EXPECT-WARN-END\n");			\
	} while (0)

/*
 * A work of the extra and misuse suites: counts its runs, signals @entered,
 * blocks until @release while @block is set, requeues itself @requeue times.
 */
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

void kng_xwork_fn(struct kthread_ng_work *work);
void kng_xdwork_fn(struct kthread_ng_work *work);
void kng_xwork_init(struct xwork *x, struct kthread_ng_worker *w);
struct xwork *kng_new_xwork(struct kunit *test, struct kthread_ng_worker *w);
struct kthread_ng_worker *kng_new_worker(struct kunit *test);
struct xwork *kng_gate_worker(struct kunit *test, struct kthread_ng_worker *w);
int kng_idle_fn(void *arg);

#endif
