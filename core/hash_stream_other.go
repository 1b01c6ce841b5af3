//go:build !amd64 || purego

package core

// hasFusedHash reports whether a vector kernel copies and hashes in one
// pass here; without one, payloads are copied and then hashed by the
// library (which has its own vector code).
var hasFusedHash = false

// xxhBlocks consumes the whole blocks of p (len(p) a multiple of xxhBlock).
func xxhBlocks(acc *[8]uint64, p []byte) { xxhBlocksGo(acc, p) }

// xxhCopyBlocks copies and hashes nothing where no vector kernel exists.
func xxhCopyBlocks(acc *[8]uint64, dst, src []byte, mask uint64, width int) int { return 0 }
