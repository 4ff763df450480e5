// SPDX-License-Identifier: GPL-2.0-only
/*
 * A sample kthread_ng consumer, written the way drivers use kthread_worker:
 *  - a named worker running at SCHED_FIFO (sched_set_fifo()),
 *  - a delayed work that re-arms itself every 100 ms,
 *  - one thread per cpu that parks while its cpu is offline and is unparked
 *    (and so bound again) when the cpu comes back,
 *  - a per-cpu worker at SCHED_FIFO, on which the heartbeat queues a work
 *    for each online cpu in turn (the work moves from cpu to cpu),
 *  - teardown that leaves nothing behind.
 * It imports the KTHREAD_NG namespace as any outside module would.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/pid.h>
#include <linux/sched.h>

#include "kthread_ng.h"

static struct kthread_ng_worker *rt_worker;
static struct kthread_ng_delayed_work heartbeat;
static unsigned long beats;
static DEFINE_PER_CPU(struct task_struct *, pcpu_thread);
static DEFINE_PER_CPU(unsigned long, pcpu_loops);
static enum cpuhp_state hp_state;
static struct kthread_ng_percpu_worker *pcpu_worker;
static struct kthread_ng_work pcpu_tick;
static unsigned int tick_cpu;
static atomic_long_t ticks;

static void pcpu_tick_fn(struct kthread_ng_work *work)
{
	atomic_long_inc(&ticks);
}

static void heartbeat_fn(struct kthread_ng_work *work)
{
	if (!(++beats % 10))
		pr_info("kng_consumer: heartbeat %lu on cpu%d, prio %d\n", beats,
			raw_smp_processor_id(), current->prio);
	tick_cpu = cpumask_next(tick_cpu, cpu_online_mask);
	if (tick_cpu >= nr_cpu_ids)
		tick_cpu = cpumask_first(cpu_online_mask);
	kthread_ng_queue_work_on(pcpu_worker, tick_cpu, &pcpu_tick);
	kthread_ng_queue_delayed_work(rt_worker, &heartbeat,
				      msecs_to_jiffies(100));
}

static int pcpu_fn(void *arg)
{
	unsigned long *loops = arg;

	while (!kthread_ng_should_stop()) {
		if (kthread_ng_should_park()) {
			kthread_ng_parkme();
			continue;
		}
		(*loops)++;
		schedule_timeout_interruptible(msecs_to_jiffies(50));
	}
	return 0;
}

static int consumer_cpu_online(unsigned int cpu)
{
	kthread_ng_unpark(per_cpu(pcpu_thread, cpu));
	return 0;
}

static int consumer_cpu_offline(unsigned int cpu)
{
	return kthread_ng_park(per_cpu(pcpu_thread, cpu));
}

static void stop_pcpu_threads(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct task_struct *t = per_cpu(pcpu_thread, cpu);

		if (t)
			kthread_ng_stop(t);
		per_cpu(pcpu_thread, cpu) = NULL;
	}
}

static int __init consumer_init(void)
{
	unsigned int cpu;
	int ret;

	/* Created, set up, then started. */
	rt_worker = kthread_ng_create_worker(0, "kng_consumer_rt");
	if (IS_ERR(rt_worker))
		return PTR_ERR(rt_worker);
	/* A worker per cpu, all at SCHED_FIFO 1, following hotplug. */
	pcpu_worker = kthread_ng_create_percpu_worker(0, "kng_cons_pw");
	if (IS_ERR(pcpu_worker)) {
		kthread_ng_destroy_worker(rt_worker);
		return PTR_ERR(pcpu_worker);
	}
	kthread_ng_init_work(&pcpu_tick, pcpu_tick_fn);
	ret = kthread_ng_percpu_worker_set_sched(pcpu_worker, SCHED_FIFO, 1);
	if (ret) {
		kthread_ng_destroy_percpu_worker(pcpu_worker);
		kthread_ng_destroy_worker(rt_worker);
		return ret;
	}
	sched_set_fifo(rt_worker->task);
	kthread_ng_start_worker(rt_worker);
	kthread_ng_init_delayed_work(&heartbeat, heartbeat_fn);
	kthread_ng_queue_delayed_work(rt_worker, &heartbeat, 0);

	/* Threads for every possible cpu; offline ones start parked. */
	cpus_read_lock();
	for_each_possible_cpu(cpu) {
		struct task_struct *t;

		t = kthread_ng_create_on_cpu(pcpu_fn, per_cpu_ptr(&pcpu_loops, cpu),
					     cpu, "kng_consumer/%u");
		if (IS_ERR(t)) {
			cpus_read_unlock();
			ret = PTR_ERR(t);
			goto err;
		}
		/* Unpark binds it to @cpu again after the cpu came back. */
		kthread_ng_set_per_cpu(t, cpu);
		per_cpu(pcpu_thread, cpu) = t;
		if (cpu_online(cpu))
			wake_up_process(t);
		else
			kthread_ng_park(t);
	}
	ret = cpuhp_setup_state_nocalls_cpuslocked(CPUHP_AP_ONLINE_DYN,
						   "kng_consumer:online",
						   consumer_cpu_online,
						   consumer_cpu_offline);
	cpus_read_unlock();
	if (ret < 0)
		goto err;
	hp_state = ret;
	pr_info("kng_consumer: RT worker %s/%d and %u per-cpu threads up\n",
		rt_worker->task->comm, task_pid_nr(rt_worker->task),
		num_possible_cpus());
	return 0;
err:
	stop_pcpu_threads();
	kthread_ng_disable_delayed_work_sync(&heartbeat);
	kthread_ng_destroy_worker(rt_worker);
	kthread_ng_destroy_percpu_worker(pcpu_worker);
	return ret;
}

static void __exit consumer_exit(void)
{
	unsigned long loops = 0;
	unsigned int cpu;

	cpuhp_remove_state_nocalls(hp_state);
	stop_pcpu_threads();
	/* Disable first: the heartbeat re-arms itself. */
	kthread_ng_disable_delayed_work_sync(&heartbeat);
	kthread_ng_destroy_worker(rt_worker);
	/* Nothing queues on it any more: its works run, then it goes. */
	kthread_ng_destroy_percpu_worker(pcpu_worker);
	/* Every thread has stopped: the counts are stable now. */
	for_each_possible_cpu(cpu)
		loops += per_cpu(pcpu_loops, cpu);
	pr_info("kng_consumer: %lu heartbeats, %lu per-cpu loops, %ld per-cpu works, all threads stopped\n",
		beats, loops, atomic_long_read(&ticks));
}

module_init(consumer_init);
module_exit(consumer_exit);
MODULE_DESCRIPTION("kthread_ng sample consumer");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(KTHREAD_NG_NS);
