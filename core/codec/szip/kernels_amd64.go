//go:build amd64 && !purego

package szip

import "golang.org/x/sys/cpu"

// residualsAVX2 stores residual(x[j-1], x[j], xmax) in d[j] for j = 1 ..
// 8·⌊(n−1)/8⌋ (n ≥ 1 samples at x). Unsigned samples with xmax < 2^31.
//
//go:noescape
func residualsAVX2(d, x *uint32, n int, xmax uint32)

// blockSumsAVX2 sums the n values at blk (n a multiple of 8, every sum
// below 2^32) into sums: Σv, Σ v>>k, Σ v>>(k+1), Σ v>>(k+2) (k ≤ 29).
//
//go:noescape
func blockSumsAVX2(blk *uint32, n int, k uint64, sums *[4]uint32)

// postprocessAVX2 reconstructs samples v[i:] in place (v[i-1] already
// reconstructed, unsigned samples) eight at a time while no sample of a
// step needs the mapping's edge case, and returns where it stopped.
//
//go:noescape
func postprocessAVX2(v *uint32, i, n int, xmax uint32) int

// hasKernels reports whether the AVX2 kernels may run on this CPU.
var hasKernels = cpu.X86.HasAVX2

// residualsVec maps the longest prefix of d[1:] the vector kernel covers
// and returns where the caller must go on (1 without AVX2).
func residualsVec(d, x []uint32, xmax uint32) int {
	if !hasKernels || len(x) < 9 {
		return 1
	}
	residualsAVX2(&d[0], &x[0], len(x), xmax)
	return 1 + (len(x)-1)&^7
}

// blockSumsVecMax is the longest block blockSumsVec hands to the kernel:
// 256 samples of at most 24 bits sum below 2^32 (longer blocks, allowed
// with FlagNotEnforce, would wrap the kernel's 32-bit lanes).
const blockSumsVecMax = 256

// blockSumsVec is blockSumsAVX2 on a slice; it reports false (nothing
// done) without AVX2 or when blk is longer than blockSumsVecMax.
func blockSumsVec(blk []uint32, k int, sums *[4]uint32) bool {
	if !hasKernels || len(blk) > blockSumsVecMax {
		return false
	}
	blockSumsAVX2(&blk[0], len(blk), uint64(k), sums)
	return true
}

// postprocessVec reconstructs v[i:] (see postprocessAVX2) as far as the
// kernel goes and returns where the caller must go on (i without AVX2).
func postprocessVec(v []uint32, i int, xmax uint32) int {
	// The kernel's exactness argument starts from a sample in range (a
	// corrupt stream can leave one above xmax).
	if !hasKernels || i < 1 || i+8 > len(v) || v[i-1] > xmax {
		return i
	}
	return postprocessAVX2(&v[0], i, len(v), xmax)
}
