//go:build !amd64 || purego

package core

// copyCheckBlocks copies nothing where no vector kernel exists: the caller
// checks and copies the whole range itself.
func copyCheckBlocks(dst, src []byte, mask uint64, width int) int { return 0 }

// hasCopyCheck reports whether copyCheckBlocks has a vector kernel here.
var hasCopyCheck = false
