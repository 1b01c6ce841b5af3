package simplepacking

import (
	"encoding/binary"
	"math"
	"math/rand"
	"testing"
)

// putSamplesRef is PutFiniteSamples one value at a time with quantise32,
// the reference the vector kernel must match.
func putSamplesRef(z Quantiser, q []uint32, src []byte, big bool) bool {
	finite := true
	for i := range q {
		var v float64
		if big {
			v = math.Float64frombits(binary.BigEndian.Uint64(src[8*i:]))
		} else {
			v = math.Float64frombits(binary.LittleEndian.Uint64(src[8*i:]))
		}
		finite = finite && !math.IsNaN(v) && !math.IsInf(v, 0)
		q[i] = quantise32(v, z.ref, z.scale, z.maxq)
	}
	return finite
}

// float64Bytes returns vals as IEEE-754 bytes in either byte order.
func float64Bytes(vals []float64, big bool) []byte {
	raw := make([]byte, 8*len(vals))
	for i, v := range vals {
		if big {
			binary.BigEndian.PutUint64(raw[8*i:], math.Float64bits(v))
		} else {
			binary.LittleEndian.PutUint64(raw[8*i:], math.Float64bits(v))
		}
	}
	return raw
}

// checkPutSamples compares PutFiniteSamples with the reference on vals in
// both byte orders.
func checkPutSamples(t *testing.T, z Quantiser, vals []float64) {
	t.Helper()
	for _, big := range []bool{false, true} {
		raw := float64Bytes(vals, big)
		got, want := make([]uint32, len(vals)), make([]uint32, len(vals))
		okGot := z.PutFiniteSamples(got, raw, big)
		okWant := putSamplesRef(z, want, raw, big)
		if okGot != okWant {
			t.Fatalf("big %v: finite %v, want %v", big, okGot, okWant)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("big %v: value %d (%v) quantised to %d, want %d (ref %v scale %v maxq %d)",
					big, i, vals[i], got[i], want[i], z.ref, z.scale, z.maxq)
			}
		}
	}
}

// The vector kernel (when the CPU has one; run with -tags purego for the
// portable path) quantises exactly like quantise32 on rounding edges,
// saturation, NaN and infinities at every position, and random values.
func TestPutFiniteSamplesKernel(t *testing.T) {
	edges := []float64{0, -0.0, 0.25, 0.49999999999999994, 0.5, 0.5000000000000001, 1.5, 2.5,
		1<<24 - 1.5, 1<<24 - 0.5, 1 << 24, 1<<31 - 0.5, 1<<32 - 1.5, 1<<32 - 0.5, 1 << 32, 1<<32 + 0.5,
		1 << 63, 1e300, -1, -1e300, math.SmallestNonzeroFloat64, math.MaxFloat64, -math.MaxFloat64}
	r := rand.New(rand.NewSource(11))
	for _, bits := range []uint32{1, 8, 12, 16, 24, 31, 32} {
		z := Quantiser{ref: 0, scale: 1, maxq: maxQ(bits)}
		vals := append([]float64(nil), edges...)
		for range 1000 {
			vals = append(vals, math.Ldexp(r.Float64(), r.Intn(40)-2)-r.Float64())
		}
		checkPutSamples(t, z, vals)
		zs := Quantiser{ref: 280, scale: math.Ldexp(1, 19), maxq: maxQ(bits)}
		checkPutSamples(t, zs, vals)
	}
	z := Quantiser{ref: 1, scale: 3, maxq: maxQ(24)}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		for n := 1; n <= 20; n++ {
			for at := 0; at < n; at++ {
				vals := make([]float64, n)
				for i := range vals {
					vals[i] = float64(i) * 0.7
				}
				vals[at] = bad
				checkPutSamples(t, z, vals)
			}
		}
	}
}

// FuzzPutFiniteSamples holds the vector kernel to the scalar reference on
// arbitrary bit patterns, parameters and lengths.
func FuzzPutFiniteSamples(f *testing.F) {
	f.Add([]byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef!"), 0.0, 1.0, uint8(24))
	f.Add(make([]byte, 200), -5.5, 1e-3, uint8(32))
	f.Fuzz(func(t *testing.T, raw []byte, ref, scale float64, bits uint8) {
		if bits == 0 || bits > 32 || math.IsNaN(ref) || math.IsInf(ref, 0) {
			return
		}
		z := Quantiser{ref: ref, scale: scale, maxq: maxQ(uint32(bits))}
		n := len(raw) / 8
		for _, big := range []bool{false, true} {
			got, want := make([]uint32, n), make([]uint32, n)
			okGot := z.PutFiniteSamples(got, raw, big)
			okWant := putSamplesRef(z, want, raw, big)
			if okGot != okWant {
				t.Fatalf("finite %v, want %v", okGot, okWant)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("value %d quantised to %d, want %d", i, got[i], want[i])
				}
			}
		}
	})
}

// checkUnpack compares PutFloat64s (vector kernel where the CPU has it)
// with the scalar formula on q, in both byte orders.
func checkUnpack(t *testing.T, u Unpacker, q []uint32) {
	t.Helper()
	for _, big := range []bool{false, true} {
		got := make([]byte, 8*len(q))
		u.PutFloat64s(got, big, q)
		want := make([]float64, len(q))
		for i, s := range q {
			want[i] = u.ref + float64(u.inv*float64(uint64(s)&u.mask))
		}
		if w := float64Bytes(want, big); string(got) != string(w) {
			t.Fatalf("big %v ref %v inv %v mask %#x: unpacked %x, want %x", big, u.ref, u.inv, u.mask, got, w)
		}
	}
}

// The unpacking kernel gives the scalar formula's bits for every sample
// width (samples wider than the mask included), lengths around the vector
// width, and assorted reference values and scales.
func TestPutFloat64sKernel(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	for bits := uint32(1); bits <= 32; bits++ {
		for _, ri := range [][2]float64{{0, 1}, {280.125, math.Ldexp(1, -19)}, {-1e300, 1e290}, {math.Pi, -0.1}} {
			u := Unpacker{ref: ri[0], inv: ri[1], mask: 1<<bits - 1}
			for n := 0; n <= 40; n += 1 + n/8 {
				q := make([]uint32, n)
				for i := range q {
					q[i] = r.Uint32()
					if i%5 == 0 {
						q[i] = 0xffffffff
					}
				}
				checkUnpack(t, u, q)
			}
		}
	}
}

// FuzzPutFloat64s holds the unpacking kernel to the scalar formula.
func FuzzPutFloat64s(f *testing.F) {
	f.Add([]byte("0123456789abcdef0123456789abcdef!"), 1.5, 0.25, uint8(24))
	f.Fuzz(func(t *testing.T, raw []byte, ref, inv float64, bits uint8) {
		// Parameters are finite (validated); NaN payloads are not compared.
		if bits == 0 || bits > 32 || math.IsNaN(ref+inv) || math.IsInf(ref+inv, 0) {
			return
		}
		q := make([]uint32, len(raw)/4)
		for i := range q {
			q[i] = binary.LittleEndian.Uint32(raw[4*i:])
		}
		checkUnpack(t, Unpacker{ref: ref, inv: inv, mask: 1<<bits - 1}, q)
	})
}
