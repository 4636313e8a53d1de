// A syscall fuzzer in the style of trinity: millions of system calls with
// random and boundary arguments (bad pointers, huge and negative lengths,
// negative and closed descriptors, every flag bit, descriptors of every
// kind). It checks nothing about the results: the kernel must survive, and
// `rk.selfcheck` then checks the kernel's own invariants at exit.
//
//   syscalls [--seed S] [--calls N] [--seconds T] [--replay N]
//            [--bad-pointers all|reads|none]
//
// The arguments of call I depend only on the seed, I and what the fuzzer
// holds (its descriptors and mappings), so a seed and a call count replay a
// run; `--replay N` prints each call from the Nth on before making it (the
// last line before a kernel fault names the culprit). `--bad-pointers
// reads` keeps bad pointers out of the arguments the kernel writes through;
// `none` passes only valid pointers and NULL.
//
// It must not end itself: memory calls stay inside a sandbox region it
// owns, signals it sends or installs cannot kill it, blocking calls are
// bounded by a SIGALRM a few milliseconds later (its handler has no
// SA_RESTART), descriptors 0-2 are never closed, replaced or written to,
// and exit, exit_group and rt_sigreturn are never called.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096L
#define SCRATCH_PAGES 16
#define SANDBOX_PAGES 64
#define POOL_MAX 48
#define MAPPINGS_MAX 8

// ---------------------------------------------------------------- randomness

static uint64_t seed;
static uint64_t state;

// splitmix64: small, fast, and every seed gives a full-period stream.
static uint64_t next64(void) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static long below(long n) { return n > 0 ? (long)(next64() % (uint64_t)n) : 0; }
static int chance(int percent) { return below(100) < percent; }
#define PICK(array) ((array)[below(sizeof(array) / sizeof((array)[0]))])

// ---------------------------------------------------------------- memory

static char *scratch;        // output buffers; a PROT_NONE page follows it
static char *input;          // input structures the kernel reads
static char *sandbox;        // mmap, munmap, mprotect, mremap, madvise land here
static char *none_page;      // PROT_NONE
static char *readonly_page;  // PROT_READ, holds zeros
static char *hole;           // unmapped
static char *altstack;
static uintptr_t stack_guard;
static long mappings[MAPPINGS_MAX][2];  // mmap results outside the sandbox
static void *initial_break;

enum pointer_policy { BAD_ALL, BAD_READS, BAD_NONE };
static enum pointer_policy policy = BAD_ALL;

static const char rodata_text[] = "read-only data of the fuzzer";

// A pointer that is bad in some way, or at an edge.
static long bad_pointer(void) {
    switch (below(14)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return PAGE - 1;
    case 3: return (long)hole + below(PAGE);
    case 4: return (long)none_page + below(PAGE);
    case 5: return (long)readonly_page + below(PAGE);
    case 6: return (long)stack_guard + below(PAGE);
    case 7: return -1;
    case 8: return -PAGE;
    case 9: return (long)0x4000000000;       // past Sv39's lower half
    case 10: return (long)0x7ffffffff000;
    case 11: return (long)(uintptr_t)&next64;   // the program's text
    case 12: return (long)rodata_text;
    default: return (long)scratch + SCRATCH_PAGES * PAGE - below(64);  // runs into PROT_NONE
    }
}

// A buffer the kernel writes through.
static long out_pointer(void) {
    if (policy == BAD_ALL && chance(15)) return bad_pointer();
    if (policy != BAD_ALL && chance(3)) return 0;
    return (long)scratch + below(SCRATCH_PAGES * PAGE - 512) / 8 * 8;
}

// A buffer the kernel reads: `input` holds what the caller prepared.
static long in_pointer(long prepared) {
    if (policy != BAD_NONE && chance(10)) return bad_pointer();
    // (Far enough from the PROT_NONE page after it for any structure.)
    if (chance(3)) return (long)scratch + below(SCRATCH_PAGES * PAGE - 512);
    return prepared;
}

static long length(void) {
    static const long edges[] = {
        0, 1, 2, 7, 8, 15, 16, 64, 255, 256, 4095, 4096, 4097, 65536,
        0x7ffff000, 0x7fffffff, 0x80000000L, 0xffffffffL, 1L << 40,
        0x7fffffffffffffffL, -1, -2, -PAGE, (long)(1UL << 63),
    };
    if (chance(40)) return below(512);
    if (chance(40)) return PICK(edges);
    return (long)next64();
}

// A byte count for a call that may copy that many bytes from an endless
// source (/dev/zero) into memory: at most 1 MiB, or an edge the kernel
// must reject (negative). Filling memory is the exhaustion tests' part: a
// full memory would end every run the same way.
static long transfer_length(void) {
    long n = length();
    return n >= 0 && n > (1L << 20) ? below(1L << 20) : n;
}

static long flags(void) {
    switch (below(6)) {
    case 0: return 0;
    case 1: return 1L << below(32);
    case 2: return (1L << below(32)) | (1L << below(32)) | (1L << below(12));
    case 3: return -1;
    case 4: return (long)(uint32_t)next64();
    default: return (long)next64();
    }
}

// A small timespec most of the time (blocking calls return soon), else an
// edge; in `input` at `slot`.
static long timespec_in(int slot) {
    long *ts = (long *)(input + 64 * slot);
    static const long nanos[] = {0, 1, 999999999, 1000000000, -1, 100000};
    ts[0] = chance(80) ? 0 : PICK(((long[]){0, 1, -1, 1L << 40, (long)(1UL << 63)}));
    ts[1] = chance(70) ? below(200000) : PICK(nanos);
    return in_pointer((long)ts);
}

// ---------------------------------------------------------------- descriptors

enum kind { FILE_RW, DIRECTORY, PIPE_READ, PIPE_WRITE, CONSOLE, DEV_NULL, DEV_ZERO, PROC, MEMFD, PATH_ONLY, OTHER };
static const char *kind_names[] = {"file", "directory", "pipe-read", "pipe-write", "console", "null", "zero", "proc", "memfd", "O_PATH", "other"};
static struct { int fd; enum kind kind; } pool[POOL_MAX];
static int pool_count;
static int recently_closed = 1000;
static int workdir_fd = -1;  // /tmp/fz, never closed by the fuzzer's calls

