package sz3

import (
	"errors"
	"math"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// smallStreams returns upstream streams of at most maxN values, for seeds.
func smallStreams(t testing.TB, maxN int) map[string][]byte {
	out := map[string][]byte{}
	for _, c := range loadVectors(t) {
		if c.EncodeError == "" && c.N <= maxN {
			out[c.Name] = testutil.ReadFile(t, "testdata", c.Name+".sz3")
		}
	}
	return out
}

// FuzzDecode feeds arbitrary streams and counts to the decoder: it must
// return a value or an error wrapping one of the package's sentinels,
// never panic, hang or allocate beyond what the count allows.
func FuzzDecode(f *testing.F) {
	for name, s := range smallStreams(f, 1000) {
		info, err := ReadInfo(s)
		if err != nil {
			f.Fatal(name, err)
		}
		f.Add(s, uint16(info.Count))
	}
	f.Fuzz(func(t *testing.T, stream []byte, n uint16) {
		out, err := Decode(stream, int(n))
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrSize) {
				t.Fatalf("error outside the sentinels: %v", err)
			}
			return
		}
		if len(out) != int(n) {
			t.Fatalf("%d values for count %d", len(out), n)
		}
	})
}

// TestDecodeTruncatedAndFlipped cuts every small upstream stream at many
// lengths and flips bytes: each must fail cleanly or decode, never panic.
func TestDecodeTruncatedAndFlipped(t *testing.T) {
	for name, s := range smallStreams(t, 1000) {
		info, err := ReadInfo(s)
		if err != nil {
			t.Fatal(name, err)
		}
		n := int(info.Count)
		for cut := 0; cut < len(s); cut += 1 + len(s)/64 {
			if _, err := Decode(s[:cut], n); err == nil {
				t.Fatalf("%s cut at %d of %d decoded", name, cut, len(s))
			}
		}
		for i := 0; i < len(s); i += 1 + len(s)/97 {
			b := append([]byte(nil), s...)
			b[i] ^= 0x5a
			_, _ = Decode(b, n) // must not panic
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	s := testutil.ReadFile(t, "testdata", "smooth_1000_abs_0.001.sz3")
	if _, err := Decode(s, 999); !errors.Is(err, ErrSize) {
		t.Fatalf("wrong count: %v", err)
	}
	if err := DecodeInto(make([]float64, 1001), s); !errors.Is(err, ErrSize) {
		t.Fatalf("wrong count: %v", err)
	}
	b := append([]byte(nil), s...)
	b[4] = 1 // data version 3.3.1
	if _, err := Decode(b, 1000); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("other version: %v", err)
	}
	b = append([]byte(nil), s...)
	b[0] = 0
	if _, err := Decode(b, 1000); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("bad magic: %v", err)
	}
	if _, err := Decode(nil, 0); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("empty: %v", err)
	}
}

// FuzzEncodeRoundTrip encodes arbitrary doubles (NaN and Inf included)
// and requires every decoded value within the bound, or bit-identical
// where the bound does not apply (non-finite values, zero or NaN bound).
func FuzzEncodeRoundTrip(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 240, 63}, uint8(0), 0.01)
	f.Add(make([]byte, 8*300), uint8(1), 1e-3)
	f.Add(testutil.Float64sToLE([]float64{1, math.NaN(), math.Inf(1), -3, 4.5, math.Inf(-1)}), uint8(2), 40.0)
	f.Fuzz(func(t *testing.T, raw []byte, mode uint8, bound float64) {
		vals := testutil.Float64sLE(raw)
		if len(vals) == 0 {
			return
		}
		m := Mode(mode % 3)
		s, err := Encode(vals, m, bound)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(s, len(vals))
		if err != nil {
			t.Fatal(err)
		}
		eb, _ := AbsBound(vals, m, bound)
		for i, v := range vals {
			d := math.Abs(got[i] - v)
			exact := math.Float64bits(got[i]) == math.Float64bits(v)
			if !exact && !(d <= eb) {
				t.Fatalf("value %d: %v decoded as %v (bound %v)", i, v, got[i], eb)
			}
		}
	})
}
