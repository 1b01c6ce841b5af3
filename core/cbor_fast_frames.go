package core

// Fast paths for the index and hash frame bodies: the canonical shapes
// every encoder writes ({"lengths": [uint…], "offsets": [uint…]} and
// {"algorithm": text, "hashes": [text…]}, definite lengths, no tags, each
// key once) are read straight into the structs, without building the
// generic CBOR value first. Any other shape returns ok=false and the
// caller takes the generic path, which also produces every error; for
// the shapes accepted here both paths give equal results
// (TestIndexHashFastPathsMatchGeneric, FuzzDecode). Callers that only
// check a frame (a range decode never reads them) scan it without keeping
// anything: the same walk, no allocation.

// fastIndexFrame reads the canonical index frame body; ok=false otherwise.
func fastIndexFrame(body []byte) (*IndexFrame, bool) {
	ix := &IndexFrame{}
	if !fastIndexScan(body, ix) {
		return nil, false
	}
	return ix, true
}

// fastIndexScan walks the canonical index frame body, storing its arrays
// in ix unless ix is nil; false for any other shape.
func fastIndexScan(body []byte, ix *IndexFrame) bool {
	d := cborDecoder{b: body}
	n, ok := d.fastMap()
	if !ok {
		return false
	}
	counts := [2]int{-1, -1} // offsets, lengths
	for range n {
		k, ok := d.fastRawText() // unknown keys fail below: no UTF-8 check needed
		if !ok {
			return false
		}
		var slot int
		switch string(k) {
		case "offsets":
			slot = 0
		case "lengths":
			slot = 1
		default:
			return false
		}
		if counts[slot] >= 0 {
			return false // a repeated key: last wins, generically
		}
		var arr []uint64
		if arr, counts[slot], ok = d.fastUints(ix != nil); !ok {
			return false
		}
		if ix != nil && slot == 0 {
			ix.Offsets = arr
		} else if ix != nil {
			ix.Lengths = arr
		}
	}
	if ix != nil {
		if ix.Offsets == nil {
			ix.Offsets = []uint64{}
		}
		if ix.Lengths == nil {
			ix.Lengths = []uint64{}
		}
	}
	return max(counts[0], 0) == max(counts[1], 0)
}

// fastHashFrame reads the canonical hash frame body; ok=false otherwise.
func fastHashFrame(body []byte) (*HashFrame, bool) {
	h := &HashFrame{}
	if !fastHashScan(body, h) {
		return nil, false
	}
	return h, true
}

// fastHashScan walks the canonical hash frame body, storing its fields in
// h unless h is nil; false for any other shape.
func fastHashScan(body []byte, h *HashFrame) bool {
	d := cborDecoder{b: body}
	n, ok := d.fastMap()
	if !ok {
		return false
	}
	var seenAlgo, seenHashes bool
	for range n {
		k, ok := d.fastRawText() // unknown keys fail below: no UTF-8 check needed
		if !ok {
			return false
		}
		switch string(k) {
		case "algorithm":
			if seenAlgo {
				return false
			}
			seenAlgo = true
			s, ok := d.fastText()
			if !ok {
				return false
			}
			if h != nil {
				h.Algorithm = internText(s)
			}
		case "hashes":
			if seenHashes {
				return false
			}
			seenHashes = true
			if !fastHashList(&d, h) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// fastHashList reads the hashes array into h.Hashes (only checked when h
// is nil).
func fastHashList(d *cborDecoder, h *HashFrame) bool {
	m, ok := d.fastArray()
	if !ok {
		return false
	}
	if h != nil {
		h.Hashes = make([]string, m)
	}
	for j := range m {
		s, ok := d.fastText()
		if !ok {
			return false
		}
		if h != nil {
			h.Hashes[j] = string(s)
		}
	}
	return true
}

// internText returns the interned copy of s when there is one, else a
// fresh string.
func internText(s []byte) string {
	if v, in := internedText[string(s)]; in {
		return v.(string)
	}
	return string(s)
}
