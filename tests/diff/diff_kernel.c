// SPDX-License-Identifier: GPL-2.0-only
/* The scenarios against the kernel's kthread API, kthread_worker, workqueue. */
#include "scenarios.c"
