package core

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// zfpMessageCase is one whole upstream message of
// codec/zfp/testdata/messages.json.gz (tools/gen_zfp_vectors.py).
type zfpMessageCase struct {
	Shape   []uint64 `json:"shape"`
	Mode    string   `json:"mode"`
	Param   float64  `json:"param"`
	Input   string   `json:"input"`
	Message string   `json:"message"`
	Decoded string   `json:"decoded"`
}

func loadZfpMessages(t *testing.T) []zfpMessageCase { return loadZfpMessagesTB(t) }

func loadZfpMessagesTB(t testing.TB) []zfpMessageCase {
	return testutil.Cases[zfpMessageCase](t, "codec/zfp/testdata/messages.json.gz")
}

// TestZfpUpstreamMessages decodes messages upstream wrote to upstream's
// exact values (full decode and ranges) and re-encodes their input to the
// identical payload.
func TestZfpUpstreamMessages(t *testing.T) {
	for _, c := range loadZfpMessages(t) {
		msg, want, in := testutil.Hex(t, c.Message), testutil.Hex(t, c.Decoded), testutil.Hex(t, c.Input)
		m, err := Decode(msg, &DecodeOptions{WireOrder: true})
		if err != nil {
			t.Fatalf("%v %s: %v", c.Shape, c.Mode, err)
		}
		if got := m.Objects[0].Data; !bytes.Equal(got, want) {
			t.Fatalf("%v %s=%v: decoded values differ from upstream's", c.Shape, c.Mode, c.Param)
		}
		n := uint64(len(want) / 8)
		for _, r := range []Range{{0, n}, {n / 3, n / 2}, {n / 2, 0}, {n - min(n, 5), min(n, 5)}} {
			parts, err := DecodeRange(msg, 0, []Range{r}, &DecodeOptions{WireOrder: true})
			if err != nil || !bytes.Equal(parts[0], want[8*r.Offset:8*(r.Offset+r.Count)]) {
				t.Fatalf("%v %s: range %+v differs (%v)", c.Shape, c.Mode, r, err)
			}
		}
		mv, err := ParseMessage(msg)
		if err != nil {
			t.Fatal(err)
		}
		d := mv.Objects[0].Descriptor
		ours, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: in}}, &EncodeOptions{NoHash: true})
		if err != nil {
			t.Fatalf("%v %s: encode: %v", c.Shape, c.Mode, err)
		}
		ov, err := ParseMessage(ours)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ov.Objects[0].Payload, mv.Objects[0].Payload) {
			t.Fatalf("%v %s=%v: our payload differs from upstream's", c.Shape, c.Mode, c.Param)
		}
	}
}

func zfpDesc(dt DType, n int, o ByteOrder, params map[string]any) *Descriptor {
	return descFor(dt, n, o, pipelineCase{"none", "none", "zfp", params})
}

func TestZfpStageRejects(t *testing.T) {
	rate := map[string]any{"zfp_mode": "fixed_rate", "zfp_rate": 16.0}
	data := f64s(1, 2, 3, 4)
	cases := []struct {
		d    *Descriptor
		data []byte
		kind error
		sub  string
	}{
		{zfpDesc(Float32, 4, LittleEndian, rate), make([]byte, 16), ErrEncoding, "zfp requires encoding=none, filter=none, dtype=float64"},
		{zfpDesc(Int64, 4, LittleEndian, rate), data, ErrEncoding, "zfp requires"},
		{descFor(Float64, 4, LittleEndian, pipelineCase{"none", "shuffle", "zfp", map[string]any{"zfp_mode": "fixed_rate", "zfp_rate": 16.0, "shuffle_element_size": uint64(8)}}), data, ErrEncoding, "zfp requires"},
		{descFor(Float64, 4, LittleEndian, pipelineCase{"simple_packing", "none", "zfp", map[string]any{"zfp_mode": "fixed_rate", "zfp_rate": 16.0, "sp_bits_per_value": uint64(16)}}), data, ErrEncoding, "zfp requires"},
		{zfpDesc(Float64, 4, LittleEndian, map[string]any{}), data, ErrMetadata, "missing required parameter: zfp_mode"},
		{zfpDesc(Float64, 4, LittleEndian, map[string]any{"zfp_mode": "bogus"}), data, ErrEncoding, "unknown zfp_mode: bogus"},
		{zfpDesc(Float64, 4, LittleEndian, map[string]any{"zfp_mode": "fixed_rate"}), data, ErrMetadata, "missing required parameter: zfp_rate"},
		{zfpDesc(Float64, 4, LittleEndian, map[string]any{"zfp_mode": "fixed_precision", "zfp_precision": 16.5}), data, ErrMetadata, "expected integer for zfp_precision"},
		{zfpDesc(Float64, 4, LittleEndian, map[string]any{"zfp_mode": "fixed_accuracy", "zfp_tolerance": 0.0}), data, ErrEncoding, "tolerance must be positive"},
		{zfpDesc(Float64, 4, LittleEndian, map[string]any{"zfp_mode": "fixed_rate", "zfp_rate": -1.0}), data, ErrEncoding, "out of range"},
	}
	for _, c := range cases {
		_, err := Encode(nil, []EncodeInput{{Descriptor: c.d, Data: c.data}}, nil)
		wantErr(t, err, c.kind, c.sub)
	}
}

