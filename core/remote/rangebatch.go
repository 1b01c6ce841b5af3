package remote

import (
	"context"

	"github.com/tensogram-go/tensogram-go/core"
)

// DecodeRangeBatch is DecodeRange of object j with the same ranges in
// every listed message (any order, duplicates allowed), results in input
// order. Layouts are discovered first; frames up to 64 KiB are then
// fetched together in one coalesced batch, larger frames are range-read
// concurrently (at most max_concurrency at a time). Any error fails the
// whole call.
func (f *File) DecodeRangeBatch(ctx context.Context, msgs []int, j int, ranges []core.Range, opts *core.DecodeOptions) ([][][]byte, error) {
	_, out, err := f.DecodeRangeBatchDescribed(ctx, msgs, j, ranges, opts)
	return out, err
}

// DecodeRangeBatchDescribed is DecodeRangeBatch that also returns object
// j's descriptor in each listed message (read anyway).
func (f *File) DecodeRangeBatchDescribed(ctx context.Context, msgs []int, j int, ranges []core.Range, opts *core.DecodeOptions) ([]*core.Descriptor, [][][]byte, error) {
	ls, err := f.layouts(ctx, msgs)
	if err != nil {
		return nil, nil, err
	}
	out := make([][][]byte, len(ls))
	descs := make([]*core.Descriptor, len(ls))
	spans := make([]Span, len(ls))
	var small []Span
	var smallIdx, largeIdx []int
	for k, l := range ls {
		if spans[k], err = frameSpan(l, j); err != nil {
			return nil, nil, err
		}
		if spans[k].Len <= wholeFrameMax {
			small, smallIdx = append(small, spans[k]), append(smallIdx, k)
		} else {
			largeIdx = append(largeIdx, k)
		}
	}
	frames, err := f.obj.ReadRanges(ctx, small)
	if err != nil {
		return nil, nil, err
	}
	for n, fr := range frames {
		k := smallIdx[n]
		if descs[k], out[k], err = rangeOfFrame(fr, j, ranges, opts); err != nil {
			return nil, nil, err
		}
	}
	err = f.eachLarge(ctx, largeIdx, func(ctx context.Context, k int) (err error) {
		descs[k], out[k], err = f.decodeRangeSpan(ctx, spans[k], j, ranges, opts)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return descs, out, nil
}

// eachLarge runs fn for every index in idx with at most max_concurrency
// running; the first error cancels the others and is returned.
func (f *File) eachLarge(ctx context.Context, idx []int, fn func(context.Context, int) error) error {
	return forEachLimit(ctx, len(idx), f.obj.cfg.maxConcurrency, func(ctx context.Context, i int) error {
		return fn(ctx, idx[i])
	})
}
