package szip

import "github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"

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
		return nil, nil, codecerr.Errorf(ErrParams, "FlagPadRSI is not supported by the encoder")
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
	return c.appendEncode(dst, samples{buf: src, n: n}, buildOptions(opts))
}

// A SampleSource fills x with samples [first, first+len(x)) of the input,
// as unsigned integers below 2^BitsPerSample (signed samples in two's
// complement of that width). x is only valid during the call; with
// WithThreads, calls for disjoint ranges run concurrently and a range may
// be requested more than once.
type SampleSource func(first int, x []uint32)

// EncodeFrom is Encode for n samples produced by src instead of read from
// containers: a producer of the samples (e.g. simple_packing's
// quantisation) saves the container buffer and a pass over it. The stream
// and offsets are those Encode gives for the same samples.
func EncodeFrom(src SampleSource, n int, p Params, opts ...Option) ([]byte, []uint64, error) {
	c, err := newCoder(p)
	if err != nil {
		return nil, nil, err
	}
	if p.Flags&FlagPadRSI != 0 {
		return nil, nil, codecerr.Errorf(ErrParams, "FlagPadRSI is not supported by the encoder")
	}
	if n < 0 {
		return nil, nil, codecerr.Errorf(ErrRange, "negative sample count %d", n)
	}
	if n == 0 {
		return []byte{}, []uint64{}, nil
	}
	return c.appendEncode(nil, samples{fill: src, n: n}, buildOptions(opts))
}

// appendEncode encodes src (at least one sample), appending to dst.
func (c *coder) appendEncode(dst []byte, src samples, o options) ([]byte, []uint64, error) {
	n := src.n
	size := n * c.cw // the container bytes: a bound for the output buffer
	nrsi := c.numRSI(n)
	if o.threads > 1 && size >= o.parallelMin && nrsi >= 2*o.threads {
		out, offs, err := encodeParallel(c, src, nrsi, o)
		return append(dst, out...), offs, err
	}
	e := newEncoder(c, src, 0, n, 0)
	spare := dst[len(dst):cap(dst)]
	if len(spare) >= size+1024 {
		e.w.buf = spare
	} else {
		e.w.buf = make([]byte, size+1024)
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
