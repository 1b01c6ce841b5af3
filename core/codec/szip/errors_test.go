package szip

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

var example1Params = Params{BitsPerSample: 8, BlockSize: 8, RSI: 2, Flags: FlagPreprocess}

func example1(t testing.TB) (in, enc []byte) {
	in = testutil.Hex(t, "0a0b0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0cc8034d8c09fa1f80050505050505050505050505")
	enc = testutil.Hex(t, "2144fc2019f91f89afdedf5c10000a80")
	return in, enc
}

func TestEncodeRejects(t *testing.T) {
	p := Params{BitsPerSample: 16, BlockSize: 8, RSI: 1}
	if _, _, err := Encode([]byte{1, 2, 3}, p); !errors.Is(err, ErrLength) {
		t.Errorf("odd length: %v", err)
	}
	p.Flags = FlagPadRSI
	if _, _, err := Encode([]byte{1, 2}, p); !errors.Is(err, ErrParams) {
		t.Errorf("PAD_RSI: %v", err)
	}
}

func TestEncodeEmpty(t *testing.T) {
	out, offs, err := Encode(nil, headlineParams)
	if err != nil || len(out) != 0 || len(offs) != 0 || offs == nil {
		t.Fatalf("got %x %v %v", out, offs, err)
	}
}

// Bits libaec does not define are ignored, so flags 8|128 code like 8.
func TestUnknownFlagBitsIgnored(t *testing.T) {
	in, enc := example1(t)
	p := example1Params
	p.Flags |= 128 | 256
	out, _, err := Encode(in, p)
	if err != nil || !bytes.Equal(out, enc) {
		t.Fatalf("got %x, %v", out, err)
	}
}

func TestDecodeTruncated(t *testing.T) {
	in, enc := example1(t)
	for cut := 0; cut < len(enc)-1; cut++ {
		dst := make([]byte, len(in))
		err := Decode(dst, enc[:cut], example1Params)
		if !errors.Is(err, ErrTruncated) {
			t.Errorf("cut %d: got %v, want ErrTruncated", cut, err)
		}
	}
	dst := make([]byte, len(in)+8)
	if err := Decode(dst, enc, example1Params); !errors.Is(err, ErrTruncated) {
		t.Errorf("too many samples requested: %v", err)
	}
	if err := Decode(make([]byte, 3), enc, Params{BitsPerSample: 16, BlockSize: 8, RSI: 1}); !errors.Is(err, ErrLength) {
		t.Errorf("odd output length: %v", err)
	}
}

func TestDecodeCorrupt(t *testing.T) {
	p := Params{BitsPerSample: 8, BlockSize: 8, RSI: 1}
	// ID 000, zero-block option, FS(6) -> run of 6 blocks in a 1-block RSI.
	zeroRun := []byte{0b0000_0000, 0b0001_0000, 0, 0}
	if err := Decode(make([]byte, 8), zeroRun, p); !errors.Is(err, ErrCorrupt) {
		t.Errorf("zero run: %v", err)
	}
	// ID 000, second extension, FS(91).
	se := make([]byte, 16)
	se[0] = 0b0001_0000
	// bits: 000 1 then 91 zeros then 1 at bit 4+91 = 95
	se[95/8] |= 0x80 >> (95 % 8)
	if err := Decode(make([]byte, 8), se, p); !errors.Is(err, ErrCorrupt) {
		t.Errorf("SE symbol: %v", err)
	}
}

