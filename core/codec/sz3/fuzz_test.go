package sz3

import (
	"errors"
	"testing"
)

// smallStreams returns upstream streams of at most maxN values, for seeds.
func smallStreams(t testing.TB, maxN int) map[string][]byte {
	out := map[string][]byte{}
	for _, c := range loadVectors(t) {
		if c.EncodeError == "" && c.N <= maxN {
			out[c.Name] = readFile(t, c.Name+".sz3")
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
	s := readFile(t, "smooth_1000_abs_0.001.sz3")
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
