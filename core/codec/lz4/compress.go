package lz4

import (
	"encoding/binary"
	"math"
	"math/bits"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// ErrTooLarge is returned when the input cannot be described by the 32-bit
// size prefix.
var ErrTooLarge = codecerr.New(codecerr.SizeLimit, "lz4: input of 4 GiB or more cannot be size-prefixed")

const (
	hashLog     = 12
	tableSize   = 1 << hashLog
	minLength   = 13    // below this the whole input is literals
	endGuard    = 12    // no match starts within the last 12 bytes
	matchEnd    = 6     // matches stop 6 bytes before the end
	maxDistance = 65535 // largest encodable offset
	bigInput    = 65535 // from this size on, 32-bit slots and the 5-byte hash
)

// CompressBound returns the largest possible Compress output for n input
// bytes (prefix included).
func CompressBound(n int) int {
	return 4 + n + n/255 + 16
}

// Compress returns the size-prefixed LZ4 block of src, byte-identical to
// lz4_flex 0.11.6 compress_prepend_size.
func Compress(src []byte) ([]byte, error) {
	return AppendCompress(make([]byte, 0, CompressBound(len(src))), src)
}

// AppendCompress appends the size-prefixed LZ4 block of src to dst.
func AppendCompress(dst, src []byte) ([]byte, error) {
	if uint64(len(src)) > math.MaxUint32 {
		return dst, ErrTooLarge
	}
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(src)))
	return AppendBlock(dst, src), nil
}

// AppendBlock appends the raw LZ4 block (no size prefix) of src to dst.
func AppendBlock(dst, src []byte) []byte {
	if len(src) < minLength {
		return appendLastLiterals(dst, src)
	}
	if len(src) < bigInput {
		var t [tableSize]uint16
		return compressBlock(dst, src, small{&t})
	}
	t := new([tableSize]uint32)
	return compressBlock(dst, src, big{t})
}

// table abstracts the two hash-table flavours of lz4_flex.
type table interface {
	hash(src []byte, p int) uint32
	get(h uint32) int
	put(h uint32, p int)
}

type small struct{ t *[tableSize]uint16 }

func (s small) hash(src []byte, p int) uint32 {
	return binary.LittleEndian.Uint32(src[p:]) * 2654435761 >> 16 >> 4
}
func (s small) get(h uint32) int    { return int(s.t[h&(tableSize-1)]) }
func (s small) put(h uint32, p int) { s.t[h&(tableSize-1)] = uint16(p) }

type big struct{ t *[tableSize]uint32 }

func (b big) hash(src []byte, p int) uint32 {
	return uint32((binary.LittleEndian.Uint64(src[p:])<<24)*889523592379>>48) >> 4
}
func (b big) get(h uint32) int    { return int(b.t[h&(tableSize-1)]) }
func (b big) put(h uint32, p int) { b.t[h&(tableSize-1)] = uint32(p) }

func compressBlock[T table](dst, src []byte, t T) []byte {
	n := len(src)
	limit := n - endGuard
	t.put(t.hash(src, 0), 0)
	cur, litStart := 1, 0
	for {
		miss, next := 32, cur
		var cand int
		for {
			step := miss >> 5
			miss++
			cur = next
			next += step
			if cur > limit {
				return appendLastLiterals(dst, src[litStart:])
			}
			h := t.hash(src, cur)
			cand = t.get(h)
			t.put(h, cur)
			if cur-cand > maxDistance {
				continue
			}
			if binary.LittleEndian.Uint32(src[cand:]) == binary.LittleEndian.Uint32(src[cur:]) {
				break
			}
		}
		offset := cur - cand
		for cand > 0 && cur > litStart && src[cur-1] == src[cand-1] {
			cur--
			cand--
		}
		litLen := cur - litStart
		cur += 4
		cand += 4
		dup := countSame(src, cur, cand, n-matchEnd)
		cur += dup
		t.put(t.hash(src, cur-2), cur-2)

		dst = append(dst, byte(min(litLen, 15)<<4|min(dup, 15)))
		if litLen >= 15 {
			dst = appendLength(dst, litLen-15)
		}
		dst = appendLiterals(dst, src[litStart:litStart+litLen])
		dst = append(dst, byte(offset), byte(offset>>8))
		if dup >= 15 {
			dst = appendLength(dst, dup-15)
		}
		litStart = cur
	}
}

// countSame returns the number of equal bytes src[a+j] == src[b+j] for
// j = 0, 1, … stopping at the first mismatch or when a+j reaches end
// (b < a, so b+j stays in bounds).
func countSame(src []byte, a, b, end int) int {
	j := 0
	for a+j+8 <= end {
		x := binary.LittleEndian.Uint64(src[a+j:]) ^ binary.LittleEndian.Uint64(src[b+j:])
		if x != 0 {
			return j + bits.TrailingZeros64(x)/8
		}
		j += 8
	}
	for a+j < end && src[a+j] == src[b+j] {
		j++
	}
	return j
}

func appendLastLiterals(dst, lits []byte) []byte {
	n := len(lits)
	dst = append(dst, byte(min(n, 15)<<4))
	if n >= 15 {
		dst = appendLength(dst, n-15)
	}
	return appendLiterals(dst, lits)
}

// appendLiterals appends lits to dst in blocks of at most literalChunk
// bytes, so that a long run (all of an incompressible input) is not one
// memmove of 1 MiB or more, which Go writes with cache-bypassing stores:
// the caller reads the block right after (the message hash and copy).
func appendLiterals(dst, lits []byte) []byte {
	for len(lits) > literalChunk {
		dst = append(dst, lits[:literalChunk]...)
		lits = lits[literalChunk:]
	}
	return append(dst, lits...)
}

// ffRun is a run of 255s for appendLength.
var ffRun = [64]byte{
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
}

// appendLength appends the length extension of x: x/255 bytes of 255 and
// the remainder (a 4 MB literal run takes 16K of them).
func appendLength(dst []byte, x int) []byte {
	for k := x / 255; k > 0; k -= min(k, len(ffRun)) {
		dst = append(dst, ffRun[:min(k, len(ffRun))]...)
	}
	return append(dst, byte(x%255))
}
