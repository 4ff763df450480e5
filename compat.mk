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

ccflags-y += $(if $(kng_ns_string),-DKTHREAD_NG_NS_STRING)
ccflags-y += $(if $(kng_sched_delayed),-DKNG_HAVE_SCHED_DELAYED)
