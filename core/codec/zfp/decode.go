package zfp

import "github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"

// CheckStream rejects, before any allocation, a stream that cannot hold n
// values in mode p: a non-empty stream for n = 0, an empty one for n > 0
// (ErrLength), one longer than MaxSize (ErrTooLong, upstream's check), or
// one shorter than the minimum bits the mode spends on n values
// (ErrShortStream: in FixedRate mode exactly blocks × block bits).
func CheckStream(stream []byte, n uint64, p Params) error {
	c, err := p.config()
	if err != nil {
		return err
	}
	return c.check(stream, n)
}

func (c *config) check(stream []byte, n uint64) error {
	switch {
	case n == 0 && len(stream) == 0:
		return nil
	case n == 0:
		return codecerr.Errorf(ErrLength, "%d-byte stream for 0 values", len(stream))
	case len(stream) == 0:
		return codecerr.Errorf(ErrLength, "empty stream for %d values", n)
	}
	size, err := c.maxSize(n)
	if err != nil {
		return err
	}
	if uint64(len(stream)) > size {
		return codecerr.Errorf(ErrTooLong, "%d bytes, maximum %d for %d values", len(stream), size, n)
	}
	// size fits, so blocks × minBits (≤ blocks × per-block bits) does too.
	if need := blocks(n) * uint64(c.minBits); need > uint64(len(stream))*8 {
		return codecerr.Errorf(ErrShortStream, "%d values need at least %d bits, stream has %d", n, need, uint64(len(stream))*8)
	}
	return nil
}

// Decode decompresses a raw zfp 1.0 stream of a 1-D double field into dst;
// len(dst) is the number of values and p must be the mode the stream was
// written with (the stream does not record it). The values are bit-exact
// with libzfp 1.0's decoder. A stream longer than MaxSize is rejected
// (ErrTooLong); a stream is read as if zero-padded, as upstream does, but
// one whose blocks consume more bits than it holds is an error
// (ErrShortStream). On error dst may be partly written.
func Decode(dst []float64, stream []byte, p Params) error {
	n := uint64(len(dst))
	return decodeSpan(stream, n, 0, n, p, sink{view: dst})
}

// decodeSpan checks the stream for n values and decodes values
// [first, first+count), handing each block's share to emit with the index
// (relative to first) of its first value. In FixedRate mode it seeks to
// the first block touched; otherwise it decodes from the start, and in
// every mode it stops after the last block touched.
func decodeSpan(stream []byte, n, first, count uint64, p Params, out sink) error {
	c, err := p.config()
	if err != nil {
		return err
	}
	if err := c.check(stream, n); err != nil {
		return err
	}
	if first > n || count > n-first {
		return codecerr.Errorf(ErrRange, "values [%d, +%d) of %d", first, count, n)
	}
	if count == 0 {
		return nil
	}
	b0, b1 := first/blockSize, (first+count-1)/blockSize
	start := uint64(0)
	if c.minBits == c.maxBits {
		start = b0 // every block has the same size: seek to it
	}
	d := decoder{c: &c, r: newBitReader(stream, start*uint64(c.maxBits))}
	// Values are decoded into the view, or gathered in a chunk and handed
	// to emit a chunk at a time.
	chunk := out.view
	if chunk == nil {
		chunk = make([]float64, min(count+2*blockSize, chunkValues))
	}
	var fb [blockSize]float64
	fill, done := 0, uint64(0)
	end := first + count
	// Word-sized rates decode whole blocks from their code words (the
	// reader is then positioned only for the blocks it decodes).
	word, nb := c.wordRate(), uint64(c.maxBits)
	for b := start; b <= b1; b++ {
		lo, hi := b*blockSize, b*blockSize+blockSize
		if b >= b0 && lo >= first && hi <= end {
			if word {
				// The run of whole blocks the range and the chunk hold.
				k := min((end-lo)/blockSize, uint64(len(chunk)-fill)/blockSize)
				d.wordRun(stream, b, chunk[fill:fill+int(k)*blockSize])
				fill += int(k) * blockSize
				b += k - 1
			} else {
				d.block((*[blockSize]float64)(chunk[fill : fill+blockSize]))
				fill += blockSize
			}
		} else {
			if word {
				d.r.seek(b * nb)
			}
			d.block(&fb)
			if b < b0 {
				continue
			}
			lo, hi = max(lo, first), min(hi, end)
			fill += copy(chunk[fill:], fb[lo-b*blockSize:hi-b*blockSize])
		}
		if fill > len(chunk)-blockSize || b == b1 {
			if out.view == nil {
				out.emit(done, chunk[:fill])
			} else {
				chunk = chunk[fill:]
			}
			done += uint64(fill)
			fill = 0
		}
	}
	if word {
		d.r.seek((b1 + 1) * nb)
	}
	return d.end(len(stream))
}

