package simplepacking

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestPowiMatchesRepeatedSquaring(t *testing.T) {
	if Powi(10, 0) != 1 || Powi(2, -3) != 0.125 || Powi(10, 3) != 1000 {
		t.Fatal("basic powers wrong")
	}
	for d := int32(-300); d <= 300; d++ {
		p := Powi(10, d)
		if d >= -22 && d <= 22 && p != math.Pow(10, float64(d)) {
			t.Fatalf("10^%d = %v, want %v", d, p, math.Pow(10, float64(d)))
		}
		if q := Powi(2, d); q != math.Ldexp(1, int(d)) {
			t.Fatalf("2^%d = %v", d, q)
		}
	}
}

func TestComputeParamsErrors(t *testing.T) {
	_, err := ComputeParams([]float64{1, math.NaN()}, 16, 0)
	var ve *ValueError
	if !errors.As(err, &ve) || ve.Index != 1 || !errors.Is(err, ErrNaN) || err.Error() != "NaN value encountered at index 1" {
		t.Fatalf("NaN: %v", err)
	}
	_, err = ComputeParams([]float64{1, 2, math.Inf(-1), math.NaN()}, 16, 0)
	if !errors.Is(err, ErrInf) || err.Error() != "infinite value encountered at index 2" {
		t.Fatalf("Inf: %v", err)
	}
	_, err = ComputeParams([]float64{1}, 65, 0)
	if !errors.Is(err, ErrBitsPerValue) || err.Error() != "bits_per_value 65 exceeds maximum of 64" {
		t.Fatalf("bits: %v", err)
	}
	// bits = 0 and empty input skip the NaN scan.
	p, err := ComputeParams([]float64{math.NaN(), 1}, 0, 2)
	if err != nil || !math.IsNaN(p.ReferenceValue) || p.DecimalScaleFactor != 2 {
		t.Fatalf("bits 0: %+v %v", p, err)
	}
	p, err = ComputeParams(nil, 24, 0)
	if err != nil || p.ReferenceValue != 0 || p.BinaryScaleFactor != 0 {
		t.Fatalf("empty: %+v %v", p, err)
	}
	// Tiny range: accepted here, rejected by Encode (docs/codecs.md, simple_packing).
	p, err = ComputeParams([]float64{0, 1e-300}, 16, 0)
	if err != nil || p.BinaryScaleFactor != -1012 {
		t.Fatalf("tiny: %+v %v", p, err)
	}
	_, err = Encode([]float64{0, 1e-300}, p)
	if !errors.Is(err, ErrBinaryScaleFactor) || !strings.HasPrefix(err.Error(), "invalid binary_scale_factor: value -1012 is outside the reasonable range ±256;") {
		t.Fatalf("encode tiny: %v", err)
	}
}

func TestEncodeRejects(t *testing.T) {
	ok := Params{BitsPerValue: 16}
	cases := []struct {
		name string
		vals []float64
		p    Params
		is   error
		msg  string
	}{
		{"ref inf", []float64{1}, Params{ReferenceValue: math.Inf(1), BitsPerValue: 16}, ErrReferenceValue, "invalid reference_value: must be finite, got inf"},
		{"ref nan", []float64{1}, Params{ReferenceValue: math.NaN(), BitsPerValue: 16}, ErrReferenceValue, "invalid reference_value: must be finite, got NaN"},
		{"scale", []float64{1}, Params{BinaryScaleFactor: 257, BitsPerValue: 16}, ErrBinaryScaleFactor, ""},
		{"scale min", []float64{1}, Params{BinaryScaleFactor: math.MinInt32, BitsPerValue: 16}, ErrBinaryScaleFactor, ""},
		{"bits", []float64{1}, Params{BitsPerValue: 65}, ErrBitsPerValue, "bits_per_value 65 exceeds maximum of 64"},
		{"nan", []float64{1, 2, math.NaN()}, ok, ErrNaN, "NaN value encountered at index 2"},
		{"inf", []float64{math.Inf(1)}, ok, ErrInf, "infinite value encountered at index 0"},
		{"nan bits0", []float64{0, math.NaN()}, Params{}, ErrNaN, ""},
		{"nan bits13", []float64{0, 1, math.NaN()}, Params{BitsPerValue: 13}, ErrNaN, ""},
	}
	for _, c := range cases {
		_, err := Encode(c.vals, c.p)
		if !errors.Is(err, c.is) || (c.msg != "" && err.Error() != c.msg) {
			t.Errorf("%s: got %v", c.name, err)
		}
	}
	if _, err := EncodeBytes(make([]byte, 9), false, ok); !errors.Is(err, ErrRange) {
		t.Errorf("odd byte length: %v", err)
	}
}

