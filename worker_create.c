// SPDX-License-Identifier: GPL-2.0-only
/*
 * The workers kthread_ng allocates: made with their thread (bound, on a
 * node, started or not) and a lockdep class each, on top of the engine
 * (worker.c), which frees them in kthread_ng_destroy_worker().  A worker
 * the caller embeds (kthread_ng_init_worker()) never comes here.
 */
#include <linux/cpumask.h>
#include <linux/slab.h>
#include <linux/topology.h>

#include "kng_internal.h"

__printf(6, 0)
static struct kthread_ng_worker *
kng_create_worker(int (*threadfn)(void *data), size_t size, int cpu,
		  unsigned int flags, int node, const char namefmt[],
		  va_list args)
{
	struct kthread_ng_worker *worker;
	struct task_struct *task;
	struct va_format vaf;
	va_list aq;

	if (cpu >= 0 && WARN_ONCE(cpu >= nr_cpu_ids || !cpu_possible(cpu),
				  "kthread_ng: worker on bad cpu %d\n", cpu))
		return ERR_PTR(-EINVAL);

	worker = kng_fault_alloc(KNG_FAULT_WORKER_ALLOC,
				 kzalloc(size, GFP_KERNEL));
	if (!worker)
		return ERR_PTR(-ENOMEM);
	kng_fault_count_objects(1);
	kthread_ng_init_worker(worker);
	kng_worker_lockdep_register(worker);
	/* The per-cpu bit is set by worker_percpu.c only. */
	worker->flags = flags & ~KNG_WORKER_PERCPU_CPU;
	if ((flags & KTW_NG_PRIO_INHERIT) && kng_boost_alloc(worker)) {
		kng_free_worker(worker);
		return ERR_PTR(-ENOMEM);
	}

	if (cpu >= 0)
		node = cpu_to_node(cpu);
	va_copy(aq, args);
	vaf.fmt = namefmt;
	vaf.va = &aq;
	task = kthread_ng_create_on_node(threadfn, worker, node, "%pV", &vaf);
	va_end(aq);
	if (IS_ERR(task)) {
		kng_free_worker(worker);
		return ERR_CAST(task);
	}
	if (cpu >= 0)
		kthread_ng_bind(task, cpu);
	worker->task = task;
	return worker;
}

/*
 * For a caller with its arguments at hand; worker_percpu.c's workers run
 * @threadfn kng_percpu_worker_fn() in a struct kng_percpu_cpu of @size, the
 * others kthread_ng_worker_fn() in a struct kthread_ng_worker.
 */
struct kthread_ng_worker *kng_create_worker_fmt(int (*threadfn)(void *data),
						size_t size, int cpu,
						unsigned int flags, int node,
						const char namefmt[], ...)
{
	struct kthread_ng_worker *worker;
	va_list args;

	va_start(args, namefmt);
	worker = kng_create_worker(threadfn, size, cpu, flags, node, namefmt,
				   args);
	va_end(args);
	return worker;
}

/**
 * kthread_ng_create_worker_on_node - create a worker without starting it
 * @flags: KTW_NG_* flags
 * @node: NUMA node for the thread, or NUMA_NO_NODE
 * @namefmt: printf-style name for the worker's thread
 *
 * As every kthread_ng_create_worker*() (and the kernel's since 6.14): the
 * thread is created, not woken, so that it can be set up first (priority,
 * affinity); kthread_ng_start_worker() or the first queueing starts it.
 * kthread_ng_run_worker*() create and start.
 *
 * Return: the worker, or ERR_PTR(-ENOMEM) / ERR_PTR(-EINTR).
 */
struct kthread_ng_worker *kthread_ng_create_worker_on_node(unsigned int flags,
							   int node,
							   const char namefmt[],
							   ...)
{
	struct kthread_ng_worker *worker;
	va_list args;

	va_start(args, namefmt);
	worker = kng_create_worker(kthread_ng_worker_fn, sizeof(*worker), -1,
				   flags, node, namefmt, args);
	va_end(args);
	return worker;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_create_worker_on_node, KTHREAD_NG_NS);

/**
 * kthread_ng_create_worker - create a worker without starting it
 * @flags: KTW_NG_* flags
 * @namefmt: printf-style name for the worker's thread
 *
 * As kthread_create_worker() since 6.14: see
 * kthread_ng_create_worker_on_node().  Destroy it with
 * kthread_ng_destroy_worker(), started or not.
 *
 * Return: the worker, or ERR_PTR(-ENOMEM) / ERR_PTR(-EINTR).
 */
struct kthread_ng_worker *kthread_ng_create_worker(unsigned int flags,
						   const char namefmt[], ...)
{
	struct kthread_ng_worker *worker;
	va_list args;

	va_start(args, namefmt);
	worker = kng_create_worker(kthread_ng_worker_fn, sizeof(*worker), -1,
				   flags, NUMA_NO_NODE, namefmt, args);
	va_end(args);
	return worker;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_create_worker, KTHREAD_NG_NS);

/**
 * kthread_ng_create_worker_on_cpu - create a worker bound to a cpu
 * @cpu: the cpu; it must be possible, it should be online
 * @flags: KTW_NG_* flags
 * @namefmt: printf-style name for the worker's thread
 *
 * Not started, as kthread_ng_create_worker_on_node().
 *
 * Return: the worker, ERR_PTR(-EINVAL) (with a warning) for an impossible
 * @cpu, or ERR_PTR(-ENOMEM) / ERR_PTR(-EINTR).
 */
struct kthread_ng_worker *kthread_ng_create_worker_on_cpu(int cpu,
							  unsigned int flags,
							  const char namefmt[],
							  ...)
{
	struct kthread_ng_worker *worker;
	va_list args;

	va_start(args, namefmt);
	worker = kng_create_worker(kthread_ng_worker_fn, sizeof(*worker), cpu,
				   flags, NUMA_NO_NODE, namefmt, args);
	va_end(args);
	return worker;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_create_worker_on_cpu, KTHREAD_NG_NS);

/**
 * kthread_ng_run_worker_on_cpu - create a worker bound to a cpu and start it
 * @cpu: the cpu; it must be possible, it should be online
 * @flags: KTW_NG_* flags
 * @namefmt: name for the worker's thread; one "%u" is given @cpu
 *
 * Upstream's (6.14) kthread_run_worker_on_cpu().
 *
 * Return: as kthread_ng_create_worker_on_cpu().
 */
struct kthread_ng_worker *kthread_ng_run_worker_on_cpu(int cpu,
						       unsigned int flags,
						       const char namefmt[])
{
	return kthread_ng_start_worker(kng_create_worker_fmt(kthread_ng_worker_fn,
							     sizeof(struct kthread_ng_worker),
							     cpu, flags,
							     NUMA_NO_NODE,
							     namefmt, cpu));
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_run_worker_on_cpu, KTHREAD_NG_NS);
