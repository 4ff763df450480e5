#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make clients`: real in-kernel users of the kthread API, taken from the
# test kernel's own source at run time (nothing of them is committed), each
# built twice as out-of-tree modules, as written (native) and ported with
# scripts/port-to-ng (ng), then run with the same workload, native then ng,
# in one boot of the debug test kernel (scripts/vm/clients.sh):
#
#   watchdog  drivers/watchdog/watchdog_{core,dev}.c: a SCHED_FIFO
#             kthread_worker fed from an hrtimer; driven by softdog,
#             whose hardware heartbeat is made short so that the core
#             pings on the user's behalf, and whose pings are counted
#   ptp       drivers/ptp/ptp_*.c: delayed works that requeue themselves,
#             kthread_mod_delayed_work(); driven by netdevsim's mock PHC
#             (6.7 and later; before, tests/clients/kng_phc.c, a PHC with
#             no hardware) and by virtual clocks
#   crypto    crypto/crypto_engine.c: a realtime kthread_worker per queue;
#             driven by virtio-crypto on QEMU's device, whose algorithms
#             the crypto manager self-tests at registration, then timed
#             cbc(aes) requests (tests/clients/kng_cbench.c)
#   pktgen    net/core/pktgen.c: per-cpu threads (kthread_create_on_node,
#             kthread_bind, freezable, kthread_stop/_stop_put); 2,000
#             packets on lo, timed, a freezer cycle while its threads run
#   vdpa      drivers/vdpa/vdpa_sim/vdpa_sim.c (6.4 and later; a workqueue
#             before): a kthread_worker with flush and cancel, and
#             kthread_use_mm() of its user's mm; driven by vdpa_sim_net,
#             whose devices `vdpa dev add` creates: frames looped through
#             virtio-net on virtio_vdpa, timed, then through rings in a
#             process's memory on vhost_vdpa
#
# The judge (scripts/analyze.py --clients) compares each client's outcome
# line, native against ng, with the listed differences of
# tests/clients/differences, fails on any splat, and prints the throughput
# ratio ng/native where a client has one.
#
#   KVER=6.12|6.1|7.3 scripts/clients.sh [KBUILD_DIR]
#
# BREAK=drop10 runs the clients on a kthread_ng broken on purpose, whose
# workers drop every tenth work they take, the first of each ten (flushes
# excepted): the clients must fail.
#
# Last line: "N passed, N failed", a client a case.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/boot.sh"
KVER=${KVER:-6.12}
say() { printf '== %s\n' "$*"; }
die() { printf 'clients: %s\n' "$*" >&2; echo "0 passed, 1 failed"; exit 1; }

kb=${1:-}
if [ -z "$kb" ]; then
	"$top/scripts/deps.sh" || die "cannot install dependencies"
	kb=$("$top/scripts/build-kernel.sh" "$KVER" debug) || die "test kernel build failed"
fi
src=$(readlink -f "$kb/source")
ver=$(sed -n 's/^VERSION = //p;s/^PATCHLEVEL = //p' "$src/Makefile" | head -2 | paste -sd.)
out=$top/out/clients-$KVER
rm -rf "$out"
mkdir -p "$out/root/c" "$out/root/m"

