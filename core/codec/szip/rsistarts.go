package szip

import (
	"fmt"
	"sync"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/bitio"
)

// RSIStarts holds the true bit offsets of the first RSIs of one stream, as
// found by scanning its coded data sets from the start. DecodeRange given
// one (WithRSIStarts) extends it only as far as a range needs and reuses it
// on later calls, so a series of ranges over one stream scans each RSI at
// most once. The zero value is empty and ready; it is safe for concurrent
// use and must only ever be used with one stream and one Params.
type RSIStarts struct {
	mu     sync.Mutex
	starts []uint64 // starts[k]: true bit offset of RSI k
}

// locate returns the true bit offset of RSI i (every RSI before it full),
// scanning on from the furthest start known.
func (s *RSIStarts) locate(c *coder, src []byte, i int) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i < len(s.starts) {
		return s.starts[i], nil
	}
	if len(s.starts) == 0 {
		s.starts = append(s.starts, 0)
	}
	j := len(s.starts) - 1
	r := bitio.NewReader(src, s.starts[j])
	for ; j < i; j++ {
		if err := c.scanRSI(&r, c.s); err != nil {
			return 0, fmt.Errorf("rsi %d: %w", j, err)
		}
		if c.padRSI {
			r.AlignByte()
		}
		s.starts = append(s.starts, r.BitPos())
	}
	return s.starts[i], nil
}