func TestFirstOffenderAcrossChunks(t *testing.T) {
	vals := make([]float64, 300000)
	vals[250000] = math.Inf(1)
	vals[200001] = math.NaN()
	_, err := Encode(vals, Params{BitsPerValue: 12}, WithThreads(4))
	var ve *ValueError
	if !errors.As(err, &ve) || ve.Index != 200001 || ve.Kind != ErrNaN {
		t.Fatalf("got %v", err)
	}
}

func TestQuantiseSaturation(t *testing.T) {
	// Negative and over-range values clamp; 64 bits saturates at 2^64.
	got, err := Encode([]float64{-1, 0, 255.5, 1e6}, Params{BitsPerValue: 8})
	if err != nil || !bytes.Equal(got, []byte{0, 0, 255, 255}) {
		t.Fatalf("8 bits: %x %v", got, err)
	}
	got, err = Encode([]float64{1e30}, Params{BitsPerValue: 64})
	if err != nil || !bytes.Equal(got, bytes.Repeat([]byte{0xff}, 8)) {
		t.Fatalf("64 bits: %x %v", got, err)
	}
	got, err = Encode([]float64{2.5, 3.5, 0.49999999999999994}, Params{BitsPerValue: 4})
	if err != nil || !bytes.Equal(got, []byte{0x34, 0x00}) {
		t.Fatalf("round half away: %x %v", got, err)
	}
}

// refPack is an obviously-correct bit-by-bit packer used as a test oracle.
func refPack(vals []float64, p Params) []byte {
	size, _ := PackedSize(len(vals), p.BitsPerValue)
	out := make([]byte, size)
	scale := Powi(10, p.DecimalScaleFactor) * Powi(2, -p.BinaryScaleFactor)
	pos := 0
	for _, v := range vals {
		q := quantise(v, p.ReferenceValue, scale, maxQ(p.BitsPerValue))
		for b := int(p.BitsPerValue) - 1; b >= 0; b-- {
			if q>>uint(b)&1 != 0 {
				out[pos/8] |= 0x80 >> uint(pos%8)
			}
			pos++
		}
	}
	return out
}

func TestRoundTripAllWidths(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []int{0, 1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000}
	for bits := uint32(0); bits <= 64; bits++ {
		for _, n := range sizes {
			vals := make([]float64, n)
			for i := range vals {
				vals[i] = 100 + 50*rng.NormFloat64()
			}
			p, err := ComputeParams(vals, bits, 0)
			if err != nil {
				t.Fatal(err)
			}
			packed, err := Encode(vals, p)
			if err != nil {
				t.Fatal(err)
			}
			if want := refPack(vals, p); !bytes.Equal(packed, want) {
				t.Fatalf("bits %d n %d: pack mismatch\n got %x\nwant %x", bits, n, packed, want)
			}
			dec, err := Decode(packed, n, p)
			if err != nil {
				t.Fatal(err)
			}
			tol := 0.0
			if bits > 0 {
				tol = math.Ldexp(1, int(p.BinaryScaleFactor)) * 0.5000001
			}
			for i := range vals {
				if bits == 0 {
					if dec[i] != p.ReferenceValue {
						t.Fatalf("bits 0: %v", dec[i])
					}
					continue
				}
				if bits < 40 && math.Abs(dec[i]-vals[i]) > tol {
					t.Fatalf("bits %d n %d i %d: %v vs %v (tol %v)", bits, n, i, dec[i], vals[i], tol)
				}
			}
			// Range decode equals the slice of the full decode.
			if n > 3 {
				r, err := DecodeRange(packed, n, 1, n-2, p)
				if err != nil {
					t.Fatal(err)
				}
				if !sameBits(r, dec[1:n-1]) {
					t.Fatalf("bits %d n %d: range mismatch", bits, n)
				}
			}
		}
	}
}

func TestConstantField(t *testing.T) {
	vals := []float64{42, 42, 42, 42, 42}
	for _, bits := range []uint32{1, 7, 13, 24, 64} {
		p, err := ComputeParams(vals, bits, 0)
		if err != nil || p.ReferenceValue != 42 || p.BinaryScaleFactor != 0 {
			t.Fatal(p, err)
		}
		packed, err := Encode(vals, p)
		size, _ := PackedSize(len(vals), bits)
		if err != nil || !bytes.Equal(packed, make([]byte, size)) {
			t.Fatalf("bits %d: %x %v", bits, packed, err)
		}
		dec, _ := Decode(packed, len(vals), p)
		if !sameBits(dec, vals) {
			t.Fatal(dec)
		}
	}
}

func TestThreadsIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 3*minParallelValues + 13
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = 250 + 30*rng.NormFloat64()
	}
	for _, bits := range []uint32{1, 7, 8, 12, 24, 31, 33, 64} {
		p, _ := ComputeParams(vals, bits, 1)
		if p.BinaryScaleFactor < -256 {
			continue
		}
		ref, err := Encode(vals, p, WithThreads(1))
		if err != nil {
			t.Fatal(err)
		}
		refDec, _ := Decode(ref, n, p)
		for _, th := range []int{2, 3, 4, 7} {
			got, err := Encode(vals, p, WithThreads(th))
			if err != nil || !bytes.Equal(got, ref) {
				t.Fatalf("bits %d threads %d differ", bits, th)
			}
			dec, _ := Decode(ref, n, p, WithThreads(th))
			if !sameBits(dec, refDec) {
				t.Fatalf("bits %d threads %d decode differ", bits, th)
			}
		}
	}
}

func TestSplitChunks(t *testing.T) {
	for _, c := range []struct{ n, th, want int }{
		{10, 4, 1}, {minParallelValues, 4, 4}, {minParallelValues, 1, 1}, {minParallelValues, 0, 1}, {1 << 20, 3, 3},
	} {
		b := splitChunks(c.n, c.th)
		if len(b)-1 != c.want || b[0] != 0 || b[len(b)-1] != c.n {
			t.Fatalf("%+v: %v", c, b)
		}
		for _, s := range b[:len(b)-1] {
			if s%8 != 0 {
				t.Fatalf("unaligned chunk start %d", s)
			}
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	p := Params{BitsPerValue: 12}
	_, err := Decode([]byte{1, 2}, 2, p)
	if !errors.Is(err, ErrInsufficientData) || err.Error() != "insufficient data: expected at least 3 bytes, got 2" {
		t.Fatalf("short: %v", err)
	}
	if _, err := Decode(nil, 1, Params{BitsPerValue: 65}); !errors.Is(err, ErrBitsPerValue) {
		t.Fatal(err)
	}
	if _, err := Decode(nil, math.MaxInt, Params{BitsPerValue: 64}); !errors.Is(err, ErrRange) {
		t.Fatal(err)
	}
	if _, err := DecodeRange(make([]byte, 3), 2, 1, 2, p); !errors.Is(err, ErrRange) {
		t.Fatal(err)
	}
	if err := DecodeBytesInto(make([]byte, 7), false, nil, p); !errors.Is(err, ErrRange) {
		t.Fatal(err)
	}
	// Zero bits: every value is the reference, no payload needed.
	d, err := Decode(nil, 3, Params{ReferenceValue: 7.5})
	if err != nil || !sameBits(d, []float64{7.5, 7.5, 7.5}) {
		t.Fatal(d, err)
	}
}

func TestRangeSpan(t *testing.T) {
	sp, err := RangeSpan(3, 2, 12) // bits [36, 60)
	if err != nil || sp != (Span{Lo: 4, Hi: 8, BitOffset: 4}) {
		t.Fatalf("%+v %v", sp, err)
	}
	sp, err = RangeSpan(8, 1, 24)
	if err != nil || sp != (Span{Lo: 24, Hi: 27}) {
		t.Fatalf("%+v %v", sp, err)
	}
	if _, err := RangeSpan(math.MaxInt, 2, 64); !errors.Is(err, ErrRange) {
		t.Fatal(err)
	}
	// DecodeSpanBytesInto over a span equals DecodeRange.
	vals := []float64{1, 2, 3, 4, 5, 6, 7}
	p, _ := ComputeParams(vals, 11, 0)
	packed, _ := Encode(vals, p)
	sp, _ = RangeSpan(2, 4, 11)
	dst := make([]byte, 32)
	if err := DecodeSpanBytesInto(dst, true, packed[sp.Lo:sp.Hi], sp.BitOffset, p); err != nil {
		t.Fatal(err)
	}
	want, _ := DecodeRange(packed, 7, 2, 4, p)
	if !bytes.Equal(dst, toBE(want)) {
		t.Fatal("span decode mismatch")
	}
}

// Unpacker gives exactly Decode's values for the same samples, keeping only
// the low bits of each.
func TestUnpackerMatchesDecode(t *testing.T) {
	for _, bits := range []uint32{1, 7, 8, 12, 16, 24, 31, 32} {
		p := Params{ReferenceValue: 271.25, BinaryScaleFactor: -9, DecimalScaleFactor: 1, BitsPerValue: bits}
		n := 1000
		q := make([]uint32, n)
		packed := make([]byte, (n*int(bits)+7)/8+8)
		x := uint64(7)
		for i := range q {
			x = x*6364136223846793005 + 1442695040888963407
			v := uint32(x >> 32)
			if bits < 32 {
				v &= 1<<bits - 1
			}
			q[i] = v
			// MSB-first bit packing, as Encode writes.
			for b := uint32(0); b < bits; b++ {
				if v>>(bits-1-b)&1 != 0 {
					pos := i*int(bits) + int(b)
					packed[pos/8] |= 0x80 >> (pos % 8)
				}
			}
		}
		want := make([]byte, 8*n)
		if err := DecodeBytesInto(want, false, packed, p); err != nil {
			t.Fatal(err)
		}
		u, err := NewUnpacker(p)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]byte, 8*n)
		dirty := append([]uint32(nil), q...)
		if bits < 32 {
			for i := range dirty {
				dirty[i] |= ^uint32(0) << bits // high bits must be ignored
			}
		}
		u.PutFloat64s(got, false, dirty)
		if !bytes.Equal(got, want) {
			t.Fatalf("bits %d: little-endian values differ from Decode", bits)
		}
		if err := DecodeBytesInto(want, true, packed, p); err != nil {
			t.Fatal(err)
		}
		u.PutFloat64s(got, true, dirty)
		if !bytes.Equal(got, want) {
			t.Fatalf("bits %d: big-endian values differ from Decode", bits)
		}
	}
	for _, bits := range []uint32{0, 33, 64} {
		if _, err := NewUnpacker(Params{BitsPerValue: bits}); err == nil {
			t.Errorf("NewUnpacker accepted %d bits", bits)
		}
	}
}

