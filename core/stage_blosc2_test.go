package core

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tensogram-go/tensogram-go/core/codec/blosc2"
	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// blosc2Msg is one entry of core/codec/blosc2/testdata/tgm/manifest.json:
// a message upstream tensogram 0.24.0 wrote (tools/gen_blosc2_vectors.py).
type blosc2Msg struct {
	Name        string      `json:"name"`
	SHA256      []string    `json:"sha256"`
	Ranges      [][2]uint64 `json:"ranges"`
	RangeValues []string    `json:"range_values"`
}

func blosc2Messages(t *testing.T) (string, []blosc2Msg) {
	t.Helper()
	dir := filepath.Join("codec", "blosc2", "testdata", "tgm")
	b := testutil.ReadFile(t, dir, "manifest.json")
	var m []blosc2Msg
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return dir, m
}

// TestBlosc2UpstreamMessages decodes every upstream blosc2 message (each
// blosc2_codec, dtype, clevel, shuffle filter, simple_packing, a blosc2
// NaN mask) to upstream's values and ranges, then re-encodes the values
// with our encoder and decodes them back.
func TestBlosc2UpstreamMessages(t *testing.T) {
	dir, msgs := blosc2Messages(t)
	codecs := map[string]bool{}
	for _, m := range msgs {
		buf := testutil.ReadFile(t, dir, m.Name+".tgm")
		for _, th := range []int{1, 3} {
			dec, err := Decode(buf, &DecodeOptions{Threads: th})
			if err != nil {
				t.Fatalf("%s: %v", m.Name, err)
			}
			for i, o := range dec.Objects {
				s := sha256.Sum256(o.Data)
				if hex.EncodeToString(s[:]) != m.SHA256[i] {
					t.Fatalf("%s threads %d: object %d differs from upstream's decode", m.Name, th, i)
				}
				if c, ok := o.Descriptor.Params["blosc2_codec"].(string); ok {
					codecs[c] = true
				}
			}
			if m.RangeValues != nil {
				checkBlosc2Ranges(t, buf, m)
			}
			reencodeBlosc2(t, m.Name, dec)
		}
	}
	if len(codecs) != 5 {
		t.Fatalf("codecs covered: %v", codecs)
	}
}

func checkBlosc2Ranges(t *testing.T, buf []byte, m blosc2Msg) {
	t.Helper()
	rs := make([]Range, len(m.Ranges))
	for i, r := range m.Ranges {
		rs[i] = Range{Offset: r[0], Count: r[1]}
	}
	got, err := DecodeRange(buf, 0, rs, nil)
	if err != nil {
		t.Fatalf("%s: range: %v", m.Name, err)
	}
	for i, want := range m.RangeValues {
		if hex.EncodeToString(got[i]) != want {
			t.Fatalf("%s: range %v differs from upstream's", m.Name, m.Ranges[i])
		}
	}
}

// reencodeBlosc2 encodes decoded objects again with their descriptors and
// checks the values survive (lossless stages only: simple_packing is
// re-quantised, so it is compared after one more round).
func reencodeBlosc2(t *testing.T, name string, dec *Message) {
	t.Helper()
	in := make([]EncodeInput, len(dec.Objects))
	for i, o := range dec.Objects {
		d := *o.Descriptor
		d.Masks = nil
		in[i] = EncodeInput{Descriptor: &d, Data: o.Data}
	}
	msg, err := Encode(nil, in, &EncodeOptions{AllowNaN: true})
	if err != nil {
		t.Fatalf("%s: re-encode: %v", name, err)
	}
	back, err := Decode(msg, nil)
	if err != nil {
		t.Fatalf("%s: decode of our encoding: %v", name, err)
	}
	for i, o := range back.Objects {
		if dec.Objects[i].Descriptor.Encoding == "none" && !bytes.Equal(o.Data, dec.Objects[i].Data) {
			t.Fatalf("%s: object %d changed through our encoder", name, i)
		}
	}
}

