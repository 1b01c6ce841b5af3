//go:build amd64 && !purego

package core

import "golang.org/x/sys/cpu"

// load24SSSE3 reads n (a multiple of 8, > 0) big-endian 24-bit samples
// from src, which must hold 3n+4 bytes, into q.
//
//go:noescape
func load24SSSE3(q *uint32, src *byte, n int)

// hasLoad24 reports whether load24SSSE3 may run on this CPU.
var hasLoad24 = cpu.X86.HasSSSE3

// load24Blocks reads the longest prefix of q whose length is a multiple of
// 8 and whose 16-byte loads stay inside src, and returns its length (0
// without SSSE3).
func load24Blocks(q []uint32, src []byte) int {
	if !hasLoad24 || len(src) < 4 {
		return 0
	}
	k := min(len(q), (len(src)-4)/3) &^ 7
	if k == 0 {
		return 0
	}
	_ = q[k-1]
	_ = src[3*k+3]
	load24SSSE3(&q[0], &src[0], k)
	return k
}