// quantise rounds exactly like math.Round (half away from zero) on random
// bit patterns, halves, values next to halves and the saturation limits.
func TestQuantiseMatchesMathRound(t *testing.T) {
	ref := func(x float64, maxq uint64) uint64 {
		x = math.Round(x)
		switch {
		case !(x > 0):
			return 0
		case x >= 18446744073709551616.0 || uint64(x) > maxq:
			return maxq
		}
		return uint64(x)
	}
	r := rand.New(rand.NewPCG(1, 2))
	check := func(x float64, maxq uint64) {
		if got, want := quantise(x, 0, 1, maxq), ref(x, maxq); got != want {
			t.Fatalf("x=%v maxq=%d: quantise %d, math.Round %d", x, maxq, got, want)
		}
	}
	for i := 0; i < 2_000_000; i++ {
		var x float64
		switch i % 4 {
		case 0:
			x = math.Float64frombits(r.Uint64())
		case 1:
			x = float64(r.Uint64N(1<<54)) / 2 // halves
		case 2:
			x = math.Nextafter(float64(r.Uint64N(1<<40))+0.5, math.Inf(2*r.IntN(2)-1))
		default:
			x = r.Float64() * math.Pow(2, float64(r.IntN(80)))
		}
		check(x, 1<<r.IntN(65)-1)
		check(x, ^uint64(0))
	}
	for _, x := range []float64{0.5, 1.5, 2.5, 0.49999999999999994, 4503599627370495.5, 4503599627370496.5,
		9007199254740993, 1.8446744073709552e19, 1.844674407370955e19, math.Inf(1), math.Inf(-1), math.NaN(),
		-0.5, math.Copysign(0, -1), 5e-324} {
		check(x, ^uint64(0))
		check(x, 1<<24-1)
	}
}

// Quantiser gives the codes Encode packs, in both byte orders, and refuses
// what Encode refuses.
func TestQuantiserMatchesEncode(t *testing.T) {
	vals := make([]float64, 3000)
	for i := range vals {
		vals[i] = 250 + 40*math.Sin(float64(i)/17)
	}
	for _, bits := range []uint32{8, 16, 24, 32} {
		p, err := ComputeParams(vals, bits, 0)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Encode(vals, p)
		if err != nil {
			t.Fatal(err)
		}
		z, err := NewQuantiser(p)
		if err != nil {
			t.Fatal(err)
		}
		w := int(bits / 8)
		for _, big := range []bool{false, true} {
			raw := float64Bytes(vals, big)
			q := make([]uint32, len(vals))
			z.PutSamples(q, raw, big)
			for i, code := range q {
				var packed uint32
				for k := 0; k < w; k++ {
					packed = packed<<8 | uint32(want[w*i+k])
				}
				if code != packed {
					t.Fatalf("bits %d big %v: value %d quantised to %d, Encode packed %d", bits, big, i, code, packed)
				}
			}
		}
	}
	if _, err := NewQuantiser(Params{BitsPerValue: 24, ReferenceValue: math.NaN()}); err == nil {
		t.Error("NaN reference value accepted")
	}
	if _, err := NewQuantiser(Params{BitsPerValue: 40}); err == nil {
		t.Error("40 bits accepted")
	}
}