// TestBlosc2StageParams checks upstream's parameter errors and defaults.
func TestBlosc2StageParams(t *testing.T) {
	enc := func(params map[string]any, dt DType, filter string) error {
		d := NewDescriptor(dt, []uint64{16})
		d.Compression, d.Filter, d.Params = "blosc2", filter, params
		if filter == "shuffle" {
			d.Params["shuffle_element_size"] = uint64(dt.Size())
		}
		data := make([]byte, 16*max(dt.Size(), 1))
		if dt == Bitmask {
			data = make([]byte, 2)
		}
		_, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: data}}, nil)
		return err
	}
	cases := []struct {
		params map[string]any
		dt     DType
		want   string
	}{
		{map[string]any{"blosc2_codec": "snappy"}, Float64, "unknown blosc2 codec: snappy"},
		{map[string]any{"blosc2_codec": uint64(5)}, Float64, `expected text for blosc2_codec, got integer; if you meant to use the default ("lz4"), omit the key`},
		{map[string]any{"blosc2_clevel": "5"}, Float64, "expected integer for blosc2_clevel, got text; if you meant to use the default (5), omit the key"},
		{map[string]any{"blosc2_clevel": uint64(1 << 40)}, Float64, "blosc2_clevel value 1099511627776 out of i32 range"},
		{map[string]any{"blosc2_clevel": uint64(10)}, Float64, "compression error: blosc2 error: CodecParam"},
		{map[string]any{"blosc2_clevel": int64(-1)}, Float64, "compression error: blosc2 error: CodecParam"},
		{map[string]any{}, Bitmask, "compression error: blosc2 error: InvalidParam"},
	}
	for _, c := range cases {
		err := enc(c.params, c.dt, "none")
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(c.want)) {
			t.Errorf("%v: got %v, want %q", c.params, err, c.want)
		}
	}
	for _, f := range []string{"none", "shuffle"} {
		if err := enc(map[string]any{"blosc2_codec": "zstd", "blosc2_clevel": uint64(9), "blosc2_typesize": uint64(3)}, Float32, f); err != nil {
			t.Errorf("filter %s: %v", f, err)
		}
	}
}

// TestBlosc2StageHostile checks that a frame claiming more than the
// descriptor's size fails with a size error before allocating it.
func TestBlosc2StageHostile(t *testing.T) {
	frame, err := blosc2.Encode(make([]byte, 1<<20), blosc2.Params{Codec: blosc2.LZ4, Clevel: 5, Typesize: 8})
	if err != nil {
		t.Fatal(err)
	}
	s := &blosc2Stage{codec: blosc2.LZ4, clevel: 5, typesize: 8, encoded: 1024}
	if _, err := s.Decode(frame, 1024); !errors.Is(err, blosc2.ErrSizeLimit) {
		t.Fatalf("got %v", err)
	}
	if err := s.DecodeInto(make([]byte, 1024), frame); !errors.Is(err, blosc2.ErrSizeLimit) {
		t.Fatalf("DecodeInto: got %v", err)
	}
	if _, err := s.DecodeRange(frame, 0, 8); !errors.Is(err, blosc2.ErrSizeLimit) {
		t.Fatalf("DecodeRange: got %v", err)
	}
}

// FuzzBlosc2StageDecode feeds arbitrary payloads (seeded with upstream's
// blosc2 messages) and element counts to blosc2 pipelines: no panic, never
// more than the declared size, DecodeInto agrees with Decode, and a range
// decode never fails where the full decode succeeded.
func FuzzBlosc2StageDecode(f *testing.F) {
	pipes := []struct {
		dt DType
		c  pipelineCase
	}{
		{Float64, pipelineCase{"none", "none", "blosc2", nil}},
		{Float32, pipelineCase{"none", "shuffle", "blosc2", map[string]any{"shuffle_element_size": uint64(4), "blosc2_codec": "zstd"}}},
		{Float64, pipelineCase{"simple_packing", "none", "blosc2", map[string]any{"sp_bits_per_value": uint64(24), "sp_reference_value": 1.0, "sp_binary_scale_factor": int64(-3), "sp_decimal_scale_factor": uint64(0)}}},
	}
	files, _ := filepath.Glob(filepath.Join("codec", "blosc2", "testdata", "tgm", "*.tgm"))
	for i, p := range files {
		b, err := os.ReadFile(p)
		if err != nil || len(b) > 16384 {
			continue
		}
		if _, ov, err := ParseObject(b, 0, false); err == nil {
			f.Add(uint8(i), uint32(ov.Descriptor.Shape[0]), ov.Payload)
		}
	}
	f.Fuzz(func(t *testing.T, sel uint8, n uint32, payload []byte) {
		c := pipes[int(sel)%len(pipes)]
		p, out, ok, err := fuzzDecode(t, c.dt, c.c, n, payload)
		if ok && err == nil && c.c.enc == "none" && c.c.filter == "none" && n > 2 {
			w := uint64(c.dt.Size())
			r, rerr := p.Compression.(RangeStage).DecodeRange(payload, w, w*uint64(n-2))
			if rerr != nil || !bytes.Equal(r, out[w:w*uint64(n-1)]) {
				t.Fatalf("range decode differs: %v", rerr)
			}
		}
	})
}
