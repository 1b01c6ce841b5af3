package szip

import (
	"fmt"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/bitio"
	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// ScanOffsets returns the true bit offset of every RSI in a stream that
// encodes nSamples samples, found by walking the coded data sets without
// reconstructing samples. It is the reference against which stored
// offsets are checked.
func ScanOffsets(src []byte, p Params, nSamples int) ([]uint64, error) {
	c, err := newCoder(p)
	if err != nil {
		return nil, err
	}
	// Every RSI costs at least one bit, which bounds the table size.
	if nSamples < 0 || c.numRSI(nSamples) > len(src)*8 {
		return nil, codecerr.Errorf(ErrLength, "%d samples cannot fit in %d bytes", nSamples, len(src))
	}
	nrsi := c.numRSI(nSamples)
	offs := make([]uint64, 0, nrsi)
	r := bitio.NewReader(src, 0)
	for i := 0; i < nrsi; i++ {
		offs = append(offs, r.BitPos())
		want := min(c.s, nSamples-i*c.s)
		if err := c.scanRSI(&r, want); err != nil {
			return nil, fmt.Errorf("rsi %d: %w", i, err)
		}
		if c.padRSI {
			r.AlignByte()
		}
	}
	return offs, nil
}

// DefectiveOffsetWarning is the warning code this package proposes for
// validators that report a stored szip_block_offsets entry that does not
// match the true RSI start (found with DefectiveOffsets). Such tables are
// written by upstream Tensogram through libaec; the payload itself is
// valid, and DecodeRange still returns correct data for them.
const DefectiveOffsetWarning = "szip_block_offset_defective"

// DefectiveOffsets compares a stored RSI offset table (for example an
// upstream descriptor's szip_block_offsets) with the true RSI starts of
// the stream and returns the indices of the entries that are wrong. libaec
// (and so upstream Tensogram) stores a too-small offset for the RSI
// following one whose last block is non-zero and preceded by zero blocks;
// such entries are reported here. A table with the wrong number of entries
// is an ErrOffsets error.
func DefectiveOffsets(src []byte, p Params, offsets []uint64, nSamples int) ([]int, error) {
	truth, err := ScanOffsets(src, p, nSamples)
	if err != nil {
		return nil, err
	}
	if len(offsets) != len(truth) {
		return nil, codecerr.Errorf(ErrOffsets, "%d offsets for %d RSIs", len(offsets), len(truth))
	}
	var bad []int
	for i, v := range offsets {
		if v != truth[i] {
			bad = append(bad, i)
		}
	}
	return bad, nil
}

// checkOffsetTable verifies the shape rules of a stored offset table:
// first entry 0, strictly increasing, none beyond the stream.
func checkOffsetTable(offsets []uint64, srcLen int) error {
	if len(offsets) == 0 || offsets[0] != 0 {
		return codecerr.Errorf(ErrOffsets, "table must start with 0")
	}
	limit := uint64(srcLen) * 8
	for i := 1; i < len(offsets); i++ {
		if offsets[i] <= offsets[i-1] || offsets[i] > limit {
			return codecerr.Errorf(ErrOffsets, "entry %d (%d) not increasing or beyond %d bits", i, offsets[i], limit)
		}
	}
	return nil
}

// pairOK reports whether RSI a, scanned from its stored offset, ends
// exactly at the stored offset of RSI a+1 (both entries must exist).
func (c *coder) pairOK(src []byte, offsets []uint64, a int) bool {
	r := bitio.NewReader(src, offsets[a])
	if err := c.scanRSI(&r, c.s); err != nil {
		return false
	}
	if c.padRSI {
		r.AlignByte()
	}
	return r.BitPos() == offsets[a+1]
}

// locateRSI returns the bit offset of RSI i. With trust it is the stored
// entry. Otherwise the offset is found by scanning RSIs 0..i-1 from the
// start of the stream (or from the furthest start recorded in seen, when the
// caller passes one): a table written by libaec can be wrong in ways no
// local check detects (without preprocessing a defective entry sits
// exactly one block early, and consecutive defective entries are then
// mutually consistent), so only a scan from a known start is exact.
func (c *coder) locateRSI(src []byte, offsets []uint64, i int, trust bool, seen *RSIStarts) (uint64, error) {
	if trust {
		return offsets[i], nil
	}
	if seen == nil {
		seen = &RSIStarts{}
	}
	return seen.locate(c, src, i)
}
