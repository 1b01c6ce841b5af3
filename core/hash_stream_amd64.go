//go:build amd64 && !purego

package core

import "golang.org/x/sys/cpu"

// xxhBlocksAVX2 consumes the whole 1024-byte blocks of src[:n] (n a
// multiple of 1024) into the XXH3 accumulators acc with the 192-byte
// secret. Mode 0 only hashes; mode 1 also copies each block to dst; modes
// 2, 4 and 8 also check each block for a lane of that many bytes with all
// the bits of mask set. It returns n, or the offset of the first block
// holding such a lane: that block has been copied all the same, and acc
// is left as it was on entry (the caller's error path takes over).
//
//go:noescape
func xxhBlocksAVX2(dst, src *byte, n int, acc *[8]uint64, secret *byte, mask uint64, mode int) int

// hasFusedHash reports whether xxhBlocksAVX2 may run on this CPU.
var hasFusedHash = cpu.X86.HasAVX2

// xxhBlocks consumes the whole blocks of p (len(p) a multiple of xxhBlock).
func xxhBlocks(acc *[8]uint64, p []byte) {
	if !hasFusedHash || len(p) == 0 {
		xxhBlocksGo(acc, p)
		return
	}
	xxhBlocksAVX2(nil, &p[0], len(p), acc, &xxhSecret[0], 0, 0)
}

// xxhCopyBlocks copies the whole blocks of src (len(src) a multiple of
// xxhBlock, dst at least as long) to dst while consuming them into acc,
// checking each stripe against mask when width (2, 4 or 8) is not 0. It
// returns the bytes copied and hashed: len(src), or the offset of the
// first block with a lane that has all the bits of mask set; 0 where no
// vector kernel exists.
func xxhCopyBlocks(acc *[8]uint64, dst, src []byte, mask uint64, width int) int {
	if !hasFusedHash || len(src) == 0 || len(dst) < len(src) {
		return 0
	}
	mode := 1
	if width != 0 {
		mode = width
	}
	return xxhBlocksAVX2(&dst[0], &src[0], len(src), acc, &xxhSecret[0], mask, mode)
}
