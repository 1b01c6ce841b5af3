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
	size, runFlags, header, err := r.roaringHeader()
	if err != nil {
		return nil, err
	}
	b := NewBitmap(n)
	for c := 0; c < size; c++ {
		key := uint64(binary.LittleEndian.Uint16(header[4*c:])) << 16
		card := int(binary.LittleEndian.Uint16(header[4*c+2:])) + 1
		switch {
		case runFlags != nil && runFlags[c/8]&(1<<uint(c%8)) != 0:
			err = r.runContainer(b, key)
		case card <= arrayMaxCard:
			err = r.arrayContainer(b, key, card)
		default:
			err = r.bitmapContainer(b, key)
		}
		if err != nil {
			return nil, err
		}
	}
	return b, nil
}

// roaringHeader reads the cookie, the container count, the run flags (nil
// without run containers) and the key/cardinality header, and skips the
// offset table.
func (r *reader) roaringHeader() (size int, runFlags, header []byte, err error) {
	cookie, err := r.u32()
	if err != nil {
		return 0, nil, nil, err
	}
	hasOffsets := true
	switch {
	case cookie == cookieNoRun:
		s, err := r.u32()
		if err != nil {
			return 0, nil, nil, err
		}
		if s > 1<<16 {
			return 0, nil, nil, corrupt("roaring: %d containers", s)
		}
		size = int(s)
	case cookie&0xffff == cookieRun:
		size = int(cookie>>16) + 1
		if runFlags, err = r.bytes((size + 7) / 8); err != nil {
			return 0, nil, nil, err
		}
		hasOffsets = size >= noOffsetMaxSize
	default:
		return 0, nil, nil, corrupt("roaring: bad cookie 0x%08x", cookie)
	}
	if header, err = r.bytes(4 * size); err != nil {
		return 0, nil, nil, err
	}
	if hasOffsets {
		if _, err := r.bytes(4 * size); err != nil {
			return 0, nil, nil, err
		}
	}
	return size, runFlags, header, nil
}

// setIndex sets bit v of b, which must be below b.N.
func setIndex(b *Bitmap, v uint64) error {
	if v >= uint64(b.N) {
		return corrupt("roaring index %d out of range for %d elements", v, b.N)
	}
	b.Set(int(v))
	return nil
}

// runContainer reads a run container of the chunk starting at key.
func (r *reader) runContainer(b *Bitmap, key uint64) error {
	nr, err := r.u16()
	if err != nil {
		return err
	}
	runs, err := r.bytes(4 * int(nr))
	if err != nil {
		return err
	}
	for j := 0; j < int(nr); j++ {
		start := uint64(binary.LittleEndian.Uint16(runs[4*j:]))
		length := uint64(binary.LittleEndian.Uint16(runs[4*j+2:])) + 1
		if start+length > 1<<16 {
			return corrupt("roaring: run past the container end")
		}
		if key+start+length > uint64(b.N) {
			return corrupt("roaring index %d out of range for %d elements", key+start+length-1, b.N)
		}
		setRange(b.Packed, int(key+start), int(key+start+length))
	}
	return nil
}

// arrayContainer reads an array container of card values.
func (r *reader) arrayContainer(b *Bitmap, key uint64, card int) error {
	vals, err := r.bytes(2 * card)
	if err != nil {
		return err
	}
	for j := 0; j < card; j++ {
		if err := setIndex(b, key|uint64(binary.LittleEndian.Uint16(vals[2*j:]))); err != nil {
			return err
		}
	}
	return nil
}

// bitmapContainer reads a 65536-bit bitmap container.
func (r *reader) bitmapContainer(b *Bitmap, key uint64) error {
	words, err := r.bytes(bitmapBytes)
	if err != nil {
		return err
	}
	for w := 0; w < bitmapBytes/8; w++ {
		for x := binary.LittleEndian.Uint64(words[8*w:]); x != 0; x &= x - 1 {
			if err := setIndex(b, key|uint64(w*64+bits.TrailingZeros64(x))); err != nil {
				return err
			}
		}
	}
	return nil
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
