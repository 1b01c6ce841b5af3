package core

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/tensogram-go/tensogram-go/core/codec/simplepacking"
)

// pipelineCase is one encoding/filter/compression combination.
type pipelineCase struct {
	enc, filter, comp string
	params            map[string]any
}

func (c pipelineCase) String() string {
	return fmt.Sprintf("%s/%s/%s%v", c.enc, c.filter, c.comp, c.params)
}

// rawData returns n random elements of dt in byte order o (finite floats).
func rawData(r *rand.Rand, dt DType, n int, o ByteOrder) []byte {
	if dt == Bitmask {
		b := make([]byte, (n+7)/8)
		for i := 0; i < n; i++ {
			if r.IntN(5) == 0 {
				b[i/8] |= 0x80 >> (i % 8)
			}
		}
		return b
	}
	es := dt.Size()
	out := make([]byte, n*es)
	var bo binary.ByteOrder = binary.LittleEndian
	if o == BigEndian {
		bo = binary.BigEndian
	}
	for i := 0; i < n; i++ {
		e := out[i*es:]
		switch dt {
		case Float64, Complex128:
			for c := 0; c < es; c += 8 {
				bo.PutUint64(e[c:], math.Float64bits(r.NormFloat64()*100))
			}
		case Float32, Complex64:
			for c := 0; c < es; c += 4 {
				bo.PutUint32(e[c:], math.Float32bits(float32(r.NormFloat64())))
			}
		case Float16, BFloat16:
			bo.PutUint16(e, uint16(r.IntN(0x7000))) // finite halves
		default:
			// low-entropy integers so compressors have work to do
			v := uint64(r.IntN(40))
			for c := 0; c < es; c++ {
				if c == 0 {
					e[c] = byte(v)
				}
			}
			if o == BigEndian && es > 1 {
				e[0], e[es-1] = e[es-1], e[0]
			}
		}
	}
	return out
}

func descFor(dt DType, n int, o ByteOrder, c pipelineCase) *Descriptor {
	d := NewDescriptor(dt, []uint64{uint64(n)})
	d.ByteOrder = o
	d.Encoding, d.Filter, d.Compression = c.enc, c.filter, c.comp
	d.Params = cloneMap(c.params)
	return d
}

var allDTypes = []DType{Float16, BFloat16, Float32, Float64, Complex64, Complex128,
	Int8, Int16, Int32, Int64, Uint8, Uint16, Uint32, Uint64, Bitmask}

func szipParams(flags uint64) map[string]any {
	return map[string]any{"szip_rsi": uint64(4), "szip_block_size": uint64(16), "szip_flags": flags}
}

// lossless pipelines upstream accepts for encoding none, per dtype.
func losslessCases(dt DType) []pipelineCase {
	w := dt.Size()
	cs := []pipelineCase{{"none", "none", "none", nil}, {"none", "none", "zstd", nil},
		{"none", "none", "zstd", map[string]any{"zstd_level": int64(-3)}}, {"none", "none", "lz4", nil}}
	if dt == Bitmask {
		return append(cs, pipelineCase{"none", "none", "rle", nil}, pipelineCase{"none", "none", "roaring", nil})
	}
	for _, comp := range []string{"none", "zstd", "lz4"} {
		cs = append(cs, pipelineCase{"none", "shuffle", comp, map[string]any{"shuffle_element_size": uint64(w)}})
	}
	cs = append(cs, pipelineCase{"none", "shuffle", "szip", mergeParams(szipParams(8), map[string]any{"shuffle_element_size": uint64(w)})})
	if w <= 4 {
		cs = append(cs, pipelineCase{"none", "none", "szip", szipParams(8)},
			pipelineCase{"none", "none", "szip", szipParams(0)})
	}
	return cs
}

func mergeParams(a, b map[string]any) map[string]any {
	out := cloneMap(a)
	for k, v := range b {
		out[k] = v
	}
	return out
}

// supportsRange reports whether decode_range works for the case.
func supportsRange(dt DType, c pipelineCase) bool {
	return dt != Bitmask && c.filter == "none" && (c.comp == "none" || c.comp == "szip")
}

func checkRanges(t *testing.T, msg []byte, full []byte, esz int, n int, c pipelineCase, dt DType) {
	t.Helper()
	ranges := []Range{{0, 1}, {uint64(n / 3), uint64(n / 4)}, {uint64(n - 5), 5}, {0, uint64(n)}, {7, 0}}
	out, err := DecodeRange(msg, 0, ranges, nil)
	if !supportsRange(dt, c) {
		if err == nil {
			t.Fatalf("%v %s: range decode should fail", c, dt)
		}
		return
	}
	if err != nil {
		t.Fatalf("%v %s: range: %v", c, dt, err)
	}
	for i, r := range ranges {
		want := full[int(r.Offset)*esz : int(r.Offset+r.Count)*esz]
		if !bytes.Equal(out[i], want) {
			t.Fatalf("%v %s: range %v differs", c, dt, r)
		}
	}
}

