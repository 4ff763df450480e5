// SPDX-License-Identifier: GPL-2.0-only
/* kthread_ng's KUnit suites, run when this module loads. */
#include "kng_test.h"

kunit_test_suites(&kng_thread_suite, &kng_thread_stress_suite,
		  &kng_worker_suite, &kng_worker_race_suite, &kng_extra_suite,
		  &kng_misuse_suite, &kng_stress_suite);

#ifdef KNG_FAULT_INJECT
/* kthread_ng's test build only: its fault hooks drive this suite. */
kunit_test_suites(&kng_fault_suite);
#endif

MODULE_DESCRIPTION("KUnit suites of kthread_ng");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(KTHREAD_NG_NS);
