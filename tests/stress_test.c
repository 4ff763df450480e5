// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stress suite: many threads created and stopped from several creators, with
 * park storms and self-exiting threads; and a random mix of every worker
 * operation from several cpus, with a checker that accounts for every
 * execution; and cpu hotplug while per-cpu threads park and unpark.  Each
 * round runs 4,000 thread cycles, 100,000 worker operations and 10 hotplug
 * cycles per secondary cpu; `make check` runs one round, `make stress`
 * stress_scale rounds, `make soak` rounds for soak_seconds.
 */
#include <linux/cpu.h>
#include <linux/fs.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "kng_test.h"

static unsigned int stress_scale = 1;
module_param(stress_scale, uint, 0444);
MODULE_PARM_DESC(stress_scale, "rounds of the stress suite (each its own case)");

static unsigned int soak_seconds;
module_param(soak_seconds, uint, 0444);
MODULE_PARM_DESC(soak_seconds, "run rounds for this long instead (split among the cases)");

static unsigned int stress_seed;
module_param(stress_seed, uint, 0444);
MODULE_PARM_DESC(stress_seed, "seed of the random mix (0: a random one, printed)");

/* Shows that the judge catches a misuse in the middle of a run. */
static unsigned int stress_misuse;
module_param(stress_misuse, uint, 0444);
MODULE_PARM_DESC(stress_misuse, "1: one park storm parks its thread twice, a misuse the run must report");
static atomic_t stress_misuse_done;

/*
 * 6.1 runs a module's KUnit suites before it parses the module's parameters
 * (its kunit notifier acts at MODULE_STATE_COMING), so the runner also puts
 * them on the kernel command line (kng_stress_scale=N kng_soak_seconds=N
 * kng_stress_seed=N), and the suite reads them there first.
 */
static unsigned int cmdline_uint(const char *buf, const char *key,
				 unsigned int def)
{
	const char *p = strstr(buf, key);
	char num[12];
	unsigned int v;

	if (!p)
		return def;
	strscpy(num, p + strlen(key), sizeof(num));
	num[strcspn(num, "\n ")] = '\0';
	return kstrtouint(num, 10, &v) ? def : v;
}

static int kng_stress_suite_init(struct kunit_suite *suite)
{
	struct file *f = kng_test_filp_open("/proc/cmdline");
	loff_t pos = 0;
	ssize_t n;
	char *buf;

	if (IS_ERR(f))
		return 0;
	buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	n = buf ? kernel_read(f, buf, PAGE_SIZE - 1, &pos) : -ENOMEM;
	filp_close(f, NULL);
	if (n > 0) {
		/* A parameter given to insmod (6.12 sees it) wins. */
		if (stress_scale == 1)
			stress_scale = cmdline_uint(buf, "kng_stress_scale=", 1);
		if (!soak_seconds)
			soak_seconds = cmdline_uint(buf, "kng_soak_seconds=", 0);
		if (!stress_seed)
			stress_seed = cmdline_uint(buf, "kng_stress_seed=", 0);
		if (!stress_misuse)
			stress_misuse = cmdline_uint(buf, "kng_stress_misuse=", 0);
	}
	kfree(buf);
	if (!stress_seed)
		stress_seed = get_random_u32() ?: 1;
	if (soak_seconds)
		pr_info("KNG-STRESS: rounds for %u s, seed %u (STRESS_SEED=%u replays the choices)\n",
			soak_seconds, stress_seed, stress_seed);
	else
		pr_info("KNG-STRESS: %u rounds, seed %u (STRESS_SEED=%u replays the choices)\n",
			stress_scale, stress_seed, stress_seed);
	return 0;
}

/*
 * Each thread of the mix draws its choices from its own generator, seeded
 * from the suite's seed, the round and the thread.  Not get_random_u32():
 * until the kernel's crng is initialized (6.1 under TCG never gets there:
 * no trusted RDRAND, few interrupts) every call takes one global spinlock
 * with interrupts off, and four vcpus on two host cores then spent their
 * time handing that lock round instead of stressing kthread_ng -- a run
 * that crawled for minutes.  It also makes the choices replayable.
 */