static void add_fd(int fd, enum kind kind) {
    if (fd < 3) return;
    for (int i = 0; i < pool_count; i++) if (pool[i].fd == fd) { pool[i].kind = kind; return; }
    if (pool_count == POOL_MAX) {
        close(fd);
        return;
    }
    pool[pool_count].fd = fd;
    pool[pool_count++].kind = kind;
}

static void forget_fd(int fd) {
    for (int i = 0; i < pool_count; i++) {
        if (pool[i].fd == fd) {
            pool[i] = pool[--pool_count];
            recently_closed = fd;
            return;
        }
    }
}

static enum kind kind_of(long fd) {
    if ((unsigned)fd <= 2) return CONSOLE;
    for (int i = 0; i < pool_count; i++) if (pool[i].fd == fd) return pool[i].kind;
    return OTHER;
}

// Whether `fd` is the console (or a terminal) by another name: a symbolic
// link made by a call may lead to it.
static dev_t console_device;
static int is_console(int fd) {
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == console_device;
}

static long any_fd(void) {
    if (pool_count > 0 && chance(85)) return pool[below(pool_count)].fd;
    static const long edges[] = {-1, -100 /* AT_FDCWD */, -1000, 0x7fffffff, 1024, 65536, (long)(1UL << 32) + 3};
    if (chance(30)) return recently_closed;
    return chance(50) ? PICK(edges) : (long)next64();
}

// A descriptor the call may write to or close: never 0-2 (the report's).
// The kernel takes a descriptor as an unsigned int, as Linux does, so
// only the low 32 bits say which.
static long own_fd(void) {
    long fd = any_fd();
    return (unsigned)fd <= 2 ? workdir_fd : fd;
}

static long dir_fd(void) { return chance(40) ? -100 : own_fd(); }

// Empties files that have grown past 8 MiB of data, so that a long run
// does not fill memory a megabyte at a time.
static void trim_files(void) {
    for (int i = 0; i < pool_count; i++) {
        struct stat st;
        if (fstat(pool[i].fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_blocks > (8L << 20) / 512) ftruncate(pool[i].fd, 0);
    }
}

// Drops descriptors the kernel reports as closed (a call may have closed
// one the pool knew) and trims the pool of extra copies.
static void tidy_pool(void) {
    for (int i = 0; i < pool_count; i++) {
        if (pool[i].fd == workdir_fd) continue;
        if (fcntl(pool[i].fd, F_GETFD) < 0) { forget_fd(pool[i].fd); i--; }
    }
}

// ---------------------------------------------------------------- paths

static const char *paths[] = {
    "/tmp/fz/a", "/tmp/fz/b", "/tmp/fz/d", "/tmp/fz/d/x", "/tmp/fz/l", "/tmp/fz/a/", "/tmp/fz/nope/x",
    "a", "b", "d", "d/x", "l", "loop", ".", "..", "", "d/../a", "/", "/tmp", "/dev/null", "/dev/zero",
    "/dev/full", "/dev/urandom", "/dev/console", "/proc/self/maps", "/proc/self/status", "/proc/self/fd",
    "/proc/self/fd/3", "/proc/self/exe", "/proc/meminfo", "/proc/self", "/dev", "/proc",
};
// Paths a call may create, change or remove: inside the work folder.
static const char *work_paths[] = {
    "/tmp/fz/a", "/tmp/fz/b", "/tmp/fz/c", "/tmp/fz/d", "/tmp/fz/d/x", "/tmp/fz/d/y", "/tmp/fz/l", "/tmp/fz/a/",
    "a", "b", "c", "d", "d/x", "d/y", "l", "loop", "e", "e/z", ".", "..", "", "d/../b", "/tmp/fz/nope/x",
};
static char long_name[300];
static char long_path[5000];

static long path_from(const char **list, int count, int writing) {
    if (chance(4)) return (long)long_name;
    if (chance(2)) return (long)long_path;
    if (chance(6)) return writing && policy == BAD_NONE ? 0 : bad_pointer();
    return (long)list[below(count)];
}
static long any_path(void) { return path_from(paths, sizeof paths / sizeof *paths, 0); }
static long work_path(void) { return path_from(work_paths, sizeof work_paths / sizeof *work_paths, 1); }
// The directory a work path is relative to: the work folder or the cwd
// (which is the work folder).
static long work_dir_fd(void) { return chance(50) ? -100 : workdir_fd; }

// ---------------------------------------------------------------- signals

static volatile long alarms;
static struct itimerval alarm_timer = {{0, 3000}, {0, 3000}};
static long saved_action[4];  // the kernel's sigaction for the fuzzer's handler
static struct rlimit saved_limits[16];
static struct termios saved_terminal;
static int have_terminal;

static void on_signal(int signal) {
    if (signal == SIGALRM) alarms++;
}

// A call that may block. SIGALRM, armed only around these, ends the wait:
// its arrival then does not depend on how long other calls took, so a run
// replays the same with --replay printing each call.
static int may_block(long number) {
    switch (number) {
    case SYS_read: case SYS_readv: case SYS_pread64: case SYS_preadv: case SYS_write: case SYS_writev:
    case SYS_pwrite64: case SYS_pwritev: case SYS_sendfile: case SYS_copy_file_range: case SYS_ppoll:
    case SYS_pselect6: case SYS_nanosleep: case SYS_clock_nanosleep: case SYS_futex: case SYS_rt_sigsuspend:
    case SYS_rt_sigtimedwait: case SYS_openat: case SYS_ioctl: case SYS_fcntl:
        return 1;
    default:
        return 0;
    }
}

static void set_alarm(int on) {
    static const struct itimerval off;
    setitimer(ITIMER_REAL, on ? &alarm_timer : &off, 0);
}

// Puts back what the program depends on after a call that may change it.
static void restore_signals(void) {
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGALRM);
    sigprocmask(SIG_UNBLOCK, &unblock, 0);
    syscall(SYS_rt_sigaction, SIGALRM, saved_action, 0, 8);
    syscall(SYS_rt_sigaction, SIGPIPE, saved_action, 0, 8);
    syscall(SYS_rt_sigaction, SIGXFSZ, saved_action, 0, 8);
    set_alarm(0);
}

