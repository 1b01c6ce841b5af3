//go:build amd64 && !purego

package blosc2

import "unsafe"

// unshuffle8SSE2 interleaves n bytes (a multiple of 16) of each of the eight
// planes into dst[:8*n]; every amd64 CPU has SSE2.
//
//go:noescape
func unshuffle8SSE2(dst *byte, planes *[8]*byte, n int, stream bool)

// streamStoreMin is the smallest output (half of a 1 MiB L2 cache) that
// unshuffle8Blocks writes with stores that bypass the caches. The decoder
// never reads the output back, and a large one (1M float64 = 8 MB) leaves
// the cache anyway: cached stores first read every destination line from
// memory, a third of the memory traffic of an lz4 decode, which from two
// threads at once made each call 20-25 % dearer (clevel-5 blocks of
// float64 are 512 KiB).
const streamStoreMin = 512 << 10

// unshuffle8Blocks interleaves the longest prefix of the planes whose
// length is a multiple of 16 into dst and returns its length.
func unshuffle8Blocks(dst []byte, planes *[8][]byte, n int) int {
	k := n &^ 15
	if k == 0 {
		return 0
	}
	_ = dst[8*k-1]
	var ptrs [8]*byte
	for j := range planes {
		ptrs[j] = &planes[j][:k][0]
	}
	stream := 8*k >= streamStoreMin && uintptr(unsafe.Pointer(&dst[0]))%16 == 0
	unshuffle8SSE2(&dst[0], &ptrs, k, stream)
	return k
}
