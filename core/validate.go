package core

import (
	"fmt"
	"os"
)

// vframe is a frame seen by the validator's structure walk.
type vframe struct {
	rawFrame
	objIndex int // data frames: object index; else -1
	region   []byte
	descCBOR []byte
	// badOffset marks a data frame whose cbor_offset is out of range (the
	// frame is kept, its descriptor counts as unparsable).
	badOffset bool
	// boundaryUnknown marks a CBOR-before frame whose descriptor could not
	// be parsed to find the payload start.
	boundaryUnknown bool
}

type validator struct {
	buf          []byte
	opts         ValidateOptions
	rep          *Report
	pre          Preamble
	postOff      int
	frames       []vframe
	objects      []*vframe
	desc         []*Descriptor // parsed descriptors, nil entries when unparsable
	descErr      []error       // descriptor parse errors
	maskSplit    []bool        // per object: level 2 validated its masks
	configFailed map[int]bool  // objects whose pipeline could not be built
	meta         *GlobalMetadata
	suppressWarn bool
}

func (v *validator) add(code string, lvl ValidationLevel, sev Severity, obj int, off int64, format string, args ...any) {
	if v.suppressWarn && sev == SeverityWarning && lvl == LevelStructure {
		return
	}
	v.rep.Issues = append(v.rep.Issues, Issue{Code: code, Level: lvl, Severity: sev, ObjectIndex: obj,
		ByteOffset: off, Description: fmt.Sprintf(format, args...)})
}

func (v *validator) errS(code string, off int, format string, args ...any) {
	v.add(code, LevelStructure, SeverityError, -1, int64(off), format, args...)
}

// ValidateMessage validates the first message of buf (metadata.md §9).
func ValidateMessage(buf []byte, opts *ValidateOptions) *Report {
	v := &validator{buf: buf, rep: &Report{}}
	if opts != nil {
		v.opts = *opts
	}
	v.suppressWarn = v.opts.Mode == ModeChecksum
	if !v.structure() {
		return v.rep
	}
	v.rep.ObjectCount = len(v.objects)
	runMeta := v.opts.Mode == ModeDefault || v.opts.Mode == ModeFull || v.opts.Canonical
	if runMeta {
		v.metadata()
	}
	var hashOK bool
	if v.opts.Mode != ModeQuick {
		hashOK = v.integrity()
	}
	if v.opts.Mode == ModeFull {
		v.fidelity()
	}
	v.rep.HashVerified = hashOK && v.rep.OK()
	return v.rep
}

