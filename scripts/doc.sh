#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make doc`: the kernel-doc of the public API as one reStructuredText page,
# and, when docutils is there, it and Documentation/*.rst as HTML in
# out/doc/; a page docutils warns about fails the run.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tools=$(scripts/kernel-tools.sh)
mkdir -p out/doc
{
	echo "=================="
	echo "kthread_ng API"
	echo "=================="
	echo
	echo "Threads"
	echo "======="
	echo
	perl "$tools/scripts/kernel-doc" -sphinx-version 3.0 -rst -export kthread_ng.c
	echo
	echo "Workers"
	echo "======="
	echo
	perl "$tools/scripts/kernel-doc" -sphinx-version 3.0 -rst -export worker.c worker_create.c worker_cancel.c worker_sched.c
	echo
	echo "Header: types, macros and inline helpers"
	echo "========================================"
	echo
	perl "$tools/scripts/kernel-doc" -sphinx-version 3.0 -rst kthread_ng.h
} > out/doc/kthread_ng.rst
echo "doc: out/doc/kthread_ng.rst ($(grep -c '^\.\. c:' out/doc/kthread_ng.rst) entries)"
# Every symbol the module exports has its entry (kng_fault.c's are the test
# build's, not the API).
missing=0
for s in $(grep -ho 'EXPORT_SYMBOL[A-Z_]*([A-Za-z0-9_]*' $(ls ./*.c | grep -v kng_fault.c) |
	   sed 's/.*(//' | sort -u); do
	grep -qE "^\.\. c:(function|macro):: .*\b$s ?\(" out/doc/kthread_ng.rst ||
		{ echo "doc: $s is exported but has no kernel-doc"; missing=1; }
done
[ $missing = 0 ] || exit 1
echo "doc: every exported symbol has its kernel-doc"
if command -v rst2html >/dev/null 2>&1 || python3 -c 'import docutils' 2>/dev/null; then
	python3 -m docutils out/doc/kthread_ng.rst out/doc/kthread_ng.html 2>/dev/null ||
		rst2html out/doc/kthread_ng.rst out/doc/kthread_ng.html 2>/dev/null || true
	[ -f out/doc/kthread_ng.html ] && echo "doc: out/doc/kthread_ng.html"
	for f in Documentation/*.rst; do
		html=out/doc/$(basename "$f" .rst).html
		[ "$(basename "$f")" = kthread_ng.rst ] && html=out/doc/overview.html
		python3 -m docutils --halt=warning "$f" "$html" ||
			{ echo "doc: $f does not render cleanly"; exit 1; }
		echo "doc: $html"
	done
fi
exit 0
