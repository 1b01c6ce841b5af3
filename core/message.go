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
	// base padded to the object count and preceders merged; nil when
	// ParseMessageRaw skipped building it (see MetadataCBOR).
	Metadata *GlobalMetadata
	Objects  []ObjectView
	// Index is the last index frame found (nil if none).
	Index *IndexFrame
	// Hashes is the last hash frame found (nil if none).
	Hashes *HashFrame
	// MetadataCBOR is set by ParseMessageRaw only, when it left Metadata
	// nil: the last metadata frame's CBOR item (base not padded).
	MetadataCBOR []byte
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
	// rawMeta skips building the metadata maps when nothing needs them
	// (ParseMessageRaw).
	rawMeta bool
}

// ParseMessage parses the first message in buf: preamble, postamble and all
// frames, metadata and descriptors, without decoding any payload. It applies
// every check upstream's decoder makes on read (docs/metadata.md, "What decode itself checks").
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

// ParseMessageRaw is ParseMessage (ParseMessageVerified with verify) for
// callers that pass the metadata on as CBOR: when no PrecederMetadata frame
// needs merging, the metadata maps are not built, mv.Metadata is nil and
// mv.MetadataCBOR holds the metadata frame's CBOR item, checked by the same
// rules (every error is ParseMessage's). Index and hash frames are checked
// as ParseMessage checks them but not kept: mv.Index and mv.Hashes are nil.
// Otherwise mv is ParseMessage's.
func ParseMessageRaw(buf []byte, verify bool) (*MessageView, error) {
	wo := walkOptions{verifyObject: -2, rawMeta: true}
	if verify {
		wo.verifyObject = -1
	}
	return parseMessage(buf, wo)
}

func parseMessage(buf []byte, wo walkOptions) (*MessageView, error) {
	mb := messageBuilder{mv: &MessageView{}, rawMeta: wo.rawMeta}
	if err := mb.walk(buf, wo); err != nil {
		return nil, err
	}
	return mb.finish()
}

// walk checks the preamble (and, as wo says, the digests) of the first
// message in buf and adds its frames in order. With mb.mv set it records
// the preamble and the message length there.
func (mb *messageBuilder) walk(buf []byte, wo walkOptions) error {
	pre, err := ParsePreamble(buf)
	if err != nil {
		return err
	}
	if wo.verifyObject != -2 {
		// Upstream verifies before any other check of the message.
		if err := verifyHashes(buf, pre, wo.verifyObject); err != nil {
			return err
		}
	}
	msgEnd, err := messageBounds(buf, pre)
	if err != nil {
		return err
	}
	if mb.mv != nil {
		mb.mv.Preamble, mb.mv.Length = pre, msgEnd+PostambleSize
	}
	c := newFrameCursor(buf, msgEnd, len(buf))
	for c.seek(nil) == stepFrame {
		hdr, err := c.header()
		if err != nil {
			return err
		}
		pos := c.pos
		fr, err := readFrame(buf, pos, hdr)
		if err != nil {
			return err
		}
		if err := mb.add(fr); err != nil {
			return err
		}
		next := pos + align8(fr.length)
		if next > len(buf) || next < pos {
			next = pos + fr.length
		}
		c.pos = next
	}
	return nil
}

// messageBuilder collects the frames of one message in order into a
// MessageView, with upstream's frame-order and preceder rules.
type messageBuilder struct {
	mv        *MessageView
	meta      *GlobalMetadata
	pending   map[string]any
	havePend  bool
	phase     int
	preceders []map[string]any
	// rawMeta: metadata frames are skimmed (metaRaw, metaBase) and parsed
	// only if a preceder needs merging; index and hash frames are checked
	// and dropped.
	rawMeta  bool
	metaRaw  []byte
	metaBase int
	// objects counts the data-object frames added.
	objects int
	// only: mv is nil, index and hash frames are checked and dropped, and
	// of the objects only number target is kept, in obj, with its
	// preceder entry (parseObjectOnly).
	only   bool
	target int
	obj    ObjectView
}

