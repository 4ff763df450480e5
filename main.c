// SPDX-License-Identifier: GPL-2.0-only
/*
 * kthread_ng's module init and exit.  The per-cpu workers' hotplug state
 * comes first (worker_percpu.c: no instance yet), then the threads
 * (kthread_ng.c: kthreadd_ng, the cpu hotplug state), then what observes
 * the workers (debugfs, the stall detector, the latency statistics, the
 * queuers' stacks); exit undoes them in the reverse order.  Neither source
 * file calls the other's setup: worker.c is built on kthread_ng.c, and
 * this file on both.
 */
#include <linux/debugfs.h>
#include <linux/module.h>

#include "kng_internal.h"

/* /sys/kernel/debug/kthread_ng: "threads" (kthread_ng.c), "workers" (worker.c). */
struct dentry *kng_debugfs_dir;

static int __init kthread_ng_module_init(void)
{
	int ret = kng_percpu_init();

	if (ret)
		return ret;
	ret = kng_threads_init();
	if (ret) {
		kng_percpu_exit();
		return ret;
	}
	kng_debugfs_dir = debugfs_create_dir("kthread_ng", NULL);
	kng_threads_debugfs_init();
	kng_worker_debugfs_init();
	kng_stall_start();
	kng_latency_debugfs_init();
	kng_latency_start();
	kng_queuer_start();
	return 0;
}

static void __exit kthread_ng_module_exit(void)
{
	kng_stall_stop();
	kng_queuer_stop();
	kng_latency_stop();
	debugfs_remove_recursive(kng_debugfs_dir);
	kng_threads_exit();
	kng_percpu_exit();
}

module_init(kthread_ng_module_init);
module_exit(kthread_ng_module_exit);

MODULE_DESCRIPTION("kthread_ng: the kthread API as a loadable, namespaced layer");
MODULE_AUTHOR("kthread_ng developers");
MODULE_VERSION(KTHREAD_NG_VERSION);
MODULE_LICENSE("GPL");
