package core

// RangeSpanStage is implemented by compression stages that can tell which
// bytes of the encoded stream their DecodeRange reads, so a caller holding
// the stream remotely can fetch only those (bytes outside the span may
// then be anything; the stage never relies on them).
type RangeSpanStage interface {
	// EncodedSpan returns the span [start, end) of an encodedLen-byte
	// stream that DecodeRange reads to produce decoded bytes
	// [offset, offset+length); ok is false when the stage cannot tell.
	EncodedSpan(offset, length uint64, encodedLen int) (start, end int, ok bool)
}

// EncodedSpan for szip with szip_block_offsets: a prefix. The RSI holding
// the last decoded byte must be decoded and, with a table that is not
// trusted (libaec's defective entries sit one block early), every RSI
// before it is scanned from the start. The stored entry two RSIs further
// on, plus one block's worst-case size, lies past that RSI's true end.
func (s *szipStage) EncodedSpan(offset, length uint64, encodedLen int) (int, int, bool) {
	if s.offsets == nil || encodedLen < 0 {
		return 0, 0, false
	}
	end := offset + length
	if length == 0 || end < offset {
		return 0, 0, length == 0
	}
	rsiBytes := uint64(s.p.RSISamples()) * uint64(s.p.SampleWidth())
	if rsiBytes == 0 {
		return 0, encodedLen, true
	}
	k := (end-1)/rsiBytes + 2
	if k >= uint64(len(s.offsets)) {
		return 0, encodedLen, true
	}
	n := s.offsets[k]/8 + 1 + uint64(s.p.BlockSize)*4 + 8
	return 0, int(min(n, uint64(encodedLen))), true
}

// EncodedSpan for zfp in fixed_rate mode: every 4-value block takes the
// same number of bits, so a range reads only its blocks (plus one word of
// look-ahead). Other modes have variable-size blocks: ok is false.
func (s *zfpStage) EncodedSpan(offset, length uint64, encodedLen int) (int, int, bool) {
	bb, ok := s.p.BlockBits()
	if !ok || encodedLen < 0 || offset%8 != 0 || length%8 != 0 || length == 0 {
		return 0, 0, ok && length == 0
	}
	first, last := offset/8/4, (offset+length-8)/8/4
	if last >= (^uint64(0)-8)/bb/8 {
		return 0, 0, false
	}
	start := first * bb / 8
	end := ((last+1)*bb+7)/8 + 8
	enc := uint64(encodedLen)
	return int(min(start, enc)), int(min(end, enc)), true
}