// Signals a call may send to the fuzzer: ones it handles or ignores.
static long safe_signal(void) {
    static const long signals[] = {0, SIGALRM, SIGUSR1, SIGUSR2, SIGCHLD, SIGURG, SIGWINCH, SIGPIPE, 65, -1, 1000};
    return PICK(signals);
}

// A sigaction the kernel may install: the fuzzer's handler or SIG_IGN, any
// flags but those that would let a signal kill or hang the fuzzer.
static long action_in(void) {
    long *action = (long *)(input + 1024);
    memcpy(action, saved_action, sizeof saved_action);
    action[0] = chance(30) ? 1 /* SIG_IGN */ : saved_action[0];
    action[1] = (flags() | 0x04000000 /* SA_RESTORER */) & ~(0x80000000L | 0x10000000L);  // no SA_RESETHAND, SA_RESTART
    action[3] = (long)next64();
    if (policy != BAD_NONE && chance(5)) return PICK(((long[]){(long)hole, (long)none_page, -1}));
    return (long)action;
}

static long sigset_in(void) {
    long *set = (long *)(input + 1100);
    *set = (long)next64() & ~(1L << (SIGALRM - 1));
    return policy != BAD_NONE && chance(5) ? (long)hole : (long)set;
}

// ---------------------------------------------------------------- the calls

struct call {
    long number;
    long a[6];
};

static void trim_mappings(void);

// A page-aligned address in the sandbox (or an edge near it) and a length
// that keeps the range inside the sandbox, or a length the kernel must
// reject before touching anything (wrapping around the address space).
static void sandbox_range(long *address, long *size) {
    long first = below(SANDBOX_PAGES);
    *address = (long)sandbox + first * PAGE + (chance(5) ? below(PAGE) : 0);
    long room = (SANDBOX_PAGES - first) * PAGE;
    *size = chance(90) ? below(room + 1) : PICK(((long[]){0, -PAGE, -1, (long)(1UL << 63), -(long)*address}));
}

static long prot(void) { return chance(80) ? below(8) : flags(); }

