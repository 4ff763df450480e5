// SPDX-License-Identifier: GPL-2.0-only
/*
 * kthread_ng: observers kept by probes on kthread_ng's own trace events,
 * each turned on by a module parameter: the latency statistics (latency.c,
 * latency_stats) and the queuers' stacks (queuer.c, queuer_stacks).  Off,
 * they cost the engine nothing but the events' patched-out branches, which
 * are there anyway.
 *
 * A parameter may be written before module init has run (insmod's
 * arguments, the kernel command line) or succeeded, and after module exit
 * has begun (its sysfs file outlives exit): probes registered then would be
 * left on tracepoints whose module is going away.  So a parameter only
 * records the wish (@want), and a set's probes are registered while both it
 * and @live, set by module init once nothing can fail any more and cleared
 * by module exit, hold.  kng_probes_lock protects @want, @live and @on of
 * every set, and what a set's @reg allocates for its probes (they are
 * unregistered, and no probe runs any more, before @unreg frees it).
 */
#define pr_fmt(fmt) "kthread_ng: " fmt

#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sysfs.h>
#include <linux/tracepoint.h>

#include "kng_internal.h"
#include "kng_observe.h"

/* Every set's @want, @live and @on, and what its probes use: see above. */
DEFINE_MUTEX(kng_probes_lock);

/* Register or unregister @set's probes as the wish and the module's life say. */
static int kng_probes_apply(struct kng_probes *set)
{
	bool on = set->want && set->live;
	int ret;

	lockdep_assert_held(&kng_probes_lock);
	if (on == set->on)
		return 0;
	if (on) {
		ret = set->reg();
		if (ret)
			return ret;
	} else {
		set->unreg();
	}
	WRITE_ONCE(set->on, on);
	return 0;
}

/* A set's @reg failing half way, and its @unreg: no probe runs after this. */
void kng_probes_synchronize(void)
{
	tracepoint_synchronize_unregister();
}

static int kng_probes_set(const char *val, const struct kernel_param *kp)
{
	struct kng_probes *set = kp->arg;
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	mutex_lock(&kng_probes_lock);
	WRITE_ONCE(set->want, on);
	ret = kng_probes_apply(set);
	/* What the parameter reads is what holds. */
	if (ret)
		WRITE_ONCE(set->want, set->on);
	mutex_unlock(&kng_probes_lock);
	return ret;
}

static int kng_probes_get(char *buf, const struct kernel_param *kp)
{
	struct kng_probes *set = kp->arg;

	return sysfs_emit(buf, "%c\n", READ_ONCE(set->want) ? 'Y' : 'N');
}

const struct kernel_param_ops kng_probes_ops = {
	.set	= kng_probes_set,
	.get	= kng_probes_get,
};

/*
 * Module init, once nothing can fail (a wish from the load now holds), and
 * module exit (no probe of @set may stay registered, or be registered).
 */
void kng_probes_live(struct kng_probes *set, bool live)
{
	int ret;

	mutex_lock(&kng_probes_lock);
	set->live = live;
	ret = kng_probes_apply(set);
	if (ret) {
		WRITE_ONCE(set->want, false);
		pr_warn("%s not turned on: %d\n", set->name, ret);
	}
	mutex_unlock(&kng_probes_lock);
}

/* Are @set's probes registered? */
bool kng_probes_on(struct kng_probes *set)
{
	return READ_ONCE(set->on);
}
