package core

// The map forms of the index and hash frame bodies: the reference the
// direct CBOR writers (indexFrameBody, hashFrameBody) are checked against
// through MarshalCanonical.

func (ix *IndexFrame) toMap() map[string]any {
	return map[string]any{"offsets": ix.Offsets, "lengths": ix.Lengths}
}

func (h *HashFrame) toMap() map[string]any {
	hs := h.Hashes
	if hs == nil {
		hs = []string{}
	}
	return map[string]any{"hashes": hs, "algorithm": h.Algorithm}
}
