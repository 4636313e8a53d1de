# The kernel archive: Embedded Swift modules compiled one by one in layer
# order (each may import those before it), plus the assembly and C pieces,
# joined into $(SYSROOT)/lib/librunikraft.a.

KERNEL_BUILD := $(BUILD)/kernel

# Layer order (docs/architecture.md, "The pieces"): hardware-free modules first, then arch → platform
# → memory → scheduler → drivers (virtio) → files → storage (9p, ext2) →
# posix → trace (the syscall trace, linked on request:
# KernelTrace/SyscallTracer.swift) → boot.
KERNEL_MODULES := LinuxABI SyscallTrace DeviceTree KernelCommandLine Entropy Allocators SchedulingPolicy CpioArchive \
                  NameIndex Virtio NineP Ext2 PageTables \
                  KernelArch KernelPlatform KernelMemory KernelScheduler KernelVirtio KernelFiles KernelStorage \
                  KernelPosix KernelTrace KernelBoot

KERNEL_C_MODULES := Sources/KernelArch/include Sources/CMMIO/include

# -g: line tables and variables for gdb and llvm-symbolizer. Debug sections
# are not loaded, so the image in memory (and the stripped file) does not
# grow; `runikraft strip` removes them from a copy that must be small.
# Without breadcrumbs the debug info names no clang module cache files,
# which gdb would look for and miss.
SWIFT_EMBEDDED_FLAGS := -target riscv64-none-none-eabi \
  -enable-experimental-feature Embedded -enable-experimental-feature Extern \
  -wmo -parse-as-library -O -g -Xfrontend -no-clang-module-breadcrumbs -Werror EmbeddedRestrictions \
  -Xcc -march=rv64gc -Xcc -mabi=lp64d -Xcc -mcmodel=medany \
  -Xfrontend -function-sections \
  -I $(KERNEL_BUILD) $(addprefix -I ,$(KERNEL_C_MODULES))

KERNEL_CLANG_FLAGS := --target=riscv64-unknown-elf -march=rv64gc -mabi=lp64d -mcmodel=medany \
  -O2 -g -ffunction-sections -fno-omit-frame-pointer -ffreestanding

KERNEL_ASM := $(wildcard Sources/KernelArch/*.S)
KERNEL_C := $(wildcard Sources/KernelArch/*.c Sources/KernelMemory/*.c)
KERNEL_OBJECTS := $(KERNEL_MODULES:%=$(KERNEL_BUILD)/%.o) \
  $(KERNEL_ASM:Sources/%.S=$(KERNEL_BUILD)/%.o) $(KERNEL_C:Sources/%.c=$(KERNEL_BUILD)/%.o)

# Each module depends on its own sources and on every module before it.
# swiftc writes a name index per object (.debug_names); the linker would
# join them into one section that gdb rejects as a whole, so they go: gdb
# and llvm-symbolizer find names without an index.
# swiftc leaves an object it would write unchanged alone, so the rule
# touches it: otherwise make would rebuild it on every run.
define kernel_module_rule
$(KERNEL_BUILD)/$(1).o: $(wildcard Sources/$(1)/*.swift) $(2:%=$(KERNEL_BUILD)/%.o) \
    $(wildcard $(KERNEL_C_MODULES:%=%/*))
	@mkdir -p $(KERNEL_BUILD)
	swiftc $(SWIFT_EMBEDDED_FLAGS) -module-name $(1) \
	  -emit-module -emit-module-path $(KERNEL_BUILD)/$(1).swiftmodule \
	  -c $(wildcard Sources/$(1)/*.swift) -o $$@
	llvm-objcopy --remove-section=.debug_names $$@
	@touch $$@
endef
kernel_modules_before :=
$(foreach m,$(KERNEL_MODULES),$(eval $(call kernel_module_rule,$(m),$(kernel_modules_before)))$(eval kernel_modules_before += $(m)))

$(KERNEL_BUILD)/%.o: Sources/%.S
	@mkdir -p $(dir $@)
	clang $(KERNEL_CLANG_FLAGS) -c $< -o $@

$(KERNEL_BUILD)/%.o: Sources/%.c
	@mkdir -p $(dir $@)
	clang $(KERNEL_CLANG_FLAGS) -c $< -o $@

# malloc.c only forwards each call: without a frame of its own each
# function is one jump, on every allocation of the program and the kernel.
$(KERNEL_BUILD)/KernelMemory/malloc.o: KERNEL_CLANG_FLAGS += -fomit-frame-pointer

# relocate.c runs before the image's pointers are moved: a jump table would
# hold addresses it is in the middle of changing.
$(KERNEL_BUILD)/KernelArch/relocate.o: KERNEL_CLANG_FLAGS += -fno-jump-tables

$(SYSROOT)/lib/librunikraft.a: $(KERNEL_OBJECTS)
	@mkdir -p $(dir $@)
	rm -f $@
	llvm-ar rcs $@ $^

kernel: $(SYSROOT)/lib/librunikraft.a
