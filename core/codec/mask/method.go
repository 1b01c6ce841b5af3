package mask

import (
	"fmt"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
	"github.com/tensogram-go/tensogram-go/core/codec/lz4"
	"github.com/tensogram-go/tensogram-go/core/codec/zstd"
)

// Method is a mask blob codec name as stored in the descriptor.
type Method string

// Mask methods. Blosc2 is recognised but not implemented by this package.
const (
	MethodNone    Method = "none"
	MethodRLE     Method = "rle"
	MethodRoaring Method = "roaring"
	MethodLZ4     Method = "lz4"
	MethodZstd    Method = "zstd"
	MethodBlosc2  Method = "blosc2"
)

// DefaultMethod is the method requested when the caller names none.
const DefaultMethod = MethodRoaring

// ParseMethod validates a method name; the error text matches upstream's.
func ParseMethod(name string) (Method, error) {
	switch m := Method(name); m {
	case MethodNone, MethodRLE, MethodRoaring, MethodLZ4, MethodZstd, MethodBlosc2:
		return m, nil
	}
	return "", fmt.Errorf("%w %q (expected \"none\" | \"rle\" | \"roaring\" | \"lz4\" | \"zstd\" | \"blosc2\")", ErrUnknownMethod, name)
}

// EncodeBlob serialises b with method. zstdLevel is used by MethodZstd
// (0 selects upstream's default, 3).
func EncodeBlob(b *Bitmap, method Method, zstdLevel int) ([]byte, error) {
	switch method {
	case MethodNone:
		return append([]byte(nil), b.Packed...), nil
	case MethodRLE:
		return EncodeRLE(b), nil
	case MethodRoaring:
		return EncodeRoaring(b)
	case MethodLZ4:
		return lz4.Compress(b.Packed)
	case MethodZstd:
		if zstdLevel == 0 {
			zstdLevel = zstd.DefaultLevel
		}
		return zstd.Compress(b.Packed, zstdLevel)
	case MethodBlosc2:
		return nil, codecerr.Errorf(ErrUnsupportedMethod, "%s", method)
	}
	_, err := ParseMethod(string(method))
	return nil, err
}

// DecodeBlob decodes a blob written with method into an n-element bitmap.
func DecodeBlob(blob []byte, n int, method Method) (*Bitmap, error) {
	if n < 0 {
		return nil, sizeErr("negative element count")
	}
	want := PackedLen(n)
	switch method {
	case MethodNone:
		if len(blob) != want {
			return nil, sizeErr("mask blob of %d bytes, want %d for %d elements", len(blob), want, n)
		}
		return packedBitmap(append([]byte(nil), blob...), n)
	case MethodRLE:
		return DecodeRLE(blob, n)
	case MethodRoaring:
		return DecodeRoaring(blob, n)
	case MethodLZ4:
		packed, err := lz4.Decompress(blob, lz4.WithMaxSize(max(want, 1)))
		if err != nil {
			return nil, corrupt("lz4 mask: %v", err)
		}
		return packedBitmap(packed, n)
	case MethodZstd:
		packed, err := zstd.Decompress(blob, zstd.WithMaxSize(max(want, 1)))
		if err != nil {
			return nil, corrupt("zstd mask: %v", err)
		}
		return packedBitmap(packed, n)
	case MethodBlosc2:
		return nil, codecerr.Errorf(ErrUnsupportedMethod, "%s", method)
	}
	_, err := ParseMethod(string(method))
	return nil, err
}

func packedBitmap(packed []byte, n int) (*Bitmap, error) {
	if len(packed) != PackedLen(n) {
		return nil, sizeErr("decompressed mask of %d bytes, want %d for %d elements", len(packed), PackedLen(n), n)
	}
	// Padding bits are ignored on read; clear them so they never leak.
	if n%8 != 0 {
		packed[len(packed)-1] &= 0xff << uint(8-n%8)
	}
	return &Bitmap{N: n, Packed: packed}, nil
}
