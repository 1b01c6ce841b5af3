package core

// IndexFrame is the body of a HeaderIndex / FooterIndex frame.
type IndexFrame struct {
	Offsets []uint64 // message offsets of the data-object frames
	Lengths []uint64 // their total_length values
}

// HashFrame is the body of a HeaderHash / FooterHash frame.
type HashFrame struct {
	Hashes    []string // 16 lower-case hex digits per data object
	Algorithm string   // "xxh3"
}

// ParseIndexFrame parses an index frame body (docs/format.md, "Index frames").
func ParseIndexFrame(body []byte) (*IndexFrame, error) {
	if ix, ok := fastIndexFrame(body); ok {
		return ix, nil
	}
	return parseIndexFrameGeneric(body)
}

// checkIndexFrame reports ParseIndexFrame's error for body, keeping
// nothing of it (no allocation when the body has the canonical shape).
func checkIndexFrame(body []byte) error {
	if fastIndexScan(body, nil) {
		return nil
	}
	_, err := parseIndexFrameGeneric(body)
	return err
}

func parseIndexFrameGeneric(body []byte) (*IndexFrame, error) {
	v, _, err := UnmarshalLenient(body)
	if err != nil {
		return nil, metadataErr("failed to parse index CBOR: %v", err)
	}
	m, err := textKeyMap(v, "index")
	if err != nil {
		return nil, err
	}
	ix := &IndexFrame{}
	if ix.Offsets, err = u64List(m, "offsets"); err != nil {
		return nil, err
	}
	if ix.Lengths, err = u64List(m, "lengths"); err != nil {
		return nil, err
	}
	if len(ix.Offsets) != len(ix.Lengths) {
		return nil, metadataErr("index offsets (%d) and lengths (%d) differ in length", len(ix.Offsets), len(ix.Lengths))
	}
	return ix, nil
}

// ParseHashFrame parses a hash frame body (docs/format.md, "Hash frames").
func ParseHashFrame(body []byte) (*HashFrame, error) {
	if h, ok := fastHashFrame(body); ok {
		return h, nil
	}
	return parseHashFrameGeneric(body)
}

// checkHashFrame reports ParseHashFrame's error for body, keeping nothing
// of it (no allocation when the body has the canonical shape).
func checkHashFrame(body []byte) error {
	if fastHashScan(body, nil) {
		return nil
	}
	_, err := parseHashFrameGeneric(body)
	return err
}

func parseHashFrameGeneric(body []byte) (*HashFrame, error) {
	v, _, err := UnmarshalLenient(body)
	if err != nil {
		return nil, metadataErr("failed to parse hash frame CBOR: %v", err)
	}
	m, err := textKeyMap(v, "hash frame")
	if err != nil {
		return nil, err
	}
	h := &HashFrame{}
	if a, ok := m["algorithm"]; ok {
		s, ok := a.(string)
		if !ok {
			return nil, metadataErr("hash frame algorithm must be text, got %s", cborKind(a))
		}
		h.Algorithm = s
	}
	if hv, ok := m["hashes"]; ok {
		arr, ok := hv.([]any)
		if !ok {
			return nil, metadataErr("hash frame hashes must be an array, got %s", cborKind(hv))
		}
		h.Hashes = make([]string, len(arr))
		for i, e := range arr {
			s, ok := e.(string)
			if !ok {
				return nil, metadataErr("hash frame hashes[%d] must be text, got %s", i, cborKind(e))
			}
			h.Hashes[i] = s
		}
	}
	return h, nil
}

func textKeyMap(v any, what string) (map[string]any, error) {
	switch x := v.(type) {
	case map[string]any:
		return x, nil
	case map[any]any:
		return nil, metadataErr("%s CBOR has a non-text key", what)
	}
	return nil, metadataErr("%s CBOR is not a map", what)
}

func u64List(m map[string]any, k string) ([]uint64, error) {
	v, ok := m[k]
	if !ok {
		return []uint64{}, nil
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, metadataErr("index %s must be an array, got %s", k, cborKind(v))
	}
	out := make([]uint64, len(arr))
	for i, e := range arr {
		u, ok := e.(uint64)
		if !ok {
			return nil, metadataErr("index %s[%d] must be a non-negative integer, got %s", k, i, cborKind(e))
		}
		out[i] = u
	}
	return out, nil
}

// indexFrameBody returns the canonical CBOR body of an index frame (nil
// slices are written as empty arrays).
func indexFrameBody(offsets, lengths []uint64) []byte {
	return appendIndexBody(make([]byte, 0, 24+9*(len(offsets)+len(lengths))), offsets, lengths)
}

// hashFrameBodyLen returns the length of hashFrameBody's result for n
// digests, before they are known: every digest renders to 16 digits.
func hashFrameBodyLen(n int) int {
	return len(appendHashBody(nil, make([]uint64, n)))
}

// hashFrameBody returns the canonical CBOR body of an xxh3 hash frame
// listing the data-object digests slots, in object order. Every writer of
// hash frames (Encode, StreamingEncoder) builds them here.
func hashFrameBody(slots []uint64) []byte {
	return appendHashBody(make([]byte, 0, 24+17*len(slots)), slots)
}
