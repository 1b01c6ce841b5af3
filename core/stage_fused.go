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
