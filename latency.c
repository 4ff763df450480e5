// SPDX-License-Identifier: GPL-2.0-only
/*
 * kthread_ng: latency statistics of the workers, kept by probes on
 * kthread_ng's own trace events (probes.c) while the latency_stats
 * parameter is on.  Each worker's longest queue-to-start latency (debugfs
 * "workers"), and per work function two histograms, queue-to-start and run
 * time (debugfs "latency").
 */
#define pr_fmt(fmt) "kthread_ng: " fmt

#include <linux/debugfs.h>
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/sched/clock.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "kng_internal.h"
#include "kng_observe.h"
#include "kng_trace.h"

/*
 * A histogram's buckets are powers of two of nanoseconds: bucket 0 counts
 * what took less than 2^KNG_HIST_SHIFT ns (about 1 us), bucket i what took
 * [2^(KNG_HIST_SHIFT + i - 1), 2^(KNG_HIST_SHIFT + i)) ns, the last one
 * everything longer (from about 4.3 s).
 */
#define KNG_HIST_SHIFT		10
#define KNG_HIST_BUCKETS	24
/* Work functions with histograms of their own; a later one is counted in @dropped. */
#define KNG_HIST_FUNCS_BITS	6
#define KNG_HIST_FUNCS		BIT(KNG_HIST_FUNCS_BITS)

/*
 * One work function's histograms.  @func is claimed once with cmpxchg() by
 * the first probe that sees the function and never changes; the counters
 * are atomic, as works of the same function run on several workers at once.
 */
struct kng_func_hist {
	void		*func;
	atomic_t	start[KNG_HIST_BUCKETS];
	atomic_t	run[KNG_HIST_BUCKETS];
};

struct kng_hist_table {
	struct kng_func_hist	funcs[KNG_HIST_FUNCS];
	atomic_t		dropped;
};

/*
 * The table while the probes are registered (allocated before, freed after
 * they are gone): the probes read it without a lock, debugfs under
 * kng_probes_lock.
 */
static struct kng_hist_table *kng_hist;

/*
 * local_clock() when the statistics were last turned on: a stamp older than
 * that (or none, 0) was left by a queueing of an earlier period, and is not
 * used.  Written before the probes are registered, read by them.
 */
static u64 kng_latency_since;

static unsigned int kng_hist_bucket(u64 ns)
{
	unsigned int b;

	if (ns < (1ULL << KNG_HIST_SHIFT))
		return 0;
	b = ilog2(ns) - KNG_HIST_SHIFT + 1;
	return min(b, KNG_HIST_BUCKETS - 1U);
}

/* @func's histograms: found, claimed, or NULL when the table is full. */
static struct kng_func_hist *kng_hist_of(struct kng_hist_table *t, void *func)
{
	unsigned int i, h = hash_ptr(func, KNG_HIST_FUNCS_BITS);

	for (i = 0; i < KNG_HIST_FUNCS; i++) {
		struct kng_func_hist *fh = &t->funcs[(h + i) % KNG_HIST_FUNCS];
		void *seen = READ_ONCE(fh->func);

		if (!seen)
			seen = cmpxchg(&fh->func, NULL, func) ?: func;
		if (seen == func)
			return fh;
	}
	atomic_inc(&t->dropped);
	return NULL;
}

/*
 * Probe of queue_work, called under worker->lock.  local_clock() is far
 * cheaper than ktime_get_ns() and good to a few microseconds across cpus,
 * which is all a statistic needs.
 */
static void kng_latency_stamp(void *data, struct kthread_ng_worker *worker,
			      struct kthread_ng_work *work)
{
	WRITE_ONCE(work->queued_ns, local_clock());
}

/*
 * Probe of execute_start, called by the worker thread just before the
 * work's function; the only writer of @max_latency_ns and @run_start_ns.
 * The work may be queued (stamped) again meanwhile: then the latency read
 * is that one's.  Stamped on another cpu, whose local_clock() may run
 * ahead of this one's by those few microseconds, the work may seem to
 * start before it was queued: that says nothing of the maximum, and counts
 * in the histogram's first bucket (every start is counted once).
 */
static void kng_latency_note(void *data, struct kthread_ng_worker *worker,
			     struct kthread_ng_work *work, void *function)
{
	u64 queued = READ_ONCE(work->queued_ns);
	u64 now = local_clock();
	struct kng_func_hist *fh;
	s64 lat;

	WRITE_ONCE(worker->run_start_ns, now);
	if (queued < READ_ONCE(kng_latency_since))
		return;
	lat = now - queued;
	if (lat > 0 && (u64)lat > worker->max_latency_ns)
		WRITE_ONCE(worker->max_latency_ns, lat);
	fh = kng_hist_of(kng_hist, function);
	if (fh)
		atomic_inc(&fh->start[kng_hist_bucket(max_t(s64, lat, 0))]);
}