// structure runs level 1; returns false when the message cannot be walked.
func (v *validator) structure() bool {
	b := v.buf
	if len(b) < PreambleSize {
		v.errS("buffer_too_short", 0, "buffer of %d bytes is shorter than the %d-byte preamble", len(b), PreambleSize)
		return false
	}
	if string(b[:8]) != "TENSOGRM" {
		v.errS("invalid_magic", 0, "invalid magic bytes %q", asciiOnly(b[:8]))
		return false
	}
	pre, err := ParsePreamble(b)
	if err != nil {
		v.errS("preamble_parse_failed", 0, "%v", err)
		return false
	}
	v.pre = pre
	msgLen := len(b)
	if pre.TotalLength > 0 {
		if pre.TotalLength > uint64(^uint(0)) {
			v.errS("total_length_overflow", 16, "total_length %d does not fit the platform size type", pre.TotalLength)
			return false
		}
		if pre.TotalLength > uint64(len(b)) {
			v.errS("total_length_exceeds_buffer", 16, "total_length %d exceeds buffer size %d", pre.TotalLength, len(b))
			return false
		}
		if pre.TotalLength < MinMessageSize {
			v.errS("total_length_too_small", 16, "total_length %d smaller than the minimum message size %d", pre.TotalLength, MinMessageSize)
			return false
		}
		msgLen = int(pre.TotalLength)
	}
	v.postOff = msgLen - PostambleSize
	post := b[v.postOff:msgLen]
	if string(post[16:]) != "39277777" {
		v.errS("postamble_invalid", v.postOff+16, "end magic missing at the postamble position")
		return false
	}
	pp := parsePostamble(post)
	ffo := pp.FirstFooterOffset
	ffoOK := ffo >= PreambleSize && ffo <= uint64(v.postOff)
	if !ffoOK {
		v.errS("footer_offset_out_of_range", v.postOff, "first_footer_offset %d outside [24, %d]", ffo, v.postOff)
	}
	// Frame walk.
	pos := PreambleSize
	phase := 0
	var pendingPreceder *vframe
	obj := 0
	seen := map[FrameType]bool{}
	firstFooter := -1
	padReported := false
	c := newFrameCursor(b, v.postOff, v.postOff)
	gap := func(p int) {
		if b[p] != 0 && !padReported {
			v.add("non_zero_padding", LevelStructure, SeverityWarning, -1, int64(p), "non-zero byte 0x%02x where padding is expected", b[p])
			padReported = true
		}
	}
walk:
	for {
		step := c.seek(gap)
		pos = c.pos
		if step == stepDone {
			break
		}
		padReported = false
		if step == stepTruncated {
			v.errS("truncated_frame_header", pos, "frame marker with fewer than 16 bytes before the postamble")
			break walk
		}
		hdr, err := c.header()
		if err != nil {
			v.errS("invalid_frame_header", pos, "%v", err)
			break walk
		}
		minSz := uint64(20)
		if hdr.Type == FrameNTensor {
			minSz = minDataFrameSize
		}
		if hdr.TotalLength > ^uint64(0)-uint64(pos) {
			v.errS("frame_length_overflow", pos, "frame length %d overflows", hdr.TotalLength)
			break walk
		}
		if hdr.TotalLength < minSz {
			v.errS("frame_too_small", pos, "%s frame total_length %d smaller than %d", hdr.Type, hdr.TotalLength, minSz)
			break walk
		}
		if hdr.TotalLength > uint64(v.postOff-pos) {
			v.errS("frame_exceeds_message", pos, "%s frame ends at %d, past the postamble at %d", hdr.Type, uint64(pos)+hdr.TotalLength, v.postOff)
			break walk
		}
		l := int(hdr.TotalLength)
		f := b[pos : pos+l]
		if string(f[l-4:]) != "ENDF" {
			v.errS("missing_end_marker", pos, "missing ENDF marker at end of %s frame", hdr.Type)
			break walk
		}
		fs := hdr.Type.footerSize()
		if l < FrameHeaderSize+fs {
			v.errS("frame_too_small", pos, "%s frame total_length %d smaller than header plus footer", hdr.Type, l)
			break walk
		}
		vf := &vframe{rawFrame: rawFrame{hdr: hdr, offset: pos, length: l, frame: f, body: f[FrameHeaderSize : l-fs]}, objIndex: -1}
		if hdr.Type.Phase() < phase {
			v.errS("frame_order_violation", pos, "unexpected %s frame after %s phase", hdr.Type, phaseName(phase))
		}
		if hdr.Type.Phase() > phase {
			phase = hdr.Type.Phase()
		}
		if phase == 2 && firstFooter < 0 {
			firstFooter = pos
		}
		if pendingPreceder != nil && hdr.Type != FrameNTensor {
			v.errS("preceder_not_followed_by_object", pendingPreceder.offset, "PrecederMetadata followed by %s", hdr.Type)
			pendingPreceder = nil
		}
		seen[hdr.Type] = true
		switch hdr.Type {
		case FramePrecederMetadata:
			pendingPreceder = vf
		case FrameNTensor:
			pendingPreceder = nil
			vf.objIndex = obj
			co := be.Uint64(f[l-20:])
			if co < FrameHeaderSize || co > uint64(l-20) {
				// Reported and left out of the object list (upstream).
				v.add("cbor_offset_invalid", LevelStructure, SeverityError, obj, int64(pos), "cbor_offset %d out of valid range [16, %d]", co, l-20)
				vf.badOffset = true
				vf.objIndex = -1
				break
			} else if hdr.Flags&FrameFlagCBORAfterPayload != 0 {
				vf.region = f[FrameHeaderSize:co]
				vf.descCBOR = f[co : l-20]
			} else {
				_, n, err := UnmarshalLenient(f[co : l-20])
				if err != nil {
					// Reported and left out of the object list (upstream).
					v.add("cbor_before_boundary_unknown", LevelStructure, SeverityError, obj, int64(pos), "cannot parse the CBOR-before descriptor: %v", err)
					vf.boundaryUnknown = true
					vf.objIndex = -1
					break
				} else {
					vf.descCBOR = f[co : co+uint64(n)]
					vf.region = f[co+uint64(n) : l-20]
				}
			}
			obj++
		}
		v.frames = append(v.frames, *vf)
		pos += l
		// Padding up to the next 8-aligned offset.
		for end := align8(pos); pos < end && pos < v.postOff; pos++ {
			if b[pos] != 0 && !padReported {
				v.add("non_zero_padding", LevelStructure, SeverityWarning, -1, int64(pos), "non-zero byte 0x%02x in alignment padding", b[pos])
				padReported = true
			}
		}
		c.pos = pos
	}
	if pendingPreceder != nil {
		v.errS("dangling_preceder", pendingPreceder.offset, "dangling PrecederMetadata: no data-object frame followed")
	}
	for i := range v.frames {
		if v.frames[i].hdr.Type == FrameNTensor && !v.frames[i].badOffset && !v.frames[i].boundaryUnknown {
			v.objects = append(v.objects, &v.frames[i])
		}
	}
	if !seen[FrameHeaderMetadata] && !seen[FrameFooterMetadata] {
		v.errS("no_metadata_frame", PreambleSize, "neither a header nor a footer metadata frame")
	}
	// Declared flags vs observed frames.
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
		if (pre.Flags&c.bit != 0) != c.has {
			v.add("flag_mismatch", LevelStructure, SeverityWarning, -1, 10, "preamble flag %s is %v but the frame is %s", c.name, pre.Flags&c.bit != 0, map[bool]string{true: "present", false: "absent"}[c.has])
		}
	}
	{
		want := firstFooter
		if want < 0 {
			want = v.postOff
		}
		if ffo != uint64(want) {
			v.add("footer_offset_mismatch", LevelStructure, SeverityWarning, -1, int64(v.postOff), "first_footer_offset %d, expected %d", ffo, want)
		}
	}
	return true
}

