package szip

import (
	"github.com/tensogram-go/tensogram-go/core/codec/internal/bitio"
	"github.com/tensogram-go/tensogram-go/core/internal/par"
)

// decodeParallel decodes groups of RSIs on o.threads goroutines, each
// starting at its stored offset. Group g is accepted only if the decode of
// group g-1 (itself accepted) ended exactly at that offset; otherwise it
// is decoded again, sequentially, from the true position.
func decodeParallel(c *coder, out SampleSink, src []byte, n, nrsi int, o options) error {
	groups := o.threads
	bounds := par.Split(nrsi, groups)
	movePastSuspectOffsets(c, src, o.offsets, bounds)
	ends := make([]uint64, groups)
	errs := make([]error, groups)
	valid := func(g int) bool {
		a := bounds[g]
		return a < len(o.offsets) && o.offsets[a] <= uint64(len(src))*8
	}
	run := func(g int, off uint64) (uint64, error) {
		first := bounds[g] * c.s
		last := min(bounds[g+1]*c.s, n)
		r := bitio.NewReader(src, off)
		_, err := c.decodeSpan(out, &r, bounds[g], first, last-first, c.scratch(last-first))
		return r.BitPos(), err
	}
	// A group's error is not final (the group may be redone from the true
	// position below), so it is kept per group rather than returned.
	_ = par.ForEach(groups, groups, func(g int) error {
		off := uint64(0)
		if g > 0 {
			if !valid(g) {
				return nil
			}
			off = o.offsets[bounds[g]]
		}
		ends[g], errs[g] = run(g, off)
		return nil
	})
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

// movePastSuspectOffsets nudges each inner group boundary forward (by at
// most a few RSIs) until the stored offset there is consistent with its
// predecessor: scanning the previous RSI from its stored start ends exactly
// at the boundary's stored offset. libaec's defective entries usually fail
// this check, so groups rarely start at one and need a sequential redo.
// This only affects speed; decodeParallel still verifies every start.
func movePastSuspectOffsets(c *coder, src []byte, offsets []uint64, bounds []int) {
	if checkOffsetTable(offsets, len(src)) != nil {
		return
	}
	for g := 1; g+1 < len(bounds); g++ {
		for try := 0; try < 8; try++ {
			a := bounds[g]
			if a >= len(offsets) || a+1 >= bounds[g+1] || c.pairOK(src, offsets, a-1) {
				break
			}
			bounds[g]++
		}
	}
}