/*
 * Probe of execute_end, called by the worker thread when the function has
 * returned; @work may be freed, and is not read.  A work that started
 * before the statistics were turned on (@run_start_ns older than that) is
 * not counted; a run that seems to end before it started (the thread
 * moved to a cpu whose local_clock() is behind) counts in the first bucket.
 */
static void kng_latency_ran(void *data, struct kthread_ng_worker *worker,
			    struct kthread_ng_work *work, void *function)
{
	u64 start = READ_ONCE(worker->run_start_ns);
	struct kng_func_hist *fh;
	s64 ran;

	if (start < READ_ONCE(kng_latency_since))
		return;
	ran = local_clock() - start;
	fh = kng_hist_of(kng_hist, function);
	if (fh)
		atomic_inc(&fh->run[kng_hist_bucket(max_t(s64, ran, 0))]);
}

static void kng_latency_unreg(void)
{
	unregister_trace_kthread_ng_work_execute_end(kng_latency_ran, NULL);
	unregister_trace_kthread_ng_work_execute_start(kng_latency_note, NULL);
	unregister_trace_kthread_ng_work_queue_work(kng_latency_stamp, NULL);
	/* No probe runs any more: the table and our text may go. */
	kng_probes_synchronize();
	kfree(kng_hist);
	kng_hist = NULL;
}

static int kng_latency_reg(void)
{
	int ret;

	kng_hist = kzalloc(sizeof(*kng_hist), GFP_KERNEL);
	if (!kng_hist)
		return -ENOMEM;
	WRITE_ONCE(kng_latency_since, local_clock());
	ret = register_trace_kthread_ng_work_queue_work(kng_latency_stamp, NULL);
	if (ret)
		goto out_free;
	ret = register_trace_kthread_ng_work_execute_start(kng_latency_note,
							   NULL);
	if (ret)
		goto out_stamp;
	ret = register_trace_kthread_ng_work_execute_end(kng_latency_ran, NULL);
	if (!ret)
		return 0;
	unregister_trace_kthread_ng_work_execute_start(kng_latency_note, NULL);
out_stamp:
	unregister_trace_kthread_ng_work_queue_work(kng_latency_stamp, NULL);
	kng_probes_synchronize();
out_free:
	kfree(kng_hist);
	kng_hist = NULL;
	return ret;
}

static struct kng_probes kng_latency_probes = {
	.name	= "latency statistics",
	.reg	= kng_latency_reg,
	.unreg	= kng_latency_unreg,
};
module_param_cb(latency_stats, &kng_probes_ops, &kng_latency_probes, 0644);
MODULE_PARM_DESC(latency_stats, "keep queue-to-start and run time statistics (debugfs)");

void kng_latency_start(void)
{
	kng_probes_live(&kng_latency_probes, true);
}

void kng_latency_stop(void)
{
	kng_probes_live(&kng_latency_probes, false);
}

/* Are the probes registered?  For debugfs "workers"' header. */
bool kng_latency_active(void)
{
	return kng_probes_on(&kng_latency_probes);
}

static void kng_hist_show_row(struct seq_file *m, struct kng_func_hist *fh,
			      const char *what, atomic_t *counts)
{
	unsigned int b;

	seq_printf(m, "%ps %s", fh->func, what);
	for (b = 0; b < KNG_HIST_BUCKETS; b++)
		seq_printf(m, " %d", atomic_read(&counts[b]));
	seq_putc(m, '\n');
}

/*
 * /sys/kernel/debug/kthread_ng/latency: per work function, a line of
 * queue-to-start counts and one of run time counts, one column a bucket.
 */
static int kng_hist_show(struct seq_file *m, void *v)
{
	unsigned int i;

	seq_printf(m, "# function start|run, then counts of: < %u ns, then each < twice the one before, the last >= %llu ns\n",
		   1U << KNG_HIST_SHIFT,
		   1ULL << (KNG_HIST_SHIFT + KNG_HIST_BUCKETS - 2));
	mutex_lock(&kng_probes_lock);
	if (!kng_hist) {
		seq_puts(m, "# off: see the latency_stats parameter\n");
		goto out;
	}
	for (i = 0; i < KNG_HIST_FUNCS; i++) {
		struct kng_func_hist *fh = &kng_hist->funcs[i];

		if (!READ_ONCE(fh->func))
			continue;
		kng_hist_show_row(m, fh, "start", fh->start);
		kng_hist_show_row(m, fh, "run", fh->run);
	}
	seq_printf(m, "# functions without a histogram (the table is full): %d\n",
		   atomic_read(&kng_hist->dropped));
out:
	mutex_unlock(&kng_probes_lock);
	return 0;
}

KNG_DEBUGFS_FOPS(kng_hist);

void kng_latency_debugfs_init(void)
{
	debugfs_create_file_unsafe("latency", 0444, kng_debugfs_dir, NULL,
				   &kng_hist_fops);
}
