// SPDX-License-Identifier: GPL-2.0-only
/*
 * A kernel thread and a kthread_ng thread given the same preferred cpus
 * (kthread_affine_preferred() and kthread_ng_affine_preferred()), asleep
 * until the module goes.  The VM's init script (scripts/vm/check.sh)
 * compares their allowed cpus while it changes what the kernel isolates:
 * a cpuset partition made isolated and member again, and a boot with
 * isolcpus=domain.  Where the kernel does not export
 * kthread_affine_preferred() (before 6.14) there is nothing to compare
 * with: the load fails with -EOPNOTSUPP and the script says so.
 */
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched.h>

#include "kthread_ng.h"
#include "../kng_sleep.h"

static char *cpus = "";
module_param(cpus, charp, 0444);
MODULE_PARM_DESC(cpus, "preferred cpus, a cpu list (default: the last online cpu)");

#ifdef KNG_HAVE_KTHREAD_AFFINE_PREFERRED
static struct task_struct *k_thread, *ng_thread;

static int k_fn(void *unused)
{
	kng_sleep_until_stopped(kthread_should_stop);
	return 0;
}

static int ng_fn(void *unused)
{
	kng_sleep_until_stopped(kthread_ng_should_stop);
	return 0;
}

static int __init affine_cmp_init(void)
{
	cpumask_var_t mask;
	int ret = 0;

	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	if (*cpus)
		ret = cpulist_parse(cpus, mask);
	else
		cpumask_set_cpu(cpumask_last(cpu_online_mask), mask);
	if (ret)
		goto out;
	k_thread = kthread_create(k_fn, NULL, "kng_aff_kernel");
	if (IS_ERR(k_thread)) {
		ret = PTR_ERR(k_thread);
		goto out;
	}
	ng_thread = kthread_ng_create(ng_fn, NULL, "kng_aff_ng");
	if (IS_ERR(ng_thread)) {
		kthread_stop(k_thread);
		ret = PTR_ERR(ng_thread);
		goto out;
	}
	ret = kthread_affine_preferred(k_thread, mask);
	pr_info("KNG-AFFINE preferred %*pbl: kernel=%d ng=%d\n",
		cpumask_pr_args(mask), ret,
		kthread_ng_affine_preferred(ng_thread, mask));
	wake_up_process(k_thread);
	wake_up_process(ng_thread);
	pr_info("KNG-AFFINE pids kernel=%d ng=%d\n", task_pid_nr(k_thread),
		task_pid_nr(ng_thread));
	ret = 0;
out:
	free_cpumask_var(mask);
	return ret;
}

static void __exit affine_cmp_exit(void)
{
	kthread_stop(k_thread);
	kthread_ng_stop(ng_thread);
}
#else
static int __init affine_cmp_init(void)
{
	pr_info("KNG-AFFINE: this kernel does not export kthread_affine_preferred()\n");
	return -EOPNOTSUPP;
}

static void __exit affine_cmp_exit(void)
{
}
#endif

module_init(affine_cmp_init);
module_exit(affine_cmp_exit);
MODULE_DESCRIPTION("kthread_ng: preferred affinity next to the kernel's");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(KTHREAD_NG_NS);
