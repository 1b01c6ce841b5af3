package remote

import (
	"context"
	"encoding/binary"

	"github.com/tensogram-go/tensogram-go/core"
)

// probeSize is the first read of a header or footer region; frames that
// run past it are fetched with one more read (no size limit, unlike
// upstream's single 256 KiB chunk).
const probeSize = 16 << 10

// frameSet is what a header or footer walk found.
type frameSet struct {
	meta, firstMeta *core.GlobalMetadata
	index           *core.IndexFrame
}

// fill reads and parses message l's metadata and index: the header frames
// of header-indexed messages (HEADER_METADATA and HEADER_INDEX flags), the
// footer frames of footer-indexed ones, both when the flags put metadata
// in both places; messages without an index (zero objects) are read whole.
// chunk, if not nil, holds the message's first bytes already read.
func (f *File) fill(ctx context.Context, l *layout, chunk []byte) error {
	hm, hi := l.flags&core.FlagHeaderMetadata != 0, l.flags&core.FlagHeaderIndex != 0
	fm, fi := l.flags&core.FlagFooterMetadata != 0, l.flags&core.FlagFooterIndex != 0
	if !hi && !fi {
		return f.fillWhole(ctx, l)
	}
	var head, foot frameSet
	hr := &msgReader{f: f, l: l, buf: chunk}
	if hm || hi {
		var err error
		if head, err = walkFrames(ctx, hr, core.PreambleSize, l.length-core.PostambleSize, true); err != nil {
			return err
		}
	}
	if fm || fi {
		var err error
		if foot, err = f.footer(ctx, l); err != nil {
			return err
		}
	}
	l.index = firstNonNil(head.index, foot.index)
	l.firstMeta = firstNonNil(head.firstMeta, foot.firstMeta)
	l.meta = firstNonNil(foot.meta, head.meta)
	if l.index == nil {
		return remoteText("%s region did not contain an index frame", regionName(hi))
	}
	if l.meta == nil {
		return remoteText("%s region did not contain a metadata frame", regionName(hm))
	}
	l.meta = padBase(l.meta, len(l.index.Offsets))
	if l.flags&core.FlagPrecederMetadata != 0 {
		if err := f.mergePreceders(ctx, l, hr); err != nil {
			return err
		}
	}
	l.filled = true
	return nil
}

func regionName(header bool) string {
	if header {
		return "header"
	}
	return "footer"
}

func firstNonNil[T any](a, b *T) *T {
	if a != nil {
		return a
	}
	return b
}

// padBase returns meta with base padded to n entries (as a local decode
// reports it); meta itself is not modified.
func padBase(meta *core.GlobalMetadata, n int) *core.GlobalMetadata {
	if len(meta.Base) >= n {
		return meta
	}
	c := meta.Clone()
	for len(c.Base) < n {
		c.Base = append(c.Base, map[string]any{})
	}
	return c
}

// fillWhole reads a message without index frames whole and parses it
// locally (upstream cannot access such messages remotely).
func (f *File) fillWhole(ctx context.Context, l *layout) error {
	b, err := f.obj.ReadRange(ctx, l.off, l.length)
	if err != nil {
		return err
	}
	mv, err := core.ParseMessage(b)
	if err != nil {
		return err
	}
	first, err := core.DecodeMetadata(b)
	if err != nil {
		return err
	}
	ix := &core.IndexFrame{Offsets: make([]uint64, len(mv.Objects)), Lengths: make([]uint64, len(mv.Objects))}
	for k, o := range mv.Objects {
		ix.Offsets[k], ix.Lengths[k] = uint64(o.FrameOffset), uint64(len(o.Frame))
	}
	l.meta, l.firstMeta, l.index, l.filled = mv.Metadata, first, ix, true
	return nil
}

// footer reads the postamble and the footer frames of message l: one read
// of the message's last bytes (up to 64 KiB), one more if the footer
// region starts before them.
func (f *File) footer(ctx context.Context, l *layout) (frameSet, error) {
	n := min(l.length, probeSize)
	suffix, err := f.obj.ReadRange(ctx, l.off+l.length-n, n)
	if err != nil {
		return frameSet{}, err
	}
	post := suffix[len(suffix)-core.PostambleSize:]
	if string(post[16:]) != "39277777" {
		return frameSet{}, &core.Error{Kind: core.KindFraming, Msg: "invalid end magic in postamble"}
	}
	ffo := binary.BigEndian.Uint64(post)
	end := uint64(l.length - core.PostambleSize)
	if ffo < core.PreambleSize {
		return frameSet{}, remoteText("first_footer_offset (%d) is before preamble end (24)", ffo)
	}
	if ffo >= end {
		return frameSet{}, remoteText("first_footer_offset points at or past postamble")
	}
	r := &msgReader{f: f, l: l}
	if int64(ffo) >= l.length-n {
		r.base, r.buf = l.length-n, suffix
	}
	return walkFrames(ctx, r, int64(ffo), int64(end), false)
}

