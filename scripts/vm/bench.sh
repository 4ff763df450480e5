# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# The steps of `make bench` (sourced by scripts/vm/init.sh): run the
# benchmark module once, in this boot (CALLERS=N: only its N-caller row).
step "benchmarks"
insmod /m/kthread_ng.ko || echo "KNG-FAIL: insmod kthread_ng"
insmod /m/kng_bench.ko rounds=${ROUNDS:-6} callers=${CALLERS:-0} || echo "KNG-FAIL: insmod kng_bench"
rmmod kng_bench
rmmod kthread_ng || echo "KNG-FAIL: rmmod kthread_ng"