say "kthread_ng for the clients (no test hooks), against $KVER"
kng_top=$top
if [ "${BREAK:-}" = drop10 ]; then
	kng_top=$out/broken
	mkdir -p "$kng_top"
	(cd "$top" && cp -r Makefile Kbuild VERSION compat.mk ./*.h ./*.c samples tests scripts "$kng_top/")
	# The first of every ten works each worker takes is not run.
	sed -i 's/^\tfunc(work);$/\tif (flush || worker->nr_executed % 10 != 1)\n\t\tfunc(work);/' \
		"$kng_top/worker.c"
	grep -q 'nr_executed % 10 != 1' "$kng_top/worker.c" || die "BREAK=drop10 did not apply"
	echo "clients: BREAK=drop10: this kthread_ng's workers drop every tenth work"
elif [ -n "${BREAK:-}" ]; then
	die "BREAK=$BREAK: only drop10"
fi
"$kng_top/scripts/build-modules.sh" "$kb" "$out/kng" --no-tests || die "kthread_ng build failed"
cp "$out/kng/kthread_ng.ko" "$out/root/m/"

# copy CLIENT SIDE FILE...: the client's sources, from the kernel tree.
copy() {
	local d=$out/$1/$2 f
	shift 2
	mkdir -p "$d"
	for f in "$@"; do cp "$src/$f" "$d/"; done
}

# The private headers a client's .c includes by its own path: the local
# copy instead, so that the ng build compiles against the ported one.
localize() {	# DIR HEADER-AS-INCLUDED
	local h
	h=$(basename "$2")
	sed -i "s|#include <$2>|#include \"$h\"|" "$1"/*.c
}

# build CLIENT SIDE [PORTED-GLOB]: the Kbuild is written by the caller;
# the ng side ports the files PORTED-GLOB names (default: all of them).
build() {
	local c=$1 s=$2 d=$out/$1/$2 extra=() files
	if [ "$s" = ng ]; then
		# ported for this kernel's era (--from: its version).
		files=$(cd "$d" && eval "ls ${3:-*.c *.h}")
		(cd "$d" && "$top/scripts/port-to-ng" --from "$ver" $files) 2> "$d/port.log" ||
			{ cat "$d/port.log"; die "$c: port-to-ng failed"; }
		(cd "$d" && "$top/scripts/port-to-ng" --check $files) ||
			die "$c: kthread names left after the port"
		printf 'ccflags-y += -I%s\ninclude %s/compat.mk\n' "$top" "$top" >> "$d/Kbuild"
		extra=(KBUILD_EXTRA_SYMBOLS="$out/kng/Module.symvers")
	fi
	make -C "$kb" M="$d" W=1 "${extra[@]}" modules > "$d/build.log" 2>&1 ||
		{ cat "$d/build.log"; die "$c ($s) does not build"; }
	# The kernel's own code may warn under W=1 (6.1's crypto_engine.c
	# does): the same warnings on both sides, the port adds none.
	grep -E 'warning:|error:' "$d/build.log" | sed -E "s|$d/||; s/:[0-9]+(:[0-9]+)?:/:/" |
		sort > "$d/warnings" || true
	if [ "$s" = ng ] && [ -n "$(comm -13 "$out/$c/native/warnings" "$d/warnings")" ]; then
		comm -13 "$out/$c/native/warnings" "$d/warnings"
		die "$c: the ported build warns where the native one does not"
	fi
	mkdir -p "$out/root/c/$s/$c"
	cp "$d"/*.ko "$out/root/c/$s/$c/"
	echo "clients: $c ($s) built: $(cd "$d" && ls ./*.ko | xargs -n1 basename | paste -sd' ')"
}

say "the clients, from $src (Linux $ver), native and ported"
clients=()
vdpa=0
grep -qs 'struct kthread_worker' "$src/drivers/vdpa/vdpa_sim/vdpa_sim.h" && vdpa=1
for s in native ng; do
	# watchdog: the core is the client; softdog drives it, instrumented:
	# a 500 ms hardware heartbeat, and a count of its pings.
	copy watchdog $s drivers/watchdog/watchdog_core.c drivers/watchdog/watchdog_dev.c \
		drivers/watchdog/watchdog_core.h drivers/watchdog/watchdog_pretimeout.h \
		drivers/watchdog/softdog.c
	d=$out/watchdog/$s
	sed -i -e '/^static int softdog_ping(struct watchdog_device \*w)$/,/^{$/ s/^{$/{\n\tkng_pings++;/' \
		-e 's/^static struct watchdog_device softdog_dev = {$/&\n\t.max_hw_heartbeat_ms = 500,/' \
		"$d/softdog.c"
	sed -i 's/^static int softdog_ping(struct watchdog_device \*w)$/static unsigned int kng_pings;\nmodule_param(kng_pings, uint, 0444);\n\n&/' \
		"$d/softdog.c"
	grep -q 'kng_pings++' "$d/softdog.c" && grep -q 'max_hw_heartbeat_ms = 500' "$d/softdog.c" ||
		die "softdog.c of $ver: the instrumentation did not apply"
	printf 'obj-m += watchdog.o softdog.o\nwatchdog-y := watchdog_core.o watchdog_dev.o\n' > "$d/Kbuild"
	# The port is of the core only: softdog does not use the kthread API.
	build watchdog $s 'watchdog_*.c watchdog_*.h'

	# ptp: the PTP class driver, ptp.ko; a PHC drives it.
	ptp_objs=$(sed -n 's/^ptp-y[[:space:]]*:=[[:space:]]*//p' "$src/drivers/ptp/Makefile")
	files=(drivers/ptp/ptp_private.h)
	for o in $ptp_objs; do files+=("drivers/ptp/${o%.o}.c"); done
	copy ptp $s "${files[@]}"
	printf 'obj-m += ptp.o\nptp-y := %s\n' "$ptp_objs" > "$out/ptp/$s/Kbuild"
	build ptp $s

	# crypto: crypto_engine.ko with its header (public in 6.1, internal
	# later); virtio-crypto drives it.
	eh=include/crypto/internal/engine.h
	grep -qs 'struct kthread_worker' "$src/$eh" || eh=include/crypto/engine.h
	copy crypto $s crypto/crypto_engine.c "$eh"
	localize "$out/crypto/$s" "${eh#include/}"
	printf 'obj-m += crypto_engine.o\nccflags-y += -I%s/crypto\n' "$src" > "$out/crypto/$s/Kbuild"
	build crypto $s

	# pktgen: builds out of tree on any kernel with INET and PROC_FS.
	copy pktgen $s net/core/pktgen.c
	printf 'obj-m += pktgen.o\n' > "$out/pktgen/$s/Kbuild"
	build pktgen $s '*.c'

	# vdpa: the simulator's core; its network device drives it.
	if [ $vdpa = 1 ]; then
		copy vdpa $s drivers/vdpa/vdpa_sim/vdpa_sim.c drivers/vdpa/vdpa_sim/vdpa_sim.h \
			drivers/vdpa/vdpa_sim/vdpa_sim_net.c
		printf 'obj-m += vdpa_sim.o vdpa_sim_net.o\n' > "$out/vdpa/$s/Kbuild"
		build vdpa $s 'vdpa_sim.c vdpa_sim.h'
	fi
done
# The ng builds ported only the clients: say so if a driver changed.
cmp -s "$out/watchdog/native/softdog.c" "$out/watchdog/ng/softdog.c" ||
	die "softdog.c differs between the builds"
clients=(watchdog ptp crypto pktgen)
if [ $vdpa = 1 ]; then
	cmp -s "$out/vdpa/native/vdpa_sim_net.c" "$out/vdpa/ng/vdpa_sim_net.c" ||
		die "vdpa_sim_net.c differs between the builds"
	clients+=(vdpa)
fi

say "in-tree modules that drive the clients, and what both need"
# The drivers load on top of the client under test, native or ng, and go
# with it; what the clients and the drivers depend on comes from the
# kernel's own build and is loaded once, first (/c/intree.base).
ours=" kthread_ng watchdog softdog ptp crypto_engine pktgen vdpa_sim vdpa_sim_net "
declare -A seen=()
order=()
find_ko() { find "$kb" -name "$1.ko" -o -name "${1//_/-}.ko" | head -1; }
add_mod() {	# NAME
	local n=$1 f d
	[ -n "${seen[$n]:-}" ] && return 0
	seen[$n]=1
	case $ours in *" $n "*) return 0 ;; esac
	f=$(find_ko "$n")
	[ -n "$f" ] || die "in-tree module $n not built in $kb"
	for d in $(modinfo -F depends "$f" | tr ',' ' '); do add_mod "$d"; done
	order+=("$f")
}
drivers=(virtio_crypto)
[ -e "$src/drivers/ptp/ptp_mock.c" ] && drivers=(ptp_mock netdevsim virtio_crypto)
[ $vdpa = 1 ] && drivers+=(virtio_vdpa vhost_vdpa)
for ko in "$out/root/c"/*/*/*.ko; do
	for d in $(modinfo -F depends "$ko" | tr ',' ' '); do add_mod "$d"; done
