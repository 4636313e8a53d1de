/* Runikraft's musl has no allocator of its own: the kernel archive defines
 * malloc, calloc, realloc, free, aligned_alloc, posix_memalign, memalign and
 * malloc_usable_size, and is the allocator of the kernel, of libc and of the
 * application alike.
 *
 * Inside libc, musl allocates through these internal names (declared in
 * src/include/stdlib.h) so that its own bookkeeping keeps working when an
 * application replaces malloc. With a single allocator they simply forward
 * to the public functions. */

#include <stdlib.h>

void *__libc_malloc(size_t n)
{
	return malloc(n);
}

void *__libc_calloc(size_t m, size_t n)
{
	return calloc(m, n);
}

void *__libc_realloc(void *p, size_t n)
{
	return realloc(p, n);
}

void __libc_free(void *p)
{
	free(p);
}
