//go:build !amd64 || purego

package szip

// hasKernels reports whether vector kernels exist here.
var hasKernels = false

// residualsVec maps nothing where no vector kernel exists: the caller
// maps d[1:] itself.
func residualsVec(d, x []uint32, xmax uint32) int { return 1 }

// blockSumsVec does nothing where no vector kernel exists.
func blockSumsVec(blk []uint32, k int, sums *[4]uint32) bool { return false }

// postprocessVec reconstructs nothing where no vector kernel exists.
func postprocessVec(v []uint32, i int, xmax uint32) int { return i }