done
# virtio-net, for the device virtio_vdpa puts on vdpa_sim, stays loaded.
[ $vdpa = 1 ] && add_mod virtio_net
for m in "${drivers[@]}"; do add_mod "$m"; done
: > "$out/root/c/intree.base"
for f in "${order[@]}"; do
	cp "$f" "$out/root/m/"
	n=$(basename "$f" .ko)
	case " ${drivers[*]} " in *" $n "*) ;; *) echo "$n" >> "$out/root/c/intree.base" ;; esac
done
echo "clients: in-tree drivers: ${drivers[*]}; what they and the clients need: $(paste -sd' ' "$out/root/c/intree.base")"

say "workload tools"
gcc -static -O2 -Wall -Wextra -Werror -o "$out/root/c/kng_client_tool" \
	"$top/tests/clients/kng_client_tool.c" || die "kng_client_tool does not build"
if [ $vdpa = 1 ]; then
	# iproute2's vdpa, with the libraries it was linked against.
	v=$(command -v vdpa || echo /sbin/vdpa)
	[ -x "$v" ] || die "no vdpa tool (apt-get install iproute2)"
	mkdir -p "$out/root/c/lib"
	cp "$v" "$out/root/c/lib/vdpa"
	for l in $(ldd "$v" | grep -o '/[^ ]*'); do cp -L "$l" "$out/root/c/lib/"; done
	ld=$(ldd "$v" | grep -o '/[^ ]*ld-linux[^ ]*' | head -1)
	[ -n "$ld" ] || die "vdpa: no dynamic loader in its ldd"
	printf '#!/bin/sh\nexec /c/lib/%s --library-path /c/lib /c/lib/vdpa "$@"\n' \
		"$(basename "$ld")" > "$out/root/c/vdpa"
	chmod +x "$out/root/c/vdpa"
