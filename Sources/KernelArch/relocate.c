/* Image randomisation: before any other kernel code runs, the image is
 * given a random virtual base and its absolute pointers are moved there
 * (docs/architecture.md, "The image at a random address").
 *
 * The image is a static PIE linked at its load address, so until this runs
 * every pointer in it is right for the address it sits at: the MMU is off
 * and nothing has stored a pointer yet. `rk_relocate` picks a base from the
 * device tree's boot entropy, adds the distance to every slot the linker
 * listed (.relr.dyn, .rela.dyn), turns on an early page table that maps
 * the image there, and returns the distance; boot.S then continues at the
 * new address. AddressSpace builds the real page table later.
 *
 * It runs before relocation, so it reads no pointer the linker wrote into
 * data (no jump tables: built with -fno-jump-tables, no function pointers,
 * no pointer-valued globals) and writes only integers. It has its own
 * small device-tree walk for the same reason: the Swift parser
 * (DeviceTree) may store pointers. */
#include <stddef.h>
#include <stdint.h>

/* Linker script (runikraft.ld) and boot.S. */
extern char __image_start[], __image_end[];
extern const uint64_t __relr_start[], __relr_end[];
struct rk_rela { uint64_t offset, info; int64_t addend; };
extern const struct rk_rela __rela_start[], __rela_end[];
/* Three pages (boot.S), not zeroed: the root and two level-1 tables. */
extern uint64_t __boot_page_tables[];

/* The distance from the image's link (and load) address to where it runs,
 * 0 when it was not moved; read by ImageLayout. */
uintptr_t rk_image_offset;
/* Why the image stays where it was loaded (0: it moved); read at boot to
 * say so on the console. */
int rk_image_unmoved_reason;

enum unmoved_reason {
    moved = 0,
    asked_not_to = 1,      /* rk.aslr=off or rk.paging=off */
    no_entropy = 2,        /* no /chosen/rng-seed or kaslr-seed */
    unknown_relocation = 3, /* .rela.dyn holds a type other than R_RISCV_RELATIVE */
    too_large = 4,
};

/* The window the base is chosen in: [128 GiB, 256 GiB), the upper half of
 * Sv39's lower half, above any RAM and device qemu virt has (RAM starts at
 * 2 GiB); in 2 MiB steps, so the early table maps the image with 2 MiB
 * pages (16 bits of entropy). */
#define WINDOW_START (128ull << 30)
#define WINDOW_SIZE (128ull << 30)
#define MEGA (2ull << 20)
#define GIGA (1ull << 30)

#define R_RISCV_RELATIVE 3

static uint32_t be32(const uint8_t *bytes) {
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
}

/* The finaliser of splitmix64: a 64-bit mix in which every input bit
 * affects every output bit. */
static uint64_t mix(uint64_t value) {
    value ^= value >> 30;
    value *= 0xbf58476d1ce4e5b9ull;
    value ^= value >> 27;
    value *= 0x94d049bb133111ebull;
    return value ^ (value >> 31);
}