// metadata runs level 2: one pass over the frames in order (a metadata
// frame that fails to parse stops the pass, like upstream), then — when a
// metadata frame was found — the base and descriptor checks. Like
// upstream's validator, frame bodies are parsed from byte 16 up to the
// ENDF marker (the hash slot included): the CBOR item normally ends before.
func (v *validator) metadata() {
	lvl := LevelMetadata
	canon := v.opts.Canonical
	hasMeta := false
	// Pass 1, in frame order: metadata, index and hash frames. A metadata
	// frame that fails to parse ends level 2 (upstream).
	for i := range v.frames {
		f := &v.frames[i]
		off := int64(f.offset)
		body := f.frame[FrameHeaderSize : f.length-4]
		switch f.hdr.Type {
		case FrameHeaderMetadata, FrameFooterMetadata:
			hasMeta = true
			// The canonical check does not depend on the parse (upstream).
			if canon && !CheckCanonical(body) {
				v.add("metadata_cbor_non_canonical", lvl, SeverityWarning, -1, off, "metadata CBOR keys are not in canonical order")
			}
			m, err := ParseGlobalMetadata(body)
			if err != nil {
				v.add("metadata_cbor_parse_failed", lvl, SeverityError, -1, off, "%v", err)
				v.meta = nil
				return
			}
			v.meta = m
		case FrameHeaderIndex, FrameFooterIndex:
			ix, err := ParseIndexFrame(body)
			if err != nil {
				v.add("index_cbor_parse_failed", lvl, SeverityError, -1, off, "%v", err)
				continue
			}
			if len(ix.Offsets) != len(v.objects) {
				v.add("index_count_mismatch", lvl, SeverityError, -1, off, "index lists %d offsets but the message has %d data objects", len(ix.Offsets), len(v.objects))
			}
			for j, o := range ix.Offsets {
				if j < len(v.objects) && o != uint64(v.objects[j].offset) {
					v.add("index_offset_mismatch", lvl, SeverityError, j, off, "index offset %d for object %d, frame is at %d", o, j, v.objects[j].offset)
				}
			}
		case FrameHeaderHash, FrameFooterHash:
			h, err := ParseHashFrame(body)
			if err != nil {
				v.add("hash_frame_cbor_parse_failed", lvl, SeverityError, -1, off, "%v", err)
				continue
			}
			if len(h.Hashes) != len(v.objects) {
				v.add("hash_frame_count_mismatch", lvl, SeverityError, -1, off, "hash frame lists %d hashes but the message has %d data objects", len(h.Hashes), len(v.objects))
			}
		}
	}
	// Pass 2: preceders.
	for i := range v.frames {
		f := &v.frames[i]
		off := int64(f.offset)
		body := f.frame[FrameHeaderSize : f.length-4]
		switch f.hdr.Type {
		case FramePrecederMetadata:
			if canon && !CheckCanonical(body) {
				v.add("preceder_cbor_non_canonical", lvl, SeverityWarning, -1, off, "preceder CBOR keys are not in canonical order")
			}
			p, err := ParseGlobalMetadata(body)
			if err != nil {
				v.add("preceder_cbor_parse_failed", lvl, SeverityError, -1, off, "%v", err)
				continue
			}
			if len(p.Base) != 1 {
				v.add("preceder_base_count_wrong", lvl, SeverityError, -1, off, "PrecederMetadata base must have exactly 1 entry, got %d", len(p.Base))
			}
		}
	}
	// Without a metadata frame the rest is skipped; descriptors are then
	// parsed by level 3.
	if !hasMeta {
		return
	}
	if len(v.meta.Base) > len(v.objects) {
		v.add("base_count_exceeds_objects", lvl, SeverityError, -1, -1, "metadata base has %d entries but message contains %d objects", len(v.meta.Base), len(v.objects))
	}
	{
		for i, b := range v.meta.Base {
			if i >= len(v.objects) {
				break
			}
			r, ok := b[reservedKey]
			if !ok {
				continue
			}
			hasTensor := false
			switch rm := r.(type) {
			case map[string]any:
				_, hasTensor = rm["tensor"]
			case map[any]any:
				_, hasTensor = rm["tensor"]
			default:
				v.add("reserved_not_a_map", lvl, SeverityError, i, -1, "base[%d]._reserved_ is %s, not a map", i, cborKind(r))
				continue
			}
			if !hasTensor {
				v.add("reserved_missing_tensor", lvl, SeverityWarning, i, -1, "base[%d]._reserved_ has no tensor entry", i)
			}
		}
	}
	v.parseDescriptors()
	v.maskSplit = make([]bool, len(v.objects))
	for j, f := range v.objects {
		off := int64(f.offset)
		d := v.desc[j]
		if canon && f.descCBOR != nil && !CheckCanonical(f.descCBOR) {
			v.add("descriptor_cbor_non_canonical", lvl, SeverityWarning, j, off, "descriptor CBOR keys are not in canonical order")
		}
		if d == nil {
			if v.descErr[j] != nil && !f.boundaryUnknown {
				v.add("descriptor_cbor_parse_failed", lvl, SeverityError, j, off, "%v", v.descErr[j])
			}
			continue
		}
		// Upstream checks only where the encoded payload ends (the
		// smallest mask offset); a blob running past the region fails
		// later, when it is decoded.
		masksOK := true
		if len(d.Masks) > 0 {
			minOff := ^uint64(0)
			for _, mi := range d.Masks {
				minOff = min(minOff, mi.Offset)
			}
			if minOff > uint64(len(f.region)) {
				v.add("descriptor_cbor_parse_failed", lvl, SeverityError, j, off, "mask offset %d out of range (payload region is %d bytes)", minOff, len(f.region))
				masksOK = false
			}
		}
		v.maskSplit[j] = masksOK
		if d.NDim != uint64(len(d.Shape)) {
			v.add("ndim_shape_mismatch", lvl, SeverityError, j, off, "ndim %d but shape has %d dimensions", d.NDim, len(d.Shape))
		}
		if len(d.Strides) != len(d.Shape) {
			v.add("strides_shape_mismatch", lvl, SeverityError, j, off, "strides has %d entries but shape has %d", len(d.Strides), len(d.Shape))
		}
		if _, err := d.NumElements(); err != nil {
			v.add("shape_overflow", lvl, SeverityError, j, off, "shape product overflows u64")
		}
		if !IsKnownStageName(StageEncoding, d.Encoding) {
			v.add("unknown_encoding", lvl, SeverityError, j, off, "unknown encoding %q", d.Encoding)
		}
		if !IsKnownStageName(StageFilter, d.Filter) {
			v.add("unknown_filter", lvl, SeverityError, j, off, "unknown filter %q", d.Filter)
		}
		if !IsKnownStageName(StageCompression, d.Compression) {
			v.add("unknown_compression", lvl, SeverityError, j, off, "unknown compression %q", d.Compression)
		}
		if d.Type == "" {
			v.add("empty_obj_type", lvl, SeverityError, j, off, "descriptor type is empty")
		}
	}
}

