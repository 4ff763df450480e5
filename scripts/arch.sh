# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# What check.sh and bench.sh share of ARCH (sourced, with $1 the script's
# name for its messages): ARCH taken out of the environment into $arch
# (empty for x86_64; kbuild would read an empty ARCH as one), the arm64
# cross compiler, and the kernel image of a build tree.

arch=${ARCH:-}
unset ARCH
case $arch in
''|x86_64|x86) arch= ;;
arm64)	export CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-} ;;
*)	echo "$1: ARCH=$arch: the test kernels are x86_64 and arm64" >&2; exit 2 ;;
esac

# A command with ARCH=$arch, or without ARCH at all.
with_arch() { if [ -n "$arch" ]; then ARCH=$arch "$@"; else "$@"; fi; }

# The bootable image of the build tree $1.
arch_image() {
	if [ "$arch" = arm64 ]; then
		echo "$1/arch/arm64/boot/Image"
	else
		echo "$1/arch/x86/boot/bzImage"
	fi
}