// add takes the next frame of the walk.
func (mb *messageBuilder) add(fr rawFrame) error {
	t := fr.hdr.Type
	if t.Phase() < mb.phase {
		return framingErr("unexpected %s frame after %s phase — frames must appear in order: headers, data objects, footers", t, phaseName(mb.phase))
	}
	if mb.havePend && t != FrameNTensor {
		return framingErr("PrecederMetadata must be followed by a data-object frame, got %s", t)
	}
	mb.phase = t.Phase()
	var err error
	switch t {
	case FrameHeaderMetadata, FrameFooterMetadata:
		err = mb.addMetadata(fr.body)
	case FrameHeaderIndex, FrameFooterIndex:
		if mb.rawMeta {
			err = checkIndexFrame(fr.body)
		} else {
			mb.mv.Index, err = ParseIndexFrame(fr.body)
		}
	case FrameHeaderHash, FrameFooterHash:
		if mb.rawMeta {
			err = checkHashFrame(fr.body)
		} else {
			mb.mv.Hashes, err = ParseHashFrame(fr.body)
		}
	case FramePrecederMetadata:
		err = mb.addPreceder(fr.body)
	case FrameNTensor:
		err = mb.addObject(fr)
	}
	return err
}

// addMetadata takes a metadata frame (the last one wins): skimmed in
// rawMeta mode when the skim is sure, else parsed.
func (mb *messageBuilder) addMetadata(body []byte) error {
	if mb.rawMeta {
		if item, n, ok := skimGlobalMetadata(body); ok {
			mb.meta, mb.metaRaw, mb.metaBase = nil, item, n
			return nil
		}
	}
	var err error
	mb.meta, err = ParseGlobalMetadata(body)
	mb.metaRaw = nil
	return err
}

// addPreceder holds a PrecederMetadata frame's entry for the next object.
func (mb *messageBuilder) addPreceder(body []byte) error {
	p, err := ParseGlobalMetadata(body)
	if err != nil {
		return err
	}
	if len(p.Base) != 1 {
		return metadataErr("PrecederMetadata base must have exactly 1 entry, got %d", len(p.Base))
	}
	mb.pending = cloneMap(p.Base[0])
	delete(mb.pending, reservedKey)
	mb.havePend = true
	return nil
}

// addObject appends a data object with the preceder held for it (if any).
func (mb *messageBuilder) addObject(fr rawFrame) error {
	ov, err := parseDataFrame(fr)
	if err != nil {
		return err
	}
	mb.objects++
	if mb.only {
		if mb.objects-1 == mb.target {
			ov.Preceder = mb.pending
			mb.obj = ov
		}
		mb.pending, mb.havePend = nil, false
		return nil
	}
	mb.mv.Objects = append(mb.mv.Objects, ov)
	// preceders stays nil until an object has an entry, then holds one
	// per object.
	if mb.havePend && mb.preceders == nil {
		mb.preceders = make([]map[string]any, mb.objects-1, mb.objects)
	}
	if mb.preceders != nil {
		mb.preceders = append(mb.preceders, mb.pending)
	}
	mb.pending, mb.havePend = nil, false
	return nil
}

// finish checks the end of the walk and completes the metadata: base
// padded to the object count, preceder entries merged over base entries.
func (mb *messageBuilder) finish() (*MessageView, error) {
	if err := mb.checkEnd(); err != nil {
		return nil, err
	}
	mv, meta := mb.mv, mb.meta
	if mb.metaRaw != nil {
		if !mb.anyPreceder() {
			mv.MetadataCBOR = mb.metaRaw
			return mv, nil
		}
		// The skim accepted it: this parse cannot fail.
		var err error
		if meta, err = ParseGlobalMetadata(mb.metaRaw); err != nil {
			return nil, err
		}
	}
	// meta was parsed from this buffer just now: it is ours to complete.
	for len(meta.Base) < len(mv.Objects) {
		meta.Base = append(meta.Base, map[string]any{})
	}
	MergePreceders(meta, mb.preceders)
	for i, p := range mb.preceders {
		mv.Objects[i].Preceder = p
	}
	mv.Metadata = meta
	return mv, nil
}

// checkEnd makes the end-of-walk checks: no PrecederMetadata left waiting
// for its object, a metadata frame, and no more base entries than objects.
func (mb *messageBuilder) checkEnd() error {
	if mb.havePend {
		return framingErr("dangling PrecederMetadata: no data-object frame followed")
	}
	base := mb.metaBase
	if mb.metaRaw == nil {
		if mb.meta == nil {
			return metadataErr("no metadata frame found in message")
		}
		base = len(mb.meta.Base)
	}
	if base > mb.objects {
		return metadataErr("metadata base has %d entries but message contains %d objects", base, mb.objects)
	}
	return nil
}

// anyPreceder reports whether some object has a PrecederMetadata entry.
func (mb *messageBuilder) anyPreceder() bool {
	for _, p := range mb.preceders {
		if p != nil {
			return true
		}
	}
	return false
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
