package remote

import (
	"context"

	"github.com/tensogram-go/tensogram-go/core"
)

// minFrameSize is the smallest non-data frame (header and footer, empty
// body): a shorter gap between frames holds only padding.
const minFrameSize = core.FrameHeaderSize + core.FrameFooterSize

// mergePreceders merges the PrecederMetadata entries of message l into its
// metadata's base entries, as a local decode does (docs/metadata.md,
// "Global metadata"): the bytes before each data-object frame that can
// hold a frame (from the preamble end for the first object, else from the
// previous frame's end) are read in one batch of uncoalesced ranges — the
// first one usually comes from the header window hr already holds — and
// parsed by core.PrecederEntry. Gaps of padding only cost nothing.
func (f *File) mergePreceders(ctx context.Context, l *layout, hr *msgReader) error {
	ix := l.index
	regions := make([][]byte, len(ix.Offsets))
	var spans []Span
	var owner []int
	prevEnd := uint64(core.PreambleSize)
	for j, off := range ix.Offsets {
		if off >= prevEnd+minFrameSize && off <= uint64(l.length) {
			a, b := int64(prevEnd), int64(off)
			if c, ok := hr.cached(a, b); ok {
				regions[j] = c
			} else {
				spans = append(spans, Span{Off: l.off + a, Len: b - a})
				owner = append(owner, j)
			}
		}
		if ln := ix.Lengths[j]; off <= uint64(l.length) && ln <= uint64(l.length)-off {
			prevEnd = off + ln
		}
	}
	if len(spans) > 0 {
		got, err := f.obj.readRanges(ctx, spans, 0)
		if err != nil {
			return err
		}
		for k, j := range owner {
			regions[j] = got[k]
		}
	}
	pre := make([]map[string]any, len(regions))
	found := false
	for j, r := range regions {
		if r == nil {
			continue
		}
		p, err := core.PrecederEntry(r)
		if err != nil {
			return err
		}
		pre[j], found = p, found || p != nil
	}
	if !found {
		return nil
	}
	meta := l.meta.Clone()
	meta.Raw = nil // no longer the frame's CBOR
	core.MergePreceders(meta, pre)
	l.meta = meta
	return nil
}