// Fills in the syscall and its arguments for the current random state.
static void generate(struct call *c) {
    static const long numbers[] = {
        SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_pread64, SYS_pwrite64, SYS_preadv, SYS_pwritev,
        SYS_lseek, SYS_close, SYS_ioctl, SYS_fsync, SYS_fdatasync, SYS_sync, SYS_syncfs, SYS_ftruncate,
        SYS_truncate, SYS_fallocate, SYS_fadvise64, SYS_sendfile, SYS_copy_file_range, SYS_ppoll, SYS_pselect6,
        SYS_dup, SYS_dup3, SYS_fcntl, SYS_pipe2, SYS_memfd_create, SYS_openat, SYS_mkdirat, SYS_mknodat,
        SYS_unlinkat, SYS_renameat2, SYS_symlinkat, SYS_readlinkat, SYS_linkat, SYS_chdir, SYS_fchdir, SYS_getcwd,
        SYS_umask, SYS_fstat, SYS_newfstatat, SYS_statx, SYS_getdents64, SYS_faccessat, SYS_faccessat2, SYS_fchmod,
        SYS_fchmodat, SYS_fchown, SYS_fchownat, SYS_utimensat, SYS_statfs, SYS_fstatfs, SYS_brk, SYS_mmap,
        SYS_munmap, SYS_mremap, SYS_mprotect, SYS_madvise, SYS_clock_gettime, SYS_clock_getres, SYS_gettimeofday,
        SYS_nanosleep, SYS_clock_nanosleep, SYS_getpid, SYS_getppid, SYS_gettid, SYS_getuid, SYS_geteuid,
        SYS_getgid, SYS_getegid, SYS_getresuid, SYS_getresgid, SYS_getpgid, SYS_setpgid, SYS_getsid, SYS_setsid,
        SYS_set_tid_address, SYS_sched_yield, SYS_futex, SYS_set_robust_list, SYS_get_robust_list,
        SYS_sched_getaffinity, SYS_sched_setaffinity, SYS_sched_get_priority_max, SYS_sched_get_priority_min,
        SYS_sched_getscheduler, SYS_sched_setscheduler, SYS_sched_getparam, SYS_sched_setparam,
        SYS_sched_rr_get_interval, SYS_getrusage, SYS_times, SYS_membarrier, SYS_prlimit64, SYS_uname,
        SYS_getrandom, SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_rt_sigpending, SYS_rt_sigsuspend,
        SYS_rt_sigtimedwait, SYS_sigaltstack, SYS_getitimer, SYS_setitimer, SYS_kill, SYS_tkill, SYS_tgkill,
        // Not implemented: ENOSYS.
        SYS_epoll_create1, SYS_inotify_init1, SYS_socket, SYS_io_uring_setup, 500, -1,
    };
    static const long ioctls[] = {
        0x5401 /* TCGETS */, 0x5402 /* TCSETS */, 0x5403, 0x5404, 0x540f /* TIOCGPGRP */, 0x5410,
        0x5413 /* TIOCGWINSZ */, 0x5414, 0x541b /* FIONREAD */, 0x5421 /* FIONBIO */, 0x5451 /* FIOCLEX */,
        0x5450, 0x80045430 /* TIOCGPTN */, 0x40049409 /* FICLONE */, 0,
    };
    static const long fcntls[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1024, 1025, 1030, 1031, 1032, 1033, 15, 16, 36, 37, 38};
    long *a = c->a;
    for (int i = 0; i < 6; i++) a[i] = chance(50) ? (long)next64() : below(4);
    c->number = PICK(numbers);
    long *iov = (long *)(input + 2048);
    switch (c->number) {
    case SYS_read: case SYS_pread64: case SYS_getdents64:
        a[0] = any_fd(); a[1] = out_pointer(); a[2] = length(); a[3] = length();
        break;
    case SYS_write: case SYS_pwrite64:
        a[0] = own_fd(); a[1] = in_pointer((long)scratch); a[2] = length(); a[3] = length();
        break;
    case SYS_readv: case SYS_writev: case SYS_preadv: case SYS_pwritev: {
        int reading = c->number == SYS_readv || c->number == SYS_preadv;
        for (int i = 0; i < 8; i++) {
            iov[2 * i] = reading ? out_pointer() : in_pointer((long)scratch);
            iov[2 * i + 1] = chance(80) ? below(PAGE) : length();
        }
        a[0] = reading ? any_fd() : own_fd(); a[1] = in_pointer((long)iov);
        a[2] = chance(80) ? below(9) : PICK(((long[]){1024, 1025, -1, 0x7fffffff}));
        a[3] = length();
        break;
    }
    case SYS_lseek:
        a[0] = any_fd(); a[1] = length(); a[2] = chance(80) ? below(5) : flags();
        break;
    case SYS_close:
        a[0] = own_fd();
        if (a[0] == workdir_fd) a[0] = recently_closed;
        break;
    case SYS_ioctl:
        a[0] = own_fd(); a[1] = chance(85) ? PICK(ioctls) : flags();
        // Whether the kernel reads or writes the argument depends on the
        // request: only with every bad pointer allowed may it be one.
        a[2] = policy == BAD_ALL && chance(50) ? in_pointer((long)input) : out_pointer();
        break;
    case SYS_fsync: case SYS_fdatasync: case SYS_syncfs: case SYS_fchdir: case SYS_dup:
        a[0] = any_fd();
        break;
    case SYS_ftruncate:
        a[0] = own_fd(); a[1] = chance(70) ? below(3 * PAGE) : length();
        break;
    case SYS_truncate:
        a[0] = work_path(); a[1] = chance(70) ? below(3 * PAGE) : length();
        break;
    case SYS_fallocate: case SYS_fadvise64:
        a[0] = own_fd(); a[1] = chance(50) ? below(4) : flags();
        a[2] = chance(60) ? below(3 * PAGE) : length(); a[3] = chance(60) ? below(3 * PAGE) : transfer_length();
        if (c->number == SYS_fadvise64) { a[3] = a[1]; a[1] = a[2]; a[2] = length(); }
        break;
    case SYS_sendfile:
        *(long *)input = chance(70) ? below(PAGE) : length();
        a[0] = own_fd(); a[1] = any_fd(); a[2] = chance(40) ? 0 : chance(80) ? (long)input : out_pointer();
        a[3] = chance(70) ? below(2 * PAGE) : transfer_length();
        break;
    case SYS_copy_file_range:
        ((long *)input)[0] = chance(70) ? below(PAGE) : length();
        ((long *)input)[1] = chance(70) ? below(PAGE) : length();
        a[0] = any_fd(); a[1] = chance(40) ? 0 : (long)input; a[2] = own_fd(); a[3] = chance(40) ? 0 : (long)input + 8;
        a[4] = chance(70) ? below(2 * PAGE) : transfer_length(); a[5] = chance(80) ? 0 : flags();
        break;
    case SYS_ppoll: {
        short *fds = (short *)(input + 3072);
        for (int i = 0; i < 16; i++) {
            ((int *)fds)[2 * i] = (int)any_fd();
            fds[4 * i + 2] = (short)(chance(70) ? below(8) : next64());
            fds[4 * i + 3] = (short)next64();
        }
        a[0] = in_pointer((long)fds); a[1] = chance(80) ? below(17) : length();
        a[2] = chance(10) ? 0 : timespec_in(0); a[3] = chance(60) ? 0 : sigset_in(); a[4] = 8;
        break;
    }
    case SYS_pselect6: {
        long *sets = (long *)(input + 3584);
        for (int i = 0; i < 6; i++) sets[i] = (long)next64() & (chance(50) ? 0xffff : -1);
        a[0] = chance(80) ? below(70) : length();
        a[1] = chance(20) ? 0 : (long)sets; a[2] = chance(20) ? 0 : (long)(sets + 2); a[3] = chance(50) ? 0 : (long)(sets + 4);
        a[4] = chance(10) ? 0 : timespec_in(1);
        long *mask = (long *)(input + 3700);
        mask[0] = sigset_in(); mask[1] = 8;
        a[5] = chance(60) ? 0 : in_pointer((long)mask);
        break;
    }
    case SYS_dup3:
        a[0] = any_fd(); a[1] = chance(60) ? 3 + below(60) : own_fd(); a[2] = chance(60) ? (chance(50) ? O_CLOEXEC : 0) : flags();
        if (a[1] == workdir_fd || (unsigned)a[1] <= 2) a[1] = 63;
        break;
    case SYS_fcntl:
        a[0] = own_fd(); a[1] = chance(85) ? PICK(fcntls) : flags();
        if (a[1] == F_SETLKW || a[1] == 38 /* F_OFD_SETLKW */) a[1] = F_SETLK;  // no lock owner to wait for
        switch (a[1]) {
        case F_GETLK: case F_SETLK: case 36: case 37: case 15: case 16:
            // A struct flock (f_owner_ex) the kernel reads or writes.
            a[2] = policy == BAD_ALL && chance(50) ? in_pointer((long)input) : out_pointer();
            break;
        default:
            a[2] = chance(40) ? below(70) : flags();
            break;
        }
        break;
    case SYS_pipe2:
        a[0] = out_pointer(); a[1] = chance(50) ? O_NONBLOCK : flags();
        break;
    case SYS_memfd_create:
        a[0] = chance(80) ? (long)"fuzz" : any_path(); a[1] = chance(60) ? below(16) : flags();
        break;
    case SYS_openat:
        a[2] = chance(60) ? PICK(((long[]){O_RDONLY, O_RDWR | O_NONBLOCK, O_WRONLY | O_CREAT, O_RDONLY | O_DIRECTORY,
                                            O_PATH, O_RDWR | O_CREAT | O_EXCL, O_RDWR | O_TRUNC, O_TMPFILE | O_RDWR}))
                          : flags();
        // Only inside the work folder may a call create or truncate.
        if (a[2] & (O_CREAT | O_TRUNC | (O_TMPFILE & ~O_DIRECTORY))) { a[0] = work_dir_fd(); a[1] = work_path(); }
        else { a[0] = dir_fd(); a[1] = any_path(); }
        a[3] = chance(70) ? 0644 : flags();
        break;
    case SYS_utimensat:
        a[0] = work_dir_fd(); a[1] = chance(10) ? 0 : work_path(); a[2] = chance(30) ? 0 : timespec_in(2);
        a[3] = chance(60) ? PICK(((long[]){0, 0x100, 0x1000})) : flags();
        break;
    case SYS_mkdirat: case SYS_mknodat: case SYS_unlinkat: case SYS_fchmodat: case SYS_fchownat:
        a[0] = work_dir_fd(); a[1] = work_path(); a[2] = chance(50) ? PICK(((long[]){0, 0755, 0200, AT_REMOVEDIR, S_IFREG | 0644, S_IFIFO | 0644, S_IFCHR})) : flags();
        a[3] = chance(60) ? 0 : flags();
        a[4] = chance(60) ? below(0x1001) : flags();
        break;
    case SYS_renameat2: case SYS_linkat:
        a[0] = work_dir_fd(); a[1] = work_path(); a[2] = work_dir_fd(); a[3] = work_path();
        a[4] = chance(60) ? PICK(((long[]){0, 1, 2, 4, 0x400, 0x1000})) : flags();
        break;
    case SYS_symlinkat:
        a[0] = chance(30) ? (long)long_path : any_path(); a[1] = work_dir_fd(); a[2] = work_path();
        break;
    case SYS_readlinkat:
        a[0] = dir_fd(); a[1] = any_path(); a[2] = out_pointer(); a[3] = length();
        break;
    case SYS_chdir:
        a[0] = any_path();
        break;
    case SYS_getcwd: case SYS_getrandom:
        a[0] = out_pointer(); a[1] = length(); a[2] = chance(60) ? below(8) : flags();
        break;
    case SYS_umask:
        a[0] = chance(50) ? 022 : flags();
        break;
    case SYS_fstat: case SYS_fstatfs:
        a[0] = any_fd(); a[1] = out_pointer();
        break;
    case SYS_newfstatat: case SYS_statx: case SYS_faccessat: case SYS_faccessat2:
        a[0] = dir_fd(); a[1] = any_path();
        a[2] = c->number == SYS_newfstatat ? out_pointer() : chance(60) ? PICK(((long[]){0, 0x100, 0x800, 0x1000, 7, 0x200})) : flags();
        a[3] = c->number == SYS_newfstatat ? (chance(60) ? PICK(((long[]){0, 0x100, 0x1000})) : flags()) : chance(50) ? below(0xfff) : flags();
        a[4] = out_pointer();
        break;
    case SYS_statfs:
        a[0] = any_path(); a[1] = out_pointer();
        break;
    case SYS_fchmod: case SYS_fchown:
        a[0] = own_fd(); a[1] = chance(50) ? 0644 : flags(); a[2] = flags();
        break;
    case SYS_brk:
        a[0] = chance(20) ? 0 : chance(60) ? (long)initial_break + below(64) * PAGE - 4 * PAGE : (long)next64();
        break;
    case SYS_mmap: {
        long mapflags = chance(70) ? PICK(((long[]){MAP_PRIVATE | MAP_ANONYMOUS, MAP_SHARED | MAP_ANONYMOUS, MAP_PRIVATE,
                                                    MAP_SHARED, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE})) : flags();
        if (chance(50)) {
            sandbox_range(&a[0], &a[1]);
            mapflags = (mapflags & ~MAP_FIXED_NOREPLACE) | MAP_FIXED;
        } else {
            mapflags &= ~(MAP_FIXED | MAP_FIXED_NOREPLACE);
            a[0] = chance(50) ? 0 : (long)next64();
            a[1] = chance(80) ? below(8 * PAGE) : length();
        }
        a[2] = prot(); a[3] = mapflags; a[4] = chance(50) ? -1 : any_fd(); a[5] = chance(70) ? 0 : length();
        break;
    }
    case SYS_munmap: case SYS_mprotect: case SYS_madvise:
        sandbox_range(&a[0], &a[1]);
        a[2] = c->number == SYS_mprotect ? prot() : chance(70) ? PICK(((long[]){0, 1, 2, 3, 4, 8, 9, 14, 15, 100})) : flags();
        break;
    case SYS_mremap:
        sandbox_range(&a[0], &a[1]);
        a[2] = chance(80) ? below(8 * PAGE) : length();
        a[3] = chance(70) ? below(4) : flags();   // MREMAP_MAYMOVE, MREMAP_FIXED
        if (a[3] & 2) { long unused; sandbox_range(&a[4], &unused); }
        else a[4] = 0;
        break;
    case SYS_clock_gettime: case SYS_clock_getres:
        a[0] = chance(80) ? below(12) : flags(); a[1] = out_pointer();
        break;
    case SYS_gettimeofday:
        a[0] = out_pointer(); a[1] = chance(50) ? 0 : out_pointer();
        break;
    case SYS_nanosleep:
        a[0] = timespec_in(3); a[1] = chance(50) ? 0 : out_pointer();
        break;
    case SYS_clock_nanosleep:
        a[0] = chance(80) ? below(12) : flags(); a[1] = chance(70) ? below(2) : flags(); a[2] = timespec_in(3);
        a[3] = chance(50) ? 0 : out_pointer();
        break;
    case SYS_getresuid: case SYS_getresgid: case SYS_getrusage: case SYS_times: case SYS_uname:
    case SYS_sched_getparam: case SYS_sched_rr_get_interval: case SYS_getitimer: case SYS_sigaltstack: {
        long pid = chance(70) ? 0 : PICK(((long[]){1, getpid(), -1, 12345}));
        if (c->number == SYS_getresuid || c->number == SYS_getresgid) { a[0] = out_pointer(); a[1] = out_pointer(); a[2] = out_pointer(); }
        else if (c->number == SYS_getrusage) { a[0] = PICK(((long[]){0, -1, 1, 2, 1000})); a[1] = out_pointer(); }
        else if (c->number == SYS_getitimer) { a[0] = chance(80) ? below(4) : flags(); a[1] = out_pointer(); }
        else if (c->number == SYS_sched_getparam || c->number == SYS_sched_rr_get_interval) { a[0] = pid; a[1] = out_pointer(); }
        else if (c->number == SYS_sigaltstack) {
            long *stack = (long *)(input + 1200);
            // A handler's frame goes below ss_sp + ss_size: keep it inside
            // the area, with room below for a stack too small.
            stack[0] = (long)altstack + 4 * PAGE; stack[1] = chance(50) ? 2 /* SS_DISABLE */ : below(3);
            stack[2] = PICK(((long[]){4 * PAGE, 2048, 1, 0}));
            if (chance(10)) stack[1] = 0x80000000L;  // SS_AUTODISARM
            a[0] = chance(50) ? 0 : policy != BAD_NONE && chance(10) ? (long)hole : (long)stack; a[1] = out_pointer();
        } else a[0] = out_pointer();
        break;
    }
    case SYS_getpgid: case SYS_getsid: case SYS_sched_getscheduler: case SYS_sched_get_priority_max:
    case SYS_sched_get_priority_min:
        a[0] = chance(60) ? below(8) : PICK(((long[]){getpid(), -1, 12345}));
        break;
    case SYS_setpgid:
        a[0] = chance(60) ? 0 : getpid(); a[1] = chance(60) ? below(3) : flags();
        break;
    case SYS_set_tid_address:
        a[0] = out_pointer();
        break;
    case SYS_futex: {
        int *word = (int *)(input + 1300);
        *word = (int)below(3);
        // The kernel reads the first word and, for FUTEX_WAKE_OP, writes the second.
        a[0] = policy == BAD_NONE || chance(80) ? (long)word : bad_pointer();
        a[1] = chance(80) ? PICK(((long[]){0, 1, 3, 4, 5, 9, 10, 128, 129, 137, 6, 7, 8})) : flags();
        a[2] = chance(60) ? below(3) : flags();
        a[3] = chance(20) ? 0 : timespec_in(4);
        a[4] = policy != BAD_ALL || chance(80) ? (long)word : bad_pointer(); a[5] = flags();
        break;
    }
    case SYS_set_robust_list: case SYS_get_robust_list:
        a[0] = chance(70) ? (c->number == SYS_set_robust_list ? (long)input : 0) : flags();
        a[1] = c->number == SYS_set_robust_list ? (chance(70) ? 24 : length()) : out_pointer(); a[2] = out_pointer();
        break;
    case SYS_sched_getaffinity: case SYS_sched_setaffinity:
        a[0] = chance(70) ? 0 : PICK(((long[]){getpid(), -1, 12345}));
        a[1] = chance(60) ? PICK(((long[]){0, 1, 8, 128, 7})) : length();
        a[2] = c->number == SYS_sched_getaffinity ? out_pointer() : in_pointer((long)input);
        break;
    case SYS_sched_setscheduler: case SYS_sched_setparam: {
        int *param = (int *)(input + 1400);
        *param = (int)below(100);
        a[0] = chance(70) ? 0 : 12345;
        a[1] = c->number == SYS_sched_setscheduler ? (chance(80) ? below(8) : flags()) : in_pointer((long)param);
        a[2] = in_pointer((long)param);
        break;
    }
    case SYS_membarrier:
        a[0] = chance(80) ? 1L << below(10) : flags(); a[1] = chance(80) ? 0 : flags(); a[2] = below(3);
        break;
    case SYS_prlimit64: {
        long *limit = (long *)(input + 1500);
        limit[0] = chance(50) ? -1 : below(2048); limit[1] = chance(50) ? -1 : below(4096);
        a[0] = chance(80) ? 0 : PICK(((long[]){getpid(), 1, -1})); a[1] = chance(80) ? below(17) : flags();
        a[2] = chance(50) ? 0 : in_pointer((long)limit); a[3] = chance(30) ? 0 : out_pointer();
        break;
    }
    case SYS_rt_sigaction:
        a[0] = chance(90) ? below(66) : flags(); a[1] = chance(40) ? 0 : action_in(); a[2] = chance(50) ? 0 : out_pointer();
        a[3] = chance(90) ? 8 : length();
        if (a[0] == SIGALRM && a[1] != 0) a[1] = (long)saved_action;
        break;
    case SYS_rt_sigprocmask:
        a[0] = chance(80) ? below(3) : flags(); a[1] = chance(30) ? 0 : sigset_in(); a[2] = chance(50) ? 0 : out_pointer();
        a[3] = chance(90) ? 8 : length();
        break;
    case SYS_rt_sigpending:
        a[0] = out_pointer(); a[1] = chance(80) ? below(9) : length();
        break;
    case SYS_rt_sigsuspend:
        a[0] = sigset_in(); a[1] = chance(90) ? 8 : length();
        break;
    case SYS_rt_sigtimedwait:
        a[0] = sigset_in(); a[1] = chance(50) ? 0 : out_pointer(); a[2] = chance(10) ? 0 : timespec_in(5);
        a[3] = chance(90) ? 8 : length();
        break;
    case SYS_setitimer: {
        long *timer = (long *)(input + 1600);
        for (int i = 0; i < 4; i++) timer[i] = chance(70) ? below(5000) : length();
        a[0] = chance(80) ? below(4) : flags(); a[1] = in_pointer((long)timer); a[2] = chance(50) ? 0 : out_pointer();
        break;
    }
    case SYS_kill:
        a[0] = chance(60) ? getpid() : PICK(((long[]){0, -1, 1, 12345, -12345, 0x7fffffff})); a[1] = safe_signal();
        break;
    case SYS_tkill: case SYS_tgkill:
        a[0] = chance(60) ? getpid() : PICK(((long[]){0, -1, 1, 12345})); a[1] = a[0];
        if (c->number == SYS_tkill) a[1] = safe_signal();
        else a[2] = safe_signal();
        break;
    default:
        break;  // no arguments, or all of them random
    }
    // What goes to the console is the report: a few bytes at most.
    long out = c->number == SYS_copy_file_range ? a[2] : a[0];
    if (kind_of(out) == CONSOLE) {
        switch (c->number) {
        case SYS_write: case SYS_pwrite64: a[2] = below(8); break;
        case SYS_sendfile: a[3] = below(8); break;
        case SYS_writev: case SYS_pwritev: a[1] = (long)iov; a[2] = 1; iov[1] = below(8); break;
        case SYS_copy_file_range: a[4] = below(8); break;
        default: break;
        }
    }
}