static int same(const char *a, const char *b, size_t length) {
    for (size_t i = 0; i < length; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* Whether the kernel options before the command line's first bare `--`
 * include `rk.aslr=off` or `rk.paging=off` (KernelCommandLine's syntax: a
 * quoted word is never an option). */
static int asks_not_to_move(const char *line, size_t length) {
    size_t i = 0;
    while (i < length && line[i] != 0) {
        while (i < length && (line[i] == ' ' || line[i] == '\t' || line[i] == '\n')) i++;
        size_t start = i;
        int quoted = 0;
        while (i < length && line[i] != 0 && line[i] != ' ' && line[i] != '\t' && line[i] != '\n') {
            if (line[i] == '"') {
                quoted = 1;
                for (i++; i < length && line[i] != 0 && line[i] != '"'; i++)
                    if (line[i] == '\\') i++;
            }
            i++;
        }
        size_t word = (i < length ? i : length) - start;
        if (quoted) continue;
        if (word == 2 && same(line + start, "--", 2)) return 0;
        if ((word == 11 && same(line + start, "rk.aslr=off", 11)) ||
            (word == 13 && same(line + start, "rk.paging=off", 13)))
            return 1;
    }
    return 0;
}

/* Reads /chosen: mixes its entropy properties into *seed (returning
 * whether there were any) and looks for the options that keep the image
 * in place. Devicetree specification 0.4, chapter 5 (the blob's layout).
 * The blob comes from outside: every offset and length is checked against
 * the blocks the header declares, in 64-bit arithmetic that cannot wrap. */
static int read_chosen(const uint8_t *blob, uint64_t *seed, int *keep) {
    if (blob == NULL || be32(blob) != 0xd00dfeed) return 0;
    uint64_t total = be32(blob + 4);
    uint64_t structure_offset = be32(blob + 8), strings_offset = be32(blob + 12);
    uint64_t strings_size = be32(blob + 32), size = be32(blob + 36);
    if (structure_offset + size > total || strings_offset + strings_size > total) return 0;
    const uint8_t *structure = blob + structure_offset;
    const char *strings = (const char *)blob + strings_offset;
    uint64_t offset = 0;
    int depth = 0, in_chosen = 0, seeded = 0;
    while (offset + 4 <= size) {
        uint32_t token = be32(structure + offset);
        offset += 4;
        if (token == 1) { /* FDT_BEGIN_NODE: a NUL-terminated name, padded */
            const char *name = (const char *)structure + offset;
            uint64_t length = 0;
            while (offset + length < size && name[length] != 0) length++;
            depth++;
            in_chosen = depth == 2 && length == 6 && same(name, "chosen", 6);
            offset += (length + 4) & ~3ull;
        } else if (token == 2) { /* FDT_END_NODE */
            if (in_chosen) return seeded;
            depth--;
        } else if (token == 3) { /* FDT_PROP: length, name offset, value */
            if (offset + 8 > size) return seeded;
            uint64_t length = be32(structure + offset), name_offset = be32(structure + offset + 4);
            const uint8_t *value = structure + offset + 8;
            offset += 8 + ((length + 3) & ~3ull);
            if (!in_chosen) continue;
            if (offset > size || name_offset >= strings_size) return seeded;
            const char *name = strings + name_offset;
            uint64_t room = strings_size - name_offset;
            if ((room >= 9 && same(name, "rng-seed", 9)) || (room >= 11 && same(name, "kaslr-seed", 11))) {
                for (uint64_t i = 0; i < length; i++)
                    *seed = mix(*seed ^ ((uint64_t)value[i] << (8 * (i & 7))) ^ i);
                seeded |= length >= 8;
            } else if (room >= 9 && same(name, "bootargs", 9)) {
                *keep |= asks_not_to_move((const char *)value, length);
            }
        } else if (token != 4) { /* FDT_NOP; FDT_END or garbage ends the walk */
            return seeded;
        }
    }
    return seeded;
}

/* Adds `offset` to every slot the linker listed. RELR (the compact list of
 * relative relocations, DT_RELR in the gABI): an even entry is a slot's
 * address, an odd one a bitmap of the 63 slots after the last address. */
static void apply(uintptr_t offset) {
    uint64_t *slot = NULL;
    for (const uint64_t *entry = __relr_start; entry < __relr_end; entry++) {
        if ((*entry & 1) == 0) {
            slot = (uint64_t *)*entry;
            *slot++ += offset;
            continue;
        }
        /* Four bits a round: the loop's own steps cost less per slot. */
        uint64_t *next = slot;
        for (uint64_t bits = *entry >> 1; bits != 0; bits >>= 4, next += 4) {
            if (bits & 1) next[0] += offset;
            if (bits & 2) next[1] += offset;
            if (bits & 4) next[2] += offset;
            if (bits & 8) next[3] += offset;
        }
        slot += 63;
    }
    for (const struct rk_rela *r = __rela_start; r < __rela_end; r++)
        *(uint64_t *)r->offset = (uint64_t)r->addend + offset;
}

/* Sv39 (RISC-V privileged spec 4.4.1): valid, read, write, execute,
 * accessed, dirty; a table pointer is valid with no permission bits. */
#define PTE_LEAF (1u | 2u | 4u | 8u | 0x40u | 0x80u)
static uint64_t leaf(uint64_t physical) { return physical >> 12 << 10 | PTE_LEAF; }
static uint64_t table(const uint64_t *next) { return (uint64_t)(uintptr_t)next >> 12 << 10 | 1u; }

/* The early page table: the first 128 GiB at their own address (devices,
 * RAM and the device tree) and the image at `base`, both read, write and
 * execute until AddressSpace replaces the table. */
static void map(uintptr_t image, uintptr_t end, uintptr_t base) {
    uint64_t *root = __boot_page_tables, *level1 = root + 512;
    for (uint64_t giga = 0; giga < 512; giga++) root[giga] = giga < WINDOW_START / GIGA ? leaf(giga * GIGA) : 0;
    uint64_t first = base / GIGA, last = (end - 1 - image + base) / GIGA;
    for (uint64_t i = 0; i < 512 * (last - first + 1); i++) level1[i] = 0;
    for (uintptr_t physical = image & ~(MEGA - 1); physical < end; physical += MEGA) {
        uint64_t virtual = physical - image + base;
        uint64_t *tables = level1 + 512 * (virtual / GIGA - first);
        root[virtual / GIGA] = table(tables);
        tables[virtual / MEGA % 512] = leaf(physical);
    }
#if defined(__riscv)   /* the host fuzzer (Fuzz/EarlyDeviceTreeFuzzer.c) builds the walk only */
    __asm__ volatile("sfence.vma zero, zero\n\tcsrw satp, %0\n\tsfence.vma zero, zero"
                     :: "r"(8ull << 60 | (uint64_t)(uintptr_t)root >> 12) : "memory");
#endif
}

/* Called by _start with the device tree's address, on the boot stack with
 * the MMU off; returns the offset the image now runs at (0: unmoved). */
uintptr_t rk_relocate(const uint8_t *device_tree) {
    uint64_t seed = 0;
    int keep = 0;
    int seeded = read_chosen(device_tree, &seed, &keep);
    uintptr_t image = (uintptr_t)__image_start, end = (uintptr_t)__image_end;
    uint64_t span = ((end + MEGA - 1) & ~(MEGA - 1)) - (image & ~(MEGA - 1));
    if (keep) rk_image_unmoved_reason = asked_not_to;
    else if (!seeded) rk_image_unmoved_reason = no_entropy;
    else if (span > GIGA) rk_image_unmoved_reason = too_large;
    for (const struct rk_rela *r = __rela_start; r < __rela_end; r++)
        if ((uint32_t)r->info != R_RISCV_RELATIVE) rk_image_unmoved_reason = unknown_relocation;
    if (rk_image_unmoved_reason != moved) return 0;

    /* A 2 MiB step in the window, keeping the image's offset within 2 MiB. */
    uint64_t steps = (WINDOW_SIZE - span) / MEGA;
    uintptr_t base = WINDOW_START + mix(seed ^ 0x696d616765ull) % steps * MEGA + (image & (MEGA - 1));
    uintptr_t offset = base - image;
    apply(offset);
    rk_image_offset = offset;
    map(image, end, base);
    return offset;
}
