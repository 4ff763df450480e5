// SPDX-License-Identifier: GPL-2.0-only
/*
 * kthread_ng: queue-to-start latency statistics of the workers, kept by
 * probes on kthread_ng's own trace events; debugfs "workers" shows them.
 */
#define pr_fmt(fmt) "kthread_ng: " fmt

#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched/clock.h>
#include <linux/sysfs.h>
#include <linux/tracepoint.h>

#include "kng_internal.h"
#include "kng_observe.h"
#include "kng_trace.h"

/*
 * Queue-to-start latency statistics (debugfs max_latency_ns) cost a clock
 * read on each queueing and each start: too much for every user.  So they
 * are off unless the latency_stats parameter turns them on, and they are
 * kept by probes on kthread_ng's own trace events (queue_work stamps the
 * work, execute_start measures it): off, they cost the queueing and the
 * worker nothing but those events' patched-out branches, which are there
 * anyway.  Without CONFIG_TRACEPOINTS they cannot be turned on.
 *
 * The parameter may be written before module init has run (insmod's
 * arguments, the kernel command line) or succeeded, and after module exit
 * has begun (its sysfs file outlives exit): probes registered then would be
 * left on tracepoints whose module is going away.  So the parameter only
 * records the wish (kng_latency_want), and the probes are registered while
 * both it and kng_latency_live, set by module init once nothing can fail
 * any more and cleared by module exit, hold.  kng_latency_lock protects all
 * three; kng_latency_on says whether the probes are registered.
 */
static DEFINE_MUTEX(kng_latency_lock);
static bool kng_latency_want;
static bool kng_latency_live;
static bool kng_latency_on;
/*
 * local_clock() when the statistics were last turned on: a stamp older than
 * that (or none, 0) was left by a queueing of an earlier period, and is not
 * used.  Written before the probes are registered, read by them.
 */
static u64 kng_latency_since;

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
 * work's function; the only writer of @max_latency_ns.  The work may be
 * queued (stamped) again meanwhile: then the latency read is that one's.
 * Stamped on another cpu, whose local_clock() may run ahead of this one's
 * by those few microseconds, the work may seem to start before it was
 * queued: that says nothing, and is not counted.
 */
static void kng_latency_note(void *data, struct kthread_ng_work *work,
			     void *function)
{
	struct kthread_ng_worker *worker = work->worker;
	u64 queued = READ_ONCE(work->queued_ns);
	s64 lat;

	if (queued < READ_ONCE(kng_latency_since))
		return;
	lat = local_clock() - queued;
	if (lat > 0 && (u64)lat > worker->max_latency_ns)
		WRITE_ONCE(worker->max_latency_ns, lat);
}

/* Register or unregister the probes as the wish and the module's life say. */
static int kng_latency_apply(void)
{
	bool on = kng_latency_want && kng_latency_live;
	int ret;

	lockdep_assert_held(&kng_latency_lock);
	if (on == kng_latency_on)
		return 0;
	if (on) {
		WRITE_ONCE(kng_latency_since, local_clock());
		ret = register_trace_kthread_ng_work_queue_work(kng_latency_stamp,
								NULL);
		if (ret)
			return ret;
		ret = register_trace_kthread_ng_work_execute_start(kng_latency_note,
								   NULL);
		if (ret) {
			unregister_trace_kthread_ng_work_queue_work(kng_latency_stamp,
								    NULL);
			tracepoint_synchronize_unregister();
			return ret;
		}
	} else {
		unregister_trace_kthread_ng_work_execute_start(kng_latency_note,
							       NULL);
		unregister_trace_kthread_ng_work_queue_work(kng_latency_stamp,
							    NULL);
		/* No probe runs any more: our text may go. */
		tracepoint_synchronize_unregister();
	}
	WRITE_ONCE(kng_latency_on, on);
	return 0;
}

static int kng_latency_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	mutex_lock(&kng_latency_lock);
	WRITE_ONCE(kng_latency_want, on);
	ret = kng_latency_apply();
	/* What the parameter reads is what holds. */
	if (ret)
		WRITE_ONCE(kng_latency_want, kng_latency_on);
	mutex_unlock(&kng_latency_lock);
	return ret;
}

static int kng_latency_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%c\n", READ_ONCE(kng_latency_want) ? 'Y' : 'N');
}

static const struct kernel_param_ops kng_latency_ops = {
	.set	= kng_latency_set,
	.get	= kng_latency_get,
};
module_param_cb(latency_stats, &kng_latency_ops, NULL, 0644);
MODULE_PARM_DESC(latency_stats, "keep queue-to-start latency statistics (debugfs)");

/* Module init, once nothing can fail: a wish from the load now holds. */
void kng_latency_start(void)
{
	int ret;

	mutex_lock(&kng_latency_lock);
	kng_latency_live = true;
	ret = kng_latency_apply();
	if (ret) {
		WRITE_ONCE(kng_latency_want, false);
		pr_warn("latency statistics not turned on: %d\n", ret);
	}
	mutex_unlock(&kng_latency_lock);
}

/* Module exit: no probe of ours may stay registered, or be registered. */
void kng_latency_stop(void)
{
	mutex_lock(&kng_latency_lock);
	kng_latency_live = false;
	kng_latency_apply();
	mutex_unlock(&kng_latency_lock);
}

/* Are the probes registered?  For debugfs "workers"' header. */
bool kng_latency_active(void)
{
	return READ_ONCE(kng_latency_on);
}
