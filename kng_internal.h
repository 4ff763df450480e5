/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What kthread_ng.c and worker.c share and nobody else sees.
 */
#ifndef _KNG_INTERNAL_H
#define _KNG_INTERNAL_H

#include <linux/export.h>
#include "kthread_ng.h"

/* One spelling of the namespace for 6.1, 6.12 and 6.13+ (see kthread_ng.h). */
#ifdef KTHREAD_NG_NS_IS_STRING
#define KNG_EXPORT(sym)		EXPORT_SYMBOL_NS_GPL(sym, "KTHREAD_NG")
#else
#define KNG_EXPORT(sym)		EXPORT_SYMBOL_NS_GPL(sym, KTHREAD_NG)
#endif

struct dentry;
extern struct dentry *kng_debugfs_dir;

int kng_worker_debugfs_init(void);

#endif /* _KNG_INTERNAL_H */
