# SPDX-License-Identifier: GPL-2.0-only
# Symbol namespaces are a bare token up to 6.12 and a string literal from 6.13
# on.  Ask the headers we build against how MODULE_IMPORT_NS() spells its
# argument instead of comparing version numbers; kthread_ng.h reads the result.
kng_ns_string := $(shell grep -qs 'MODULE_INFO(import_ns, ns)' \
	$(srctree)/include/linux/module.h && echo y)
ccflags-y += -DKTHREAD_NG_NS_PROBED $(if $(kng_ns_string),-DKTHREAD_NG_NS_STRING)
