// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for per-cpu workers (worker_percpu.c): a work runs on the cpu
 * it was queued for, moves between the cpus' workers while idle, never
 * runs twice at once, follows cpu hotplug with none lost and none run on
 * another cpu while its own is active; the workers' scheduling; the destroy.
 * With the test hooks, the races of a move: a disable, a flush and a
 * second first queueing against a work moving between two workers.
 */
#include <linux/cpu.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "kng_test.h"
#ifdef KNG_FAULT_INJECT
#include "kng_race.h"
#endif

/* The case's per-cpu worker: the suite's exit destroys one left over. */
static struct kthread_ng_percpu_worker *pcpu_pw;

static struct kthread_ng_percpu_worker *new_pw(struct kunit *test)
{
	struct kthread_ng_percpu_worker *pw;

	pw = kthread_ng_create_percpu_worker(0, "kng_pcpu");
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(pw));
	pcpu_pw = pw;
	return pw;
}

static void destroy_pw(struct kthread_ng_percpu_worker *pw)
{
	kthread_ng_destroy_percpu_worker(pw);
	pcpu_pw = NULL;
}

static void pcpu_exit(struct kunit *test)
{
	if (pcpu_pw)
		destroy_pw(pcpu_pw);
	kng_test_exit(test);
}

#define PW_MAX_RUNS	8

/*
 * A work that records where each run was, whether two runs overlapped, and
 * may block in its first run until released.
 */
struct pwork {
	struct kthread_ng_work	work;
	atomic_t		runs;
	atomic_t		inside;
	atomic_t		overlaps;
	int			cpus[PW_MAX_RUNS];
	bool			block;
	struct completion	entered;
	struct completion	release;
};

static void pwork_fn(struct kthread_ng_work *work)
{
	struct pwork *p = container_of(work, struct pwork, work);
	int n = atomic_inc_return(&p->runs);

	if (atomic_inc_return(&p->inside) > 1)
		atomic_inc(&p->overlaps);
	if (n <= PW_MAX_RUNS)
		p->cpus[n - 1] = raw_smp_processor_id();
	complete(&p->entered);
	if (p->block && n == 1)
		wait_for_completion(&p->release);
	atomic_dec(&p->inside);
}

static struct pwork *new_pwork(struct kunit *test)
{
	struct pwork *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	kthread_ng_init_work(&p->work, pwork_fn);
	init_completion(&p->entered);
	init_completion(&p->release);
	return p;
}

/* Each online cpu's worker: bound to it, named for it; a work runs there. */
static void test_percpu_runs_on_cpu(struct kunit *test)
{
	struct kthread_ng_percpu_worker *pw = new_pw(test);
	struct pwork *p[NR_CPUS];
	int cpu;

	for_each_online_cpu(cpu) {
		struct task_struct *t = kthread_ng_percpu_worker_task(pw, cpu);
		char name[TASK_COMM_LEN];

		KUNIT_ASSERT_NOT_NULL(test, t);
		KUNIT_EXPECT_TRUE(test, cpumask_equal(t->cpus_ptr,
						      cpumask_of(cpu)));
		snprintf(name, sizeof(name), "kng_pcpu/%d", cpu);
		KUNIT_EXPECT_STREQ(test, t->comm, name);
		p[cpu] = new_pwork(test);
		KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_on(pw, cpu,
								 &p[cpu]->work));
	}
	kthread_ng_flush_percpu_worker(pw);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, atomic_read(&p[cpu]->runs), 1);
		KUNIT_EXPECT_EQ(test, p[cpu]->cpus[0], cpu);
	}
	destroy_pw(pw);
}

struct local_queue {
	struct kthread_ng_percpu_worker	*pw;
	struct pwork			*p;
	bool				ret;
};

static void queue_local_ipi(void *arg)
{
	struct local_queue *lq = arg;

	lq->ret = kthread_ng_queue_work_local(lq->pw, &lq->p->work);
}

