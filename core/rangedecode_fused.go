package core

import (
	"github.com/tensogram-go/tensogram-go/core/codec/simplepacking"
	"github.com/tensogram-go/tensogram-go/core/codec/szip"
)

// decodeRangeFused decodes elements [first, first+count) of a
// simple_packing → szip object in one pass: szip hands the samples of the
// range straight to simple_packing's unpacking, which writes float64
// values (in the descriptor's order), so neither the packed bytes of the
// range nor a second pass over them exist. It applies under the conditions
// of DecodeFusedInto, with stored szip_block_offsets, and only where the
// staged path's checks pass (so its errors are the staged path's); ok is
// false otherwise and nothing has been done.
func (sz *szipStage) decodeRangeFused(enc Stage, payload []byte, first, count uint64) (out []byte, ok bool, err error) {
	sp, isSP := enc.(*simplePackingStage)
	if !isSP || sz.offsets == nil {
		return nil, false, nil
	}
	if sz.p.Flags&szip.FlagMSB == 0 || uint32(sz.p.SampleWidth())*8 != sp.p.BitsPerValue {
		return nil, false, nil
	}
	u, err := simplepacking.NewUnpacker(sp.p)
	if err != nil {
		return nil, false, nil
	}
	n, err := sz.samples(sz.ctx.encodedSize())
	if err != nil || sz.plausible(payload, n) != nil || first > uint64(n) || count > uint64(n)-first || count > sp.n {
		return nil, false, nil
	}
	dst := make([]byte, 8*count)
	big, base := sp.big, int(first)
	sink := func(at int, q []uint32) { u.PutFloat64s(dst[8*(at-base):], big, q) }
	if err := szip.DecodeRangeTo(sink, base, int(count), payload, sz.p, sz.offsets, szip.WithRSIStarts(sz.starts)); err != nil {
		return nil, true, wrapEncodingErr(err, "compression error: %v", err)
	}
	return dst, true, nil
}
