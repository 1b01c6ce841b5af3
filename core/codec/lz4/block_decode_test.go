package lz4

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"

	pierrec "github.com/pierrec/lz4/v4"
	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// diffDecode decodes block with decodeSequences (all in Go, and handing
// the rest to pierrec from the first literal run shorter than several
// bounds) and with pierrec/lz4 alone (an
// independent implementation) into buffers of dstLen bytes and fails when
// they disagree on acceptance, length or the bytes produced.
func diffDecode(t *testing.T, block []byte, dstLen int) {
	t.Helper()
	theirs := make([]byte, dstLen)
	m, err := pierrec.UncompressBlock(block, theirs)
	for _, long := range []int{0, 1, 7, 100, 5000, longRun} {
		ours := make([]byte, dstLen)
		n, ok := decodeSequences(ours, block, long)
		if ok != (err == nil) {
			t.Fatalf("block %x (dst %d, long %d): ours ok=%v n=%d, pierrec err=%v n=%d", block, dstLen, long, ok, n, err, m)
		}
		if ok && (n != m || !bytes.Equal(ours[:n], theirs[:m])) {
			t.Fatalf("block %x (dst %d, long %d): ours %d bytes, pierrec %d, equal=%v", block, dstLen, long, n, m, bytes.Equal(ours[:n], theirs[:m]))
		}
	}
}

// randnFloat32 is bench_threading.py's lz4 workload: incompressible bytes
// that encode as one literal run.
func randnFloat32(n int) []byte {
	r := rand.New(rand.NewPCG(1, 1))
	out := make([]byte, 4*n)
	for i := range n {
		binary.LittleEndian.PutUint32(out[4*i:], math.Float32bits(float32(r.NormFloat64())))
	}
	return out
}

// Blocks from our encoder over inputs that exercise every copy path (short
// and long literals, overlapping matches of every small offset, literal
// runs above literalChunk) decode as pierrec decodes them, into exact and
// roomier destinations.
func TestDecodeBlockMatchesPierrec(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	inputs := map[string][]byte{
		"randn 1M f32": randnFloat32(1 << 18),
		"ramp":         testutil.GenBytes("ramp", 300000),
		"lcg":          testutil.GenBytes("lcg", 300000),
		"zeros":        make([]byte, 100000),
	}
	for period := 1; period <= 40; period++ {
		in := make([]byte, 5000+period)
		for i := range in {
			if i < period || rng.IntN(300) == 0 {
				in[i] = byte(rng.Uint32())
			} else {
				in[i] = in[i-period]
			}
		}
		inputs["period "+string(rune('A'+period))] = in
	}
	for name, in := range inputs {
		c, err := Compress(in)
		if err != nil {
			t.Fatal(err)
		}
		block := c[4:]
		for _, extra := range []int{0, 1, 15, 64} {
			diffDecode(t, block, len(in)+extra)
		}
		diffDecode(t, block, len(in)-1)
		got, err := Decompress(c)
		if err != nil || !bytes.Equal(got, in) {
			t.Fatalf("%s: round trip failed: %v", name, err)
		}
	}
}

// Hand-built blocks at the edges of the format.
func TestDecodeBlockEdges(t *testing.T) {
	long := append([]byte{0xf0}, bytes.Repeat([]byte{0xff}, 20)...)
	long = append(long, 0x07)
	long = append(long, make([]byte, 15+20*255+7)...)
	for _, block := range [][]byte{
		{0x00},                            // no literals, end
		{0x10, 'a'},                       // one literal
		{0x10, 'a', 0x01, 0x00},           // ends after a match
		{0x1f, 'a', 0x01, 0x00, 0xff, 10}, // long overlapping match
		{0x10, 'a', 0x02, 0x00},           // offset past the start
		{0x10, 'a', 0x00, 0x00},           // offset 0
		{0x10, 'a', 0x01},                 // offset cut short
		{0xf0, 0xff, 0xff},                // length extension cut short
		{0x20, 'a'},                       // literals cut short
		long,                              // 8-byte runs of 255
		long[:len(long)-1],
	} {
		for _, n := range []int{0, 1, 4, 40, 6000} {
			diffDecode(t, block, n)
		}
	}
}

// FuzzDecodeBlock: on any block and destination size, decodeBlock agrees
// with pierrec/lz4 and never writes past the destination.
func FuzzDecodeBlock(f *testing.F) {
	f.Add([]byte{0xaf, 't', 'e', 'n', 's', 'o', 'g', 'r', 'a', 'm', ' ', 0x0a, 0x00, 0x05, 0x60, 'o', 'g', 'r', 'a', 'm', '!'}, uint16(40))
	f.Add([]byte{0x1f, 'a', 0x01, 0x00, 0xff, 10}, uint16(300))
	f.Add([]byte{0x00}, uint16(0))
	f.Fuzz(func(t *testing.T, block []byte, dstLen uint16) {
		diffDecode(t, block, int(dstLen))
	})
}
