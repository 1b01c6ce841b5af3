//go:build !amd64 || purego

package szip

// hasSplitKernel reports whether an assembly split kernel exists here.
var hasSplitKernel = false

// splitBitsVec does nothing where no assembly kernel exists.
func splitBitsVec(w *bitWriter, vals []uint32, k int) bool { return false }
