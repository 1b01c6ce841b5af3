package mask

import (
	"encoding/binary"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// Main codecs for the bitmask dtype (compression "rle" / "roaring"). The
// payload is the bit count m = 8·len(input) as a big-endian uint32 (every
// bit of the packed input, padding included) followed by the rle or
// roaring body.

// CompressBitmaskRLE encodes packed bitmask bytes with compression "rle".
func CompressBitmaskRLE(packed []byte) ([]byte, error) {
	m, err := bitCount(packed)
	if err != nil {
		return nil, err
	}
	out := binary.BigEndian.AppendUint32(make([]byte, 0, 5+len(packed)/4), m)
	return appendRLE(out, packed, int(m)), nil
}

// CompressBitmaskRoaring encodes packed bitmask bytes with compression
// "roaring".
func CompressBitmaskRoaring(packed []byte) ([]byte, error) {
	m, err := bitCount(packed)
	if err != nil {
		return nil, err
	}
	body, err := roaringOf(packed, int(m))
	if err != nil {
		return nil, err
	}
	return append(binary.BigEndian.AppendUint32(nil, m), body...), nil
}

func bitCount(packed []byte) (uint32, error) {
	if uint64(len(packed))*8 > math.MaxUint32 {
		return 0, sizeErr("bitmask of %d bytes exceeds 2^32-1 bits", len(packed))
	}
	return uint32(len(packed) * 8), nil
}

// DecompressBitmaskRLE decodes an "rle" bitmask payload; the result must be
// exactly expected bytes (ceil(N/8) for N elements).
func DecompressBitmaskRLE(payload []byte, expected int) ([]byte, error) {
	return decompressBitmask(payload, expected, "RLE", DecodeRLE)
}

// DecompressBitmaskRoaring decodes a "roaring" bitmask payload; the result
// must be exactly expected bytes.
func DecompressBitmaskRoaring(payload []byte, expected int) ([]byte, error) {
	return decompressBitmask(payload, expected, "roaring", DecodeRoaring)
}

func decompressBitmask(payload []byte, expected int, name string, dec func([]byte, int) (*Bitmap, error)) ([]byte, error) {
	if len(payload) < 4 {
		return nil, corrupt("%s bitmask payload shorter than its 4-byte bit count", name)
	}
	m := int(binary.BigEndian.Uint32(payload))
	// Check the announced size before allocating anything for it.
	if got := PackedLen(m); got != expected {
		return nil, codecerr.Errorf(ErrSize, "%s decompressed size %d != expected %d", name, got, expected)
	}
	b, err := dec(payload[4:], m)
	if err != nil {
		return nil, err
	}
	return b.Packed, nil
}
