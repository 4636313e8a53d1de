"""Syscalls as programs make them, in the input layout of
Fuzz/SyscallTraceFuzzer.swift: number[2], six arguments[8 each], returns[1]
(0: the call returned), result[8], string limit[1], then the program's
memory at 0x1000. Numbers are riscv64 Linux's.
Usage: python3 syscall-seeds.py OUT_DIR"""
import os
import struct
import sys

BASE = 0x1000
calls = {
    'openat': (56, [-100, BASE, 0o100000, 0, 0, 0], 3, b'/etc/app.conf\0'),
    'openat-create': (56, [3, BASE, 0o1 | 0o100 | 0o1000 | 0o2000000, 0o644, 0, 0], -2, b'out\0'),
    'write': (64, [1, BASE, 6, 0, 0, 0], 6, b'hello\n'),
    'read': (63, [0, BASE, 64, 0, 0, 0], 40, bytes(range(40))),
    'mmap': (222, [0, 8192, 3, 0x22, -1, 0], 0x87fe4000, b''),
    'clock_gettime': (113, [1, BASE, 0, 0, 0, 0], 0, struct.pack('<qq', 12, 345)),
    'rt_sigaction': (134, [2, BASE, BASE + 32, 8, 0, 0], 0, struct.pack('<QQQ', 0x1234, 0x4000000, 0) + bytes(32)),
    'ppoll': (73, [BASE, 2, 0, 0, 8, 0], 1, struct.pack('<ihhihh', 0, 1, 0, 1, 4, 4)),
    'fstat': (80, [3, BASE, 0, 0, 0, 0], 0, bytes(128)),
    'execve': (221, [BASE, BASE + 16, 0, 0, 0, 0], -2, b'/bin/sh\0' + bytes(8) + struct.pack('<QQ', BASE, 0)),
    'futex': (98, [BASE, 128, 1, 0, 0, 0], 0, bytes(4)),
    'ioctl': (29, [1, 0x5413, BASE, 0, 0, 0], 0, bytes(8)),
    'exit_group': (94, [0, 0, 0, 0, 0, 0], None, b''),
    'unknown': (999, [1, 2, 3, 4, 5, 6], -38, b''),
}
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, (number, arguments, result, memory) in calls.items():
    record = struct.pack('<H6q', number, *arguments)
    record += struct.pack('<Bq', 0 if result is not None else 1, result or 0) + bytes([32]) + memory
    open(os.path.join(out, name), 'wb').write(record)