static void stress_rnd_init(struct rnd_state *rnd, struct kunit *test,
			    unsigned int thread)
{
	unsigned long round = (unsigned long)test->param_value;

	prandom_seed_state(rnd, (u64)stress_seed << 32 | round << 8 | thread);
}

static u32 stress_rnd(struct rnd_state *rnd, u32 n)
{
	return prandom_u32_state(rnd) % n;
}

#define NR_STRESS_CASES	3
#define MAX_ROUNDS	100000

/*
 * One parameter per round, so that no case runs into KUnit's timeout; the
 * parameter is the round number cast to a pointer (never NULL).  With
 * soak_seconds, each case gets its share of the time, in whole rounds.
 */
static KNG_PARAM_GEN(stress_round)
{
	static unsigned long deadline;
	unsigned long r = (unsigned long)prev + 1;

	if (!prev)
		deadline = jiffies + soak_seconds * HZ / NR_STRESS_CASES;
	if (r > MAX_ROUNDS)
		return NULL;
	if (soak_seconds ? r > 1 && time_after(jiffies, deadline) :
			   r > stress_scale)
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "round %lu", r);
	return (const void *)r;
}

/* Summed over every round, for the totals lines at the end of the suite. */
static struct {
	atomic64_t	cycles, self_exits, parks, thread_bad;
	atomic64_t	ops, queued, canceled, runs, lost, violations;
	atomic64_t	hotplugs, pc_parks, wrong_cpu, hp_bad;
} totals;

#define NR_CREATORS	4
#define NR_OPERATORS	4
#define NR_WORKERS	8
#define NR_WORKS	64	/* plain works, disabled now and then */
#define NR_DWORKS	32	/* delayed works, mod/cancel/flush */
#define NR_XDWORKS	16	/* delayed works disabled while mods fly */

/* ------------------------------------------------------------------ */

struct cycle {
	struct rnd_state	rnd[NR_CREATORS];	/* one per creator */
	atomic_t		next;			/* creator index */
	atomic_t		bad;
	atomic_t		cycles;
	atomic_t		self_exits;
	atomic_t		parks;
	struct completion	finished;
};

static int stress_idle(void *arg)
{
	while (!kthread_ng_should_stop()) {
		if (kthread_ng_should_park()) {
			kthread_ng_parkme();
			continue;
		}
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_ng_should_stop_or_park())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 3;
}

static int stress_exit(void *arg)
{
	return 4;
}

static int stress_creator(void *arg)
{
	struct cycle *c = arg;
	struct rnd_state *rnd = &c->rnd[atomic_inc_return(&c->next) - 1];
	int i, n = 1000, ret;

	for (i = 0; i < n; i++) {
		struct task_struct *p;
		int kind = stress_rnd(rnd, 3), j;

		p = kthread_ng_run(kind == 2 ? stress_exit : stress_idle, NULL,
				   "kng_s_%d", i);
		if (IS_ERR(p)) {
			atomic_inc(&c->bad);
			continue;
		}
		get_task_struct(p);
		switch (kind) {
		case 1:	/* a park storm */
			for (j = 0; j < 5; j++) {
				if (kthread_ng_park(p))
					atomic_inc(&c->bad);
				if (stress_misuse &&
				    !atomic_xchg(&stress_misuse_done, 1))
					kthread_ng_park(p);
				kthread_ng_unpark(p);
				atomic_inc(&c->parks);
			}
			fallthrough;
		case 0:
			ret = kthread_ng_stop_put(p);
			if (ret != 3 && ret != -EINTR)
				atomic_inc(&c->bad);
			break;
		case 2:	/* exits by itself; stop still reads its value */
			ret = kthread_ng_stop_put(p);
			if (ret != 4 && ret != -EINTR)
				atomic_inc(&c->bad);
			atomic_inc(&c->self_exits);
			break;
		}
		atomic_inc(&c->cycles);
	}
	return kng_test_finish(&c->finished);
}

