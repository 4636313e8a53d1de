# Benchmarks print figures; they never pass or fail on speed.
#
#   make bench-boot    examples/hello: image size, guest instructions to
#                      main() and exit, wall time against the empty-payload floor

.PHONY: bench-boot

bench-boot: sysroot tools $(BUILD)/exit-payload.elf
	$(MAKE) -s -C examples/hello CC=$(CC_RK)
	scripts/bench-boot.sh examples/hello/hello $(BUILD)/exit-payload.elf 20
