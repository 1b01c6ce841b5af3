package szip

// splitSearch reproduces libaec's search for the Rice parameter k,
// starting from the hint left by the previous block.
func (e *encoder) splitSearch(blk []uint32, bs int) (uint64, int) {
	hint := e.hint
	k, kbest := hint, hint
	best := uint64(infLen)
	noTurn := hint == 0
	up := true
	for {
		fs := e.fsSum(blk, k)
		l := fs + uint64(bs)*uint64(k+1)
		if l < best {
			if best != infLen {
				noTurn = true
			}
			best, kbest = l, k
			if up {
				if fs < uint64(bs) || k >= e.c.kmax {
					if noTurn {
						break
					}
					k, up, noTurn = hint-1, false, true
				} else {
					k++
				}
			} else {
				if fs >= uint64(bs) || k == 0 {
					break
				}
				k--
			}
		} else {
			if noTurn {
				break
			}
			k, up, noTurn = hint-1, false, true
		}
	}
	e.hint = kbest
	return best, kbest
}

// seLen returns the second-extension length in bits (including the option
// bit, excluding the ID), or infLen once it exceeds u.
func seLen(blk []uint32, u uint64) uint64 {
	l := uint64(1)
	for t := 0; t+1 < len(blk); t += 2 {
		s := uint64(blk[t]) + uint64(blk[t+1])
		if s > u {
			return infLen
		}
		l += s*(s+1)/2 + uint64(blk[t+1]) + 1
		if l > u {
			return infLen
		}
	}
	return l
}

// blockStats returns the OR of the block's values (or another value that
// is zero exactly when they all are) and caches the split sums for the
// three parameters around the hint (the ones the search nearly always
// needs), all in one pass over the block.
func (e *encoder) blockStats(blk []uint32) uint32 {
	kb := max(e.hint-1, 0)
	e.sumBase = kb
	if e.vecStats {
		var s [4]uint32
		if blockSumsVec(blk, kb, &s) {
			e.sums = [3]uint64{uint64(s[1]), uint64(s[2]), uint64(s[3])}
			return s[0]
		}
	}
	k0 := uint(kb) & 31
	var or uint32
	var s0, s1, s2 uint64
	for _, v := range blk {
		or |= v
		s0 += uint64(v >> k0)
		s1 += uint64(v >> ((k0 + 1) & 31))
		s2 += uint64(v >> ((k0 + 2) & 31))
	}
	e.sums = [3]uint64{s0, s1, s2}
	return or
}

// fsSum returns the sum of v>>k over blk, from the cache when possible.
func (e *encoder) fsSum(blk []uint32, k int) uint64 {
	if i := k - e.sumBase; i >= 0 && i < 3 {
		return e.sums[i]
	}
	var s0, s1 uint64
	kk := uint(k) & 31
	for i := 0; i+1 < len(blk); i += 2 {
		s0 += uint64(blk[i] >> kk)
		s1 += uint64(blk[i+1] >> kk)
	}
	return s0 + s1
}
