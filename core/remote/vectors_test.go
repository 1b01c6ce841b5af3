package remote

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/tensogram-go/tensogram-go/core"
)

// TestRangeDecodeOfUpstreamVectors range-decodes every object of the
// committed upstream-written files (every pipeline, masks, szip with
// libaec's defective offset tables) through the partial-read paths (no
// frame is small enough to be read whole) and compares with local
// decode_range: same values, or the same error.
func TestRangeDecodeOfUpstreamVectors(t *testing.T) {
	old := wholeFrameMax
	wholeFrameMax = 0
	t.Cleanup(func() { wholeFrameMax = old })
	var files []string
	for _, dir := range []string{"pipeline", "vectors"} {
		m, _ := filepath.Glob(filepath.Join("..", "testdata", dir, "*.tgm"))
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("only %d vector files found", len(files))
	}
	checked := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s := newRangeServer(t, data)
		f, err := OpenFile(context.Background(), s.url(), fastOpts, OpenOptions{Bidirectional: true})
		if err != nil {
			continue // not a remote-walkable file (e.g. garbage-led)
		}
		for i, sp := range core.Scan(data) {
			msg := data[sp.Offset : sp.Offset+sp.Length]
			_, ds, err := core.DecodeDescriptors(msg)
			if err != nil {
				continue
			}
			for j, d := range ds {
				n, err := d.NumElements()
				if err != nil || n == 0 {
					continue
				}
				// Ranges across the object, then only early ones (a short
				// prefix for szip).
				for _, ranges := range [][]core.Range{
					{{Offset: 0, Count: 1}, {Offset: n / 2, Count: min(3, n-n/2)}, {Offset: n - 1, Count: 1}},
					{{Offset: n / 5, Count: 1}, {Offset: n / 4, Count: min(2, n-n/4)}},
				} {
					want, werr := core.DecodeRange(msg, j, ranges, nil)
					got, gerr := f.DecodeRange(context.Background(), i, j, ranges, nil)
					if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
						t.Fatalf("%s msg %d obj %d: local %v, remote %v", path, i, j, werr, gerr)
					}
					for k := range got {
						if !bytes.Equal(got[k], want[k]) {
							t.Fatalf("%s msg %d obj %d range %d differs", path, i, j, k)
						}
					}
					checked++
				}
			}
		}
	}
	t.Logf("%d objects range-decoded through the partial paths", checked)
}

// szipMessage encodes n uint16 samples with szip and block offsets.
func szipMessage(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, 2*n)
	for i := range n {
		binary.NativeEndian.PutUint16(b[2*i:], uint16(1000+int(300*math.Sin(float64(i)/50))))
	}
	d := core.NewDescriptor(core.Uint16, []uint64{uint64(n)})
	d.Compression = "szip"
	d.Params = map[string]any{"szip_rsi": uint64(64), "szip_block_size": uint64(16), "szip_flags": uint64(8)}
	msg, err := core.Encode(&core.GlobalMetadata{}, []core.EncodeInput{{Descriptor: d, Data: b}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

func TestSzipRangeFetchesOnlyThePrefix(t *testing.T) {
	msg := szipMessage(t, 1<<20)
	_, moved := checkRemoteRange(t, msg, []core.Range{{Offset: 10, Count: 100}, {Offset: 5000, Count: 20}})
	t.Logf("szip decode_range near the start of a %d-byte message: %d bytes", len(msg), moved)
	if moved > int64(len(msg))/20 {
		t.Fatalf("downloaded %d of %d bytes", moved, len(msg))
	}
}

func TestZfpFixedRateRangeFetchesOnlyBlocks(t *testing.T) {
	const n = 1 << 18
	b := make([]byte, 8*n)
	for i := range n {
		binary.NativeEndian.PutUint64(b[8*i:], math.Float64bits(math.Sin(float64(i)/100)))
	}
	d := core.NewDescriptor(core.Float64, []uint64{n})
	d.Compression = "zfp"
	d.Params = map[string]any{"zfp_mode": "fixed_rate", "zfp_rate": 16.0}
	msg, err := core.Encode(&core.GlobalMetadata{}, []core.EncodeInput{{Descriptor: d, Data: b}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ranges []core.Range
	for k := range 20 {
		ranges = append(ranges, core.Range{Offset: uint64(k*13001 + 3), Count: 10})
	}
	_, moved := checkRemoteRange(t, msg, ranges)
	t.Logf("zfp fixed_rate decode_range of 20 ranges from a %d-byte message: %d bytes", len(msg), moved)
	if moved > 32<<10 {
		t.Fatalf("downloaded %d of %d bytes", moved, len(msg))
	}
}

// checkRemoteRange opens msg on a range server, reads message 0's layout,
// then checks DecodeRange of object 0 against a local decode. It returns the
// requests and bytes the range decode itself moved.
func checkRemoteRange(t *testing.T, msg []byte, ranges []core.Range) (requests, bytes int64) {
	t.Helper()
	f := openFile(t, newRangeServer(t, msg), true)
	if _, err := f.Metadata(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	return rangeMoved(t, f, msg, ranges, nil)
}

// rangeMoved checks f.DecodeRange of message 0, object 0 against core's
// local DecodeRange of msg with opts and returns the requests and bytes it
// moved.
func rangeMoved(t *testing.T, f *File, msg []byte, ranges []core.Range, opts *core.DecodeOptions) (requests, bytes int64) {
	t.Helper()
	want, err := core.DecodeRange(msg, 0, ranges, opts)
	if err != nil {
		t.Fatal(err)
	}
	st0 := f.obj.Stats()
	got, err := f.DecodeRange(context.Background(), 0, 0, ranges, opts)
	if err != nil {
		t.Fatal(err)
	}
	sameRanges(t, got, want)
	st1 := f.obj.Stats()
	return st1.Requests - st0.Requests, st1.Bytes - st0.Bytes
}
