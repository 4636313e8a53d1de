#!/usr/bin/env python3
"""Writes the EFAULT differential program: one C file that calls every
implemented syscall with a pointer argument through syscall(2), once per
pointer argument and kind of bad pointer, and prints what each call returned.

    tests/efault/generate.py OUTPUT.c

The facts come from the kernel's sources, not from a list kept here:
- which syscalls are implemented: the dispatcher's cases
  (Sources/KernelPosix/SyscallDispatcher.swift);
- which of their arguments are pointers: the syscall table the tracer uses
  (Sources/SyscallTrace/SyscallTable.swift: .pointer, .string,
  .inputBuffer, .outputBuffer, .signalSet).
What a table cannot know is written below, per syscall: sensible values for
the other arguments (a call with one bad pointer must fail only because of
it), whether the kernel reads or writes each pointer and how many bytes, and
why a call is left out. The generator stops with an error when an
implemented syscall with a pointer argument has neither, or when what is
written here disagrees with the table about where the pointers are, so a new
syscall cannot slip past this test.

Each pointer argument is tried with
  null      NULL
  unmapped  a page unmapped between two mapped ones
  none      a PROT_NONE page
  rodata    a read-only page of the program's data (pointers the kernel writes)
  text      the program's own code (pointers the kernel writes)
  wrap      a range running past the top of the address space
and every other argument sensible. The program prints "call arg case: ok" or
the errno name; tests/efault/run.sh runs it on Runikraft and on Linux
(qemu-riscv64) through the differential harness and the outputs must match.
A pointer the kernel only reads is not tried at rodata or text: those are
readable, so the call would act on whatever bytes lie there.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# How each argument is written: a C expression, or
#   P(dir, size, good)  a pointer the kernel dereferences: dir is "in" (read),
#                       "out" (written), "inout" (both) or "str" (a
#                       NUL-terminated string, read); size the bytes it
#                       touches; good the value when another argument is tried
#   N(expr)             a slot the table calls a pointer, used by this call as
#                       a number or never dereferenced (not tried)
class P:
    def __init__(self, direction, size, good):
        self.direction, self.size, self.good = direction, size, good

class N:
    def __init__(self, expression):
        self.expression = expression

def V(label, *arguments, skip=()):
    """One way of calling a syscall; `skip` names cases left out, each with
    its reason (a readable pointer to a call that would then block)."""
    return (label, list(arguments), dict(skip))

F = "fd_file"          # a regular file holding 128 bytes, read-write
D = "fd_dir"           # the scratch directory
R = "pipe_fds[0]"      # a pipe's read end, nonblocking, holding 16 bytes
BLOCKS = "readable, so the call would block"
CASES = ["null", "unmapped", "none", "rodata", "text", "wrap"]

CALLS = {
    "read": [V("", F, P("out", "64", "buf"), "64")],
    "write": [V("", F, P("in", "64", "buf"), "64")],
    "readv": [V("", F, P("in", "16", "&iov_one"), "1")],
    "writev": [V("", F, P("in", "16", "&iov_one"), "1")],
    "pread64": [V("", F, P("out", "64", "buf"), "64", "0")],
    "pwrite64": [V("", F, P("in", "64", "buf"), "64", "0")],
    "preadv": [V("", F, P("in", "16", "&iov_one"), "1", "0")],
    "pwritev": [V("", F, P("in", "16", "&iov_one"), "1", "0")],
    "ioctl": [V("FIONREAD", R, "FIONREAD", P("out", "4", "buf"))],
    "sendfile": [V("", "pipe_fds[1]", F, P("inout", "8", "&offset_zero"), "8")],
    "copy_file_range": [V("", F, P("inout", "8", "&offset_zero"), "fd_copy", P("inout", "8", "&offset_zero2"), "8", "0")],
    "ppoll": [V("", P("inout", "8", "&poll_one"), "1", P("in", "16", "&ts_zero"), P("in", "8", "&sigset_zero"), "8")],
    # Every descriptor below nfds is open and the pipe is ready: the call
    # returns at once, and the code bytes of the text case name no closed
    # descriptor (which would be EBADF before the sets are written back).
    "pselect6": [V("", "pipe_fds[0] + 1", P("inout", "8", "&fdset_in"), P("inout", "8", "&fdset_out"), P("inout", "8", "&fdset_ex"),
                   P("in", "16", "&ts_zero"), P("in", "16", "&select_mask"))],
    "fcntl": [V("F_GETLK", F, "F_GETLK", P("inout", "32", "&lock_query")),
              V("F_SETLK", F, "F_SETLK", P("in", "32", "&lock_unlock"))],
    "pipe2": [V("", P("out", "8", "buf"), "0")],
    "memfd_create": [V("", P("str", "8", '"memfd"'), "0")],
    "truncate": [V("", P("str", "8", '"file"'), "128")],
    "openat": [V("", "AT_FDCWD", P("str", "8", '"file"'), "O_RDONLY", "0")],
    "mkdirat": [V("", "AT_FDCWD", P("str", "8", '"newdir"'), "0755")],
    "mknodat": [V("", "AT_FDCWD", P("str", "8", '"newnode"'), "S_IFREG | 0644", "0")],
    "unlinkat": [V("", "AT_FDCWD", P("str", "8", '"file"'), "AT_REMOVEDIR")],
    "renameat2": [V("", "AT_FDCWD", P("str", "8", '"file"'), "AT_FDCWD", P("str", "8", '"moved"'), "RENAME_NOREPLACE")],
    "symlinkat": [V("", P("str", "8", '"file"'), "AT_FDCWD", P("str", "8", '"newlink"'))],
    "readlinkat": [V("", "AT_FDCWD", P("str", "8", '"link"'), P("out", "64", "buf"), "64")],
    "linkat": [V("", "AT_FDCWD", P("str", "8", '"file"'), "AT_FDCWD", P("str", "8", '"hardlink"'), "0")],
    "chdir": [V("", P("str", "8", '"."'))],
    "getcwd": [V("", P("out", "256", "buf"), "256")],
    "fstat": [V("", F, P("out", "128", "buf"))],
    "newfstatat": [V("", "AT_FDCWD", P("str", "8", '"file"'), P("out", "128", "buf"), "0")],
    # The table marks statx's mask a pointer; it is a number.
    "statx": [V("", "AT_FDCWD", P("str", "8", '"file"'), "0", N("STATX_BASIC_STATS"), P("out", "256", "buf"))],
    "getdents64": [V("", D, P("out", "512", "buf"), "512")],
    "faccessat": [V("", "AT_FDCWD", P("str", "8", '"file"'), "R_OK")],
    "faccessat2": [V("", "AT_FDCWD", P("str", "8", '"file"'), "R_OK", "0")],
    "fchmodat": [V("", "AT_FDCWD", P("str", "8", '"file"'), "0644")],
    "fchownat": [V("", "AT_FDCWD", P("str", "8", '"file"'), "-1", "-1", "0")],
    "utimensat": [V("", "AT_FDCWD", P("str", "8", '"file"'), P("in", "32", "times_now"), "0")],
    "statfs": [V("", P("str", "8", '"file"'), P("out", "120", "buf"))],
    "fstatfs": [V("", F, P("out", "120", "buf"))],
    "clock_gettime": [V("", "CLOCK_MONOTONIC", P("out", "16", "buf"))],
    "clock_getres": [V("", "CLOCK_MONOTONIC", P("out", "16", "buf"))],
    "gettimeofday": [V("", P("out", "16", "buf"), P("out", "8", "buf + 64"))],
    # rem is written only when a signal cuts the sleep short: never here.
    "nanosleep": [V("", P("in", "16", "&ts_short"), P("out", "16", "buf"))],
    "clock_nanosleep": [V("", "CLOCK_MONOTONIC", "0", P("in", "16", "&ts_short"), P("out", "16", "buf"))],
    "getresuid": [V("", P("out", "4", "buf"), P("out", "4", "buf + 8"), P("out", "4", "buf + 16"))],
    "getresgid": [V("", P("out", "4", "buf"), P("out", "4", "buf + 8"), P("out", "4", "buf + 16"))],
    # The address is kept for the thread's exit, not touched now.
    "set_tid_address": [V("", N("&tid_word"))],
    "futex": [
        V("WAIT", P("in", "4", "&futex_word"), "FUTEX_WAIT_PRIVATE", "1", P("in", "16", "&ts_zero"), N("0"), "0"),
        V("WAKE", P("in", "4", "&futex_word"), "FUTEX_WAKE", "1", N("0"), N("0"), "0"),
        V("WAKE_OP", N("&futex_word"), "FUTEX_WAKE_OP_PRIVATE", "1", N("1"), P("inout", "4", "&futex_word2"), "0"),
        V("CMP_REQUEUE", P("in", "4", "&futex_word"), "FUTEX_CMP_REQUEUE_PRIVATE", "1", N("1"), N("&futex_word2"), "0"),
    ],
    # The list is kept for the thread's exit, not read now.
    "set_robust_list": [V("", N("&robust_head"), "24")],
    "get_robust_list": [V("", "0", P("out", "8", "buf"), P("out", "8", "buf + 8"))],
    "sched_getaffinity": [V("", "0", "128", P("out", "128", "buf"))],
    "sched_setaffinity": [V("", "0", "8", P("in", "8", "&cpu_mask"))],
    "sched_setscheduler": [V("", "0", "SCHED_OTHER", P("in", "4", "&sched_zero"))],
    "sched_getparam": [V("", "0", P("out", "4", "buf"))],
    "sched_setparam": [V("", "0", P("in", "4", "&sched_zero"))],
    "sched_rr_get_interval": [V("", "0", P("out", "16", "buf"))],
    "getrusage": [V("", "RUSAGE_SELF", P("out", "144", "buf"))],
    "times": [V("", P("out", "32", "buf"))],
    "prlimit64": [V("", "0", "RLIMIT_NOFILE", P("in", "16", "&limit_now"), P("out", "16", "buf"))],
    "uname": [V("", P("out", "390", "buf"))],
    "getrandom": [V("", P("out", "16", "buf"), "16", "0")],
    "rt_sigaction": [V("", "SIGUSR1", P("in", "32", "&action_default"), P("out", "32", "buf"), "8")],
    "rt_sigprocmask": [V("", "SIG_BLOCK", P("in", "8", "&sigset_zero"), P("out", "8", "buf"), "8")],
    "rt_sigpending": [V("", P("out", "8", "buf"), "8")],
    "rt_sigsuspend": [V("", P("in", "8", "&sigset_zero"), "8")],
    "rt_sigtimedwait": [V("", P("in", "8", "&sigset_usr2"), P("out", "128", "buf"), P("in", "16", "&ts_zero"), "8")],
    "sigaltstack": [V("", P("in", "24", "&altstack_disabled"), P("out", "24", "buf"))],
    "getitimer": [V("", "ITIMER_REAL", P("out", "32", "buf"))],
    "setitimer": [V("", "ITIMER_REAL", P("in", "32", "&itimer_zero"), P("out", "32", "buf"))],
}

# Cases a call cannot take, and why.
CODE = "the value read there decides whether the call writes back at all, and code differs between the two builds"
SKIPS = {
    # With a readable empty mask the call sleeps until a signal comes.
    ("rt_sigsuspend", 0): {"rodata": BLOCKS, "text": BLOCKS},
    # NULL is no timeout: the call waits for a signal that never comes.
    ("rt_sigtimedwait", 2): {"null": "NULL is no timeout: the call would wait for good"},
    # Where qemu-riscv64 (7.2, linux-user/syscall.c) is not Linux: it drops
    # the error of a copy, so a bad pointer is not EFAULT there. Runikraft
    # gives Linux's EFAULT; tests/kernel/user_memory_linux.c checks it.
    ("clock_getres", 1): dict.fromkeys(["unmapped", "none", "rodata", "text", "wrap"],
                                       "qemu-user ignores the failed copy out; Linux: EFAULT (posix-timers.c)"),
    ("nanosleep", 0): dict.fromkeys(["null", "unmapped", "none", "wrap"],
                                    "qemu-user ignores the failed copy in and sleeps on garbage (EINVAL); Linux: EFAULT"),
    ("getitimer", 1): {"null": "qemu-user skips a NULL result; Linux: EFAULT (put_itimerval)"},
    ("get_robust_list", 1): dict.fromkeys(CASES, "qemu-user does not implement it (ENOSYS); Linux: EFAULT"),
    ("get_robust_list", 2): dict.fromkeys(CASES, "qemu-user does not implement it (ENOSYS); Linux: EFAULT"),
    # Offsets read, used and written back (read-only zeros are tried).
    ("sendfile", 2): {"text": CODE},
    ("copy_file_range", 1): {"text": CODE},
    ("copy_file_range", 3): {"text": CODE},
    # A lock description read, checked, then written back.
    ("fcntl", 2): {"text": CODE},
}

# Implemented syscalls with pointer arguments that are not called, and why.
LEFT_OUT = {
    "brk": "the address is where the break goes, never read or written (tests/diff/memory.c)",
    "mmap": "the address is a placement hint, never read or written (tests/diff/mmap_semantics.c)",
    "munmap": "unmapping the pages under test, or the program itself, ends the test (tests/diff/mmap_semantics.c)",
    "mremap": "the addresses are ranges to move, never read or written (tests/diff/mmap_semantics.c)",
    "mprotect": "changing the program's own protections could end it; the range is not read or written (tests/diff/mmap_semantics.c)",
    "madvise": "the range is advice, not read or written; MADV_DONTNEED on the test's pages would change them (tests/diff/memory.c)",
    "rt_sigreturn": "it returns through a signal frame: called outside a handler it ends the program",
    "exit": "it ends the thread",
    "exit_group": "it ends the program",
}

POINTER_KINDS = {"pointer", "string", "inputBuffer", "outputBuffer", "signalSet"}


def implemented():
    text = (ROOT / "Sources/KernelPosix/SyscallDispatcher.swift").read_text()
    return re.findall(r"case Syscall\.(\w+)\.rawValue:", text)


def signatures():
    """Argument kinds per syscall name, from the tracer's table."""
    text = (ROOT / "Sources/SyscallTrace/SyscallTable.swift").read_text()
    table = {}
    for match in re.finditer(r"case ((?:\.\w+)(?:, \.\w+)*):\s*S\(", text):
        # The arguments of S(...), split at the commas outside parentheses.
        depth, parts, current = 0, [], ""
        for character in text[match.end():]:
            if character == "(":
                depth += 1
            elif character == ")":
                if depth == 0:
                    break
                depth -= 1
            if character == "," and depth == 0:
                parts.append(current.strip())
                current = ""
            else:
                current += character
        parts.append(current.strip())
        kinds = []
        for part in parts[1:]:   # the first is the family
            if part.startswith("result:"):
                break
            kinds.append(re.match(r"\.(\w+)", part).group(1))
        for name in re.findall(r"\.(\w+)", match.group(1)):
            table[name] = kinds
    return table


