//go:build amd64 && !purego

package simplepacking

import "golang.org/x/sys/cpu"

// quantiseAVX2 quantises the n float64 values at src (n a multiple of 8;
// byte-swapped first when big is true) into the uint32 samples at q, with
// exactly quantise32's arithmetic: k holds ref, scale and maxq as float64.
// It returns the OR of the bits of v − v over all values: 0 when every
// value was finite, NaN bits otherwise.
//
//go:noescape
func quantiseAVX2(q *uint32, src *byte, n int, k *[3]float64, big bool) uint64

// hasQuantiseKernel reports whether quantiseAVX2 may run on this CPU.
var hasQuantiseKernel = cpu.X86.HasAVX2

// quantiseBlocks quantises the longest prefix of q whose length is a
// multiple of 8 with the vector kernel and returns its length and whether
// its values were all finite (0, true without AVX2).
func (z Quantiser) quantiseBlocks(q []uint32, src []byte, bigEndian bool) (int, bool) {
	n := len(q) &^ 7
	if !hasQuantiseKernel || n == 0 {
		return 0, true
	}
	k := [3]float64{z.ref, z.scale, float64(z.maxq)}
	nf := quantiseAVX2(&q[0], &src[0], n, &k, bigEndian)
	return n, nf == 0
}

// unpackAVX2 stores ref + inv × float64(q[i] & mask) for the n samples at
// q (n a multiple of 8) as float64 at dst (byte-swapped when big), with
// exactly PutFloat64s' arithmetic: k holds ref and inv, mask the sample
// mask.
//
//go:noescape
func unpackAVX2(dst *byte, q *uint32, n int, k *[2]float64, mask uint32, big bool)

// unpackBlocks unpacks the longest prefix of q whose length is a multiple
// of 8 with the vector kernel and returns its length (0 without AVX2).
func (u Unpacker) unpackBlocks(dst []byte, bigEndian bool, q []uint32) int {
	n := len(q) &^ 7
	if !hasQuantiseKernel || n == 0 {
		return 0
	}
	k := [2]float64{u.ref, u.inv}
	unpackAVX2(&dst[0], &q[0], n, &k, uint32(u.mask), bigEndian)
	return n
}
