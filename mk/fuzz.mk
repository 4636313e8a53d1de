# Host fuzzing of the parsers of outside input with libFuzzer: each harness
# (Fuzz/<Name>Fuzzer.swift) is linked with the modules it feeds, compiled
# for the host with `swiftc -sanitize=fuzzer,address` (the Swift
# toolchain's own libFuzzer and AddressSanitizer runtimes). The normal
# `swift build`/`swift test` never see these objects.
#
#   make fuzz-host SECONDS=N   every harness fuzzed for N seconds (default 60),
#                              its corpus kept in $(BUILD)/fuzz/corpus/<Name>;
#                              prints executions per parser and what was found
#   make test-fuzz-host        every harness over its seeds and Fuzz/regressions,
#                              then a fixed, seeded batch of mutations
#
# Seeds are made at build time from real inputs (Fuzz/seeds.sh): qemu's
# device tree and the command line and initrd `runikraft run` gives it,
# a `runikraft mkfs` image, 9P replies as qemu's server sends them, ELF
# images from the toolchain, syscalls as programs make them.

FUZZ_BUILD := $(BUILD)/fuzz
SECONDS ?= 60

HOST_FUZZERS := DeviceTree KernelCommandLine CpioArchive NineP Ext2 ELFImage SyscallTrace
# Harnesses in C, for the kernel's C: the early device-tree walk of
# KernelArch/relocate.c, which runs before the image moves (its seeds are
# DeviceTree's).
HOST_C_FUZZERS := EarlyDeviceTree

# The modules each harness links, dependencies first.
FUZZ_LINKS_DeviceTree := DeviceTree
FUZZ_LINKS_KernelCommandLine := LinuxABI SyscallTrace KernelCommandLine
FUZZ_LINKS_CpioArchive := CpioArchive
FUZZ_LINKS_NineP := LinuxABI NineP
FUZZ_LINKS_Ext2 := LinuxABI NameIndex Ext2
FUZZ_LINKS_ELFImage := CpioArchive RunikraftTool
FUZZ_LINKS_SyscallTrace := LinuxABI SyscallTrace

# What each module imports (Package.swift).
FUZZ_IMPORTS_SyscallTrace := LinuxABI
FUZZ_IMPORTS_NineP := LinuxABI
FUZZ_IMPORTS_Ext2 := LinuxABI NameIndex
FUZZ_IMPORTS_RunikraftTool := CpioArchive

FUZZ_MODULES := LinuxABI DeviceTree KernelCommandLine CpioArchive SyscallTrace NineP NameIndex Ext2 RunikraftTool
FUZZ_SWIFT_FLAGS := -O -wmo -parse-as-library -sanitize=fuzzer,address -I $(FUZZ_BUILD)/modules

.PHONY: fuzz-host test-fuzz-host fuzz-seeds

define fuzz_module_rule
$(FUZZ_BUILD)/modules/$(1).o: $(wildcard Sources/$(1)/*.swift) $(FUZZ_IMPORTS_$(1):%=$(FUZZ_BUILD)/modules/%.o)
	@mkdir -p $$(@D)
	swiftc $(FUZZ_SWIFT_FLAGS) -module-name $(1) \
	  -emit-module -emit-module-path $(FUZZ_BUILD)/modules/$(1).swiftmodule \
	  -c $(wildcard Sources/$(1)/*.swift) -o $$@
endef
$(foreach m,$(FUZZ_MODULES),$(eval $(call fuzz_module_rule,$(m))))

define fuzzer_rule
$(FUZZ_BUILD)/$(1)Fuzzer: Fuzz/$(1)Fuzzer.swift Fuzz/FuzzInput.swift $(FUZZ_LINKS_$(1):%=$(FUZZ_BUILD)/modules/%.o)
	swiftc $(FUZZ_SWIFT_FLAGS) -module-name $(1)Fuzzer $$^ -o $$@ 2>&1 | { grep -v 'Cannot export local symbol' || true; }
	@test -x $$@
endef
$(foreach f,$(HOST_FUZZERS),$(eval $(call fuzzer_rule,$(f))))

$(FUZZ_BUILD)/EarlyDeviceTreeFuzzer: Fuzz/EarlyDeviceTreeFuzzer.c Sources/KernelArch/relocate.c
	@mkdir -p $(@D)
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined $< -o $@ 2>&1 | \
	  { grep -v 'Cannot export local symbol' || true; }
	@test -x $@

FUZZ_BINARIES := $(HOST_FUZZERS:%=$(FUZZ_BUILD)/%Fuzzer) $(HOST_C_FUZZERS:%=$(FUZZ_BUILD)/%Fuzzer)

# Seeds need the tool (mkfs, run), qemu and the small payload image.
fuzz-seeds: $(FUZZ_BUILD)/seeds/.made
$(FUZZ_BUILD)/seeds/.made: Fuzz/seeds.sh $(TOOL) $(BUILD)/exit-payload.elf
	RUN_RK='$(RUN_RK)' PAYLOAD='$(BUILD)/exit-payload.elf' Fuzz/seeds.sh $(FUZZ_BUILD)/seeds
	@touch $@

fuzz-host: $(FUZZ_BINARIES) fuzz-seeds
	@Fuzz/run.sh fuzz $(SECONDS) $(FUZZ_BUILD) $(HOST_FUZZERS) $(HOST_C_FUZZERS)

test-fuzz-host: $(FUZZ_BINARIES) fuzz-seeds
	@Fuzz/run.sh check 0 $(FUZZ_BUILD) $(HOST_FUZZERS) $(HOST_C_FUZZERS)
