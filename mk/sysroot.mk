# The sysroot: musl 1.2.3 from Debian's source package, built twice with the
# Swift toolchain's clang.
#
#   $(SYSROOT)      Runikraft's libc: musl with our files from sysroot/musl/
#                   laid over it (system calls become calls into the kernel,
#                   no allocator), Linux UAPI headers, libgcc.a, the linker
#                   script; the kernel archive comes from mk/kernel.mk.
#   $(LINUX_MUSL)   the Linux oracle: the same musl, unmodified, with crt
#                   objects, for static Linux binaries run by qemu-riscv64.
#
# Intermediates live in $(BUILD)/musl-*; every step leaves a file behind and
# is skipped when that file is up to date.

MUSL_DEB    := $(BUILD)/musl-deb
MUSL_SRC    := $(BUILD)/musl-src
MUSL_RK     := $(BUILD)/musl-rk
MUSL_LINUX  := $(BUILD)/musl-linux
LINUX_MUSL  := $(BUILD)/linux-musl

# What apps are compiled for (docs/architecture.md, "The pieces"); musl gets the same, at -O2 and
# with frame pointers so that crash backtraces can walk through libc. clang
# defaults to PIE for this triple, so configure builds libc.a from PIC objects;
# ld.lld resolves their few GOT entries at static link time.
MUSL_TARGET_FLAGS := --target=riscv64-unknown-linux-musl -march=rv64gc -mabi=lp64d -mcmodel=medany
MUSL_CONFIGURE = --target=riscv64-linux-musl --disable-shared \
	CC="clang $(MUSL_TARGET_FLAGS)" AR=llvm-ar RANLIB=llvm-ranlib \
	CFLAGS="-O2 -fno-omit-frame-pointer"

# Debian's cross packages (scripts/install-deps.sh installs them).
UAPI_PACKAGE := linux-libc-dev-riscv64-cross
UAPI_DIR     := /usr/riscv64-linux-gnu/include
CROSS_LIBGCC := /usr/lib/gcc-cross/riscv64-linux-gnu/12/libgcc.a

# Our replacements mirror musl's tree: sysroot/musl/X replaces musl's X.
# musl's generic malloc wrappers below define the public allocator names,
# which the kernel archive owns, so they are removed; configure's
# --with-malloc=runikraft then picks src/malloc/runikraft/ in place of mallocng.
MUSL_OVERLAY := $(shell find sysroot/musl -type f)
MUSL_RK_REMOVED := $(addprefix src/malloc/,calloc.c free.c libc_calloc.c \
	lite_malloc.c memalign.c posix_memalign.c realloc.c replaced.c)

# Jobs inside musl's make: the caller's jobserver when there is one.
musl_make = $(MAKE) -s -C $(1) $(if $(findstring jobserver,$(MAKEFLAGS)),,-j2)

.PHONY: musl-src linux-musl

# -- musl source, as `dpkg-source -x` unpacks it (Debian patches applied) ----

# apt verifies the download against the signed Sources index, so dpkg-source
# need not check the .dsc signature (no Debian keyring is installed).
# APT::Sandbox::User=root: when root, apt would otherwise try to download as
# _apt into a directory that user cannot write, and warn.
$(MUSL_DEB)/.stamp: | $(BUILD)/.deps
	@echo "  FETCH   musl source package"
	@rm -rf $(MUSL_DEB) && mkdir -p $(MUSL_DEB)
	@cd $(MUSL_DEB) && apt-get source -qq --download-only -o APT::Sandbox::User=root musl >/dev/null
	@ls $(MUSL_DEB)/musl_1.2.3-*.dsc >/dev/null 2>&1 || \
		{ echo "sysroot.mk: apt-get source musl did not fetch musl 1.2.3" >&2; exit 1; }
	@touch $@

$(MUSL_SRC)/.stamp: $(MUSL_DEB)/.stamp
	@rm -rf $(MUSL_SRC)
	@dpkg-source -q --no-check --no-copy -x $(MUSL_DEB)/musl_1.2.3-*.dsc $(MUSL_SRC) >/dev/null
	@touch $@

musl-src: $(MUSL_SRC)/.stamp

# -- Runikraft's musl ----------------------------------------------------------

# musl's Makefile does not track header dependencies (syscall_arch.h), so any
# change to our files rebuilds the copy from scratch (about 30 s).
$(MUSL_RK)/config.mak: $(MUSL_SRC)/.stamp $(MUSL_OVERLAY) mk/sysroot.mk
	@rm -rf $(MUSL_RK)
	@cp -R $(MUSL_SRC) $(MUSL_RK) && cp -R sysroot/musl/. $(MUSL_RK)/
	@rm $(addprefix $(MUSL_RK)/,$(MUSL_RK_REMOVED))
	@cd $(MUSL_RK) && ./configure --with-malloc=runikraft $(MUSL_CONFIGURE) >configure.log 2>&1 || \
		{ cat configure.log >&2; exit 1; }

# Built, checked (scripts/musl-check-libc.sh), then installed.
$(SYSROOT)/lib/libc.a: $(MUSL_RK)/config.mak
	@echo "  MUSL    $(MUSL_RK)"
	+@$(call musl_make,$(MUSL_RK)) >$(MUSL_RK)/build.log 2>&1 || { tail -30 $(MUSL_RK)/build.log >&2; exit 1; }
	@bash scripts/musl-check-libc.sh $(MUSL_RK)/lib/libc.a $(CROSS_LIBGCC)
	+@$(call musl_make,$(MUSL_RK)) install-headers install-libs prefix=$(abspath $(SYSROOT)) >/dev/null
	@touch $@