// msgReader serves message bytes from a window [base, base+len(buf)),
// widening it with one read when a frame runs past it.
type msgReader struct {
	f    *File
	l    *layout
	base int64
	buf  []byte
}

// get returns message bytes [a, b) (b ≤ message length).
func (r *msgReader) get(ctx context.Context, a, b int64) ([]byte, error) {
	if c, ok := r.cached(a, b); ok {
		return c, nil
	}
	if a >= r.base && a <= r.base+int64(len(r.buf)) && len(r.buf) > 0 {
		more, err := r.f.obj.ReadRange(ctx, r.l.off+r.base+int64(len(r.buf)), b-r.base-int64(len(r.buf)))
		if err != nil {
			return nil, err
		}
		r.buf = append(r.buf, more...)
		return r.buf[a-r.base : b-r.base], nil
	}
	n := max(b-a, min(probeSize, r.l.length-a))
	buf, err := r.f.obj.ReadRange(ctx, r.l.off+a, n)
	if err != nil {
		return nil, err
	}
	r.base, r.buf = a, buf
	return r.buf[:b-a], nil
}

// cached returns message bytes [a, b) if the window holds them.
func (r *msgReader) cached(a, b int64) ([]byte, bool) {
	if a >= r.base && b <= r.base+int64(len(r.buf)) {
		return r.buf[a-r.base : b-r.base], true
	}
	return nil, false
}

// walkFrames parses frames from message offset pos up to end: header
// walks take metadata (1) and index (2) frames and stop at the first data
// or preceder frame; footer walks take types 7 and 6. Hash frames are
// skipped. Like a local parse, frames start at "FR" (searched byte by byte
// over padding) and are 8-aligned.
func walkFrames(ctx context.Context, r *msgReader, pos, end int64, header bool) (frameSet, error) {
	var fs frameSet
	where := regionName(header) + " frame"
	skipped := 0
	for pos+core.FrameHeaderSize <= end {
		h, err := r.get(ctx, pos, pos+core.FrameHeaderSize)
		if err != nil {
			return fs, err
		}
		if h[0] != 'F' || h[1] != 'R' {
			// Frames are 8-aligned: more than a probe of bytes without a
			// frame start is not padding; stop rather than read on.
			if skipped++; skipped > probeSize {
				break
			}
			pos++
			continue
		}
		skipped = 0
		hdr, err := core.ParseFrameHeader(h)
		if err != nil {
			return fs, err
		}
		if hdr.Type == core.FrameNTensor || hdr.Type == core.FramePrecederMetadata {
			break
		}
		if hdr.TotalLength < 20 {
			return fs, remoteText("%s total_length (%d) smaller than minimum (20)", where, hdr.TotalLength)
		}
		if hdr.TotalLength > uint64(end-pos) {
			break
		}
		flen := int64(hdr.TotalLength)
		if err := takeFrame(ctx, r, &fs, hdr.Type, pos, flen, header); err != nil {
			return fs, err
		}
		pos = (pos + flen + 7) &^ 7
	}
	return fs, nil
}

// takeFrame parses one wanted frame (metadata or index) into fs.
func takeFrame(ctx context.Context, r *msgReader, fs *frameSet, t core.FrameType, pos, flen int64, header bool) error {
	metaT, indexT := core.FrameFooterMetadata, core.FrameFooterIndex
	if header {
		metaT, indexT = core.FrameHeaderMetadata, core.FrameHeaderIndex
	}
	if t != metaT && t != indexT {
		return nil
	}
	fr, err := r.get(ctx, pos, pos+flen)
	if err != nil {
		return err
	}
	if string(fr[flen-4:]) != "ENDF" {
		return remoteText("%s frame missing ENDF trailer", regionName(header))
	}
	body := fr[core.FrameHeaderSize : flen-core.FrameFooterSize]
	if t == indexT {
		fs.index, err = core.ParseIndexFrame(body)
		return err
	}
	m, err := core.ParseGlobalMetadata(body)
	if err != nil {
		return err
	}
	if fs.firstMeta == nil {
		fs.firstMeta = m
	}
	fs.meta = m
	return nil
}
