package zfp

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// roundTrip encodes vals with p and decodes the stream; either failing
// fails t.
func roundTrip(t testing.TB, vals []float64, p Params) []float64 {
	t.Helper()
	s, err := Encode(vals, p)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(vals))
	if err := Decode(out, s, p); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRoundTripBounds(t *testing.T) {
	vals := genData("smooth", 1001, 1)
	for _, tol := range []float64{1e-9, 1e-3, 0.5} {
		p := Params{Mode: FixedAccuracy, Tolerance: tol}
		out := roundTrip(t, vals, p)
		for i := range vals {
			if math.Abs(out[i]-vals[i]) > tol {
				t.Fatalf("tolerance %v: value %d off by %v", tol, i, out[i]-vals[i])
			}
		}
	}
	p := Params{Mode: FixedPrecision, Precision: 64}
	s, _ := Encode([]float64{1, 2, 3, 4}, p)
	out := make([]float64, 4)
	if err := Decode(out, s, p); err != nil || out[0] != 1 || out[3] != 4 {
		t.Fatalf("precision 64: %v %v", out, err)
	}
}

func TestFixedRateSize(t *testing.T) {
	for _, n := range []int{1, 4, 5, 1000, 1001} {
		for _, rate := range []float64{0, 8, 16, 64} {
			p := Params{Mode: FixedRate, Rate: rate}
			s, err := Encode(genData("noisy", n, 2), p)
			if err != nil {
				t.Fatal(err)
			}
			bb, _ := p.BlockBits()
			want := (blocks(uint64(n))*bb + 63) / 64 * 8
			if uint64(len(s)) != want {
				t.Fatalf("n=%d rate=%v: %d bytes, want %d", n, rate, len(s), want)
			}
		}
	}
}

func TestParamsErrors(t *testing.T) {
	for _, p := range []Params{
		{}, {Mode: 9}, {Mode: FixedRate, Rate: -1}, {Mode: FixedRate, Rate: math.NaN()}, {Mode: FixedRate, Rate: math.Inf(1)},
		{Mode: FixedRate, Rate: 2e9}, {Mode: FixedAccuracy}, {Mode: FixedAccuracy, Tolerance: -1}, {Mode: FixedAccuracy, Tolerance: math.NaN()},
	} {
		if _, err := Encode([]float64{1}, p); !errors.Is(err, ErrParams) {
			t.Errorf("%+v: Encode error %v, want ErrParams", p, err)
		}
		if err := Decode(make([]float64, 1), []byte{1}, p); !errors.Is(err, ErrParams) {
			t.Errorf("%+v: Decode error %v, want ErrParams", p, err)
		}
	}
}

func TestStreamErrors(t *testing.T) {
	rate := Params{Mode: FixedRate, Rate: 16}
	prec := Params{Mode: FixedPrecision, Precision: 64}
	full, _ := Encode(genData("noisy", 100, 3), rate)
	fullP, _ := Encode(genData("noisy", 100, 3), prec)
	cases := []struct {
		name   string
		n      int
		stream []byte
		p      Params
		want   error
	}{
		{"zero values, data", 0, []byte{0}, rate, ErrLength},
		{"values, empty", 4, nil, rate, ErrLength},
		{"fixed rate short", 100, full[:len(full)-8], rate, ErrShortStream},
		{"fixed rate one byte", 1 << 20, []byte{0x57}, rate, ErrShortStream},
		{"too long", 4, make([]byte, 1000), rate, ErrTooLong},
		{"precision truncated", 100, fullP[:40], prec, ErrShortStream},
		{"precision 1 byte huge n", 1 << 30, []byte{0xff}, prec, ErrShortStream},
	}
	for _, c := range cases {
		if err := CheckStream(c.stream, uint64(c.n), c.p); c.n <= 1<<20 {
			dst := make([]float64, c.n)
			err = Decode(dst, c.stream, c.p)
			if !errors.Is(err, c.want) {
				t.Errorf("%s: Decode error %v, want %v", c.name, err, c.want)
			}
		} else if !errors.Is(err, c.want) {
			t.Errorf("%s: CheckStream error %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := Encode([]float64{1}, Params{Mode: FixedRate, Rate: 4165}); !errors.Is(err, ErrParams) {
		t.Errorf("rate 4165 at encode: %v", err)
	}
	if err := Decode(make([]float64, 1), make([]byte, 2088), Params{Mode: FixedRate, Rate: 4175}); err != nil {
		t.Errorf("rate 4175 at decode: %v", err)
	}
	if err := Decode(nil, nil, rate); err != nil {
		t.Errorf("empty field: %v", err)
	}
	if err := DecodeRange(make([]float64, 2), full, 100, 99, rate); !errors.Is(err, ErrRange) {
		t.Errorf("range past end: %v", err)
	}
}

func TestByteOrders(t *testing.T) {
	vals := genData("mixed", 37, 4)
	p := Params{Mode: FixedPrecision, Precision: 40}
	want, _ := Encode(vals, p)
	be := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.BigEndian.PutUint64(be[8*i:], math.Float64bits(v))
	}
	got, err := EncodeBytes(be, binary.BigEndian, p)
	if err != nil || string(got) != string(want) {
		t.Fatalf("big-endian input encodes differently (%v)", err)
	}
	dec := make([]float64, len(vals))
	_ = Decode(dec, want, p)
	out := make([]byte, len(be))
	if err := DecodeBytes(out, want, binary.BigEndian, p); err != nil {
		t.Fatal(err)
	}
	part := make([]byte, 8*10)
	if err := DecodeRangeBytes(part, want, uint64(len(vals)), 13, binary.BigEndian, p); err != nil {
		t.Fatal(err)
	}
	for i := range dec {
		if binary.BigEndian.Uint64(out[8*i:]) != math.Float64bits(dec[i]) {
			t.Fatalf("value %d differs", i)
		}
		if i >= 13 && i < 23 && binary.BigEndian.Uint64(part[8*(i-13):]) != math.Float64bits(dec[i]) {
			t.Fatalf("range value %d differs", i)
		}
	}
	if _, err := EncodeBytes(make([]byte, 7), binary.LittleEndian, p); !errors.Is(err, ErrLength) {
		t.Errorf("ragged input: %v", err)
	}
}

// TestUnalignedBuffers: byte buffers that cannot be viewed as []float64
// take the portable path with the same results.
func TestUnalignedBuffers(t *testing.T) {
	vals := genData("noisy", 50, 5)
	p := Params{Mode: FixedRate, Rate: 20}
	want, _ := Encode(vals, p)
	back := make([]float64, len(vals))
	_ = Decode(back, want, p)
	raw := make([]byte, 8*len(vals)+1)
	for i, v := range vals {
		binary.LittleEndian.PutUint64(raw[1+8*i:], math.Float64bits(v))
	}
	got, err := EncodeBytes(raw[1:], binary.LittleEndian, p)
	if err != nil || string(got) != string(want) {
		t.Fatalf("unaligned encode differs (%v)", err)
	}
	out := make([]byte, len(raw))
	if err := DecodeBytes(out[1:], want, binary.LittleEndian, p); err != nil {
		t.Fatal(err)
	}
	for i, v := range back {
		if binary.LittleEndian.Uint64(out[1+8*i:]) != math.Float64bits(v) {
			t.Fatalf("value %d differs", i)
		}
	}
}