static void test_stress_threads(struct kunit *test)
{
	struct task_struct *t[NR_CREATORS];
	struct cycle *c;
	int i;

	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	init_completion(&c->finished);
	for (i = 0; i < NR_CREATORS; i++)
		stress_rnd_init(&c->rnd[i], test, i);
	for (i = 0; i < NR_CREATORS; i++) {
		t[i] = kthread_ng_run(stress_creator, c, "kng_s_creator%d", i);
		kng_test_track(test, t[i]);
	}
	for (i = 0; i < NR_CREATORS; i++)
		wait_for_completion(&c->finished);
	for (i = 0; i < NR_CREATORS; i++)
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, t[i]), 0);
	pr_info("KNG-STRESS threads: %d create/stop cycles from %d creators, %d self-exits, %d park/unpark, %d bad\n",
		atomic_read(&c->cycles), NR_CREATORS,
		atomic_read(&c->self_exits), atomic_read(&c->parks),
		atomic_read(&c->bad));
	KUNIT_EXPECT_EQ(test, atomic_read(&c->cycles), NR_CREATORS * 1000);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->bad), 0);
	atomic64_add(atomic_read(&c->cycles), &totals.cycles);
	atomic64_add(atomic_read(&c->self_exits), &totals.self_exits);
	atomic64_add(atomic_read(&c->parks), &totals.parks);
	atomic64_add(atomic_read(&c->bad), &totals.thread_bad);
}

/* ------------------------------------------------------------------ */

struct swork {
	struct kthread_ng_work		work;
	struct kthread_ng_delayed_work	dwork;
	struct kthread_ng_worker	*worker;
	atomic_t			queued;		/* queueings that took */
	atomic_t			canceled;	/* pending ones removed */
	atomic_t			runs;
	int				blocked;	/* owner disabled it */
	atomic_t			*violations;
};

struct mix {
	struct kthread_ng_worker	*w[NR_WORKERS];
	struct swork			s[NR_WORKS];
	struct swork			d[NR_DWORKS];
	struct swork			x[NR_XDWORKS];
	atomic_t			violations;
	atomic_t			ops;
	struct completion		finished;
};

static void swork_fn(struct kthread_ng_work *work)
{
	struct swork *s = container_of(work, struct swork, work);

	/* Disabled with _sync by its owner: must not run. */
	if (READ_ONCE(s->blocked))
		atomic_inc(s->violations);
	atomic_inc(&s->runs);
}

static void sdwork_fn(struct kthread_ng_work *work)
{
	struct swork *s = container_of(work, struct swork, dwork.work);

	/* Only the x[] works are ever disabled (by their owner, with _sync). */
	if (READ_ONCE(s->blocked))
		atomic_inc(s->violations);
	atomic_inc(&s->runs);
}

struct operator {
	struct mix		*m;
	int			id;
	struct rnd_state	rnd;
};

static void plain_op(struct mix *m, int id, struct rnd_state *rnd)
{
	struct swork *s = &m->s[stress_rnd(rnd, NR_WORKS)];
	bool own = (s - m->s) % NR_OPERATORS == id;

	switch (stress_rnd(rnd, 6)) {
	case 0:
	case 1:
		if (kthread_ng_queue_work(s->worker, &s->work))
			atomic_inc(&s->queued);
		break;
	case 2:
		if (kthread_ng_cancel_work(&s->work))
			atomic_inc(&s->canceled);
		break;
	case 3:
		if (kthread_ng_cancel_work_sync(&s->work))
			atomic_inc(&s->canceled);
		break;
	case 4:
		kthread_ng_flush_work(&s->work);
		break;
	case 5:
		if (!own)
			break;
		/* Only the owner disables: @blocked is its alone. */
		if (kthread_ng_disable_work_sync(&s->work))
			atomic_inc(&s->canceled);
		WRITE_ONCE(s->blocked, 1);
		if (kthread_ng_queue_work(s->worker, &s->work))
			atomic_inc(s->violations);
		udelay(stress_rnd(rnd, 20));
		WRITE_ONCE(s->blocked, 0);
		kthread_ng_enable_work(&s->work);
		break;
	}
}