// TestZfpByteOrder: big-endian objects hold the same stream as
// little-endian ones for the same values, and decode back to them.
func TestZfpByteOrder(t *testing.T) {
	vals := make([]float64, 103)
	for i := range vals {
		vals[i] = math.Cos(float64(i)/9) * 1e4
	}
	prec := map[string]any{"zfp_mode": "fixed_precision", "zfp_precision": uint64(30)}
	var payloads [2][]byte
	var decoded [2][]float64
	for i, o := range []ByteOrder{LittleEndian, BigEndian} {
		var bo binary.ByteOrder = binary.LittleEndian
		if o == BigEndian {
			bo = binary.BigEndian
		}
		raw := make([]byte, 8*len(vals))
		for j, v := range vals {
			bo.PutUint64(raw[8*j:], math.Float64bits(v))
		}
		msg, err := Encode(nil, []EncodeInput{{Descriptor: zfpDesc(Float64, len(vals), o, prec), Data: raw}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		mv, _ := ParseMessage(msg)
		payloads[i] = mv.Objects[0].Payload
		m, err := Decode(msg, &DecodeOptions{WireOrder: true})
		if err != nil {
			t.Fatal(err)
		}
		for j := range vals {
			decoded[i] = append(decoded[i], math.Float64frombits(bo.Uint64(m.Objects[0].Data[8*j:])))
		}
	}
	if !bytes.Equal(payloads[0], payloads[1]) {
		t.Fatal("big-endian payload differs")
	}
	for j := range vals {
		if decoded[0][j] != decoded[1][j] || math.Abs(decoded[0][j]-vals[j]) > 1e-3 {
			t.Fatalf("value %d: %v / %v, input %v", j, decoded[0][j], decoded[1][j], vals[j])
		}
	}
}

// TestZfpHostilePayloads: pre-encoded payloads that cannot hold the
// declared values fail with an error before any large allocation.
func TestZfpHostilePayloads(t *testing.T) {
	rate := map[string]any{"zfp_mode": "fixed_rate", "zfp_rate": 16.0}
	prec := map[string]any{"zfp_mode": "fixed_precision", "zfp_precision": uint64(64)}
	for _, c := range []struct {
		params  map[string]any
		n       int
		payload []byte
		sub     string
	}{
		{rate, 1 << 40, []byte{0x57}, "shorter than its mode needs"},
		{prec, 1 << 40, []byte{0xff}, "shorter than its mode needs"},
		{rate, 4, make([]byte, 4096), "longer than the maximum size"},
		{rate, 0, []byte{1}, "0 values"},
		{rate, 8, []byte{}, "empty stream"},
	} {
		msg, err := Encode(nil, []EncodeInput{{Descriptor: zfpDesc(Float64, c.n, LittleEndian, c.params), Data: c.payload}}, &EncodeOptions{PreEncoded: true})
		if err != nil {
			t.Fatalf("pre-encode: %v", err)
		}
		_, err = Decode(msg, nil)
		wantErr(t, err, ErrEncoding, c.sub)
		_, err = DecodeRange(msg, 0, []Range{{0, 1}}, nil)
		if err == nil {
			t.Fatalf("range decode of a hostile payload succeeded")
		}
	}
}

// TestZfpDecodeInto: decoding into a caller's buffer gives Decode's bytes.
func TestZfpDecodeInto(t *testing.T) {
	cases := loadZfpMessages(t)
	c := cases[len(cases)-1]
	msg := testutil.Hex(t, c.Message)
	_, ov, err := ParseObject(msg, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ov.Decode(&DecodeOptions{WireOrder: true})
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]byte, len(want))
	if err := ov.DecodeInto(dst, &DecodeOptions{WireOrder: true}); err != nil || !bytes.Equal(dst, want) {
		t.Fatalf("DecodeInto differs (%v)", err)
	}
	if err := ov.DecodeInto(dst[:len(dst)-8], nil); err == nil {
		t.Fatal("DecodeInto accepted a short buffer")
	}
}

// TestZfpThreads: fixed_rate objects encode and decode identically with
// any thread budget.
func TestZfpThreads(t *testing.T) {
	n := 300001
	raw := make([]byte, 8*n)
	for i := 0; i < n; i++ {
		binary.LittleEndian.PutUint64(raw[8*i:], math.Float64bits(math.Sin(float64(i)/300)*50))
	}
	d := zfpDesc(Float64, n, LittleEndian, map[string]any{"zfp_mode": "fixed_rate", "zfp_rate": 13.0})
	var msgs [][]byte
	var outs [][]byte
	for _, th := range []int{0, 3} {
		msg, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: raw}}, &EncodeOptions{NoHash: true, Threads: th})
		if err != nil {
			t.Fatal(err)
		}
		m, err := Decode(msg, &DecodeOptions{WireOrder: true, Threads: th})
		if err != nil {
			t.Fatal(err)
		}
		mv, _ := ParseMessage(msg)
		msgs = append(msgs, mv.Objects[0].Payload)
		outs = append(outs, m.Objects[0].Data)
	}
	if !bytes.Equal(msgs[0], msgs[1]) || !bytes.Equal(outs[0], outs[1]) {
		t.Fatal("threaded zfp differs from sequential")
	}
}

