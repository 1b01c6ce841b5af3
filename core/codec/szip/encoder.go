package szip

import (
	"encoding/binary"
	"math"
)

const infLen = math.MaxUint64

// encoder turns samples into CDSs. It is used for one contiguous run of
// RSIs; the split-search hint carries over from RSI to RSI as in libaec.
type encoder struct {
	c    *coder
	w    bitWriter
	hint int
	x, d []uint32 // one RSI of raw samples and residuals
	// per-RSI bookkeeping (bit positions relative to this writer)
	starts    []uint64 // where each RSI starts
	libaecEnd []uint64 // libaec's recorded "next RSI" offset (full RSIs)
	hints     []int    // hint in force when each RSI started
	// split sums cached by blockStats for parameters sumBase..sumBase+2
	sumBase int
	sums    [3]uint64
}

// newEncoder prepares an encoder for at most n samples (whole RSIs or the
// final partial one), with an output buffer of sizeHint bytes.
func newEncoder(c *coder, hint, n, sizeHint int) *encoder {
	m := min(c.s, (n+c.j-1)/c.j*c.j)
	e := &encoder{c: c, hint: hint, x: make([]uint32, m)}
	if c.pre {
		e.d = make([]uint32, m)
	} else {
		e.d = e.x
	}
	e.w.buf = make([]byte, sizeHint+64)
	return e
}

// blocksBound is a byte bound on the encoded size of nb blocks.
func (c *coder) blocksBound(nb int) int {
	perBlock := int(c.lid) + 1 + int(c.bps) + c.j*int(c.bps) + 70
	return nb*perBlock/8 + 16
}

// encodeRSIs encodes the samples in src (whole containers), which start at
// an RSI boundary, appending one RSI after another.
func (e *encoder) encodeRSIs(src []byte) {
	c := e.c
	n := len(src) / c.cw
	for start := 0; start < n; start += c.s {
		cnt := min(c.s, n-start)
		nb := (cnt + c.j - 1) / c.j
		used := nb * c.j
		var ref uint32
		if c.fused24 {
			// Residuals of padding samples (repeats of the last) are 0.
			ref = c.preprocess24(e.d, src[start*3:(start+cnt)*3])
			clear(e.d[cnt:used])
		} else {
			x := e.x[:cnt]
			c.readSamples(x, src[start*c.cw:])
			last := e.x[cnt-1]
			for i := cnt; i < used; i++ {
				e.x[i] = last
			}
			if c.pre {
				ref = e.x[0]
				c.preprocess(e.d[:used], e.x[:used])
			}
		}
		e.w.ensure(c.blocksBound(nb))
		e.starts = append(e.starts, e.w.bitLen())
		e.hints = append(e.hints, e.hint)
		rec := e.encodeRSI(ref, nb)
		if cnt == c.s {
			e.libaecEnd = append(e.libaecEnd, rec)
		}
	}
}

// encodeRSI encodes the first nb blocks of the RSI whose residuals (or
// raw samples, without preprocessing) are in e.d; ref is the reference
// sample. It returns the bit position libaec records as the start of the
// next RSI.
func (e *encoder) encodeRSI(ref uint32, nb int) uint64 {
	c := e.c
	rec := uint64(0)
	recSet := false
	z := 0
	zref := false
	for b := 0; b < nb; b++ {
		blk := e.d[b*c.j : (b+1)*c.j]
		hasRef := c.pre && b == 0
		or := e.blockStats(blk)
		if or == 0 {
			if z == 0 {
				zref = hasRef
			}
			z++
			if b == nb-1 || (b+1)%64 == 0 {
				e.emitZero(z, zref, ref, true)
				z = 0
			}
			continue
		}
		if z > 0 {
			e.emitZero(z, zref, ref, false)
			z = 0
			if b == nb-1 {
				rec, recSet = e.w.bitLen(), true
			}
		}
		e.encodeBlock(blk, hasRef, ref)
	}
	if !recSet {
		rec = e.w.bitLen()
	}
	return rec
}

// emitZero writes a zero-block CDS for a run of z zero blocks. At a
// segment or RSI end, runs longer than four use the ROS code.
func (e *encoder) emitZero(z int, zref bool, ref uint32, end bool) {
	c := e.c
	e.w.put(0, c.lid+1)
	if zref {
		e.w.put(ref, c.bps)
	}
	var cnt uint64
	switch {
	case z > 4 && end:
		cnt = 4
	case z > 4:
		cnt = uint64(z)
	default:
		cnt = uint64(z - 1)
	}
	e.w.fs(cnt)
}

// encodeBlock selects and writes the cheapest option for a non-zero block.
func (e *encoder) encodeBlock(blk []uint32, hasRef bool, ref uint32) {
	c := e.c
	bs := c.j
	if hasRef {
		bs--
	}
	u := uint64(bs) * uint64(c.bps)
	splitLen, k := uint64(infLen), 0
	if c.lid > 1 {
		splitLen, k = e.splitSearch(blk, bs)
	}
	se := seLen(blk, u)
	switch {
	case splitLen < u && splitLen < se:
		e.emitSplit(blk, hasRef, ref, k)
	case splitLen < u || u > se:
		e.emitSE(blk, hasRef, ref)
	default:
		e.emitUncompressed(blk, hasRef, ref)
	}
}

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

