package blosc2

import (
	"encoding/binary"
	"math/bits"
)

// BloscLZ compressor: greedy LZ77 over a hash table of 4-byte sequences,
// writing the format blosclzDecode reads (see blosclz_decode.go). It always
// starts and ends with a literal run, and gives up (returning ok = false)
// as soon as the output would reach limit bytes.

const (
	blosclzHashLog  = 14
	blosclzMinInput = 16
	blosclzFarMax   = blosclzMaxDistance + 1 + 0xffff // longest far distance
)

// blosclzEncode appends the compressed form of src to dst; ok is false
// when it would take limit bytes or more.
func blosclzEncode(dst, src []byte, limit int) (out []byte, ok bool) {
	base := len(dst)
	n := len(src)
	if n < blosclzMinInput {
		dst = blosclzLiterals(dst, src)
		return dst, len(dst)-base < limit
	}
	var table [1 << blosclzHashLog]int32
	for i := range table {
		table[i] = -1
	}
	hash := func(p int) uint32 {
		return binary.LittleEndian.Uint32(src[p:]) * 2654435761 >> (32 - blosclzHashLog)
	}
	anchor, i := 0, 1
	end := n - 1 // matches stop before the last byte: the stream ends with literals
	for i+4 <= end-4 {
		h := hash(i)
		cand := int(table[h])
		table[h] = int32(i)
		dist := i - cand
		if cand < 0 || dist > blosclzFarMax ||
			binary.LittleEndian.Uint32(src[cand:]) != binary.LittleEndian.Uint32(src[i:]) {
			i += 1 + (i-anchor)>>6
			continue
		}
		length := 4 + matchLen(src, i+4, cand+4, end)
		dst = blosclzLiterals(dst, src[anchor:i])
		dst = blosclzMatchToken(dst, length, dist)
		if len(dst)-base >= limit {
			return dst, false
		}
		i += length
		anchor = i
		if i+4 <= end {
			table[hash(i-1)] = int32(i - 1)
		}
	}
	dst = blosclzLiterals(dst, src[anchor:])
	return dst, len(dst)-base < limit
}

// matchLen counts equal bytes src[a+j] == src[b+j] (b < a) while a+j < end.
func matchLen(src []byte, a, b, end int) int {
	j := 0
	for a+j+8 <= end {
		if x := binary.LittleEndian.Uint64(src[a+j:]) ^ binary.LittleEndian.Uint64(src[b+j:]); x != 0 {
			return j + bits.TrailingZeros64(x)/8
		}
		j += 8
	}
	for a+j < end && src[a+j] == src[b+j] {
		j++
	}
	return j
}

// blosclzLiterals appends lits as runs of at most 32 bytes.
func blosclzLiterals(dst, lits []byte) []byte {
	for len(lits) > 0 {
		k := min(len(lits), blosclzMaxCopy)
		dst = append(dst, byte(k-1))
		dst = append(dst, lits[:k]...)
		lits = lits[k:]
	}
	return dst
}

// blosclzMatchToken appends a match of length ≥ 3 at distance dist.
func blosclzMatchToken(dst []byte, length, dist int) []byte {
	d := dist - 1
	far := d >= blosclzMaxDistance
	hi := d >> 8
	if far {
		hi = 31
	}
	lc := length - 2
	if lc < 7 {
		dst = append(dst, byte(lc<<5|hi))
	} else {
		dst = append(dst, byte(7<<5|hi))
		for r := length - 9; ; r -= 255 {
			if r < 255 {
				dst = append(dst, byte(r))
				break
			}
			dst = append(dst, 255)
		}
	}
	if far {
		f := dist - blosclzMaxDistance - 1
		return append(dst, 255, byte(f>>8), byte(f))
	}
	return append(dst, byte(d))
}
