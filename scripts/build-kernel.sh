#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build (or reuse) a test kernel from Debian's linux-source-$KVER, or from
# the kernel source tree KSRC.
#
#   scripts/build-kernel.sh KVER CONFIG [arm64]
#   KSRC=~/linux scripts/build-kernel.sh KVER CONFIG
#
# With arm64, the kernel is cross-built for arm64 (CROSS_COMPILE, by
# default Debian's aarch64-linux-gnu-), with arm64.config last: the tree
# the arm64 build gate of `make check` builds the modules against.
#
# CONFIG is debug, kcsan, kcsan-strict or bench: the fragments of
# scripts/config merged on top of `make tinyconfig` with the kernel's
# merge_config.sh, in this order (a later fragment wins for an option both
# set):
#   debug         base.config debug.config clients.config
#   kcsan         base.config debug.config clients.config kcsan.config
#   kcsan-strict  the same, then kcsan-strict.config
#   bench         base.config bench.config
# each followed by its amendment for KVER, FRAG-KVER.config, if there is one.
# KNG_CLIENTS=0 leaves clients.config out (a kernel for every suite but the
# real clients, a third to half quicker to build).
# The build tree lives in $KNG_CACHE (default /var/cache/kthread_ng), keyed by
# the kernel version, CONFIG and a hash of the options that result, so only
# the first run pays for it.  With KSRC, KVER must be the tree's version
# (`make check KSRC=...` reads it from the tree), the tree must be clean
# (`make mrproper`: the build goes to the cache with O=), its build is keyed
# by the tree's path as well, and every run makes it again (incrementally:
# the tree may have changed).  Prints the build directory on stdout; every
# other line goes to stderr.
set -euo pipefail

kver=${1:?usage: build-kernel.sh KVER CONFIG [arm64]}
name=${2:?usage: build-kernel.sh KVER CONFIG [arm64]}
arch=${3:-}
cfgdir=$(cd "$(dirname "$0")" && pwd)/config
case $name in
debug)	frags="base debug clients" ;;
kcsan)	frags="base debug clients kcsan" ;;
kcsan-strict)	frags="base debug clients kcsan kcsan-strict" ;;
bench)	frags="base bench" ;;
*)	echo "build-kernel: CONFIG is debug, kcsan, kcsan-strict or bench, not $name" >&2; exit 1 ;;
esac
[ "${KNG_CLIENTS:-1}" = 1 ] || frags=${frags/ clients/}
case $arch in
'') ;;
arm64)	frags="$frags arm64"
	export ARCH=arm64 CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-} ;;
*)	echo "build-kernel: the one other architecture is arm64, not $arch" >&2; exit 1 ;;
esac
# A fragment may have a version's amendment, FRAG-KVER.config, right after it.
frag_files=()
for f in $frags; do
	frag_files+=("$cfgdir/$f.config")
	[ -e "$cfgdir/$f-$kver.config" ] && frag_files+=("$cfgdir/$f-$kver.config")
done

# The options the fragments ask for, a later line for an option winning, as
# merge_config.sh has it: what is verified after olddefconfig, and hashed.
options=$(cat "${frag_files[@]}" | awk '
	/^CONFIG_[A-Za-z0-9_]+=/ { opt = substr($0, 1, index($0, "=") - 1) }
	/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { opt = $2 }
	opt != "" { val[opt] = $0; opt = "" }
	END { for (o in val) print val[o] }' | sort)
cache=${KNG_CACHE:-/var/cache/kthread_ng}
tarball=/usr/src/linux-source-$kver.tar.xz
jobs=${JOBS:-$(($(nproc) + 1))}

if [ -n "${KSRC:-}" ]; then
	ksrc=$(cd "$KSRC" 2>/dev/null && pwd) || { echo "build-kernel: KSRC=$KSRC: no such directory" >&2; exit 1; }
	tv=$(sed -n 's/^VERSION = //p;s/^PATCHLEVEL = //p' "$ksrc/Makefile" 2>/dev/null | head -2 | paste -sd.)
	[ "$tv" = "$kver" ] || { echo "build-kernel: KSRC=$ksrc is Linux ${tv:-(not a kernel tree)}, not $kver" >&2; exit 1; }
	[ ! -e "$ksrc/.config" ] && [ ! -d "$ksrc/include/config" ] ||
		{ echo "build-kernel: KSRC=$ksrc is not clean: run make mrproper there" >&2; exit 1; }
else
	[ -f "$tarball" ] || { echo "build-kernel: $tarball missing (apt-get install linux-source-$kver)" >&2; exit 1; }
fi

# Options spelled differently, or missing, in one of the kernels.
extra=()
# KASAN needs the full SLUB allocator; its knob is spelled differently in 6.1.
if echo "$options" | grep -q '^CONFIG_KASAN=y'; then
	case $kver in
	6.1) extra+=("CONFIG_SLUB=y") ;;
	*) extra+=("# CONFIG_SLUB_TINY is not set") ;;
	esac