// Every lossless pipeline round-trips every dtype it accepts, in both byte
// orders, and decode_range agrees with the full decode where supported.
func TestStageLosslessRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, dt := range allDTypes {
		for _, o := range []ByteOrder{LittleEndian, BigEndian} {
			for _, n := range []int{1, 77, 1500} {
				data := rawData(r, dt, n, o)
				for _, c := range losslessCases(dt) {
					msg, err := Encode(nil, []EncodeInput{{Descriptor: descFor(dt, n, o, c), Data: data}}, nil)
					if err != nil {
						t.Fatalf("%v %s %d: %v", c, dt, n, err)
					}
					dec, err := Decode(msg, &DecodeOptions{WireOrder: true, VerifyHash: true})
					if err != nil {
						t.Fatalf("%v %s %d: decode: %v", c, dt, n, err)
					}
					if !bytes.Equal(dec.Objects[0].Data, data) {
						t.Fatalf("%v %s %d: data differs", c, dt, n)
					}
					if c.comp == "szip" {
						if _, ok := dec.Objects[0].Descriptor.Params[szipOffsetsKey]; !ok {
							t.Fatalf("%v: no szip_block_offsets", c)
						}
					}
					host, err := Decode(msg, nil)
					if err != nil {
						t.Fatal(err)
					}
					if dt != Bitmask && n > 10 {
						checkRanges(t, msg, host.Objects[0].Data, dt.Size(), n, c, dt)
					}
				}
			}
		}
	}
}

// simple_packing cases: (bits, filter, compression).
func packingCases() []pipelineCase {
	var cs []pipelineCase
	for _, b := range []uint64{0, 1, 7, 8, 12, 16, 24, 32, 40, 64} {
		sp := map[string]any{"sp_bits_per_value": b}
		cs = append(cs, pipelineCase{"simple_packing", "none", "none", sp},
			pipelineCase{"simple_packing", "none", "zstd", sp},
			pipelineCase{"simple_packing", "none", "lz4", sp})
		if b%8 == 0 && b > 0 {
			cs = append(cs, pipelineCase{"simple_packing", "shuffle", "lz4", mergeParams(sp, map[string]any{"shuffle_element_size": b / 8})})
		}
		if b == 8 || b == 16 || b == 24 || b == 32 {
			cs = append(cs, pipelineCase{"simple_packing", "none", "szip", mergeParams(sp, szipParams(8))},
				pipelineCase{"simple_packing", "none", "szip", mergeParams(sp, szipParams(0))})
		}
	}
	return cs
}

// simple_packing through every compressor decodes to exactly what the codec
// package's own Decode gives for the auto-computed params.
func TestStageSimplePackingRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, o := range []ByteOrder{LittleEndian, BigEndian} {
		n := 1001
		vals := make([]float64, n)
		for i := range vals {
			vals[i] = 250 + 10*math.Sin(float64(i)/30) + r.Float64()
		}
		data := make([]byte, 8*n)
		var bo binary.ByteOrder = binary.LittleEndian
		if o == BigEndian {
			bo = binary.BigEndian
		}
		for i, v := range vals {
			bo.PutUint64(data[8*i:], math.Float64bits(v))
		}
		for _, c := range packingCases() {
			msg, err := Encode(nil, []EncodeInput{{Descriptor: descFor(Float64, n, o, c), Data: data}}, nil)
			if err != nil {
				t.Fatalf("%v: %v", c, err)
			}
			dec, err := Decode(msg, nil)
			if err != nil {
				t.Fatalf("%v: decode: %v", c, err)
			}
			d := dec.Objects[0].Descriptor
			p, err := readSimplePackingParams(d.Params)
			if err != nil {
				t.Fatalf("%v: params written: %v", c, err)
			}
			want, _ := simplepacking.ComputeParams(vals, p.BitsPerValue, 0)
			if p != want {
				t.Fatalf("%v: params %+v, want %+v", c, p, want)
			}
			packed, _ := simplepacking.Encode(vals, p)
			ref, _ := simplepacking.Decode(packed, n, p)
			got := dec.Objects[0].Data
			for i := range ref {
				if math.Float64frombits(binary.NativeEndian.Uint64(got[8*i:])) != ref[i] {
					t.Fatalf("%v: value %d", c, i)
				}
			}
			checkRanges(t, msg, got, 8, n, c, Float64)
		}
	}
}