func (e *encoder) emitSplit(blk []uint32, hasRef bool, ref uint32, k int) {
	c := e.c
	w := &e.w
	w.put(uint32(k+1), c.lid)
	vals := blk
	if hasRef {
		w.put(ref, c.bps)
		vals = blk[1:]
	}
	kk := uint(k)
	// The accumulator lives in locals through the hot loops (see put).
	acc, nb, buf, pos := w.acc, w.nbits, w.buf, w.pos
	i := 0
	for ; i+3 < len(vals); i += 4 {
		m0, m1, m2, m3 := vals[i]>>(kk&31), vals[i+1]>>(kk&31), vals[i+2]>>(kk&31), vals[i+3]>>(kk&31)
		if m0|m1|m2|m3 >= 12 {
			break
		}
		// Four codes of at most 12 bits each plus 7 pending bits fit in
		// 64. The chunk is built apart from acc to keep the chain short.
		p3 := m3 + 1
		p2 := p3 + m2 + 1
		p1 := p2 + m1 + 1
		l := p1 + m0 + 1
		chunk := 1 | uint64(1)<<(p3&63) | uint64(1)<<(p2&63) | uint64(1)<<(p1&63)
		acc = acc<<(l&63) | chunk
		nb += uint(l)
		binary.BigEndian.PutUint64(buf[pos:], acc<<((64-nb)&63))
		pos += int(nb >> 3)
		nb &= 7
	}
	for _, v := range vals[i:] {
		m := v >> (kk & 31)
		if m >= 32 {
			w.acc, w.nbits, w.pos = acc, nb, pos
			w.fs(uint64(m))
			acc, nb, pos = w.acc, w.nbits, w.pos
			continue
		}
		acc = acc<<((m+1)&63) | 1
		nb += uint(m) + 1
		binary.BigEndian.PutUint64(buf[pos:], acc<<((64-nb)&63))
		pos += int(nb >> 3)
		nb &= 7
	}
	if k > 0 {
		mask := uint64(1)<<kk - 1
		i = 0
		if kk <= 14 {
			// Four values per store: 7 pending + 4*14 bits fit in 64.
			k2, k3, k4 := (2*kk)&63, (3*kk)&63, (4*kk)&63
			for ; i+3 < len(vals); i += 4 {
				chunk := (uint64(vals[i])&mask)<<k3 | (uint64(vals[i+1])&mask)<<k2 |
					(uint64(vals[i+2])&mask)<<(kk&63) | uint64(vals[i+3])&mask
				acc = acc<<k4 | chunk
				nb += 4 * kk
				binary.BigEndian.PutUint64(buf[pos:], acc<<((64-nb)&63))
				pos += int(nb >> 3)
				nb &= 7
			}
		}
		if kk <= 28 {
			// Two values per store: 7 pending + 2*28 bits fit in 64.
			for ; i+1 < len(vals); i += 2 {
				acc = acc<<((2*kk)&63) | (uint64(vals[i])&mask)<<(kk&63) | uint64(vals[i+1])&mask
				nb += 2 * kk
				binary.BigEndian.PutUint64(buf[pos:], acc<<((64-nb)&63))
				pos += int(nb >> 3)
				nb &= 7
			}
		}
		for ; i < len(vals); i++ {
			acc = acc<<(kk&63) | uint64(vals[i])&mask
			nb += kk
			binary.BigEndian.PutUint64(buf[pos:], acc<<((64-nb)&63))
			pos += int(nb >> 3)
			nb &= 7
		}
	}
	w.acc, w.nbits, w.pos = acc, nb, pos
}

func (e *encoder) emitSE(blk []uint32, hasRef bool, ref uint32) {
	c := e.c
	w := &e.w
	w.put(1, c.lid+1)
	if hasRef {
		w.put(ref, c.bps)
	}
	for t := 0; t+1 < len(blk); t += 2 {
		s := uint64(blk[t]) + uint64(blk[t+1])
		w.fs(s*(s+1)/2 + uint64(blk[t+1]))
	}
}

func (e *encoder) emitUncompressed(blk []uint32, hasRef bool, ref uint32) {
	c := e.c
	w := &e.w
	w.put(c.idUncomp, c.lid)
	vals := blk
	if hasRef {
		w.put(ref, c.bps)
		vals = blk[1:]
	}
	for _, v := range vals {
		w.put(v, c.bps)
	}
}

// blockStats returns the OR of the block's values and caches the split
// sums for the three parameters around the hint (the ones the search
// nearly always needs), all in one pass over the block.
func (e *encoder) blockStats(blk []uint32) uint32 {
	kb := max(e.hint-1, 0)
	k0 := uint(kb) & 31
	var or uint32
	var s0, s1, s2 uint64
	for _, v := range blk {
		or |= v
		s0 += uint64(v >> k0)
		s1 += uint64(v >> ((k0 + 1) & 31))
		s2 += uint64(v >> ((k0 + 2) & 31))
	}
	e.sumBase = kb
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
