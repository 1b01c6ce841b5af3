package core

// MergePreceders sets the entries of preceders[i] (PrecederMetadata
// entries, nil for objects without one) over meta.Base[i], as decoding a
// message does (docs/metadata.md, "Global metadata"); meta.Base must have
// at least len(preceders) entries. meta is modified in place.
func MergePreceders(meta *GlobalMetadata, preceders []map[string]any) {
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
	}
}

// PrecederEntry reads the frames of region, the bytes of a message that
// lie before one data-object frame and after the previous one (or after
// the preamble, for the first object), as a reader that locates frames
// through the index frame fetches them, and returns the entry of the
// PrecederMetadata frame for that object, with `_reserved_` removed (nil
// when there is none). Frames are found and checked as a whole-message
// parse finds and checks them: frame order, a preceder base of exactly
// one entry, and a preceder directly followed by the data object (so it
// must be the region's last frame).
func PrecederEntry(region []byte) (map[string]any, error) {
	mb := messageBuilder{mv: &MessageView{}}
	c := frameCursor{buf: region, end: len(region), limit: len(region)}
	for c.seek(nil) == stepFrame {
		hdr, err := c.header()
		if err != nil {
			return nil, err
		}
		fr, err := readFrame(region, c.pos, hdr)
		if err != nil {
			return nil, err
		}
		if err := mb.add(fr); err != nil {
			return nil, err
		}
		next := c.pos + align8(fr.length)
		if next > len(region) || next < c.pos {
			break
		}
		c.pos = next
	}
	return mb.pending, nil
}
