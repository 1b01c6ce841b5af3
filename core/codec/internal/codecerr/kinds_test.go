package codecerr_test

import (
	"errors"
	"testing"

	"github.com/tensogram-go/tensogram-go/core/codec/blosc2"
	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
	"github.com/tensogram-go/tensogram-go/core/codec/lz4"
	"github.com/tensogram-go/tensogram-go/core/codec/mask"
	"github.com/tensogram-go/tensogram-go/core/codec/shuffle"
	"github.com/tensogram-go/tensogram-go/core/codec/simplepacking"
	"github.com/tensogram-go/tensogram-go/core/codec/sz3"
	"github.com/tensogram-go/tensogram-go/core/codec/szip"
	"github.com/tensogram-go/tensogram-go/core/codec/zfp"
	"github.com/tensogram-go/tensogram-go/core/codec/zstd"
)

// Every codec sentinel built with New is of the kind listed here and of
// no other.
func TestCodecSentinelKinds(t *testing.T) {
	kinds := []error{codecerr.Params, codecerr.Length, codecerr.Truncated, codecerr.Corrupt,
		codecerr.Range, codecerr.Unsupported, codecerr.SizeLimit, codecerr.Value}
	cases := map[error]error{
		mask.ErrNonFinite: codecerr.Value, mask.ErrUnknownMethod: codecerr.Params,
		mask.ErrUnsupportedMethod: codecerr.Unsupported, mask.ErrCorrupt: codecerr.Corrupt,
		mask.ErrSize: codecerr.Length, mask.ErrDType: codecerr.Unsupported,

		simplepacking.ErrBitsPerValue: codecerr.Params, simplepacking.ErrNaN: codecerr.Value,
		simplepacking.ErrInf: codecerr.Value, simplepacking.ErrReferenceValue: codecerr.Params,
		simplepacking.ErrBinaryScaleFactor: codecerr.Params,
		simplepacking.ErrInsufficientData:  codecerr.Truncated, simplepacking.ErrRange: codecerr.Range,

		szip.ErrParams: codecerr.Params, szip.ErrLength: codecerr.Length, szip.ErrTruncated: codecerr.Truncated,
		szip.ErrCorrupt: codecerr.Corrupt, szip.ErrOffsets: codecerr.Corrupt, szip.ErrRange: codecerr.Range,

		blosc2.ErrCorrupt: codecerr.Corrupt, blosc2.ErrUnsupported: codecerr.Unsupported,
		blosc2.ErrSizeLimit: codecerr.SizeLimit, blosc2.ErrParams: codecerr.Params,

		zfp.ErrParams: codecerr.Params, zfp.ErrLength: codecerr.Length, zfp.ErrTooLong: codecerr.Corrupt,
		zfp.ErrShortStream: codecerr.Truncated, zfp.ErrRange: codecerr.Range,

		sz3.ErrCorrupt: codecerr.Corrupt, sz3.ErrUnsupported: codecerr.Unsupported,
		sz3.ErrSize: codecerr.Length, sz3.ErrParams: codecerr.Params,

		lz4.ErrTruncated: codecerr.Truncated, lz4.ErrSizeLimit: codecerr.SizeLimit,
		lz4.ErrCorrupt: codecerr.Corrupt, lz4.ErrTooLarge: codecerr.SizeLimit,

		zstd.ErrCorrupt: codecerr.Corrupt, zstd.ErrSizeLimit: codecerr.SizeLimit, zstd.ErrShort: codecerr.Length,

		shuffle.ErrElementSize: codecerr.Params, shuffle.ErrLength: codecerr.Length,
	}
	for s, want := range cases {
		for _, k := range kinds {
			if errors.Is(s, k) != (k == want) {
				t.Errorf("%q: errors.Is(kind %q) = %v", s, k, !(k == want))
			}
		}
	}
}

// The codecs' sentinels built with NewCommon have the texts their
// packages document.
func TestCommonSentinelTexts(t *testing.T) {
	for err, text := range map[error]string{
		szip.ErrParams: "szip: invalid parameters", szip.ErrLength: "szip: invalid buffer length",
		szip.ErrRange: "szip: range out of bounds", zfp.ErrParams: "zfp: invalid parameters",
		zfp.ErrLength: "zfp: invalid buffer length", zfp.ErrRange: "zfp: range out of bounds",
	} {
		if err.Error() != text {
			t.Errorf("%q, want %q", err, text)
		}
	}
}
