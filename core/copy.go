package core

// cachedCopyChunk is the largest block handed to the runtime's memmove at once.
// For a single copy of 1 MiB or more, Go's amd64 memmove switches to
// non-temporal stores that bypass the cache: the copy then runs at DRAM
// bandwidth, which two threads share, and whatever reads the result next
// (the hash on encode, the caller on decode) misses the cache. Copying in
// blocks below that size keeps the destination in cache, as C's memcpy does
// for sizes well below the last-level cache.
const cachedCopyChunk = 512 << 10

// copyCached copies src into dst like the built-in copy, in blocks of at most
// cachedCopyChunk bytes, and returns the number of bytes copied.
func copyCached(dst, src []byte) int {
	n := min(len(dst), len(src))
	for off := 0; off < n; off += cachedCopyChunk {
		end := min(off+cachedCopyChunk, n)
		copy(dst[off:end], src[off:end])
	}
	return n
}
