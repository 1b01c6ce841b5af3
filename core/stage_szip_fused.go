package core

import (
	"sync/atomic"

	"github.com/tensogram-go/tensogram-go/core/codec/simplepacking"
	"github.com/tensogram-go/tensogram-go/core/codec/szip"
)

// DecodeFusedInto decodes the simple_packing → szip pipeline (no filter)
// in one pass: szip hands each RSI's samples straight to simple_packing's
// unpacking, which writes the float64 values into dst, so the packed
// intermediate buffer (3/8 of the output at 24 bits) is never built. It
// applies when szip's containers are simple_packing's big-endian byte-aligned
// fields (MSB flag, sample width × 8 = sp_bits_per_value) and dst has the
// decoded size; ok is false otherwise and nothing has been done. Results and
// errors are those of the staged path.
// It is szip's FusedCodec decode.
func (sz *szipStage) DecodeFusedInto(enc Stage, dst, payload []byte, es int) (ok bool, err error) {
	sp, isSP := enc.(*simplePackingStage)
	if !isSP {
		return false, nil
	}
	bits := sp.p.BitsPerValue
	if sz.p.Flags&szip.FlagMSB == 0 || uint32(sz.p.SampleWidth())*8 != bits || uint64(len(dst)) != sp.n*8 {
		return false, nil
	}
	u, err := simplepacking.NewUnpacker(sp.p)
	if err != nil {
		return false, nil // 0 or > 32 bits: the staged path handles it
	}
	if err := sz.checkDecodable(payload, es); err != nil {
		return true, err
	}
	opts := []szip.Option{szip.WithThreads(sz.threads)}
	if len(sz.offsets) > 0 {
		opts = append(opts, szip.WithOffsets(sz.offsets))
	}
	big := sp.big
	sink := func(first int, q []uint32) { u.PutFloat64s(dst[8*first:], big, q) }
	if err := szip.DecodeTo(sink, es/sz.p.SampleWidth(), payload, sz.p, opts...); err != nil {
		return true, wrapEncodingErr(err, "compression error: %v", err)
	}
	return true, nil
}

// EncodeFused encodes the simple_packing → szip pipeline (no filter)
// in one pass: szip asks for each RSI's samples and simple_packing
// quantises them straight from the float64 input, so the packed
// intermediate buffer is never built. It applies under the conditions of
// DecodeFusedInto and only for input the staged path would accept
// (finite values, valid parameters, exact length); ok is false otherwise
// and nothing has been done, so errors always come from the staged path.
// Finiteness is checked while quantising, not in a pass of its own: input
// holding a NaN or an infinity is encoded, then dropped (ok false) so the
// staged path reports it.
// The stream and the recorded szip_block_offsets are the staged path's.
// It is szip's FusedCodec encode.
func (sz *szipStage) EncodeFused(enc Stage, raw []byte) (out []byte, ok bool, err error) {
	sp, isSP := enc.(*simplePackingStage)
	if !isSP {
		return nil, false, nil
	}
	bits := sp.p.BitsPerValue
	if sz.p.Flags&szip.FlagMSB == 0 || uint32(sz.p.SampleWidth())*8 != bits || uint64(len(raw)) != sp.n*8 ||
		sz.checkEncodable() != nil {
		return nil, false, nil
	}
	q, err := simplepacking.NewQuantiser(sp.p)
	if err != nil {
		return nil, false, nil
	}
	big := sp.big
	var nonFinite atomic.Bool // fill runs on szip's worker goroutines
	src := func(first int, x []uint32) {
		if !q.PutFiniteSamples(x, raw[8*first:], big) {
			nonFinite.Store(true)
		}
	}
	out, offs, err := szip.EncodeFrom(src, int(sp.n), sz.p, szip.WithThreads(sz.threads))
	if nonFinite.Load() {
		return nil, false, nil
	}
	if err != nil {
		return nil, true, wrapEncodingErr(err, "compression error: %v", err)
	}
	sz.recordOffsets(offs)
	return out, true, nil
}
