// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for what shows kthread_ng at work: debugfs threads and
 * workers read while threads and workers come and go, the stall detector,
 * the latency statistics.
 */
#include <linux/fs.h>
#include <linux/kallsyms.h>
#include <linux/slab.h>
#include <linux/stackdepot.h>

#include "kng_test.h"
#ifdef KNG_FAULT_INJECT
#include "kng_race.h"
#endif

/* debugfs readers while threads and workers come and go. */
struct reader {
	char			*buf;
	int			reads;
	int			errors;
	struct completion	started;
};

static int reader_fn(void *arg)
{
	struct reader *r = arg;

	complete(&r->started);
	while (!kthread_ng_should_stop()) {
		if (kng_test_read_file(KNG_DEBUGFS_THREADS, r->buf,
				       PAGE_SIZE) < 0)
			r->errors++;
		if (kng_test_read_file(KNG_DEBUGFS_WORKERS, r->buf,
				       PAGE_SIZE) < 0)
			r->errors++;
		r->reads++;
		cond_resched();
	}
	return 0;
}

static void test_debugfs(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct reader r = {};
	struct task_struct *t, *p;
	char *buf, *line, *end;
	int i;

	kng_test_need_file(test, KNG_DEBUGFS_THREADS);
	buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	r.buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, r.buf);

	p = kthread_ng_create(kng_idle_fn, NULL, "kng_t_dbg_parked");
	kng_test_track(test, p);
	KUNIT_ASSERT_EQ(test, kthread_ng_park(p), 0);
	KUNIT_ASSERT_GT(test, kng_test_read_file(KNG_DEBUGFS_THREADS, buf,
						 PAGE_SIZE), 0);
	/* One line per live thread; a parked one shows state P and flag P. */
	line = strstr(buf, "kng_t_dbg_parked");
	KUNIT_ASSERT_NOT_NULL(test, line);
	end = strchr(line, '\n');
	if (end)
		*end = '\0';
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(line, " P "),
				  "the parked thread's line: %s", line);
	if (end)
		*end = '\n';
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "kng_w_extra"));
	KUNIT_ASSERT_GT(test, kng_test_read_file(KNG_DEBUGFS_WORKERS, buf,
						 PAGE_SIZE), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "kng_w_extra"));

	init_completion(&r.started);
	t = kthread_ng_run(reader_fn, &r, "kng_t_reader");
	kng_test_track(test, t);
	wait_for_completion(&r.started);
	for (i = 0; i < 200; i++) {
		struct task_struct *q = kthread_ng_run(kng_idle_fn, NULL, "kng_t_churn%d", i);
		int ret;

		KUNIT_ASSERT_FALSE(test, IS_ERR(q));
		/* 0 if it reached kng_idle_fn, -EINTR if the stop came first. */
		ret = kthread_ng_stop(q);
		KUNIT_EXPECT_TRUE(test, ret == 0 || ret == -EINTR);
	}
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	KUNIT_EXPECT_EQ(test, r.errors, 0);
	KUNIT_EXPECT_GT(test, r.reads, 0);
	kunit_info(test, "%d debugfs reads during 200 create/stop", r.reads);
	/* Parked before its first run: stop unparks it into kng_idle_fn. */
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, p), 0);
	kng_test_destroy_worker(test, w);
}

/* ------------------------------------------------------------------ */
/* The stall detector                                                  */
/* ------------------------------------------------------------------ */

/* A worker's stall columns in debugfs workers. */
struct stall_row {
	unsigned int	stalls;
	unsigned long	stalled_s;
	char		in[64];
};

static void read_stall_row(struct kunit *test, struct kthread_ng_worker *w,
			   struct stall_row *r)
{
	char *buf = kunit_kzalloc(test, PAGE_SIZE * 4, GFP_KERNEL);
	char *line, *next;
	bool found = false;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_GT(test, kng_test_read_file(KNG_DEBUGFS_WORKERS, buf,
						 PAGE_SIZE * 4), 0);
	for (line = buf; *line && !found; line = next) {
		unsigned long long q, x, c, p, lat;
		char comm[TASK_COMM_LEN];
		int pid;

		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		found = sscanf(line, "%15s %d %llu %llu %llu %llu %llu %u %lu %63s",
			       comm, &pid, &q, &x, &c, &p, &lat, &r->stalls,
			       &r->stalled_s, r->in) == 10 &&
			pid == task_pid_nr(w->task);
	}
	KUNIT_ASSERT_TRUE_MSG(test, found, "no debugfs row for the worker");
}

