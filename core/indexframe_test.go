package core

import (
	"testing"
)

// Index frame parsing.
func TestIndexFrameParsing(t *testing.T) {
	bad := []any{
		[]any{uint64(1)},
		map[any]any{uint64(1): uint64(1)},
		map[string]any{"offsets": uint64(1)},
		map[string]any{"offsets": []any{int64(-1)}, "lengths": []any{uint64(1)}},
		map[string]any{"offsets": []any{1.5}, "lengths": []any{uint64(1)}},
		map[string]any{"offsets": []any{uint64(1)}, "lengths": []any{}},
	}
	for _, v := range bad {
		_, err := ParseIndexFrame(tCBOR(t, v))
		wantErr(t, err, ErrMetadata)
	}
	ix, err := ParseIndexFrame(tCBOR(t, map[string]any{"offsets": []any{uint64(8)}, "lengths": []any{uint64(9)}, "object_count": uint64(1)}))
	if err != nil || ix.Offsets[0] != 8 {
		t.Fatal(err)
	}
	_, err = ParseHashFrame(tCBOR(t, map[string]any{"hashes": []any{uint64(1)}}))
	wantErr(t, err, ErrMetadata)
	h, err := ParseHashFrame(tCBOR(t, map[string]any{"hash_type": "xxh3"}))
	if err != nil || h.Algorithm != "" || len(h.Hashes) != 0 {
		t.Fatal(err)
	}
}

// The two-pass index is self-consistent for 1 and many objects.
func TestIndexTwoPassIsConsistent(t *testing.T) {
	for _, n := range []int{1, 2, 31, 150} {
		in := make([]EncodeInput, n)
		for i := range in {
			in[i] = EncodeInput{Descriptor: NewDescriptor(Uint8, []uint64{uint64(i%13 + 1)}), Data: make([]byte, i%13+1)}
		}
		m := mustEncode(t, nil, in, nil)
		mv, err := ParseMessage(m)
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range mv.Objects {
			if mv.Index.Offsets[i] != uint64(o.FrameOffset) || mv.Index.Lengths[i] != uint64(len(o.Frame)) {
				t.Fatalf("n=%d object %d", n, i)
			}
		}
		if r := ValidateMessage(m, &ValidateOptions{Mode: ModeFull, Canonical: true}); len(r.Issues) != 0 || !r.HashVerified {
			t.Fatal(r.Issues)
		}
	}
}
