#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The host's side of the dump boot (scripts/dump-test.sh).

    qmp-dump.py CONSOLE QMP-SOCKET GO-SOCKET DUMP TIMEOUT-S VM-PID

Waits until the guest's console, the file CONSOLE, has a KNG-DUMP-READY
line; dumps the guest's memory to DUMP, an ELF core, through QEMU's QMP
command dump-guest-memory (QEMU stops the guest for it); adds to it what a
kdump vmcore has and QEMU's dump lacks: the kernel's VMCOREINFO note, from
the guest memory that the console's KNG-DUMP-VMCOREINFO line names
(/sys/kernel/vmcoreinfo: its physical address and size in hex), and the
kernel image's virtual mapping; then writes a line
to the guest's third serial port, the chardev socket GO-SOCKET, where the
guest's init script waits for it.  Exit status 0 once the guest has read
the line (its next step begins);
1, with the reason on stderr, if the guest never got ready (within
TIMEOUT-S, or before VM-PID, the process that runs QEMU, ended), QEMU
refused or a socket failed.
"""
import json
import os
import re
import socket
import struct
import sys
import time

PT_LOAD, PT_NOTE = 1, 4
START_KERNEL_MAP = 0xffffffff80000000  # x86-64's __START_KERNEL_map
PHDR = struct.Struct('<IIQQQQQQ')      # Elf64_Phdr


def add_vmcoreinfo(dump, paddr, size):
    """Copy the kernel's VMCOREINFO note, SIZE bytes at guest physical
    address PADDR, out of DUMP's memory into a PT_NOTE segment of its own,
    where drgn (and crash) look for it, and map the kernel image at its
    virtual addresses, as kexec's tools make a vmcore.  The note and a new
    program header table go at the end of the file; the ELF header is
    pointed at them."""
    with open(dump, 'r+b') as f:
        ehdr = f.read(64)
        if ehdr[:6] != b'\x7fELF\x02\x01':
            raise RuntimeError('%s: not a little-endian ELF64 file' % dump)
        phoff, = struct.unpack_from('<Q', ehdr, 32)
        phentsize, phnum = struct.unpack_from('<HH', ehdr, 54)
        if phentsize != PHDR.size or phnum == 0xffff:
            raise RuntimeError('%s: unexpected program headers' % dump)
        f.seek(phoff)
        table = f.read(phnum * PHDR.size)
        note = None
        for i in range(phnum):
            p = PHDR.unpack_from(table, i * PHDR.size)
            if p[0] == PT_LOAD and p[4] <= paddr and paddr + size <= p[4] + p[5]:
                f.seek(p[2] + paddr - p[4])
                note = f.read(size)
                break
        if note is None:
            raise RuntimeError('no memory at 0x%x in %s' % (paddr, dump))
        namesz, descsz, _ = struct.unpack_from('<III', note)
        if note[12:12 + namesz] != b'VMCOREINFO\x00':
            raise RuntimeError('no VMCOREINFO note at 0x%x' % paddr)
        note = note[:12 + (namesz + 3) // 4 * 4 + (descsz + 3) // 4 * 4]
        # Without paging, QEMU's segments name physical addresses only;
        # the kernel image's mapping (virtual = __START_KERNEL_map +
        # physical - phys_base), where drgn reads swapper_pg_dir to walk
        # the page tables, is added as a vmcore has it.
        info = dict(re.findall(r'^(\S+?)=(\S+)$',
                               note[24:].decode(errors='replace'), re.M))
        phys_base = int(info['NUMBER(phys_base)'])
        image = int(info['NUMBER(KERNEL_IMAGE_SIZE)'])
        extra = []
        for i in range(phnum):
            p = PHDR.unpack_from(table, i * PHDR.size)
            lo, hi = max(p[4], phys_base), min(p[4] + p[5], phys_base + image)
            if p[0] == PT_LOAD and lo < hi:
                extra.append(PHDR.pack(PT_LOAD, p[1], p[2] + lo - p[4],
                                       START_KERNEL_MAP + lo - phys_base, lo,
                                       hi - lo, hi - lo, 0))
        end = f.seek(0, os.SEEK_END)
        start = (end + 7) // 8 * 8
        f.write(b'\0' * (start - end) + note)
        new_phoff = (start + len(note) + 7) // 8 * 8
        f.write(b'\0' * (new_phoff - start - len(note)) + table +
                PHDR.pack(PT_NOTE, 0, start, 0, 0, len(note), 0, 0) +
                b''.join(extra))
        f.seek(32)
        f.write(struct.pack('<Q', new_phoff))
        f.seek(56)
        f.write(struct.pack('<H', phnum + 1 + len(extra)))


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def wait_for(console, marker, deadline, vm_pid):
    """The console file is written by QEMU: read what it has, as it grows."""
    seen = 0
    while time.monotonic() < deadline and alive(vm_pid):
        try:
            with open(console, 'rb') as f:
                f.seek(seen)
                chunk = f.read()
        except FileNotFoundError:
            chunk = b''
        if marker in chunk:
            return True
        # Keep the last partial line: the marker may straddle two reads.
        cut = chunk.rfind(b'\n')
        if cut >= 0:
            seen += cut + 1
        time.sleep(0.5)
    return False


def connect(path, deadline):
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.5)


def qmp(sock, reader, cmd, args=None):
    msg = {'execute': cmd}
    if args:
        msg['arguments'] = args
    sock.sendall(json.dumps(msg).encode() + b'\r\n')
    for line in reader:
        reply = json.loads(line)
        if 'return' in reply:
            return reply['return']
        if 'error' in reply:
            raise RuntimeError('%s: %s' % (cmd, reply['error'].get('desc')))
        # An event (STOP, RESUME, DUMP_COMPLETED): not the answer.
    raise RuntimeError('%s: QEMU closed the QMP socket' % cmd)


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    console, qmp_path, go_path, dump, timeout, vm_pid = sys.argv[1:]
    deadline = time.monotonic() + float(timeout)
    vm_pid = int(vm_pid)
    if not wait_for(console, b'KNG-DUMP-READY', deadline, vm_pid):
        sys.exit('qmp-dump: no KNG-DUMP-READY on the console (%s s, or '
                 'until QEMU ended)' % timeout)
    try:
        sock = connect(qmp_path, deadline)
        reader = sock.makefile('r')
        json.loads(reader.readline())          # the greeting
        qmp(sock, reader, 'qmp_capabilities')
        qmp(sock, reader, 'dump-guest-memory',
            {'paging': False, 'protocol': 'file:' + os.path.abspath(dump)})
        m = re.search(rb'KNG-DUMP-VMCOREINFO (0x[0-9a-f]+) ([0-9a-f]+)',
                      open(console, 'rb').read())
        if not m:
            raise RuntimeError('no KNG-DUMP-VMCOREINFO line on the console')
        add_vmcoreinfo(dump, int(m.group(1), 16), int(m.group(2), 16))
        # QEMU takes from the socket what the guest's UART has room for
        # and drops the rest when the peer closes: the line stays open
        # until the guest says it read it.
        go = connect(go_path, deadline)
        go.sendall(b'dump taken\n')
        if not wait_for(console, b'KNG-STEP: dump: the host says', deadline,
                        vm_pid):
            sys.exit('qmp-dump: the guest did not read the line on ttyS2')
        go.close()
        sock.close()
    except (OSError, RuntimeError, ValueError) as e:
        sys.exit('qmp-dump: %s' % e)
    return 0


if __name__ == '__main__':
    sys.exit(main())