/*
 * The stall threshold at 1 s for this case; the exit hook puts 30 back.  A
 * stall case reads the workers' debugfs rows too: both files are needed.
 */
static void stall_thresh_1s(struct kunit *test)
{
	struct kng_test_ctx *ctx = test->priv;

	kng_test_need_file(test, KNG_DEBUGFS_WORKERS);
	kng_test_need_file(test, KNG_STALL_THRESH);
	ctx->stall_thresh_set = true;
	KUNIT_ASSERT_EQ(test, kng_test_write_file(KNG_STALL_THRESH, "1"), 0);
}

static void stall_sleep_fn(struct kthread_ng_work *work)
{
	msleep(4000);
}

/*
 * A work that runs 4 s past a 1 s threshold: reported once (the console
 * judge expects the report in this region), and debugfs shows the stall
 * and its function while it lasts, and no stall after.
 */
static void test_stall_reported_once(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct xwork *behind = kng_new_xwork(test, w);
	struct kthread_ng_work *slow;
	struct stall_row r;

	stall_thresh_1s(test);
	slow = kunit_kzalloc(test, sizeof(*slow), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, slow);
	kthread_ng_init_work(slow, stall_sleep_fn);
	pr_info("KNG-EXPECT-WARN-BEGIN stall_long_work\n");
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, slow));
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &behind->work));
	/* Reported once it lasted the threshold: 1 to 1.5 s after the start. */
	msleep(2500);
	read_stall_row(test, w, &r);
	KUNIT_EXPECT_EQ(test, r.stalls, 1U);
	KUNIT_EXPECT_GE(test, r.stalled_s, 1UL);
	KUNIT_EXPECT_STREQ(test, r.in, "stall_sleep_fn");
	kthread_ng_flush_work(&behind->work);
	pr_info("KNG-EXPECT-WARN-END\n");
	KUNIT_EXPECT_EQ(test, kng_test_write_file(KNG_STALL_THRESH, "30"), 0);
	read_stall_row(test, w, &r);
	/* One report, though the stall lasted three thresholds. */
	KUNIT_EXPECT_EQ(test, r.stalls, 1U);
	KUNIT_EXPECT_EQ(test, r.stalled_s, 0UL);
	KUNIT_EXPECT_STREQ(test, r.in, "-");
	KUNIT_EXPECT_EQ(test, atomic_read(&behind->runs), 1);
}

/*
 * Switch a parameter of kthread_ng's, keeping its value for the exit hook
 * (@was, one of the context's); the file must be there.
 */
static void param_set(struct kunit *test, const char *path, char *was,
		      size_t len, const char *to)
{
	kng_test_need_file(test, path);
	if (!was[0])
		KUNIT_ASSERT_GT(test, kng_test_read_file(path, was, len), 0);
	KUNIT_ASSERT_EQ(test, kng_test_write_file(path, to), 0);
}

/* queuer_stacks to @to; the exit hook puts back what it was. */
static void queuer_stacks(struct kunit *test, const char *to)
{
	struct kng_test_ctx *ctx = test->priv;

	param_set(test, KNG_QUEUER_STACKS, ctx->queuer_was,
		  sizeof(ctx->queuer_was), to);
}

/* Queues @work on @w from a frame of its own, which the stack shows. */
static noinline bool stall_queuer_fn(struct kthread_ng_worker *w,
				     struct kthread_ng_work *work)
{
	bool queued = kthread_ng_queue_work(w, work);

	/* Not a tail call: this frame stays on the stack. */
	barrier();
	return queued;
}