// Explicit params are used verbatim; sp_decimal_scale_factor defaults to 0;
// partial or missing params give upstream's errors.
func TestStageSimplePackingParams(t *testing.T) {
	data := f64s(250, 251.3, 252.7)
	d := NewDescriptor(Float64, []uint64{3})
	d.Encoding = "simple_packing"
	d.Params = map[string]any{"sp_bits_per_value": uint64(16), "sp_reference_value": 250.0, "sp_binary_scale_factor": int64(-14)}
	msg := mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, nil)
	dec, err := Decode(msg, &DecodeOptions{WireOrder: true})
	if err != nil {
		t.Fatal(err)
	}
	if v := dec.Objects[0].Descriptor.Params[spDecimal]; v != uint64(0) {
		t.Fatalf("decimal scale %v", v)
	}
	_, ov, _ := ParseObject(msg, 0, false)
	if !bytes.Equal(ov.Payload, []byte{0, 0, 0x53, 0x33, 0xac, 0xcd}) {
		t.Fatalf("payload %x", ov.Payload)
	}
	for _, c := range []struct {
		params map[string]any
		dt     DType
		kind   error
		sub    string
	}{
		{map[string]any{}, Float64, ErrMetadata, "requires sp_bits_per_value"},
		{map[string]any{"sp_bits_per_value": uint64(8), "sp_reference_value": 1.0}, Float64, ErrMetadata, "sets sp_reference_value but not sp_binary_scale_factor"},
		{map[string]any{"sp_bits_per_value": uint64(8), "sp_binary_scale_factor": int64(1)}, Float64, ErrMetadata, "sets sp_binary_scale_factor but not sp_reference_value"},
		{map[string]any{"sp_bits_per_value": uint64(70)}, Float64, ErrEncoding, "bits_per_value 70 exceeds maximum of 64"},
		{map[string]any{"sp_bits_per_value": uint64(8)}, Float32, ErrEncoding, "simple_packing only supports float64 dtype; got Float32"},
		{map[string]any{"sp_bits_per_value": "8"}, Float64, ErrMetadata, "expected integer for sp_bits_per_value"},
		{map[string]any{"sp_bits_per_value": uint64(8), "sp_reference_value": math.Inf(1), "sp_binary_scale_factor": int64(0)}, Float64, ErrMetadata, "finite"},
	} {
		d := NewDescriptor(c.dt, []uint64{3})
		d.Encoding = "simple_packing"
		d.Params = c.params
		in := data
		if c.dt == Float32 {
			in = f32s(1, 2, 3)
		}
		_, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: in}}, nil)
		wantErr(t, err, c.kind, c.sub)
	}
	// Auto-compute sees the original values: NaN fails even when allowed.
	d = NewDescriptor(Float64, []uint64{2})
	d.Encoding = "simple_packing"
	d.Params = map[string]any{"sp_bits_per_value": uint64(16)}
	_, err = Encode(nil, []EncodeInput{{Descriptor: d, Data: f64s(1, math.NaN())}}, &EncodeOptions{AllowNaN: true})
	wantErr(t, err, ErrEncoding, "NaN value encountered at index 1")
	// With explicit params the substituted zero is packed and the mask restores NaN.
	d.Params = map[string]any{"sp_bits_per_value": uint64(16), "sp_reference_value": 0.0, "sp_binary_scale_factor": int64(0)}
	msg = mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: f64s(1, math.NaN()), DataOrder: NativeOrder}}, &EncodeOptions{AllowNaN: true})
	dec, err = Decode(msg, nil)
	if err != nil || !math.IsNaN(math.Float64frombits(binary.NativeEndian.Uint64(dec.Objects[0].Data[8:]))) {
		t.Fatalf("masked simple_packing: %v", err)
	}
}

