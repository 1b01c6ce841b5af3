package pyapi

import (
	"errors"
	"strings"
	"testing"

	"github.com/tensogram-go/tensogram-go/core"
)

func cborOf(t testing.TB, v any) []byte {
	t.Helper()
	b, err := core.MarshalCanonical(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// classOf is the exception class of a rule error (-1 for none or another error).
func classOf(err error) int {
	var pe *Error
	if errors.As(err, &pe) {
		return int(pe.Class)
	}
	return -1
}

func TestGlobalFromDictRules(t *testing.T) {
	g, err := GlobalFromDict(map[string]any{
		"base": []any{map[string]any{"a": uint64(1)}}, "version": uint64(2), "_extra_": map[string]any{"version": uint64(1)},
		"extra": map[string]any{"dropped": true}, "k": "v",
	})
	if err != nil {
		t.Fatal(err)
	}
	if g.Extra["version"] != uint64(1) || g.Extra["k"] != "v" || g.Extra["dropped"] != nil || len(g.Base) != 1 {
		t.Fatalf("unexpected metadata %+v", g)
	}
	g, err = GlobalFromDict(map[string]any{"extra": map[string]any{"x": uint64(1)}, "y": uint64(2)})
	if err != nil || g.Extra["x"] != uint64(1) || g.Extra["y"] != uint64(2) {
		t.Fatalf("alias: %+v %v", g, err)
	}
	for _, tc := range []struct {
		in   map[string]any
		want string
	}{
		{map[string]any{"_reserved_": map[string]any{}}, "'_reserved_' must not be set"},
		{map[string]any{"base": nil}, "'base' must be a list of dicts"},
		{map[string]any{"base": []any{"x"}}, "expected a dict"},
		{map[string]any{"base": []any{map[string]any{"_reserved_": uint64(1)}}}, "'_reserved_' key"},
		{map[string]any{"_extra_": uint64(1)}, "'_extra_' must be a dict"},
		{map[string]any{"extra": "s"}, "'extra' must be a dict"},
	} {
		_, err := GlobalFromDict(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) || classOf(err) != int(ValueError) {
			t.Errorf("%v: got %v, want ValueError containing %q", tc.in, err, tc.want)
		}
	}
	if _, err := GlobalFromDict([]any{}); classOf(err) != int(TypeError) {
		t.Errorf("non-dict metadata: %v", err)
	}
}

func TestDescriptorFromDict(t *testing.T) {
	d, warn, err := DescriptorFromDict(map[string]any{"type": "ntensor", "shape": []any{uint64(2), uint64(3)},
		"dtype": "int16", "ndim": uint64(9), "hash": "x", "units": "K", "zstd_level": int64(-1)})
	if err != nil {
		t.Fatal(err)
	}
	if d.NDim != 2 || d.Strides[0] != 3 || d.Strides[1] != 1 || d.ByteOrder != core.NativeOrder || d.Encoding != "none" {
		t.Fatalf("descriptor %+v", d)
	}
	if _, ok := d.Params["ndim"]; ok || d.Params["units"] != "K" || d.Params["zstd_level"] != int64(-1) {
		t.Fatalf("params %v", d.Params)
	}
	if !strings.Contains(warn, "('units')") {
		t.Fatalf("warning %q", warn)
	}
	base := func() map[string]any {
		return map[string]any{"type": "ntensor", "shape": []any{uint64(4)}, "dtype": "float32"}
	}
	for _, tc := range []struct {
		mut  func(map[string]any)
		want string
	}{
		{func(m map[string]any) { delete(m, "type") }, "descriptor missing 'type'"},
		{func(m map[string]any) { delete(m, "shape") }, "descriptor missing 'shape'"},
		{func(m map[string]any) { delete(m, "dtype") }, "descriptor missing 'dtype'"},
		{func(m map[string]any) { m["dtype"] = "complex256" }, "unknown dtype: complex256"},
		{func(m map[string]any) { m["byte_order"] = "middle" }, "unknown byte_order: 'middle'"},
		{func(m map[string]any) { m["shape"] = []any{int64(-1)} }, "non-negative"},
		{func(m map[string]any) { m["shape"] = []any{uint64(2), uint64(1 << 63), uint64(2)} }, "strides overflow: cannot compute strides for shape [2, 9223372036854775808, 2]"},
	} {
		m := base()
		tc.mut(m)
		_, _, err := DescriptorFromDict(m)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
	if _, _, err := DescriptorFromDict("x"); err == nil {
		t.Error("non-dict descriptor accepted")
	}
}

func TestRowMajorStrides(t *testing.T) {
	st, err := rowMajorStrides([]uint64{2, 3, 4})
	if err != nil || st[0] != 12 || st[1] != 4 || st[2] != 1 {
		t.Fatalf("%v %v", st, err)
	}
	if st, err := rowMajorStrides([]uint64{1 << 63, 2}); err != nil || st[0] != 2 {
		t.Fatalf("[2^63, 2]: %v %v", st, err) // upstream: no overflow here
	}
	if st, _ := rowMajorStrides(nil); len(st) != 0 {
		t.Fatal("scalar strides")
	}
}

func TestCBORWriterRoundTrip(t *testing.T) {
	w := &cborWriter{}
	w.mapN(6)
	w.kv("s", "héllo")
	w.text("u")
	w.uint(1 << 40)
	w.text("i")
	w.int(-300)
	w.text("b")
	w.bool(true)
	w.text("f")
	w.float(1.5)
	w.text("a")
	w.arrayN(2)
	w.uint(1)
	w.int(-1)
	v, n, err := core.UnmarshalLenient(w.b)
	if err != nil || n != len(w.b) {
		t.Fatal(err)
	}
	m := core.NormalizeValue(v).(map[string]any)
	if m["s"] != "héllo" || m["u"] != uint64(1<<40) || m["i"] != int64(-300) || m["b"] != true || m["f"] != 1.5 {
		t.Fatalf("%v", m)
	}
}

// FuzzEncodeRequest feeds arbitrary CBOR to the metadata and descriptor
// converters (what the shim sends for user dicts): they must return errors,
// never panic, and never allocate by an unchecked length.
func FuzzEncodeRequest(f *testing.F) {
	f.Add(cborOf(f, map[string]any{"base": []any{map[string]any{}}, "x": uint64(1)}))
	f.Add(cborOf(f, map[string]any{"type": "ntensor", "shape": []any{uint64(3)}, "dtype": "float64",
		"encoding": "simple_packing", "sp_bits_per_value": uint64(12)}))
	f.Add([]byte{0xa1, 0x65, 's', 'h', 'a', 'p', 'e', 0x82, 0x1b, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x02})
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := dictValue(data)
		if err != nil {
			return
		}
		_, _ = GlobalFromDict(v)
		d, _, err := DescriptorFromDict(v)
		if err != nil {
			return
		}
		if _, err := d.NumElements(); err != nil {
			return
		}
		_, _ = core.Encode(&core.GlobalMetadata{}, []core.EncodeInput{{Descriptor: d, Data: make([]byte, 64)}}, nil)
	})
}

func BenchmarkDescriptorFromCBOR(b *testing.B) {
	raw := cborOf(b, map[string]any{"type": "ntensor", "shape": []any{uint64(1000), uint64(1000)}, "dtype": "float32",
		"compression": "zstd", "zstd_level": uint64(3), "byte_order": "little"})
	b.SetBytes(int64(len(raw)))
	for i := 0; i < b.N; i++ {
		if _, _, err := DescriptorFromCBOR(raw); err != nil {
			b.Fatal(err)
		}
	}
}
