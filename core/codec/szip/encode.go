package szip

import "fmt"

// Encode compresses src, a sequence of sample containers of
// p.SampleWidth() bytes each, and returns the AEC bit stream together with
// the bit offset at which each RSI starts (one entry per RSI, first 0).
//
// The stream is byte-identical to libaec's. Empty input gives an empty
// stream and no offsets. FlagPadRSI is rejected because libaec's encoder
// ignores it (its decoder would then misread the stream).
func Encode(src []byte, p Params, opts ...Option) ([]byte, []uint64, error) {
	return AppendEncode(nil, src, p, opts...)
}

// AppendEncode is Encode appending the stream to dst (the RSI offsets are
// relative to the start of the appended stream). When dst has enough spare
// capacity no output buffer is allocated, so callers can reuse buffers
// across calls; its spare capacity may be overwritten as with append.
func AppendEncode(dst, src []byte, p Params, opts ...Option) ([]byte, []uint64, error) {
	c, err := newCoder(p)
	if err != nil {
		return nil, nil, err
	}
	if p.Flags&FlagPadRSI != 0 {
		return nil, nil, fmt.Errorf("%w: FlagPadRSI is not supported by the encoder", ErrParams)
	}
	n, err := c.samples(len(src))
	if err != nil {
		return nil, nil, err
	}
	if n == 0 {
		if dst == nil {
			dst = []byte{}
		}
		return dst, []uint64{}, nil
	}
	o := buildOptions(opts)
	nrsi := c.numRSI(n)
	if o.threads > 1 && len(src) >= o.parallelMin && nrsi >= 2*o.threads {
		out, offs, err := encodeParallel(c, src, nrsi, o)
		return append(dst, out...), offs, err
	}
	e := newEncoder(c, 0, n, 0)
	spare := dst[len(dst):cap(dst)]
	if len(spare) >= len(src)+1024 {
		e.w.buf = spare
	} else {
		e.w.buf = make([]byte, len(src)+1024)
	}
	e.encodeRSIs(src)
	out := e.w.finish()
	var res []byte
	if len(spare) > 0 && len(out) > 0 && &out[0] == &spare[0] {
		res = dst[:len(dst)+len(out)] // written in place
	} else if dst == nil {
		res = out
	} else {
		res = append(dst, out...)
	}
	if o.libaecOffsets {
		return res, libaecList(e.libaecEnd, nrsi), nil
	}
	return res, e.starts, nil
}

// libaecList builds libaec's offset list from the recorded ends of full
// RSIs: 0 followed by each record, truncated to one entry per RSI.
func libaecList(ends []uint64, nrsi int) []uint64 {
	offs := make([]uint64, 0, nrsi)
	offs = append(offs, 0)
	for _, v := range ends {
		if len(offs) == nrsi {
			break
		}
		offs = append(offs, v)
	}
	return offs
}