// parseDescriptors parses every object's descriptor once (level 2, or
// level 3 when level 2 did not run or stopped early).
func (v *validator) parseDescriptors() {
	if v.desc != nil {
		return
	}
	v.desc = make([]*Descriptor, len(v.objects))
	v.descErr = make([]error, len(v.objects))
	for j, f := range v.objects {
		if f.boundaryUnknown {
			v.descErr[j] = metadataErr("CBOR-before descriptor boundary unknown")
			continue
		}
		if f.descCBOR == nil {
			continue
		}
		d, _, err := ParseDescriptor(f.descCBOR)
		if err != nil {
			v.descErr[j] = err
			continue
		}
		v.desc[j] = d
	}
}

// integrity runs level 3; returns whether at least one digest was verified
// and all checked digests matched.
func (v *validator) integrity() bool {
	lvl := LevelIntegrity
	checked, allOK := 0, true
	level2Parsed := v.desc != nil
	v.parseDescriptors()
	for j, err := range v.descErr {
		if err != nil && !level2Parsed && !v.objects[j].boundaryUnknown {
			v.add("hash_verification_error", lvl, SeverityError, j, int64(v.objects[j].offset), "failed to parse descriptor: %v", err)
			allOK = false
		}
	}
	slotOK := make([]bool, len(v.objects))
	if v.pre.Flags&FlagHashesPresent != 0 {
		for j, f := range v.objects {
			off := int64(f.offset)
			if f.boundaryUnknown {
				continue // upstream cannot locate this frame's parts: not checked
			}
			if f.hdr.Flags&FrameFlagHashPresent == 0 {
				v.add("hash_verification_error", lvl, SeverityError, j, off, "HASHES_PRESENT is set but the frame's HASH_PRESENT flag is clear")
				allOK = false
				continue
			}
			slot := be.Uint64(f.frame[f.length-12:])
			got := HashXXH3(f.body)
			checked++
			if got != slot {
				v.add("hash_mismatch", lvl, SeverityError, j, off, "hash mismatch: expected %s, actual %s", FormatHash(slot), FormatHash(got))
				allOK = false
				continue
			}
			slotOK[j] = true
		}
	} else {
		for j, f := range v.objects {
			v.add("no_hash_available", lvl, SeverityWarning, j, int64(f.offset), "message was encoded without hashes")
		}
	}
	var lists [][]string
	for i := range v.frames {
		f := &v.frames[i]
		if f.hdr.Type != FrameHeaderHash && f.hdr.Type != FrameFooterHash {
			continue
		}
		h, err := ParseHashFrame(f.frame[FrameHeaderSize : f.length-4])
		if err != nil {
			v.add("hash_frame_cbor_parse_failed", lvl, SeverityError, -1, int64(f.offset), "%v", err)
			allOK = false
			continue
		}
		if h.Algorithm != HashAlgorithmXXH3 {
			v.add("unknown_hash_algorithm", lvl, SeverityWarning, -1, int64(f.offset), "unknown hash algorithm %q", h.Algorithm)
			continue
		}
		lists = append(lists, h.Hashes)
		for j, s := range h.Hashes {
			if j < len(v.objects) && slotOK[j] {
				slot := FormatHash(be.Uint64(v.objects[j].frame[v.objects[j].length-12:]))
				if s != slot {
					v.add("hash_mismatch", lvl, SeverityError, j, int64(f.offset), "hash frame entry %s differs from the frame's digest %s", s, slot)
					allOK = false
				}
			}
		}
	}
	if len(lists) >= 2 && !equalStrings(lists[0], lists[len(lists)-1]) {
		v.add("hash_mismatch", lvl, SeverityError, -1, -1, "header and footer hash lists differ")
		allOK = false
	}
	if v.opts.Mode != ModeChecksum {
		v.trialDecode()
	}
	return checked > 0 && allOK
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// objectView builds an ObjectView for a validated data frame and descriptor.
func (v *validator) objectView(j int) (*ObjectView, error, bool) {
	f := v.objects[j]
	v.parseDescriptors()
	d := v.desc[j]
	if d == nil || f.region == nil {
		return nil, nil, false
	}
	ov := &ObjectView{Descriptor: d, FrameOffset: f.offset, Frame: f.frame, Payload: f.region}
	// Upstream only splits off mask blobs that level 2 accepted; otherwise
	// the whole payload region is decoded (and a masked object then fails
	// the level-4 size check). A blob level 2 accepted can still lie outside
	// the region proper: decoding it fails.
	if len(d.Masks) > 0 && j < len(v.maskSplit) && v.maskSplit[j] {
		minOff := ^uint64(0)
		for _, mi := range d.Masks {
			minOff = min(minOff, mi.Offset)
		}
		if minOff > uint64(len(f.region)) {
			return ov, fmt.Errorf("mask offset %d beyond the payload region (%d bytes)", minOff, len(f.region)), true
		}
		ov.Payload, ov.MaskRegion, ov.MaskBase = f.region[:minOff], f.region[minOff:], minOff
	}
	return ov, nil, true
}

// trialDecode decodes every object whose pipeline is not all "none".
func (v *validator) trialDecode() {
	for j := range v.objects {
		ov, maskErr, ok := v.objectView(j)
		if !ok {
			continue
		}
		d := ov.Descriptor
		if d.Encoding == "none" && d.Filter == "none" && d.Compression == "none" {
			continue
		}
		if maskErr != nil {
			v.add("decode_pipeline_failed", LevelIntegrity, SeverityError, j, int64(ov.FrameOffset), "%v", maskErr)
			continue
		}
		p, err := BuildPipeline(d, d.Params, 0)
		if err != nil {
			v.add("pipeline_config_failed", LevelIntegrity, SeverityError, j, int64(ov.FrameOffset), "%v", err)
			if v.configFailed == nil {
				v.configFailed = map[int]bool{}
			}
			v.configFailed[j] = true
			continue
		}
		if _, err := ov.Decode(&DecodeOptions{WireOrder: true, KeepNonFinite: true}); err != nil {
			v.add("decode_pipeline_failed", LevelIntegrity, SeverityError, j, int64(ov.FrameOffset), "%v", err)
			continue
		}
		v.auditPayload(j, ov, p)
	}
}

// fidelity runs level 4.
func (v *validator) fidelity() {
	lvl := LevelFidelity
	for j := range v.objects {
		ov, maskErr, ok := v.objectView(j)
		if !ok || v.configFailed[j] {
			continue
		}
		if maskErr != nil {
			v.add("decode_object_failed", lvl, SeverityError, j, int64(ov.FrameOffset), "%v", maskErr)
			continue
		}
		d := ov.Descriptor
		off := int64(ov.FrameOffset)
		want, err := d.DecodedSize()
		if err != nil {
			continue
		}
		if d.Encoding == "none" && d.Filter == "none" && d.Compression == "none" && uint64(len(ov.Payload)) != want {
			v.add("decoded_size_mismatch", lvl, SeverityError, j, off, "decoded size %d, expected %d", len(ov.Payload), want)
			continue
		}
		data, err := ov.Decode(&DecodeOptions{WireOrder: true, KeepNonFinite: true})
		if err != nil {
			v.add("decode_object_failed", lvl, SeverityError, j, off, "%v", err)
			continue
		}
		if uint64(len(data)) != want {
			v.add("decoded_size_mismatch", lvl, SeverityError, j, off, "decoded size %d, expected %d", len(data), want)
			continue
		}
		if !d.DType.IsFloat() {
			continue
		}
		masks, err := ov.MaskBits()
		if err != nil {
			v.add("decode_object_failed", lvl, SeverityError, j, off, "mask decode failed: %v", err)
			continue
		}
		v.scanNonFinite(j, off, data, d, masks)
	}
}

func (v *validator) scanNonFinite(j int, off int64, data []byte, d *Descriptor, masks map[string][]byte) {
	es := d.DType.Size()
	comp, w := 1, es
	if d.DType == Complex64 || d.DType == Complex128 {
		comp, w = 2, es/2
	}
	masked := func(i int) bool {
		for _, m := range masks {
			if m[i>>3]&(0x80>>(i&7)) != 0 {
				return true
			}
		}
		return false
	}
	foundNaN, foundInf := false, false
	names := []string{"real", "imaginary"}
	for i := 0; i < len(data)/es && !(foundNaN && foundInf); i++ {
		for c := 0; c < comp; c++ {
			k := classifyComponent(data[i*es+c*w:], d.DType, d.ByteOrder)
			if k == "" || masked(i) {
				continue
			}
			where := fmt.Sprintf("element %d", i)
			if comp == 2 {
				where += " (" + names[c] + " component)"
			}
			if k == MaskNaN && !foundNaN {
				v.add("nan_detected", LevelFidelity, SeverityError, j, off, "NaN at %s", where)
				foundNaN = true
			} else if k != MaskNaN && !foundInf {
				v.add("inf_detected", LevelFidelity, SeverityError, j, off, "%s at %s", map[string]string{MaskPosInf: "+Inf", MaskNegInf: "-Inf"}[k], where)
				foundInf = true
			}
		}
	}
}

// classifyComponent classifies one float component (no complex pairing).
func classifyComponent(b []byte, d DType, order ByteOrder) string {
	switch d {
	case Complex64:
		d = Float32
	case Complex128:
		d = Float64
	}
	return classifyElement(b, d, order)
}

// ValidateBuffer scans buf and validates every message; bytes outside
// messages become file-level issues.
func ValidateBuffer(buf []byte, opts *ValidateOptions) *FileReport {
	fr, _ := validateSpans(Scan(buf), int64(len(buf)), func(s MessageSpan) ([]byte, error) {
		return buf[s.Offset : s.Offset+s.Length], nil
	}, opts)
	return fr
}

// ValidateFile validates a file like ValidateBuffer, holding one message in
// memory at a time.
func ValidateFile(path string, opts *ValidateOptions) (*FileReport, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, ioErr(err, "cannot open %s", path)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, ioErr(err, "stat %s", path)
	}
	spans, err := ScanReaderAt(fh, st.Size())
	if err != nil {
		return nil, err
	}
	return validateSpans(spans, st.Size(), func(s MessageSpan) ([]byte, error) {
		b := make([]byte, s.Length)
		if _, err := fh.ReadAt(b, int64(s.Offset)); err != nil {
			return nil, ioErr(err, "read %s", path)
		}
		return b, nil
	}, opts)
}

