package core

// The one walk over a message's frame area (docs/format.md, "Frames").
// ParseMessage, DecodeMetadata, hash verification and ValidateMessage all
// step through frames with a frameCursor; each then applies its own checks
// to the frame it is handed, because upstream's reader, metadata reader,
// verifier and validator differ in what they check and in which order, and
// those differences are part of the observable behaviour (error texts,
// which of two defects is reported).

// frameCursor steps through the frame area of one message: from pos, byte
// by byte, to the next "FR" marker that starts before end and has a whole
// frame header before limit. Callers move pos past each frame themselves.
type frameCursor struct {
	buf []byte
	// pos is the next offset to look at.
	pos int
	// end is the end of the frame area (the postamble offset): markers at
	// or after it are not frames.
	end int
	// limit bounds the marker and header bytes: len(buf), or end for the
	// walks that must not read into the postamble.
	limit int
}

// cursorStep is the outcome of frameCursor.seek.
type cursorStep uint8

const (
	// stepFrame: a marker at pos with FrameHeaderSize bytes before limit.
	stepFrame cursorStep = iota
	// stepDone: no further marker before end.
	stepDone
	// stepTruncated: a marker at pos with fewer than FrameHeaderSize
	// bytes before limit.
	stepTruncated
)

// newFrameCursor starts a walk at the end of the preamble.
func newFrameCursor(buf []byte, end, limit int) frameCursor {
	return frameCursor{buf: buf, pos: PreambleSize, end: end, limit: limit}
}

// seek moves pos to the next frame marker. Bytes it steps over are passed
// to gap when gap is non-nil (the validator reports non-zero padding); a
// byte too close to limit to start a marker counts as a gap byte and ends
// the walk.
func (c *frameCursor) seek(gap func(pos int)) cursorStep {
	b := c.buf
	for c.pos < c.end {
		p := c.pos
		if p+2 > c.limit {
			if gap != nil {
				gap(p)
			}
			return stepDone
		}
		if b[p] != 'F' || b[p+1] != 'R' {
			if gap != nil {
				gap(p)
			}
			c.pos++
			continue
		}
		if p+FrameHeaderSize > c.limit {
			return stepTruncated
		}
		return stepFrame
	}
	return stepDone
}

// header decodes the frame header at pos (after stepFrame): the type is
// checked, the length is not.
func (c *frameCursor) header() (FrameHeader, error) {
	return ParseFrameHeader(c.buf[c.pos : c.pos+FrameHeaderSize])
}

// messageBounds validates total_length and the postamble; returns the
// postamble start (the end of the frame area).
func messageBounds(buf []byte, pre Preamble) (int, error) {
	if pre.TotalLength == 0 {
		// Streaming: the postamble is assumed to be the last 24 bytes and is
		// not checked (upstream). A buffer under 48 bytes then holds no
		// frames and fails later with "no metadata frame".
		return len(buf) - PostambleSize, nil
	}
	if pre.TotalLength > uint64(len(buf)) {
		return 0, framingErr("total_length %d exceeds buffer size %d", pre.TotalLength, len(buf))
	}
	if pre.TotalLength < MinMessageSize {
		return 0, framingErr("total_length %d smaller than the minimum message size %d", pre.TotalLength, MinMessageSize)
	}
	t := int(pre.TotalLength)
	post := buf[t-PostambleSize : t]
	if string(post[16:]) != "39277777" {
		return 0, framingErr("invalid end magic in postamble: %q", asciiOnly(post[16:]))
	}
	pp := parsePostamble(post)
	if pp.TotalLength != 0 && pp.TotalLength != pre.TotalLength {
		return 0, framingErr("postamble total_length (%d) does not match preamble total_length (%d)", pp.TotalLength, pre.TotalLength)
	}
	return t - PostambleSize, nil
}

// rawFrame is one checked frame.
type rawFrame struct {
	hdr    FrameHeader
	offset int
	length int
	frame  []byte // [offset, offset+length)
	body   []byte // [16, L-footer)
}

// readFrame checks the frame whose header hdr was read at buf[pos]: its
// minimum size for its type, that it fits in buf, and its ENDF marker.
func readFrame(buf []byte, pos int, hdr FrameHeader) (rawFrame, error) {
	if hdr.Type == FrameNTensor {
		if hdr.TotalLength < minDataFrameSize {
			return rawFrame{}, framingErr("data object frame too small: total_length %d < %d", hdr.TotalLength, minDataFrameSize)
		}
	} else if hdr.TotalLength < minFrameSize {
		return rawFrame{}, framingErr("%s frame total_length %d smaller than minimum %d", hdr.Type, hdr.TotalLength, minFrameSize)
	}
	if hdr.TotalLength > uint64(len(buf)-pos) {
		return rawFrame{}, framingErr("%s frame at offset %d: total_length %d exceeds buffer (%d bytes remain)", hdr.Type, pos, hdr.TotalLength, len(buf)-pos)
	}
	l := int(hdr.TotalLength)
	f := buf[pos : pos+l]
	if string(f[l-4:]) != "ENDF" {
		return rawFrame{}, framingErr("missing ENDF marker at end of %s frame at offset %d", hdr.Type, pos)
	}
	return rawFrame{hdr: hdr, offset: pos, length: l, frame: f, body: f[FrameHeaderSize : l-hdr.Type.footerSize()]}, nil
}
