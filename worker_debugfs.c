// SPDX-License-Identifier: GPL-2.0-only
/*
 * kthread_ng: /sys/kernel/debug/kthread_ng/workers, one line per running
 * worker: its counters, latency and stall.
 */
#include <linux/debugfs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "kng_internal.h"
#include "kng_observe.h"

static int kng_workers_show(struct seq_file *m, void *v)
{
	struct kthread_ng_worker *worker;

	seq_puts(m, "# thread pid queued executed canceled pending max_latency_ns stalls stalled_s stalled_in\n");
	seq_puts(m, "# (stalled_in, the rest of the line: the last work started by a stalled worker)\n");
	if (!kng_latency_active())
		seq_puts(m, "# (max_latency_ns: off, see the latency_stats parameter)\n");
	mutex_lock(&kng_workers_lock);
	list_for_each_entry(worker, &kng_workers, debug_node) {
		u64 queued, executed, canceled, lat;
		char comm[TASK_COMM_LEN] = "-";
		const char *where;
		unsigned long stalled;
		unsigned int stalls;
		pid_t pid = 0;

		/* A registered worker's thread lives until it unregisters. */
		raw_spin_lock_irq(&worker->lock);
		if (worker->task) {
			memcpy(comm, worker->task->comm, sizeof(comm));
			pid = task_pid_nr(worker->task);
		}
		queued = worker->nr_queued;
		executed = worker->nr_executed;
		canceled = worker->nr_canceled;
		/* Written by the worker thread, outside the lock. */
		lat = READ_ONCE(worker->max_latency_ns);
		stalls = worker->nr_stalls;
		stalled = kng_stalled_for(worker);
		where = kng_stall_where(worker, stalled);
		raw_spin_unlock_irq(&worker->lock);

		comm[sizeof(comm) - 1] = '\0';
		seq_printf(m, "%s %d %llu %llu %llu %llu %llu %u %lu %s\n", comm,
			   pid, queued, executed, canceled,
			   queued - executed - canceled, lat, stalls,
			   stalled / HZ, where);
	}
	mutex_unlock(&kng_workers_lock);
	return 0;
}

KNG_DEBUGFS_FOPS(kng_workers);

int kng_worker_debugfs_init(void)
{
	debugfs_create_file_unsafe("workers", 0444, kng_debugfs_dir, NULL,
				   &kng_workers_fops);
	return 0;
}
