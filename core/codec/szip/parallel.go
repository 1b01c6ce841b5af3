package szip

import (
	"encoding/binary"

	"github.com/tensogram-go/tensogram-go/core/internal/par"
)

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
func encodeParallel(c *coder, src samples, nrsi int, o options) ([]byte, []uint64, error) {
	bounds := par.Split(nrsi, o.threads)
	n := src.n
	encs := make([]*encoder, o.threads)
	totals := make([]uint64, o.threads)
	_ = par.ForEach(o.threads, o.threads, func(g int) error {
		part := src.sub(c, bounds[g]*c.s, min(bounds[g+1]*c.s, n))
		e := newEncoder(c, part, 0, part.n, part.n*c.cw+1024)
		e.encodeRSIs(part)
		totals[g] = e.w.bitLen()
		e.w.finish()
		encs[g] = e
		return nil
	})
	pieces := fixUpPieces(c, src, bounds, encs, totals)
	out, bases := joinPieces(pieces, o.threads)
	starts := make([]uint64, 0, nrsi)
	var libEnds []uint64
	for i, pc := range pieces {
		for _, s := range pc.starts {
			starts = append(starts, bases[i]+s-pc.from)
		}
		for _, s := range pc.libEnds {
			libEnds = append(libEnds, bases[i]+s-pc.from)
		}
	}
	if o.libaecOffsets {
		return out, libaecList(libEnds, nrsi), nil
	}
	return out, starts, nil
}

// fixUpPieces lists the output pieces in stream order: for each group,
// the RSIs re-encoded with the true incoming hint (while it differs from
// the guessed run's), then the rest of the guessed run.
func fixUpPieces(c *coder, src samples, bounds []int, encs []*encoder, totals []uint64) []piece {
	n := src.n
	pieces := make([]piece, 0, len(encs)+1)
	hint := 0
	for g, e := range encs {
		total := totals[g]
		count := bounds[g+1] - bounds[g]
		m := 0
		if e.hints[0] != hint {
			part := src.sub(c, bounds[g]*c.s, min(bounds[g+1]*c.s, n))
			fix := newEncoder(c, part, hint, part.n, 0)
			for m < count {
				lo := m * c.s
				fix.encodeRSIs(part.sub(c, lo, min(lo+c.s, part.n)))
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
	return pieces
}

// joinPieces places every piece at its final bit position and returns the
// stream and each piece's base bit. Pieces are copied in parallel; the
// first byte of a piece may be shared with the previous piece, so each
// copy returns its contribution to that byte and the contributions are
// OR-ed in afterwards.
func joinPieces(pieces []piece, threads int) ([]byte, []uint64) {
	bases := make([]uint64, len(pieces))
	var total uint64
	for i, pc := range pieces {
		bases[i] = total
		total += pc.to - pc.from
	}
	out := make([]byte, (total+7)/8)
	heads := make([]byte, len(pieces))
	_ = par.ForEach(len(pieces), threads, func(i int) error {
		pc := pieces[i]
		heads[i] = shiftCopy(out, bases[i], pc.buf, pc.from, pc.to)
		return nil
	})
	for i := range pieces {
		if pieces[i].to > pieces[i].from {
			out[bases[i]/8] |= heads[i]
		}
	}
	return out, bases
}

// bitsAt returns the 64 bits of src starting at bit position bit. src
// must hold at least 9 bytes from bit/8 on.
func bitsAt(src []byte, bit uint64) uint64 {
	i, sh := bit/8, bit%8
	return binary.BigEndian.Uint64(src[i:])<<sh | uint64(src[i+8])>>(8-sh)
}

// shiftCopy copies bits [from, to) of src to dst starting at bit base.
// Bytes after the first destination byte are written directly; the bits
// belonging to the first byte are returned for the caller to OR in (that
// byte may be shared with the preceding piece). src must be zero after
// bit to and have at least 9 bytes of slack after it.
func shiftCopy(dst []byte, base uint64, src []byte, from, to uint64) byte {
	n := to - from
	if n == 0 {
		return 0
	}
	s := base % 8
	head := byte(bitsAt(src, from) >> (56 + s))
	q := base/8 + 1
	last := (base + n - 1) / 8
	bit := from + 8 - s
	for ; q+8 <= last+1; q += 8 {
		binary.BigEndian.PutUint64(dst[q:], bitsAt(src, bit))
		bit += 64
	}
	for ; q <= last; q++ {
		dst[q] = byte(bitsAt(src, bit) >> 56)
		bit += 8
	}
	return head
}
