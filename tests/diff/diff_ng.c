// SPDX-License-Identifier: GPL-2.0-only
/* The scenarios against kthread_ng. */
#define KNG_DIFF_NG
#include "scenarios.c"
