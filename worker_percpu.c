// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-cpu workers: one kthread_ng worker per cpu, made as cpus come online
 * and kept while they are down, with one scheduling setting for all, as
 * erofs builds by hand (EROFS_FS_PCPU_KTHREAD) because a workqueue's
 * per-cpu pools cannot run at a realtime priority and kthread_worker has no
 * per-cpu form.
 *
 * Hotplug
 * -------
 * A cpu's worker is made by the online callback the first time the cpu is
 * online (at kthread_ng_create_percpu_worker() for the cpus online then):
 * on the cpu's node, bound to the cpu, with the scheduling of the others,
 * then started and published in @workers.  If it cannot be made, the cpu
 * does not come up, and the error is the bring-up's (or the creation's).
 * When a down of the cpu begins, the scheduler stops running there every
 * kernel thread but its own per-cpu ones (a module cannot mark its threads
 * so): the worker, woken from then on, runs elsewhere, unbound.  The
 * offline callback, once the cpu is inactive, lets it run on the active
 * housekeeping cpus.  The worker keeps its works: a work queued for a cpu
 * that is down runs on another cpu, in the order of its cpu's queue, as
 * the works of a workqueue's per-cpu pool do once their cpu is down; none
 * is moved, none is lost.  When the cpu comes back the online callback
 * binds the worker to it again, before the cpu is active.  A down that
 * fails has no callback of ours run: the worker itself looks, once it has
 * taken a work and before it runs it, whether it is bound to its cpu and
 * on it, and binds itself again if the cpu is active and no cpu hotplug is
 * in progress (kng_percpu_rebind(), worker.c).  So a work runs on the cpu
 * it was queued for whenever, at the worker's look before the work starts,
 * that cpu is active and no cpu hotplug is in progress; but for one queued
 * while it runs or is queued already (it is queued, or stays, where it
 * is: see "Moving" in worker.c), and one queued for a cpu that had no
 * worker yet.  Such a queueing, for a cpu that has had no worker since the
 * creation, goes to the worker of the cpu it is made on, or if that has
 * none either, to the first worker made.
 *
 * Locking
 * -------
 * @workers[cpu] and @first are written once, by the online callback, after
 * the worker is set up and started (smp_store_release()); the queueings
 * read them without a lock (smp_load_acquire(): the worker they find is
 * set up).  The
 * hotplug callbacks of one instance, the creation's and the scheduling
 * setter's look at the workers under the cpu hotplug lock (the setter takes
 * cpus_read_lock()), which orders them.  Each worker's works are the
 * engine's: worker.c's lock and states, and its moves between workers.
 */
#define pr_fmt(fmt) "kthread_ng: " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/sched.h>
#include <linux/sched/isolation.h>
#include <linux/sched/prio.h>
#include <linux/slab.h>
#include <uapi/linux/sched/types.h>

#include "kng_internal.h"

/**
 * struct kthread_ng_percpu_worker - a worker per cpu, following hotplug
 *
 * Made by kthread_ng_create_percpu_worker(); its members are kthread_ng's.
 */
struct kthread_ng_percpu_worker {
	/* private: */
	/* On the hotplug state's list of instances. */
	struct hlist_node		cpuhp_node;
	/* Each cpu's worker, or NULL until the cpu is first online. */
	struct kthread_ng_worker	**workers;
	/* The first worker made, for a queueing no cpu's worker takes. */
	struct kthread_ng_worker	*first;
	/* KTW_NG_* flags of every worker. */
	unsigned int			flags;
	/* The scheduling of every worker (under the cpu hotplug lock). */
	struct sched_attr		attr;
	/* The workers' name: "@name/cpu". */
	char				*name;
};

static enum cpuhp_state kng_percpu_state;

/* @policy and @prio as sched_setattr() takes them; -EINVAL out of range. */
static int kng_percpu_attr(struct sched_attr *attr, int policy, int prio)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->sched_policy = policy;
	switch (policy) {
	case SCHED_FIFO:
	case SCHED_RR:
		if (prio < 1 || prio >= MAX_RT_PRIO)
			return -EINVAL;
		attr->sched_priority = prio;
		return 0;
	case SCHED_NORMAL:
		if (prio < MIN_NICE || prio > MAX_NICE)
			return -EINVAL;
		attr->sched_nice = prio;
		return 0;
	default:
		return -EINVAL;
	}
}