/* The local queueing, from hard IRQ on each cpu: that cpu's worker runs it. */
static void test_percpu_queue_local(struct kunit *test)
{
	struct kthread_ng_percpu_worker *pw = new_pw(test);
	int cpu;

	for_each_online_cpu(cpu) {
		struct local_queue lq = { .pw = pw, .p = new_pwork(test) };
		int ret = smp_call_function_single(cpu, queue_local_ipi, &lq, 1);

		KUNIT_ASSERT_EQ(test, ret, 0);
		KUNIT_EXPECT_TRUE(test, lq.ret);
		kthread_ng_flush_work(&lq.p->work);
		KUNIT_EXPECT_EQ(test, atomic_read(&lq.p->runs), 1);
		KUNIT_EXPECT_EQ(test, lq.p->cpus[0], cpu);
	}
	destroy_pw(pw);
}

/* One work, idle between its queueings, runs on each cpu it is queued for. */
static void test_percpu_work_moves(struct kunit *test)
{
	struct kthread_ng_percpu_worker *pw = new_pw(test);
	struct pwork *p = new_pwork(test);
	int cpu, n = 0;

	KUNIT_ASSERT_GE(test, num_online_cpus(), 2U);
	for (int round = 0; round < 2; round++) {
		for_each_online_cpu(cpu) {
			if (n == PW_MAX_RUNS)
				break;
			bool queued = kthread_ng_queue_work_on(pw, cpu, &p->work);

			KUNIT_EXPECT_TRUE(test, queued);
			kthread_ng_flush_work(&p->work);
			KUNIT_EXPECT_EQ(test, p->cpus[n], cpu);
			n++;
		}
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), n);
	/* It is a work of @pw's now: a cancel and a disable find it. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_cancel_work_sync(&p->work));
	KUNIT_EXPECT_FALSE(test, kthread_ng_disable_work(&p->work));
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work_on(pw, 0, &p->work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_work(&p->work));
	destroy_pw(pw);
}

/*
 * Queued for cpu 1 while it runs on cpu 0's worker: queued there, behind
 * itself, as workqueue does; it never runs on two workers at once.
 */
static void test_percpu_running_stays(struct kunit *test)
{
	struct kthread_ng_percpu_worker *pw = new_pw(test);
	struct pwork *p = new_pwork(test);
	int first = cpumask_first(cpu_online_mask);
	int other = cpumask_next(first, cpu_online_mask);

	KUNIT_ASSERT_LT(test, other, nr_cpu_ids);
	p->block = true;
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work_on(pw, first, &p->work));
	wait_for_completion(&p->entered);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_on(pw, other, &p->work));
	/* Pending on @first's worker: a second queueing is refused. */
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work_on(pw, other, &p->work));
	complete(&p->release);
	kthread_ng_flush_work(&p->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 2);
	KUNIT_EXPECT_EQ(test, p->cpus[0], first);
	KUNIT_EXPECT_EQ(test, p->cpus[1], first);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->overlaps), 0);
	destroy_pw(pw);
}

/* One setting for all workers, and for a cpu's made after it (hotplug). */
static void test_percpu_sched(struct kunit *test)
{
	struct kthread_ng_percpu_worker *pw = new_pw(test);
	int cpu;

	KUNIT_EXPECT_EQ(test, kthread_ng_percpu_worker_set_sched(pw, SCHED_FIFO,
								 10), 0);
	for_each_online_cpu(cpu) {
		struct task_struct *t = kthread_ng_percpu_worker_task(pw, cpu);

		KUNIT_EXPECT_EQ(test, t->policy, SCHED_FIFO);
		KUNIT_EXPECT_EQ(test, t->rt_priority, 10U);
	}
	KUNIT_EXPECT_EQ(test,
			kthread_ng_percpu_worker_set_sched(pw, SCHED_NORMAL, -5),
			0);
	for_each_online_cpu(cpu) {
		struct task_struct *t = kthread_ng_percpu_worker_task(pw, cpu);

		KUNIT_EXPECT_EQ(test, t->policy, SCHED_NORMAL);
		KUNIT_EXPECT_EQ(test, task_nice(t), -5);
	}
	destroy_pw(pw);
}

/*
 * Hotplug with works in flight.  Each work is queued once, for a cpu taken
 * round the online ones, while the last cpu goes down and comes back; at its
 * start it notes where it runs, and whether its own cpu was active then and
 * not going down.  A down sets the cpu dying before it clears it active,
 * and the online callback's rebinding of a running worker returns once the
 * worker has moved, before the cpu is active: a work that ran elsewhere
 * while its cpu was active and not dying ran on a worker not bound to it.
 * (A down that fails would set the cpu active again before it clears
 * dying; none fails here.)
 */