static void trim_mappings(void) {
    for (int i = 0; i < MAPPINGS_MAX; i++) {
        if (mappings[i][1] != 0) munmap((void *)mappings[i][0], mappings[i][1]);
        mappings[i][0] = mappings[i][1] = 0;
    }
}

// Learns what a call left behind: descriptors it made or closed, mappings
// outside the sandbox, and undoes what would stop the fuzzer.
static void account(const struct call *c, long result) {
    const long *a = c->a;
    switch (c->number) {
    case SYS_openat:
        if (result >= 0) add_fd((int)result, a[2] & O_PATH ? PATH_ONLY : is_console((int)result) ? CONSOLE : OTHER);
        break;
    case SYS_dup: case SYS_dup3: case SYS_memfd_create:
        if (result >= 0) add_fd((int)result, c->number == SYS_memfd_create ? MEMFD : kind_of(a[0]));
        break;
    case SYS_fcntl:
        if (result >= 0 && (a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC)) add_fd((int)result, kind_of(a[0]));
        break;
    case SYS_pipe2:
        if (result == 0) {
            add_fd(((int *)a[0])[0], PIPE_READ);
            add_fd(((int *)a[0])[1], PIPE_WRITE);
        }
        break;
    case SYS_close:
        if (result == 0) forget_fd((int)a[0]);
        break;
    case SYS_mmap: case SYS_mremap:
        if (result != -1 && ((char *)result < sandbox || (char *)result >= sandbox + SANDBOX_PAGES * PAGE)) {
            int slot = (int)below(MAPPINGS_MAX);
            if (mappings[slot][1] != 0) munmap((void *)mappings[slot][0], mappings[slot][1]);
            mappings[slot][0] = result;
            mappings[slot][1] = c->number == SYS_mmap ? a[1] : a[2];
        }
        break;
    case SYS_chdir: case SYS_fchdir:
        fchdir(workdir_fd);
        break;
    case SYS_rt_sigaction: case SYS_rt_sigprocmask: case SYS_rt_sigsuspend: case SYS_setitimer:
    case SYS_rt_sigtimedwait: case SYS_ppoll: case SYS_pselect6: case SYS_sigaltstack:
        restore_signals();
        break;
    case SYS_prlimit64:
        for (int r = 0; r < 16; r++) setrlimit(r, &saved_limits[r]);
        break;
    case SYS_brk:
        syscall(SYS_brk, initial_break);
        break;
    case SYS_ioctl:
        if (have_terminal && (a[1] & 0xff00) == 0x5400) tcsetattr(0, TCSANOW, &saved_terminal);
        break;
    default:
        break;
    }
}

