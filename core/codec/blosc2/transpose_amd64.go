//go:build amd64 && !purego

package blosc2

// unshuffle8SSE2 interleaves n bytes (a multiple of 16) of each of the eight
// planes into dst[:8*n]; every amd64 CPU has SSE2.
//
//go:noescape
func unshuffle8SSE2(dst *byte, planes *[8]*byte, n int)

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
	unshuffle8SSE2(&dst[0], &ptrs, k)
	return k
}