#define HP_WORKS	3000
#define HP_CYCLES	4

struct hp_work {
	struct kthread_ng_work	work;
	int			cpu;		/* queued for */
	int			ran_on;
	atomic_t		runs;
	bool			wrong;		/* elsewhere, its cpu active */
};

struct hp_run {
	struct kthread_ng_percpu_worker	*pw;
	struct hp_work			*w;
	int				queued;
	int				refused;
	bool				cycles_over;
	struct completion		done;
};

static void hp_work_fn(struct kthread_ng_work *work)
{
	struct hp_work *h = container_of(work, struct hp_work, work);

	preempt_disable();
	h->ran_on = smp_processor_id();
	h->wrong = h->ran_on != h->cpu && cpu_active(h->cpu) &&
		   !cpu_dying(h->cpu);
	preempt_enable();
	atomic_inc(&h->runs);
}

static int hp_producer_fn(void *arg)
{
	struct hp_run *r = arg;
	int cpu = cpumask_first(cpu_possible_mask);

	/*
	 * Until the cycles are over: every 16 works, the last one flushed,
	 * so that the works are spread over the cycles, not queued at once.
	 */
	for (int i = 0; i < HP_WORKS && !READ_ONCE(r->cycles_over); i++) {
		struct hp_work *h = &r->w[i];

		h->cpu = cpu;
		if (kthread_ng_queue_work_on(r->pw, cpu, &h->work))
			r->queued++;
		else
			r->refused++;
		cpu = cpumask_next(cpu, cpu_possible_mask);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(cpu_possible_mask);
		if (!(i % 16))
			kthread_ng_flush_work(&h->work);
	}
	return kng_test_finish(&r->done);
}

static void test_percpu_hotplug(struct kunit *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct hp_run *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	int i, lost = 0, twice = 0, wrong = 0, moved = 0;
	struct pwork *p;
	struct task_struct *t;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_GE_MSG(test, num_online_cpus(), 2U,
			    "needs a second cpu to take off line");
	KUNIT_ASSERT_EQ_MSG(test, num_possible_cpus(), num_online_cpus(),
			    "needs every possible cpu online");
	r->w = kunit_kcalloc(test, HP_WORKS, sizeof(*r->w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->w);
	for (i = 0; i < HP_WORKS; i++)
		kthread_ng_init_work(&r->w[i].work, hp_work_fn);
	init_completion(&r->done);
	r->pw = new_pw(test);

	t = kthread_ng_run(hp_producer_fn, r, "kng_t_hpprod");
	kng_test_track(test, t);
	for (i = 0; i < HP_CYCLES; i++) {
		KUNIT_EXPECT_EQ(test, remove_cpu(cpu), 0);
		/* Down: its worker is kept and runs elsewhere. */
		KUNIT_EXPECT_PTR_NE(test, kthread_ng_percpu_worker_task(r->pw, cpu),
				    NULL);
		KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	}
	WRITE_ONCE(r->cycles_over, true);
	wait_for_completion(&r->done);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	kthread_ng_flush_percpu_worker(r->pw);

	KUNIT_EXPECT_EQ(test, r->refused, 0);
	for (i = 0; i < r->queued; i++) {
		int runs = atomic_read(&r->w[i].runs);

		lost += !runs;
		twice += runs > 1;
		wrong += r->w[i].wrong;
		moved += runs && r->w[i].ran_on != r->w[i].cpu;
	}
	KUNIT_EXPECT_EQ_MSG(test, lost, 0, "works lost across hotplug");
	KUNIT_EXPECT_EQ(test, twice, 0);
	KUNIT_EXPECT_EQ_MSG(test, wrong, 0,
			    "works run on another cpu while theirs was active");
	kunit_info(test, "%d works over %d cycles, %d run elsewhere while cpu %u was down or going\n",
		   r->queued, HP_CYCLES, moved, cpu);

	/* Back: bound to its cpu again, and its works run there. */
	t = kthread_ng_percpu_worker_task(r->pw, cpu);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(t->cpus_ptr, cpumask_of(cpu)));
	p = new_pwork(test);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_on(r->pw, cpu, &p->work));
	kthread_ng_flush_work(&p->work);
	KUNIT_EXPECT_EQ(test, p->cpus[0], (int)cpu);

	/* Down: a work queued for it runs, on another cpu. */
	KUNIT_ASSERT_EQ(test, remove_cpu(cpu), 0);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_on(r->pw, cpu, &p->work));
	kthread_ng_flush_work(&p->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 2);
	KUNIT_EXPECT_NE(test, p->cpus[1], (int)cpu);
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	destroy_pw(r->pw);
}

