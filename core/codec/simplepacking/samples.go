package simplepacking

import (
	"encoding/binary"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// Unpacker turns quantised samples that another codec already extracted
// (szip decodes simple_packing's byte-aligned samples itself) into values,
// with exactly the arithmetic of Decode. Its zero value is not usable; it is
// safe for concurrent use.
type Unpacker struct {
	ref, inv float64
	mask     uint64
}

// NewUnpacker prepares an Unpacker for p (1..32 bits per value: samples are
// uint32).
func NewUnpacker(p Params) (Unpacker, error) {
	if p.BitsPerValue == 0 || p.BitsPerValue > 32 {
		return Unpacker{}, codecerr.Errorf(ErrRange, "unpacking samples needs 1 to 32 bits per value, got %d", p.BitsPerValue)
	}
	return Unpacker{ref: p.ReferenceValue, inv: p.InverseScale(), mask: 1<<p.BitsPerValue - 1}, nil
}

// PutFloat64s stores the values of samples q as IEEE-754 float64 in dst
// (8×len(q) bytes, big- or little-endian). Only the low BitsPerValue bits of
// each sample count, as when the samples are stored and read back.
func (u Unpacker) PutFloat64s(dst []byte, bigEndian bool, q []uint32) {
	dst = dst[:8*len(q)]
	k := u.unpackBlocks(dst, bigEndian, q)
	ref, inv, mask := u.ref, u.inv, u.mask
	if bigEndian {
		for i := k; i < len(q); i++ {
			binary.BigEndian.PutUint64(dst[8*i:], math.Float64bits(ref+float64(inv*float64(uint64(q[i])&mask))))
		}
		return
	}
	for i := k; i < len(q); i++ {
		binary.LittleEndian.PutUint64(dst[8*i:], math.Float64bits(ref+float64(inv*float64(uint64(q[i])&mask))))
	}
}

// Quantiser turns values into quantised samples for another codec that
// takes the samples themselves (szip encodes simple_packing's byte-aligned
// samples), with exactly the arithmetic of Encode. Its zero value is not
// usable; it is safe for concurrent use.
type Quantiser struct {
	ref, scale float64
	maxq       uint64
}

// NewQuantiser prepares a Quantiser for p (1..32 bits per value: samples
// are uint32), rejecting the parameters Encode rejects.
func NewQuantiser(p Params) (Quantiser, error) {
	if err := p.Validate(); err != nil {
		return Quantiser{}, err
	}
	if p.BitsPerValue == 0 || p.BitsPerValue > 32 {
		return Quantiser{}, codecerr.Errorf(ErrRange, "quantising samples needs 1 to 32 bits per value, got %d", p.BitsPerValue)
	}
	scale := float64(Powi(10, p.DecimalScaleFactor) * Powi(2, -p.BinaryScaleFactor))
	return Quantiser{ref: p.ReferenceValue, scale: scale, maxq: maxQ(p.BitsPerValue)}, nil
}

// PutSamples quantises the len(q) IEEE-754 float64 values at the start of
// src (big- or little-endian) into q. The values must be finite (check
// first, e.g. with Encode's error path): a NaN or infinity here quantises
// to 0 or the maximum code like any out-of-range value.
func (z Quantiser) PutSamples(q []uint32, src []byte, bigEndian bool) {
	z.PutFiniteSamples(q, src, bigEndian)
}

// PutFiniteSamples is PutSamples (same samples in q for every input) that
// also reports whether all the values were finite, so a caller can quantise
// first and reject a NaN or infinity afterwards instead of checking the
// input in a pass of its own.
func (z Quantiser) PutFiniteSamples(q []uint32, src []byte, bigEndian bool) bool {
	src = src[:8*len(q)]
	k, ok := z.quantiseBlocks(q, src, bigEndian)
	ref, scale, maxq := z.ref, z.scale, z.maxq
	var nf float64
	if bigEndian {
		for i := k; i < len(q); i++ {
			v := math.Float64frombits(binary.BigEndian.Uint64(src[8*i:]))
			nf += v - v
			q[i] = quantise32(v, ref, scale, maxq)
		}
	} else {
		for i := k; i < len(q); i++ {
			v := math.Float64frombits(binary.LittleEndian.Uint64(src[8*i:]))
			nf += v - v
			q[i] = quantise32(v, ref, scale, maxq)
		}
	}
	return ok && nf == 0
}

// quantise32 is quantise for maxq < 2^32 (the Quantiser's samples), with
// fewer instructions: x is clamped to 2^32 first, past every code, so the
// conversion is a plain signed one (Go's float-to-uint64 conversion
// branches for values ≥ 2^63, and so does uint64-to-float) and the results
// are quantise's.
func quantise32(v, ref, scale float64, maxq uint64) uint32 {
	x := float64(v-ref) * scale
	if !(x > 0) {
		return 0
	}
	if x > 1<<32 {
		x = 1 << 32
	}
	q := int64(x)
	if x-float64(q) >= 0.5 {
		q++
	}
	return uint32(min(uint64(q), maxq))
}
