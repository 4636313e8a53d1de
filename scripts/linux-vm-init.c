/*
 * PID 1 of the Linux VM that scripts/linux-vm.sh boots.
 *
 * First mounts what /mounts lists, if the initramfs has it: one mount per
 * line, `TYPE SOURCE TARGET OPTIONS` separated by single spaces (OPTIONS
 * `-` for none), in order, making TARGET's directories first; a mount that
 * fails ends the VM with status 125. Then runs /program with init's own arguments (the kernel passes what follows
 * `--` on its command line; the first is the program's argv[0]) and
 * environment, waits for it, and ends the VM with its exit status through
 * the sifive test device, the way a Runikraft image ends: qemu then exits
 * with that status. If /dev/mem cannot reach the device, the status goes out
 * as a console line instead and the VM powers off.
 *
 * Its first output is a marker, so the script can drop the firmware banner
 * and boot messages printed before it.
 *
 * Freestanding, without a libc: it is built with the same cross compiler as
 * the kernel, and needs thirteen system calls (Linux riscv64 numbers, from
 * include/uapi/asm-generic/unistd.h).
 */

#define SYS_ioctl 29
#define SYS_mkdirat 34
#define SYS_mount 40
#define SYS_openat 56
#define SYS_close 57
#define SYS_read 63
#define SYS_write 64
#define SYS_exit 93
#define SYS_reboot 142
#define SYS_clone 220
#define SYS_execve 221
#define SYS_mmap 222
#define SYS_wait4 260

#define AT_FDCWD (-100)
#define O_RDONLY 0
#define O_RDWR 02
#define O_SYNC 04010000
#define PROT_READ_WRITE 3
#define MAP_SHARED 1
#define SIGCHLD 17
#define ECHILD 10
#define EEXIST 17
#define TCSBRK 0x5409

/* reboot(2) magic numbers and LINUX_REBOOT_CMD_POWER_OFF. */
#define REBOOT_MAGIC1 0xfee1dead
#define REBOOT_MAGIC2 672274793
#define REBOOT_POWER_OFF 0x4321fedc

/* qemu virt's sifive,test0 at 0x100000: 0x5555 passes, (status << 16) |
 * 0x3333 fails with that status (hw/misc/sifive_test.c). */
#define TEST_DEVICE 0x100000
#define TEST_PASS 0x5555
#define TEST_FAIL 0x3333

#define PROGRAM "/program"
#define MOUNTS "/mounts"
#define MARKER "\001linux-vm\002"

static long syscall6(long n, long a0, long a1, long a2, long a3, long a4, long a5)
{
	register long r_a0 __asm__("a0") = a0;
	register long r_a1 __asm__("a1") = a1;
	register long r_a2 __asm__("a2") = a2;
	register long r_a3 __asm__("a3") = a3;
	register long r_a4 __asm__("a4") = a4;
	register long r_a5 __asm__("a5") = a5;
	register long r_a7 __asm__("a7") = n;
	__asm__ volatile("ecall"
			 : "+r"(r_a0)
			 : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a7)
			 : "memory");
	return r_a0;
}

static void say(const char *s)
{
	long n = 0;
	while (s[n])
		n++;
	syscall6(SYS_write, 1, (long)s, n, 0, 0, 0);
}

static void say_number(long v)
{
	char digits[24];
	int i = sizeof digits - 1;
	digits[i] = 0;
	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	say(digits + i);
}

/* Status as a shell shows it: the exit code, or 128 + the killing signal. */
static int shell_status(int wait_status)
{
	int signal = wait_status & 0x7f;
	return signal ? 128 + signal : (wait_status >> 8) & 0xff;
}

static int run_program(char **argv, char **envp)
{
	long child = syscall6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
	if (child == 0) {
		long error = syscall6(SYS_execve, (long)PROGRAM, (long)argv, (long)envp, 0, 0, 0);
		say("linux-vm: cannot exec " PROGRAM ": errno ");
		say_number(-error);
		say("\n");
		syscall6(SYS_exit, 127, 0, 0, 0, 0, 0);
	}
	if (child < 0) {
		say("linux-vm: cannot fork\n");
		return 126;
	}
	/* PID 1 inherits orphans: reap until the program itself is done. */
	for (;;) {
		int wait_status = 0;
		long pid = syscall6(SYS_wait4, -1, (long)&wait_status, 0, 0, 0, 0);
		if (pid == child)
			return shell_status(wait_status);
		if (pid == -ECHILD)
			return 125;
	}
}

