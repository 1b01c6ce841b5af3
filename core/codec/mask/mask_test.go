package mask

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func bitmapOf(n int, idx ...int) *Bitmap {
	b := NewBitmap(n)
	for _, i := range idx {
		b.Set(i)
	}
	return b
}

func TestSpecExamples(t *testing.T) {
	if got := hex.EncodeToString(EncodeRLE(bitmapOf(10, 3, 4))); got != "00030205" {
		t.Errorf("rle: %s", got)
	}
	if got := EncodeRLE(NewBitmap(0)); len(got) != 0 {
		t.Errorf("rle empty: %x", got)
	}
	r, err := EncodeRoaring(bitmapOf(2000, 5, 6, 7, 1500))
	if err != nil || hex.EncodeToString(r) != "3a30000001000000000003001000000005000600070"+"0dc05" {
		t.Errorf("roaring array: %x %v", r, err)
	}
	idx := make([]int, 0, 1000)
	for i := 100; i < 1100; i++ {
		idx = append(idx, i)
	}
	r, err = EncodeRoaring(bitmapOf(2000, idx...))
	if err != nil || hex.EncodeToString(r) != "3b3000000100"+"00e70301006400e703" {
		t.Errorf("roaring run: %x %v", r, err)
	}
	p, err := CompressBitmaskRLE([]byte{0x18, 0x00})
	if err != nil || hex.EncodeToString(p) != "000000100003020b" {
		t.Errorf("bitmask rle: %x %v", p, err)
	}
}

func TestStrictErrors(t *testing.T) {
	f64 := func(vs ...float64) []byte {
		b := make([]byte, 8*len(vs))
		for i, v := range vs {
			binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
		}
		return b
	}
	_, _, err := Substitute(f64(1, 2, 3, math.NaN()), Float64, false, Policy{AllowInf: true})
	if !errors.Is(err, ErrNonFinite) || err.Error() != "strict-NaN check: NaN at element 3 of float64 array; pass allow_nan=true to substitute with 0.0 and record positions in a mask" {
		t.Fatal(err)
	}
	_, _, err = Substitute(f64(1, math.Inf(-1)), Float64, false, Policy{AllowNaN: true})
	if err == nil || err.Error() != "strict-Inf check: -Inf at element 1 of float64 array; pass allow_inf=true to substitute with 0.0 and record positions in a mask" {
		t.Fatal(err)
	}
	// complex64 (1, NaN): imaginary component.
	c := make([]byte, 16)
	binary.LittleEndian.PutUint32(c[8:], math.Float32bits(1))
	binary.LittleEndian.PutUint32(c[12:], math.Float32bits(float32(math.NaN())))
	_, _, err = Substitute(c, Complex64, false, Policy{})
	if err == nil || err.Error() != "strict-NaN check: NaN at element 1 of complex64 array (imaginary component); pass allow_nan=true to substitute with 0.0 and record positions in a mask" {
		t.Fatal(err)
	}
	var nf *NonFiniteError
	if !errors.As(err, &nf) || nf.Index != 1 || nf.Kind != NaN {
		t.Fatal(nf)
	}
	// Finite data passes unchanged and uncopied.
	in := f64(1, 2, 3)
	out, m, err := Substitute(in, Float64, false, Policy{})
	if err != nil || !m.Empty() || &out[0] != &in[0] {
		t.Fatal("finite data should pass through")
	}
	if _, _, err := Substitute(make([]byte, 7), Float64, false, Policy{}); !errors.Is(err, ErrSize) {
		t.Fatal(err)
	}
	if _, ok := ParseDType("int32"); ok {
		t.Fatal("int32 is not a mask dtype")
	}
}