def bad_value(case, size):
    if case == "null":
        return "(void *)0"
    if case == "wrap":
        # A range past the top of memory: its end wraps around to 0.
        return f"(void *)(uintptr_t)-(intptr_t)wrap_offset({size})"
    return {"unmapped": "bad_unmapped", "none": "bad_none", "rodata": "(void *)rodata_page",
            "text": "text_address()"}[case]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: tests/efault/generate.py OUTPUT.c")
    table = signatures()
    problems = []
    lines = []
    covered = 0
    for name in implemented():
        kinds = table.get(name)
        if kinds is None:
            problems.append(f"{name}: implemented but not in the syscall table")
            continue
        pointers = [index for index, kind in enumerate(kinds) if kind in POINTER_KINDS]
        if not pointers:
            continue
        if name in LEFT_OUT:
            continue
        if name not in CALLS:
            problems.append(f"{name}: pointer arguments {pointers}, neither called nor left out with a reason")
            continue
        covered += 1
        for label, arguments, _ in CALLS[name]:
            slots = [index for index, argument in enumerate(arguments) if isinstance(argument, (P, N))]
            if slots != pointers or len(arguments) != len(kinds):
                problems.append(f"{name} {label}: pointer slots {slots} of {len(arguments)} arguments, "
                                f"the table has {pointers} of {len(kinds)}")
                continue
            for index, argument in enumerate(arguments):
                if not isinstance(argument, P):
                    continue
                skips = SKIPS.get((name, index), {})
                for case in CASES:
                    if case in ("rodata", "text") and argument.direction in ("in", "str"):
                        continue
                    if case in skips:
                        continue
                    values = []
                    for other, value in enumerate(arguments):
                        if other == index:
                            values.append(bad_value(case, argument.size))
                        elif isinstance(value, P):
                            values.append(value.good)
                        elif isinstance(value, N):
                            values.append(value.expression)
                        else:
                            values.append(value)
                    call = f"syscall(SYS_{name}, " + ", ".join(f"(long)({value})" for value in values) + ")"
                    title = " ".join(part for part in (name, label, f"arg{index}", case) if part)
                    lines.append(f'\treset();\n\terrno = 0;\n\treport("{title}", {call});')
    for name in CALLS:
        if name not in implemented():
            problems.append(f"{name}: described here but not implemented")
    if problems:
        sys.exit("tests/efault/generate.py:\n  " + "\n  ".join(problems))
    template = (ROOT / "tests/efault/efault.c.in").read_text()
    body = "\n".join(lines)
    output = template.replace("@SUPPORT@", str(ROOT / "tests/diff/fs_support.h")).replace("@CALLS@", body)
    output = output.replace("@SUMMARY@", f"{covered} syscalls, {len(lines)} calls")
    Path(sys.argv[1]).parent.mkdir(parents=True, exist_ok=True)
    Path(sys.argv[1]).write_text(output)
    print(f"efault: {covered} syscalls with pointer arguments, {len(lines)} calls "
          f"({len(LEFT_OUT)} left out with reasons)")


if __name__ == "__main__":
    main()
