#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Put kthread_ng into a kernel source tree, as drivers/kthread_ng, so that
# the kernel's own build (and kunit.py) builds it from its Kconfig:
#
#   scripts/graft-into-kernel.sh KSRC
#   cd KSRC && ./tools/testing/kunit/kunit.py run --arch=x86_64 \
#       --kunitconfig=drivers/kthread_ng/tests --qemu_args="-smp 2" --timeout=1800
#
# Copies the sources (again, if run again) and adds one line each to
# drivers/Kconfig and drivers/Makefile unless they are there.  The two files
# are rewritten, not edited in place, so a tree of hard links stays intact.
set -euo pipefail

ksrc=$(realpath "${1:?usage: graft-into-kernel.sh KSRC}")
top=$(cd "$(dirname "$0")/.." && pwd)
dst=$ksrc/drivers/kthread_ng

[ -f "$ksrc/drivers/Kconfig" ] && [ -f "$ksrc/drivers/Makefile" ] ||
	{ echo "graft: $ksrc is not a kernel source tree" >&2; exit 1; }
rm -rf "$dst"
mkdir -p "$dst"
(cd "$top" && cp -r Kbuild Kconfig VERSION compat.mk ./*.h ./*.c tests "$dst/")
find "$dst" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete

grep -q 'drivers/kthread_ng/Kconfig' "$ksrc/drivers/Kconfig" ||
	sed -i '$ s|^endmenu$|source "drivers/kthread_ng/Kconfig"\n\nendmenu|' "$ksrc/drivers/Kconfig"
grep -q 'drivers/kthread_ng/Kconfig' "$ksrc/drivers/Kconfig" ||
	{ echo "graft: could not add to drivers/Kconfig" >&2; exit 1; }
grep -q 'CONFIG_KTHREAD_NG' "$ksrc/drivers/Makefile" ||
	sed -i '$ a obj-$(CONFIG_KTHREAD_NG)\t\t+= kthread_ng/' "$ksrc/drivers/Makefile"
echo "graft: kthread_ng $(cat "$top/VERSION") in $dst"