/* @cpu is online: make its worker, or bind the one it had again. */
static int kng_percpu_online(unsigned int cpu, struct hlist_node *node)
{
	struct kthread_ng_percpu_worker *pw =
		hlist_entry(node, struct kthread_ng_percpu_worker, cpuhp_node);
	struct kthread_ng_worker *worker = pw->workers[cpu];
	int ret;

	if (worker)
		return set_cpus_allowed_ptr(worker->task, cpumask_of(cpu));

	worker = kng_create_worker_fmt(kng_percpu_worker_fn,
				       sizeof(struct kng_percpu_cpu), cpu,
				       pw->flags, NUMA_NO_NODE, "%s/%u",
				       pw->name, cpu);
	if (IS_ERR(worker))
		return PTR_ERR(worker);
	kng_percpu_cpu_of(worker)->pw = pw;
	kng_percpu_cpu_of(worker)->cpu = cpu;
	worker->flags |= KNG_WORKER_PERCPU_CPU;
	ret = kng_worker_setattr(worker, &pw->attr);
	if (ret) {
		kthread_ng_destroy_worker(worker);
		return ret;
	}
	kthread_ng_start_worker(worker);
	/*
	 * Set up and started: now queueings may find it.  The releases pair
	 * with kng_percpu_target()'s acquires.
	 */
	smp_store_release(&pw->workers[cpu], worker);
	/* And the first one made, for queueings no cpu's worker takes. */
	cmpxchg_release(&pw->first, NULL, worker);
	return 0;
}

/* Where a worker whose cpu is down may run: as workqueue's unbound ones. */
static const struct cpumask *kng_percpu_elsewhere(void)
{
	static struct cpumask mask;

	/* Under the cpu hotplug lock: one caller at a time. */
	if (!cpumask_and(&mask, cpu_active_mask,
			 housekeeping_cpumask(HK_TYPE_KTHREAD)))
		return cpu_active_mask;
	return &mask;
}

/*
 * @cpu is going down, inactive already: the scheduler has moved the worker
 * off it, or will as soon as it runs; let it run on the active cpus.
 */
static int kng_percpu_offline(unsigned int cpu, struct hlist_node *node)
{
	struct kthread_ng_percpu_worker *pw =
		hlist_entry(node, struct kthread_ng_percpu_worker, cpuhp_node);
	struct kthread_ng_worker *worker = pw->workers[cpu];

	if (worker)
		WARN_ON_ONCE(set_cpus_allowed_ptr(worker->task,
						  kng_percpu_elsewhere()));
	return 0;
}

/* @pw's worker of the first cpu from *@cpu on that has one; NULL if none. */
static struct kthread_ng_worker *
kng_percpu_next(struct kthread_ng_percpu_worker *pw, unsigned int *cpu)
{
	for (; *cpu < nr_cpu_ids; (*cpu)++) {
		struct kthread_ng_worker *worker = READ_ONCE(pw->workers[*cpu]);

		if (worker)
			return worker;
	}
	return NULL;
}

/* Every worker @pw has, each with its cpu. */
#define for_each_percpu_worker(pw, cpu, worker)				\
	for ((cpu) = 0; ((worker) = kng_percpu_next(pw, &(cpu))); (cpu)++)

static void kng_percpu_free(struct kthread_ng_percpu_worker *pw)
{
	kfree(pw->workers);
	kfree(pw->name);
	kfree(pw);
}

/**
 * kthread_ng_create_percpu_worker - create a worker on every cpu
 * @flags: KTW_NG_* flags of every cpu's worker
 * @namefmt: printf-style name; each cpu's worker is "name/cpu"
 *
 * Makes a started worker, bound to its cpu and on its node, for each cpu
 * online, and for each cpu that comes online later, the first time it does.
 * Works are queued with kthread_ng_queue_work_on() or
 * kthread_ng_queue_work_local(); flushed, canceled and disabled as any
 * kthread_ng work.  The workers run under SCHED_NORMAL, nice 0, until
 * kthread_ng_percpu_worker_set_sched().  A cpu that goes down keeps its
 * worker and its works, which run on other cpus until the cpu is back,
 * in order, as a workqueue's per-cpu pool runs them; the worker is bound
 * to the cpu again before the cpu is active.  A work runs on the cpu it
 * was queued for whenever that cpu is active, and no cpu hotplug in
 * progress, when the work starts (and the cpu had its worker when the
 * work was queued).
 *
 * Context: process context; sleeps.  Not from a cpu hotplug callback.  The
 * workers are made by the hotplug callbacks, in the cpus' hotplug threads:
 * a fatal signal to the caller does not cut their creations short, as it
 * does kthread_ng_create_worker()'s.
 * Return: the per-cpu worker, or ERR_PTR(-ENOMEM) or the error of a
 * worker's creation.
 */