// sink receives decoded values: written in place into view (of exactly
// the values requested), or handed to emit with the index (relative to
// the first value requested) of the first value.
type sink struct {
	view []float64
	emit func(i uint64, v []float64)
}

// chunkValues is the number of values decode and encode gather between
// calls to their output and input functions.
const chunkValues = 1024

// DecodeRange decodes values [first, first+len(dst)) of an n-value field
// into dst, with the same results and checks as Decode. In FixedRate mode
// every block takes the same number of bits, so it decodes only the blocks
// the range touches; in the other modes block sizes vary and it decodes
// from the start up to the last block touched.
func DecodeRange(dst []float64, stream []byte, n, first uint64, p Params) error {
	return decodeSpan(stream, n, first, uint64(len(dst)), p, sink{view: dst})
}

// decoder reads blocks from one stream.
type decoder struct {
	c *config
	r *bitReader
}

// end reports ErrShortStream when decoding consumed bits past the stream.
func (d *decoder) end(streamLen int) error {
	if have := uint64(streamLen) * 8; d.r.pos > have {
		return codecerr.Errorf(ErrShortStream, "decoding consumed %d bits, stream has %d", d.r.pos, have)
	}
	return nil
}

// block decodes one block of four doubles (libzfp's lossy block decoder).
func (d *decoder) block(fb *[blockSize]float64) {
	c, r := d.c, d.r
	const head = 1 + ebits
	// The header is one flag bit (0 = all-zero block) and, after a 1, the
	// 11-bit biased exponent: peek both at once.
	h := r.peek(head)
	if h&1 == 0 {
		r.consume(1)
		*fb = [blockSize]float64{}
		if c.minBits > 1 {
			r.skip(uint64(c.minBits) - 1)
		}
		return
	}
	r.consume(head)
	emax := int(h>>1) - ebias
	prec := c.precision(emax)
	u0, u1, u2, u3, used := d.ints(int64(c.maxBits)-head, prec)
	if need := int64(c.minBits) - head; used < need {
		r.skip(uint64(need - used))
	}
	ib := [blockSize]int64{fromNegabinary(u0), fromNegabinary(u1), fromNegabinary(u2), fromNegabinary(u3)}
	invLift(&ib)
	invCast(fb, &ib, emax)
}

