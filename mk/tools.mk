# The host tool `runikraft` (cc, ld, run) and the host unit tests, both from
# the SwiftPM package at the top of the tree.
#
#   make tools        build .build/release/runikraft (the wrappers run it)
#   make test-unit    swift test: the tool's tests and every host-testable module
#   make install PREFIX=/opt/runikraft
#                     the tool, wrappers and sysroot in $(PREFIX)/lib/runikraft,
#                     the wrappers linked from $(PREFIX)/bin (default /usr/local)

.PHONY: tools test-unit install

TOOL_SOURCES := Package.swift $(shell find Sources/RunikraftTool Sources/runikraft -name '*.swift' 2>/dev/null)

tools: $(TOOL)

# SwiftPM leaves the binary alone when nothing it links changed; touch it so
# make sees it up to date.
$(TOOL): $(TOOL_SOURCES)
	swift build -c release --product runikraft
	@touch $@

test-unit:
	swift test

# The empty payload: boots, exits with status 0 at once (Tests/Fixtures).
# Needs only clang and ld.lld, not the sysroot.
$(BUILD)/exit-payload.elf: Tests/Fixtures/exit-payload.S
	@mkdir -p $(@D)
	clang --target=riscv64-unknown-elf -march=rv64gc -mabi=lp64d -c $< -o $(@:.elf=.o)
	ld.lld -m elf64lriscv -static -N -Ttext=0x80200000 -e _start $(@:.elf=.o) -o $@

# The CMake toolchain file lives at the top of the sysroot.
sysroot: $(SYSROOT)/runikraft.cmake
$(SYSROOT)/runikraft.cmake: sysroot/runikraft.cmake
	@install -D -m 644 $< $@

# The installed tree has the checkout's shape where the wrappers look
# (wrappers/, sysroot/riscv64/), with the tool in bin/; PATH reaches the
# wrappers through symlinks, which they resolve to find the tree.
PREFIX ?= /usr/local
INSTALL_HOME = $(DESTDIR)$(PREFIX)/lib/runikraft

install: sysroot tools
	rm -rf $(INSTALL_HOME)
	install -d $(INSTALL_HOME)/bin $(INSTALL_HOME)/wrappers $(INSTALL_HOME)/sysroot $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(TOOL) $(INSTALL_HOME)/bin/runikraft
	install -m 755 wrappers/* $(INSTALL_HOME)/wrappers/
	cp -R $(SYSROOT) $(INSTALL_HOME)/sysroot/
	for w in wrappers/*; do ln -sfn ../lib/runikraft/$$w $(DESTDIR)$(PREFIX)/bin/$${w#wrappers/}; done