struct kthread_ng_percpu_worker *
kthread_ng_create_percpu_worker(unsigned int flags, const char namefmt[], ...)
{
	struct kthread_ng_percpu_worker *pw;
	struct kthread_ng_worker *worker;
	va_list args;
	unsigned int cpu;
	int ret = -ENOMEM;

	pw = kzalloc(sizeof(*pw), GFP_KERNEL);
	if (!pw)
		return ERR_PTR(-ENOMEM);
	va_start(args, namefmt);
	pw->name = kvasprintf(GFP_KERNEL, namefmt, args);
	va_end(args);
	pw->workers = kcalloc(nr_cpu_ids, sizeof(*pw->workers), GFP_KERNEL);
	if (!pw->name || !pw->workers)
		goto fail;
	pw->flags = flags;
	kng_percpu_attr(&pw->attr, SCHED_NORMAL, 0);

	ret = cpuhp_state_add_instance(kng_percpu_state, &pw->cpuhp_node);
	if (!ret)
		return pw;
	/* Added to no list: the workers made before the failure go. */
	for_each_percpu_worker(pw, cpu, worker)
		kthread_ng_destroy_worker(worker);
fail:
	kng_percpu_free(pw);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_create_percpu_worker, KTHREAD_NG_NS);

/* Is current one of @pw's workers? */
static bool kng_percpu_on_worker(struct kthread_ng_percpu_worker *pw)
{
	struct kthread_ng_worker *worker;
	unsigned int cpu;

	for_each_percpu_worker(pw, cpu, worker)
		if (worker->task == current)
			return true;
	return false;
}

/**
 * kthread_ng_destroy_percpu_worker - drain, stop and free every cpu's worker
 * @pw: the per-cpu worker
 *
 * First no cpu's worker is made or bound any more; then every worker
 * refuses, with a warning, works queued from anywhere but its own works
 * (another cpu's worker included), and each is drained; then each is
 * destroyed as by kthread_ng_destroy_worker().  As there, the caller makes
 * sure that no call on @pw or its works begins meanwhile or afterwards.
 *
 * Context: process context; sleeps.  Not from one of @pw's works, nor from
 * a cpu hotplug callback.
 */
void kthread_ng_destroy_percpu_worker(struct kthread_ng_percpu_worker *pw)
{
	struct kthread_ng_worker *worker;
	unsigned int cpu;

	if (WARN_ONCE(!pw, "%s: NULL\n", __func__))
		return;
	if (WARN(kng_percpu_on_worker(pw),
		 "kthread_ng: %s from one of its workers\n", __func__))
		return;
	might_sleep();
	/* Waits for the callbacks in progress: none runs after. */
	cpuhp_state_remove_instance_nocalls(kng_percpu_state, &pw->cpuhp_node);
	/*
	 * All refuse outsiders before any is drained: a work on one worker
	 * cannot queue on another once that one is drained.
	 */
	for_each_percpu_worker(pw, cpu, worker)
		kng_drain_begin(worker, false);
	for_each_percpu_worker(pw, cpu, worker)
		kng_drain(worker, __func__);
	/* Nothing runs and nothing queues: free in any order. */
	for_each_percpu_worker(pw, cpu, worker)
		kthread_ng_destroy_worker(worker);
	kng_percpu_free(pw);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_destroy_percpu_worker, KTHREAD_NG_NS);

/* The worker for a queueing for @cpu: see "Hotplug". */
static struct kthread_ng_worker *
kng_percpu_target(struct kthread_ng_percpu_worker *pw, int cpu)
{
	/* Pairs with the online callback's release: the worker is set up. */
	struct kthread_ng_worker *worker = smp_load_acquire(&pw->workers[cpu]);

	if (likely(worker))
		return worker;
	/* Pairs with the same release, for the local cpu's worker ... */
	worker = smp_load_acquire(&pw->workers[raw_smp_processor_id()]);
	if (worker)
		return worker;
	/* ... and with its release of the first worker. */
	return smp_load_acquire(&pw->first);
}

/**
 * kthread_ng_queue_work_on - queue a work for a cpu
 * @pw: the per-cpu worker
 * @cpu: the cpu; it must be possible
 * @work: the work; not a delayed work's
 *
 * Queues @work on @cpu's worker, unless it is queued or running on another
 * cpu's worker of @pw: then it is queued there (behind itself, if it runs),
 * so that it never runs twice at once, as queue_work_on() does.  A work of
 * @pw moves between its cpus' workers freely; it may not be used with any
 * other worker.  A work queued for a cpu that is down runs on another cpu
 * (see kthread_ng_create_percpu_worker()).  Safe from any context, hard IRQ
 * included.
 *
 * Return: true if @work was queued; false if it was pending already, is
 * being canceled or is disabled, or on misuse (with a warning).
 */
bool kthread_ng_queue_work_on(struct kthread_ng_percpu_worker *pw, int cpu,
			      struct kthread_ng_work *work)
{
	if (WARN_ONCE(!pw || !work, "%s: NULL\n", __func__) ||
	    WARN_ONCE(cpu < 0 || cpu >= nr_cpu_ids || !cpu_possible(cpu),
		      "%s: bad cpu %d\n", __func__, cpu) ||
	    WARN_ONCE(work->is_dwork,
		      "kthread_ng: delayed work %ps on a per-cpu worker\n",
		      work->func))
		return false;
	return kng_queue_percpu(kng_percpu_target(pw, cpu), work);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_queue_work_on, KTHREAD_NG_NS);