$(SYSROOT)/lib/runikraft.ld: sysroot/runikraft.ld
	@install -D -m 644 $< $@

# librunikraft.a: mk/kernel.mk.
sysroot: $(SYSROOT)/lib/libc.a $(SYSROOT)/include/linux/version.h $(SYSROOT)/lib/libgcc.a \
	$(SYSROOT)/lib/runikraft.ld $(SYSROOT)/lib/librunikraft.a

# -- The Linux oracle ----------------------------------------------------------

# Stock musl, built out of tree from the same source.
$(MUSL_LINUX)/config.mak: $(MUSL_SRC)/.stamp mk/sysroot.mk
	@rm -rf $(MUSL_LINUX) && mkdir -p $(MUSL_LINUX)
	@cd $(MUSL_LINUX) && $(abspath $(MUSL_SRC))/configure $(MUSL_CONFIGURE) >configure.log 2>&1 || \
		{ cat configure.log >&2; exit 1; }

$(LINUX_MUSL)/lib/libc.a: $(MUSL_LINUX)/config.mak
	@echo "  MUSL    $(MUSL_LINUX)"
	+@$(call musl_make,$(MUSL_LINUX)) >$(MUSL_LINUX)/build.log 2>&1 || { tail -30 $(MUSL_LINUX)/build.log >&2; exit 1; }
	+@$(call musl_make,$(MUSL_LINUX)) install-headers install-libs prefix=$(abspath $(LINUX_MUSL)) >/dev/null
	@touch $@

# Oracle binaries: compile with LINUX_CC, link with LINUX_LINK, run with
# qemu-riscv64. Spelled out (paths relative to the repository):
#
#   clang --target=riscv64-unknown-linux-musl -march=rv64gc -mabi=lp64d \
#     -mcmodel=medany -nostdinc -isystem build/linux-musl/include \
#     -idirafter $(clang -print-resource-dir)/include -c prog.c -o prog.o
#   clang <same flags> -fuse-ld=lld -static -nostdlib \
#     build/linux-musl/lib/crt1.o build/linux-musl/lib/crti.o prog.o \
#     -Lbuild/linux-musl/lib -Wl,--start-group -lc -lgcc -Wl,--end-group \
#     build/linux-musl/lib/crtn.o -o prog
#
# clang's own headers come after musl's, for the few musl lacks
# (stdatomic.h, intrinsics). Usage in make: $(call LINUX_LINK,prog.o,prog).
CLANG_RESOURCE_DIR := $(shell PATH='$(PATH)' clang -print-resource-dir)
linux_lib     = $(abspath $(LINUX_MUSL))/lib
LINUX_CFLAGS  = $(MUSL_TARGET_FLAGS) -nostdinc -isystem $(abspath $(LINUX_MUSL))/include \
	-idirafter $(CLANG_RESOURCE_DIR)/include
LINUX_CC      = clang $(LINUX_CFLAGS)
LINUX_LDFLAGS = -fuse-ld=lld -static -nostdlib $(linux_lib)/crt1.o $(linux_lib)/crti.o
LINUX_LDLIBS  = -L$(linux_lib) -Wl,--start-group -lc -lgcc -Wl,--end-group $(linux_lib)/crtn.o
LINUX_LINK    = $(LINUX_CC) $(LINUX_LDFLAGS) $(1) $(LINUX_LDLIBS) -o $(2)

# The oracle is ready once a hello world built this way runs under qemu-riscv64.
$(LINUX_MUSL)/.hello-ok: $(LINUX_MUSL)/lib/libc.a $(LINUX_MUSL)/include/linux/version.h $(LINUX_MUSL)/lib/libgcc.a
	@printf '#include <stdio.h>\nint main(void) { puts("hello, oracle"); return 0; }\n' >$(MUSL_LINUX)/hello.c
	@$(LINUX_CC) -c $(MUSL_LINUX)/hello.c -o $(MUSL_LINUX)/hello.o
	@$(call LINUX_LINK,$(MUSL_LINUX)/hello.o,$(MUSL_LINUX)/hello)
	@test "$$(qemu-riscv64 $(MUSL_LINUX)/hello)" = "hello, oracle" || \
		{ echo "sysroot.mk: the oracle hello world does not run under qemu-riscv64" >&2; exit 1; }
	@touch $@

linux-musl: $(LINUX_MUSL)/.hello-ok

# -- Shared by both sysroots ---------------------------------------------------

# The UAPI directories are exactly those the package ships, so glibc's own
# headers never leak in if libc6-dev-riscv64-cross is installed too.
$(SYSROOT)/include/linux/version.h $(LINUX_MUSL)/include/linux/version.h: %/include/linux/version.h: | $(BUILD)/.deps
	@mkdir -p $*/include
	@cp -R $$(dpkg -L $(UAPI_PACKAGE) | grep -x '$(UAPI_DIR)/[^/]*') $*/include/

$(SYSROOT)/lib/libgcc.a $(LINUX_MUSL)/lib/libgcc.a: %/lib/libgcc.a: | $(BUILD)/.deps
	@install -D -m 644 $(CROSS_LIBGCC) $@