static void delayed_op(struct mix *m, struct rnd_state *rnd)
{
	struct swork *s = &m->d[stress_rnd(rnd, NR_DWORKS)];
	unsigned long delay = stress_rnd(rnd, 3);

	switch (stress_rnd(rnd, 6)) {
	case 0:
		if (kthread_ng_queue_delayed_work(s->worker, &s->dwork, delay))
			atomic_inc(&s->queued);
		break;
	case 1:
		/* false: it was idle and is queued now. */
		if (!kthread_ng_mod_delayed_work(s->worker, &s->dwork, delay))
			atomic_inc(&s->queued);
		break;
	case 2:
		if (kthread_ng_cancel_delayed_work(&s->dwork))
			atomic_inc(&s->canceled);
		break;
	case 3:
		if (kthread_ng_cancel_delayed_work_sync(&s->dwork))
			atomic_inc(&s->canceled);
		break;
	case 4:
		kthread_ng_flush_delayed_work(&s->dwork);
		break;
	case 5:
		kthread_ng_flush_work(&s->dwork.work);
		break;
	}
}

/*
 * Delayed works that their owner disables (with _sync) and holds disabled
 * for a while, as mods, queueings and cancels from every operator, and their
 * timers, fly: none may run while held.  mod's false means "queued" or
 * "disabled" alike, so these are not in the queued/ran accounting.
 */
static void xdelayed_op(struct mix *m, int id, struct rnd_state *rnd)
{
	struct swork *s = &m->x[stress_rnd(rnd, NR_XDWORKS)];
	bool own = (s - m->x) % NR_OPERATORS == id;
	unsigned long delay = stress_rnd(rnd, 2);

	switch (stress_rnd(rnd, 5)) {
	case 0:
	case 1:
		kthread_ng_mod_delayed_work(s->worker, &s->dwork, delay);
		break;
	case 2:
		kthread_ng_queue_delayed_work(s->worker, &s->dwork, delay);
		break;
	case 3:
		kthread_ng_cancel_delayed_work(&s->dwork);
		break;
	case 4:
		if (!own)
			break;
		kthread_ng_disable_delayed_work_sync(&s->dwork);
		WRITE_ONCE(s->blocked, 1);
		if (stress_rnd(rnd, 8))
			udelay(stress_rnd(rnd, 50));
		else
			schedule_timeout_uninterruptible(1);
		WRITE_ONCE(s->blocked, 0);
		kthread_ng_enable_delayed_work(&s->dwork);
		break;
	}
}

static int operator_fn(void *arg)
{
	struct operator *o = arg;
	int i, n = 25000;

	/* Half the operators preempt the workers and the others. */
	if (o->id & 1)
		sched_set_fifo_low(current);
	for (i = 0; i < n; i++) {
		int kind = stress_rnd(&o->rnd, 8);

		if (kind < 4)
			plain_op(o->m, o->id, &o->rnd);
		else if (kind < 7)
			delayed_op(o->m, &o->rnd);
		else
			xdelayed_op(o->m, o->id, &o->rnd);
		atomic_inc(&o->m->ops);
		if (!(i % 256))
			cond_resched();
	}
	return kng_test_finish(&o->m->finished);
}

/*
 * What debugfs says of the mix's workers once it settled: nothing pending on
 * any (queued = executed + canceled), every execution the mix counted and no
 * other, and, with latency_stats on, a queue-to-start latency for each.
 * Returns the number of executions debugfs shows.
 */
static u64 check_debugfs_workers(struct kunit *test, struct mix *m)
{
	char *buf = kvzalloc(PAGE_SIZE * 8, GFP_KERNEL);
	char lat_on[4] = "";
	u64 executed = 0;
	int i, seen = 0;
	char *line, *next;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	kng_test_read_file("/sys/module/kthread_ng/parameters/latency_stats",
			   lat_on, sizeof(lat_on));
	KUNIT_ASSERT_GT(test, kng_test_read_file(KNG_DEBUGFS_WORKERS, buf,
						 PAGE_SIZE * 8), 0);
	for (line = buf; *line; line = next) {
		unsigned long long q, x, c, p, lat;
		char comm[TASK_COMM_LEN];
		int pid;

		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		if (sscanf(line, "%15s %d %llu %llu %llu %llu %llu", comm, &pid,
			   &q, &x, &c, &p, &lat) != 7)
			continue;
		for (i = 0; i < NR_WORKERS; i++)
			if (pid == task_pid_nr(m->w[i]->task))
				break;
		if (i == NR_WORKERS)
			continue;
		seen++;
		executed += x;
		KUNIT_EXPECT_EQ_MSG(test, p, 0ULL, "%s: %llu pending", comm, p);
		KUNIT_EXPECT_EQ_MSG(test, q, x + c,
				    "%s: queued %llu, executed %llu, canceled %llu",
				    comm, q, x, c);
		if (lat_on[0] == 'Y')
			KUNIT_EXPECT_GT_MSG(test, lat, 0ULL, "%s: no latency", comm);
	}
	KUNIT_EXPECT_EQ(test, seen, NR_WORKERS);
	kvfree(buf);
	return executed;
}

