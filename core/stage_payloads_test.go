package core

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestPayloadCacheReuse(t *testing.T) {
	var c payloadCache
	n := payloadCacheMin + 1000
	b := c.get(n)
	if len(b) != 0 || cap(b) < n {
		t.Fatalf("get(%d): len %d cap %d", n, len(b), cap(b))
	}
	c.put(append(b, 1, 2, 3))
	if again := c.get(n - 100); cap(again) != cap(b) || len(again) != 0 || &again[:1][0] != &b[:1][0] {
		t.Fatal("get did not return the buffer put back, emptied")
	}
	// Too small, or more than twice too large: a new buffer.
	c.put(make([]byte, 0, payloadCacheMin+100))
	if got := c.get(n); cap(got) == payloadCacheMin+100 {
		t.Fatal("get returned a buffer smaller than asked")
	}
	c.put(make([]byte, 0, 4*n))
	if got := c.get(n); cap(got) == 4*n {
		t.Fatal("get returned a buffer far larger than asked")
	}
	if got := c.get(3 * n); cap(got) != 4*n {
		t.Fatalf("get(3n) = cap %d, want the cached 4n", cap(got))
	}
}

func TestPayloadCacheBounds(t *testing.T) {
	var c payloadCache
	c.put(make([]byte, 0, payloadCacheMax+1))
	c.put(make([]byte, 0, payloadCacheMin-1))
	c.put(nil)
	if len(c.bufs) != 0 {
		t.Fatalf("%d buffers kept, want none (too large, too small, empty)", len(c.bufs))
	}
	if b := c.get(payloadCacheMin - 1); cap(b) != payloadCacheMin-1 || c.used {
		t.Fatal("a request below payloadCacheMin went through the cache")
	}
	for i := 1; i <= payloadCacheLen+2; i++ {
		c.put(make([]byte, 0, payloadCacheMin+i<<10))
	}
	if len(c.bufs) != payloadCacheLen {
		t.Fatalf("%d buffers kept, want %d", len(c.bufs), payloadCacheLen)
	}
	for _, b := range c.bufs {
		if cap(b) < payloadCacheMin+3<<10 {
			t.Fatalf("a %d-byte buffer kept over larger ones", cap(b))
		}
	}
}

func TestPayloadCacheSweep(t *testing.T) {
	var c payloadCache
	c.put(make([]byte, 0, 1<<20))
	c.sweep() // used since the last sweep: kept
	if len(c.bufs) != 1 {
		t.Fatal("a buffer returned in this cycle was dropped")
	}
	c.sweep() // a whole cycle unused: dropped
	if len(c.bufs) != 0 {
		t.Fatal("a buffer unused for a whole cycle was kept")
	}
}

// Messages encoded one after the other through the recycled zstd buffers
// stay intact: each payload is copied before its buffer serves again.
func TestZstdEncodeRecyclesPayloads(t *testing.T) {
	d := NewDescriptor(Float32, []uint64{50_000})
	d.Compression = "zstd"
	a, b := randnFloat32(50_000), make([]byte, 200_000)
	for i := range 50_000 {
		binary.NativeEndian.PutUint32(b[4*i:], math.Float32bits(float32(i%1000)))
	}
	msgA := mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: a, DataOrder: NativeOrder}}, nil)
	keep := bytes.Clone(msgA)
	for range 3 {
		mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: b, DataOrder: NativeOrder}}, nil)
	}
	if !bytes.Equal(msgA, keep) {
		t.Fatal("a later encode changed an earlier message")
	}
	mv, err := ParseMessageRaw(msgA, false)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(a))
	if err := mv.Objects[0].DecodeInto(got, &DecodeOptions{WireOrder: true}); err != nil || !bytes.Equal(got, a) {
		t.Fatalf("decode: %v, or values differ", err)
	}
}

// The global cache empties itself once collections pass without encodes.
func TestPayloadCacheSweptByGC(t *testing.T) {
	stagePayloads.put(make([]byte, 0, 1<<20))
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		stagePayloads.mu.Lock()
		n := len(stagePayloads.bufs)
		stagePayloads.mu.Unlock()
		if n == 0 {
			return
		}
	}
	t.Fatal("cached buffers survived collections without encodes")
}

// Goroutines encoding at once through the shared buffers each get their
// own message back.
func TestZstdEncodeRecyclesConcurrently(t *testing.T) {
	d := NewDescriptor(Float32, []uint64{20_000})
	d.Compression = "zstd"
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			data := make([]byte, 80_000)
			for i := range 20_000 {
				binary.NativeEndian.PutUint32(data[4*i:], math.Float32bits(float32(g*100_000+i%977)))
			}
			for range 20 {
				msg, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, nil)
				if err == nil {
					var mv *MessageView
					if mv, err = ParseMessageRaw(msg, false); err == nil {
						got := make([]byte, len(data))
						if err = mv.Objects[0].DecodeInto(got, &DecodeOptions{WireOrder: true}); err == nil && !bytes.Equal(got, data) {
							err = errors.New("decoded values are another goroutine's")
						}
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// checkEncodeRecyclesPayloads encodes a, then b five times, then a again,
// with d and the collector off: the first message must not change, the
// last must carry the same payload, and each encode of b must allocate
// at most 1.5 messages (not checked under -race).
func checkEncodeRecyclesPayloads(t *testing.T, d *Descriptor, a, b []byte) {
	t.Helper()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	enc := func(data []byte) []byte {
		return mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, nil)
	}
	msgA := enc(a)
	keep := bytes.Clone(msgA)
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	for range 5 {
		enc(b)
	}
	runtime.ReadMemStats(&m1)
	if !bytes.Equal(msgA, keep) {
		t.Fatal("a later encode changed an earlier message")
	}
	if !bytes.Equal(objectPayload(t, enc(a)), objectPayload(t, keep)) {
		t.Fatal("the same input encoded through a recycled buffer gave another payload")
	}
	// Under -race, the sync.Pools of the codecs' own scratch (blosc2's lz4
	// compressors) drop entries at random and allocate again.
	if per := (m1.TotalAlloc - m0.TotalAlloc) / 5; !raceEnabled && per > uint64(len(msgA))*3/2 {
		t.Errorf("%d bytes allocated per encode, want about one message (%d)", per, len(msgA))
	}
}

// objectPayload returns the encoded tensor of msg's first object; a
// message that does not parse fails the test (safe from any goroutine).
func objectPayload(t testing.TB, msg []byte) []byte {
	t.Helper()
	mv, err := ParseMessageRaw(msg, false)
	if err != nil {
		t.Errorf("message does not parse: %v", err)
		return nil
	}
	return mv.Objects[0].Payload
}
