package core

// Fast paths for the index and hash frame bodies: the canonical shapes
// every encoder writes ({"lengths": [uint…], "offsets": [uint…]} and
// {"algorithm": text, "hashes": [text…]}, definite lengths, no tags, each
// key once) are read straight into the structs, without building the
// generic CBOR value first. Any other shape returns ok=false and the
// caller takes the generic path, which also produces every error; for
// the shapes accepted here both paths give equal results
// (TestIndexHashFastPathsMatchGeneric, FuzzDecode).

// fastIndexFrame reads the canonical index frame body; ok=false otherwise.
func fastIndexFrame(body []byte) (*IndexFrame, bool) {
	d := cborDecoder{b: body}
	n, ok := d.fastMap()
	if !ok {
		return nil, false
	}
	ix := &IndexFrame{}
	for i := 0; i < n; i++ {
		k, ok := d.fastRawText() // unknown keys fail below: no UTF-8 check needed
		if !ok {
			return nil, false
		}
		var dst *[]uint64
		switch string(k) {
		case "offsets":
			dst = &ix.Offsets
		case "lengths":
			dst = &ix.Lengths
		default:
			return nil, false
		}
		if *dst != nil {
			return nil, false // a repeated key: last wins, generically
		}
		if *dst, ok = d.fastUintArray(); !ok {
			return nil, false
		}
	}
	if ix.Offsets == nil {
		ix.Offsets = []uint64{}
	}
	if ix.Lengths == nil {
		ix.Lengths = []uint64{}
	}
	if len(ix.Offsets) != len(ix.Lengths) {
		return nil, false
	}
	return ix, true
}

// fastHashFrame reads the canonical hash frame body; ok=false otherwise.
func fastHashFrame(body []byte) (*HashFrame, bool) {
	d := cborDecoder{b: body}
	n, ok := d.fastMap()
	if !ok {
		return nil, false
	}
	h := &HashFrame{}
	var seenAlgo bool
	for i := 0; i < n; i++ {
		k, ok := d.fastRawText() // unknown keys fail below: no UTF-8 check needed
		if !ok {
			return nil, false
		}
		switch string(k) {
		case "algorithm":
			if seenAlgo {
				return nil, false
			}
			seenAlgo = true
			s, ok := d.fastText()
			if !ok {
				return nil, false
			}
			if v, in := internedText[string(s)]; in {
				h.Algorithm = v.(string)
			} else {
				h.Algorithm = string(s)
			}
		case "hashes":
			if h.Hashes != nil {
				return nil, false
			}
			m, ok := d.fastArray()
			if !ok {
				return nil, false
			}
			h.Hashes = make([]string, m)
			for j := range h.Hashes {
				s, ok := d.fastText()
				if !ok {
					return nil, false
				}
				h.Hashes[j] = string(s)
			}
		default:
			return nil, false
		}
	}
	return h, true
}