static void test_stress_works(struct kunit *test)
{
	struct operator op[NR_OPERATORS];
	struct task_struct *t[NR_OPERATORS];
	int i, lost = 0, queued = 0, canceled = 0, runs = 0, xruns = 0;
	struct mix *m;

	m = kvzalloc(sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	init_completion(&m->finished);
	for (i = 0; i < NR_WORKERS; i++) {
		m->w[i] = kthread_ng_run_worker(0, "kng_s_w%d", i);
		kng_test_track_worker(test, m->w[i]);
	}
	for (i = 0; i < NR_WORKS; i++) {
		kthread_ng_init_work(&m->s[i].work, swork_fn);
		m->s[i].worker = m->w[i % NR_WORKERS];
		m->s[i].violations = &m->violations;
	}
	for (i = 0; i < NR_DWORKS; i++) {
		kthread_ng_init_delayed_work(&m->d[i].dwork, sdwork_fn);
		m->d[i].worker = m->w[i % NR_WORKERS];
		m->d[i].violations = &m->violations;
	}
	for (i = 0; i < NR_XDWORKS; i++) {
		kthread_ng_init_delayed_work(&m->x[i].dwork, sdwork_fn);
		m->x[i].worker = m->w[i % NR_WORKERS];
		m->x[i].violations = &m->violations;
	}
	for (i = 0; i < NR_OPERATORS; i++) {
		op[i].m = m;
		op[i].id = i;
		stress_rnd_init(&op[i].rnd, test, i);
		t[i] = kthread_ng_create_on_cpu(operator_fn, &op[i],
						i % num_online_cpus(), "kng_s_op/%u");
		kng_test_track(test, t[i]);
		wake_up_process(t[i]);
	}
	for (i = 0; i < NR_OPERATORS; i++)
		wait_for_completion(&m->finished);
	for (i = 0; i < NR_OPERATORS; i++)
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, t[i]), 0);

	/* Settle: what is pending now is either canceled or run, once. */
	for (i = 0; i < NR_WORKS; i++)
		if (kthread_ng_disable_work_sync(&m->s[i].work))
			atomic_inc(&m->s[i].canceled);
	for (i = 0; i < NR_DWORKS; i++)
		if (kthread_ng_disable_delayed_work_sync(&m->d[i].dwork))
			atomic_inc(&m->d[i].canceled);
	for (i = 0; i < NR_XDWORKS; i++)
		kthread_ng_disable_delayed_work_sync(&m->x[i].dwork);
	for (i = 0; i < NR_WORKERS; i++)
		kthread_ng_flush_worker(m->w[i]);

	for (i = 0; i < NR_WORKS + NR_DWORKS; i++) {
		struct swork *s = i < NR_WORKS ? &m->s[i] : &m->d[i - NR_WORKS];
		int q = atomic_read(&s->queued), c = atomic_read(&s->canceled);
		int r = atomic_read(&s->runs);

		/* Every queueing ran once or was canceled once. */
		if (r != q - c)
			lost++;
		queued += q;
		canceled += c;
		runs += r;
	}
	for (i = 0; i < NR_XDWORKS; i++)
		xruns += atomic_read(&m->x[i].runs);
	/* The workers counted each execution too, and nothing else. */
	if (kng_test_have_file(KNG_DEBUGFS_WORKERS))
		KUNIT_EXPECT_EQ(test, check_debugfs_workers(test, m),
				(u64)(runs + xruns));
	else
		kunit_info(test, "no debugfs: the workers' counters not compared");
	pr_info("KNG-STRESS works: %d operations on %d workers from %d cpus: %d queued, %d canceled, %d ran, %d unaccounted, %d ran while disabled\n",
		atomic_read(&m->ops), NR_WORKERS, num_online_cpus(), queued,
		canceled, runs, lost, atomic_read(&m->violations));
	KUNIT_EXPECT_EQ(test, atomic_read(&m->ops), NR_OPERATORS * 25000);
	KUNIT_EXPECT_EQ(test, lost, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&m->violations), 0);
	atomic64_add(atomic_read(&m->ops), &totals.ops);
	atomic64_add(queued, &totals.queued);
	atomic64_add(canceled, &totals.canceled);
	atomic64_add(runs, &totals.runs);
	atomic64_add(lost, &totals.lost);
	atomic64_add(atomic_read(&m->violations), &totals.violations);
	for (i = 0; i < NR_WORKERS; i++)
		kng_test_destroy_worker(test, m->w[i]);
	kvfree(m);
}

