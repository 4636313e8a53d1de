# Runikraft: a drop-in cross toolchain and unikernel for RISC-V 64.
#
#   make run     install what is missing, build sysroot and tools, boot examples/hello
#   make test    everything `make run` builds, then every test suite
#
# Generated files live in build/ (intermediates), sysroot/riscv64/ (the sysroot)
# and .build/ (SwiftPM); none of them is tracked.

SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)

BUILD   := build
SYSROOT := sysroot/riscv64
TOOL    := .build/release/runikraft
CC_RK   := $(CURDIR)/wrappers/runikraft-cc
RUN_RK  := $(CURDIR)/wrappers/runikraft

.PHONY: all deps sysroot tools kernel run test clean
all: sysroot tools

# System packages and the deb-src entry; a no-op when everything is present.
deps: $(BUILD)/.deps
$(BUILD)/.deps: scripts/install-deps.sh
	bash scripts/install-deps.sh
	@mkdir -p $(BUILD) && touch $@

include mk/sysroot.mk
include mk/kernel.mk
include mk/tools.mk
include mk/tests.mk
include mk/bench.mk
include mk/fuzz.mk

# The example's Makefile knows nothing of the kernel archive, so it is built
# afresh: an image always has the kernel just built.
run: deps sysroot tools
	$(MAKE) -s -C examples/hello clean
	$(MAKE) -C examples/hello CC=$(CC_RK)
	$(RUN_RK) run examples/hello/hello

clean:
	rm -rf $(BUILD) $(SYSROOT) .build
	$(foreach d,$(wildcard examples/*/),$(MAKE) -C $(d) clean;)
