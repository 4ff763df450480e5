#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Print a directory holding checkpatch.pl, kernel-doc and their data files,
# taken from Debian's linux-source-6.12 tarball (cached, like the kernels).
set -euo pipefail
cache=${KNG_CACHE:-/var/cache/kthread_ng}
tarball=/usr/src/linux-source-6.12.tar.xz
dir=$cache/tools-6.12
if [ ! -x "$dir/scripts/checkpatch.pl" ]; then
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp"
	tar -C "$dir.tmp" --strip-components=1 -xJf "$tarball" \
		linux-source-6.12/scripts/checkpatch.pl \
		linux-source-6.12/scripts/spelling.txt \
		linux-source-6.12/scripts/const_structs.checkpatch \
		linux-source-6.12/scripts/kernel-doc
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
fi
echo "$dir"