func validateSpans(spans []MessageSpan, size int64, read func(MessageSpan) ([]byte, error), opts *ValidateOptions) (*FileReport, error) {
	fr := &FileReport{}
	pos := int64(0)
	for _, s := range spans {
		if off := int64(s.Offset); off > pos {
			fr.FileIssues = append(fr.FileIssues, FileIssue{ByteOffset: pos, Length: off - pos,
				Description: fmt.Sprintf("%d unrecognized bytes at offset %d", off-pos, pos)})
		}
		b, err := read(s)
		if err != nil {
			return nil, err
		}
		fr.Messages = append(fr.Messages, MessageReport{Offset: s.Offset, Length: s.Length, Report: ValidateMessage(b, opts)})
		pos = int64(s.Offset + s.Length)
	}
	if pos < size {
		desc := fmt.Sprintf("%d trailing bytes after last message at offset %d", size-pos, pos)
		if len(spans) == 0 {
			desc = fmt.Sprintf("%d bytes with no valid messages", size)
		}
		fr.FileIssues = append(fr.FileIssues, FileIssue{ByteOffset: pos, Length: size - pos, Description: desc})
	}
	return fr, nil
}

// auditPayload reports, as integrity warnings, what the stages that are
// PayloadAuditors find in an object's payload.
func (v *validator) auditPayload(j int, ov *ObjectView, p *Pipeline) {
	for _, s := range [...]Stage{p.Encoding, p.Filter, p.Compression} {
		if a, ok := s.(PayloadAuditor); ok {
			for _, f := range a.AuditPayload(ov.Payload) {
				v.add(f.Code, LevelIntegrity, SeverityWarning, j, int64(ov.FrameOffset), "%s", f.Description)
			}
		}
	}
}
