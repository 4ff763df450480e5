#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make doc`: Documentation/ as HTML in out/doc/html, built by Sphinx with
# the kernel's kernel-doc extension (Documentation/conf.py), whose
# `.. kernel-doc::` directives in Documentation/kthread_ng.rst pull the API
# reference out of the sources.  Fails on any Sphinx warning, on a source
# file with exports that no directive names, and on an exported symbol
# without kernel-doc.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tools=$(scripts/kernel-tools.sh)
command -v sphinx-build >/dev/null ||
	{ echo "doc: sphinx-build is missing (Debian: python3-sphinx; make deps)"; exit 1; }
rc=0
rst=Documentation/kthread_ng.rst

# Every source file that exports (kng_fault.c's are the test build's, not
# the API) is named by a directive, and each export has its entry.
for f in $(grep -l 'EXPORT_SYMBOL' ./*.c | sed 's|^\./||' | grep -vx kng_fault.c); do
	grep -qx "\.\. kernel-doc:: $f" "$rst" ||
		{ echo "doc: $f exports symbols but no kernel-doc directive names it"; rc=1; continue; }
	entries=$(perl "$tools/scripts/kernel-doc" -rst -export "$f" 2>/dev/null)
	for s in $(grep -ho 'EXPORT_SYMBOL[A-Z_]*([A-Za-z0-9_]*' "$f" | sed 's/.*(//' | sort -u); do
		grep -qE "^\.\. c:(function|macro):: .*\b$s ?\(" <<< "$entries" ||
			{ echo "doc: $s ($f) is exported but has no kernel-doc"; rc=1; }
	done
done
[ $rc = 0 ] && echo "doc: every exported symbol has its kernel-doc, and every file its directive"

rm -rf out/doc
mkdir -p out/doc
if KNG_KERNEL_TOOLS=$tools sphinx-build -q -W --keep-going -b html \
	-d out/doc/doctrees Documentation out/doc/html 2> out/doc/sphinx.log; then
	echo "doc: out/doc/html/index.html ($(grep -c 'class="sig-name' out/doc/html/kthread_ng.html) entries in the API reference)"
else
	echo "doc: Sphinx warned:"
	cat out/doc/sphinx.log
	rc=1
fi
exit $rc
