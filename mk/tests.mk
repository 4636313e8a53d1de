# Test suites that boot images in qemu (test-unit, the host tool's own tests,
# is in mk/tools.mk).
#
#   make test-examples            examples/ built with CC=runikraft-cc and booted
#   make test-kernel              tests/kernel/*.c against their .expected output
#   make test-diff                tests/diff/*.c: Runikraft against Linux (qemu-riscv64)
#   make test-devices             tests/devices: virtio-rng, the log channel, 9p and
#                                 ext2 disks (against Linux), durability
#   make test-world               Debian source packages built unmodified with
#                                 their own build systems, run against Linux
#   make test-aslr                20 boots: text, data, GOT, heap, brk, mmap, stack and
#                                 canary differ; rk.aslr=off keeps the image in place
#   make test-audit               tests/audit/user-memory.sh: program memory only
#                                 through UserMemory (and its self-test)
#   make test-efault              tests/efault: EFAULT for every pointer argument
#                                 of every syscall, against Linux
#   make test-tooling             tests/tooling/run.sh: gdb, syscall trace, crash
#                                 reports, build systems, inspect
#   make test-fuzz                tests/fuzz: the syscall fuzzer, a few fixed seeds,
#                                 each boot ending with the kernel's rk.selfcheck
#   make fuzz-syscalls SECONDS=N  the fuzzer with fresh seeds for N seconds
#                                 (default 60); stops at the first failure
#   make test-kernel TESTS=enosys, make test-diff TESTS="time memory",
#   make test-world WORLD=zlib    only the programs or packages named
#                                 (test-tooling TESTS=gdb: the tests named)
#
# Outputs (images, console logs, diffs) go to $(BUILD)/tests/.

TESTS ?=
WORLD ?=

# What every suite's script reads (tests/lib.sh).
TEST_ENV = BUILD='$(CURDIR)/$(BUILD)' CC_RK='$(CC_RK)' RUN_RK='$(RUN_RK)'

# The Linux oracle's compile and link commands (mk/sysroot.mk).
DIFF_ENV = LINUX_CC='$(LINUX_CC)' LINUX_LDFLAGS='$(LINUX_LDFLAGS)' LINUX_LDLIBS='$(LINUX_LDLIBS)'

.PHONY: test-examples test-kernel test-diff test-devices test-world test-aslr test-tooling test-audit test-efault test-fuzz fuzz-syscalls

test-examples: sysroot tools
	@$(TEST_ENV) tests/examples.sh

test-kernel: sysroot tools
	@$(TEST_ENV) tests/kernel/run.sh $(TESTS)

test-diff: sysroot tools linux-musl
	@$(TEST_ENV) $(DIFF_ENV) tests/diff/run.sh $(TESTS)

test-devices: sysroot tools linux-musl
	@$(TEST_ENV) $(DIFF_ENV) tests/devices/run.sh $(TESTS)

# Sources are fetched with apt-get source into $(BUILD)/world/sources once.
test-world: deps sysroot tools linux-musl
	@$(TEST_ENV) ORACLE_SYSROOT='$(abspath $(LINUX_MUSL))' tests/world/run.sh $(WORLD)

test-aslr: sysroot tools
	@$(TEST_ENV) tests/aslr.sh

test-tooling: deps sysroot tools
	@$(TEST_ENV) tests/tooling/run.sh $(TESTS)

test-fuzz: sysroot tools
	@$(TEST_ENV) tests/fuzz/run.sh

SECONDS ?= 60
fuzz-syscalls: sysroot tools
	@$(TEST_ENV) tests/fuzz/run.sh --seconds $(SECONDS)

# No kernel source makes a pointer from an integer outside UserMemory and the
# modules listed in the script; then the audit shows it catches a planted one.
test-audit:
	@tests/audit/user-memory.sh
	@tests/audit/user-memory.sh --self-test

# EFAULT for every pointer argument of every implemented syscall, against
# Linux: tests/efault/generate.py writes the program into $(BUILD)/tests/efault.
test-efault: sysroot tools linux-musl
	@$(TEST_ENV) $(DIFF_ENV) tests/efault/run.sh

test: deps sysroot tools test-audit test-unit test-fuzz-host test-examples test-kernel test-diff test-efault test-devices test-aslr test-world test-tooling test-fuzz
