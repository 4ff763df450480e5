# SPDX-License-Identifier: GPL-2.0-only
# gdb script: where is each vcpu of a hung guest?
#
#   gdb -batch -ex 'target remote :PORT' -x scripts/vcpu-stacks.py VMLINUX
#
# The test kernel has no frame pointers and gdb cannot unwind ORC, so this
# prints, for each vcpu, its rip and every word of the top of its stack
# that is an address in kernel text: a raw call chain, read bottom-up.
# Module text is listed by address (gdb does not know the modules).
import struct

import gdb

WORDS = 512


def sym(addr, text_only=False):
    s = gdb.execute("info symbol 0x%x" % addr, to_string=True).strip()
    if s.startswith("No symbol"):
        return None
    name, _, section = s.partition(" in section ")
    if text_only and "text" not in section:
        return None
    return name


inf = gdb.selected_inferior()
for th in sorted(inf.threads(), key=lambda t: t.num):
    th.switch()
    rip = int(gdb.parse_and_eval("$pc")) & (2**64 - 1)
    rsp = int(gdb.parse_and_eval("$sp")) & (2**64 - 1)
    print("vcpu %d: rip %s, rsp 0x%x" % (th.num - 1, sym(rip) or hex(rip), rsp))
    try:
        words = struct.unpack("<%dQ" % WORDS,
                              bytes(inf.read_memory(rsp, 8 * WORDS)))
    except gdb.MemoryError:
        print("  (stack not readable)")
        continue
    last, shown = None, 0
    for i, w in enumerate(words):
        if shown == 40:
            break
        if 0xffffffff81000000 <= w < 0xffffffff84000000:
            s = sym(w, text_only=True)
            if s and "+" in s and s != last:
                print("  sp+0x%03x %s" % (i * 8, s))
                last, shown = s, shown + 1
        elif 0xffffffffc0000000 <= w < 0xffffffffff000000:
            print("  sp+0x%03x module text? 0x%x" % (i * 8, w))
            shown += 1
