package core

// Decoding of one object of a parsed message: sizes, the raw-pipeline
// size gate, Decode and DecodeInto.

import "unsafe"

// DecodedSize returns the exact byte length DecodeInto needs for this object.
func (o *ObjectView) DecodedSize() (int, error) {
	s, err := o.Descriptor.DecodedSize()
	if err != nil {
		return 0, err
	}
	if s > uint64(maxInt) {
		return 0, metadataErr("decoded size %d does not fit in memory", s)
	}
	return int(s), nil
}

const maxInt = int(^uint(0) >> 1)

// Decode decodes the object into a new buffer. The output is allocated only
// after the payload has been checked (raw pipelines) or decoded by the
// codecs (other pipelines), so a hostile shape cannot force a huge
// allocation.
func (o *ObjectView) Decode(opts *DecodeOptions) ([]byte, error) {
	opts = opts.orDefault()
	n, err := o.DecodedSize()
	if err != nil {
		return nil, err
	}
	d := o.Descriptor
	if d.Encoding == "none" && d.Filter == "none" && d.Compression == "none" {
		if err := o.Precheck(); err != nil {
			return nil, err
		}
		dst := make([]byte, n)
		if err := o.DecodeInto(dst, opts); err != nil {
			return nil, err
		}
		return dst, nil
	}
	p, err := BuildPipeline(d, d.Params, EffectiveThreads(opts.Threads))
	if err != nil {
		return nil, err
	}
	out, err := p.Decode(o.Payload, n)
	if err != nil {
		return nil, err
	}
	if aliases(out, o.Frame) {
		out = append([]byte(nil), out...)
	}
	if !opts.WireOrder && d.ByteOrder != NativeOrder {
		swapInPlace(out, d.DType.SwapUnit())
	}
	if !opts.KeepNonFinite && len(d.Masks) > 0 {
		order := NativeOrder
		if opts.WireOrder {
			order = d.ByteOrder
		}
		if err := o.restoreNonFinite(out, order, 0); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// aliases reports whether a lies inside b's backing memory.
func aliases(a, b []byte) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	pa := uintptr(unsafe.Pointer(&a[0]))
	pb := uintptr(unsafe.Pointer(&b[0]))
	return pa >= pb && pa < pb+uintptr(cap(b))
}

// Precheck verifies, before any allocation, that a raw (all-"none") payload
// already has exactly the decoded size; callers allocating DecodedSize()
// bytes for DecodeInto should call it first. Other pipelines pass (their
// codecs bound their own output).
func (o *ObjectView) Precheck() error {
	d := o.Descriptor
	if d.Encoding == "none" && d.Filter == "none" && d.Compression == "none" {
		return o.sizeGate()
	}
	return nil
}

func (o *ObjectView) sizeGate() error {
	d := o.Descriptor
	want, err := d.DecodedSize()
	if err != nil {
		return err
	}
	if uint64(len(o.Payload)) != want {
		return encodingErr("descriptor claims %d decoded byte(s) but frame payload is %d byte(s) (encoding %s, dtype width %d)", want, len(o.Payload), d.Encoding, d.DType.Size())
	}
	return nil
}

// DecodeInto decodes the object into dst, which must be exactly
// DecodedSize() bytes. For the all-"none" pipeline this is a single copy (or
// byte-swapping copy) from the frame into dst; codec pipelines write their
// last stage's output straight into dst (Pipeline.DecodeInto). On error,
// dst holds unspecified bytes.
func (o *ObjectView) DecodeInto(dst []byte, opts *DecodeOptions) error {
	opts = opts.orDefault()
	d := o.Descriptor
	want, err := o.DecodedSize()
	if err != nil {
		return err
	}
	if len(dst) != want {
		return encodingErr("destination is %d bytes, object decodes to %d", len(dst), want)
	}
	swap := 0
	if !opts.WireOrder && d.ByteOrder != NativeOrder {
		swap = d.DType.SwapUnit()
	}
	if d.Encoding == "none" && d.Filter == "none" && d.Compression == "none" {
		if _, err := BuildPipeline(d, d.Params, 0); err != nil {
			return err
		}
		if err := o.sizeGate(); err != nil {
			return err
		}
		copySwap(dst, o.Payload, swap)
	} else {
		p, err := BuildPipeline(d, d.Params, EffectiveThreads(opts.Threads))
		if err != nil {
			return err
		}
		if err := p.DecodeInto(dst, o.Payload); err != nil {
			return err
		}
		if swap > 1 {
			swapInPlace(dst, swap)
		}
	}
	if !opts.KeepNonFinite && len(d.Masks) > 0 {
		order := NativeOrder
		if opts.WireOrder {
			order = d.ByteOrder
		}
		return o.restoreNonFinite(dst, order, 0)
	}
	return nil
}
