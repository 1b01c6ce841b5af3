package core

import "fmt"

// Validation level 3, integrity (docs/metadata.md, "Validation"): frame
// digests, hash frames, and a trial decode of every object whose pipeline
// is not all "none". Issue codes of this level:
//
//	errors:   hash_verification_error, hash_mismatch,
//	          hash_frame_cbor_parse_failed, pipeline_config_failed,
//	          decode_pipeline_failed
//	warnings: no_hash_available, unknown_hash_algorithm, and the codes of
//	          the stages' PayloadAuditor findings (szip:
//	          szip_block_offset_defective)

// integrity runs level 3; returns whether at least one digest was verified
// and all checked digests matched.
func (v *validator) integrity() bool {
	lvl := LevelIntegrity
	checked, allOK := 0, true
	level2Parsed := v.desc != nil
	v.parseDescriptors()
	for j, err := range v.descErr {
		if err != nil && !level2Parsed && !v.objects[j].boundaryUnknown {
			v.add("hash_verification_error", lvl, SeverityError, j, -1, "failed to parse descriptor: %s", libText(err))
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
				v.add("hash_mismatch", lvl, SeverityError, j, off, "frame hash mismatch (expected %s, got %s)", FormatHash(slot), FormatHash(got))
				allOK = false
				continue
			}
			slotOK[j] = true
		}
	} else {
		for j := range v.objects {
			v.add("no_hash_available", lvl, SeverityWarning, j, -1, "HASHES_PRESENT flag is clear \u2014 message was encoded without hashes; cannot verify integrity")
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
		minOff := minMaskOffset(d)
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