/* A cpu that comes online after a setting gets a worker with it. */
static void test_percpu_sched_follows_hotplug(struct kunit *test)
{
	unsigned int cpu = cpumask_last(cpu_online_mask);
	struct kthread_ng_percpu_worker *pw;
	struct task_struct *t;

	KUNIT_ASSERT_GE(test, num_online_cpus(), 2U);
	KUNIT_ASSERT_EQ(test, remove_cpu(cpu), 0);
	pw = kthread_ng_create_percpu_worker(0, "kng_pcpu_late");
	if (IS_ERR(pw))
		add_cpu(cpu);
	KUNIT_ASSERT_FALSE(test, IS_ERR(pw));
	pcpu_pw = pw;
	KUNIT_EXPECT_PTR_EQ(test, kthread_ng_percpu_worker_task(pw, cpu), NULL);
	KUNIT_EXPECT_EQ(test, kthread_ng_percpu_worker_set_sched(pw, SCHED_FIFO,
								 7), 0);
	KUNIT_ASSERT_EQ(test, add_cpu(cpu), 0);
	t = kthread_ng_percpu_worker_task(pw, cpu);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ(test, t->policy, SCHED_FIFO);
	KUNIT_EXPECT_EQ(test, t->rt_priority, 7U);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(t->cpus_ptr, cpumask_of(cpu)));
	destroy_pw(pw);
}

/*
 * A worker unbound behind its back (as the scheduler unbinds it when a down
 * of its cpu begins, and nothing binds it again if the down fails) binds
 * itself again before its next work: that work runs on its cpu.
 */
static void test_percpu_rebinds_itself(struct kunit *test)
{
	struct kthread_ng_percpu_worker *pw = new_pw(test);
	int a = cpumask_first(cpu_online_mask);
	int b = cpumask_next(a, cpu_online_mask);
	struct pwork *p = new_pwork(test);
	struct task_struct *t;

	KUNIT_ASSERT_LT(test, b, nr_cpu_ids);
	t = kthread_ng_percpu_worker_task(pw, b);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(t, cpumask_of(a)), 0);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_on(pw, b, &p->work));
	kthread_ng_flush_work(&p->work);
	KUNIT_EXPECT_EQ_MSG(test, p->cpus[0], b,
			    "an unbound worker ran its cpu's work elsewhere");
	KUNIT_EXPECT_TRUE(test, cpumask_equal(t->cpus_ptr, cpumask_of(b)));
	destroy_pw(pw);
}

/*
 * A down of a cpu that fails, in the teardown of a state of the test's,
 * above kthread_ng's: none of the per-cpu worker's callbacks runs, yet the
 * scheduler unbound its worker when the down began (the work queued from
 * the teardown runs elsewhere).  Once the cpu is back up, the next work for
 * it runs on it, the worker bound again.
 */
struct fail_down {
	struct kthread_ng_percpu_worker	*pw;
	struct pwork			*during;
	unsigned int			cpu;
	bool				hit;
	bool				ours_first;	/* our offline ran before */
};

static struct fail_down *fail_down;

static int fail_down_teardown(unsigned int cpu)
{
	struct fail_down *fd = READ_ONCE(fail_down);
	struct task_struct *t;

	if (!fd || cpu != fd->cpu)
		return 0;
	fd->hit = true;
	kthread_ng_queue_work_on(fd->pw, cpu, &fd->during->work);
	kthread_ng_flush_work(&fd->during->work);
	/* Our offline callback leaves the active cpus only: not this one. */
	t = kthread_ng_percpu_worker_task(fd->pw, cpu);
	fd->ours_first = !cpumask_test_cpu(cpu, t->cpus_ptr);
	return -EBUSY;
}