func TestBigEndianAndHalfTypes(t *testing.T) {
	// float32 big-endian: NaN, +Inf, 1.5, -Inf
	in, _ := hex.DecodeString("7fc00001" + "7f800000" + "3fc00000" + "ff800000")
	out, m, err := Substitute(in, Float32, true, Policy{AllowNaN: true, AllowInf: true})
	if err != nil || hex.EncodeToString(out) != "00000000"+"00000000"+"3fc00000"+"00000000" {
		t.Fatalf("%x %v", out, err)
	}
	if !m[NaN].Get(0) || !m[PosInf].Get(1) || !m[NegInf].Get(3) || m[NaN].Count() != 1 {
		t.Fatal("masks wrong")
	}
	if err := Restore(out, Float32, true, m); err != nil || hex.EncodeToString(out) != "7fc00000"+"7f800000"+"3fc00000"+"ff800000" {
		t.Fatalf("%x %v", out, err)
	}
	// float16 little-endian: 0x7C01 NaN, 0xFC00 -Inf, 0x3C00 1.0
	h := []byte{0x01, 0x7c, 0x00, 0xfc, 0x00, 0x3c}
	out, m, err = Substitute(h, Float16, false, Policy{AllowNaN: true, AllowInf: true})
	if err != nil || !bytes.Equal(out, []byte{0, 0, 0, 0, 0, 0x3c}) || !m[NaN].Get(0) || !m[NegInf].Get(1) {
		t.Fatalf("%x %v", out, err)
	}
	if err := Restore(out, Float16, false, m); err != nil || !bytes.Equal(out, []byte{0x00, 0x7e, 0x00, 0xfc, 0x00, 0x3c}) {
		t.Fatalf("%x", out)
	}
}

func TestRestoreRange(t *testing.T) {
	m := Masks{NaN: bitmapOf(20, 2, 9, 17), NegInf: bitmapOf(20, 10)}
	data := make([]byte, 8*5) // elements 8..12
	if err := RestoreRange(data, Float64, false, 8, m); err != nil {
		t.Fatal(err)
	}
	get := func(i int) uint64 { return binary.LittleEndian.Uint64(data[8*i:]) }
	if get(0) != 0 || get(1) != 0x7FF8000000000000 || get(2) != 0xFFF0000000000000 || get(3) != 0 {
		t.Fatalf("%x", data)
	}
	if err := RestoreRange(make([]byte, 8*5), Float64, false, 18, m); !errors.Is(err, ErrSize) {
		t.Fatal(err)
	}
	// complex128: both components.
	cd := make([]byte, 32)
	if err := Restore(cd, Complex128, false, Masks{PosInf: bitmapOf(2, 1)}); err != nil {
		t.Fatal(err)
	}
	if binary.LittleEndian.Uint64(cd[16:]) != 0x7FF0000000000000 || binary.LittleEndian.Uint64(cd[24:]) != 0x7FF0000000000000 || binary.LittleEndian.Uint64(cd[0:]) != 0 {
		t.Fatalf("%x", cd)
	}
}

