// SPDX-License-Identifier: GPL-2.0-only
/*
 * A PTP hardware clock with no hardware, for the ptp client on kernels
 * without netdevsim's mock PHC (before 6.7): the system clock plus an
 * offset, and an aux work that requeues itself every 5 s, as the mock's
 * does.  The client under test is the PTP class driver it registers with.
 */
#include <linux/module.h>
#include <linux/ptp_clock_kernel.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>

#define KNG_PHC_REFRESH	(5 * HZ)

static struct ptp_clock *kng_phc;
static DEFINE_SPINLOCK(kng_phc_lock);	/* protects kng_phc_offset */
static s64 kng_phc_offset;

static int kng_phc_adjfine(struct ptp_clock_info *info, long scaled_ppm)
{
	return 0;
}

static int kng_phc_adjtime(struct ptp_clock_info *info, s64 delta)
{
	spin_lock(&kng_phc_lock);
	kng_phc_offset += delta;
	spin_unlock(&kng_phc_lock);
	return 0;
}

static int kng_phc_gettime64(struct ptp_clock_info *info, struct timespec64 *ts)
{
	s64 off;

	spin_lock(&kng_phc_lock);
	off = kng_phc_offset;
	spin_unlock(&kng_phc_lock);
	*ts = ns_to_timespec64(ktime_get_real_ns() + off);
	return 0;
}

static int kng_phc_settime64(struct ptp_clock_info *info,
			     const struct timespec64 *ts)
{
	spin_lock(&kng_phc_lock);
	kng_phc_offset = timespec64_to_ns(ts) - ktime_get_real_ns();
	spin_unlock(&kng_phc_lock);
	return 0;
}

static long kng_phc_refresh(struct ptp_clock_info *info)
{
	return KNG_PHC_REFRESH;
}

static struct ptp_clock_info kng_phc_info = {
	.owner		= THIS_MODULE,
	.name		= "kng_phc",
	.max_adj	= 100000000,
	.adjfine	= kng_phc_adjfine,
	.adjtime	= kng_phc_adjtime,
	.gettime64	= kng_phc_gettime64,
	.settime64	= kng_phc_settime64,
	.do_aux_work	= kng_phc_refresh,
};

static int __init kng_phc_init(void)
{
	kng_phc = ptp_clock_register(&kng_phc_info, NULL);
	if (IS_ERR(kng_phc))
		return PTR_ERR(kng_phc);
	ptp_schedule_worker(kng_phc, KNG_PHC_REFRESH);
	return 0;
}

static void __exit kng_phc_exit(void)
{
	ptp_clock_unregister(kng_phc);
}

module_init(kng_phc_init);
module_exit(kng_phc_exit);
MODULE_DESCRIPTION("kthread_ng real-client run: a PTP clock with no hardware");
MODULE_LICENSE("GPL");