fi
# The clients' kernel: netdevsim's mock PHC exists from 6.7 on; the crypto
# self-tests are opted into from 6.16 on (opted out of before).
if echo "$options" | grep -q '^CONFIG_NETDEVSIM=m'; then
	case $kver in
	6.1) ;;
	6.*) extra+=("CONFIG_PTP_1588_CLOCK_MOCK=m") ;;
	*) extra+=("CONFIG_PTP_1588_CLOCK_MOCK=m" "CONFIG_CRYPTO_SELFTESTS=y") ;;
	esac
fi
# vdpa_sim (client "vdpa") runs on a kthread_worker from 6.4 on, on a
# workqueue before: 6.1's clients' kernel goes without it.  virtio_vdpa
# puts a virtio-net device on it (its frames sent and read on a packet
# socket); vhost_vdpa gives it a user whose memory its worker reaches
# through kthread_use_mm().
if echo "$options" | grep -q '^CONFIG_NETDEVSIM=m'; then
	case $kver in
	6.1) ;;
	*) extra+=("CONFIG_RUNTIME_TESTING_MENU=y" "CONFIG_EVENTFD=y" "CONFIG_VDPA=m"
		   "CONFIG_VDPA_SIM=m" "CONFIG_VDPA_SIM_NET=m" "CONFIG_VIRTIO_VDPA=m"
		   "CONFIG_VIRTIO_NET=m" "CONFIG_PACKET=y" "CONFIG_VHOST_MENU=y"
		   "CONFIG_VHOST_VDPA=m") ;;
	esac
fi
extra=$(printf '%s\n' "${extra[@]}")

hash=$( (echo "$options"; echo "$extra") | sha256sum | cut -c1-12)
src=$cache/src-$kver
out=$cache/$kver-$name-$hash
[ -n "$arch" ] && out=$cache/$kver-$arch-$name-$hash
if [ -n "${KSRC:-}" ]; then
	src=$ksrc
	out=$out-ksrc-$(echo "$ksrc" | sha256sum | cut -c1-8)
fi

mkdir -p "$cache"
if [ -f "$out/.kng-built" ] && [ -z "${KSRC:-}" ]; then
	echo "build-kernel: reusing $out" >&2
	echo "$out"
	exit 0
fi
target=
if [ "${KNG_PREPARE_ONLY:-0}" = 1 ] && [ -z "${KSRC:-}" ]; then
	out=$out-prepared
	target=modules_prepare
	if [ -f "$out/.kng-built" ]; then
		echo "build-kernel: reusing $out" >&2
		echo "$out"
		exit 0
	fi
fi

if [ -z "${KSRC:-}" ] && [ ! -f "$src/.kng-extracted" ]; then
	echo "build-kernel: extracting $tarball" >&2
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" --strip-components=1 -xJf "$tarball"
	touch "$src.tmp/.kng-extracted"
	mv "$src.tmp" "$src"
fi

echo "build-kernel: building $kver/$name from $src into $out (takes a few minutes)" >&2
[ -n "${KSRC:-}" ] && [ -f "$out/.kng-built" ] || rm -rf "$out"
rm -f "$out/.kng-built"
mkdir -p "$out"
make -C "$src" O="$out" -s tinyconfig >&2
echo "$extra" > "$out/kng-extra.config"
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${frag_files[@]}" \
	"$out/kng-extra.config" >/dev/null
{ echo "$options"; echo "$extra"; } > "$out/kng.config"
make -C "$src" O="$out" -s olddefconfig >&2

# Every option the fragments ask for must really be set.
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qxF "$line" "$out/.config" || { echo "build-kernel: $line did not stick" >&2; bad=1; } ;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }; opt=${opt%% *}
		! grep -q "^$opt=" "$out/.config" || { echo "build-kernel: $line did not stick" >&2; bad=1; } ;;
	esac
done < "$out/kng.config"
[ $bad = 0 ] || { echo "build-kernel: config fragments not honoured, see $out/.config" >&2; exit 1; }

# The whole `make` target: bzImage alone leaves no Module.symvers.
make -C "$src" O="$out" -s -j"$jobs" $target >&2
touch "$out/.kng-built"
echo "$out"
