package pyapi

import (
	"reflect"
	"testing"

	"github.com/tensogram-go/tensogram-go/core"
)

// kv is one pair of an ordered map.
type kv struct {
	k, v any
}

// ordered decodes the CBOR item at pos keeping map order ([]kv for maps).
func ordered(t *testing.T, b []byte, pos int) any {
	t.Helper()
	if es, ok, err := (&keySrc{b: b}).mapEntries(nil, pos, 0); err != nil {
		t.Fatal(err)
	} else if ok {
		out := []kv{}
		for _, e := range es {
			k, _, _ := core.UnmarshalLenient(b[e.key.start:e.key.end])
			out = append(out, kv{core.NormalizeValue(k), ordered(t, b, e.val.start)})
		}
		return out
	}
	if its, ok, err := arrayItems(b, pos, 0); err != nil {
		t.Fatal(err)
	} else if ok {
		out := []any{}
		for _, it := range its {
			out = append(out, ordered(t, b, it.start))
		}
		return out
	}
	v, _, err := core.UnmarshalLenient(b[pos:])
	if err != nil {
		t.Fatal(err)
	}
	return core.NormalizeValue(v)
}

func keysOf(m any) []any {
	var out []any
	for _, p := range m.([]kv) {
		out = append(out, p.k)
	}
	return out
}

func get(m any, k any) any {
	for _, p := range m.([]kv) {
		if p.k == k {
			return p.v
		}
	}
	return nil
}

func view(t *testing.T, frame []byte, n int) (meta, index any) {
	t.Helper()
	b, err := MetadataView(frame, n)
	if err != nil {
		t.Fatal(err)
	}
	v := ordered(t, b, 0).([]any)
	return v[0], v[1]
}

