//go:build amd64 && !purego

package szip

import "golang.org/x/sys/cpu"

// splitBitsBMI2 appends the split-option codes of the n values at vals
// with parameter k (< 32) to w: the fundamental sequences of every
// v >> k, then the low k bits of every value, as emitSplitBits does. w
// must have room for them (ensure); its fields are read and written at
// the offsets checked by TestBitWriterLayout.
//
//go:noescape
func splitBitsBMI2(vals *uint32, n int, k uint64, w *bitWriter)

// hasSplitKernel reports whether splitBitsBMI2 may run on this CPU.
var hasSplitKernel = cpu.X86.HasBMI2

// splitBitsVec appends the codes of vals with splitBitsBMI2 and reports
// true, or does nothing and reports false without BMI2.
func splitBitsVec(w *bitWriter, vals []uint32, k int) bool {
	if !hasSplitKernel || len(vals) == 0 {
		return false
	}
	splitBitsBMI2(&vals[0], len(vals), uint64(k), w)
	return true
}
