package remote

import (
	"context"
	"encoding/binary"

	"github.com/tensogram-go/tensogram-go/core"
)

// Sizes of the partial frame reads.
const edgeChunk = 8 << 10 // first and last bytes read of a larger frame

// wholeFrameMax: frames up to this size are read whole (a variable so
// tests can send small frames through the partial paths).
var wholeFrameMax int64 = 64 << 10

// frameParts is what the edges of a large data-object frame tell: header,
// cbor_offset, the descriptor and where the payload region lies.
type frameParts struct {
	span        Span
	head, tail  []byte // first and last bytes of the frame
	cborOff     int64
	after       bool // descriptor after the payload
	desc        *core.Descriptor
	descRaw     []byte
	regionStart int64 // payload region, frame-relative
	regionEnd   int64
}

// readEdges reads the first and last edgeChunk bytes of each frame (two
// parallel requests per frame, never merged across the payload).
func (f *File) readEdges(ctx context.Context, spans []Span) ([]*frameParts, error) {
	req := make([]Span, 0, 2*len(spans))
	for _, sp := range spans {
		n := min(sp.Len, edgeChunk)
		req = append(req, Span{sp.Off, n}, Span{sp.Off + sp.Len - n, n})
	}
	bufs, err := f.obj.readRanges(ctx, req, 0)
	if err != nil {
		return nil, err
	}
	out := make([]*frameParts, len(spans))
	for k, sp := range spans {
		p := &frameParts{span: sp, head: bufs[2*k], tail: bufs[2*k+1]}
		if err := p.parseEdges(); err != nil {
			return nil, err
		}
		out[k] = p
	}
	return out, nil
}

// parseEdges checks the frame header and footer and locates the descriptor.
func (p *frameParts) parseEdges() error {
	hdr, err := core.ParseFrameHeader(p.head)
	if err != nil {
		return err
	}
	if hdr.Type != core.FrameNTensor {
		return remoteText("expected DataObject frame, got %s", hdr.Type)
	}
	if hdr.TotalLength != uint64(p.span.Len) {
		return remoteText("frame total_length %d differs from the indexed length %d", hdr.TotalLength, p.span.Len)
	}
	t := p.tail
	if string(t[len(t)-4:]) != "ENDF" {
		return remoteText("frame missing ENDF trailer")
	}
	co := binary.BigEndian.Uint64(t[len(t)-core.DataFrameFooterSize:])
	if co < core.FrameHeaderSize {
		return remoteText("cbor_offset (%d) below frame header size (16)", co)
	}
	if co >= uint64(p.span.Len-core.DataFrameFooterSize) {
		return remoteText("cbor_offset points at or past footer")
	}
	p.cborOff, p.after = int64(co), hdr.Flags&core.FrameFlagCBORAfterPayload != 0
	return nil
}

// frameBytes returns frame bytes [a, b) if the edge chunks hold them.
func (p *frameParts) frameBytes(a, b int64) ([]byte, bool) {
	if b <= int64(len(p.head)) {
		return p.head[a:b], true
	}
	ts := p.span.Len - int64(len(p.tail))
	if a >= ts {
		return p.tail[a-ts : b-ts], true
	}
	return nil, false
}

// descriptor parses the frame's descriptor, reading it if the edge chunks
// do not hold it: exactly when it follows the payload, else by doubling
// reads from cbor_offset.
func (f *File) descriptor(ctx context.Context, p *frameParts) error {
	end := p.span.Len - core.DataFrameFooterSize
	if p.after {
		raw, ok := p.frameBytes(p.cborOff, end)
		if !ok {
			var err error
			if raw, err = f.obj.ReadRange(ctx, p.span.Off+p.cborOff, end-p.cborOff); err != nil {
				return err
			}
		}
		d, _, err := core.ParseDescriptor(raw)
		if err != nil {
			return err
		}
		p.desc, p.descRaw, p.regionStart, p.regionEnd = d, raw, core.FrameHeaderSize, p.cborOff
		return nil
	}
	n := min(end-p.cborOff, int64(edgeChunk))
	for {
		raw, ok := p.frameBytes(p.cborOff, p.cborOff+n)
		if !ok {
			var err error
			if raw, err = f.obj.ReadRange(ctx, p.span.Off+p.cborOff, n); err != nil {
				return err
			}
		}
		d, used, err := core.ParseDescriptor(raw)
		if err == nil {
			p.desc, p.descRaw = d, raw[:used]
			p.regionStart, p.regionEnd = p.cborOff+int64(used), end
			return nil
		}
		if p.cborOff+n >= end {
			return err
		}
		n = min(2*n, end-p.cborOff)
	}
}

// Descriptors returns the metadata (as DecodeObject reports it) and every
// object's descriptor of message i. Frames up to 64 KiB are read whole,
// larger ones only at their edges (header, descriptor, footer); all reads
// of one round are issued together.
func (f *File) Descriptors(ctx context.Context, i int) (*core.GlobalMetadata, []*core.Descriptor, error) {
	l, err := f.filledMessage(ctx, i)
	if err != nil {
		return nil, nil, err
	}
	n := len(l.index.Offsets)
	out := make([]*core.Descriptor, n)
	var small, large []Span
	var smallIdx, largeIdx []int
	for j := range n {
		sp, err := frameSpan(l, j)
		if err != nil {
			return nil, nil, err
		}
		if sp.Len <= wholeFrameMax {
			small, smallIdx = append(small, sp), append(smallIdx, j)
		} else {
			large, largeIdx = append(large, sp), append(largeIdx, j)
		}
	}
	frames, err := f.obj.ReadRanges(ctx, small)
	if err != nil {
		return nil, nil, err
	}
	for k, fr := range frames {
		ov, err := core.ParseDataFrame(fr, smallIdx[k], false)
		if err != nil {
			return nil, nil, err
		}
		out[smallIdx[k]] = ov.Descriptor
	}
	parts, err := f.readEdges(ctx, large)
	if err != nil {
		return nil, nil, err
	}
	for k, p := range parts {
		if err := f.descriptor(ctx, p); err != nil {
			return nil, nil, err
		}
		out[largeIdx[k]] = p.desc
	}
	return l.meta, out, nil
}