// ---------------------------------------------------------------- setup

static void must(int ok, const char *what) {
    if (!ok) {
        printf("fuzz: setup failed: %s: %s\n", what, strerror(errno));
        exit(2);
    }
}

static char *map_pages(long pages, int protection) {
    char *p = mmap(0, pages * PAGE, protection, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    must(p != MAP_FAILED, "mmap");
    return p;
}

// The stack guard: the page below the lowest page of the main stack's
// mapping, from /proc/self/maps; the unmapped hole when the maps do not
// show the stack (a guess could land in memory the kernel shares with the
// program, the heap, and the kernel would then rightly write there).
static uintptr_t find_stack_guard(void) {
    static char maps[8192];
    int fd = open("/proc/self/maps", O_RDONLY);
    long n = fd >= 0 ? read(fd, maps, sizeof maps - 1) : 0;
    if (fd >= 0) close(fd);
    maps[n > 0 ? n : 0] = 0;
    uintptr_t here = (uintptr_t)&n;
    for (char *line = maps; *line; ) {
        unsigned long start, end;
        if (sscanf(line, "%lx-%lx", &start, &end) == 2 && here >= start && here < end) return start - PAGE;
        char *newline = strchr(line, '\n');
        if (!newline) break;
        line = newline + 1;
    }
    return (uintptr_t)hole;
}

static void open_kinds(void) {
    int p[2];
    must(mkdir("/tmp/fz", 0755) == 0 || errno == EEXIST, "mkdir /tmp/fz");
    must(chdir("/tmp/fz") == 0, "chdir /tmp/fz");
    workdir_fd = open("/tmp/fz", O_RDONLY | O_DIRECTORY);
    must(workdir_fd >= 0, "open /tmp/fz");
    add_fd(workdir_fd, DIRECTORY);
    must(mkdir("d", 0755) == 0, "mkdir d");
    must(symlink("a", "l") == 0 && symlink("loop", "loop") == 0, "symlink");
    add_fd(open("a", O_RDWR | O_CREAT, 0644), FILE_RW);
    add_fd(open("d", O_RDONLY | O_DIRECTORY), DIRECTORY);
    must(pipe2(p, O_NONBLOCK) == 0, "pipe2");
    add_fd(p[0], PIPE_READ);
    add_fd(p[1], PIPE_WRITE);
    must(pipe(p) == 0, "pipe");
    add_fd(p[0], PIPE_READ);
    add_fd(p[1], PIPE_WRITE);
    add_fd(dup(0), CONSOLE);
    add_fd(open("/dev/null", O_RDWR), DEV_NULL);
    add_fd(open("/dev/zero", O_RDWR), DEV_ZERO);
    add_fd(open("/proc/self/status", O_RDONLY), PROC);
    add_fd(open("/proc/self/fd", O_RDONLY | O_DIRECTORY), PROC);
    add_fd((int)syscall(SYS_memfd_create, "fuzz", 0), MEMFD);
    add_fd(open("/tmp/fz/d", O_PATH), PATH_ONLY);
    add_fd(dup(pool[1].fd), FILE_RW);
}

static void setup(void) {
    scratch = map_pages(SCRATCH_PAGES + 1, PROT_READ | PROT_WRITE);
    must(mprotect(scratch + SCRATCH_PAGES * PAGE, PAGE, PROT_NONE) == 0, "mprotect");
    memset(scratch, '.', SCRATCH_PAGES * PAGE);
    input = map_pages(1, PROT_READ | PROT_WRITE);
    sandbox = map_pages(SANDBOX_PAGES, PROT_READ | PROT_WRITE);
    none_page = map_pages(1, PROT_NONE);
    readonly_page = map_pages(1, PROT_READ);
    hole = map_pages(1, PROT_READ);
    must(munmap(hole, PAGE) == 0, "munmap");
    altstack = map_pages(8, PROT_READ | PROT_WRITE);
    stack_guard = find_stack_guard();
    initial_break = (void *)syscall(SYS_brk, 0);
    memset(long_name, 'n', sizeof long_name - 1);
    for (size_t i = 0; i + 2 < sizeof long_path; i += 2) memcpy(long_path + i, "d/", 2);

    struct sigaction action = {.sa_handler = on_signal};
    for (int s = 1; s < 65; s++) {
        if (s == SIGKILL || s == SIGSTOP || s == SIGSEGV || s == SIGBUS || s == SIGILL || s == SIGFPE) continue;
        sigaction(s, &action, 0);
    }
    must(syscall(SYS_rt_sigaction, SIGALRM, 0, saved_action, 8) == 0, "rt_sigaction");
    for (int r = 0; r < 16; r++) getrlimit(r, &saved_limits[r]);
    have_terminal = tcgetattr(0, &saved_terminal) == 0;
    struct stat st;
    if (fstat(1, &st) == 0) console_device = st.st_rdev;
    open_kinds();
}

// Removes `path` and everything under it (renames may have moved names
// anywhere in the work folder).
static void remove_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0755);
        DIR *dir = opendir(path);
        struct dirent *entry;
        while (dir && (entry = readdir(dir))) {
            if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, "..")) continue;
            char child[512];
            snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
            remove_tree(child);
            rewinddir(dir);
        }
        if (dir) closedir(dir);
        rmdir(path);
    } else {
        unlink(path);
    }
}

