//go:build amd64 && !purego

package core

import "golang.org/x/sys/cpu"

// copyCheckAVX2 copies whole 64-byte blocks of src (n bytes) to dst while
// no lane of width bytes has all the bits of mask set, and returns the
// number of bytes copied: n rounded down to 64, or the offset of the first
// block holding such a lane (that block is not copied).
//
//go:noescape
func copyCheckAVX2(dst, src *byte, n int, mask uint64, width int) int

// hasCopyCheck reports whether copyCheckAVX2 may run on this CPU.
var hasCopyCheck = cpu.X86.HasAVX2

// copyCheckBlocks is copyCheckAVX2 on slices (dst at least as long as
// src); it copies nothing without AVX2.
func copyCheckBlocks(dst, src []byte, mask uint64, width int) int {
	if !hasCopyCheck || len(src) < 64 || len(dst) < len(src) {
		return 0
	}
	return copyCheckAVX2(&dst[0], &src[0], len(src), mask, width)
}
