package simplepacking

import (
	"encoding/binary"
	"fmt"
	"math"
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
		return Unpacker{}, fmt.Errorf("%w: unpacking samples needs 1 to 32 bits per value, got %d", ErrRange, p.BitsPerValue)
	}
	return Unpacker{ref: p.ReferenceValue, inv: p.InverseScale(), mask: 1<<p.BitsPerValue - 1}, nil
}

// PutFloat64s stores the values of samples q as IEEE-754 float64 in dst
// (8×len(q) bytes, big- or little-endian). Only the low BitsPerValue bits of
// each sample count, as when the samples are stored and read back.
func (u Unpacker) PutFloat64s(dst []byte, bigEndian bool, q []uint32) {
	dst = dst[:8*len(q)]
	ref, inv, mask := u.ref, u.inv, u.mask
	if bigEndian {
		for i, s := range q {
			binary.BigEndian.PutUint64(dst[8*i:], math.Float64bits(ref+float64(inv*float64(uint64(s)&mask))))
		}
		return
	}
	for i, s := range q {
		binary.LittleEndian.PutUint64(dst[8*i:], math.Float64bits(ref+float64(inv*float64(uint64(s)&mask))))
	}
}