fi
mkdir -p "$out/cbench"
cp "$top/tests/clients/kng_cbench.c" "$top/tests/clients/kng_phc.c" "$top/tests/clients/Kbuild" "$out/cbench/"
# kng_phc: the PHC of kernels that have no mock PHC.
phc=
[ -e "$src/drivers/ptp/ptp_mock.c" ] || phc=m
make -C "$kb" M="$out/cbench" W=1 KNG_PHC=$phc modules > "$out/cbench/build.log" 2>&1 ||
	{ cat "$out/cbench/build.log"; die "kng_cbench does not build"; }
if grep -E 'warning:|error:' "$out/cbench/build.log"; then die "kng_cbench: warnings"; fi
cp "$out/cbench"/*.ko "$out/root/m/"
echo "${clients[*]}" > "$out/root/c/clients"

say "QEMU: the clients on $KVER, native then ng, one boot"
STAGE_C=$out/root/c "$top/scripts/mkinitramfs.sh" "$out/initrd.cpio" clients "$out/root/m"/*.ko
# q35: on QEMU's default i440fx machine a virtio device's INTx never
# reaches a guest without MSI (the test kernels have none).
rc=0
QEMU_EXTRA="-machine q35 -object cryptodev-backend-builtin,id=cd0 -device virtio-crypto-pci,cryptodev=cd0" \
	boot_judged clients "$out/summary.txt" "$kb/arch/x86/boot/bzImage" "$out/initrd.cpio" "$out/vm" \
	"${VM_TIMEOUT:-1200}" 2 2048 -- --clients "${clients[*]}" \
	--expected-warnings "$top/tests/clients/expected-warnings" \
	--client-diffs "$top/tests/clients/differences" || rc=$?
[ $rc = 0 ] || rc=1
head -n -1 "$out/summary.txt"
echo "console log: $out/vm/console.log"
tail -1 "$out/summary.txt"
exit $rc
