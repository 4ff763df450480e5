#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run the suites as someone who grafts kthread_ng into a kernel source does:
# scripts/graft-into-kernel.sh into a copy of linux-source-$KVER (hard links:
# cheap), then the kernel's kunit.py with tests/.kunitconfig (and the
# version's amendment of the debug options), built in and
# booted under QEMU; then the console through scripts/analyze.py.  `make
# kunit` runs this.  The tree and the build stay in $KNG_CACHE for the next
# run.
set -euo pipefail

kver=${KVER:-6.12}
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${KNG_CACHE:-/var/cache/kthread_ng}
src=$cache/src-$kver
tree=$cache/kunit-src-$kver
build=$cache/kunit-build-$kver

# The pristine source, extracted once by build-kernel.sh's first steps.
if [ ! -f "$src/.kng-extracted" ]; then
	tarball=/usr/src/linux-source-$kver.tar.xz
	[ -f "$tarball" ] || { echo "kunit: $tarball missing (apt-get install linux-source-$kver)" >&2; exit 1; }
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" --strip-components=1 -xJf "$tarball"
	touch "$src.tmp/.kng-extracted"
	mv "$src.tmp" "$src"
fi
if [ ! -f "$tree/.kng-extracted" ]; then
	rm -rf "$tree"
	cp -al "$src" "$tree"
fi
"$top/scripts/graft-into-kernel.sh" "$tree"

# tests/.kunitconfig with the version's amendment of make check's debug
# options (scripts/config/debug-$KVER.config), a later line winning.
mkdir -p "$build"
kcfg=$build/kng.kunitconfig
amend=$top/scripts/config/debug-$kver.config
cp "$top/tests/.kunitconfig" "$kcfg"
if [ -f "$amend" ]; then
	grep -oE '^CONFIG_[A-Za-z0-9_]+|^# CONFIG_[A-Za-z0-9_]+ is not set' "$amend" |
		sed -E 's/^# (CONFIG_[A-Za-z0-9_]+) is not set/\1/' | while read -r o; do
		sed -i -E "/^$o=|^# $o is not set/d" "$kcfg"
	done
	grep -E '^CONFIG_|^# CONFIG_.* is not set' "$amend" >> "$kcfg"
fi

cd "$tree"
rc=0
python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
	--kunitconfig="$kcfg" --build_dir="$build" \
	--qemu_args="-smp 2" --timeout="${KUNIT_TIMEOUT:-1800}" \
	--jobs="$(($(nproc) + 1))" || rc=$?

# kunit.py judges the cases; the console is judged as make check judges it:
# every splat fails, but those the expected-warnings table lists.
judge=$(mktemp -d)
cp "$build/test.log" "$judge/console.log"
python3 "$top/scripts/analyze.py" "$judge" --no-init \
	--expected-warnings "$top/tests/expected-warnings" || rc=1
rm -rf "$judge"
exit $rc
