package szip

import (
	"bytes"
	"encoding/hex"
	"math"
	"slices"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// A small stream, traced by hand, encodes to libaec's exact bytes.
func TestEncodeMatchesLibaecSmallStream(t *testing.T) {
	in := testutil.Hex(t, "0a0b0c0c0c0c0c0c"+"0c0c0c0c0c0c0c0c"+"0c0c0c0c0c0c0c0c"+"c8034d8c09fa1f80"+"0505050505050505"+"05050505")
	want := testutil.Hex(t, "2144fc2019f91f89afdedf5c10000a80")
	p := Params{BitsPerSample: 8, BlockSize: 8, RSI: 2, Flags: FlagPreprocess}
	out, offs, err := Encode(in, p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, want) {
		t.Fatalf("encode = %x, want %x", out, want)
	}
	if !slices.Equal(offs, []uint64{0, 27, 107}) {
		t.Fatalf("offsets = %v, want [0 27 107]", offs)
	}
	_, loffs, err := Encode(in, p, WithLibaecOffsets())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(loffs, []uint64{0, 27, 40}) {
		t.Fatalf("libaec offsets = %v, want [0 27 40]", loffs)
	}
	bad, err := DefectiveOffsets(out, p, loffs, len(in))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(bad, []int{2}) {
		t.Fatalf("DefectiveOffsets = %v, want [2]", bad)
	}
	dec := make([]byte, len(in))
	if err := Decode(dec, out, p); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(dec, in) {
		t.Fatalf("decode = %x, want %x", dec, in)
	}
	// A range inside RSI 2, located through the defective offset.
	got := make([]byte, 6)
	if err := DecodeRange(got, out, p, loffs, 36); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, in[36:42]) {
		t.Fatalf("range = %x, want %x", got, in[36:42])
	}
}

// simple_packing 24-bit + szip encodes to libaec's exact bytes.
func TestEncodePacked24MatchesLibaec(t *testing.T) {
	const ref = 273.15
	in := make([]byte, 0, 96)
	for i := 0; i < 32; i++ {
		v := 273.15 + 0.01*float64(i)
		q := uint32(math.Round((v - ref) * math.Ldexp(1, 25)))
		in = append(in, byte(q>>16), byte(q>>8), byte(q))
	}
	if hex.EncodeToString(in[:12]) != "000000051eb80a3d710f5c29" {
		t.Fatalf("packing prefix %x", in[:12])
	}
	want := testutil.Hex(t, "980000024924924924a3d711eb8c7ae11eb847ae51eb847ae11eb947ae11eb847ae51eb847ae11eb847ae532492492492498f5c23d708f5ca3d708f5c23d728f5c23d708f5ca3d708f5c23d728f5c23d708f5ca3d700")
	p := Params{BitsPerSample: 24, BlockSize: 16, RSI: 128, Flags: FlagPreprocess | FlagMSB | Flag3Byte}
	out, offs, err := Encode(in, p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, want) {
		t.Fatalf("encode = %x\nwant   %x", out, want)
	}
	if !slices.Equal(offs, []uint64{0}) {
		t.Fatalf("offsets = %v", offs)
	}
	dec := make([]byte, len(in))
	if err := Decode(dec, out, p); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(dec, in) {
		t.Fatalf("decode mismatch")
	}
}

// AppendEncode appends to dst, writes in place when there is room, and
// gives the same stream and offsets as Encode.
func TestAppendEncode(t *testing.T) {
	in := smoothField24(100_000)
	want, wantOffs, err := Encode(in, headlineParams)
	if err != nil {
		t.Fatal(err)
	}
	prefix := []byte("prefix")
	for _, spare := range []int{0, 10, len(in) + 4096} {
		dst := make([]byte, len(prefix), len(prefix)+spare)
		copy(dst, prefix)
		for i := len(dst); i < cap(dst); i++ {
			dst[:cap(dst)][i] = 0xa5 // stale bytes must not leak into the stream
		}
		got, offs, err := AppendEncode(dst, in, headlineParams)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got[:len(prefix)], prefix) || !bytes.Equal(got[len(prefix):], want) || !slices.Equal(offs, wantOffs) {
			t.Fatalf("spare %d: appended stream differs", spare)
		}
		if spare > len(in) && &got[0] != &dst[0] {
			t.Fatalf("spare %d: output was reallocated", spare)
		}
	}
	got, _, err := AppendEncode(prefix, in, headlineParams, WithThreads(2))
	if err != nil || !bytes.Equal(got[len(prefix):], want) {
		t.Fatalf("threaded append differs: %v", err)
	}
	empty, offs, err := AppendEncode(prefix[:3], nil, headlineParams)
	if err != nil || string(empty) != "pre" || len(offs) != 0 {
		t.Fatalf("empty append: %q %v %v", empty, offs, err)
	}
}