// Closes what the run made and removes the work folder, so that the kernel
// gets back all it gave (rk.selfcheck checks it did).
static void clean_up(void) {
    set_alarm(0);
    for (int fd = 3; fd < 1024; fd++) close(fd);
    trim_mappings();
    syscall(SYS_brk, initial_break);
    if (have_terminal) tcsetattr(0, TCSANOW, &saved_terminal);
    chdir("/");
    chmod("/tmp/fz", 0755);
    remove_tree("/tmp/fz");
    if (access("/tmp/fz", F_OK) == 0) printf("fuzz: cannot remove the work folder\n");
    munmap(scratch, (SCRATCH_PAGES + 1) * PAGE);
    munmap(input, PAGE);
    munmap(sandbox, SANDBOX_PAGES * PAGE);
    munmap(none_page, PAGE);
    munmap(readonly_page, PAGE);
    munmap(altstack, 8 * PAGE);
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void print_call(long index, const struct call *c) {
    printf("fuzz: call %ld: syscall(%ld, %#lx, %#lx, %#lx, %#lx, %#lx, %#lx)", index, c->number,
           c->a[0], c->a[1], c->a[2], c->a[3], c->a[4], c->a[5]);
    enum kind k = kind_of(c->a[0]);
    if (k != OTHER) printf(" fd %ld is %s", c->a[0], kind_names[k]);
    printf("\n");
    fflush(stdout);
}

int main(int argc, char **argv) {
    long calls = 100000, replay = -1;
    double seconds = 0;
    int seeded = 0;
    for (int i = 1; i < argc; i++) {
        const char *next = i + 1 < argc ? argv[i + 1] : "";
        if (!strcmp(argv[i], "--seed")) { seed = strtoull(next, 0, 0); seeded = 1; i++; }
        else if (!strcmp(argv[i], "--calls")) { calls = strtol(next, 0, 0); i++; }
        else if (!strcmp(argv[i], "--seconds")) { seconds = strtod(next, 0); calls = -1; i++; }
        else if (!strcmp(argv[i], "--replay")) { replay = strtol(next, 0, 0); i++; }
        else if (!strcmp(argv[i], "--bad-pointers")) {
            policy = !strcmp(next, "none") ? BAD_NONE : !strcmp(next, "reads") ? BAD_READS : BAD_ALL;
            i++;
        } else {
            printf("usage: %s [--seed S] [--calls N | --seconds T] [--replay N] [--bad-pointers all|reads|none]\n", argv[0]);
            return 2;
        }
    }
    if (!seeded) getrandom(&seed, sizeof seed, 0);
    setvbuf(stdout, 0, _IOLBF, 0);
    printf("fuzz: seed %#llx\n", (unsigned long long)seed);
    setup();

    long long start = now_ns(), deadline = start + (long long)(seconds * 1e9);
    long done = 0;
    for (long index = 0; calls < 0 || index < calls; index++) {
        if (calls < 0 && (index & 1023) == 0 && now_ns() >= deadline) break;
        if (index % 200000 == 0 && index > 0) printf("fuzz: %ld calls\n", index);
        state = seed ^ ((uint64_t)index * 0xd1b54a32d192ed03ull);
        struct call c;
        generate(&c);
        if (index >= replay && replay >= 0) print_call(index, &c);
        int blocking = may_block(c.number);
        if (blocking) set_alarm(1);
        long result = syscall(c.number, c.a[0], c.a[1], c.a[2], c.a[3], c.a[4], c.a[5]);
        if (blocking) set_alarm(0);
        if (index >= replay && replay >= 0) printf("fuzz:   = %ld%s%s\n", result, result == -1 ? " " : "", result == -1 ? strerror(errno) : "");
        account(&c, result);
        if ((index & 1023) == 0) {
            tidy_pool();
            trim_files();
        }
        done = index + 1;
    }
    long long elapsed = now_ns() - start;
    clean_up();
    printf("fuzz: %ld calls in %lld ms, %lld calls/s, %ld alarms, seed %#llx: done\n", done, elapsed / 1000000,
           elapsed > 0 ? done * 1000000000LL / elapsed : 0, alarms, (unsigned long long)seed);
    return 0;
}
