package core

import (
	"bytes"
	"math"
	"math/rand"
	"reflect"
	"testing"
)

func randValue(r *rand.Rand, depth int) any {
	k := r.Intn(10)
	if depth > 3 && k >= 7 {
		k = r.Intn(7)
	}
	switch k {
	case 0:
		return r.Uint64() >> uint(r.Intn(64))
	case 1:
		return -int64(r.Uint64()>>uint(r.Intn(64)+1)) - 1
	case 2:
		return []float64{0.1, 1.5, -2.25, 1e300, math.Inf(1), 65504, 3.4028234663852886e38, r.NormFloat64()}[r.Intn(8)]
	case 3:
		return string(rune('a'+r.Intn(26))) + "é"
	case 4:
		return r.Intn(2) == 0
	case 5:
		return nil
	case 6:
		b := make([]byte, r.Intn(5))
		r.Read(b)
		return b
	case 7:
		a := make([]any, r.Intn(4))
		for i := range a {
			a[i] = randValue(r, depth+1)
		}
		return a
	default:
		m := map[string]any{}
		for i := r.Intn(4); i > 0; i-- {
			m[string(rune('a'+r.Intn(26)))+string(rune('a'+r.Intn(26)))] = randValue(r, depth+1)
		}
		return m
	}
}

// Random dtypes, shapes, byte orders, metadata and options round-trip
// through Encode/Decode, buffered and streaming (fixed seed).
func TestPropertyRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(20260422))
	for iter := 0; iter < 300; iter++ {
		nobj := r.Intn(4)
		in := make([]EncodeInput, nobj)
		base := make([]map[string]any, r.Intn(nobj+1))
		for i := range base {
			base[i] = map[string]any{"k": randValue(r, 0), "m": randValue(r, 1)}
		}
		for i := range in {
			in[i] = randInput(r)
		}
		meta := &GlobalMetadata{Base: base}
		if r.Intn(2) == 0 {
			meta.Extra = map[string]any{"e": randValue(r, 0)}
		}
		opts := &EncodeOptions{NoHash: r.Intn(3) == 0, AggregateHash: AggregateHash(r.Intn(5)), Threads: r.Intn(3)}
		msg := randEncode(t, r, meta, in, opts)
		dec, err := Decode(msg, &DecodeOptions{VerifyHash: !opts.NoHash, WireOrder: true})
		if err != nil {
			t.Fatal(iter, err)
		}
		checkRoundTrip(t, iter, in, base, dec)
		if rep := ValidateMessage(msg, &ValidateOptions{Mode: ModeFull, Canonical: true}); !rep.OK() {
			t.Fatal(iter, rep.Issues)
		}
	}
}

// randInput is an object of random dtype, shape (up to 3 dims of up to 4),
// byte order, optional custom params and random finite data.
func randInput(r *rand.Rand) EncodeInput {
	dt := AllDTypes[r.Intn(len(AllDTypes))]
	shape := make([]uint64, r.Intn(4))
	for j := range shape {
		shape[j] = uint64(r.Intn(5))
	}
	d := NewDescriptor(dt, shape)
	d.ByteOrder = []ByteOrder{BigEndian, LittleEndian}[r.Intn(2)]
	if r.Intn(3) == 0 {
		d.Params = map[string]any{"custom": randValue(r, 2)}
	}
	n, _ := d.DecodedSize()
	data := make([]byte, n)
	r.Read(data)
	if dt.IsFloat() {
		for j := range data {
			data[j] &= 0xbf // clear the top exponent bit: always finite
		}
	}
	return EncodeInput{Descriptor: d, Data: data}
}

// randEncode encodes in buffered or (at random) streaming; streaming moves
// a header aggregate-hash policy to the footer, the only place it can go.
func randEncode(t *testing.T, r *rand.Rand, meta *GlobalMetadata, in []EncodeInput, opts *EncodeOptions) []byte {
	t.Helper()
	if r.Intn(2) == 0 {
		return mustEncode(t, meta, in, opts)
	}
	if opts.AggregateHash == HashHeader || opts.AggregateHash == HashBoth {
		opts.AggregateHash = HashFooter
	}
	var buf bytes.Buffer
	se, err := NewStreamingEncoder(&buf, meta, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range in {
		if err := se.WriteObject(o); err != nil {
			t.Fatal(err)
		}
	}
	if err := se.Finish(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkRoundTrip compares the decoded objects (data, dtype, shape, params)
// and base entries (less _reserved_) with what was encoded.
func checkRoundTrip(t *testing.T, iter int, in []EncodeInput, base []map[string]any, dec *Message) {
	t.Helper()
	if len(dec.Objects) != len(in) {
		t.Fatal("object count")
	}
	for i, o := range dec.Objects {
		if !bytes.Equal(o.Data, in[i].Data) || o.Descriptor.DType != in[i].Descriptor.DType ||
			!reflect.DeepEqual(append([]uint64{}, o.Descriptor.Shape...), append([]uint64{}, in[i].Descriptor.Shape...)) {
			t.Fatalf("iter %d object %d differs", iter, i)
		}
		if in[i].Descriptor.Params != nil {
			a, _ := MarshalCanonical(in[i].Descriptor.Params)
			b, _ := MarshalCanonical(o.Descriptor.Params)
			if !bytes.Equal(a, b) {
				t.Fatal("params differ")
			}
		}
	}
	for i, b := range base {
		got := cloneMap(dec.Metadata.Base[i])
		delete(got, "_reserved_")
		x, _ := MarshalCanonical(b)
		y, _ := MarshalCanonical(got)
		if !bytes.Equal(x, y) {
			t.Fatalf("iter %d base[%d] differs", iter, i)
		}
	}
}
