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
		if got := indexFrameBody(offsets, lengths); !bytes.Equal(got, want) {
			t.Fatalf("index n=%d:\n got %x\nwant %x", n, got, want)
		}
		hf := &HashFrame{Algorithm: HashAlgorithmXXH3, Hashes: make([]string, n)}
		for i, s := range slots {
			hf.Hashes[i] = FormatHash(s)
		}
		if want, err = MarshalCanonical(hf.toMap()); err != nil {
			t.Fatal(err)
		}
		got := hashFrameBody(slots)
		if !bytes.Equal(got, want) {
			t.Fatalf("hash n=%d:\n got %x\nwant %x", n, got, want)
		}
		if l := hashFrameBodyLen(n); l != len(want) {
			t.Fatalf("hash length n=%d: %d, want %d", n, l, len(want))
		}
	}
	if got := indexFrameBody(nil, nil); !bytes.Equal(got, mustCanonical(t, (&IndexFrame{Offsets: []uint64{}, Lengths: []uint64{}}).toMap())) {
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

// descriptorCBOR gives Descriptor.MarshalCBOR's bytes for descriptors with
// and without parameters, masks, shapes and odd text.
func TestDescriptorCBORMatchesMarshal(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	for i := 0; i < 300; i++ {
		nd := rng.Intn(5)
		shape := make([]uint64, nd)
		for j := range shape {
			shape[j] = rng.Uint64() >> uint(rng.Intn(64))
		}
		d := NewDescriptor(AllDTypes[rng.Intn(len(AllDTypes))], shape)
		d.ByteOrder = []ByteOrder{0, LittleEndian, BigEndian}[rng.Intn(3)]
		d.Type = []string{"ntensor", "", "x\xffy", "größe", "a-long-object-type-name-over-24"}[rng.Intn(5)]
		d.Filter = []string{"none", "shuffle"}[rng.Intn(2)]
		if rng.Intn(4) == 0 {
			d.Params = map[string]any{"reference_value": 1.5, "bits_per_value": uint64(16)}
		}
		if rng.Intn(6) == 0 {
			d.Masks = map[string]MaskInfo{MaskNaN: {Offset: 8, Length: 3, Method: "rle"}}
		}
		want, errW := d.MarshalCBOR()
		got, errG := descriptorCBOR(d)
		if (errW == nil) != (errG == nil) || !bytes.Equal(got, want) {
			t.Fatalf("%+v:\n got %x (%v)\nwant %x (%v)", d, got, errG, want, errW)
		}
	}
}
