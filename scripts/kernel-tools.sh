#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Print a directory holding checkpatch.pl, kernel-doc and their data files,
# and the Sphinx extension that runs kernel-doc (`make doc`), taken from
# Debian's linux-source-6.12 tarball (cached, like the kernels).
set -euo pipefail
cache=${KNG_CACHE:-/var/cache/kthread_ng}
tarball=/usr/src/linux-source-6.12.tar.xz
dir=$cache/tools-6.12
if [ ! -f "$dir/Documentation/sphinx/kerneldoc.py" ]; then
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp"
	tar -C "$dir.tmp" --strip-components=1 -xJf "$tarball" \
		linux-source-6.12/scripts/checkpatch.pl \
		linux-source-6.12/scripts/spelling.txt \
		linux-source-6.12/scripts/const_structs.checkpatch \
		linux-source-6.12/scripts/kernel-doc \
		linux-source-6.12/Documentation/sphinx/kerneldoc.py \
		linux-source-6.12/Documentation/sphinx/kernellog.py
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
fi
echo "$dir"
