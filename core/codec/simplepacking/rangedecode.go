package simplepacking

import "github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"

// Span describes the bytes of a packed stream that hold an element range:
// bytes [Lo, Hi) of the stream, with the first value starting BitOffset
// bits into byte Lo.
type Span struct {
	Lo, Hi    int
	BitOffset int
}

// RangeSpan maps the element range [start, start+count) to the byte span
// holding it, for bits-wide codes (128-bit arithmetic; overflow wraps
// ErrRange). With 0 bits the span is empty.
func RangeSpan(start, count int, bitsPer uint32) (Span, error) {
	if bitsPer > MaxBits {
		return Span{}, &BitsError{Bits: bitsPer}
	}
	if start < 0 || count < 0 {
		return Span{}, codecerr.Errorf(ErrRange, "negative offset or count")
	}
	end, err := spanBytes(0, start, bitsPer) // ceil(start·B/8)
	if err != nil {
		return Span{}, err
	}
	lo := end
	off := int((uint64(start) % 8 * uint64(bitsPer)) % 8)
	if off != 0 {
		lo--
	}
	n, err := spanBytes(off, count, bitsPer)
	if err != nil {
		return Span{}, err
	}
	if lo > int(^uint(0)>>1)-n {
		return Span{}, ErrRange
	}
	return Span{Lo: lo, Hi: lo + n, BitOffset: off}, nil
}

// DecodeRange decodes elements [start, start+count) of a complete packed
// stream holding total values. It rejects ranges past total.
func DecodeRange(packed []byte, total, start, count int, p Params) ([]float64, error) {
	if start < 0 || count < 0 || total < 0 || start > total || count > total-start {
		return nil, codecerr.Errorf(ErrRange, "range (%d, %d) exceeds %d values", start, count, total)
	}
	sp, err := RangeSpan(start, count, p.BitsPerValue)
	if err != nil {
		return nil, err
	}
	if p.BitsPerValue == 0 {
		return Decode(nil, count, p)
	}
	if sp.Hi > len(packed) {
		return nil, insufficientError(sp.Hi, len(packed))
	}
	return DecodeSpan(packed[sp.Lo:sp.Hi], sp.BitOffset, count, p)
}

// DecodeSpan decodes count values from span (the bytes selected by
// RangeSpan), whose first value starts bitOffset bits into span[0].
func DecodeSpan(span []byte, bitOffset, count int, p Params) ([]float64, error) {
	if err := checkDecode(span, bitOffset, count, p); err != nil {
		return nil, err
	}
	dst := make([]float64, count)
	decode(f64Sink(dst), span, bitOffset, count, p, config{})
	return dst, nil
}

// DecodeSpanBytesInto is DecodeSpan writing len(dst)/8 values into dst as
// float64 bytes in the given byte order.
func DecodeSpanBytesInto(dst []byte, bigEndian bool, span []byte, bitOffset int, p Params) error {
	if len(dst)%8 != 0 {
		return codecerr.Errorf(ErrRange, "destination length %d is not a multiple of 8", len(dst))
	}
	n := len(dst) / 8
	if err := checkDecode(span, bitOffset, n, p); err != nil {
		return err
	}
	if bigEndian {
		decode(beSink(dst), span, bitOffset, n, p, config{})
	} else {
		decode(leSink(dst), span, bitOffset, n, p, config{})
	}
	return nil
}
