package szip

import (
	"math/bits"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// maxSE is the largest valid second-extension symbol.
const maxSE = 90

// seFirst and seSecond split a second-extension symbol into its pair.
var seFirst, seSecond [maxSE + 1]uint8

func init() {
	m := 0
	for a := 0; m <= maxSE; a++ {
		for second := 0; second <= a && m <= maxSE; second++ {
			seFirst[m] = uint8(a - second)
			seSecond[m] = uint8(second)
			m++
		}
	}
}

// readSE reads one second-extension symbol. It is small enough to be
// inlined into the block loops; the error is built out of line.
func readSE(r *bitReader) (uint64, error) {
	m, ok := r.fs()
	if !ok || m > maxSE {
		return 0, seError(ok, m)
	}
	return m, nil
}

// seError is readSE's error: ErrTruncated when the stream ended, else the
// oversized symbol m.
func seError(ok bool, m uint64) error {
	if !ok {
		return ErrTruncated
	}
	return codecerr.Errorf(ErrCorrupt, "second extension symbol %d", m)
}

// zeroRun reads the length of a zero-block run that starts the block at
// blockStart (pos is past its reference sample, if any) and returns how
// many samples from pos the run covers.
func (c *coder) zeroRun(r *bitReader, pos, blockStart int) (int, error) {
	j := c.j
	m, ok := r.fs()
	if !ok {
		return 0, ErrTruncated
	}
	cnt := int(min(m, uint64(c.r))) + 1
	if cnt == 5 {
		u := pos / j
		cnt = min(c.r-u, 64-u%64)
	} else if cnt > 5 {
		cnt--
	}
	zeros := cnt*j - (pos - blockStart)
	if pos+zeros > c.s || m > uint64(c.r) {
		return 0, codecerr.Errorf(ErrCorrupt, "zero run of %d blocks crosses the RSI", cnt)
	}
	return zeros, nil
}

// decodeRSI decodes the CDSs of one RSI from r into v until at least want
// samples exist (want <= len(v) <= samples per RSI; len(v) is a multiple
// of the block size). v receives the residuals before postprocessing,
// with the reference sample first when preprocessing is on. Samples past
// want are surplus from the final block and must be ignored.
func (c *coder) decodeRSI(r *bitReader, v []uint32, want int) error {
	j := c.j
	pos := 0
	ref := c.pre
	for pos < want {
		blockStart := pos
		id, se, sample := c.blockHead(r, ref)
		if ref {
			v[pos] = sample
			pos++
			ref = false
		}
		switch {
		case id == 0 && se:
			p := pos - blockStart
			for p < j {
				m, err := readSE(r)
				if err != nil {
					return err
				}
				if p&1 == 0 {
					v[blockStart+p] = uint32(seFirst[m])
					p++
				}
				v[blockStart+p] = uint32(seSecond[m])
				p++
			}
			pos = blockStart + j
		case id == 0:
			zeros, err := c.zeroRun(r, pos, blockStart)
			if err != nil {
				return err
			}
			end := min(pos+zeros, len(v))
			clear(v[pos:end])
			pos += zeros
		case id < c.idUncomp:
			k := uint(id - 1)
			blk := v[pos : blockStart+j]
			if err := readFSBlock(r, blk, k); err != nil {
				return err
			}
			if k > 0 {
				readBitsBlock(r, blk, k)
			}
			pos = blockStart + j
		default:
			blk := v[pos : blockStart+j]
			for i := range blk {
				blk[i] = r.read(c.bps)
			}
			pos = blockStart + j
		}
		if r.overrun() {
			return ErrTruncated
		}
	}
	return nil
}

// blockHead reads the head of the next coded data set (CDS): its option
// ID; for ID 0 (low entropy) the bit that selects second extension (se
// true) over a run of zero blocks; and, when ref is set (the first CDS of
// an RSI with preprocessing), the reference sample, which follows the head
// for every option.
func (c *coder) blockHead(r *bitReader, ref bool) (id uint32, se bool, sample uint32) {
	id = r.read(c.lid)
	if id == 0 {
		se = r.read(1) == 1
	}
	if ref {
		sample = r.read(c.bps)
	}
	return id, se, sample
}

// readFSBlock reads len(blk) fundamental sequences m and stores m<<k
// (wrapping to 32 bits, as libaec does).
func readFSBlock(r *bitReader, blk []uint32, k uint) error {
	acc, n := r.acc, r.n
	for i := range blk {
		if n < 32 {
			r.acc, r.n = acc, n
			r.refill()
			acc, n = r.acc, r.n
		}
		lz := uint(bits.LeadingZeros64(acc))
		if lz < n {
			acc = acc << (lz & 63) << 1 // lz+1 may be 64
			n -= lz + 1
			blk[i] = uint32(lz) << (k & 31)
			continue
		}
		r.acc, r.n = acc, n
		m, ok := r.fs()
		if !ok {
			return ErrTruncated
		}
		acc, n = r.acc, r.n
		blk[i] = uint32(m) << k
	}
	r.acc, r.n = acc, n
	return nil
}

// skipFSBlock consumes n fundamental sequences, that is everything up to
// and including the n-th one bit, counting one bits with popcount rather
// than decoding each sequence.
func skipFSBlock(r *bitReader, n int) error {
	for n > 0 {
		if r.n < 32 {
			r.refill()
		}
		w := r.acc // keep only the r.n valid bits (r.n may be 64)
		if r.n < 64 {
			w &^= ^uint64(0) >> r.n
		}
		c := bits.OnesCount64(w)
		if c == 0 {
			if r.virt > 0 {
				return ErrTruncated
			}
			r.acc, r.n = 0, 0
			continue
		}
		if c <= n {
			// Consume through the last one bit of the window.
			used := uint(64 - bits.TrailingZeros64(w))
			if used == 64 {
				r.acc = 0
			} else {
				r.acc <<= used
			}
			r.n -= used
			n -= c
			continue
		}
		// The n-th one bit lies in the window: binary search for it.
		pos, need := uint(0), n
		x := w
		for width := uint(32); width > 0; width >>= 1 {
			if top := bits.OnesCount64(x >> (64 - width)); top < need {
				need -= top
				x <<= width
				pos += width
			}
		}
		r.acc = r.acc << (pos & 63) << 1 // pos+1 may be 64
		r.n -= pos + 1
		return nil
	}
	return nil
}

// readBitsBlock adds the next k-bit value (0 < k <= 32) to each entry of
// blk, two values per refill check when they fit.
func readBitsBlock(r *bitReader, blk []uint32, k uint) {
	acc, n := r.acc, r.n
	i := 0
	if k <= 28 {
		for ; i+1 < len(blk); i += 2 {
			if n < 2*k {
				r.acc, r.n = acc, n
				r.refill()
				acc, n = r.acc, r.n
			}
			blk[i] += uint32(acc >> ((64 - k) & 63))
			blk[i+1] += uint32(acc << (k & 63) >> ((64 - k) & 63))
			acc <<= (2 * k) & 63
			n -= 2 * k
		}
	}
	for ; i < len(blk); i++ {
		if n < k {
			r.acc, r.n = acc, n
			r.refill()
			acc, n = r.acc, r.n
		}
		blk[i] += uint32(acc >> ((64 - k) & 63))
		acc <<= k & 63
		n -= k
	}
	r.acc, r.n = acc, n
}

// scanRSI moves r over the CDSs of one RSI holding want samples without
// producing values (used to locate RSI starts).
func (c *coder) scanRSI(r *bitReader, want int) error {
	j := c.j
	pos := 0
	ref := c.pre
	for pos < want {
		blockStart := pos
		id, se, _ := c.blockHead(r, ref)
		if ref {
			pos, ref = pos+1, false
		}
		switch {
		case id == 0 && se:
			p := pos - blockStart
			for p < j {
				if _, err := readSE(r); err != nil {
					return err
				}
				p += 1 + (p+1)&1 // a symbol at an even offset covers a pair
			}
			pos = blockStart + j
		case id == 0:
			zeros, err := c.zeroRun(r, pos, blockStart)
			if err != nil {
				return err
			}
			pos += zeros
		case id < c.idUncomp:
			n := blockStart + j - pos
			if err := skipFSBlock(r, n); err != nil {
				return err
			}
			r.skipLong(uint64(id-1) * uint64(n))
			pos = blockStart + j
		default:
			r.skipLong(uint64(blockStart+j-pos) * uint64(c.bps))
			pos = blockStart + j
		}
		if r.overrun() {
			return ErrTruncated
		}
	}
	return nil
}
