package szip

import "encoding/binary"

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

// emitSplit writes a block with the split (Rice) option k.
func (e *encoder) emitSplit(blk []uint32, hasRef bool, ref uint32, k int) {
	c := e.c
	w := &e.w
	w.put(uint32(k+1), c.lid)
	vals := blk
	if hasRef {
		w.put(ref, c.bps)
		vals = blk[1:]
	}
	// splitBitsVec's kernel stores without bounds checks. A chosen split
	// option is never longer than the block uncompressed, which
	// ensure(blocksBound) leaves room for with 16 bytes to spare; should
	// that ever not hold, the checked Go code runs instead.
	if len(w.buf)-w.pos < len(vals)*int(c.bps)/8+16 || !splitBitsVec(w, vals, k) {
		emitSplitBits(w, vals, k)
	}
}

// emitSplitBits appends the fundamental sequences of every v >> k, then
// the low k bits of every value (the body of a split block).
func emitSplitBits(w *bitWriter, vals []uint32, k int) {
	emitUnary(w, vals, uint(k))
	if k > 0 {
		emitLowBits(w, vals, uint(k))
	}
}

// emitUnary appends the fundamental sequences of every v >> kk.
func emitUnary(w *bitWriter, vals []uint32, kk uint) {
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
	w.acc, w.nbits, w.pos = acc, nb, pos
}

// emitLowBits appends the low kk bits (0 < kk < 32) of every value.
func emitLowBits(w *bitWriter, vals []uint32, kk uint) {
	acc, nb, buf, pos := w.acc, w.nbits, w.buf, w.pos
	mask := uint64(1)<<kk - 1
	i := 0
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
