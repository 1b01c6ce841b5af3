package core

import (
	"errors"

	"github.com/tensogram-go/tensogram-go/core/codec/szip"
)

// Range is a run of Count elements starting at element Offset, counted in
// the object's flattened (row-major) order.
type Range struct {
	Offset uint64
	Count  uint64
}

// DecodeRange decodes element ranges of one object (upstream decode_range).
// Each result holds Count elements (simple_packing: float64) in host order
// unless opts.WireOrder. Hashes are never verified here.
func (o *ObjectView) DecodeRange(ranges []Range, opts *DecodeOptions) ([][]byte, error) {
	return o.decodeRange(ranges, opts, nil, nil, true)
}

// RangeAlloc supplies the result buffer of range i: exactly n bytes, which
// the range decode overwrites completely (the contents on entry do not
// matter). It is called once per range, in order, after the range's
// bounds are checked and its values decoded, so n never exceeds what the
// range holds. An error from it ends the decode with that error.
type RangeAlloc func(i, n int) ([]byte, error)

// DecodeRangeAlloc is DecodeRange with every result buffer taken from
// alloc (when not nil) instead of Go's heap: a caller handing the results
// to memory it manages (the C API's malloc'ed arrays) then writes each
// range once. The returned slices are the buffers alloc gave.
func (o *ObjectView) DecodeRangeAlloc(ranges []Range, opts *DecodeOptions, alloc RangeAlloc) ([][]byte, error) {
	return o.decodeRange(ranges, opts, nil, alloc, true)
}

// decodeRange is DecodeRangeAlloc; starts, when not nil, are the RSI starts
// already scanned in this payload by an earlier call (szip only). Without
// keep the results are not collected (the returned list is nil): the
// caller has them from alloc.
func (o *ObjectView) decodeRange(ranges []Range, opts *DecodeOptions, starts *szip.RSIStarts, alloc RangeAlloc, keep bool) ([][]byte, error) {
	opts = opts.orDefault()
	d := o.Descriptor
	if d.Filter != "none" {
		return nil, encodingErr("decode_range is not supported when a filter (e.g. shuffle) is applied")
	}
	if d.DType == Bitmask {
		return nil, encodingErr("partial range decode not supported for bitmask dtype")
	}
	if len(ranges) == 0 {
		return [][]byte{}, nil
	}
	p, err := BuildPipeline(d, d.Params, EffectiveThreads(opts.Threads))
	if err != nil {
		return nil, err
	}
	if sz, ok := p.Compression.(*szipStage); ok && starts != nil {
		sz.starts = starts
	}
	for _, s := range [...]Stage{p.Encoding, p.Filter, p.Compression} {
		if rc, ok := s.(RangeChecker); ok {
			if err := rc.CheckRange(); err != nil {
				return nil, err
			}
		}
	}
	if d.Compression == "none" {
		if err := o.sizeGateEncoded(p); err != nil {
			return nil, err
		}
	}
	n := p.Ctx.NumElements
	enc, encOK := p.Encoding.(RangeEncoding)
	comp, compOK := p.Compression.(RangeStage)
	swap := 0
	if !opts.WireOrder && d.ByteOrder != NativeOrder {
		swap = d.DType.SwapUnit()
	}
	order := NativeOrder
	if opts.WireOrder {
		order = d.ByteOrder
	}
	var out [][]byte
	if keep {
		out = make([][]byte, len(ranges))
	}
	for i, r := range ranges {
		if r.Offset > n || r.Count > n-r.Offset {
			return nil, encodingErr("range (offset=%d, count=%d): out of bounds for %d elements", r.Offset, r.Count, n)
		}
		if !encOK || !compOK {
			return nil, encodingErr("range (offset=%d, count=%d): range decode not supported for this compressor", r.Offset, r.Count)
		}
		vals, err := o.rangeValues(p, enc, comp, r)
		if err != nil {
			return nil, encodingErr("range (offset=%d, count=%d): %v", r.Offset, r.Count, err)
		}
		dst, err := rangeResult(i, vals, o.Payload, swap, alloc)
		if err != nil {
			return nil, err
		}
		if !opts.KeepNonFinite && len(d.Masks) > 0 {
			if err := o.restoreNonFinite(dst, order, r.Offset); err != nil {
				return nil, err
			}
		}
		if keep {
			out[i] = dst
		}
	}
	return out, nil
}