/* ------------------------------------------------------------------ */

#define HP_CYCLES	10	/* per secondary cpu and round */
#define NR_STORMERS	2

/*
 * A per-cpu thread, and the mutex that makes its park/unpark pairs atomic
 * against each other: the storm and the hotplug driver both park and unpark
 * it, and a second park of a parked thread is a misuse.
 */
struct pcpu {
	struct task_struct	*task;
	unsigned int		cpu;
	struct mutex		lock;		/* one park/unpark pair */
	atomic_t		*wrong_cpu;
	atomic_t		unparked;
};

struct hotplug {
	struct pcpu		pc[NR_CPUS];
	struct rnd_state	rnd[NR_STORMERS];	/* one per stormer */
	atomic_t		next;			/* stormer index */
	unsigned int		nr;
	atomic_t		wrong_cpu;
	atomic_t		bad;
	atomic_t		parks;
	atomic_t		hotplugs;
	bool			done;
	struct completion	finished;
};

static int pcpu_fn(void *arg)
{
	struct pcpu *pc = arg;

	while (!kthread_ng_should_stop()) {
		if (kthread_ng_should_park()) {
			kthread_ng_parkme();
			/*
			 * Unparked, so its cpu is online (the hotplug driver
			 * parks it before the cpu goes, and cannot take the
			 * cpu while it runs): it must run there.
			 */
			if (raw_smp_processor_id() != pc->cpu)
				atomic_inc(pc->wrong_cpu);
			atomic_inc(&pc->unparked);
			continue;
		}
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_ng_should_stop_or_park())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 5;
}

static int stormer_fn(void *arg)
{
	struct hotplug *h = arg;
	struct rnd_state *rnd = &h->rnd[atomic_inc_return(&h->next) - 1];

	while (!READ_ONCE(h->done)) {
		struct pcpu *pc = &h->pc[stress_rnd(rnd, h->nr)];

		mutex_lock(&pc->lock);
		if (kthread_ng_park(pc->task))
			atomic_inc(&h->bad);
		kthread_ng_unpark(pc->task);
		mutex_unlock(&pc->lock);
		atomic_inc(&h->parks);
		if (stress_rnd(rnd, 2))
			cond_resched();
	}
	return kng_test_finish(&h->finished);
}

