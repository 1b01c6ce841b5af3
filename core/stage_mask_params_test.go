package core

import (
	"bytes"
	"encoding/hex"
	"math"
	"strings"
	"testing"
)

// maskEntries encodes vals with every mask kind written by method and
// returns the "masks" map of the descriptor as it is on the wire.
func maskEntries(t *testing.T, vals []float64, method string) map[string]any {
	t.Helper()
	in := EncodeInput{Descriptor: NewDescriptor(Float64, []uint64{uint64(len(vals))}), Data: f64s(vals...)}
	msg := mustEncode(t, nil, []EncodeInput{in}, &EncodeOptions{AllowNaN: true, AllowInf: true,
		NaNMaskMethod: method, PosInfMaskMethod: method, NegInfMaskMethod: method})
	dec, err := Decode(msg, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := UnmarshalLenient(dec.Objects[0].Descriptor.Raw)
	if err != nil {
		t.Fatal(err)
	}
	masks, ok := v.(map[string]any)["masks"].(map[string]any)
	if !ok {
		t.Fatalf("%s: no masks map in %v", method, v)
	}
	return masks
}

// The mask entries carry "params" exactly as upstream 0.24 writes them:
// blosc2 records {"codec": "lz4", "level": 5} (CBOR bytes taken from an
// upstream message; tests/test_mask_params_interop.py compares whole
// descriptors with upstream), every other method and a small mask stored
// as "none" record none.
func TestMaskDescriptorParams(t *testing.T) {
	vals := make([]float64, 3000)
	for i := range vals {
		vals[i] = float64(i)
	}
	vals[5], vals[7], vals[1000] = math.NaN(), math.Inf(1), math.Inf(-1)
	upstream, _ := hex.DecodeString("a265636f64656363" + "6c7a34656c6576656c05")
	for _, m := range []string{"none", "rle", "roaring", "lz4", "zstd", "blosc2"} {
		for kind, e := range maskEntries(t, vals, m) {
			entry := e.(map[string]any)
			p, has := entry["params"]
			if m != "blosc2" {
				if has {
					t.Fatalf("%s %s: unexpected params %v", m, kind, p)
				}
				continue
			}
			got, err := MarshalCanonical(p)
			if err != nil || !bytes.Equal(got, upstream) {
				t.Fatalf("%s: params %v encode as %x, upstream writes %x (%v)", kind, p, got, upstream, err)
			}
		}
	}
	small := maskEntries(t, []float64{1, math.NaN(), 3}, "blosc2")
	if e := small[MaskNaN].(map[string]any); e["method"] != "none" || e["params"] != nil {
		t.Fatalf("small mask entry %v, want method none without params", e)
	}
}

// A mask entry with several parameters its method does not accept names
// the first in sorted order on every call, not whichever Go's map
// iteration meets first.
func TestMaskMethodUnknownParamsNamedInSortedOrder(t *testing.T) {
	params := map[string]any{}
	for _, k := range []string{"k7", "k3", "k5", "k1", "k6", "k2", "k4", "k0"} {
		params[k] = uint64(1)
	}
	d := NewDescriptor(Float64, []uint64{4})
	d.Masks = map[string]MaskInfo{MaskNaN: {Method: "rle", Params: params}}
	in := EncodeInput{Descriptor: d, Data: f64s(1, 2, 3, 4)}
	for range 20 {
		_, err := Encode(nil, []EncodeInput{in}, nil)
		if err == nil || !strings.Contains(err.Error(), `does not accept parameter "k0"`) {
			t.Fatalf("Encode: %v, want the error to name k0", err)
		}
	}
}
