// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shared test helpers, built once more for the misuse suite's own module
 * (Kbuild builds an object for one module only).
 */
#include "test_util.c"
