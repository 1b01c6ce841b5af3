package core

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// checkObjectOnly fails when parseObjectOnly(b, i) disagrees with
// ParseObjectRaw(b, i, false): the same error (message and kind), or an
// equal object view.
func checkObjectOnly(t testing.TB, b []byte, i int) {
	t.Helper()
	_, want, wantErr := ParseObjectRaw(b, i, false)
	got, err := parseObjectOnly(b, i)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("object %d of %x: parseObjectOnly error %v, ParseObjectRaw %v", i, b, err, wantErr)
	}
	if err != nil {
		var e, we *Error
		if err.Error() != wantErr.Error() || errors.As(err, &e) != errors.As(wantErr, &we) || (e != nil && e.Kind != we.Kind) {
			t.Fatalf("object %d: parseObjectOnly error %q, ParseObjectRaw %q", i, err, wantErr)
		}
		return
	}
	if !reflect.DeepEqual(&got, want) {
		t.Fatalf("object %d: parseObjectOnly gave %+v, ParseObjectRaw %+v", i, got, *want)
	}
}

// objectOnlyMessages are messages with several objects, index and hash
// frames (header and footer) and preceder metadata.
func objectOnlyMessages(t testing.TB) [][]byte {
	t.Helper()
	in := []EncodeInput{TensorOf([]uint64{3}, []float32{1, 2, 3}), TensorOf([]uint64{2}, []int64{4, 5})}
	var out [][]byte
	for _, opts := range []*EncodeOptions{nil, {AggregateHash: HashBoth}, {NoHash: true}} {
		m, err := Encode(&GlobalMetadata{Base: []map[string]any{{"a": uint64(1)}, {}}}, in, opts)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	var buf bytes.Buffer
	se, err := NewStreamingEncoder(&buf, &GlobalMetadata{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range in {
		if err := se.WritePreceder(map[string]any{"p": "q"}); err != nil {
			t.Fatal(err)
		}
		if err := se.WriteObject(x); err != nil {
			t.Fatal(err)
		}
	}
	if err := se.Finish(); err != nil {
		t.Fatal(err)
	}
	return append(out, buf.Bytes())
}

// parseObjectOnly agrees with ParseObjectRaw on whole messages, every
// truncation and single-byte corruptions of them, for in- and
// out-of-range indices.
func TestParseObjectOnlyMatchesParseObjectRaw(t *testing.T) {
	for _, m := range objectOnlyMessages(t) {
		for i := -1; i <= 2; i++ {
			checkObjectOnly(t, m, i)
		}
		for n := range len(m) {
			checkObjectOnly(t, m[:n], 0)
		}
		c := bytes.Clone(m)
		for k := range c {
			c[k] ^= 0x41
			checkObjectOnly(t, c, 1)
			c[k] ^= 0x41
		}
	}
}

// FuzzParseObjectOnly: parseObjectOnly and ParseObjectRaw agree on any
// input.
func FuzzParseObjectOnly(f *testing.F) {
	addSeeds(f)
	for _, m := range objectOnlyMessages(f) {
		f.Add(m)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for i := range 2 {
			checkObjectOnly(t, b, i)
		}
	})
}
