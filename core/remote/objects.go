package remote

import (
	"context"
	"fmt"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/internal/par"
)

// frameSpan returns the absolute byte span of object j's frame in message l.
func frameSpan(l *layout, j int) (Span, error) {
	n := len(l.index.Offsets)
	if j < 0 || j >= n {
		return Span{}, &core.Error{Kind: core.KindObject, Msg: objIndexText(j, n)}
	}
	off, ln := l.index.Offsets[j], l.index.Lengths[j]
	if off > uint64(l.length) || ln > uint64(l.length)-off || ln < core.FrameHeaderSize+core.DataFrameFooterSize {
		return Span{}, remoteText("indexed frame %d..%d exceeds message boundary %d", l.off+int64(off), l.off+int64(off+ln), l.off+l.length)
	}
	return Span{Off: l.off + int64(off), Len: int64(ln)}, nil
}

// objectSpan finds message i's layout (reading it if needed) and object j's
// frame span in it.
func (f *File) objectSpan(ctx context.Context, i, j int) (*layout, Span, error) {
	l, err := f.filledMessage(ctx, i)
	if err != nil {
		return nil, Span{}, err
	}
	sp, err := frameSpan(l, j)
	return l, sp, err
}

func objIndexText(j, n int) string {
	return fmt.Sprintf("object index %d out of range (num_objects=%d)", j, n)
}

// DecodeObject downloads object j's frame of message i (one GET once the
// layout is known) and decodes it. The metadata is the message's, base
// padded to the object count, shared by every call on this message (do
// not modify it); with opts.VerifyHash the frame's digest is checked first.
func (f *File) DecodeObject(ctx context.Context, i, j int, opts *core.DecodeOptions) (*core.GlobalMetadata, *core.DecodedObject, error) {
	l, sp, err := f.objectSpan(ctx, i, j)
	if err != nil {
		return nil, nil, err
	}
	frame, err := f.obj.ReadRange(ctx, sp.Off, sp.Len)
	if err != nil {
		return nil, nil, err
	}
	obj, err := decodeFrame(frame, j, opts)
	if err != nil {
		return nil, nil, err
	}
	return l.meta, obj, nil
}

func decodeFrame(frame []byte, j int, opts *core.DecodeOptions) (*core.DecodedObject, error) {
	verify := opts != nil && opts.VerifyHash
	ov, err := core.ParseDataFrame(frame, j, verify)
	if err != nil {
		return nil, err
	}
	data, err := ov.Decode(opts)
	if err != nil {
		return nil, err
	}
	return &core.DecodedObject{Descriptor: ov.Descriptor, Data: data}, nil
}

// DecodeObjectBatch decodes object j of every listed message (any order,
// duplicates allowed): layouts are discovered first, then all frames are
// fetched in one coalesced batch (ReadRanges) and decoded. Results follow
// the input order; any error fails the whole call.
func (f *File) DecodeObjectBatch(ctx context.Context, msgs []int, j int, opts *core.DecodeOptions) ([]*core.DecodedObject, []*core.GlobalMetadata, error) {
	ls, err := f.layouts(ctx, msgs)
	if err != nil {
		return nil, nil, err
	}
	spans := make([]Span, len(ls))
	for k, l := range ls {
		if spans[k], err = frameSpan(l, j); err != nil {
			return nil, nil, err
		}
	}
	frames, err := f.obj.ReadRanges(ctx, spans)
	if err != nil {
		return nil, nil, err
	}
	objs := make([]*core.DecodedObject, len(ls))
	metas := make([]*core.GlobalMetadata, len(ls))
	for k, fr := range frames {
		if objs[k], err = decodeFrame(fr, j, opts); err != nil {
			return nil, nil, err
		}
		metas[k] = ls[k].meta
	}
	return objs, metas, nil
}

// PrefetchLayouts discovers the listed messages and fetches their layouts
// (metadata and index), so later object reads need no layout request.
func (f *File) PrefetchLayouts(ctx context.Context, msgs []int) error {
	_, err := f.layouts(ctx, msgs)
	return err
}

// layouts returns the filled layouts of msgs: discovery up to the largest
// index, then the missing layouts filled in parallel (bounded).
func (f *File) layouts(ctx context.Context, msgs []int) ([]*layout, error) {
	if len(msgs) == 0 {
		return nil, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	hi := 0
	for _, i := range msgs {
		hi = max(hi, i)
	}
	if _, err := f.messageLocked(ctx, hi, !f.walk.bidirectional); err != nil {
		return nil, err
	}
	out := make([]*layout, len(msgs))
	for k, i := range msgs {
		if i < 0 {
			return nil, &core.Error{Kind: core.KindFraming, Msg: errIndexText(i, len(f.walk.msgs))}
		}
		out[k] = f.walk.msgs[i]
	}
	var todo []*layout
	seen := map[*layout]bool{}
	for _, l := range out {
		if !l.filled && !seen[l] {
			seen[l] = true
			todo = append(todo, l)
		}
	}
	return out, f.fillAll(ctx, todo)
}

// fillAll fills layouts concurrently, at most max_concurrency at a time,
// and returns the error of the first failing layout in ls's order.
func (f *File) fillAll(ctx context.Context, ls []*layout) error {
	errs := make([]error, len(ls))
	sem := make(chan struct{}, f.obj.cfg.maxConcurrency)
	var g par.Group
	for k, l := range ls {
		sem <- struct{}{}
		g.Go(func() {
			defer func() { <-sem }()
			errs[k] = f.fill(ctx, l, nil)
		})
	}
	g.Wait()
	return firstErr(errs)
}