static void test_percpu_failed_down(struct kunit *test)
{
	struct fail_down *fd = kunit_kzalloc(test, sizeof(*fd), GFP_KERNEL);
	struct pwork *p = new_pwork(test);
	struct task_struct *t;
	int state, ret;

	KUNIT_ASSERT_NOT_NULL(test, fd);
	KUNIT_ASSERT_GE(test, num_online_cpus(), 2U);
	fd->pw = new_pw(test);
	fd->cpu = cpumask_last(cpu_online_mask);
	fd->during = new_pwork(test);
	state = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN,
					  "kng_test:faildown", NULL,
					  fail_down_teardown);
	KUNIT_ASSERT_GE(test, state, 0);
	WRITE_ONCE(fail_down, fd);
	ret = remove_cpu(fd->cpu);
	WRITE_ONCE(fail_down, NULL);
	cpuhp_remove_state_nocalls(state);
	KUNIT_ASSERT_EQ(test, ret, -EBUSY);
	KUNIT_ASSERT_TRUE(test, fd->hit);
	KUNIT_ASSERT_FALSE_MSG(test, fd->ours_first,
			       "the test's state tore down after kthread_ng's");
	KUNIT_EXPECT_TRUE(test, cpu_active(fd->cpu));
	/* Queued while the cpu went down: it ran, elsewhere. */
	KUNIT_EXPECT_EQ(test, atomic_read(&fd->during->runs), 1);
	KUNIT_EXPECT_NE(test, fd->during->cpus[0], (int)fd->cpu);

	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_on(fd->pw, fd->cpu,
							 &p->work));
	kthread_ng_flush_work(&p->work);
	KUNIT_EXPECT_EQ_MSG(test, p->cpus[0], (int)fd->cpu,
			    "after a failed down, a work ran off its active cpu");
	t = kthread_ng_percpu_worker_task(fd->pw, fd->cpu);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(t->cpus_ptr,
					      cpumask_of(fd->cpu)));
	destroy_pw(fd->pw);
}

/*
 * A work flushes another that last ran on its own worker and is idle:
 * nothing to wait for, and no self-wait to report.
 */
struct flusher_work {
	struct kthread_ng_work	work;
	struct kthread_ng_work	*other;
	bool			done;
};

static void flusher_fn(struct kthread_ng_work *work)
{
	struct flusher_work *f = container_of(work, struct flusher_work, work);

	kthread_ng_flush_work(f->other);
	f->done = true;
}

static void test_percpu_flush_idle_from_own_worker(struct kunit *test)
{
	struct kthread_ng_percpu_worker *pw = new_pw(test);
	struct flusher_work *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct pwork *p = new_pwork(test);
	int cpu = cpumask_first(cpu_online_mask);

	KUNIT_ASSERT_NOT_NULL(test, f);
	kthread_ng_init_work(&f->work, flusher_fn);
	f->other = &p->work;
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work_on(pw, cpu, &p->work));
	kthread_ng_flush_work(&p->work);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work_on(pw, cpu, &f->work));
	kthread_ng_flush_work(&f->work);
	KUNIT_EXPECT_TRUE(test, f->done);
	destroy_pw(pw);
}

/*
 * A work that queues itself again on its own cpu, @left more times: a
 * destroy begun meanwhile lets it, and runs them all before it returns.
 */
struct chain_work {
	struct kthread_ng_work			work;
	struct kthread_ng_percpu_worker		*pw;
	int					left;
	atomic_t				runs;
};

static void chain_fn(struct kthread_ng_work *work)
{
	struct chain_work *c = container_of(work, struct chain_work, work);

	atomic_inc(&c->runs);
	if (c->left-- > 0)
		kthread_ng_queue_work_local(c->pw, work);
}

static void test_percpu_destroy_drains(struct kunit *test)
{
	struct kthread_ng_percpu_worker *pw = new_pw(test);
	struct chain_work *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	int cpu;

	KUNIT_ASSERT_NOT_NULL(test, c);
	kthread_ng_init_work(&c->work, chain_fn);
	c->pw = pw;
	c->left = 50;
	cpu = cpumask_first(cpu_online_mask);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work_on(pw, cpu, &c->work));
	destroy_pw(pw);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 51);
}

