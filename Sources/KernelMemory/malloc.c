/* The C names of the system allocator (SystemAllocator.swift). Swift
 * reserves these symbol names for its runtime's own use, so the definitions
 * live here and forward to the rk_ functions. */
#include <stddef.h>

void *rk_malloc(size_t size);
void *rk_calloc(size_t count, size_t size);
void *rk_realloc(void *pointer, size_t size);
void rk_free(void *pointer);
int rk_posix_memalign(void **result, size_t alignment, size_t size);
void *rk_aligned_alloc(size_t alignment, size_t size);
void *rk_memalign(size_t alignment, size_t size);
size_t rk_malloc_usable_size(void *pointer);

void *malloc(size_t size) { return rk_malloc(size); }
void *calloc(size_t count, size_t size) { return rk_calloc(count, size); }
void *realloc(void *pointer, size_t size) { return rk_realloc(pointer, size); }
void free(void *pointer) { rk_free(pointer); }
int posix_memalign(void **result, size_t alignment, size_t size) { return rk_posix_memalign(result, alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { return rk_aligned_alloc(alignment, size); }
void *memalign(size_t alignment, size_t size) { return rk_memalign(alignment, size); }
size_t malloc_usable_size(void *pointer) { return rk_malloc_usable_size(pointer); }
