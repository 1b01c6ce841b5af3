package core

import (
	"bytes"
	"math/rand"
	"testing"
)

// The direct index and hash frame writers give MarshalCanonical's bytes
// for every count and integer width.
func TestFrameBodiesMatchCanonical(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	edges := []uint64{0, 1, 23, 24, 255, 256, 65535, 65536, 1<<32 - 1, 1 << 32, ^uint64(0)}
	pick := func() uint64 {
		if rng.Intn(2) == 0 {
			return edges[rng.Intn(len(edges))]
		}
		return rng.Uint64() >> uint(rng.Intn(64))
	}
	for n := 0; n < 40; n++ {
		offsets, lengths, slots := make([]uint64, n), make([]uint64, n), make([]uint64, n)
		for i := 0; i < n; i++ {
			offsets[i], lengths[i], slots[i] = pick(), pick(), pick()
		}
		want, err := MarshalCanonical((&IndexFrame{Offsets: offsets, Lengths: lengths}).toMap())
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := indexFrameBody(offsets, lengths); !bytes.Equal(got, want) {
			t.Fatalf("index n=%d:\n got %x\nwant %x", n, got, want)
		}
		hf := &HashFrame{Algorithm: HashAlgorithmXXH3, Hashes: make([]string, n)}
		for i, s := range slots {
			hf.Hashes[i] = FormatHash(s)
		}
		if want, err = MarshalCanonical(hf.toMap()); err != nil {
			t.Fatal(err)
		}
		got, _ := hashFrameBody(slots)
		if !bytes.Equal(got, want) {
			t.Fatalf("hash n=%d:\n got %x\nwant %x", n, got, want)
		}
		if l, _ := hashFrameBodyLen(n); l != len(want) {
			t.Fatalf("hash length n=%d: %d, want %d", n, l, len(want))
		}
	}
	if got, _ := indexFrameBody(nil, nil); !bytes.Equal(got, mustCanonical(t, (&IndexFrame{Offsets: []uint64{}, Lengths: []uint64{}}).toMap())) {
		t.Fatalf("nil slices: %x", got)
	}
}

func mustCanonical(t *testing.T, v any) []byte {
	t.Helper()
	b, err := MarshalCanonical(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
