package core

// MessageView is a parsed message whose payloads are sub-slices of the input
// buffer (no payload bytes are copied). Obtain one with ParseMessage; decode
// objects with ObjectView.DecodeInto / Decode.
type MessageView struct {
	Preamble Preamble
	// Length is the message length in bytes (total_length, or the whole
	// buffer for a streaming message).
	Length int
	// Metadata is the last metadata frame's content (footer wins), with
	// base padded to the object count and preceders merged.
	Metadata *GlobalMetadata
	Objects  []ObjectView
	// Index is the last index frame found (nil if none).
	Index *IndexFrame
	// Hashes is the last hash frame found (nil if none).
	Hashes *HashFrame
}

// ObjectView is one data object of a parsed message.
type ObjectView struct {
	Descriptor *Descriptor
	// FrameOffset is the message offset of the NTensorFrame.
	FrameOffset int
	// FrameFlags are the frame header flags.
	FrameFlags uint16
	// Frame is the whole frame (header to ENDF).
	Frame []byte
	// Payload is the encoded tensor (payload region minus mask blobs).
	Payload []byte
	// MaskRegion holds the mask blobs (nil without masks); blob k starts at
	// Descriptor.Masks[k].Offset - MaskBase.
	MaskRegion []byte
	MaskBase   uint64
	// HashSlot is the frame's stored digest (meaningful if HasHash).
	HashSlot uint64
	HasHash  bool
	// Preceder is the merged PrecederMetadata map for this object (nil if none).
	Preceder map[string]any
}

// walkOptions selects what parseMessage does.
type walkOptions struct {
	verifyObject int // -2 none, -1 all, i: only object i
}

// ParseMessage parses the first message in buf: preamble, postamble and all
// frames, metadata and descriptors, without decoding any payload. It applies
// every check upstream's decoder makes on read (metadata.md §9.3).
func ParseMessage(buf []byte) (*MessageView, error) {
	return parseMessage(buf, walkOptions{verifyObject: -2})
}

// ParseMessageVerified is ParseMessage preceded by the check of every data
// object's digest, in upstream's order for decode with verify_hash: a
// verification failure (integrity, or the verification walk's framing) is
// reported before any parse error. No payload is decoded.
func ParseMessageVerified(buf []byte) (*MessageView, error) {
	return parseMessage(buf, walkOptions{verifyObject: -1})
}

