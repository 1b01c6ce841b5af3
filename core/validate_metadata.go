package core

// Validation level 2, metadata (docs/metadata.md, "Validation"): the CBOR
// of metadata, index, hash and preceder frames, the base entries and the
// descriptors. Issue codes of this level:
//
//	errors:   metadata_cbor_parse_failed, index_cbor_parse_failed,
//	          index_count_mismatch, index_offset_mismatch,
//	          hash_frame_cbor_parse_failed, hash_frame_count_mismatch,
//	          preceder_cbor_parse_failed, preceder_base_count_wrong,
//	          base_count_exceeds_objects, reserved_not_a_map,
//	          descriptor_cbor_parse_failed, ndim_shape_mismatch,
//	          strides_shape_mismatch, shape_overflow, unknown_encoding,
//	          unknown_filter, unknown_compression, empty_obj_type
//	warnings: metadata_cbor_non_canonical, preceder_cbor_non_canonical,
//	          descriptor_cbor_non_canonical, reserved_missing_tensor

// metadata runs level 2: one pass over the frames in order (a metadata
// frame that fails to parse stops the pass, like upstream), then — when a
// metadata frame was found — the base and descriptor checks. Like
// upstream's validator, frame bodies are parsed from byte 16 up to the
// ENDF marker (the hash slot included): the CBOR item normally ends before.
func (v *validator) metadata() {
	hasMeta, ok := v.metadataFrames()
	if !ok {
		return
	}
	v.precederFrames()
	// Without a metadata frame the rest is skipped; descriptors are then
	// parsed by level 3.
	if !hasMeta {
		return
	}
	v.checkBase()
	v.parseDescriptors()
	v.maskSplit = make([]bool, len(v.objects))
	for j := range v.objects {
		v.checkDescriptor(j)
	}
}

// frameCBOR is the body the validator parses: byte 16 up to ENDF.
func (f *vframe) frameCBOR() []byte { return f.frame[FrameHeaderSize : f.length-4] }

// metadataFrames checks metadata, index and hash frames in frame order.
// It returns whether a metadata frame was seen, and false in ok when one
// failed to parse (which ends level 2, like upstream).
func (v *validator) metadataFrames() (hasMeta, ok bool) {
	lvl := LevelMetadata
	for i := range v.frames {
		f := &v.frames[i]
		off := int64(f.offset)
		body := f.frameCBOR()
		switch f.hdr.Type {
		case FrameHeaderMetadata, FrameFooterMetadata:
			hasMeta = true
			// The canonical check does not depend on the parse (upstream).
			if v.opts.Canonical && !checkCanonical(body) {
				v.add("metadata_cbor_non_canonical", lvl, SeverityWarning, -1, -1, "metadata CBOR is not canonical: %s", canonicalProblem(body))
			}
			m, err := ParseGlobalMetadata(body)
			if err != nil {
				v.add("metadata_cbor_parse_failed", lvl, SeverityError, -1, -1, "failed to parse metadata CBOR: %s", libText(err))
				v.meta = nil
				return hasMeta, false
			}
			v.meta = m
		case FrameHeaderIndex, FrameFooterIndex:
			v.checkIndexFrame(body, off)
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
	return hasMeta, true
}

// checkIndexFrame checks an index frame against the data frames found.
func (v *validator) checkIndexFrame(body []byte, off int64) {
	lvl := LevelMetadata
	ix, err := ParseIndexFrame(body)
	if err != nil {
		v.add("index_cbor_parse_failed", lvl, SeverityError, -1, off, "%v", err)
		return
	}
	if len(ix.Offsets) != len(v.objects) {
		v.add("index_count_mismatch", lvl, SeverityError, -1, off, "index lists %d offsets but the message has %d data objects", len(ix.Offsets), len(v.objects))
	}
	for j, o := range ix.Offsets {
		if j < len(v.objects) && o != uint64(v.objects[j].offset) {
			v.add("index_offset_mismatch", lvl, SeverityError, j, off, "index offset %d for object %d, frame is at %d", o, j, v.objects[j].offset)
		}
	}
}

// precederFrames checks every PrecederMetadata frame.
func (v *validator) precederFrames() {
	lvl := LevelMetadata
	for i := range v.frames {
		f := &v.frames[i]
		if f.hdr.Type != FramePrecederMetadata {
			continue
		}
		off := int64(f.offset)
		body := f.frameCBOR()
		if v.opts.Canonical && !checkCanonical(body) {
			v.add("preceder_cbor_non_canonical", lvl, SeverityWarning, -1, -1, "preceder metadata CBOR is not canonical: %s", canonicalProblem(body))
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

// checkBase checks the base entries against the objects and their
// `_reserved_` maps.
func (v *validator) checkBase() {
	lvl := LevelMetadata
	if len(v.meta.Base) > len(v.objects) {
		v.add("base_count_exceeds_objects", lvl, SeverityError, -1, -1, "metadata base has %d entries but message contains %d objects", len(v.meta.Base), len(v.objects))
	}
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

// checkDescriptor checks object j's descriptor (parsed by parseDescriptors).
func (v *validator) checkDescriptor(j int) {
	lvl := LevelMetadata
	f := v.objects[j]
	off := int64(f.offset)
	d := v.desc[j]
	if v.opts.Canonical && f.descCBOR != nil && !checkCanonical(f.descCBOR) {
		v.add("descriptor_cbor_non_canonical", lvl, SeverityWarning, j, -1, "descriptor CBOR is not canonical: %s", canonicalProblem(f.descCBOR))
	}
	if d == nil {
		if v.descErr[j] != nil && !f.boundaryUnknown {
			v.add("descriptor_cbor_parse_failed", lvl, SeverityError, j, -1, "descriptor CBOR parse failed: %s", libText(v.descErr[j]))
		}
		return
	}
	// Upstream checks only where the encoded payload ends (the smallest
	// mask offset); a blob running past the region fails later, when it
	// is decoded.
	masksOK := true
	if len(d.Masks) > 0 {
		if minOff := minMaskOffset(d); minOff > uint64(len(f.region)) {
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

// minMaskOffset returns the smallest mask blob offset of d (the end of the
// encoded payload in the payload region).
func minMaskOffset(d *Descriptor) uint64 {
	minOff := ^uint64(0)
	for _, mi := range d.Masks {
		minOff = min(minOff, mi.Offset)
	}
	return minOff
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

// canonicalProblem words why CBOR that failed checkCanonical is not
// canonical, in upstream's library error form.
func canonicalProblem(b []byte) string {
	if _, _, err := UnmarshalLenient(b); err != nil {
		return "metadata error: failed to parse CBOR: " + err.Error()
	}
	return "metadata error: CBOR map keys not in canonical order"
}
