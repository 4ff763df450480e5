#!/bin/bash
# Test of scripts/port-to-ng on real in-tree kthread_worker users, taken from
# Debian's linux-source tarball at test time (nothing of them is committed):
# every kthread name must be rewritten, and the result must compile against
# kthread_ng.h in the test kernel's tree.
#
#   scripts/port-test.sh KBUILD_DIR
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kb=${1:?usage: port-test.sh KBUILD_DIR}
src=$(readlink -f "$kb/source")
out=$top/out/port
rm -rf "$out"; mkdir -p "$out"
# Which meaning kthread_create_worker() has in these sources: it starts the
# thread before 6.14, which added kthread_run_worker().
era=6
grep -qs 'define kthread_run_worker(' "$src/include/linux/kthread.h" && era=7
# Each user with the private header that declares its kthread_worker fields.
port_one() {	# SOURCE HEADER INCLUDE-AS
	local c=$1 h=$2 inc=$3 b
	b=$(basename "$c")
	cp "$src/$c" "$out/$b"
	cp "$src/$h" "$out/$(basename "$h")"
	# The ported header, not the kernel's, for this file.
	sed -i "s|#include <$inc>|#include \"$(basename "$h")\"|" "$out/$b"
	before=$(cat "$out/$b" "$out/$(basename "$h")" | grep -cE '\bkthread_|KTW_FREEZABLE' || true)
	n6=$(grep -c 'kthread_create_worker(' "$out/$b" || true)
	"$top/scripts/port-to-ng" --from $era "$out/$b" "$out/$(basename "$h")"
	"$top/scripts/port-to-ng" --check "$out/$b" "$out/$(basename "$h")"
	# A 6.x source's workers must still start: kthread_ng_run_worker().
	if [ $era = 6 ] && [ "$(grep -c 'kthread_ng_run_worker(' "$out/$b" || true)" != "$n6" ]; then
		echo "port-test: $c: kthread_create_worker() not ported as run_worker"; exit 1
	fi
	echo "port-test: $c (+ $h, written for $era.x): $before kthread lines rewritten, none left"
	objs="$objs ${b%.c}.o"
}
objs=""
port_one drivers/ptp/ptp_clock.c drivers/ptp/ptp_private.h ptp_private.h
port_one crypto/crypto_engine.c include/crypto/internal/engine.h crypto/internal/engine.h
cat > "$out/Kbuild" <<KB
obj-m += $objs
ccflags-y += -I$top -I$src/crypto
# ptp_clock.c is the implementation behind these stubs' config switch.
CFLAGS_ptp_clock.o += -DCONFIG_PTP_1588_CLOCK_MODULE=1
include $top/compat.mk
KB
for o in $objs; do
	make -C "$kb" M="$out" W=1 "$o" > "$out/${o%.o}.log" 2>&1 ||
		{ cat "$out/${o%.o}.log"; echo "port-test: $o does not compile"; exit 1; }
	echo "port-test: $o compiles against kthread_ng.h"
done
