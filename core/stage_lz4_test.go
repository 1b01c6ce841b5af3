package core

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
)

// lz4Message encodes data (float32) with lz4 through Encode or the
// streaming encoder.
func lz4Message(t *testing.T, data []byte, streaming bool) []byte {
	t.Helper()
	d := NewDescriptor(Float32, []uint64{uint64(len(data) / 4)})
	d.Compression = "lz4"
	in := []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}
	if !streaming {
		msg, err := Encode(nil, in, nil)
		if err != nil {
			t.Fatal(err)
		}
		return msg
	}
	var buf bytes.Buffer
	e, err := NewStreamingEncoder(&buf, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.WriteObject(in[0]); err != nil {
		t.Fatal(err)
	}
	if err := e.Finish(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decodeLZ4Object(t *testing.T, msg []byte) []byte {
	t.Helper()
	mv, err := ParseMessageRaw(msg, false)
	if err != nil {
		t.Fatal(err)
	}
	out, err := mv.Objects[0].Decode(nil)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Recycled lz4 output buffers never leak one message's bytes into another:
// messages encoded one after the other and from several goroutines at once
// (Encode and the streaming encoder) all decode to their own input.
func TestLZ4RecycledOutputs(t *testing.T) {
	inputs := [][]byte{randnFloat32(300_000), make([]byte, 1_200_000), randnFloat32(70_000), randnFloat32(400_000)}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 6 {
				in := inputs[(g+i)%len(inputs)]
				if got := decodeLZ4Object(t, lz4Message(t, in, i%2 == 1)); !bytes.Equal(got, in) {
					t.Errorf("goroutine %d call %d: decoded bytes differ", g, i)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// With the collector off (the pool keeps its buffers), ten 4 MB encodes
// allocate far less than ten outputs.
func TestLZ4EncodeReusesOutput(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	data := randnFloat32(1_000_000)
	lz4Message(t, data, false)
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	for range 10 {
		lz4Message(t, data, false)
	}
	runtime.ReadMemStats(&m1)
	// Each call still allocates its message (4 MB); the lz4 block is reused.
	if per := (m1.TotalAlloc - m0.TotalAlloc) / 10; per > uint64(len(data))*3/2 {
		t.Errorf("%d bytes allocated per encode, want about one message (%d)", per, len(data))
	}
}