func parseMessage(buf []byte, wo walkOptions) (*MessageView, error) {
	pre, err := ParsePreamble(buf)
	if err != nil {
		return nil, err
	}
	if wo.verifyObject != -2 {
		// Upstream verifies before any other check of the message.
		if err := verifyHashes(buf, pre, wo.verifyObject); err != nil {
			return nil, err
		}
	}
	msgEnd, err := messageBounds(buf, pre)
	if err != nil {
		return nil, err
	}
	mv := &MessageView{Preamble: pre, Length: msgEnd + PostambleSize}
	var (
		meta      *GlobalMetadata
		pending   map[string]any
		havePend  bool
		phase     int
		preceders []map[string]any
	)
	pos := PreambleSize
	for pos < msgEnd {
		if pos+2 > len(buf) {
			break
		}
		if buf[pos] != 'F' || buf[pos+1] != 'R' {
			pos++
			continue
		}
		if pos+FrameHeaderSize > len(buf) {
			break
		}
		fr, err := readFrame(buf, pos)
		if err != nil {
			return nil, err
		}
		t := fr.hdr.Type
		if t.Phase() < phase {
			return nil, framingErr("unexpected %s frame after %s phase — frames must appear in order: headers, data objects, footers", t, phaseName(phase))
		}
		if havePend && t != FrameNTensor {
			return nil, framingErr("PrecederMetadata must be followed by a data-object frame, got %s", t)
		}
		phase = t.Phase()
		switch t {
		case FrameHeaderMetadata, FrameFooterMetadata:
			if meta, err = ParseGlobalMetadata(fr.body); err != nil {
				return nil, err
			}
		case FrameHeaderIndex, FrameFooterIndex:
			if mv.Index, err = ParseIndexFrame(fr.body); err != nil {
				return nil, err
			}
		case FrameHeaderHash, FrameFooterHash:
			if mv.Hashes, err = ParseHashFrame(fr.body); err != nil {
				return nil, err
			}
		case FramePrecederMetadata:
			p, err := ParseGlobalMetadata(fr.body)
			if err != nil {
				return nil, err
			}
			if len(p.Base) != 1 {
				return nil, metadataErr("PrecederMetadata base must have exactly 1 entry, got %d", len(p.Base))
			}
			pending = cloneMap(p.Base[0])
			delete(pending, reservedKey)
			havePend = true
		case FrameNTensor:
			ov, err := parseDataFrame(fr)
			if err != nil {
				return nil, err
			}
			mv.Objects = append(mv.Objects, ov)
			if havePend {
				preceders = append(preceders, pending)
			} else {
				preceders = append(preceders, nil)
			}
			pending, havePend = nil, false
		}
		next := pos + align8(fr.length)
		if next > len(buf) || next < pos {
			next = pos + fr.length
		}
		pos = next
	}
	if havePend {
		return nil, framingErr("dangling PrecederMetadata: no data-object frame followed")
	}
	if meta == nil {
		return nil, metadataErr("no metadata frame found in message")
	}
	// meta was parsed from this buffer just now: it is ours to complete.
	if len(meta.Base) > len(mv.Objects) {
		return nil, metadataErr("metadata base has %d entries but message contains %d objects", len(meta.Base), len(mv.Objects))
	}
	for len(meta.Base) < len(mv.Objects) {
		meta.Base = append(meta.Base, map[string]any{})
	}
	for i, p := range preceders {
		if p == nil {
			continue
		}
		if meta.Base[i] == nil {
			meta.Base[i] = map[string]any{}
		}
		for k, v := range p {
			meta.Base[i][k] = v
		}
		mv.Objects[i].Preceder = p
	}
	mv.Metadata = meta
	return mv, nil
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

// readFrame parses and checks the frame starting at buf[pos] (FR present,
// at least 16 bytes available).
func readFrame(buf []byte, pos int) (rawFrame, error) {
	hdr, err := ParseFrameHeader(buf[pos:])
	if err != nil {
		return rawFrame{}, err
	}
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

// parseDataFrame splits an NTensorFrame into descriptor, payload and masks.
func parseDataFrame(fr rawFrame) (ObjectView, error) {
	f := fr.frame
	l := uint64(fr.length)
	co := be.Uint64(f[l-20:])
	if co < FrameHeaderSize || co > l-20 {
		return ObjectView{}, framingErr("cbor_offset %d out of valid range [16, %d] for data object frame at offset %d", co, l-20, fr.offset)
	}
	ov := ObjectView{FrameOffset: fr.offset, FrameFlags: fr.hdr.Flags, Frame: f,
		HashSlot: be.Uint64(f[l-12:]), HasHash: fr.hdr.Flags&FrameFlagHashPresent != 0}
	var region []byte
	var err error
	if fr.hdr.Flags&FrameFlagCBORAfterPayload != 0 {
		region = f[FrameHeaderSize:co]
		if ov.Descriptor, _, err = ParseDescriptor(f[co : l-20]); err != nil {
			return ObjectView{}, err
		}
	} else {
		d, n, err := ParseDescriptor(f[co : l-20])
		if err != nil {
			return ObjectView{}, err
		}
		ov.Descriptor = d
		region = f[co+uint64(n) : l-20]
	}
	ov.Payload = region
	if len(ov.Descriptor.Masks) > 0 {
		minOff := ^uint64(0)
		for _, k := range maskKinds {
			mi, ok := ov.Descriptor.Masks[k]
			if !ok {
				continue
			}
			end := mi.Offset + mi.Length
			if end < mi.Offset {
				return ObjectView{}, framingErr("mask_%s.offset + length overflows", k)
			}
			if end > uint64(len(region)) {
				return ObjectView{}, framingErr("mask_%s.offset + length (%d) exceeds payload region size (%d)", k, end, len(region))
			}
			if mi.Offset < minOff {
				minOff = mi.Offset
			}
		}
		ov.Payload = region[:minOff]
		ov.MaskRegion = region[minOff:]
		ov.MaskBase = minOff
	}
	return ov, nil
}