var zfpFuzzModes = []map[string]any{
	{"zfp_mode": "fixed_rate", "zfp_rate": 16.0},
	{"zfp_mode": "fixed_rate", "zfp_rate": 5.5},
	{"zfp_mode": "fixed_precision", "zfp_precision": uint64(20)},
	{"zfp_mode": "fixed_accuracy", "zfp_tolerance": 1e-3},
}

// FuzzZfpStage: the zfp stage never panics or over-allocates on arbitrary
// payloads and element counts, decodes into a caller's buffer as into a
// new one, and its range decode agrees with the full decode.
func FuzzZfpStage(f *testing.F) {
	for _, c := range loadZfpMessagesTB(f) {
		mv, err := ParseMessage(testutil.Hex(f, c.Message))
		if err == nil && len(mv.Objects[0].Payload) <= 4096 {
			n, _ := mv.Objects[0].Descriptor.NumElements()
			f.Add(uint8(len(c.Mode)), uint32(n), mv.Objects[0].Payload)
		}
	}
	f.Add(uint8(0), uint32(1<<30), []byte{0x57})
	f.Fuzz(func(t *testing.T, sel uint8, n uint32, payload []byte) {
		d := zfpDesc(Float64, int(n), LittleEndian, zfpFuzzModes[int(sel)%len(zfpFuzzModes)])
		p, err := BuildPipeline(d, d.Params, 2)
		if err != nil {
			t.Fatal(err)
		}
		size := 8 * int(n)
		out, err := p.Decode(payload, size)
		if err != nil {
			return
		}
		if len(out) != size {
			t.Fatalf("decoded %d bytes, declared %d", len(out), size)
		}
		dst := make([]byte, size)
		if err := p.DecodeInto(dst, payload); err != nil || !bytes.Equal(dst, out) {
			t.Fatalf("DecodeInto differs (%v)", err)
		}
		if n > 2 {
			part, err := p.Compression.(RangeStage).DecodeRange(payload, 8, uint64(size-16))
			if err != nil || !bytes.Equal(part, out[8:size-8]) {
				t.Fatalf("range differs (%v)", err)
			}
		}
	})
}

// BenchmarkZfpPipeline encodes and decodes a whole message of the Python
// benchmark's zfp row (1M standard-normal float64, fixed_rate 16) with the
// default options (hash on), one thread.
func BenchmarkZfpPipeline(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	raw := make([]byte, 8_000_000)
	for i := range len(raw) / 8 {
		binary.LittleEndian.PutUint64(raw[8*i:], math.Float64bits(rng.NormFloat64()))
	}
	d := NewDescriptor(Float64, []uint64{1_000_000})
	d.ByteOrder = LittleEndian
	d.Compression = "zfp"
	d.Params = map[string]any{"zfp_mode": "fixed_rate", "zfp_rate": 16.0}
	in := []EncodeInput{{Descriptor: d, Data: raw}}
	msg, err := Encode(nil, in, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if _, err := Encode(nil, in, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if _, err := Decode(msg, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// zfp encodes write into recycled buffers (checkEncodeRecyclesPayloads).
func TestZfpEncodeRecyclesPayloads(t *testing.T) {
	d := NewDescriptor(Float64, []uint64{1_000_000})
	d.Compression = "zfp"
	d.Params = map[string]any{"zfp_mode": "fixed_rate", "zfp_rate": 16.0}
	a, b := randnFloat64(1_000_000), randnFloat64(1_000_000)
	b[0] ^= 0xFF
	checkEncodeRecyclesPayloads(t, d, a, b)
}
