package mask

// maxVarintLen is the longest ULEB128 encoding of a uint64.
const maxVarintLen = 10

// EncodeRLE returns the rle blob of the first n bits of b: a start byte
// (the value of bit 0, 0x00 or 0x01) followed by ULEB128 run lengths of
// alternating values. n = 0 gives an empty blob.
func EncodeRLE(b *Bitmap) []byte {
	return appendRLE(nil, b.Packed, b.N)
}

func appendRLE(dst, packed []byte, n int) []byte {
	if n == 0 {
		return dst
	}
	cur := packed[0] >> 7
	dst = append(dst, cur)
	run := 0
	i := 0
	for i < n {
		// Whole bytes equal to the current value extend the run quickly.
		if i&7 == 0 && i+8 <= n {
			v := packed[i>>3]
			if (cur == 0 && v == 0) || (cur == 1 && v == 0xff) {
				run += 8
				i += 8
				continue
			}
		}
		bit := packed[i>>3] >> (7 - uint(i&7)) & 1
		if bit != cur {
			dst = appendUvarint(dst, uint64(run))
			cur, run = bit, 0
		}
		run++
		i++
	}
	return appendUvarint(dst, uint64(run))
}

func appendUvarint(dst []byte, v uint64) []byte {
	for v >= 0x80 {
		dst = append(dst, byte(v)|0x80)
		v >>= 7
	}
	return append(dst, byte(v))
}

// readUvarint decodes one ULEB128 value (at most 10 bytes, no overflow).
func readUvarint(b []byte) (uint64, int, error) {
	var v uint64
	for i := 0; i < maxVarintLen; i++ {
		if i >= len(b) {
			return 0, 0, corrupt("truncated ULEB128 run length")
		}
		c := b[i]
		if i == maxVarintLen-1 && c > 1 {
			return 0, 0, corrupt("ULEB128 run length overflows 64 bits")
		}
		v |= uint64(c&0x7f) << (7 * uint(i))
		if c < 0x80 {
			return v, i + 1, nil
		}
	}
	return 0, 0, corrupt("ULEB128 run length longer than %d bytes", maxVarintLen)
}

// DecodeRLE decodes an rle blob into an n-bit bitmap. The runs must be
// non-zero and sum to exactly n.
func DecodeRLE(blob []byte, n int) (*Bitmap, error) {
	if n < 0 {
		return nil, sizeErr("negative element count")
	}
	if len(blob) == 0 {
		if n == 0 {
			return NewBitmap(0), nil
		}
		return nil, corrupt("empty rle blob for %d elements", n)
	}
	if blob[0] > 1 {
		return nil, corrupt("rle start byte 0x%02x is not 0 or 1", blob[0])
	}
	b := NewBitmap(n)
	cur := blob[0]
	pos := 0
	for p := 1; p < len(blob); {
		run, k, err := readUvarint(blob[p:])
		if err != nil {
			return nil, err
		}
		p += k
		if run == 0 {
			return nil, corrupt("zero-length rle run")
		}
		if run > uint64(n-pos) {
			return nil, corrupt("rle runs exceed %d elements", n)
		}
		if cur == 1 {
			setRange(b.Packed, pos, pos+int(run))
		}
		pos += int(run)
		cur ^= 1
	}
	if pos != n {
		return nil, corrupt("rle runs sum to %d, want %d", pos, n)
	}
	return b, nil
}

// setRange sets bits [lo, hi) of a packed MSB-first bitmap.
func setRange(p []byte, lo, hi int) {
	for lo < hi && lo&7 != 0 {
		p[lo>>3] |= 0x80 >> uint(lo&7)
		lo++
	}
	for ; lo+8 <= hi; lo += 8 {
		p[lo>>3] = 0xff
	}
	for ; lo < hi; lo++ {
		p[lo>>3] |= 0x80 >> uint(lo&7)
	}
}
