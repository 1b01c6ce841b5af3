package core

import "math/bits"

// The NaN/Inf rule of encode (docs/codecs.md, "NaN and Inf masks") applied
// while the payload is copied: for the all-"none" pipeline with neither
// NaN nor Inf allowed, a non-finite value can only fail the call, so the
// message layout does not depend on it and the check can run chunk by
// chunk inside the copy into the output, reading the input once.

// finiteCheck is a deferred NaN/Inf check of a raw payload in byte order
// order.
type finiteCheck struct {
	dtype DType
	order ByteOrder
	// mask holds the exponent bits of one float component, as its bytes
	// load little-endian from data in order, repeated over 64 bits; width
	// is the component size in bytes (for copyCheckBlocks).
	mask  uint64
	width int
}

// deferredFiniteCheck returns the check to run while writing an object
// with descriptor d (data in byte order order), or nil when the rule must
// run before the layout is known (another pipeline, pre-encoded payloads,
// NaN or Inf allowed: substitution changes the payload and adds masks) or
// does not apply to the dtype.
func deferredFiniteCheck(d *Descriptor, order ByteOrder, opts *EncodeOptions) *finiteCheck {
	raw := d.Encoding == "none" && d.Filter == "none" && d.Compression == "none"
	if !raw || opts.PreEncoded || opts.AllowNaN || opts.AllowInf {
		return nil
	}
	if _, ok := maskDType(d.DType); !ok {
		return nil
	}
	c := &finiteCheck{dtype: d.DType, order: order}
	c.mask, c.width = exponentLanes(d.DType, order)
	return c
}

// exponentLanes returns the exponent mask of one float component of dtype
// t in byte order o, as a little-endian load sees it, repeated over 64
// bits, and the component width in bytes (0 for other dtypes).
func exponentLanes(t DType, o ByteOrder) (uint64, int) {
	var m uint64
	var w int
	switch t {
	case Float16:
		m, w = 0x7C00, 2
	case BFloat16:
		m, w = 0x7F80, 2
	case Float32, Complex64:
		m, w = 0x7F800000, 4
	case Float64, Complex128:
		m, w = 0x7FF0000000000000, 8
	default:
		return 0, 0
	}
	if o == BigEndian {
		m = bits.ReverseBytes64(m) >> (64 - 8*w)
	}
	for lane := w; lane < 8; lane *= 2 {
		m |= m << (8 * lane)
	}
	return m, w
}

// copyChecked copies src to dst (same length, no byte swap) applying the
// check: vector blocks first, then the rest the portable way.
func (c *finiteCheck) copyChecked(dst, src, payload []byte) error {
	k := copyCheckBlocks(dst, src, c.mask, c.width)
	if err := c.chunk(src[k:], payload); err != nil {
		return err
	}
	copy(dst[k:], src[k:])
	return nil
}

// chunk checks one whole-element chunk of the payload; payload is the
// whole payload, used only to build the error of a failing check.
func (c *finiteCheck) chunk(b, payload []byte) error {
	if c == nil || firstNonFinite(b, c.dtype, c.order) < 0 {
		return nil
	}
	// The error (which value, where) is the one the up-front rule reports.
	if _, _, err := substituteNonFinite(payload, c.dtype, c.order, false, false); err != nil {
		return err
	}
	return encodingErr("non-finite value in the payload")
}

// before returns the NaN/Inf error of the whole payload when the deferred
// check fails on it, else err (also for a nil check).
func (c *finiteCheck) before(payload []byte, err error) error {
	if c == nil {
		return err
	}
	if e := c.chunk(payload, payload); e != nil {
		return e
	}
	return err
}
