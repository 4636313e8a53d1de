# Benchmarks print figures; they never pass or fail on speed.
#
#   make bench-boot    examples/hello: image size, guest instructions to
#                      main() and exit, wall time against the empty-payload floor
#   make bench-threads bench/threads.c on Runikraft and on a minimal Linux VM
#                      (scripts/linux-vm.sh, built into ~/.cache on first use):
#                      guest instructions per syscall, mutex, thread create +
#                      join, futex wake to run and context switch
#   make bench-files   bench/files.c on Runikraft and on the Linux VM, on
#                      the in-memory root, a 9p share and an ext2 disk:
#                      sequential write (+ fsync) and read (after
#                      POSIX_FADV_DONTNEED) throughput, random pwrite and
#                      pread, small-file create/stat/unlink; device rows
#                      the fastest of 5 boots (BENCH_RUNS)
#   make bench-wrapper Lua 5.4 built with CC=runikraft-cc and with the
#                      equivalent direct clang/ld.lld command lines
#   make bench-memory  bench/memory.c: guest instructions per page to map,
#                      touch and unmap 256 MiB, paging on against rk.paging=off

.PHONY: bench-boot bench-threads bench-files bench-wrapper bench-memory

bench-boot: sysroot tools $(BUILD)/exit-payload.elf
	$(MAKE) -s -C examples/hello clean
	$(MAKE) -s -C examples/hello CC=$(CC_RK)
	scripts/bench-boot.sh examples/hello/hello $(BUILD)/exit-payload.elf 20

# The same program for both systems, against the same musl: the kernels are
# what differs.
BENCH := $(BUILD)/bench
BENCH_CFLAGS := -O2 -Wall -Wextra

bench-threads: $(BENCH)/threads-runikraft $(BENCH)/threads-linux
	scripts/bench-threads.sh $^

$(BENCH)/threads-runikraft: bench/threads.c $(SYSROOT)/lib/librunikraft.a $(SYSROOT)/lib/libc.a $(TOOL) | sysroot
	@mkdir -p $(@D)
	$(CC_RK) $(BENCH_CFLAGS) -pthread $< -o $@

$(BENCH)/threads-linux: bench/threads.c $(LINUX_MUSL)/lib/libc.a | linux-musl
	@mkdir -p $(@D)
	$(LINUX_CC) $(BENCH_CFLAGS) -c $< -o $@.o
	$(call LINUX_LINK,$@.o,$@)

bench-files: $(BENCH)/files-runikraft $(BENCH)/files-linux
	scripts/bench-files.sh $^

$(BENCH)/files-runikraft: bench/files.c $(SYSROOT)/lib/librunikraft.a $(SYSROOT)/lib/libc.a $(TOOL) | sysroot
	@mkdir -p $(@D)
	$(CC_RK) $(BENCH_CFLAGS) $< -o $@

$(BENCH)/files-linux: bench/files.c $(LINUX_MUSL)/lib/libc.a | linux-musl
	@mkdir -p $(@D)
	$(LINUX_CC) $(BENCH_CFLAGS) -c $< -o $@.o
	$(call LINUX_LINK,$@.o,$@)

bench-wrapper: deps sysroot tools
	scripts/bench-wrapper.sh 5

bench-memory: $(BENCH)/memory-runikraft
	scripts/bench-memory.sh $<

$(BENCH)/memory-runikraft: bench/memory.c $(SYSROOT)/lib/librunikraft.a $(SYSROOT)/lib/libc.a $(TOOL) | sysroot
	@mkdir -p $(@D)
	$(CC_RK) $(BENCH_CFLAGS) $< -o $@