#ifdef KNG_FAULT_INJECT
/*
 * Two workers of one per-cpu worker, the first cpu's and another's, and a
 * blocker that keeps the other's busy: a work moved there stays QUEUED.
 */
struct move_case {
	struct kthread_ng_percpu_worker	*pw;
	int				a, b;
	struct pwork			*blocker;
	struct pwork			*p;
};

static void move_case_init(struct kunit *test, struct move_case *mc)
{
	mc->pw = new_pw(test);
	mc->a = cpumask_first(cpu_online_mask);
	mc->b = cpumask_next(mc->a, cpu_online_mask);
	KUNIT_ASSERT_LT(test, mc->b, nr_cpu_ids);
	mc->p = new_pwork(test);
	mc->blocker = new_pwork(test);
	mc->blocker->block = true;
	/* Bound to @a's worker, idle there. */
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work_on(mc->pw, mc->a,
							 &mc->p->work));
	kthread_ng_flush_work(&mc->p->work);
	KUNIT_ASSERT_TRUE(test, kthread_ng_queue_work_on(mc->pw, mc->b,
							 &mc->blocker->work));
	wait_for_completion(&mc->blocker->entered);
}

struct disable_side {
	struct kthread_ng_work	*work;
	bool			ret;
	struct completion	done;
};

static int disable_side_fn(void *arg)
{
	struct disable_side *ds = arg;

	ds->ret = kthread_ng_disable_work(ds->work);
	return kng_test_finish(&ds->done);
}

/*
 * A disable that read the work's worker (@a's) before the work moved to
 * @b's and was queued there: under @a's lock it must follow the work to
 * @b's, take it off and count the disable there; a disabled work must not
 * run.
 */
static void test_race_percpu_disable_follows_move(struct kunit *test)
{
	struct disable_side ds = { };
	struct move_case mc;
	struct task_struct *t;
	struct hold h;

	move_case_init(test, &mc);
	ds.work = &mc.p->work;
	init_completion(&ds.done);
	hold_init(&h);
	kng_race_set(KNG_RACE_CANCEL_LOCK, hold_hook, &h);
	t = kthread_ng_run(disable_side_fn, &ds, "kng_t_pdis");
	kng_test_track(test, t);
	wait_for_completion(&h.at_point);
	/* Moves to @b's worker, queued behind the blocker. */
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_on(mc.pw, mc.b,
							 &mc.p->work));
	hold_let_go(KNG_RACE_CANCEL_LOCK, &h, &ds.done);
	KUNIT_EXPECT_TRUE_MSG(test, ds.ret,
			      "the disable did not find the moved work pending");
	complete(&mc.blocker->release);
	kthread_ng_flush_percpu_worker(mc.pw);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&mc.p->runs), 1,
			    "a disabled work ran");
	KUNIT_EXPECT_FALSE(test, kthread_ng_queue_work_on(mc.pw, mc.a,
							  &mc.p->work));
	KUNIT_EXPECT_TRUE(test, kthread_ng_enable_work(&mc.p->work));
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	destroy_pw(mc.pw);
}

struct flush_side {
	struct kthread_ng_work	*work;
	int			runs_after;
	struct pwork		*p;
	struct completion	done;
};

static int flush_side_fn(void *arg)
{
	struct flush_side *fs = arg;

	kthread_ng_flush_work(fs->work);
	fs->runs_after = atomic_read(&fs->p->runs);
	return kng_test_finish(&fs->done);
}

/*
 * A flush that read @a's worker, then the work moved to @b's and was
 * queued there before the flush took a lock: it must wait for that
 * instance, on @b's worker, and put its flush work nowhere else.
 */
