/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What kthread_ng.c and worker.c share and nobody else sees.
 */
#ifndef _KNG_INTERNAL_H
#define _KNG_INTERNAL_H

#include <linux/export.h>
#include "kthread_ng.h"

struct dentry;
extern struct dentry *kng_debugfs_dir;

int kng_worker_debugfs_init(void);

#endif /* _KNG_INTERNAL_H */
