package core

// Direct writers of the canonical CBOR bodies of index and hash frames
// (docs/format.md): their shapes are fixed, so they are written without
// building a map and going through the reflective encoder, which was about
// a third of the CPU of a small Encode call. The bytes are those
// MarshalCanonical gives for the same frames (tested).

// cborAppendHead appends the head of a CBOR item of major type major with
// argument n, in its shortest form.
func cborAppendHead(b []byte, major byte, n uint64) []byte {
	m := major << 5
	switch {
	case n < 24:
		return append(b, m|byte(n))
	case n <= 0xff:
		return append(b, m|24, byte(n))
	case n <= 0xffff:
		return append(b, m|25, byte(n>>8), byte(n))
	case n <= 0xffffffff:
		return append(b, m|26, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	b = append(b, m|27)
	return be.AppendUint64(b, n)
}

// cborAppendText appends a text string.
func cborAppendText(b []byte, s string) []byte {
	return append(cborAppendHead(b, 3, uint64(len(s))), s...)
}

// cborAppendUints appends an array of unsigned integers.
func cborAppendUints(b []byte, v []uint64) []byte {
	b = cborAppendHead(b, 4, uint64(len(v)))
	for _, x := range v {
		b = cborAppendHead(b, 0, x)
	}
	return b
}

// appendIndexBody appends {"lengths": [...], "offsets": [...]} (canonical
// key order: equal-length keys sort by their text).
func appendIndexBody(b []byte, offsets, lengths []uint64) []byte {
	b = cborAppendHead(b, 5, 2)
	b = cborAppendUints(cborAppendText(b, "lengths"), lengths)
	return cborAppendUints(cborAppendText(b, "offsets"), offsets)
}

// appendHashBody appends {"hashes": [16-digit hex...], "algorithm": "xxh3"}
// (canonical key order: the shorter key first).
func appendHashBody(b []byte, slots []uint64) []byte {
	b = cborAppendHead(b, 5, 2)
	b = cborAppendHead(cborAppendText(b, "hashes"), 4, uint64(len(slots)))
	const digits = "0123456789abcdef"
	for _, s := range slots {
		b = append(b, 0x60|16) // a 16-byte text: the digest in hex
		for shift := 60; shift >= 0; shift -= 4 {
			b = append(b, digits[s>>uint(shift)&0xf])
		}
	}
	return cborAppendText(cborAppendText(b, "algorithm"), HashAlgorithmXXH3)
}
