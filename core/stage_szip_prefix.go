package core

// PrefixRangeStage is implemented by compression stages whose DecodeRange
// reads only a prefix of the encoded stream, so a caller holding the
// stream remotely can fetch just that prefix (bytes past it may then be
// anything; the stage never relies on them).
type PrefixRangeStage interface {
	// RangePrefix returns how many leading bytes of an encodedLen-byte
	// stream DecodeRange reads to produce decoded bytes up to end
	// (exclusive); ok is false when the stage cannot tell.
	RangePrefix(end uint64, encodedLen int) (n int, ok bool)
}

// RangePrefix for szip with szip_block_offsets: the RSI holding decoded
// byte end-1 must be decoded, and (with a table that is not trusted, such
// as libaec's, whose defective entries sit one block early) every RSI
// before it is scanned from the start. The stored entry two RSIs further
// on, plus one block's worst-case size, lies past that RSI's true end.
func (s *szipStage) RangePrefix(end uint64, encodedLen int) (int, bool) {
	if s.offsets == nil || encodedLen < 0 {
		return 0, false
	}
	if end == 0 {
		return 0, true
	}
	rsiBytes := uint64(s.p.RSISamples()) * uint64(s.p.SampleWidth())
	if rsiBytes == 0 {
		return encodedLen, true
	}
	if k := (end-1)/rsiBytes + 2; k >= uint64(len(s.offsets)) {
		return encodedLen, true
	}
	n := s.offsets[(end-1)/rsiBytes+2]/8 + 1 + uint64(s.p.BlockSize)*4 + 8
	return int(min(n, uint64(encodedLen))), true
}