static void end_vm(int status)
{
	/* The console transmits from a buffer; tcdrain (TCSBRK with a nonzero
	 * argument, tty_ioctl(4)) so the program's last output is not lost. */
	syscall6(SYS_ioctl, 1, TCSBRK, 1, 0, 0, 0);

	long fd = syscall6(SYS_openat, AT_FDCWD, (long)"/dev/mem", O_RDWR | O_SYNC, 0, 0, 0);
	if (fd >= 0) {
		long page = syscall6(SYS_mmap, 0, 4096, PROT_READ_WRITE, MAP_SHARED, fd, TEST_DEVICE);
		if ((unsigned long)page < -4096UL) { /* not -errno */
			*(volatile unsigned int *)page =
				status == 0 ? TEST_PASS : (unsigned int)status << 16 | TEST_FAIL;
		}
	}
	say("linux-vm: exit status ");
	say_number(status);
	say("\n");
	syscall6(SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_POWER_OFF, 0, 0, 0);
	for (;;)
		syscall6(SYS_exit, status, 0, 0, 0, 0, 0);
}

static void mount_failed(const char *what, const char *path, long error)
{
	say("linux-vm: cannot ");
	say(what);
	say(" ");
	say(path);
	say(": errno ");
	say_number(-error);
	say("\n");
	end_vm(125);
}

/* Makes directory `path` and those above it (mkdir -p). */
static void make_directories(char *path)
{
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p != 0)
			continue;
		char saved = *p;
		*p = 0;
		long error = syscall6(SYS_mkdirat, AT_FDCWD, (long)path, 0755, 0, 0, 0);
		*p = saved;
		if (error < 0 && error != -EEXIST)
			mount_failed("make", path, error);
		if (saved == 0)
			return;
	}
}

/* Splits off the next field of a line at a space or the line's end. */
static char *field(char **cursor)
{
	char *start = *cursor, *p = start;
	while (*p != ' ' && *p != '\n' && *p != 0)
		p++;
	*cursor = *p ? p + 1 : p;
	*p = 0;
	return start;
}

static void mount_all(void)
{
	static char table[4096];
	long fd = syscall6(SYS_openat, AT_FDCWD, (long)MOUNTS, O_RDONLY, 0, 0, 0);
	if (fd < 0)
		return;
	long length = syscall6(SYS_read, fd, (long)table, sizeof table - 1, 0, 0, 0);
	syscall6(SYS_close, fd, 0, 0, 0, 0, 0);
	if (length < 0)
		mount_failed("read", MOUNTS, length);
	table[length] = 0;
	char *cursor = table;
	while (*cursor) {
		char *type = field(&cursor), *source = field(&cursor);
		char *target = field(&cursor), *options = field(&cursor);
		if (!*type)
			continue;
		make_directories(target);
		long error = syscall6(SYS_mount, (long)source, (long)target, (long)type, 0,
				      options[0] == '-' && !options[1] ? 0 : (long)options, 0);
		if (error < 0)
			mount_failed("mount on", target, error);
	}
}

/* The kernel starts init with sp at argc, then argv[], NULL, envp[], NULL
 * (System V ABI, RISC-V psABI "Process initialization"). */
void init_main(long *stack)
{
	long argc = stack[0];
	char **argv = (char **)(stack + 1);
	char **envp = argv + argc + 1;

	say(MARKER);
	if (argc < 2) {
		say("linux-vm: no program name after -- on the kernel command line\n");
		end_vm(125);
	}
	mount_all();
	end_vm(run_program(argv + 1, envp));
}

__asm__(".globl _start\n"
	"_start:\n"
	"	mv a0, sp\n"
	"	call init_main\n");
