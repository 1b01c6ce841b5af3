package remote

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"testing"

	"github.com/tensogram-go/tensogram-go/core"
)

// bigMessage encodes one float64 object of n elements (NaN at every
// 1000th element, so it carries a NaN mask) with the given compression.
func bigMessage(t *testing.T, n int, compression string) []byte {
	t.Helper()
	b := make([]byte, 8*n)
	for i := range n {
		v := float64(i) * 0.5
		if i%1000 == 7 {
			v = math.NaN()
		}
		binary.NativeEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	d := core.NewDescriptor(core.Float64, []uint64{uint64(n)})
	d.Compression = compression
	msg, err := core.Encode(&core.GlobalMetadata{}, []core.EncodeInput{{Descriptor: d, Data: b}}, &core.EncodeOptions{AllowNaN: true})
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

func sameRanges(t *testing.T, got, want [][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d results, want %d", len(got), len(want))
	}
	for k := range got {
		if !bytes.Equal(got[k], want[k]) {
			t.Fatalf("range %d differs", k)
		}
	}
}

func TestDecodeRangeFetchesOnlyNeededBytes(t *testing.T) {
	const n = 1 << 20 // 8 MiB payload
	msg := bigMessage(t, n, "none")
	s := newRangeServer(t, msg)
	f := openFile(t, s, true)
	ctx := context.Background()
	var ranges []core.Range
	for k := range 100 {
		ranges = append(ranges, core.Range{Offset: uint64(k * 10007), Count: 5})
	}
	ranges = append(ranges, core.Range{Offset: 6, Count: 3}) // holds a NaN
	want, err := core.DecodeRange(msg, 0, ranges, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(math.Float64frombits(binary.NativeEndian.Uint64(want[100][8:]))) {
		t.Fatal("local decode lost the NaN")
	}
	if _, err := f.Metadata(ctx, 0); err != nil {
		t.Fatal(err)
	}
	gets, moved := rangeMoved(t, f, msg, ranges, nil)
	// edges (2) + masks and the 101 payload spans (merged where close).
	t.Logf("decode_range of 101 ranges from an 8 MiB frame: %d GETs, %d bytes", gets, moved)
	if moved > 64<<10 {
		t.Fatalf("downloaded %d bytes for 101 small ranges", moved)
	}
	if gets > 2+1+101 {
		t.Fatalf("%d GETs", gets)
	}
	// KeepNonFinite leaves the stored zero, as locally.
	rangeMoved(t, f, msg, ranges[100:], &core.DecodeOptions{KeepNonFinite: true})
	// Out of bounds: core's error, not a fetch failure.
	if _, err := f.DecodeRange(ctx, 0, 0, []core.Range{{Offset: n - 1, Count: 2}}, nil); core.KindOf(err) != core.KindEncoding {
		t.Fatalf("out of bounds: %v", err)
	}
}

func TestDecodeRangeCompressedAndSmallFrames(t *testing.T) {
	for _, c := range []struct {
		n    int
		comp string
	}{{1 << 16, "zstd"}, {1000, "none"}, {1000, "lz4"}} {
		msg := bigMessage(t, c.n, c.comp)
		s := newRangeServer(t, msg)
		f := openFile(t, s, false)
		ranges := []core.Range{{Offset: 0, Count: 10}, {Offset: uint64(c.n - 20), Count: 20}}
		want, werr := core.DecodeRange(msg, 0, ranges, nil)
		got, gerr := f.DecodeRange(context.Background(), 0, 0, ranges, nil)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%s: local %v, remote %v", c.comp, werr, gerr)
		}
		if werr == nil {
			sameRanges(t, got, want)
		} else if werr.Error() != gerr.Error() {
			t.Fatalf("%s: local %v, remote %v", c.comp, werr, gerr)
		}
	}
}

func TestDescriptorsOfLargeFramesReadEdgesOnly(t *testing.T) {
	msg := bigMessage(t, 1<<18, "none") // 2 MiB frame
	s := newRangeServer(t, msg)
	f := openFile(t, s, true)
	ctx := context.Background()
	if _, err := f.Metadata(ctx, 0); err != nil {
		t.Fatal(err)
	}
	st0 := f.obj.Stats()
	_, ds, err := f.Descriptors(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, want, _ := core.DecodeDescriptors(msg)
	if ds[0].Shape[0] != want[0].Shape[0] || len(ds[0].Masks) != 1 {
		t.Fatalf("descriptor %+v", ds[0])
	}
	st1 := f.obj.Stats()
	g1, g0, b1, b0 := st1.Requests, st0.Requests, st1.Bytes, st0.Bytes
	if g1-g0 != 2 || b1-b0 > 2*edgeChunk {
		t.Fatalf("descriptors: %d GETs, %d bytes %q", g1-g0, b1-b0, s.requests())
	}
}

func TestDecodeRangeBatch(t *testing.T) {
	small := buffered(t, 1, 100, 0)
	large := bigMessage(t, 1<<16, "none") // 512 KiB frame
	data := cat(small, large, buffered(t, 1, 100, 5))
	s := newRangeServer(t, data)
	// A gap below the large frame's size: the small frames around it are
	// not merged across it (the default 1 MiB gap would).
	f, err := OpenFile(context.Background(), s.url(), map[string]string{"coalesce_gap": "4096"}, OpenOptions{Bidirectional: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ranges := []core.Range{{Offset: 1, Count: 3}, {Offset: 50, Count: 10}}
	msgs := []int{2, 1, 0, 2}
	got, err := f.DecodeRangeBatch(ctx, msgs, 0, ranges, nil)
	if err != nil {
		t.Fatal(err)
	}
	spans := core.Scan(data)
	for k, i := range msgs {
		want, err := core.DecodeRange(data[spans[i].Offset:spans[i].Offset+spans[i].Length], 0, ranges, nil)
		if err != nil {
			t.Fatal(err)
		}
		sameRanges(t, got[k], want)
	}
	if st := f.obj.Stats(); st.Bytes > 64<<10 {
		t.Fatalf("batch downloaded %d bytes %q", st.Bytes, s.requests())
	}
	descs, _, err := f.DecodeRangeBatchDescribed(ctx, msgs, 0, ranges, nil)
	if err != nil || len(descs) != len(msgs) {
		t.Fatalf("described batch: %v", err)
	}
	for k, i := range msgs {
		mv, err := core.ParseMessage(data[spans[i].Offset : spans[i].Offset+spans[i].Length])
		if err != nil {
			t.Fatal(err)
		}
		if w := mv.Objects[0].Descriptor; descs[k].DType != w.DType || descs[k].Compression != w.Compression {
			t.Fatalf("descriptor %d: %+v, want %+v", k, descs[k], w)
		}
	}
	if d, _, err := f.DecodeRangeDescribed(ctx, 1, 0, ranges, nil); err != nil || d == nil || d.DType != descs[1].DType {
		t.Fatalf("DecodeRangeDescribed: %v %v", d, err)
	}
	if r, err := f.DecodeRangeBatch(ctx, nil, 0, ranges, nil); err != nil || len(r) != 0 {
		t.Fatal("empty batch")
	}
	if _, err := f.DecodeRangeBatch(ctx, []int{0, 7}, 0, ranges, nil); core.KindOf(err) != core.KindFraming {
		t.Fatalf("bad message index: %v", err)
	}
}