/*
 * With queuer_stacks on, a work's queueing is saved in the stack depot
 * from its queuer's frame on, and the stall report names that queuer (the
 * judge expects "queued by stall_queuer_fn" in the report of this region).
 */
static void test_stall_names_queuer(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct kthread_ng_work *slow;
	unsigned long *entries;
	u32 handle;
	char *buf;

	if (!IS_ENABLED(CONFIG_STACKDEPOT))
		kunit_skip(test, "no stack depot in this kernel");
	queuer_stacks(test, "Y");
	slow = kunit_kzalloc(test, sizeof(*slow), GFP_KERNEL);
	buf = kunit_kzalloc(test, KSYM_SYMBOL_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, slow);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	kthread_ng_init_work(slow, stall_sleep_fn);
	stall_thresh_1s(test);
	pr_info("KNG-EXPECT-WARN-BEGIN stall_queuer\n");
	KUNIT_EXPECT_TRUE(test, stall_queuer_fn(w, slow));
	msleep(2500);
	/* Taken with the work, which runs for 4 s. */
	handle = READ_ONCE(w->current_queuer);
	kthread_ng_flush_work(slow);
	pr_info("KNG-EXPECT-WARN-END\n");
	KUNIT_EXPECT_EQ(test, kng_test_write_file(KNG_STALL_THRESH, "30"), 0);
	/* The saved stack starts at the queuer, not in kthread_ng. */
	KUNIT_ASSERT_NE(test, handle, 0U);
	KUNIT_ASSERT_GT(test, stack_depot_fetch(handle, &entries), 0U);
	snprintf(buf, KSYM_SYMBOL_LEN, "%ps", (void *)(entries[0] - 1));
	KUNIT_EXPECT_STREQ(test, buf, "stall_queuer_fn [kthread_ng_test]");
}

/* Sleeps past the stall threshold once told to; else returns. */
struct period_work {
	struct kthread_ng_work	work;
	bool			sleep;
};

static void period_fn(struct kthread_ng_work *work)
{
	struct period_work *pw = container_of(work, struct period_work, work);

	if (READ_ONCE(pw->sleep))
		msleep(4000);
}

/*
 * A queueing saved in an earlier period of queuer_stacks is not reported:
 * the work is queued with the parameter on (saved), queued again while it
 * is off (not saved: the old handle stays in the work), and taken to run
 * after it is on again.  The stall report must say "queuer not saved" (the
 * judge expects that in this region), not name the first queuer.
 */
static void test_stall_queuer_old_period(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct period_work *pw;
	struct xwork *g;

	if (!IS_ENABLED(CONFIG_STACKDEPOT))
		kunit_skip(test, "no stack depot in this kernel");
	pw = kunit_kzalloc(test, sizeof(*pw), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pw);
	kthread_ng_init_work(&pw->work, period_fn);
	queuer_stacks(test, "Y");
	KUNIT_EXPECT_TRUE(test, stall_queuer_fn(w, &pw->work));
	kthread_ng_flush_work(&pw->work);
	queuer_stacks(test, "N");
	g = kng_gate_worker(test, w);
	WRITE_ONCE(pw->sleep, true);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &pw->work));
	queuer_stacks(test, "Y");
	stall_thresh_1s(test);
	pr_info("KNG-EXPECT-WARN-BEGIN stall_queuer_old\n");
	complete(&g->release);
	msleep(2500);
	kthread_ng_flush_work(&pw->work);
	pr_info("KNG-EXPECT-WARN-END\n");
	KUNIT_EXPECT_EQ(test, kng_test_write_file(KNG_STALL_THRESH, "30"), 0);
}

static void stall_busy_fn(struct kthread_ng_work *work)
{
	struct xwork *x = container_of(work, struct xwork, work);

	atomic_inc(&x->runs);
	msleep(100);
	if (x->requeue > 0) {
		x->requeue--;
		kthread_ng_queue_work(x->worker, work);
	}
}

