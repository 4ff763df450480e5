# SPDX-License-Identifier: GPL-2.0-only
# kthread_ng: out-of-tree module.  `make` builds kthread_ng.ko against KDIR;
# `make check` and `make demo` are the README's two commands.

KDIR ?= /lib/modules/$(shell uname -r)/build
# KSRC: a kernel source tree to build the test kernel from, instead of
# Debian's linux-source-$(KVER); KVER is then the tree's version.
ifneq ($(KSRC),)
KVER := $(shell sed -n 's/^VERSION = //p;s/^PATCHLEVEL = //p' "$(KSRC)/Makefile" | head -2 | paste -sd.)
export KSRC
endif
KVER ?= 6.12
# KDIR's kernel as uname -r names it: where modules_install puts modules.
KREL = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' "$(KDIR)/include/generated/utsrelease.h")

.PHONY: all modules tests install deps check clients kunit demo bench stress soak doc layout dkms-check clean help

all: modules

modules:
	@test -d "$(KDIR)" || { \
		echo "kthread_ng: no kernel build tree at $(KDIR)."; \
		echo "  Install the headers (apt-get install linux-headers-amd64) or pass KDIR=/path/to/build."; \
		exit 1; }
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" modules

# Into /lib/modules/<KDIR's kernel>/updates, then depmod: modprobe kthread_ng
# works, and a consumer's dependency on it resolves.  INSTALL_MOD_PATH=DIR
# installs under DIR instead of / (make check does, for its test VM).
install: modules
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" INSTALL_MOD_DIR=updates modules_install
	depmod -a $(if $(INSTALL_MOD_PATH),-b "$(INSTALL_MOD_PATH)") $(KREL)

tests: modules
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)/tests" \
		KBUILD_EXTRA_SYMBOLS="$(CURDIR)/Module.symvers" modules

# What the test commands need, from Debian's archive (they run this first;
# on another distribution, see what it installs and provide the same).
deps:
	scripts/deps.sh

check:
	KVER=$(KVER) $(if $(ARCH),ARCH=$(ARCH)) scripts/check.sh

# Real in-kernel users of the kthread API (watchdog core, ptp, crypto_engine),
# from the test kernel's source, native and ported, in one boot.
clients:
	KVER=$(KVER) scripts/clients.sh

# The suites through the kernel's kunit.py, kthread_ng grafted into a copy
# of the kernel source (scripts/graft-into-kernel.sh), built in.
kunit:
	KVER=$(KVER) scripts/kunit-graft.sh

demo:
	KVER=$(KVER) scripts/demo.sh

bench:
	ICOUNT=$(or $(ICOUNT),0) ROUNDS=$(or $(ROUNDS),6) $(if $(ARCH),ARCH=$(ARCH)) scripts/bench.sh

# The check run with the stress suite scaled up (25 rounds: 100,000 thread
# create/stop cycles, 2,500,000 worker operations, 750 cpu off/on cycles) on
# 4 cpus.  KCSAN=1: on the data-race kernel (scripts/config/kcsan.config)
# instead; KCSAN=strict: on the one with the strict rules and simulated weak
# memory ordering (scripts/config/kcsan-strict.config).
kng_config = $(if $(filter 1,$(KCSAN)),kcsan,$(if $(filter strict,$(KCSAN)),kcsan-strict,debug))
stress:
	KVER=$(KVER) GATES=0 SMOKE=0 SMP=4 STRESS_SCALE=$(or $(SCALE),25) STRESS_SEED=$(SEED) \
		KNG_CONFIG=$(kng_config) \
		VM_TIMEOUT=7200 scripts/check.sh

# The stress mix in a loop for MINUTES (default 30), then the totals.
soak:
	KVER=$(KVER) GATES=0 SMOKE=0 SMP=4 SOAK_SECONDS=$$(( $(or $(MINUTES),30) * 60 )) STRESS_SEED=$(SEED) \
		KNG_CONFIG=$(kng_config) \
		VM_TIMEOUT=$$(( $(or $(MINUTES),30) * 60 + 2400 )) scripts/check.sh

doc:
	scripts/doc.sh

# kthread_ng's structures field by field (pahole), beside the kernel's.
layout:
	scripts/layout.sh

dkms-check:
	scripts/dkms-check.sh

clean:
	@if [ -d "$(KDIR)" ]; then \
		$(MAKE) -C "$(KDIR)" M="$(CURDIR)/tests" clean; \
		$(MAKE) -C "$(KDIR)" M="$(CURDIR)" clean; fi
	rm -rf out

help:
	@echo "make [KDIR=...]        build kthread_ng.ko"
	@echo "make install [KDIR=...]  install it for KDIR's kernel and run depmod"
	@echo "make deps              install what the test commands need (Debian)"
	@echo "make check [KVER=6.1]  build the test kernel, run every KUnit suite in QEMU"
	@echo "make check KSRC=~/linux  the same with a test kernel built from that clean tree"
	@echo "make check ARCH=arm64  the suites on an arm64 test kernel, cross-built, in qemu-system-aarch64"
	@echo "make clients [KVER=...]  real kthread users, native and ported to kthread_ng, in QEMU"
	@echo "make kunit [KVER=...]  the suites through kunit.py, grafted into a copy of the kernel source"
	@echo "make demo              boot QEMU and show kthread_ng at work"
	@echo "make bench             benchmarks against the kernel's kthread API and workqueues"
	@echo "make bench ICOUNT=1    the same, counting instructions (QEMU -icount shift=0,sleep=off)"
	@echo "make bench ICOUNT=1 ARCH=arm64  the same on an arm64 kernel, cross-built, in qemu-system-aarch64"
	@echo "make stress [SCALE=N] [KCSAN=1|strict] [SEED=S]  the check run with the stress suite scaled up, -smp 4"
	@echo "make soak MINUTES=N    the stress mix in a loop for N minutes, then the totals"
	@echo "make doc               Documentation/ and the API reference as HTML, out/doc/html"
	@echo "make layout            kthread_ng's structures field by field, beside the kernel's"
	@echo "make dkms-check        build and install with dkms for the stock kernels, then remove"
