"""9P2000.L replies in the order Fuzz/NinePFuzzer.swift asks for them, laid
out as qemu's 9p server (hw/9pfs) sends them, each framed for the harness
as length[2] then the message: a session where every request succeeds, and
sessions where the server refuses one request with Rlerror.
Usage: python3 ninep-seeds.py OUT_DIR"""
import os
import struct
import sys


def message(kind, body, tag=1):
    return struct.pack('<IBH', 7 + len(body), kind, tag) + body


def string(text):
    return struct.pack('<H', len(text)) + text


def qid(kind, path):
    return struct.pack('<BIQ', kind, 0, path)


def framed(replies):
    return b''.join(struct.pack('<H', len(reply)) + reply for reply in replies)


def time(seconds):
    return struct.pack('<QQ', seconds, 123456789)


FILE = qid(0, 7)
DIRECTORY = qid(0x80, 1)
attributes = (struct.pack('<Q', 0x7ff) + FILE + struct.pack('<IIIQQQQQ', 0o100644, 0, 0, 1, 0, 12, 4096, 8)
              + time(1700000000) * 4 + struct.pack('<QQ', 0, 0))
entry = lambda q, offset, kind, name: q + struct.pack('<QB', offset, kind) + string(name)
listing = entry(DIRECTORY, 1, 4, b'.') + entry(DIRECTORY, 2, 4, b'..') + entry(FILE, 3, 8, b'file')
statfs = struct.pack('<IIQQQQQQI', 0x01021997, 4096, 1000, 500, 500, 100, 50, 1, 255)
success = [
    message(101, struct.pack('<I', 8192) + string(b'9P2000.L'), tag=0xffff),  # Rversion
    message(105, DIRECTORY),                                                 # Rattach
    message(111, struct.pack('<H', 1) + FILE),                               # Rwalk to "file"
    message(111, struct.pack('<H', 0)),                                      # Rwalk copy
    message(25, attributes),                                                 # Rgetattr
    message(13, FILE + struct.pack('<I', 0)),                                # Rlopen
    message(117, struct.pack('<I', 12) + b'hello, 9p!\n\0'),                 # Rread
    message(117, struct.pack('<I', 0)),                                      # Rread at the end
    message(119, struct.pack('<I', 8192 - 24)),                              # Rwrite
    message(41, struct.pack('<I', len(listing)) + listing),                  # Rreaddir
    message(41, struct.pack('<I', 0)),                                       # Rreaddir: the end
    message(23, string(b'target/of/link')),                                  # Rreadlink
    message(15, FILE + struct.pack('<I', 0)),                                # Rlcreate
    message(73, DIRECTORY),                                                  # Rmkdir
    message(17, qid(2, 9)),                                                  # Rsymlink
    message(27, b''),                                                        # Rsetattr
    message(71, b''),                                                        # Rlink
    message(75, b''),                                                        # Rrenameat
    message(77, b''),                                                        # Runlinkat
    message(51, b''),                                                        # Rfsync
    message(9, statfs),                                                      # Rstatfs
    message(121, b''),                                                       # Rclunk
]
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
open(os.path.join(out, 'session'), 'wb').write(framed(success))
ENOENT, EACCES, ENOTDIR = 2, 13, 20
for index, errno in [(2, ENOENT), (5, EACCES), (6, EACCES), (9, ENOTDIR), (11, ENOENT)]:
    refused = success[:index] + [message(7, struct.pack('<I', errno))] + success[index + 1:]
    open(os.path.join(out, f'refused-{index}'), 'wb').write(framed(refused))