/**
 * kthread_ng_queue_work_local - queue a work for the cpu the caller runs on
 * @pw: the per-cpu worker
 * @work: the work
 *
 * As kthread_ng_queue_work_on() for raw_smp_processor_id(): a caller that
 * may migrate meanwhile gets the cpu it ran on when it asked.
 *
 * Return: as kthread_ng_queue_work_on().
 */
bool kthread_ng_queue_work_local(struct kthread_ng_percpu_worker *pw,
				 struct kthread_ng_work *work)
{
	return kthread_ng_queue_work_on(pw, raw_smp_processor_id(), work);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_queue_work_local, KTHREAD_NG_NS);

/**
 * kthread_ng_flush_percpu_worker - flush every cpu's worker
 * @pw: the per-cpu worker
 *
 * Waits for every work queued on @pw before the call.
 *
 * Context: process context; sleeps.  Not from one of @pw's works.
 */
void kthread_ng_flush_percpu_worker(struct kthread_ng_percpu_worker *pw)
{
	struct kthread_ng_worker *worker;
	unsigned int cpu;

	if (WARN_ONCE(!pw, "%s: NULL\n", __func__))
		return;
	for_each_percpu_worker(pw, cpu, worker)
		kthread_ng_flush_worker(worker);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_flush_percpu_worker, KTHREAD_NG_NS);

/**
 * kthread_ng_percpu_worker_set_sched - schedule every cpu's worker alike
 * @pw: the per-cpu worker
 * @policy: SCHED_FIFO or SCHED_RR (@prio 1 to 99), or SCHED_NORMAL (@prio
 *	    the nice value, -20 to 19)
 * @prio: see @policy
 *
 * Sets the workers there are, and the workers made later, as
 * sched_setattr() would.  A worker whose flusher lends it its priority now
 * (KTW_NG_PRIO_INHERIT) is left as it is, with -EBUSY.
 *
 * Context: process context; sleeps.  Not from a cpu hotplug callback.
 * Return: 0; -EINVAL (with a warning) for a policy or priority out of
 * range; or the first error of a worker's, the others set still.
 */
int kthread_ng_percpu_worker_set_sched(struct kthread_ng_percpu_worker *pw,
				       int policy, int prio)
{
	struct kthread_ng_worker *worker;
	struct sched_attr attr;
	unsigned int cpu;
	int err, ret;

	if (WARN_ONCE(!pw, "%s: NULL\n", __func__))
		return -EINVAL;
	ret = kng_percpu_attr(&attr, policy, prio);
	if (WARN_ONCE(ret, "kthread_ng: %s: policy %d, priority %d\n",
		      __func__, policy, prio))
		return ret;
	cpus_read_lock();
	pw->attr = attr;
	for_each_percpu_worker(pw, cpu, worker) {
		err = kng_worker_setattr(worker, &attr);
		if (err && !ret)
			ret = err;
	}
	cpus_read_unlock();
	return ret;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_percpu_worker_set_sched, KTHREAD_NG_NS);

/**
 * kthread_ng_percpu_worker_task - the thread of a cpu's worker
 * @pw: the per-cpu worker
 * @cpu: the cpu; it must be possible
 *
 * For a look at the thread (its cpu, its scheduling), not for queueing.
 *
 * Return: the thread, or NULL if @cpu has not been online since @pw was
 * made (or on misuse, with a warning).
 */
struct task_struct *
kthread_ng_percpu_worker_task(struct kthread_ng_percpu_worker *pw, int cpu)
{
	struct kthread_ng_worker *worker;

	if (WARN_ONCE(!pw || cpu < 0 || cpu >= nr_cpu_ids ||
		      !cpu_possible(cpu), "%s: no worker or bad cpu\n",
		      __func__))
		return NULL;
	/* Pairs with the online callback's release, as kng_percpu_target(). */
	worker = smp_load_acquire(&pw->workers[cpu]);
	return worker ? worker->task : NULL;
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_percpu_worker_task, KTHREAD_NG_NS);

int __init kng_percpu_init(void)
{
	int ret = cpuhp_setup_state_multi(CPUHP_AP_ONLINE_DYN,
					  "kthread_ng/percpu:online",
					  kng_percpu_online,
					  kng_percpu_offline);

	if (ret < 0)
		return ret;
	kng_percpu_state = ret;
	return 0;
}

void kng_percpu_exit(void)
{
	cpuhp_remove_multi_state(kng_percpu_state);
}