func canonical(t *testing.T, v any) []byte {
	t.Helper()
	b, err := core.MarshalCanonical(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMetadataViewMovesFreeKeysAndPadsBase(t *testing.T) {
	frame := canonical(t, map[string]any{
		"base":    []any{map[string]any{"zz": uint64(1), "b": "x", "_reserved_": map[string]any{"tensor": map[string]any{"strides": []any{uint64(1)}, "shape": []any{uint64(4)}, "ndim": uint64(1), "dtype": "float32", "aaa": true}}}},
		"_extra_": map[string]any{"version": uint64(2), "B": "up"},
		"loose":   "free", "a": int64(-1),
	})
	meta, index := view(t, frame, 3)
	if got := keysOf(meta); !reflect.DeepEqual(got, []any{"_extra_", "base"}) {
		t.Fatalf("top keys %v", got)
	}
	if got := keysOf(get(meta, "_extra_")); !reflect.DeepEqual(got, []any{"B", "a", "loose", "version"}) {
		t.Fatalf("_extra_ keys %v", got)
	}
	base := get(meta, "base").([]any)
	if len(base) != 3 || len(base[1].([]kv)) != 0 || len(base[2].([]kv)) != 0 {
		t.Fatalf("base not padded to 3: %v", base)
	}
	if got := keysOf(base[0]); !reflect.DeepEqual(got, []any{"_reserved_", "b", "zz"}) {
		t.Fatalf("base[0] keys %v", got)
	}
	tensor := get(get(base[0], "_reserved_"), "tensor")
	if got := keysOf(tensor); !reflect.DeepEqual(got, []any{"ndim", "dtype", "shape", "strides", "aaa"}) {
		t.Fatalf("tensor keys %v", got)
	}
	want := []kv{{"b", uint64(0)}, {"zz", uint64(0)}, {"B", int64(-1)}, {"a", int64(-1)}, {"loose", int64(-1)}, {"version", int64(-1)}}
	if !reflect.DeepEqual(index, want) {
		t.Fatalf("index %v, want %v", index, want)
	}
}

func TestMetadataViewKeyIndexFirstMatch(t *testing.T) {
	frame := canonical(t, map[string]any{
		"base":    []any{map[string]any{"p": uint64(1)}, map[string]any{"p": uint64(2), "q": uint64(3), "e": uint64(4)}},
		"_extra_": map[string]any{"e": uint64(5), "x": uint64(6)},
	})
	meta, index := view(t, frame, 0)
	want := []kv{{"p", uint64(0)}, {"e", uint64(1)}, {"q", uint64(1)}, {"x", int64(-1)}}
	if !reflect.DeepEqual(index, want) {
		t.Fatalf("index %v, want %v", index, want)
	}
	if len(get(meta, "base").([]any)) != 2 {
		t.Fatal("base changed without padding")
	}
}

func TestMetadataViewNestedOrdering(t *testing.T) {
	frame := canonical(t, map[string]any{"_reserved_": map[string]any{"uuid": "u", "time": "t",
		"encoder": map[string]any{"version": "1", "name": "n"}}, "_extra_": map[string]any{
		"ints":  map[any]any{int64(-1): "m", uint64(10): "t", uint64(2): "two"},
		"mixed": map[any]any{uint64(1): "one", "a": "txt"},
		"list":  []any{map[string]any{"bb": uint64(1), "a": uint64(2)}},
	}})
	meta, _ := view(t, frame, 0)
	if got := keysOf(get(meta, "_reserved_")); !reflect.DeepEqual(got, []any{"encoder", "time", "uuid"}) {
		t.Fatalf("_reserved_ keys %v", got)
	}
	if got := keysOf(get(get(meta, "_reserved_"), "encoder")); !reflect.DeepEqual(got, []any{"name", "version"}) {
		t.Fatalf("encoder keys %v", got)
	}
	extra := get(meta, "_extra_")
	// Maps nested in values keep their wire order as upstream's dicts do
	// (canonical CBOR: 2, 10, -1 and 1 before "a").
	if got := keysOf(get(extra, "ints")); !reflect.DeepEqual(got, []any{uint64(2), uint64(10), int64(-1)}) {
		t.Fatalf("int keys %v (wire order)", got)
	}
	if got := keysOf(get(extra, "mixed")); !reflect.DeepEqual(got, []any{uint64(1), "a"}) {
		t.Fatalf("mixed keys %v", got)
	}
	if got := keysOf(get(extra, "list").([]any)[0]); !reflect.DeepEqual(got, []any{"a", "bb"}) {
		t.Fatalf("map in a list %v", got)
	}
}

func TestMetadataViewDuplicateKeysLastWins(t *testing.T) {
	// {"_extra_": {"k": 1, "j": 0, "k": 2}} with a repeated key.
	frame := []byte{0xa1, 0x67, '_', 'e', 'x', 't', 'r', 'a', '_', 0xa3, 0x61, 'k', 0x01, 0x61, 'j', 0x00, 0x61, 'k', 0x02}
	meta, index := view(t, frame, 0)
	if got := get(meta, "_extra_"); !reflect.DeepEqual(got, []kv{{"j", uint64(0)}, {"k", uint64(2)}}) {
		t.Fatalf("_extra_ %v", got)
	}
	if !reflect.DeepEqual(index, []kv{{"j", int64(-1)}, {"k", int64(-1)}}) {
		t.Fatalf("index %v", index)
	}
}

func TestMetadataViewEmptyAndNonMap(t *testing.T) {
	for _, frame := range [][]byte{{0xa0}, {0x80}, {0x01}} {
		meta, index := view(t, frame, 2)
		base := get(meta, "base").([]any)
		if len(keysOf(meta)) != 1 || len(base) != 2 || len(index.([]kv)) != 0 {
			t.Fatalf("%x: %v %v", frame, meta, index)
		}
	}
	meta, _ := view(t, []byte{0xa0}, 0)
	if len(meta.([]kv)) != 0 {
		t.Fatalf("empty frame: %v", meta)
	}
}

func TestMetadataViewIndefiniteAndTagged(t *testing.T) {
	// {_ "_extra_": tag(55, {_ "b": 1, "a": [_ 2]})}
	frame := []byte{0xbf, 0x67, '_', 'e', 'x', 't', 'r', 'a', '_', 0xd8, 55, 0xbf, 0x61, 'b', 0x01, 0x61, 'a', 0x9f, 0x02, 0xff, 0xff, 0xff}
	meta, index := view(t, frame, 0)
	if got := get(meta, "_extra_"); !reflect.DeepEqual(got, []kv{{"a", []any{uint64(2)}}, {"b", uint64(1)}}) {
		t.Fatalf("_extra_ %v", got)
	}
	if !reflect.DeepEqual(index, []kv{{"a", int64(-1)}, {"b", int64(-1)}}) {
		t.Fatalf("index %v", index)
	}
}

func TestMetadataViewRejectsMalformed(t *testing.T) {
	for _, frame := range [][]byte{nil, {0xa1}, {0xa1, 0x61, 'k'}, {0xbf, 0x61, 'k', 0x01}, {0xa1, 0x61, 'k', 0x7f, 0x61}} {
		if _, err := MetadataView(frame, 1); err == nil {
			t.Errorf("%x accepted", frame)
		}
	}
}

// FuzzMetadataView: any input yields an error or one well-formed CBOR item
// (leaves are copied as they are, so their text need not be valid), never a
// panic or a hang.
func FuzzMetadataView(f *testing.F) {
	f.Add([]byte{0xa1, 0x64, 'b', 'a', 's', 'e', 0x81, 0xa0}, 2)
	f.Add([]byte{0xbf, 0x61, 'x', 0xa2, 0x01, 0x02, 0x61, 'a', 0x03, 0xff}, 0)
	f.Fuzz(func(t *testing.T, data []byte, n int) {
		n = min(max(n, 0), 64)
		b, err := MetadataView(data, n)
		if err != nil {
			return
		}
		if end, err := skip(b, 0, 0); err != nil || end != len(b) {
			t.Fatalf("view is not one CBOR item: end %d of %d, %v", end, len(b), err)
		}
	})
}

func TestPathValue(t *testing.T) {
	frame := canonical(t, map[string]any{
		"base":    []any{map[string]any{"mars": map[string]any{"param": "2t", "class": "od"}}, map[string]any{"only_1": uint64(1), "extra": map[string]any{"y": uint64(7)}}},
		"_extra_": map[string]any{"source": "test", "_reserved_": uint64(3)},
	})
	if _, err := PathValue([]byte{0x01}, "x", false, 0); err == nil {
		t.Fatal("a frame that is not a map accepted")
	}
	at := func(path string, scoped bool, obj int64) any {
		t.Helper()
		b, err := PathValue(frame, path, scoped, obj)
		if err != nil {
			t.Fatal(err)
		}
		v := ordered(t, b, 0).([]any)
		if len(v) == 0 {
			return "ABSENT"
		}
		return v[0]
	}
	for _, tc := range []struct {
		path   string
		scoped bool
		obj    int64
		want   any
	}{
		{"mars", false, 0, []kv{{"class", "od"}, {"param", "2t"}}},
		{"mars.param", false, 0, "2t"},
		{"extra.source", false, 0, "test"},
		{"_extra_.source", false, 0, "test"},
		{"extra.y", false, 0, "ABSENT"}, // "extra." targets _extra_ only
		{"extra", false, 0, "ABSENT"},
		{"_reserved_", false, 0, uint64(3)},
		{"", false, 0, "ABSENT"},
		{"only_1", true, 1, uint64(1)},
		{"only_1", true, 0, "ABSENT"},
		{"source", true, 0, "ABSENT"},
		{"only_1", true, -1, "ABSENT"},
		{"only_1", true, 2, "ABSENT"},
	} {
		if got := at(tc.path, tc.scoped, tc.obj); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q scoped=%v obj=%d: %v, want %v", tc.path, tc.scoped, tc.obj, got, tc.want)
		}
	}
}

// BenchmarkMetadataView: the view of a one-object message's metadata as
// core.Encode writes it (what a first Metadata access costs in Go).
func BenchmarkMetadataView(b *testing.B) {
	msg, err := core.Encode(&core.GlobalMetadata{Base: []map[string]any{{}}, Extra: map[string]any{"version": uint64(2)}},
		[]core.EncodeInput{{Descriptor: core.NewDescriptor(core.Float32, []uint64{4}), Data: make([]byte, 16)}}, nil)
	if err != nil {
		b.Fatal(err)
	}
	g, err := core.DecodeMetadata(msg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := MetadataView(g.Raw, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMetadataViewRecycledWriters: views built one after another on
// recycled writers are those of fresh writers (nothing of an earlier frame
// leaks into a later view), including after a failed one.
func TestMetadataViewRecycledWriters(t *testing.T) {
	frames := [][]byte{
		canonical(t, map[string]any{"base": []any{map[string]any{"a": uint64(1), "b": map[string]any{"z": uint64(1), "y": uint64(2)}}}, "k": "v"}),
		{0xa1, 0x61}, // truncated: fails
		canonical(t, map[string]any{"_extra_": map[string]any{"q": uint64(9)}}),
		canonical(t, map[string]any{"base": []any{map[string]any{"c": uint64(3)}}}),
	}
	want := make([][]byte, len(frames))
	for i, f := range frames {
		v := new(viewWriter)
		if b, err := v.view(f, 2); err == nil {
			want[i] = append([]byte(nil), b...)
		}
	}
	for round := 0; round < 3; round++ {
		for i, f := range frames {
			err := WithMetadataView(f, 2, func(b []byte) error {
				if !reflect.DeepEqual(b, want[i]) {
					t.Errorf("round %d frame %d: %x, want %x", round, i, b, want[i])
				}
				return nil
			})
			if (err != nil) != (want[i] == nil) {
				t.Errorf("round %d frame %d: error %v", round, i, err)
			}
		}
	}
}

func TestMetadataViewNestedWireOrder(t *testing.T) {
	// {"_extra_": {"m": {"b": 1, "a": 2, "b": 3}}}: a non-canonical nested
	// map with a repeated key keeps its wire order (first position, last
	// value), as upstream's dict does.
	frame := []byte{0xa1, 0x67, '_', 'e', 'x', 't', 'r', 'a', '_', 0xa1, 0x61, 'm',
		0xa3, 0x61, 'b', 0x01, 0x61, 'a', 0x02, 0x61, 'b', 0x03}
	meta, _ := view(t, frame, 0)
	if got := get(get(meta, "_extra_"), "m"); !reflect.DeepEqual(got, []kv{{"b", uint64(3)}, {"a", uint64(2)}}) {
		t.Fatalf("nested map %v", got)
	}
}