/* A worker busy for 3 s past a 1 s threshold, but starting works: no stall. */
static void test_stall_busy_not_reported(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct xwork *x = kng_new_xwork(test, w);
	struct stall_row r;

	stall_thresh_1s(test);
	kthread_ng_init_work(&x->work, stall_busy_fn);
	x->requeue = 30;
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	msleep(1500);
	read_stall_row(test, w, &r);
	KUNIT_EXPECT_EQ(test, r.stalled_s, 0UL);
	/* Drain, not flush: the work queues itself again. */
	kthread_ng_drain_worker(w);
	KUNIT_EXPECT_EQ(test, kng_test_write_file(KNG_STALL_THRESH, "30"), 0);
	read_stall_row(test, w, &r);
	KUNIT_EXPECT_EQ(test, r.stalls, 0U);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 31);
}

#ifdef KNG_FAULT_INJECT
/*
 * A worker kept from running after its work returned, with nothing
 * pending, is not stalled, however long: no work "has not returned".  Held
 * there for over two thresholds of 1 s, it must show no stall, and no
 * report may come (the judge fails any outside an expected region).
 */
static void test_stall_returned_not_reported(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct xwork *x = kng_new_xwork(test, w);
	struct hold *rh = new_hold(test);
	struct stall_row r;

	stall_thresh_1s(test);
	/* Held after its work returned, before it takes its lock. */
	kng_race_set(KNG_RACE_WORK_DONE, hold_hook, rh);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	wait_for_completion(&rh->at_point);
	msleep(2500);
	read_stall_row(test, w, &r);
	complete(&rh->release);
	kng_race_set(KNG_RACE_WORK_DONE, NULL, NULL);
	KUNIT_EXPECT_EQ_MSG(test, r.stalls, 0U,
			    "a work that returned was reported as not returning");
	KUNIT_EXPECT_EQ(test, r.stalled_s, 0UL);
	KUNIT_EXPECT_EQ(test, kng_test_write_file(KNG_STALL_THRESH, "30"), 0);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 1);
}
#endif /* KNG_FAULT_INJECT */

/*
 * The latency statistics, kept by probes on the trace events: a work
 * queued in an earlier period of them (its stamp older than their last
 * switch on) does not count; one queued now does; off, nothing counts.
 */
static void latency_set(struct kunit *test, const char *on)
{
	KUNIT_ASSERT_EQ(test, kng_test_write_file(KNG_LATENCY_STATS, on), 0);
}

static void test_latency_stats_periods(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct xwork *x = kng_new_xwork(test, w);
	struct kng_test_ctx *ctx = test->priv;
	struct xwork *g;
	u64 lat;

	kng_test_need_file(test, KNG_LATENCY_STATS);
	KUNIT_ASSERT_GT(test, kng_test_read_file(KNG_LATENCY_STATS,
						 ctx->latency_was,
						 sizeof(ctx->latency_was)), 0);
	/* Off: the gate's own start is not measured. */
	latency_set(test, "N");
	g = kng_gate_worker(test, w);
	latency_set(test, "Y");
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	msleep(20);
	/* A new period: x's stamp is from the last one. */
	latency_set(test, "N");
	latency_set(test, "Y");
	complete(&g->release);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(w->max_latency_ns), 0ULL);

	/* Queued and started in this period: measured. */
	reinit_completion(&g->entered);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &g->work));
	wait_for_completion(&g->entered);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	msleep(20);
	complete(&g->release);
	kthread_ng_flush_worker(w);
	lat = READ_ONCE(w->max_latency_ns);
	kunit_info(test, "a work held 20 ms behind another: %llu us", lat / 1000);
	KUNIT_EXPECT_GE(test, lat, 20 * NSEC_PER_MSEC);
	KUNIT_EXPECT_LT(test, lat, 10 * NSEC_PER_SEC);

	/* Off again: a longer wait leaves the maximum alone. */
	latency_set(test, "N");
	reinit_completion(&g->entered);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &g->work));
	wait_for_completion(&g->entered);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &x->work));
	msleep(50);
	complete(&g->release);
	kthread_ng_flush_worker(w);
	KUNIT_EXPECT_EQ(test, READ_ONCE(w->max_latency_ns), lat);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 3);
}

