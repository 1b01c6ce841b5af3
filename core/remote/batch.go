package remote

import (
	"context"
	"sort"
)

// Span is a byte range [Off, Off+Len) of the object.
type Span struct {
	Off, Len int64
}

// ReadRanges returns the bytes of every span, in the caller's order
// (duplicates and overlaps allowed). Spans are sorted and merged when the
// gap between them is at most the coalesce gap (storage option
// coalesce_gap, default 1 MiB), and the merged ranges are fetched with at
// most max_concurrency (default 10) requests in flight. No spans, no
// request. The first failure cancels the rest and is returned.
func (o *Object) ReadRanges(ctx context.Context, spans []Span) ([][]byte, error) {
	return o.readRanges(ctx, spans, o.cfg.coalesceGap)
}

// readRanges is ReadRanges with an explicit coalescing gap (0: only
// touching or overlapping spans merge).
func (o *Object) readRanges(ctx context.Context, spans []Span, gap int64) ([][]byte, error) {
	out := make([][]byte, len(spans))
	if len(spans) == 0 {
		return out, nil
	}
	for _, s := range spans {
		if s.Off < 0 || s.Len < 0 || s.Off > o.size || s.Len > o.size-s.Off {
			return nil, remoteText("read of %d bytes at offset %d outside object of %d bytes", s.Len, s.Off, o.size)
		}
	}
	merged, owner := coalesce(spans, gap)
	bufs := make([][]byte, len(merged))
	err := forEachLimit(ctx, len(merged), o.cfg.maxConcurrency, func(ctx context.Context, i int) (err error) {
		bufs[i], err = o.ReadRange(ctx, merged[i].Off, merged[i].Len)
		return err
	})
	if err != nil {
		return nil, err
	}
	for i, s := range spans {
		m := merged[owner[i]]
		rel := s.Off - m.Off
		out[i] = bufs[owner[i]][rel : rel+s.Len : rel+s.Len]
	}
	return out, nil
}

// coalesce merges spans whose gap to the running merged range is at most
// gap; owner[i] is the merged range holding spans[i]. Empty spans are
// merged like any other (they never widen a range they fall inside).
func coalesce(spans []Span, gap int64) (merged []Span, owner []int) {
	order := make([]int, len(spans))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return spans[order[a]].Off < spans[order[b]].Off })
	owner = make([]int, len(spans))
	for _, i := range order {
		s := spans[i]
		if n := len(merged); n > 0 {
			m := &merged[n-1]
			if end := m.Off + m.Len; s.Off <= end+gap {
				m.Len = max(end, s.Off+s.Len) - m.Off
				owner[i] = n - 1
				continue
			}
		}
		merged = append(merged, s)
		owner[i] = len(merged) - 1
	}
	return merged, owner
}