// ints decodes the bit planes encoder.ints wrote, with the same budget and
// precision, and returns the four coefficients and the number of bits
// read. The reader's buffer is kept in locals: topped up once per plane
// while fewer than 4 coefficients are significant (a plane's code is at
// most planeMax bits, a quiet run fits the buffer), then once per group of
// up to maxRun whole planes.
func (d *decoder) ints(maxBits int64, prec uint) (c0, c1, c2, c3 uint64, used int64) {
	r := d.r
	buf, nbuf := r.buf, r.nbuf
	bits := maxBits
	var n uint
	// Coefficients are built MSB first by shifting in one bit per plane,
	// then aligned to the last plane decoded.
	var u0, u1, u2, u3 uint64
	kmin := lowestPlane(prec)
	k := maxPrec - 1
	// Leading quiet planes with no coefficient significant are one 0 bit
	// each: skip the run of zeros at once (coefficients stay zero).
	if nbuf < 16 {
		buf, nbuf = r.topUp(buf, nbuf)
	}
	q0 := zeroRun(buf, min(nbuf, uint(max(0, min(int64(k-kmin+1), bits)))))
	buf, nbuf, bits, k = buf>>q0, nbuf-q0, bits-int64(q0), k-int(q0)
	for n < blockSize && bits > 0 && k >= kmin {
		if nbuf < 16 {
			buf, nbuf = r.topUp(buf, nbuf)
		}
		if buf>>(n&63)&1 == 0 && bits > int64(n) {
			// A run of quiet planes: n bits and a 0 test bit each.
			s := n + 1
			if q := quietRun(buf, n, uint(min(k-kmin+1, int(divSmall(uint(min(bits, 127)), s)), int(divSmall(min(nbuf, 63), s)), quietMax[n]))); q > 0 {
				w := s * q & 63 // the run is capped below 64 bits
				q &= 63
				u0, u1, u2 = quietDeposit(buf&(1<<w-1), n, q, u0<<q, u1<<q, u2<<q)
				u3 <<= q
				buf, nbuf, bits, k = buf>>w, nbuf-w, bits-int64(w), k-int(q)
				continue
			}
		}
		var x uint64
		if t := planeDec[n<<planeMax|uint(buf&(1<<planeMax-1))]; int64(t>>4&0xf) <= bits {
			// The plane's whole code fits the budget: take it from the table.
			x, n = uint64(t&0xf), uint(t>>8)
			m := uint(t>>4) & 0xf
			buf, nbuf, bits = buf>>m, nbuf-m, bits-int64(m)
		} else {
			x, n, buf, nbuf, bits = planeTail(n, buf, nbuf, bits)
		}
		u0 = u0<<1 | x&1
		u1 = u1<<1 | x>>1&1
		u2 = u2<<1 | x>>2&1
		u3 = u3<<1 | x>>3&1
		k--
	}
	// Every coefficient is significant: whole planes are 4 verbatim bits,
	// up to maxRun of them taken at once (the last group cut to the
	// budget, its missing bits zero).
	for bits > 0 && k >= kmin {
		q := uint(min(k-kmin+1, int(min((bits+blockSize-1)/blockSize, maxRun))))
		w := min(blockSize*q, uint(bits)) & 63 // at most 56
		if nbuf < w {
			buf, nbuf = r.topUp(buf, nbuf)
		}
		field := buf & (1<<w - 1)
		buf, nbuf, bits, k = buf>>w, nbuf-w, bits-int64(w), k-int(q)
		c0, c1, c2, c3 := planeBits4(field, q)
		q &= 63
		u0, u1, u2, u3 = u0<<q|c0, u1<<q|c1, u2<<q|c2, u3<<q|c3
	}
	// k+1 is the last plane decoded (64 when none was).
	sh := uint(k + 1)
	r.buf, r.nbuf = buf, nbuf
	r.pos += uint64(maxBits - bits)
	return u0 << sh, u1 << sh, u2 << sh, u3 << sh, maxBits - bits
}

// planeTail decodes a plane whose code the budget cuts short, bit by bit as
// libzfp does: n verbatim bits, then group tests and scans while bits
// remain (a scan cut short marks the coefficient it reached). It returns
// the plane's bits and the updated state.
func planeTail(n uint, buf uint64, nbuf uint, bits int64) (x uint64, _ uint, _ uint64, _ uint, _ int64) {
	m := uint(min(int64(n), bits))
	x = buf & (1<<m - 1)
	buf, nbuf, bits = buf>>m, nbuf-m, bits-int64(m)
	for bits > 0 && n < blockSize {
		b := buf & 1
		buf, nbuf, bits = buf>>1, nbuf-1, bits-1
		if b == 0 {
			break
		}
		for bits > 0 && n < blockSize-1 {
			b := buf & 1
			buf, nbuf, bits = buf>>1, nbuf-1, bits-1
			if b != 0 {
				break
			}
			n++
		}
		x += 1 << n
		n++
	}
	return x, n, buf, nbuf, bits
}