// PAD_RSI streams (every RSI starts on a byte boundary) decode correctly;
// they are built here from independently encoded RSIs.
func TestDecodePadRSI(t *testing.T) {
	p := Params{BitsPerSample: 12, BlockSize: 8, RSI: 3, Flags: FlagPreprocess | FlagMSB}
	in := make([]byte, 2*100)
	for i := 0; i < 100; i++ {
		v := uint16((i * i * 7) % 4096)
		in[2*i], in[2*i+1] = byte(v>>8), byte(v)
	}
	var stream []byte
	per := p.RSISamples() * 2
	for lo := 0; lo < len(in); lo += per {
		part, _, err := Encode(in[lo:min(lo+per, len(in))], p)
		if err != nil {
			t.Fatal(err)
		}
		stream = append(stream, part...)
	}
	pp := p
	pp.Flags |= FlagPadRSI
	dst := make([]byte, len(in))
	if err := Decode(dst, stream, pp); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(dst, in) {
		t.Fatal("PAD_RSI decode differs")
	}
	offs, err := ScanOffsets(stream, pp, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range offs {
		if o%8 != 0 {
			t.Fatalf("PAD_RSI offsets not byte aligned: %v", offs)
		}
	}
	part := make([]byte, 20)
	if err := DecodeRange(part, stream, pp, offs, 100); err != nil || !bytes.Equal(part, in[100:120]) {
		t.Fatalf("PAD_RSI range: %v", err)
	}
}

func TestDecodeRangeErrors(t *testing.T) {
	in, enc := example1(t)
	p := example1Params
	dst := make([]byte, 4)
	cases := []struct {
		name string
		offs []uint64
		off  int
		want error
	}{
		{"empty table", nil, 0, ErrOffsets},
		{"first not zero", []uint64{1, 27, 107}, 0, ErrOffsets},
		{"not increasing", []uint64{0, 27, 27}, 0, ErrOffsets},
		{"beyond stream", []uint64{0, 27, 200}, 0, ErrOffsets},
		{"rsi without offset", []uint64{0, 27}, 40, ErrOffsets},
		{"negative", []uint64{0, 27, 107}, -1, ErrRange},
		{"rsi past the table", []uint64{0, 27, 107}, 60, ErrOffsets},
	}
	for _, c := range cases {
		if err := DecodeRange(dst, enc, p, c.offs, c.off); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	if err := DecodeRange(make([]byte, 20), enc, p, []uint64{0, 27, 107}, 40); !errors.Is(err, ErrTruncated) {
		t.Errorf("past the data: %v", err)
	}
	if err := DecodeRange(nil, enc, p, nil, 0); err != nil {
		t.Errorf("empty range: %v", err)
	}
	// Unaligned byte ranges with 2-byte containers.
	p16 := Params{BitsPerSample: 16, BlockSize: 8, RSI: 2, Flags: FlagPreprocess}
	in16 := make([]byte, 2*len(in))
	for i, b := range in {
		in16[2*i], in16[2*i+1] = b, byte(i)
	}
	enc16, offs16, err := Encode(in16, p16)
	if err != nil {
		t.Fatal(err)
	}
	for lo := 0; lo < len(in16); lo += 3 {
		for hi := lo + 1; hi <= len(in16); hi += 5 {
			got := make([]byte, hi-lo)
			if err := DecodeRange(got, enc16, p16, offs16, lo, WithTrustedOffsets()); err != nil || !bytes.Equal(got, in16[lo:hi]) {
				t.Fatalf("range [%d,%d): %v", lo, hi, err)
			}
		}
	}
}

func TestDefectiveOffsetsErrors(t *testing.T) {
	in, enc := example1(t)
	if _, err := DefectiveOffsets(enc, example1Params, []uint64{0, 27}, len(in)); !errors.Is(err, ErrOffsets) {
		t.Errorf("short table: %v", err)
	}
	for _, n := range []int{1 << 40, math.MaxInt, -1} {
		if _, err := ScanOffsets(enc, example1Params, n); !errors.Is(err, ErrLength) {
			t.Errorf("sample count %d: %v", n, err)
		}
		if _, err := DefectiveOffsets(enc, example1Params, []uint64{0}, n); !errors.Is(err, ErrLength) {
			t.Errorf("DefectiveOffsets sample count %d: %v", n, err)
		}
	}
	if err := DecodeRange(make([]byte, 8), enc, example1Params, []uint64{0, 27, 107}, math.MaxInt-4); !errors.Is(err, ErrRange) && !errors.Is(err, ErrOffsets) {
		t.Errorf("offset near MaxInt: %v", err)
	}
	if _, err := ScanOffsets(enc[:5], example1Params, len(in)); !errors.Is(err, ErrTruncated) {
		t.Errorf("truncated scan: %v", err)
	}
}

// Parallel decode must not depend on the offsets it is given.
func TestParallelDecodeWrongOffsets(t *testing.T) {
	in := smoothField24(200_000)
	enc, offs, err := Encode(in, headlineParams)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]byte, len(in))
	if err := Decode(want, enc, headlineParams); err != nil || !bytes.Equal(want, in) {
		t.Fatal("sequential decode", err)
	}
	bad := [][]uint64{
		append([]uint64(nil), offs...),
		offs[:3],
		{0, 1, 2, 3, 4, 5},
	}
	for i := 1; i < len(bad[0]); i += 7 {
		bad[0][i] += 3
	}
	for _, tbl := range bad {
		for _, th := range []int{2, 3, 8} {
			got := make([]byte, len(in))
			if err := Decode(got, enc, headlineParams, WithThreads(th), WithOffsets(tbl), withParallelMin(0)); err != nil || !bytes.Equal(got, in) {
				t.Fatalf("threads %d: %v", th, err)
			}
		}
	}
}

// Repeated and concurrent calls give identical bytes.
func TestDeterminism(t *testing.T) {
	in := smoothField24(300_000)
	ref, refOffs, err := Encode(in, headlineParams)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func(th int) {
			for k := 0; k < 2; k++ {
				out, offs, err := Encode(in, headlineParams, WithThreads(th))
				if err == nil && (!bytes.Equal(out, ref) || len(offs) != len(refOffs)) {
					err = errors.New("output differs")
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}(1 + g)
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
