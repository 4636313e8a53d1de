/// Linux system call numbers for riscv64 (the asm-generic table, LP64 names:
/// `newfstatat`, `fstat`, `mmap`, `lseek`, ...), as musl issues them.
///
/// Case names are the Linux names, as in syscalls(2), so a reader can look
/// each one up; `name` gives the same spelling for kernel messages.
public enum Syscall: Int {
    case io_setup = 0
    case io_destroy = 1
    case io_submit = 2
    case io_cancel = 3
    case io_getevents = 4
    case setxattr = 5
    case lsetxattr = 6
    case fsetxattr = 7
    case getxattr = 8
    case lgetxattr = 9
    case fgetxattr = 10
    case listxattr = 11
    case llistxattr = 12
    case flistxattr = 13
    case removexattr = 14
    case lremovexattr = 15
    case fremovexattr = 16
    case getcwd = 17
    case lookup_dcookie = 18
    case eventfd2 = 19
    case epoll_create1 = 20
    case epoll_ctl = 21
    case epoll_pwait = 22
    case dup = 23
    case dup3 = 24
    case fcntl = 25
    case inotify_init1 = 26
    case inotify_add_watch = 27
    case inotify_rm_watch = 28
    case ioctl = 29
    case ioprio_set = 30
    case ioprio_get = 31
    case flock = 32
    case mknodat = 33
    case mkdirat = 34
    case unlinkat = 35
    case symlinkat = 36
    case linkat = 37
    case renameat = 38
    case umount2 = 39
    case mount = 40
    case pivot_root = 41
    case nfsservctl = 42
    case statfs = 43
    case fstatfs = 44
    case truncate = 45
    case ftruncate = 46
    case fallocate = 47
    case faccessat = 48
    case chdir = 49
    case fchdir = 50
    case chroot = 51
    case fchmod = 52
    case fchmodat = 53
    case fchownat = 54
    case fchown = 55
    case openat = 56
    case close = 57
    case vhangup = 58
    case pipe2 = 59
    case quotactl = 60
    case getdents64 = 61
    case lseek = 62
    case read = 63
    case write = 64
    case readv = 65
    case writev = 66
    case pread64 = 67
    case pwrite64 = 68
    case preadv = 69
    case pwritev = 70
    case sendfile = 71
    case pselect6 = 72
    case ppoll = 73
    case signalfd4 = 74
    case vmsplice = 75
    case splice = 76
    case tee = 77
    case readlinkat = 78
    case newfstatat = 79
    case fstat = 80
    case sync = 81
    case fsync = 82
    case fdatasync = 83
    case sync_file_range = 84
    case timerfd_create = 85
    case timerfd_settime = 86
    case timerfd_gettime = 87
    case utimensat = 88
    case acct = 89
    case capget = 90
    case capset = 91
    case personality = 92
    case exit = 93
    case exit_group = 94
    case waitid = 95
    case set_tid_address = 96
    case unshare = 97
    case futex = 98
    case set_robust_list = 99
    case get_robust_list = 100
    case nanosleep = 101
    case getitimer = 102
    case setitimer = 103
    case kexec_load = 104
    case init_module = 105
    case delete_module = 106
    case timer_create = 107
    case timer_gettime = 108
    case timer_getoverrun = 109
    case timer_settime = 110
    case timer_delete = 111
    case clock_settime = 112
    case clock_gettime = 113
    case clock_getres = 114
    case clock_nanosleep = 115
    case syslog = 116
    case ptrace = 117
    case sched_setparam = 118
    case sched_setscheduler = 119
    case sched_getscheduler = 120
    case sched_getparam = 121
    case sched_setaffinity = 122
    case sched_getaffinity = 123
    case sched_yield = 124
    case sched_get_priority_max = 125
    case sched_get_priority_min = 126
    case sched_rr_get_interval = 127
    case restart_syscall = 128
    case kill = 129
    case tkill = 130
    case tgkill = 131
    case sigaltstack = 132
    case rt_sigsuspend = 133
    case rt_sigaction = 134
    case rt_sigprocmask = 135
    case rt_sigpending = 136
    case rt_sigtimedwait = 137
    case rt_sigqueueinfo = 138
    case rt_sigreturn = 139
    case setpriority = 140
    case getpriority = 141
    case reboot = 142
    case setregid = 143
    case setgid = 144
    case setreuid = 145
    case setuid = 146
    case setresuid = 147
    case getresuid = 148
    case setresgid = 149
    case getresgid = 150
    case setfsuid = 151
    case setfsgid = 152
    case times = 153
    case setpgid = 154
    case getpgid = 155
    case getsid = 156
    case setsid = 157
    case getgroups = 158
    case setgroups = 159
    case uname = 160
    case sethostname = 161
    case setdomainname = 162
    case getrlimit = 163
    case setrlimit = 164
    case getrusage = 165
    case umask = 166
    case prctl = 167
    case getcpu = 168
    case gettimeofday = 169
    case settimeofday = 170
    case adjtimex = 171
    case getpid = 172
    case getppid = 173
    case getuid = 174
    case geteuid = 175
    case getgid = 176
    case getegid = 177
    case gettid = 178
    case sysinfo = 179
    case mq_open = 180
    case mq_unlink = 181
    case mq_timedsend = 182
    case mq_timedreceive = 183
    case mq_notify = 184
    case mq_getsetattr = 185
    case msgget = 186
    case msgctl = 187
    case msgrcv = 188
    case msgsnd = 189
    case semget = 190
    case semctl = 191
    case semtimedop = 192
    case semop = 193
    case shmget = 194
    case shmctl = 195
    case shmat = 196
    case shmdt = 197
    case socket = 198
    case socketpair = 199
    case bind = 200
    case listen = 201
    case accept = 202
    case connect = 203
    case getsockname = 204
    case getpeername = 205
    case sendto = 206
    case recvfrom = 207
    case setsockopt = 208
    case getsockopt = 209
    case shutdown = 210
    case sendmsg = 211
    case recvmsg = 212
    case readahead = 213
    case brk = 214
    case munmap = 215
    case mremap = 216
    case add_key = 217
    case request_key = 218
    case keyctl = 219
    case clone = 220
    case execve = 221
    case mmap = 222
    case fadvise64 = 223
    case swapon = 224
    case swapoff = 225
    case mprotect = 226
    case msync = 227
    case mlock = 228
    case munlock = 229
    case mlockall = 230
    case munlockall = 231
    case mincore = 232
    case madvise = 233
    case remap_file_pages = 234
    case mbind = 235
    case get_mempolicy = 236
    case set_mempolicy = 237
    case migrate_pages = 238
    case move_pages = 239
    case rt_tgsigqueueinfo = 240
    case perf_event_open = 241
    case accept4 = 242
    case recvmmsg = 243
    case riscv_hwprobe = 258
    case riscv_flush_icache = 259
    case wait4 = 260
    case prlimit64 = 261
    case fanotify_init = 262
    case fanotify_mark = 263
    case name_to_handle_at = 264
    case open_by_handle_at = 265
    case clock_adjtime = 266
    case syncfs = 267
    case setns = 268
    case sendmmsg = 269
    case process_vm_readv = 270
    case process_vm_writev = 271
    case kcmp = 272
    case finit_module = 273
    case sched_setattr = 274
    case sched_getattr = 275
    case renameat2 = 276
    case seccomp = 277
    case getrandom = 278
    case memfd_create = 279
    case bpf = 280
    case execveat = 281
    case userfaultfd = 282
    case membarrier = 283
    case mlock2 = 284
    case copy_file_range = 285
    case preadv2 = 286
    case pwritev2 = 287
    case pkey_mprotect = 288
    case pkey_alloc = 289
    case pkey_free = 290
    case statx = 291
    case io_pgetevents = 292
    case rseq = 293
    case kexec_file_load = 294
    case clock_gettime64 = 403
    case clock_settime64 = 404
    case clock_adjtime64 = 405
    case clock_getres_time64 = 406
    case clock_nanosleep_time64 = 407
    case timer_gettime64 = 408
    case timer_settime64 = 409
    case timerfd_gettime64 = 410
    case timerfd_settime64 = 411
    case utimensat_time64 = 412
    case pselect6_time64 = 413
    case ppoll_time64 = 414
    case io_pgetevents_time64 = 416
    case recvmmsg_time64 = 417
    case mq_timedsend_time64 = 418
    case mq_timedreceive_time64 = 419
    case semtimedop_time64 = 420
    case rt_sigtimedwait_time64 = 421
    case futex_time64 = 422
    case sched_rr_get_interval_time64 = 423
    case pidfd_send_signal = 424
    case io_uring_setup = 425
    case io_uring_enter = 426
    case io_uring_register = 427
    case open_tree = 428
    case move_mount = 429
    case fsopen = 430
    case fsconfig = 431
    case fsmount = 432
    case fspick = 433
    case pidfd_open = 434
    case clone3 = 435
    case close_range = 436
    case openat2 = 437
    case pidfd_getfd = 438
    case faccessat2 = 439
    case process_madvise = 440
    case epoll_pwait2 = 441
    case mount_setattr = 442
    case quotactl_fd = 443
    case landlock_create_ruleset = 444
    case landlock_add_rule = 445
    case landlock_restrict_self = 446
    case memfd_secret = 447
    case process_mrelease = 448
    case futex_waitv = 449
    case set_mempolicy_home_node = 450

