package core

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
	return &finiteCheck{dtype: d.DType, order: order}
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
