// SPDX-License-Identifier: GPL-2.0-only
/*
 * Canceling and disabling a work: the calls a user makes, each one a mode
 * of kng_cancel() in worker.c, where the transitions they make are written
 * down ("States of a work").  kthread_ng_enable_work(), which only lowers
 * the count, stays with them there.
 */
#include <linux/bug.h>

#include "kng_internal.h"

/**
 * kthread_ng_cancel_work - cancel a pending work without waiting
 * @work: the work
 *
 * Takes @work off its worker if it is pending.  A running instance runs on;
 * @work may be queued again at once.  Safe from any context, hard IRQ
 * included.
 *
 * Return: true if @work was pending.
 */
bool kthread_ng_cancel_work(struct kthread_ng_work *work)
{
	if (WARN_ONCE(!work, "%s: NULL\n", __func__))
		return false;
	return kng_cancel(work, 0, __func__);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_cancel_work, KTHREAD_NG_NS);

/**
 * kthread_ng_cancel_delayed_work - cancel a delayed work without waiting
 * @dwork: the delayed work
 *
 * Disarms the timer and takes the work off its worker.  Safe from any
 * context, hard IRQ included.  If the timer has fired and its callback has
 * not queued the work yet, waits for the callback (a short spin: the timer
 * is IRQ-safe), as workqueue's cancel_delayed_work() does: when this
 * returns no timer callback touches @dwork.  A running instance runs on:
 * before @dwork is freed, cancel it with the _sync variant or destroy its
 * worker.
 *
 * Return: true if @dwork was pending (on its timer or queued).
 */
bool kthread_ng_cancel_delayed_work(struct kthread_ng_delayed_work *dwork)
{
	if (WARN_ONCE(!dwork, "%s: NULL\n", __func__))
		return false;
	return kng_cancel(&dwork->work, KNG_CANCEL_DELAYED, __func__);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_cancel_delayed_work, KTHREAD_NG_NS);

/**
 * kthread_ng_cancel_work_sync - cancel a work and wait for it to finish
 * @work: the work
 *
 * When this returns @work is neither pending nor running, unless it was
 * queued again after the cancel.  Of the work of a delayed work it also
 * waits for a timer callback in flight, as
 * kthread_ng_cancel_delayed_work_sync() does.  Works that queue themselves again stop
 * doing so: queueing is refused while the cancel waits.
 *
 * Context: process context; sleeps.  Not from @work itself.
 * Where it may not sleep it warns and cancels without waiting.
 * Return: true if @work was pending.
 */
bool kthread_ng_cancel_work_sync(struct kthread_ng_work *work)
{
	if (WARN_ONCE(!work, "%s: NULL\n", __func__))
		return false;
	return kng_cancel(work, KNG_CANCEL_SYNC, __func__);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_cancel_work_sync, KTHREAD_NG_NS);

/**
 * kthread_ng_cancel_delayed_work_sync - cancel a delayed work and wait
 * @dwork: the delayed work
 *
 * As kthread_ng_cancel_work_sync(); also waits for a timer callback in
 * flight, so @dwork may be freed when this returns.
 *
 * Context: process context; sleeps.  Not from @dwork itself.
 * Where it may not sleep it warns and cancels without waiting.
 * Return: true if @dwork was pending.
 */
bool kthread_ng_cancel_delayed_work_sync(struct kthread_ng_delayed_work *dwork)
{
	if (WARN_ONCE(!dwork, "%s: NULL\n", __func__))
		return false;
	return kng_cancel(&dwork->work, KNG_CANCEL_DELAYED | KNG_CANCEL_SYNC,
			  __func__);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_cancel_delayed_work_sync, KTHREAD_NG_NS);

/**
 * kthread_ng_disable_work - cancel a work and refuse to queue it
 * @work: the work
 *
 * Raises @work's disable count and cancels it as kthread_ng_cancel_work()
 * does.  Until the matching kthread_ng_enable_work(), queueing @work returns
 * false.  Calls nest.  Safe from any context, hard IRQ included.
 *
 * Return: true if @work was pending.
 */
bool kthread_ng_disable_work(struct kthread_ng_work *work)
{
	if (WARN_ONCE(!work, "%s: NULL\n", __func__))
		return false;
	return kng_cancel(work, KNG_CANCEL_DISABLE, __func__);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_disable_work, KTHREAD_NG_NS);

/**
 * kthread_ng_disable_work_sync - disable a work and wait for it to finish
 * @work: the work
 *
 * As kthread_ng_disable_work(), then waits for a running instance.
 *
 * Context: process context; sleeps.  Not from @work itself.
 * Where it may not sleep it warns and cancels without waiting.
 * Return: true if @work was pending.
 */
bool kthread_ng_disable_work_sync(struct kthread_ng_work *work)
{
	if (WARN_ONCE(!work, "%s: NULL\n", __func__))
		return false;
	return kng_cancel(work, KNG_CANCEL_DISABLE | KNG_CANCEL_SYNC,
			  __func__);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_disable_work_sync, KTHREAD_NG_NS);

/**
 * kthread_ng_disable_delayed_work - disable a delayed work
 * @dwork: the delayed work
 *
 * As kthread_ng_disable_work(); the timer is disarmed.  Any context.
 *
 * Return: true if @dwork was pending.
 */
bool kthread_ng_disable_delayed_work(struct kthread_ng_delayed_work *dwork)
{
	if (WARN_ONCE(!dwork, "%s: NULL\n", __func__))
		return false;
	return kng_cancel(&dwork->work, KNG_CANCEL_DISABLE | KNG_CANCEL_DELAYED,
			  __func__);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_disable_delayed_work, KTHREAD_NG_NS);

/**
 * kthread_ng_disable_delayed_work_sync - disable a delayed work and wait
 * @dwork: the delayed work
 *
 * As kthread_ng_disable_delayed_work(), then waits for a timer callback in
 * flight and for a running instance.
 *
 * Context: process context; sleeps.  Not from @dwork itself.
 * Where it may not sleep it warns and cancels without waiting.
 * Return: true if @dwork was pending.
 */
bool kthread_ng_disable_delayed_work_sync(struct kthread_ng_delayed_work *dwork)
{
	if (WARN_ONCE(!dwork, "%s: NULL\n", __func__))
		return false;
	return kng_cancel(&dwork->work, KNG_CANCEL_DISABLE |
			  KNG_CANCEL_DELAYED | KNG_CANCEL_SYNC, __func__);
}
EXPORT_SYMBOL_NS_GPL(kthread_ng_disable_delayed_work_sync, KTHREAD_NG_NS);
