package szip

import (
	"bytes"
	"errors"
	"runtime"
	"testing"
)

func TestValidate(t *testing.T) {
	good := []Params{
		{BitsPerSample: 1, BlockSize: 8, RSI: 1},
		{BitsPerSample: 32, BlockSize: 64, RSI: 4096, Flags: FlagPreprocess | FlagSigned},
		{BitsPerSample: 4, BlockSize: 16, RSI: 2, Flags: FlagRestricted},
		{BitsPerSample: 12, BlockSize: 10, RSI: 3, Flags: FlagNotEnforce},
		{BitsPerSample: 8, BlockSize: 8, RSI: 1, Flags: 128 | 1024}, // unknown bits ignored
	}
	for _, p := range good {
		if err := p.Validate(); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
	bad := []Params{
		{BitsPerSample: 0, BlockSize: 8, RSI: 1},
		{BitsPerSample: 33, BlockSize: 8, RSI: 1},
		{BitsPerSample: 8, BlockSize: 0, RSI: 1},
		{BitsPerSample: 8, BlockSize: 12, RSI: 1},
		{BitsPerSample: 8, BlockSize: 11, RSI: 1, Flags: FlagNotEnforce},
		{BitsPerSample: 8, BlockSize: MaxBlockSize + 2, RSI: 1, Flags: FlagNotEnforce},
		{BitsPerSample: 8, BlockSize: 8, RSI: 0},
		{BitsPerSample: 8, BlockSize: 8, RSI: 4097},
		{BitsPerSample: 5, BlockSize: 8, RSI: 1, Flags: FlagRestricted},
	}
	for _, p := range bad {
		if err := p.Validate(); !errors.Is(err, ErrParams) {
			t.Errorf("%+v: got %v, want ErrParams", p, err)
		}
		if _, _, err := Encode([]byte{1, 2, 3, 4}, p); !errors.Is(err, ErrParams) {
			t.Errorf("Encode %+v: got %v", p, err)
		}
		if err := Decode(make([]byte, 4), []byte{0}, p); !errors.Is(err, ErrParams) {
			t.Errorf("Decode %+v: got %v", p, err)
		}
	}
}

func TestSampleWidth(t *testing.T) {
	cases := []struct {
		bps   int
		flags Flags
		want  int
	}{
		{1, 0, 1}, {8, 0, 1}, {9, 0, 2}, {16, 0, 2}, {17, 0, 4}, {17, Flag3Byte, 3},
		{24, Flag3Byte, 3}, {24, 0, 4}, {25, Flag3Byte, 4}, {32, 0, 4},
	}
	for _, c := range cases {
		p := Params{BitsPerSample: c.bps, BlockSize: 8, RSI: 1, Flags: c.flags}
		if got := p.SampleWidth(); got != c.want {
			t.Errorf("bps %d flags %d: width %d, want %d", c.bps, c.flags, got, c.want)
		}
	}
	if got := (Params{BlockSize: 16, RSI: 128}).RSISamples(); got != 2048 {
		t.Errorf("RSISamples = %d", got)
	}
}

// Extreme parameters with a tiny input must not allocate per-RSI buffers
// sized by the parameters alone.
func TestExtremeParamsSmallAllocation(t *testing.T) {
	p := Params{BitsPerSample: 32, BlockSize: MaxBlockSize, RSI: MaxRSI, Flags: FlagNotEnforce | FlagPreprocess}
	in := []byte{1, 0, 0, 0, 9, 0, 0, 0, 3, 0, 0, 0}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	enc, offs, err := Encode(in, p)
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]byte, len(in))
	if err := Decode(dst, enc, p); err != nil || !bytes.Equal(dst, in) {
		t.Fatalf("round trip: %v", err)
	}
	if err := DecodeRange(dst[:4], enc, p, offs, 4); err != nil || !bytes.Equal(dst[:4], in[4:8]) {
		t.Fatalf("range: %v", err)
	}
	if _, err := ScanOffsets(enc, p, 3); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
		t.Fatalf("allocated %d bytes for a 3-sample stream", got)
	}
}
