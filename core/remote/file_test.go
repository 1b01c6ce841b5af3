package remote

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math"
	"net/url"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tensogram-go/tensogram-go/core"
)

// f32 returns n float32 values v, v+1, … in host order.
func f32(n int, v float32) []byte {
	b := make([]byte, 4*n)
	for i := range n {
		binary.NativeEndian.PutUint32(b[4*i:], math.Float32bits(v+float32(i)))
	}
	return b
}

// buffered encodes one buffered message with objs float32 objects of n
// elements each.
func buffered(t testing.TB, objs, n int, v float32) []byte {
	t.Helper()
	var in []core.EncodeInput
	for k := range objs {
		in = append(in, core.EncodeInput{Descriptor: core.NewDescriptor(core.Float32, []uint64{uint64(n)}), Data: f32(n, v+float32(100*k))})
	}
	meta := &core.GlobalMetadata{Extra: map[string]any{"msg": float64(v)}}
	b, err := core.Encode(meta, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// streaming encodes one streaming-mode message.
func streaming(t testing.TB, objs, n int, v float32) []byte {
	t.Helper()
	var w bytes.Buffer
	e, err := core.NewStreamingEncoder(&w, &core.GlobalMetadata{Extra: map[string]any{"s": "yes"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k := range objs {
		if err := e.WriteObject(core.EncodeInput{Descriptor: core.NewDescriptor(core.Float32, []uint64{uint64(n)}), Data: f32(n, v+float32(k))}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Finish(); err != nil {
		t.Fatal(err)
	}
	return w.Bytes()
}

func openFile(t *testing.T, s *rangeServer, bidir bool) *File {
	t.Helper()
	f, err := OpenFile(context.Background(), s.url(), fastOpts, OpenOptions{Bidirectional: bidir})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// sameObjectsAsLocal checks that rf finds data's messages and decodes every
// object of every message as a local decode does.
func sameObjectsAsLocal(t *testing.T, rf *File, data []byte) {
	t.Helper()
	ctx := context.Background()
	spans := core.Scan(data)
	if n, err := rf.MessageCount(ctx); n != len(spans) || err != nil {
		t.Fatalf("count %d %v", n, err)
	}
	for i, sp := range spans {
		want, _ := core.Decode(data[sp.Offset:sp.Offset+sp.Length], nil)
		for j := range want.Objects {
			_, o, err := rf.DecodeObject(ctx, i, j, nil)
			if err != nil || !bytes.Equal(o.Data, want.Objects[j].Data) {
				t.Fatalf("msg %d obj %d: %v", i, j, err)
			}
		}
	}
}

func TestFileOpenCostsTwoRequests(t *testing.T) {
	s := newRangeServer(t, cat(buffered(t, 1, 4, 0), buffered(t, 1, 4, 1)))
	openFile(t, s, true)
	if got := s.requests(); len(got) != 2 || got[0] != "HEAD " || got[1] != "GET 0-23" {
		t.Fatalf("open requests %q", got)
	}
}

func TestFileOpenErrors(t *testing.T) {
	s := newRangeServer(t, make([]byte, 40))
	if _, err := OpenFile(context.Background(), s.url(), fastOpts, OpenOptions{}); err == nil || !strings.Contains(err.Error(), "remote file too small (40 bytes)") {
		t.Fatalf("small: %v", err)
	}
	s.setData(make([]byte, 100), `"x"`)
	if _, err := OpenFile(context.Background(), s.url(), fastOpts, OpenOptions{}); err == nil || err.Error() != "RemoteError: no valid messages found in remote file" {
		t.Fatalf("garbage: %v", err)
	}
}

// walkSpans returns the discovered message spans and flags after a full
// count.
func walkSpans(t *testing.T, s *rangeServer, bidir bool) [][3]int64 {
	t.Helper()
	f := openFile(t, s, bidir)
	if _, err := f.MessageCount(context.Background()); err != nil {
		t.Fatal(err)
	}
	var out [][3]int64
	for _, l := range f.walk.msgs {
		out = append(out, [3]int64{l.off, l.length, int64(l.flags)})
	}
	return out
}

// lyingPostamble returns data with the last postamble's total_length set
// to n.
func lyingPostamble(data []byte, n uint64) []byte {
	out := bytes.Clone(data)
	binary.BigEndian.PutUint64(out[len(out)-16:], n)
	return out
}

// TestFileBidirectionalRoundTrips: a bidirectional count costs one round
// trip per pair of messages (the backward candidate's confirming read
// rides along with the next round), plus one to confirm the last one.
func TestFileBidirectionalRoundTrips(t *testing.T) {
	var parts [][]byte
	for k := range 9 {
		parts = append(parts, buffered(t, 1, 4, float32(k)))
	}
	s := newRangeServer(t, cat(parts...))
	f := openFile(t, s, true)
	s.mu.Lock()
	s.latency = 30 * time.Millisecond
	from := len(s.arrivals)
	s.mu.Unlock()
	if n, err := f.MessageCount(context.Background()); n != 9 || err != nil {
		t.Fatalf("count %d %v", n, err)
	}
	if w := s.waves(from, 15*time.Millisecond); w != 5 {
		t.Fatalf("%d round trips for 8 messages after open, want 4 rounds + 1 confirmation: %q", w, s.requests())
	}
}

func TestFileWalkersAgree(t *testing.T) {
	m := func(v float32) []byte { return buffered(t, 1, 3+int(v), v) }
	badPost := cat(m(0), m(1), m(2))
	copy(badPost[len(badPost)-8:], "XXXXXXXX")
	files := map[string][]byte{
		"one":             m(0),
		"two":             cat(m(0), m(1)),
		"three":           cat(m(0), m(1), m(2)),
		"seven":           cat(m(0), m(1), m(2), m(3), m(4), m(5), m(6)),
		"streaming tail":  cat(m(0), m(1), streaming(t, 2, 5, 9)),
		"streaming first": cat(streaming(t, 1, 5, 9)),
		"streaming mid":   cat(m(0), streaming(t, 1, 5, 9), m(1)),
		"trailing junk":   cat(m(0), m(1), m(2), []byte("garbage after the messages....")),
		"corrupt end":     badPost,
		"junk between":    cat(m(0), []byte("junk"), m(1), m(2)),
		// The last postamble claims the last two messages: the candidate's
		// preamble (message 3's) disagrees, found a round later.
		"lying postamble": lyingPostamble(cat(m(0), m(1), m(2), m(3), m(4)), uint64(len(m(3))+len(m(4)))),
		"lying into junk": lyingPostamble(cat(m(0), m(1), m(2), m(3), m(4)), uint64(len(m(4))+9)),
	}
	for name, data := range files {
		s := newRangeServer(t, data)
		local := core.Scan(data)
		fwd := walkSpans(t, s, false)
		bid := walkSpans(t, s, true)
		if !reflect.DeepEqual(fwd, bid) {
			t.Errorf("%s: forward %v, bidirectional %v", name, fwd, bid)
		}
		if name == "one" || name == "two" || name == "three" || name == "seven" || name == "streaming tail" {
			if len(fwd) != len(local) {
				t.Errorf("%s: %d messages, local scan %d", name, len(fwd), len(local))
			}
		}
	}
}

func TestFileCountRequestBudget(t *testing.T) {
	data := cat(buffered(t, 1, 4, 0), buffered(t, 1, 4, 1), buffered(t, 1, 4, 2))
	s := newRangeServer(t, data)
	f := openFile(t, s, false)
	n, err := f.MessageCount(context.Background())
	if n != 3 || err != nil {
		t.Fatal(n, err)
	}
	if gets, _ := s.counts(); gets != 1+2 { // open, then one preamble per further message
		t.Fatalf("forward count: %d GETs %q", gets, s.requests())
	}
	s2 := newRangeServer(t, data)
	f2 := openFile(t, s2, true)
	if n, _ := f2.MessageCount(context.Background()); n != 3 {
		t.Fatal(n)
	}
	// open; one round: preamble 1 ∥ postamble 3, then preamble 3 confirms
	// the candidate, and the walkers meet.
	if gets, _ := s2.counts(); gets != 1+3 {
		t.Fatalf("bidirectional count: %d GETs %q", gets, s2.requests())
	}
}

func TestFileRemoteEqualsLocal(t *testing.T) {
	data := cat(buffered(t, 3, 50, 0), streaming(t, 2, 40, 7), buffered(t, 2, 10, 3))
	// Streaming must be last for a remote (and upstream) walk: swap.
	data = cat(buffered(t, 3, 50, 0), buffered(t, 2, 10, 3), streaming(t, 2, 40, 7))
	spans := core.Scan(data)
	for _, bidir := range []bool{false, true} {
		s := newRangeServer(t, data)
		f := openFile(t, s, bidir)
		ctx := context.Background()
		n, err := f.MessageCount(ctx)
		if err != nil || n != len(spans) {
			t.Fatalf("count %d %v", n, err)
		}
		for i, sp := range spans {
			msg := data[sp.Offset : sp.Offset+sp.Length]
			wantMeta, _ := core.DecodeMetadata(msg)
			gotMeta, err := f.Metadata(ctx, i)
			if err != nil || !reflect.DeepEqual(gotMeta.ToMap(), wantMeta.ToMap()) {
				t.Fatalf("msg %d metadata: %v\n got %v\nwant %v", i, err, gotMeta, wantMeta)
			}
			raw, err := f.ReadMessage(ctx, i)
			if err != nil || !bytes.Equal(raw, msg) {
				t.Fatalf("msg %d read: %v", i, err)
			}
			wantMsg, _ := core.Decode(msg, nil)
			gotMsg, err := f.DecodeMessage(ctx, i, nil)
			if err != nil || !reflect.DeepEqual(gotMsg.Objects, wantMsg.Objects) {
				t.Fatalf("msg %d decode: %v", i, err)
			}
			for j := range wantMsg.Objects {
				wm, wo, _ := core.DecodeObject(msg, j, nil)
				gm, gobj, err := f.DecodeObject(ctx, i, j, &core.DecodeOptions{VerifyHash: true})
				if err != nil || !bytes.Equal(gobj.Data, wo.Data) || !reflect.DeepEqual(gm.ToMap(), wm.ToMap()) {
					t.Fatalf("msg %d obj %d: %v", i, j, err)
				}
			}
			wd := wantMsg.Objects
			_, gd, err := f.Descriptors(ctx, i)
			if err != nil || len(gd) != len(wd) {
				t.Fatalf("msg %d descriptors: %v", i, err)
			}
			for j := range gd {
				if !reflect.DeepEqual(gd[j].Shape, wd[j].Descriptor.Shape) || gd[j].DType != wd[j].Descriptor.DType {
					t.Fatalf("msg %d descriptor %d differs", i, j)
				}
			}
			if _, _, err := f.DecodeObject(ctx, i, len(wd), nil); core.KindOf(err) != core.KindObject {
				t.Fatalf("object index past the end: %v", err)
			}
		}
		if _, err := f.Metadata(ctx, len(spans)); core.KindOf(err) != core.KindFraming || !strings.Contains(err.Error(), "out of range (count=3)") {
			t.Fatalf("message index past the end: %v", err)
		}
	}
}

func TestFileObjectRequestBudget(t *testing.T) {
	data := cat(buffered(t, 3, 1000, 0), buffered(t, 3, 1000, 1))
	s := newRangeServer(t, data)
	f := openFile(t, s, true)
	ctx := context.Background()
	g0, _ := s.counts()
	if _, _, err := f.DecodeObject(ctx, 0, 1, nil); err != nil {
		t.Fatal(err)
	}
	g1, b1 := s.counts()
	if g1-g0 != 2 { // header region, frame
		t.Fatalf("first object: %d GETs %q", g1-g0, s.requests())
	}
	if _, _, err := f.DecodeObject(ctx, 0, 2, nil); err != nil {
		t.Fatal(err)
	}
	g2, b2 := s.counts()
	if g2-g1 != 1 || b2-b1 > 4200 {
		t.Fatalf("second object: %d GETs, %d bytes", g2-g1, b2-b1)
	}
}

func TestFileZeroObjectMessage(t *testing.T) {
	zero, err := core.Encode(&core.GlobalMetadata{Extra: map[string]any{"empty": true}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	data := cat(zero, buffered(t, 1, 4, 1))
	s := newRangeServer(t, data)
	f := openFile(t, s, true)
	m, err := f.Metadata(context.Background(), 0)
	if err != nil || m.Extra["empty"] != true {
		t.Fatalf("zero-object metadata: %v %v", m, err)
	}
	_, ds, err := f.Descriptors(context.Background(), 0)
	if err != nil || len(ds) != 0 {
		t.Fatalf("zero-object descriptors: %v %v", ds, err)
	}
}

func TestFileBatchCoalescesAndPrefetch(t *testing.T) {
	var parts [][]byte
	for k := range 6 {
		parts = append(parts, buffered(t, 1, 20, float32(k)))
	}
	data := cat(parts...)
	s := newRangeServer(t, data)
	f := openFile(t, s, true)
	ctx := context.Background()
	if err := f.PrefetchLayouts(ctx, []int{0, 1, 2, 3, 4, 5}); err != nil {
		t.Fatal(err)
	}
	g0, _ := s.counts()
	objs, metas, err := f.DecodeObjectBatch(ctx, []int{5, 0, 3, 3}, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	g1, _ := s.counts()
	if g1-g0 != 1 {
		t.Fatalf("batch after prefetch: %d GETs", g1-g0)
	}
	for k, i := range []int{5, 0, 3, 3} {
		if !bytes.Equal(objs[k].Data, f32(20, float32(i))) || metas[k].Extra["msg"] != float64(i) {
			t.Fatalf("batch item %d wrong", k)
		}
	}
	if _, _, err := f.DecodeObjectBatch(ctx, []int{0, 9}, 0, nil); core.KindOf(err) != core.KindFraming {
		t.Fatalf("out of range: %v", err)
	}
	if _, _, err := f.DecodeObjectBatch(ctx, []int{0}, 1, nil); core.KindOf(err) != core.KindObject {
		t.Fatalf("object out of range: %v", err)
	}
	if r, _, err := f.DecodeObjectBatch(ctx, nil, 0, nil); err != nil || len(r) != 0 {
		t.Fatal("empty batch")
	}
	// After prefetch, a single object read is one GET.
	g2, _ := s.counts()
	if _, _, err := f.DecodeObject(ctx, 2, 0, nil); err != nil {
		t.Fatal(err)
	}
	if g3, _ := s.counts(); g3-g2 != 1 {
		t.Fatalf("object after prefetch: %d GETs", g3-g2)
	}
}

func TestFileConcurrentReaders(t *testing.T) {
	var parts [][]byte
	for k := range 8 {
		parts = append(parts, buffered(t, 2, 64, float32(k)))
	}
	s := newRangeServer(t, cat(parts...))
	f := openFile(t, s, true)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 8 {
				i := (g + k) % 8
				_, o, err := f.DecodeObject(context.Background(), i, 1, nil)
				if err == nil && !bytes.Equal(o.Data, f32(64, float32(i)+100)) {
					err = remoteText("wrong data for message %d", i)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestFileLargeHeaderAndFooterRegions(t *testing.T) {
	big := strings.Repeat("x", 100<<10)
	in := []core.EncodeInput{{Descriptor: core.NewDescriptor(core.Float32, []uint64{4}), Data: f32(4, 1)}}
	msg, err := core.Encode(&core.GlobalMetadata{Extra: map[string]any{"big": big}}, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	stream := streaming(t, 1500, 2, 0) // footer index of 1500 entries
	data := cat(msg, stream)
	s := newRangeServer(t, data)
	f := openFile(t, s, true)
	ctx := context.Background()
	m, err := f.Metadata(ctx, 0)
	if err != nil || m.Extra["big"] != big {
		t.Fatalf("large header metadata: %v", err)
	}
	_, o, err := f.DecodeObject(ctx, 1, 1499, nil)
	if err != nil || !bytes.Equal(o.Data, f32(2, 1499)) {
		t.Fatalf("object of a large footer index: %v", err)
	}
}

func TestFileForwardOnlyEagerSteps(t *testing.T) {
	data := cat(buffered(t, 1, 10, 0), buffered(t, 1, 10, 1), buffered(t, 1, 10, 2))
	s := newRangeServer(t, data)
	f := openFile(t, s, false)
	g0, _ := s.counts()
	_, o, err := f.DecodeObject(context.Background(), 2, 0, nil)
	if err != nil || !bytes.Equal(o.Data, f32(10, 2)) {
		t.Fatal(err)
	}
	// One eager chunk per newly discovered message (it also fills that
	// message's layout), then the frame.
	if g1, _ := s.counts(); g1-g0 != 3 {
		t.Fatalf("%d GETs %q", g1-g0, s.requests())
	}
	g1, _ := s.counts()
	if _, _, err := f.DecodeObject(context.Background(), 1, 0, nil); err != nil {
		t.Fatal(err)
	}
	if g2, _ := s.counts(); g2-g1 != 1 {
		t.Fatalf("skipped message's layout not cached: %d GETs", g2-g1)
	}
}

func TestFileCancelledContext(t *testing.T) {
	s := newRangeServer(t, cat(buffered(t, 1, 10, 0), buffered(t, 1, 10, 1)))
	f := openFile(t, s, true)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.MessageCount(ctx); err == nil || !isRemote(err) {
		t.Fatalf("cancelled count: %v", err)
	}
	if n, err := f.MessageCount(context.Background()); n != 2 || err != nil {
		t.Fatalf("handle unusable after a cancelled call: %d %v", n, err)
	}
	f.Close()
	if _, err := f.ReadMessage(context.Background(), 1); err != nil {
		t.Fatalf("read after Close: %v", err)
	}
}

func TestFileURLThroughTheRemotePath(t *testing.T) {
	data := cat(buffered(t, 2, 10, 0), buffered(t, 1, 10, 1))
	path := t.TempDir() + "/a b.tgm"
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	u := (&url.URL{Scheme: "file", Path: path}).String()
	f, err := OpenFile(context.Background(), u, nil, OpenOptions{Bidirectional: true})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.MessageCount(context.Background()); n != 2 || err != nil {
		t.Fatalf("count %d %v", n, err)
	}
	_, o, err := f.DecodeObject(context.Background(), 0, 1, nil)
	if err != nil || !bytes.Equal(o.Data, f32(10, 100)) {
		t.Fatalf("object: %v", err)
	}
	if _, err := OpenFile(context.Background(), "file:///no/such/file.tgm", nil, OpenOptions{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing file: %v", err)
	}
	if _, err := ParseLocation("file://host/x"); err == nil {
		t.Fatal("file URL with a host accepted")
	}
}