// Combinations upstream would corrupt are rejected on encode, while
// payloads written that way still decode.
func TestStageRejectedCombos(t *testing.T) {
	vals := make([]float64, 64)
	for i := range vals {
		vals[i] = float64(i)
	}
	sp12 := map[string]any{"sp_bits_per_value": uint64(12), "sp_reference_value": 0.0, "sp_binary_scale_factor": int64(0)}
	for _, c := range []struct {
		dt   DType
		c    pipelineCase
		kind error
		sub  string
	}{
		{Float64, pipelineCase{"simple_packing", "none", "szip", mergeParams(sp12, szipParams(8))}, ErrEncoding, "sp_bits_per_value of 8, 16, 24 or 32"},
		{Float32, pipelineCase{"none", "none", "szip", szipParams(8 | 32)}, ErrEncoding, "PAD_RSI"},
		{Float64, pipelineCase{"none", "none", "szip", szipParams(8)}, ErrEncoding, "bits_per_sample must be 1..=32, got 64"},
		{Float32, pipelineCase{"none", "none", "szip", map[string]any{"szip_rsi": uint64(0), "szip_block_size": uint64(16), "szip_flags": uint64(8)}}, ErrEncoding, "rsi must be 1..=4096, got 0"},
		{Float32, pipelineCase{"none", "none", "szip", map[string]any{"szip_rsi": uint64(4), "szip_block_size": uint64(12), "szip_flags": uint64(8)}}, ErrEncoding, "block_size must be 8, 16, 32, or 64, got 12"},
		{Float32, pipelineCase{"none", "none", "szip", map[string]any{"szip_rsi": uint64(4), "szip_block_size": uint64(16)}}, ErrMetadata, "missing required parameter: szip_flags"},
		{Float32, pipelineCase{"none", "shuffle", "none", nil}, ErrMetadata, "missing required parameter: shuffle_element_size"},
		{Float32, pipelineCase{"none", "shuffle", "none", map[string]any{"shuffle_element_size": uint64(0)}}, ErrEncoding, "element_size must not be zero"},
		{Float64, pipelineCase{"none", "shuffle", "none", map[string]any{"shuffle_element_size": uint64(3)}}, ErrEncoding, "data length 512 is not divisible by element_size 3"},
		{Float64, pipelineCase{"none", "none", "zstd", map[string]any{"zstd_level": "x"}}, ErrMetadata, "expected integer for zstd_level, got text; if you meant to use the default (3), omit the key"},
		{Float64, pipelineCase{"none", "none", "rle", nil}, ErrEncoding, `compression "rle" only supports dtype=bitmask, got dtype=Float64`},
		{Float64, pipelineCase{"none", "none", "roaring", nil}, ErrEncoding, `compression "roaring" only supports dtype=bitmask`},
		{Bitmask, pipelineCase{"none", "none", "szip", szipParams(8)}, ErrEncoding, "bits_per_sample must be 1..=32, got 0"},
	} {
		n := 64
		data := f64s(vals...)
		switch c.dt {
		case Float32:
			data = make([]byte, 4*n)
		case Bitmask:
			data = make([]byte, 8)
		}
		_, err := Encode(nil, []EncodeInput{{Descriptor: descFor(c.dt, n, LittleEndian, c.c), Data: data}}, nil)
		wantErr(t, err, c.kind, c.sub)
	}
}

// Pre-encoded payloads: stage parameters are still validated, and
// caller-supplied szip_block_offsets are checked with upstream's messages.
func TestStagePreEncodedParams(t *testing.T) {
	d := descFor(Float64, 4, LittleEndian, pipelineCase{"simple_packing", "none", "none", map[string]any{"sp_bits_per_value": uint64(8)}})
	_, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: make([]byte, 4)}}, &EncodeOptions{PreEncoded: true})
	wantErr(t, err, ErrMetadata, "missing required parameter: sp_reference_value")
	for _, c := range []struct {
		offs any
		sub  string
	}{
		{[]any{}, "szip_block_offsets must not be empty; first offset must be 0"},
		{[]any{uint64(1)}, "szip_block_offsets[0] must be 0, got 1"},
		{[]any{uint64(0), uint64(0)}, "szip_block_offsets must be strictly increasing: szip_block_offsets[0] = 0, szip_block_offsets[1] = 0"},
		{[]any{uint64(0), uint64(1000)}, "szip_block_offsets[1] = 1000 exceeds bit bound 512 (encoded_bytes_len = 64 bytes, 512 bits)"},
		{"x", "szip_block_offsets must be an array"},
		{[]any{uint64(0), int64(-1)}, "szip_block_offsets[1] = -1 out of u64 range"},
	} {
		d := descFor(Float32, 16, LittleEndian, pipelineCase{"none", "none", "szip", mergeParams(szipParams(8), map[string]any{szipOffsetsKey: c.offs})})
		_, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: make([]byte, 64)}}, &EncodeOptions{PreEncoded: true})
		wantErr(t, err, ErrMetadata, c.sub)
	}
	d = descFor(Float32, 16, LittleEndian, pipelineCase{"none", "none", "szip", mergeParams(szipParams(8), map[string]any{szipOffsetsKey: []any{uint64(0), uint64(8)}})})
	mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: make([]byte, 64)}}, &EncodeOptions{PreEncoded: true})
}