static void test_race_percpu_flush_follows_move(struct kunit *test)
{
	struct flush_side fs = { };
	struct move_case mc;
	struct task_struct *t;
	struct hold h;

	move_case_init(test, &mc);
	fs.work = &mc.p->work;
	fs.p = mc.p;
	init_completion(&fs.done);
	hold_init(&h);
	kng_race_set(KNG_RACE_FLUSH, hold_hook, &h);
	t = kthread_ng_run(flush_side_fn, &fs, "kng_t_pflush");
	kng_test_track(test, t);
	wait_for_completion(&h.at_point);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_on(mc.pw, mc.b,
							 &mc.p->work));
	complete(&h.release);
	/* Still waiting: the instance is behind the blocker. */
	KUNIT_EXPECT_FALSE_MSG(test,
			       wait_for_completion_timeout(&fs.done,
							   msecs_to_jiffies(100)),
			       "the flush did not wait for the moved work");
	complete(&mc.blocker->release);
	wait_for_completion(&fs.done);
	kng_race_set(KNG_RACE_FLUSH, NULL, NULL);
	KUNIT_EXPECT_EQ(test, fs.runs_after, 2);
	KUNIT_EXPECT_EQ(test, mc.p->cpus[1], mc.b);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	destroy_pw(mc.pw);
}

struct first_side {
	struct kthread_ng_percpu_worker	*pw;
	int				cpu;
	struct kthread_ng_work		*work;
	bool				ret;
	struct completion		done;
};

static int first_side_fn(void *arg)
{
	struct first_side *fs = arg;

	fs->ret = kthread_ng_queue_work_on(fs->pw, fs->cpu, fs->work);
	return kng_test_finish(&fs->done);
}

/*
 * Two first queueings of one work for two cpus: the first held once it
 * bound the work to @a's worker, before it said so (KNG_BOUND); the second
 * finds the work bound to a sibling, says so for it, and moves it to @b's.
 * No "second worker" warning: one of them queues it, once.
 */
static void test_race_percpu_first_queueings(struct kunit *test)
{
	struct first_side fs = { };
	struct move_case mc;
	struct pwork *p;
	struct task_struct *t;
	struct hold h;

	move_case_init(test, &mc);
	p = new_pwork(test);
	fs.pw = mc.pw;
	fs.cpu = mc.a;
	fs.work = &p->work;
	init_completion(&fs.done);
	hold_init(&h);
	kng_race_set(KNG_RACE_BIND, hold_hook, &h);
	t = kthread_ng_run(first_side_fn, &fs, "kng_t_pfirst");
	kng_test_track(test, t);
	wait_for_completion(&h.at_point);
	KUNIT_EXPECT_TRUE(test, kthread_ng_queue_work_on(mc.pw, mc.b, &p->work));
	hold_let_go(KNG_RACE_BIND, &h, &fs.done);
	/* Pending on @b's worker, behind the blocker: refused. */
	KUNIT_EXPECT_FALSE(test, fs.ret);
	complete(&mc.blocker->release);
	kthread_ng_flush_percpu_worker(mc.pw);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);
	KUNIT_EXPECT_EQ(test, p->cpus[0], mc.b);
	KUNIT_EXPECT_EQ(test, kng_test_stop(test, t), 0);
	destroy_pw(mc.pw);
}
#endif

static struct kunit_case kng_percpu_cases[] = {
	KUNIT_CASE(test_percpu_runs_on_cpu),
	KUNIT_CASE(test_percpu_queue_local),
	KUNIT_CASE(test_percpu_work_moves),
	KUNIT_CASE(test_percpu_running_stays),
	KUNIT_CASE(test_percpu_sched),
	KNG_CASE_SLOW(test_percpu_hotplug),
	KUNIT_CASE(test_percpu_sched_follows_hotplug),
	KUNIT_CASE(test_percpu_rebinds_itself),
	KUNIT_CASE(test_percpu_failed_down),
	KUNIT_CASE(test_percpu_flush_idle_from_own_worker),
	KUNIT_CASE(test_percpu_destroy_drains),
#ifdef KNG_FAULT_INJECT
	KUNIT_CASE(test_race_percpu_disable_follows_move),
	KUNIT_CASE(test_race_percpu_flush_follows_move),
	KUNIT_CASE(test_race_percpu_first_queueings),
#endif
	{}
};

static struct kunit_suite kng_percpu_suite = {
	.name = "kthread_ng_percpu",
	.init = kng_test_init,
	.exit = pcpu_exit,
	.test_cases = kng_percpu_cases,
};

kunit_test_suite(kng_percpu_suite);
