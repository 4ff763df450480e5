// SPDX-License-Identifier: GPL-2.0-only
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
