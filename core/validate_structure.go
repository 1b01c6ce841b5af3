package core

// Validation level 1, structure (docs/metadata.md, "Validation"): the
// preamble, the postamble and the frame walk. Issue codes of this level:
//
//	errors:   buffer_too_short, invalid_magic, preamble_parse_failed,
//	          total_length_overflow, total_length_exceeds_buffer,
//	          total_length_too_small, postamble_invalid,
//	          footer_offset_out_of_range, truncated_frame_header,
//	          invalid_frame_header, frame_length_overflow, frame_too_small,
//	          frame_exceeds_message, missing_end_marker,
//	          frame_order_violation, preceder_not_followed_by_object,
//	          cbor_offset_invalid, cbor_before_boundary_unknown,
//	          dangling_preceder, no_metadata_frame
//	warnings: non_zero_padding, flag_mismatch, footer_offset_mismatch

// structure runs level 1; returns false when the message cannot be walked.
func (v *validator) structure() bool {
	msgLen, ok := v.checkPreamble()
	if !ok {
		return false
	}
	v.postOff = msgLen - PostambleSize
	post := v.buf[v.postOff:msgLen]
	if string(post[16:]) != "39277777" {
		v.errS("postamble_invalid", v.postOff+16, "end magic missing at the postamble position")
		return false
	}
	ffo := parsePostamble(post).FirstFooterOffset
	if ffo < PreambleSize || ffo > uint64(v.postOff) {
		v.errS("footer_offset_out_of_range", v.postOff, "first_footer_offset %d outside [24, %d]", ffo, v.postOff)
	}
	w := structureWalk{v: v, seen: map[FrameType]bool{}, firstFooter: -1}
	w.run()
	for i := range v.frames {
		if v.frames[i].hdr.Type == FrameNTensor && !v.frames[i].badOffset && !v.frames[i].boundaryUnknown {
			v.objects = append(v.objects, &v.frames[i])
		}
	}
	if !w.seen[FrameHeaderMetadata] && !w.seen[FrameFooterMetadata] {
		v.errS("no_metadata_frame", PreambleSize, "neither a header nor a footer metadata frame")
	}
	v.checkFlags(w.seen)
	want := w.firstFooter
	if want < 0 {
		want = v.postOff
	}
	if ffo != uint64(want) {
		v.add("footer_offset_mismatch", LevelStructure, SeverityWarning, -1, int64(v.postOff), "first_footer_offset %d, expected %d", ffo, want)
	}
	return true
}

// checkPreamble checks magic, version and total_length; returns the
// message length (the buffer's when streaming).
func (v *validator) checkPreamble() (int, bool) {
	b := v.buf
	if len(b) < PreambleSize {
		v.errS("buffer_too_short", 0, "buffer of %d bytes is shorter than the %d-byte preamble", len(b), PreambleSize)
		return 0, false
	}
	if string(b[:8]) != "TENSOGRM" {
		v.errS("invalid_magic", 0, "invalid magic bytes %q", asciiOnly(b[:8]))
		return 0, false
	}
	pre, err := ParsePreamble(b)
	if err != nil {
		v.errS("preamble_parse_failed", 0, "%v", err)
		return 0, false
	}
	v.pre = pre
	if pre.TotalLength == 0 {
		return len(b), true
	}
	if pre.TotalLength > uint64(^uint(0)) {
		v.errS("total_length_overflow", 16, "total_length %d does not fit the platform size type", pre.TotalLength)
		return 0, false
	}
	if pre.TotalLength > uint64(len(b)) {
		v.errS("total_length_exceeds_buffer", 16, "total_length %d exceeds buffer size %d", pre.TotalLength, len(b))
		return 0, false
	}
	if pre.TotalLength < MinMessageSize {
		v.errS("total_length_too_small", 16, "total_length %d smaller than the minimum message size %d", pre.TotalLength, MinMessageSize)
		return 0, false
	}
	return int(pre.TotalLength), true
}

// structureWalk is the validator's pass over the frames: every frame that
// passes its checks lands in validator.frames.
type structureWalk struct {
	v               *validator
	phase           int
	pendingPreceder *vframe
	obj             int
	seen            map[FrameType]bool
	firstFooter     int
	padReported     bool
}

// run walks the frames up to the postamble; a frame failing its checks
// ends the walk.
func (w *structureWalk) run() {
	v := w.v
	b := v.buf
	c := newFrameCursor(b, v.postOff, v.postOff)
	gap := func(p int) {
		if b[p] != 0 && !w.padReported {
			v.add("non_zero_padding", LevelStructure, SeverityWarning, -1, int64(p), "non-zero byte 0x%02x where padding is expected", b[p])
			w.padReported = true
		}
	}
	for {
		step := c.seek(gap)
		if step == stepDone {
			break
		}
		pos := c.pos
		w.padReported = false
		if step == stepTruncated {
			v.errS("truncated_frame_header", pos, "frame marker with fewer than 16 bytes before the postamble")
			break
		}
		vf, ok := w.checkFrame(&c)
		if !ok {
			break
		}
		w.take(vf)
		// Padding up to the next 8-aligned offset.
		pos += vf.length
		for end := align8(pos); pos < end && pos < v.postOff; pos++ {
			if b[pos] != 0 && !w.padReported {
				v.add("non_zero_padding", LevelStructure, SeverityWarning, -1, int64(pos), "non-zero byte 0x%02x in alignment padding", b[pos])
				w.padReported = true
			}
		}
		c.pos = pos
	}
	if w.pendingPreceder != nil {
		v.errS("dangling_preceder", w.pendingPreceder.offset, "dangling PrecederMetadata: no data-object frame followed")
	}
}

