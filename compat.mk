# SPDX-License-Identifier: GPL-2.0-only
# Ask the headers we build against what differs between 6.1, 6.12 and later,
# instead of comparing version numbers; kng_compat.h and kthread_ng.h read
# the results.
#
# Symbol namespaces: a bare token up to 6.12, a string literal from 6.13 on.
kng_ns_string := $(shell grep -qs 'MODULE_INFO(import_ns, ns)' \
	$(srctree)/include/linux/module.h && echo y)
# EEVDF's delayed dequeue (6.12): a sleeping task may stay queued.
kng_sched_delayed := $(shell grep -qs 'sched_delayed' \
	$(srctree)/include/linux/sched.h && echo y)

# 6.16: from_timer() became timer_container_of().
kng_timer_container_of := $(shell grep -qs 'define timer_container_of' \
	$(srctree)/include/linux/timer.h && echo y)
# 6.15: hrtimer_init() gave way to hrtimer_setup() (the tests use hrtimers).
kng_hrtimer_setup := $(shell grep -qs 'void hrtimer_setup.struct hrtimer' \
	$(srctree)/include/linux/hrtimer.h && echo y)
# 6.17: a KUnit parameter generator takes the test first.
kng_kunit_gen_test := $(shell grep -qs 'generate_params..struct kunit' \
	$(srctree)/include/kunit/test.h && echo y)

# 6.8: stack_depot_save_flags(), with __stack_depot_save() gone.
kng_stack_depot_flags := $(shell grep -qs 'stack_depot_save_flags' \
	$(srctree)/include/linux/stackdepot.h && echo y)

# 6.6: kthread_stop_put(); 6.10: workqueue's disable_work() (the
# differential suite compares what the kernel has).
kng_kthread_stop_put := $(shell grep -qs 'kthread_stop_put' \
	$(srctree)/include/linux/kthread.h && echo y)
kng_wq_disable := $(shell grep -qs 'disable_work_sync' \
	$(srctree)/include/linux/workqueue.h && echo y)
# 6.17: a per-cpu workqueue says so (WQ_PERCPU), or its creation warns;
# 6.12's stable releases define the flag too, and ignore it.
kng_wq_percpu := $(shell grep -qs 'WQ_PERCPU' \
	$(srctree)/include/linux/workqueue.h && echo y)

# 7.x: kernel threads resolve paths against nullfs unless they borrow
# init's root (the tests read debugfs from a kthread).
kng_init_fs := $(shell grep -qs 'define scoped_with_init_fs' \
	$(srctree)/include/linux/fs_struct.h && echo y)

# 6.14: kthread_affine_preferred(), exported.
kng_kthread_affine_preferred := $(shell grep -qs 'int kthread_affine_preferred' \
	$(srctree)/include/linux/kthread.h && echo y)

ccflags-y += $(if $(kng_ns_string),-DKTHREAD_NG_NS_STRING)
ccflags-y += $(if $(kng_kthread_affine_preferred),-DKNG_HAVE_KTHREAD_AFFINE_PREFERRED)
ccflags-y += $(if $(kng_init_fs),-DKNG_HAVE_SCOPED_WITH_INIT_FS)
ccflags-y += $(if $(kng_kthread_stop_put),-DKNG_HAVE_KTHREAD_STOP_PUT)
ccflags-y += $(if $(kng_wq_disable),-DKNG_HAVE_WQ_DISABLE)
ccflags-y += $(if $(kng_wq_percpu),-DKNG_HAVE_WQ_PERCPU)
ccflags-y += $(if $(kng_timer_container_of),-DKNG_HAVE_TIMER_CONTAINER_OF)
ccflags-y += $(if $(kng_hrtimer_setup),-DKNG_HAVE_HRTIMER_SETUP)
ccflags-y += $(if $(kng_kunit_gen_test),-DKNG_KUNIT_GEN_TAKES_TEST)
ccflags-y += $(if $(kng_sched_delayed),-DKNG_HAVE_SCHED_DELAYED)
ccflags-y += $(if $(kng_stack_depot_flags),-DKNG_HAVE_STACK_DEPOT_SAVE_FLAGS)