func TestEncodeBlobMethods(t *testing.T) {
	m := Masks{NaN: bitmapOf(10, 1), NegInf: bitmapOf(10, 2)}
	if _, err := EncodeBlob(m[NaN], "blosc3", 0); !errors.Is(err, ErrUnknownMethod) || !strings.Contains(err.Error(), `"blosc3" (expected "none" | "rle" | "roaring" | "lz4" | "zstd" | "blosc2")`) {
		t.Fatal(err)
	}
	if _, err := EncodeBlob(m[NaN], MethodBlosc2, 0); !errors.Is(err, ErrUnsupportedMethod) {
		t.Fatal(err)
	}
	// Every implemented method round-trips.
	for _, meth := range []Method{MethodNone, MethodRLE, MethodRoaring, MethodLZ4, MethodZstd} {
		for _, k := range []Kind{NaN, NegInf} {
			blob, err := EncodeBlob(m[k], meth, 9)
			if err != nil {
				t.Fatalf("%s: %v", meth, err)
			}
			back, err := DecodeBlob(blob, 10, meth)
			if err != nil || !bytes.Equal(back.Packed, m[k].Packed) {
				t.Fatalf("%s: decode %v", meth, err)
			}
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		name string
		blob []byte
		n    int
		m    Method
		is   error
	}{
		{"rle bad start", []byte{2, 10}, 10, MethodRLE, ErrCorrupt},
		{"rle zero run", []byte{0, 5, 0, 5}, 10, MethodRLE, ErrCorrupt},
		{"rle short sum", []byte{0, 5, 4}, 10, MethodRLE, ErrCorrupt},
		{"rle long sum", []byte{0, 5, 6}, 10, MethodRLE, ErrCorrupt},
		{"rle truncated varint", []byte{0, 0x85}, 10, MethodRLE, ErrCorrupt},
		{"rle overlong varint", []byte{0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, 10, MethodRLE, ErrCorrupt},
		{"rle empty blob", nil, 3, MethodRLE, ErrCorrupt},
		{"none wrong length", []byte{0}, 10, MethodNone, ErrSize},
		{"roaring garbage", []byte{1, 2, 3}, 10, MethodRoaring, ErrCorrupt},
		{"lz4 garbage", []byte{2, 0, 0, 0, 0xff}, 10, MethodLZ4, ErrCorrupt},
		{"zstd garbage", []byte{1, 2, 3, 4, 5}, 10, MethodZstd, ErrCorrupt},
		{"unknown", nil, 10, "gzip", ErrUnknownMethod},
		{"blosc2", nil, 10, MethodBlosc2, ErrUnsupportedMethod},
	}
	for _, c := range cases {
		if _, err := DecodeBlob(c.blob, c.n, c.m); !errors.Is(err, c.is) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	r, _ := EncodeRoaring(bitmapOf(100, 50))
	if _, err := DecodeRoaring(r, 50); !errors.Is(err, ErrCorrupt) {
		t.Errorf("roaring index >= n: %v", err)
	}
	l, _ := EncodeBlob(bitmapOf(100, 3), MethodLZ4, 0)
	if _, err := DecodeBlob(l, 50, MethodLZ4); err == nil {
		t.Error("lz4 mask of the wrong size accepted")
	}
	if _, err := DecompressBitmaskRLE([]byte{0, 0, 0, 16, 0, 16}, 3); !errors.Is(err, ErrSize) || !strings.Contains(err.Error(), "RLE decompressed size 2 != expected 3") {
		t.Errorf("bitmask size: %v", err)
	}
	if _, err := DecompressBitmaskRoaring([]byte{0xff, 0xff, 0xff}, 3); !errors.Is(err, ErrCorrupt) {
		t.Errorf("bitmask short: %v", err)
	}
}

func TestRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 4095, 4096, 4097, 65535, 65536, 65537, 200000} {
		for _, density := range []float64{0, 0.001, 0.5, 0.999, 1} {
			b := NewBitmap(n)
			for i := 0; i < n; i++ {
				if rng.Float64() < density {
					b.Set(i)
				}
			}
			for _, meth := range []Method{MethodNone, MethodRLE, MethodRoaring, MethodLZ4, MethodZstd} {
				blob, err := EncodeBlob(b, meth, 0)
				if err != nil {
					t.Fatal(err)
				}
				got, err := DecodeBlob(blob, n, meth)
				if err != nil || !bytes.Equal(got.Packed, b.Packed) {
					t.Fatalf("n=%d density=%v %s: %v", n, density, meth, err)
				}
			}
			if n%8 == 0 {
				for _, codec := range []struct {
					c func([]byte) ([]byte, error)
					d func([]byte, int) ([]byte, error)
				}{{CompressBitmaskRLE, DecompressBitmaskRLE}, {CompressBitmaskRoaring, DecompressBitmaskRoaring}} {
					p, err := codec.c(b.Packed)
					if err != nil {
						t.Fatal(err)
					}
					back, err := codec.d(p, len(b.Packed))
					if err != nil || !bytes.Equal(back, b.Packed) {
						t.Fatalf("bitmask codec n=%d: %v", n, err)
					}
				}
			}
		}
	}
}