    /// The Linux name of the call, for messages such as the ENOSYS notice.
    public var name: StaticString {
        switch self {
        case .io_setup: "io_setup"
        case .io_destroy: "io_destroy"
        case .io_submit: "io_submit"
        case .io_cancel: "io_cancel"
        case .io_getevents: "io_getevents"
        case .setxattr: "setxattr"
        case .lsetxattr: "lsetxattr"
        case .fsetxattr: "fsetxattr"
        case .getxattr: "getxattr"
        case .lgetxattr: "lgetxattr"
        case .fgetxattr: "fgetxattr"
        case .listxattr: "listxattr"
        case .llistxattr: "llistxattr"
        case .flistxattr: "flistxattr"
        case .removexattr: "removexattr"
        case .lremovexattr: "lremovexattr"
        case .fremovexattr: "fremovexattr"
        case .getcwd: "getcwd"
        case .lookup_dcookie: "lookup_dcookie"
        case .eventfd2: "eventfd2"
        case .epoll_create1: "epoll_create1"
        case .epoll_ctl: "epoll_ctl"
        case .epoll_pwait: "epoll_pwait"
        case .dup: "dup"
        case .dup3: "dup3"
        case .fcntl: "fcntl"
        case .inotify_init1: "inotify_init1"
        case .inotify_add_watch: "inotify_add_watch"
        case .inotify_rm_watch: "inotify_rm_watch"
        case .ioctl: "ioctl"
        case .ioprio_set: "ioprio_set"
        case .ioprio_get: "ioprio_get"
        case .flock: "flock"
        case .mknodat: "mknodat"
        case .mkdirat: "mkdirat"
        case .unlinkat: "unlinkat"
        case .symlinkat: "symlinkat"
        case .linkat: "linkat"
        case .renameat: "renameat"
        case .umount2: "umount2"
        case .mount: "mount"
        case .pivot_root: "pivot_root"
        case .nfsservctl: "nfsservctl"
        case .statfs: "statfs"
        case .fstatfs: "fstatfs"
        case .truncate: "truncate"
        case .ftruncate: "ftruncate"
        case .fallocate: "fallocate"
        case .faccessat: "faccessat"
        case .chdir: "chdir"
        case .fchdir: "fchdir"
        case .chroot: "chroot"
        case .fchmod: "fchmod"
        case .fchmodat: "fchmodat"
        case .fchownat: "fchownat"
        case .fchown: "fchown"
        case .openat: "openat"
        case .close: "close"
        case .vhangup: "vhangup"
        case .pipe2: "pipe2"
        case .quotactl: "quotactl"
        case .getdents64: "getdents64"
        case .lseek: "lseek"
        case .read: "read"
        case .write: "write"
        case .readv: "readv"
        case .writev: "writev"
        case .pread64: "pread64"
        case .pwrite64: "pwrite64"
        case .preadv: "preadv"
        case .pwritev: "pwritev"
        case .sendfile: "sendfile"
        case .pselect6: "pselect6"
        case .ppoll: "ppoll"
        case .signalfd4: "signalfd4"
        case .vmsplice: "vmsplice"
        case .splice: "splice"
        case .tee: "tee"
        case .readlinkat: "readlinkat"
        case .newfstatat: "newfstatat"
        case .fstat: "fstat"
        case .sync: "sync"
        case .fsync: "fsync"
        case .fdatasync: "fdatasync"
        case .sync_file_range: "sync_file_range"
        case .timerfd_create: "timerfd_create"
        case .timerfd_settime: "timerfd_settime"
        case .timerfd_gettime: "timerfd_gettime"
        case .utimensat: "utimensat"
        case .acct: "acct"
        case .capget: "capget"
        case .capset: "capset"
        case .personality: "personality"
        case .exit: "exit"
        case .exit_group: "exit_group"
        case .waitid: "waitid"
        case .set_tid_address: "set_tid_address"
        case .unshare: "unshare"
        case .futex: "futex"
        case .set_robust_list: "set_robust_list"
        case .get_robust_list: "get_robust_list"
        case .nanosleep: "nanosleep"
        case .getitimer: "getitimer"
        case .setitimer: "setitimer"
        case .kexec_load: "kexec_load"
        case .init_module: "init_module"
        case .delete_module: "delete_module"
        case .timer_create: "timer_create"
        case .timer_gettime: "timer_gettime"
        case .timer_getoverrun: "timer_getoverrun"
        case .timer_settime: "timer_settime"
        case .timer_delete: "timer_delete"
        case .clock_settime: "clock_settime"
        case .clock_gettime: "clock_gettime"
        case .clock_getres: "clock_getres"
        case .clock_nanosleep: "clock_nanosleep"
        case .syslog: "syslog"
        case .ptrace: "ptrace"
        case .sched_setparam: "sched_setparam"
        case .sched_setscheduler: "sched_setscheduler"
        case .sched_getscheduler: "sched_getscheduler"
        case .sched_getparam: "sched_getparam"
        case .sched_setaffinity: "sched_setaffinity"
        case .sched_getaffinity: "sched_getaffinity"
        case .sched_yield: "sched_yield"
        case .sched_get_priority_max: "sched_get_priority_max"
        case .sched_get_priority_min: "sched_get_priority_min"
        case .sched_rr_get_interval: "sched_rr_get_interval"
        case .restart_syscall: "restart_syscall"
        case .kill: "kill"
        case .tkill: "tkill"
        case .tgkill: "tgkill"
        case .sigaltstack: "sigaltstack"
        case .rt_sigsuspend: "rt_sigsuspend"
        case .rt_sigaction: "rt_sigaction"
        case .rt_sigprocmask: "rt_sigprocmask"
        case .rt_sigpending: "rt_sigpending"
        case .rt_sigtimedwait: "rt_sigtimedwait"
        case .rt_sigqueueinfo: "rt_sigqueueinfo"
        case .rt_sigreturn: "rt_sigreturn"
        case .setpriority: "setpriority"
        case .getpriority: "getpriority"
        case .reboot: "reboot"
        case .setregid: "setregid"
        case .setgid: "setgid"
        case .setreuid: "setreuid"
        case .setuid: "setuid"
        case .setresuid: "setresuid"
        case .getresuid: "getresuid"
        case .setresgid: "setresgid"
        case .getresgid: "getresgid"
        case .setfsuid: "setfsuid"
        case .setfsgid: "setfsgid"
        case .times: "times"
        case .setpgid: "setpgid"
        case .getpgid: "getpgid"
        case .getsid: "getsid"
        case .setsid: "setsid"
        case .getgroups: "getgroups"
        case .setgroups: "setgroups"
        case .uname: "uname"
        case .sethostname: "sethostname"
        case .setdomainname: "setdomainname"
        case .getrlimit: "getrlimit"
        case .setrlimit: "setrlimit"
        case .getrusage: "getrusage"
        case .umask: "umask"
        case .prctl: "prctl"
        case .getcpu: "getcpu"
        case .gettimeofday: "gettimeofday"
        case .settimeofday: "settimeofday"
        case .adjtimex: "adjtimex"
        case .getpid: "getpid"
        case .getppid: "getppid"
        case .getuid: "getuid"
        case .geteuid: "geteuid"
        case .getgid: "getgid"
        case .getegid: "getegid"
        case .gettid: "gettid"
        case .sysinfo: "sysinfo"
        case .mq_open: "mq_open"
        case .mq_unlink: "mq_unlink"
        case .mq_timedsend: "mq_timedsend"
        case .mq_timedreceive: "mq_timedreceive"
        case .mq_notify: "mq_notify"
        case .mq_getsetattr: "mq_getsetattr"
        case .msgget: "msgget"
        case .msgctl: "msgctl"
        case .msgrcv: "msgrcv"
        case .msgsnd: "msgsnd"
        case .semget: "semget"
        case .semctl: "semctl"
        case .semtimedop: "semtimedop"
        case .semop: "semop"
        case .shmget: "shmget"
        case .shmctl: "shmctl"
        case .shmat: "shmat"
        case .shmdt: "shmdt"
        case .socket: "socket"
        case .socketpair: "socketpair"
        case .bind: "bind"
        case .listen: "listen"
        case .accept: "accept"
        case .connect: "connect"
        case .getsockname: "getsockname"
        case .getpeername: "getpeername"
        case .sendto: "sendto"
        case .recvfrom: "recvfrom"
        case .setsockopt: "setsockopt"
        case .getsockopt: "getsockopt"
        case .shutdown: "shutdown"
        case .sendmsg: "sendmsg"
        case .recvmsg: "recvmsg"
        case .readahead: "readahead"
        case .brk: "brk"
        case .munmap: "munmap"
        case .mremap: "mremap"
        case .add_key: "add_key"
        case .request_key: "request_key"
        case .keyctl: "keyctl"
        case .clone: "clone"
        case .execve: "execve"
        case .mmap: "mmap"
        case .fadvise64: "fadvise64"
        case .swapon: "swapon"
        case .swapoff: "swapoff"
        case .mprotect: "mprotect"
        case .msync: "msync"
        case .mlock: "mlock"
        case .munlock: "munlock"
        case .mlockall: "mlockall"
        case .munlockall: "munlockall"
        case .mincore: "mincore"
        case .madvise: "madvise"
        case .remap_file_pages: "remap_file_pages"
        case .mbind: "mbind"
        case .get_mempolicy: "get_mempolicy"
        case .set_mempolicy: "set_mempolicy"
        case .migrate_pages: "migrate_pages"
        case .move_pages: "move_pages"
        case .rt_tgsigqueueinfo: "rt_tgsigqueueinfo"
        case .perf_event_open: "perf_event_open"
        case .accept4: "accept4"
        case .recvmmsg: "recvmmsg"
        case .riscv_hwprobe: "riscv_hwprobe"
        case .riscv_flush_icache: "riscv_flush_icache"
        case .wait4: "wait4"
        case .prlimit64: "prlimit64"
        case .fanotify_init: "fanotify_init"
        case .fanotify_mark: "fanotify_mark"
        case .name_to_handle_at: "name_to_handle_at"
        case .open_by_handle_at: "open_by_handle_at"
        case .clock_adjtime: "clock_adjtime"
        case .syncfs: "syncfs"
        case .setns: "setns"
        case .sendmmsg: "sendmmsg"
        case .process_vm_readv: "process_vm_readv"
        case .process_vm_writev: "process_vm_writev"
        case .kcmp: "kcmp"
        case .finit_module: "finit_module"
        case .sched_setattr: "sched_setattr"
        case .sched_getattr: "sched_getattr"
        case .renameat2: "renameat2"
        case .seccomp: "seccomp"
        case .getrandom: "getrandom"
        case .memfd_create: "memfd_create"
        case .bpf: "bpf"
        case .execveat: "execveat"
        case .userfaultfd: "userfaultfd"
        case .membarrier: "membarrier"
        case .mlock2: "mlock2"
        case .copy_file_range: "copy_file_range"
        case .preadv2: "preadv2"
        case .pwritev2: "pwritev2"
        case .pkey_mprotect: "pkey_mprotect"
        case .pkey_alloc: "pkey_alloc"
        case .pkey_free: "pkey_free"
        case .statx: "statx"
        case .io_pgetevents: "io_pgetevents"
        case .rseq: "rseq"
        case .kexec_file_load: "kexec_file_load"
        case .clock_gettime64: "clock_gettime64"
        case .clock_settime64: "clock_settime64"
        case .clock_adjtime64: "clock_adjtime64"
        case .clock_getres_time64: "clock_getres_time64"
        case .clock_nanosleep_time64: "clock_nanosleep_time64"
        case .timer_gettime64: "timer_gettime64"
        case .timer_settime64: "timer_settime64"
        case .timerfd_gettime64: "timerfd_gettime64"
        case .timerfd_settime64: "timerfd_settime64"
        case .utimensat_time64: "utimensat_time64"
        case .pselect6_time64: "pselect6_time64"
        case .ppoll_time64: "ppoll_time64"
        case .io_pgetevents_time64: "io_pgetevents_time64"
        case .recvmmsg_time64: "recvmmsg_time64"
        case .mq_timedsend_time64: "mq_timedsend_time64"
        case .mq_timedreceive_time64: "mq_timedreceive_time64"
        case .semtimedop_time64: "semtimedop_time64"
        case .rt_sigtimedwait_time64: "rt_sigtimedwait_time64"
        case .futex_time64: "futex_time64"
        case .sched_rr_get_interval_time64: "sched_rr_get_interval_time64"
        case .pidfd_send_signal: "pidfd_send_signal"
        case .io_uring_setup: "io_uring_setup"
        case .io_uring_enter: "io_uring_enter"
        case .io_uring_register: "io_uring_register"
        case .open_tree: "open_tree"
        case .move_mount: "move_mount"
        case .fsopen: "fsopen"
        case .fsconfig: "fsconfig"
        case .fsmount: "fsmount"
        case .fspick: "fspick"
        case .pidfd_open: "pidfd_open"
        case .clone3: "clone3"
        case .close_range: "close_range"
        case .openat2: "openat2"
        case .pidfd_getfd: "pidfd_getfd"
        case .faccessat2: "faccessat2"
        case .process_madvise: "process_madvise"
        case .epoll_pwait2: "epoll_pwait2"
        case .mount_setattr: "mount_setattr"
        case .quotactl_fd: "quotactl_fd"
        case .landlock_create_ruleset: "landlock_create_ruleset"
        case .landlock_add_rule: "landlock_add_rule"
        case .landlock_restrict_self: "landlock_restrict_self"
        case .memfd_secret: "memfd_secret"
        case .process_mrelease: "process_mrelease"
        case .futex_waitv: "futex_waitv"
        case .set_mempolicy_home_node: "set_mempolicy_home_node"
        }
    }
}
