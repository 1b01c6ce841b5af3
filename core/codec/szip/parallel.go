package szip

import "sync"

// split divides nrsi RSIs into n contiguous groups [bounds[g], bounds[g+1]).
func split(nrsi, n int) []int {
	bounds := make([]int, n+1)
	for g := 0; g <= n; g++ {
		bounds[g] = g * nrsi / n
	}
	return bounds
}

// piece is a bit range of an encoder's output together with the RSI
// positions inside it.
type piece struct {
	buf      []byte
	from, to uint64
	starts   []uint64 // RSI starts, positions in buf
	libEnds  []uint64 // libaec records for full RSIs, positions in buf
}

// encodeParallel encodes groups of RSIs on o.threads goroutines. Every
// group but the first starts with a guessed split-search hint; a fix-up
// pass re-encodes the first RSIs of a group with the true hint until the
// hint agrees with the one recorded by the guessed run, after which the
// guessed output is exactly what sequential encoding produces.
func encodeParallel(c *coder, src []byte, nrsi int, o options) ([]byte, []uint64, error) {
	bounds := split(nrsi, o.threads)
	n := len(src) / c.cw
	encs := make([]*encoder, o.threads)
	totals := make([]uint64, o.threads)
	var wg sync.WaitGroup
	for g := 0; g < o.threads; g++ {
		lo := bounds[g] * c.s * c.cw
		hi := min(bounds[g+1]*c.s, n) * c.cw
		wg.Add(1)
		go func(g int, part []byte) {
			defer wg.Done()
			e := newEncoder(c, 0, len(part)+c.rsiBound())
			e.encodeRSIs(part)
			totals[g] = e.w.bitLen()
			e.w.finish()
			encs[g] = e
		}(g, src[lo:hi])
	}
	wg.Wait()

	pieces := make([]piece, 0, o.threads+1)
	hint := 0
	for g, e := range encs {
		total := totals[g]
		count := bounds[g+1] - bounds[g]
		m := 0
		if e.hints[0] != hint {
			part := src[bounds[g]*c.s*c.cw : min(bounds[g+1]*c.s, n)*c.cw]
			fix := newEncoder(c, hint, 0)
			for m < count {
				lo := m * c.s * c.cw
				fix.encodeRSIs(part[lo:min(lo+c.s*c.cw, len(part))])
				m++
				if m < count && fix.hint == e.hints[m] {
					break
				}
			}
			ftotal := fix.w.bitLen()
			fix.w.finish()
			pieces = append(pieces, piece{buf: fix.w.buf, from: 0, to: ftotal, starts: fix.starts, libEnds: fix.libaecEnd})
			hint = fix.hint
		}
		if m < count {
			pieces = append(pieces, piece{
				buf: e.w.buf, from: e.starts[m], to: total,
				starts: e.starts[m:], libEnds: e.libaecEnd[min(m, len(e.libaecEnd)):],
			})
			hint = e.hint
		}
	}

	var out bitWriter
	size := 0
	for _, pc := range pieces {
		size += int((pc.to-pc.from)/8) + 8
	}
	out.buf = make([]byte, size+64)
	starts := make([]uint64, 0, nrsi)
	var libEnds []uint64
	for _, pc := range pieces {
		base := out.bitLen()
		for _, s := range pc.starts {
			starts = append(starts, base+s-pc.from)
		}
		if o.libaecOffsets {
			for _, s := range pc.libEnds {
				libEnds = append(libEnds, base+s-pc.from)
			}
		}
		appendBits(&out, pc.buf, pc.from, pc.to)
	}
	res := out.finish()
	if o.libaecOffsets {
		return res, libaecList(libEnds, nrsi), nil
	}
	return res, starts, nil
}

// appendBits copies bits [from, to) of src to w.
func appendBits(w *bitWriter, src []byte, from, to uint64) {
	w.ensure(int((to-from)/8) + 16)
	if w.nbits == 0 && from%8 == 0 {
		nb := int((to - from) / 8)
		copy(w.buf[w.pos:], src[from/8:from/8+uint64(nb)])
		w.pos += nb
		from += uint64(nb) * 8
	}
	r := newBitReader(src, from)
	rem := to - from
	for rem >= 32 {
		w.put(r.read(32), 32)
		rem -= 32
	}
	if rem > 0 {
		w.put(r.read(uint(rem)), uint(rem))
	}
}

// decodeParallel decodes groups of RSIs on o.threads goroutines, each
// starting at its stored offset. Group g is accepted only if the decode of
// group g-1 (itself accepted) ended exactly at that offset; otherwise it
// is decoded again, sequentially, from the true position.
func decodeParallel(c *coder, dst, src []byte, n, nrsi int, o options) error {
	groups := o.threads
	bounds := split(nrsi, groups)
	ends := make([]uint64, groups)
	errs := make([]error, groups)
	valid := func(g int) bool {
		a := bounds[g]
		return a < len(o.offsets) && o.offsets[a] <= uint64(len(src))*8
	}
	run := func(g int, off uint64) (uint64, error) {
		first := bounds[g] * c.s
		last := min(bounds[g+1]*c.s, n)
		r := newBitReader(src, off)
		_, err := c.decodeSpan(dst[first*c.cw:last*c.cw], &r, bounds[g], first, last-first, c.scratch(last-first))
		return r.bitPos(), err
	}
	var wg sync.WaitGroup
	for g := 0; g < groups; g++ {
		if g > 0 && !valid(g) {
			continue
		}
		off := uint64(0)
		if g > 0 {
			off = o.offsets[bounds[g]]
		}
		wg.Add(1)
		go func(g int, off uint64) {
			defer wg.Done()
			ends[g], errs[g] = run(g, off)
		}(g, off)
	}
	wg.Wait()
	if errs[0] != nil {
		return errs[0]
	}
	pos := ends[0]
	for g := 1; g < groups; g++ {
		if !valid(g) || o.offsets[bounds[g]] != pos || errs[g] != nil {
			var err error
			if ends[g], err = run(g, pos); err != nil {
				return err
			}
		}
		pos = ends[g]
	}
	return nil
}
