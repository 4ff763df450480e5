// SPDX-License-Identifier: GPL-2.0-only
#include <linux/pid.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "kng_test.h"

int kng_test_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct kng_test_ctx),
				   GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

void kng_test_exit(struct kunit *test)
{
	struct kng_test_ctx *ctx = test->priv;
	int i;

	if (!ctx)
		return;
	/* A case that lowered the stall threshold gives the default back. */
	if (ctx->stall_thresh_set)
		kng_test_write_file(KNG_STALL_THRESH, "30");
	/* One that switched the latency statistics puts them back. */
	if (ctx->latency_was[0])
		kng_test_write_file(KNG_LATENCY_STATS, ctx->latency_was);
	if (ctx->queuer_was[0])
		kng_test_write_file(KNG_QUEUER_STACKS, ctx->queuer_was);
	for (i = 0; i < KNG_TEST_MAX_TASKS; i++) {
		if (ctx->tasks[i])
			kthread_ng_stop_put(ctx->tasks[i]);
		ctx->tasks[i] = NULL;
		if (ctx->workers[i])
			kthread_ng_destroy_worker(ctx->workers[i]);
		ctx->workers[i] = NULL;
	}
}

/* Take a task reference and remember @p for the exit hook. */
void kng_test_track(struct kunit *test, struct task_struct *p)
{
	struct kng_test_ctx *ctx = test->priv;
	int i;

	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(p));
	get_task_struct(p);
	for (i = 0; i < KNG_TEST_MAX_TASKS; i++) {
		if (!ctx->tasks[i]) {
			ctx->tasks[i] = p;
			return;
		}
	}
	kthread_ng_stop_put(p);
	KUNIT_FAIL(test, "too many tracked threads");
}

/* Stop a tracked thread; returns what kthread_ng_stop() returned. */
int kng_test_stop(struct kunit *test, struct task_struct *p)
{
	struct kng_test_ctx *ctx = test->priv;
	int i;

	for (i = 0; i < KNG_TEST_MAX_TASKS; i++) {
		if (ctx->tasks[i] == p) {
			ctx->tasks[i] = NULL;
			return kthread_ng_stop_put(p);
		}
	}
	KUNIT_FAIL(test, "stopping an untracked thread");
	return -EINVAL;
}

void kng_test_track_worker(struct kunit *test, struct kthread_ng_worker *w)
{
	struct kng_test_ctx *ctx = test->priv;
	int i;

	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(w));
	for (i = 0; i < KNG_TEST_MAX_TASKS; i++) {
		if (!ctx->workers[i]) {
			ctx->workers[i] = w;
			return;
		}
	}
	kthread_ng_destroy_worker(w);
	KUNIT_FAIL(test, "too many tracked workers");
}

void kng_test_destroy_worker(struct kunit *test, struct kthread_ng_worker *w)
{
	struct kng_test_ctx *ctx = test->priv;
	int i;

	for (i = 0; i < KNG_TEST_MAX_TASKS; i++) {
		if (ctx->workers[i] == w) {
			ctx->workers[i] = NULL;
			kthread_ng_destroy_worker(w);
			return;
		}
	}
	KUNIT_FAIL(test, "destroying an untracked worker");
}

/* Read up to @len - 1 bytes of @path into @buf, NUL-terminated. */
ssize_t kng_test_read_file(const char *path, char *buf, size_t len)
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

/*
 * Is @path there?  kunit.py boots a kernel that mounts neither debugfs nor
 * sysfs; the check VM mounts both, so there this is always true.
 */
bool kng_test_have_file(const char *path)
{
	struct file *f = kng_test_filp_open(path);

	if (IS_ERR(f))
		return PTR_ERR(f) != -ENOENT;
	filp_close(f, NULL);
	return true;
}

/* Skip the case if @path is not there (see kng_test_have_file()). */
void kng_test_need_file(struct kunit *test, const char *path)
{
	if (!kng_test_have_file(path))
		kunit_skip(test, "no %s (debugfs or sysfs not mounted)", path);
}

/* Write @s to @path (a sysfs file: one write). */
int kng_test_write_file(const char *path, const char *s)
{
	struct file *f = kng_test_filp_open_flags(path, O_WRONLY);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, s, strlen(s), &pos);
	filp_close(f, NULL);
	return n < 0 ? n : 0;
}

/* A work that counts its runs, can block on @release and requeue itself. */
void kng_xwork_fn(struct kthread_ng_work *work)
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

void kng_xdwork_fn(struct kthread_ng_work *work)
{
	struct xwork *x = container_of(work, struct xwork, dwork.work);

	atomic_inc(&x->runs);
	complete(&x->entered);
}

void kng_xwork_init(struct xwork *x, struct kthread_ng_worker *w)
{
	memset(x, 0, sizeof(*x));
	kthread_ng_init_work(&x->work, kng_xwork_fn);
	kthread_ng_init_delayed_work(&x->dwork, kng_xdwork_fn);
	init_completion(&x->entered);
	init_completion(&x->release);
	x->worker = w;
}

/* Works with timers live on the heap: DEBUG_OBJECTS wants no timer on stack. */
struct xwork *kng_new_xwork(struct kunit *test,
			    struct kthread_ng_worker *w)
{
	struct xwork *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	kng_xwork_init(x, w);
	return x;
}

struct kthread_ng_worker *kng_new_worker(struct kunit *test)
{
	struct kthread_ng_worker *w = kthread_ng_run_worker(0, "kng_w_extra");

	kng_test_track_worker(test, w);
	return w;
}

struct xwork *kng_gate_worker(struct kunit *test,
			      struct kthread_ng_worker *w)
{
	struct xwork *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, g);
	kng_xwork_init(g, w);
	g->block = true;
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &g->work));
	wait_for_completion(&g->entered);
	return g;
}

int kng_idle_fn(void *arg)
{
	while (!kthread_ng_should_stop()) {
		if (kthread_ng_should_park())
			kthread_ng_parkme();
		else
			schedule_timeout_interruptible(1);
	}
	return 0;
}

MODULE_DESCRIPTION("KUnit suites of kthread_ng");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(KTHREAD_NG_NS);

int kng_destroyer_fn(void *arg)
{
	struct kng_destroyer *ds = arg;

	kthread_ng_destroy_worker(ds->w);
	return kng_test_finish(&ds->done);
}