// checkFrame checks the header, length and end marker of the frame at the
// cursor.
func (w *structureWalk) checkFrame(c *frameCursor) (*vframe, bool) {
	v, pos := w.v, c.pos
	hdr, err := c.header()
	if err != nil {
		v.errS("invalid_frame_header", pos, "%v", err)
		return nil, false
	}
	minSz := uint64(20)
	if hdr.Type == FrameNTensor {
		minSz = minDataFrameSize
	}
	if hdr.TotalLength > ^uint64(0)-uint64(pos) {
		v.errS("frame_length_overflow", pos, "frame length %d overflows", hdr.TotalLength)
		return nil, false
	}
	if hdr.TotalLength < minSz {
		v.errS("frame_too_small", pos, "%s frame total_length %d smaller than %d", hdr.Type, hdr.TotalLength, minSz)
		return nil, false
	}
	if hdr.TotalLength > uint64(v.postOff-pos) {
		v.errS("frame_exceeds_message", pos, "%s frame ends at %d, past the postamble at %d", hdr.Type, uint64(pos)+hdr.TotalLength, v.postOff)
		return nil, false
	}
	l := int(hdr.TotalLength)
	f := v.buf[pos : pos+l]
	if string(f[l-4:]) != "ENDF" {
		v.errS("missing_end_marker", pos, "missing ENDF marker at end of %s frame", hdr.Type)
		return nil, false
	}
	fs := hdr.Type.footerSize()
	if l < FrameHeaderSize+fs {
		v.errS("frame_too_small", pos, "%s frame total_length %d smaller than header plus footer", hdr.Type, l)
		return nil, false
	}
	return &vframe{rawFrame: rawFrame{hdr: hdr, offset: pos, length: l, frame: f, body: f[FrameHeaderSize : l-fs]}, objIndex: -1}, true
}

// take applies the frame-order and preceder rules to a checked frame and
// records it.
func (w *structureWalk) take(vf *vframe) {
	v, t, pos := w.v, vf.hdr.Type, vf.offset
	if t.Phase() < w.phase {
		v.errS("frame_order_violation", pos, "unexpected %s frame after %s phase", t, phaseName(w.phase))
	}
	if t.Phase() > w.phase {
		w.phase = t.Phase()
	}
	if w.phase == 2 && w.firstFooter < 0 {
		w.firstFooter = pos
	}
	if w.pendingPreceder != nil && t != FrameNTensor {
		v.errS("preceder_not_followed_by_object", w.pendingPreceder.offset, "PrecederMetadata followed by %s", t)
		w.pendingPreceder = nil
	}
	w.seen[t] = true
	switch t {
	case FramePrecederMetadata:
		w.pendingPreceder = vf
	case FrameNTensor:
		w.pendingPreceder = nil
		if v.splitDataFrame(vf, w.obj) {
			w.obj++
		}
	}
	v.frames = append(v.frames, *vf)
}

// splitDataFrame locates the descriptor and payload region of data frame
// vf (object obj). A frame whose parts cannot be located is reported, kept
// and left out of the object list (upstream); it returns false then.
func (v *validator) splitDataFrame(vf *vframe, obj int) bool {
	f, l, pos := vf.frame, vf.length, vf.offset
	co := be.Uint64(f[l-20:])
	if co < FrameHeaderSize || co > uint64(l-20) {
		v.add("cbor_offset_invalid", LevelStructure, SeverityError, obj, int64(pos), "cbor_offset %d out of valid range [16, %d]", co, l-20)
		vf.badOffset = true
		return false
	}
	if vf.hdr.Flags&FrameFlagCBORAfterPayload != 0 {
		vf.region = f[FrameHeaderSize:co]
		vf.descCBOR = f[co : l-20]
	} else {
		_, n, err := UnmarshalLenient(f[co : l-20])
		if err != nil {
			v.add("cbor_before_boundary_unknown", LevelStructure, SeverityError, obj, int64(pos), "cannot parse the CBOR-before descriptor: %v", err)
			vf.boundaryUnknown = true
			return false
		}
		vf.descCBOR = f[co : co+uint64(n)]
		vf.region = f[co+uint64(n) : l-20]
	}
	vf.objIndex = obj
	return true
}

// checkFlags compares the preamble's frame flags with the frames seen.
func (v *validator) checkFlags(seen map[FrameType]bool) {
	checks := []struct {
		bit  uint16
		name string
		has  bool
	}{
		{FlagHeaderMetadata, "HEADER_METADATA", seen[FrameHeaderMetadata]},
		{FlagFooterMetadata, "FOOTER_METADATA", seen[FrameFooterMetadata]},
		{FlagHeaderIndex, "HEADER_INDEX", seen[FrameHeaderIndex]},
		{FlagFooterIndex, "FOOTER_INDEX", seen[FrameFooterIndex]},
		{FlagHeaderHashes, "HEADER_HASHES", seen[FrameHeaderHash]},
		{FlagFooterHashes, "FOOTER_HASHES", seen[FrameFooterHash]},
		{FlagPrecederMetadata, "PRECEDER_METADATA", seen[FramePrecederMetadata]},
	}
	for _, c := range checks {
		if (v.pre.Flags&c.bit != 0) != c.has {
			v.add("flag_mismatch", LevelStructure, SeverityWarning, -1, 10, "%s flag mismatch: declared vs observed", c.name)
		}
	}
}
