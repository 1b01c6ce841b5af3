package szip

import (
	"github.com/tensogram-go/tensogram-go/core/codec/internal/bitio"
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
func readSE(r *bitio.Reader) (uint64, error) {
	m, ok := r.Unary()
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
func (c *coder) zeroRun(r *bitio.Reader, pos, blockStart int) (int, error) {
	j := c.j
	m, ok := r.Unary()
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
func (c *coder) decodeRSI(r *bitio.Reader, v []uint32, want int) error {
	j := c.j
	for pos := 0; pos < want; {
		blockStart := pos
		id, se, sample, next := c.blockHead(r, blockStart)
		if next > blockStart {
			v[blockStart] = sample
		}
		pos = next
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
			if !r.UnaryBlock(blk, k) {
				return ErrTruncated
			}
			if k > 0 {
				r.AddBitsBlock(blk, k)
			}
			pos = blockStart + j
		default:
			blk := v[pos : blockStart+j]
			for i := range blk {
				blk[i] = r.Read(c.bps)
			}
			pos = blockStart + j
		}
		if r.Overrun() {
			return ErrTruncated
		}
	}
	return nil
}

// blockHead reads the head of the coded data set (CDS) whose first sample
// is sample start of the RSI: the option ID; for ID 0 (low entropy) the
// bit that selects second extension (se true) over a run of zero blocks;
// and the reference sample, which follows the head for every option in
// the first CDS of an RSI with preprocessing. next is the index of the
// CDS's first coded sample: start+1 after a reference sample, else start.
func (c *coder) blockHead(r *bitio.Reader, start int) (id uint32, se bool, sample uint32, next int) {
	id = r.Read(c.lid)
	if id == 0 {
		se = r.Read(1) == 1
	}
	if start == 0 && c.pre {
		return id, se, r.Read(c.bps), 1
	}
	return id, se, 0, start
}

// scanRSI moves r over the CDSs of one RSI holding want samples without
// producing values (used to locate RSI starts).
func (c *coder) scanRSI(r *bitio.Reader, want int) error {
	j := c.j
	for pos := 0; pos < want; {
		blockStart := pos
		id, se, _, next := c.blockHead(r, blockStart)
		pos = next
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
			if !r.SkipUnary(n) {
				return ErrTruncated
			}
			r.SkipLong(uint64(id-1) * uint64(n))
			pos = blockStart + j
		default:
			r.SkipLong(uint64(blockStart+j-pos) * uint64(c.bps))
			pos = blockStart + j
		}
		if r.Overrun() {
			return ErrTruncated
		}
	}
	return nil
}
