//go:build amd64 && !purego

package blosc2

import "unsafe"

// unshuffle8SSE2 interleaves n bytes (a multiple of 16) of each of the eight
// planes into dst[:8*n]; every amd64 CPU has SSE2.
//
//go:noescape
func unshuffle8SSE2(dst *byte, planes *[8]*byte, n int, stream bool)

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

// shuffle8SSE2 splits the first k elements (a multiple of 16, at most n)
// of 8 bytes at src into the eight byte planes of n bytes at dst.
//
//go:noescape
func shuffle8SSE2(dst, src *byte, n, k int)

// shuffle8Blocks splits the longest prefix of the n elements of src whose
// count is a multiple of 16 into the planes of dst (plane j at dst[j*n:])
// and returns that count.
func shuffle8Blocks(dst, src []byte, n int) int {
	k := n &^ 15
	if k == 0 {
		return 0
	}
	_, _ = dst[8*n-1], src[8*k-1]
	shuffle8SSE2(&dst[0], &src[0], n, k)
	return k
}
