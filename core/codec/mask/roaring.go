package mask

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/bits"

	"github.com/RoaringBitmap/roaring/v2"
)

// EncodeRoaring returns the standard portable Roaring serialisation of the
// marked positions of b after run optimisation, byte-identical to
// upstream's roaring-rs insert + optimize + serialize_into.
func EncodeRoaring(b *Bitmap) ([]byte, error) {
	return roaringOf(b.Packed, b.N)
}

func roaringOf(packed []byte, n int) ([]byte, error) {
	if uint64(n) > math.MaxUint32+1 {
		return nil, sizeErr("%d elements exceed the 32-bit roaring index range", n)
	}
	rb := roaring.New()
	var buf []uint32
	for bi, v := range packed {
		if v == 0 {
			continue
		}
		for j := 0; j < 8; j++ {
			if v&(0x80>>uint(j)) != 0 && bi*8+j < n {
				buf = append(buf, uint32(bi*8+j))
			}
		}
		if len(buf) >= 1<<16 {
			rb.AddMany(buf)
			buf = buf[:0]
		}
	}
	rb.AddMany(buf)
	rb.RunOptimize()
	var out bytes.Buffer
	if _, err := rb.WriteTo(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Portable Roaring format constants.
const (
	cookieNoRun     = 12346
	cookieRun       = 12347
	noOffsetMaxSize = 4 // run-format files omit offsets below this many containers
	arrayMaxCard    = 4096
	bitmapBytes     = 8192
)

// DecodeRoaring decodes a portable Roaring serialisation into an n-bit
// bitmap; any index ≥ n is an error. The parser is written here (rather
// than using the roaring library's reader) so that every length is checked
// against the blob before use and malformed input can never panic.
func DecodeRoaring(blob []byte, n int) (*Bitmap, error) {
	if n < 0 {
		return nil, sizeErr("negative element count")
	}
	r := reader{b: blob}
	cookie, err := r.u32()
	if err != nil {
		return nil, err
	}
	var size int
	var runFlags []byte
	hasOffsets := true
	switch {
	case cookie == cookieNoRun:
		s, err := r.u32()
		if err != nil {
			return nil, err
		}
		if s > 1<<16 {
			return nil, corrupt("roaring: %d containers", s)
		}
		size = int(s)
	case cookie&0xffff == cookieRun:
		size = int(cookie>>16) + 1
		if runFlags, err = r.bytes((size + 7) / 8); err != nil {
			return nil, err
		}
		hasOffsets = size >= noOffsetMaxSize
	default:
		return nil, corrupt("roaring: bad cookie 0x%08x", cookie)
	}
	header, err := r.bytes(4 * size)
	if err != nil {
		return nil, err
	}
	if hasOffsets {
		if _, err := r.bytes(4 * size); err != nil {
			return nil, err
		}
	}
	b := NewBitmap(n)
	set := func(v uint64) error {
		if v >= uint64(n) {
			return corrupt("roaring index %d out of range for %d elements", v, n)
		}
		b.Set(int(v))
		return nil
	}
	for c := 0; c < size; c++ {
		key := uint64(binary.LittleEndian.Uint16(header[4*c:])) << 16
		card := int(binary.LittleEndian.Uint16(header[4*c+2:])) + 1
		switch {
		case runFlags != nil && runFlags[c/8]&(1<<uint(c%8)) != 0:
			nr, err := r.u16()
			if err != nil {
				return nil, err
			}
			runs, err := r.bytes(4 * int(nr))
			if err != nil {
				return nil, err
			}
			for j := 0; j < int(nr); j++ {
				start := uint64(binary.LittleEndian.Uint16(runs[4*j:]))
				length := uint64(binary.LittleEndian.Uint16(runs[4*j+2:])) + 1
				if start+length > 1<<16 {
					return nil, corrupt("roaring: run past the container end")
				}
				if key+start+length > uint64(n) {
					return nil, corrupt("roaring index %d out of range for %d elements", key+start+length-1, n)
				}
				setRange(b.Packed, int(key+start), int(key+start+length))
			}
		case card <= arrayMaxCard:
			vals, err := r.bytes(2 * card)
			if err != nil {
				return nil, err
			}
			for j := 0; j < card; j++ {
				if err := set(key | uint64(binary.LittleEndian.Uint16(vals[2*j:]))); err != nil {
					return nil, err
				}
			}
		default:
			words, err := r.bytes(bitmapBytes)
			if err != nil {
				return nil, err
			}
			for w := 0; w < bitmapBytes/8; w++ {
				for x := binary.LittleEndian.Uint64(words[8*w:]); x != 0; x &= x - 1 {
					if err := set(key | uint64(w*64+bits.TrailingZeros64(x))); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	return b, nil
}

// reader is a bounds-checked little-endian cursor.
type reader struct {
	b []byte
	p int
}

func (r *reader) bytes(k int) ([]byte, error) {
	if k < 0 || k > len(r.b)-r.p {
		return nil, corrupt("roaring: truncated blob")
	}
	out := r.b[r.p : r.p+k]
	r.p += k
	return out, nil
}

func (r *reader) u16() (uint16, error) {
	b, err := r.bytes(2)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint16(b), nil
}

func (r *reader) u32() (uint32, error) {
	b, err := r.bytes(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b), nil
}
