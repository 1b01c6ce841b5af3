package remote

import (
	"context"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/tensogram-go/tensogram-go/core"
)

// noisyBlosc2 encodes n random float64s (seeded; they barely compress, so
// the frame stays large) with blosc2 and overwrites 64 bytes of the
// payload from offset at (from its end when at is negative).
func noisyBlosc2(t *testing.T, n, at int) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 8*n)
	for i := range n {
		binary.NativeEndian.PutUint64(b[8*i:], math.Float64bits(r.Float64()))
	}
	d := core.NewDescriptor(core.Float64, []uint64{uint64(n)})
	d.Compression = "blosc2"
	msg, err := core.Encode(&core.GlobalMetadata{}, []core.EncodeInput{{Descriptor: d, Data: b}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mv, err := core.ParseMessage(msg)
	if err != nil {
		t.Fatal(err)
	}
	if at < 0 {
		at += len(mv.Objects[0].Payload)
	}
	start := mv.Objects[0].FrameOffset + core.FrameHeaderSize + at
	for i := start; i < start+64; i++ {
		msg[i] = 0xff
	}
	return msg
}

// Two large frames that both fail to decode: the batch reports the first
// listed message's error although its bytes arrive last, on every run.
func TestDecodeRangeBatchDecodeErrorInListOrder(t *testing.T) {
	a := noisyBlosc2(t, 1<<15, 0)
	b := noisyBlosc2(t, 1<<15, -64)
	ranges := []core.Range{{Offset: 0, Count: 1 << 15}}
	_, errA := core.DecodeRange(a, 0, ranges, nil)
	_, errB := core.DecodeRange(b, 0, ranges, nil)
	if errA == nil || errB == nil || errA.Error() == errB.Error() || len(a) <= int(wholeFrameMax) || len(b) <= int(wholeFrameMax) {
		t.Fatalf("want two large messages failing differently: %v (%d bytes), %v (%d bytes)", errA, len(a), errB, len(b))
	}
	s := newRangeServer(t, cat(a, b))
	s.slow, s.slowEnd = 30*time.Millisecond, int64(len(a)) // a's bytes arrive last
	f, err := OpenFile(context.Background(), s.url(), nil, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		_, err := f.DecodeRangeBatch(context.Background(), []int{0, 1}, 0, ranges, nil)
		if err == nil || err.Error() != errA.Error() {
			t.Fatalf("batch error %v, want %v", err, errA)
		}
	}
}