// rangeResult returns range i's result from its decoded values vals (in
// the descriptor's order), byte-swapped by swap. With alloc the values are
// copied (swapped) into alloc's buffer. Without it, values inside the
// payload (compression and encoding "none", or a stage returning its
// input) are copied into a fresh slice, and fresh buffers of the stages
// are returned as they are, swapped in place.
func rangeResult(i int, vals, payload []byte, swap int, alloc RangeAlloc) ([]byte, error) {
	if alloc != nil {
		dst, err := alloc(i, len(vals))
		if err != nil {
			return nil, err
		}
		if len(dst) != len(vals) {
			return nil, encodingErr("range result buffer of %d bytes for %d", len(dst), len(vals))
		}
		copySwap(dst, vals, swap)
		return dst, nil
	}
	if aliases(vals, payload) || len(vals) == 0 {
		dst := make([]byte, len(vals))
		copySwap(dst, vals, swap)
		return dst, nil
	}
	swapInPlace(vals, swap)
	return vals, nil
}

// rangeValues decodes the elements of r in the descriptor's byte order:
// in one pass for simple_packing + szip where it applies, else through the
// encoded bytes holding them.
func (o *ObjectView) rangeValues(p *Pipeline, enc RangeEncoding, comp RangeStage, r Range) ([]byte, error) {
	if sz, ok := comp.(*szipStage); ok {
		if vals, ok, err := sz.decodeRangeFused(p.Encoding, o.Payload, r.Offset, r.Count); ok {
			return vals, err
		}
	}
	bo, bl, err := enc.EncodedRange(r.Offset, r.Count)
	if err != nil {
		return nil, err
	}
	chunk, err := comp.DecodeRange(o.Payload, bo, bl)
	if err != nil {
		return nil, err
	}
	return enc.DecodeRangeFrom(chunk, r.Offset, r.Count)
}

// sizeGateEncoded checks an uncompressed payload against the encoded size,
// as a full decode would: exactly N×W bytes for encoding none, at least
// ceil(N×B/8) bytes for encodings reporting BitsPerValue (simple_packing), so
// a range decode never serves values from a payload a full decode refuses.
func (o *ObjectView) sizeGateEncoded(p *Pipeline) error {
	if o.Descriptor.Encoding == "none" {
		return o.sizeGate()
	}
	b, ok := p.Encoding.(BitsPerValuer)
	if !ok {
		return nil
	}
	n, bits := p.Ctx.NumElements, uint64(b.BitsPerValue())
	if bits > 0 && n/8 > (^uint64(0)-8)/bits {
		return encodingErr("simple_packing: element count %d too large", n)
	}
	need := (n/8)*bits + ((n%8)*bits+7)/8 // ceil(n*bits/8), bits <= 64

	if uint64(len(o.Payload)) < need {
		return encodingErr("insufficient data: expected at least %d bytes, got %d", need, len(o.Payload))
	}
	return nil
}

// DecodeRange decodes only the given element ranges of object index of the
// first message in buf and returns one byte slice per range (host byte
// order unless opts.WireOrder; simple_packing objects decode to float64).
// Uncompressed payloads are read at the ranges' offsets; of the
// compressors, szip (with stored szip_block_offsets), blosc2 and zfp
// support ranges and decode little more than what they cover (szip also
// scans, without decoding, the coded intervals before the range), the others
// fail with ErrEncoding, as do objects with a filter and the bitmask
// dtype. Hashes are not verified.
func DecodeRange(buf []byte, index int, ranges []Range, opts *DecodeOptions) ([][]byte, error) {
	ov, err := parseObjectOnly(buf, index)
	if err != nil {
		return nil, err
	}
	return ov.DecodeRange(ranges, opts)
}

// DecodeRangeTo is DecodeRange writing range i into the buffer alloc(i, n)
// returns (see RangeAlloc; alloc must not be nil) and returning the
// object's descriptor instead of the results. Checks and errors are
// DecodeRange's; of the message it keeps nothing but that descriptor, so a
// call allocates little more than the descriptor (the C API's path).
func DecodeRangeTo(buf []byte, index int, ranges []Range, opts *DecodeOptions, alloc RangeAlloc) (*Descriptor, error) {
	if alloc == nil {
		return nil, errors.New("tensogram: DecodeRangeTo needs a RangeAlloc")
	}
	ov, err := parseObjectOnly(buf, index)
	if err != nil {
		return nil, err
	}
	if _, err := ov.decodeRange(ranges, opts, nil, alloc, false); err != nil {
		return nil, err
	}
	return ov.Descriptor, nil
}
