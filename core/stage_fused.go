package core

import (
	"github.com/tensogram-go/tensogram-go/core/codec/simplepacking"
	"github.com/tensogram-go/tensogram-go/core/codec/szip"
)

// decodeSzipPacked decodes the simple_packing → szip pipeline (no filter)
// in one pass: szip hands each RSI's samples straight to simple_packing's
// unpacking, which writes the float64 values into dst, so the packed
// intermediate buffer (3/8 of the output at 24 bits) is never built. It
// applies when szip's containers are simple_packing's big-endian byte-aligned
// fields (MSB flag, sample width × 8 = sp_bits_per_value) and dst has the
// decoded size; ok is false otherwise and nothing has been done. Results and
// errors are those of the staged path.
func (p *Pipeline) decodeSzipPacked(dst, payload []byte) (ok bool, err error) {
	sz, isSzip := p.Compression.(*szipStage)
	sp, isSP := p.Encoding.(*simplePackingStage)
	if _, noFilter := p.Filter.(identityStage); !isSzip || !isSP || !noFilter {
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
	es := p.EncodedSize()
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

// encodeSzipPacked encodes the simple_packing → szip pipeline (no filter)
// in one pass: szip asks for each RSI's samples and simple_packing
// quantises them straight from the float64 input, so the packed
// intermediate buffer is never built. It applies under the conditions of
// decodeSzipPacked and only for input the staged path would accept
// (finite values, valid parameters, exact length); ok is false otherwise
// and nothing has been done, so errors always come from the staged path.
// The stream and the recorded szip_block_offsets are the staged path's.
func (p *Pipeline) encodeSzipPacked(raw []byte) (out []byte, ok bool, err error) {
	sz, isSzip := p.Compression.(*szipStage)
	sp, isSP := p.Encoding.(*simplePackingStage)
	if _, noFilter := p.Filter.(identityStage); !isSzip || !isSP || !noFilter {
		return nil, false, nil
	}
	bits := sp.p.BitsPerValue
	if sz.p.Flags&szip.FlagMSB == 0 || uint32(sz.p.SampleWidth())*8 != bits || uint64(len(raw)) != sp.n*8 ||
		sz.checkEncodable() != nil {
		return nil, false, nil
	}
	order := LittleEndian
	if sp.big {
		order = BigEndian
	}
	if firstNonFinite(raw, Float64, order) >= 0 {
		return nil, false, nil
	}
	q, err := simplepacking.NewQuantiser(sp.p)
	if err != nil {
		return nil, false, nil
	}
	big := sp.big
	src := func(first int, x []uint32) { q.PutSamples(x, raw[8*first:], big) }
	out, offs, err := szip.EncodeFrom(src, int(sp.n), sz.p, szip.WithThreads(sz.threads))
	if err != nil {
		return nil, true, wrapEncodingErr(err, "compression error: %v", err)
	}
	sz.recordOffsets(offs)
	return out, true, nil
}