static void test_stress_hotplug(struct kunit *test)
{
	struct task_struct *storm[NR_STORMERS];
	struct hotplug *h;
	unsigned int i, cpu, k;

	KUNIT_ASSERT_GE_MSG(test, num_online_cpus(), 2,
			    "needs a second cpu to take off line");
	h = kvzalloc(sizeof(*h), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h);
	init_completion(&h->finished);
	for_each_online_cpu(cpu) {
		struct pcpu *pc = &h->pc[h->nr++];

		pc->cpu = cpu;
		pc->wrong_cpu = &h->wrong_cpu;
		mutex_init(&pc->lock);
		pc->task = kthread_ng_create_on_cpu(pcpu_fn, pc, cpu,
						    "kng_s_pc/%u");
		kng_test_track(test, pc->task);
		kthread_ng_set_per_cpu(pc->task, cpu);
		wake_up_process(pc->task);
	}
	for (i = 0; i < NR_STORMERS; i++)
		stress_rnd_init(&h->rnd[i], test, i);
	for (i = 0; i < NR_STORMERS; i++) {
		storm[i] = kthread_ng_run(stormer_fn, h, "kng_s_storm%u", i);
		kng_test_track(test, storm[i]);
	}

	/* Each secondary cpu goes and comes back while the others storm. */
	for (k = 0; k < HP_CYCLES; k++) {
		for (i = 1; i < h->nr; i++) {
			struct pcpu *pc = &h->pc[i];

			mutex_lock(&pc->lock);
			if (kthread_ng_park(pc->task))
				atomic_inc(&h->bad);
			if (remove_cpu(pc->cpu) || add_cpu(pc->cpu))
				atomic_inc(&h->bad);
			kthread_ng_unpark(pc->task);
			mutex_unlock(&pc->lock);
			atomic_inc(&h->hotplugs);
		}
	}
	WRITE_ONCE(h->done, true);
	for (i = 0; i < NR_STORMERS; i++)
		wait_for_completion(&h->finished);
	for (i = 0; i < NR_STORMERS; i++)
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, storm[i]), 0);
	for (i = 0; i < h->nr; i++) {
		KUNIT_EXPECT_EQ(test, kng_test_stop(test, h->pc[i].task), 5);
		mutex_destroy(&h->pc[i].lock);
	}

	pr_info("KNG-STRESS hotplug: %d cpu off/on cycles, %d park/unpark of %u per-cpu threads, %d ran on a wrong cpu, %d bad\n",
		atomic_read(&h->hotplugs), atomic_read(&h->parks) +
		atomic_read(&h->hotplugs), h->nr,
		atomic_read(&h->wrong_cpu), atomic_read(&h->bad));
	KUNIT_EXPECT_EQ(test, atomic_read(&h->hotplugs),
			HP_CYCLES * (h->nr - 1));
	KUNIT_EXPECT_EQ(test, atomic_read(&h->wrong_cpu), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->bad), 0);
	atomic64_add(atomic_read(&h->hotplugs), &totals.hotplugs);
	atomic64_add(atomic_read(&h->parks) + atomic_read(&h->hotplugs),
		     &totals.pc_parks);
	atomic64_add(atomic_read(&h->wrong_cpu), &totals.wrong_cpu);
	atomic64_add(atomic_read(&h->bad), &totals.hp_bad);
	kvfree(h);
}

static void kng_stress_suite_exit(struct kunit_suite *suite)
{
	pr_info("KNG-STRESS total threads: %lld create/stop cycles, %lld self-exits, %lld park/unpark, %lld bad\n",
		atomic64_read(&totals.cycles), atomic64_read(&totals.self_exits),
		atomic64_read(&totals.parks), atomic64_read(&totals.thread_bad));
	pr_info("KNG-STRESS total works: %lld operations, %lld queued, %lld canceled, %lld ran, %lld unaccounted, %lld ran while disabled\n",
		atomic64_read(&totals.ops), atomic64_read(&totals.queued),
		atomic64_read(&totals.canceled), atomic64_read(&totals.runs),
		atomic64_read(&totals.lost), atomic64_read(&totals.violations));
	pr_info("KNG-STRESS total hotplug: %lld cpu off/on cycles, %lld per-cpu park/unpark, %lld on a wrong cpu, %lld bad\n",
		atomic64_read(&totals.hotplugs), atomic64_read(&totals.pc_parks),
		atomic64_read(&totals.wrong_cpu), atomic64_read(&totals.hp_bad));
}

static struct kunit_case kng_stress_cases[] = {
	KNG_CASE_PARAM_SLOW(test_stress_threads, stress_round),
	KNG_CASE_PARAM_SLOW(test_stress_works, stress_round),
	KNG_CASE_PARAM_SLOW(test_stress_hotplug, stress_round),
	{}
};

static struct kunit_suite kng_stress_suite = {
	.name = "kthread_ng_stress",
	.init = kng_test_init,
	.exit = kng_test_exit,
	.suite_init = kng_stress_suite_init,
	.suite_exit = kng_stress_suite_exit,
	.test_cases = kng_stress_cases,
};

kunit_test_suite(kng_stress_suite);
