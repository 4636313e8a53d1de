/* The early device-tree walk (KernelArch/relocate.c): before the image
 * moves, the kernel reads /chosen (rng-seed, kaslr-seed, bootargs) with its
 * own C walk. The blob is the fuzzer's, in a buffer of exactly its size,
 * so AddressSanitizer sees any read past it. The walk trusts only that the
 * header's total size is memory it may read, as the firmware promises. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../Sources/KernelArch/relocate.c"

/* What the linker script and boot.S define in an image; unused by the walk. */
char __image_start[1], __image_end[1];
const uint64_t __relr_start[1], __relr_end[1];
const struct rk_rela __rela_start[1], __rela_end[1];
uint64_t __boot_page_tables[3 * 512];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 40 || be32(data + 4) > size) return 0;
    uint8_t *blob = malloc(size);
    memcpy(blob, data, size);
    uint64_t seed = 0;
    int keep = 0;
    int seeded = read_chosen(blob, &seed, &keep);
    free(blob);
    return seeded + keep > 2;   /* never true: keeps the results live */
}