static void hist_sleep_fn(struct kthread_ng_work *work)
{
	struct xwork *x = container_of(work, struct xwork, work);

	atomic_inc(&x->runs);
	usleep_range(2000, 2500);
}

/*
 * The counts of @func's @what line ("start" or "run") of debugfs latency,
 * into @counts; false if there is no such line.
 */
static bool read_hist(struct kunit *test, const char *func, const char *what,
		      unsigned int *counts, int n)
{
	char *buf = kunit_kzalloc(test, PAGE_SIZE * 8, GFP_KERNEL);
	char *line, *next, *p;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_GT(test, kng_test_read_file(KNG_DEBUGFS_LATENCY, buf,
						 PAGE_SIZE * 8), 0);
	for (line = buf; *line; line = next) {
		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		/* "<func> [<module>] <what> <count>..." */
		if (strncmp(line, func, strlen(func)) ||
		    line[strlen(func)] != ' ')
			continue;
		p = strstr(line, "] ");
		if (!p || strncmp(p + 2, what, strlen(what)))
			continue;
		p += 2 + strlen(what);
		for (i = 0; i < n; i++) {
			int used;

			if (sscanf(p, " %u%n", &counts[i], &used) != 1)
				return false;
			p += used;
		}
		return true;
	}
	return false;
}

/*
 * Per work function, debugfs latency counts every start and every run in a
 * power-of-two bucket: eight runs of about 2 ms each fall in the buckets
 * of 1 ms and longer, none below.
 */
static void test_latency_histograms(struct kunit *test)
{
	struct kthread_ng_worker *w = kng_new_worker(test);
	struct xwork *x = kng_new_xwork(test, w);
	struct kng_test_ctx *ctx = test->priv;
	unsigned int start[24], run[24], starts = 0, runs = 0, short_runs = 0;
	int i;

	kng_test_need_file(test, KNG_DEBUGFS_LATENCY);
	param_set(test, KNG_LATENCY_STATS, ctx->latency_was,
		  sizeof(ctx->latency_was), "N");
	latency_set(test, "Y");
	kthread_ng_init_work(&x->work, hist_sleep_fn);
	for (i = 0; i < 8; i++) {
		KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work(w, &x->work));
		kthread_ng_flush_work(&x->work);
	}
	KUNIT_ASSERT_TRUE(test, read_hist(test, "hist_sleep_fn", "start",
					  start, ARRAY_SIZE(start)));
	KUNIT_ASSERT_TRUE(test, read_hist(test, "hist_sleep_fn", "run",
					  run, ARRAY_SIZE(run)));
	for (i = 0; i < ARRAY_SIZE(run); i++) {
		starts += start[i];
		runs += run[i];
		/* Bucket 11 holds [2^20, 2^21) ns: from about 1 ms. */
		if (i < 11)
			short_runs += run[i];
	}
	KUNIT_EXPECT_EQ(test, starts, 8U);
	KUNIT_EXPECT_EQ(test, runs, 8U);
	KUNIT_EXPECT_EQ(test, short_runs, 0U);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->runs), 8);
	/* Off: no table. */
	latency_set(test, "N");
	KUNIT_EXPECT_FALSE(test, read_hist(test, "hist_sleep_fn", "run", run,
					   ARRAY_SIZE(run)));
}

static struct kunit_case kng_observe_cases[] = {
	KUNIT_CASE(test_debugfs),
	KNG_CASE_SLOW(test_stall_reported_once),
	KNG_CASE_SLOW(test_stall_busy_not_reported),
#ifdef KNG_FAULT_INJECT
	KNG_CASE_SLOW(test_stall_returned_not_reported),
#endif
	KUNIT_CASE(test_latency_stats_periods),
	KUNIT_CASE(test_latency_histograms),
	KNG_CASE_SLOW(test_stall_names_queuer),
	KNG_CASE_SLOW(test_stall_queuer_old_period),
	{}
};

static struct kunit_suite kng_observe_suite = {
	.name = "kthread_ng_observe",
	.init = kng_test_init,
	.exit = kng_test_exit,
	.test_cases = kng_observe_cases,
};

kunit_test_suite(kng_observe_suite);
