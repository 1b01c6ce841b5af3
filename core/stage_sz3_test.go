package core

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

const sz3Testdata = "codec/sz3/testdata"

// TestSz3UpstreamMessages decodes whole messages upstream wrote with sz3
// and compares with upstream's decoded doubles (tools/gen_sz3_vectors.py).
func TestSz3UpstreamMessages(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sz3Testdata, "*.tgm"))
	if len(files) == 0 {
		t.Fatal("no sz3 messages in " + sz3Testdata)
	}
	for _, f := range files {
		msg, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".tgm")
		m, err := Decode(msg, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want, err := os.ReadFile(filepath.Join(sz3Testdata, name+".out")); err == nil {
			if !bytes.Equal(m.Objects[0].Data, want) {
				t.Fatalf("%s: decoded bytes differ from upstream's", name)
			}
		} else if len(m.Objects[0].Data) != 8*int(m.Objects[0].Descriptor.Shape[0]) {
			t.Fatalf("%s: %d bytes decoded", name, len(m.Objects[0].Data))
		}
		_, err = DecodeRange(msg, 0, []Range{{Offset: 0, Count: 1}}, nil)
		wantErr(t, err, ErrEncoding, "range decode not supported for this compressor")
	}
}

// TestSz3StageParams checks the descriptor rules of the sz3 stage.
func TestSz3StageParams(t *testing.T) {
	for _, c := range []struct {
		dt     DType
		enc    string
		filter string
		params map[string]any
		kind   error
		sub    string
	}{
		{Float64, "none", "none", map[string]any{"sz3_error_bound": 0.1}, ErrMetadata, "missing required parameter: sz3_error_bound_mode"},
		{Float64, "none", "none", map[string]any{"sz3_error_bound_mode": uint64(3), "sz3_error_bound": 0.1}, ErrMetadata, "missing required parameter: sz3_error_bound_mode"},
		{Float64, "none", "none", map[string]any{"sz3_error_bound_mode": "abs"}, ErrMetadata, "missing required parameter: sz3_error_bound"},
		{Float64, "none", "none", map[string]any{"sz3_error_bound_mode": "abs", "sz3_error_bound": "x"}, ErrMetadata, "expected number for sz3_error_bound"},
		{Float64, "none", "none", map[string]any{"sz3_error_bound_mode": "ABS", "sz3_error_bound": 0.1}, ErrEncoding, "unknown sz3_error_bound_mode: ABS"},
		{Float32, "none", "none", map[string]any{"sz3_error_bound_mode": "abs", "sz3_error_bound": 0.1}, ErrEncoding, "sz3 requires encoding=none, filter=none, dtype=float64"},
		{Float64, "none", "shuffle", map[string]any{"sz3_error_bound_mode": "abs", "sz3_error_bound": 0.1, "shuffle_element_size": uint64(8)}, ErrEncoding, "sz3 requires encoding=none, filter=none, dtype=float64"},
	} {
		n := 4
		d := descFor(c.dt, n, LittleEndian, pipelineCase{c.enc, c.filter, "sz3", c.params})
		_, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: make([]byte, n*c.dt.Size())}}, nil)
		wantErr(t, err, c.kind, c.sub)
	}
}

// TestSz3CorruptPayload: a damaged stream is an EncodingError, not a panic.
func TestSz3CorruptPayload(t *testing.T) {
	msg := testutil.ReadFile(t, sz3Testdata, "smooth_10000_abs_0.01.tgm")
	i := bytes.Index(msg, []byte{0x10, 0xf3, 0x42, 0xf3})
	if i < 0 {
		t.Fatal("no SZ3 stream in message")
	}
	bad := append([]byte(nil), msg...)
	bad[i+1] ^= 0xff
	_, err := Decode(bad, nil)
	if !errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), "sz3") {
		t.Fatalf("corrupt sz3 payload: %v", err)
	}
}

// TestSz3EncodeRoundTrip encodes through the pipeline in every mode and
// both byte orders and checks the bound on decode.
func TestSz3EncodeRoundTrip(t *testing.T) {
	n := 5000
	vals := make([]float64, n)
	for i := range vals {
		x := float64(i)
		vals[i] = 280 + 15*math.Sin(x*0.01) + 0.3*math.Cos(x*1.7)
	}
	for _, order := range []ByteOrder{LittleEndian, BigEndian} {
		for _, c := range []struct {
			mode  string
			bound float64
			eb    float64
		}{{"abs", 0.01, 0.01}, {"rel", 1e-4, 1e-4 * (valueSpan(vals))}, {"psnr", 80, 0}} {
			d := descFor(Float64, n, order, pipelineCase{"none", "none", "sz3",
				map[string]any{"sz3_error_bound_mode": c.mode, "sz3_error_bound": c.bound}})
			raw := make([]byte, 8*n)
			putFloat64s(raw, vals, order == BigEndian)
			msg, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: raw}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Decode(msg, &DecodeOptions{WireOrder: true})
			if err != nil {
				t.Fatal(err)
			}
			got := m.Objects[0].Data
			var se float64
			for i, v := range vals {
				var w float64
				if order == BigEndian {
					w = math.Float64frombits(binary.BigEndian.Uint64(got[8*i:]))
				} else {
					w = math.Float64frombits(binary.LittleEndian.Uint64(got[8*i:]))
				}
				if c.eb > 0 && math.Abs(w-v) > c.eb {
					t.Fatalf("%s %v: value %d off by %v > %v", c.mode, order, i, math.Abs(w-v), c.eb)
				}
				se += (w - v) * (w - v)
			}
			if c.mode == "psnr" {
				psnr := 20*math.Log10(valueSpan(vals)) - 10*math.Log10(se/float64(n))
				if psnr < c.bound-1 {
					t.Fatalf("psnr %.2f for target %v", psnr, c.bound)
				}
			}
			if len(msg) > 8*n/3 {
				t.Fatalf("%s: %d-byte message for %d values", c.mode, len(msg), n)
			}
		}
	}
	d := descFor(Float64, 0, LittleEndian, pipelineCase{"none", "none", "sz3",
		map[string]any{"sz3_error_bound_mode": "abs", "sz3_error_bound": 0.1}})
	_, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: nil}}, nil)
	wantErr(t, err, ErrEncoding, "empty")
}

func valueSpan(v []float64) float64 {
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return hi - lo
}
