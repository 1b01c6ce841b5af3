package zstd

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	kzstd "github.com/klauspost/compress/zstd"
	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

var writeDir = flag.String("write-dir", "", "directory where TestWriteInteropFrames stores frames for upstream to check")

// TestDecodeUpstreamFrames decodes frames written by upstream tensogram
// 0.24.0 (libzstd 1.5.7, streaming, no content size) at several levels.
func TestDecodeUpstreamFrames(t *testing.T) {
	for _, c := range testutil.CodecVectors(t, "testdata/vectors.json") {
		in, frame := c.In(), c.Out()
		got, err := Decompress(frame)
		if err != nil || !bytes.Equal(got, in) {
			t.Errorf("%s: %v", c.Name, err)
		}
		got, err = Decompress(frame, WithMaxSize(len(in)+1))
		if err != nil || !bytes.Equal(got, in) {
			t.Errorf("%s (limited): %v", c.Name, err)
		}
		if len(in) > 0 {
			if _, err := Decompress(frame, WithMaxSize(len(in)-1)); !errors.Is(err, ErrSizeLimit) {
				t.Errorf("%s: limit below content size not enforced: %v", c.Name, err)
			}
		}
	}
}

func interopInputs() map[string][]byte {
	return map[string][]byte{
		"empty":      {},
		"one":        {42},
		"ramp_20000": testutil.GenBytes("ramp", 20000),
		"lcg_3000":   testutil.GenBytes("lcg", 3000),
		"ramp_300k":  testutil.GenBytes("ramp", 300000),
	}
}

// TestWriteInteropFrames compresses inputs at every klauspost level and
// checks they decode. With -write-dir it also stores name.zst/name.raw
// pairs, which tools/gen_codec_vectors.py --check-zstd decodes with
// upstream.
func TestWriteInteropFrames(t *testing.T) {
	dir := *writeDir
	if dir == "" {
		dir = t.TempDir()
	}
	for name, in := range interopInputs() {
		for _, level := range []int{-3, 1, 3, 9, 19, 22} {
			frame, err := Compress(in, level)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decompress(frame, WithMaxSize(len(in)+1))
			if err != nil || !bytes.Equal(got, in) {
				t.Fatalf("%s level %d: %v", name, level, err)
			}
			base := filepath.Join(dir, fmt.Sprintf("%s_l%d", name, level))
			if err := os.WriteFile(base+".zst", frame, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(base+".raw", in, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestEncoderLevelMapping(t *testing.T) {
	for _, c := range []struct {
		level int
		want  kzstd.EncoderLevel
	}{{-7, kzstd.SpeedFastest}, {0, kzstd.SpeedDefault}, {1, kzstd.SpeedFastest}, {2, kzstd.SpeedFastest},
		{3, kzstd.SpeedDefault}, {6, kzstd.SpeedDefault}, {7, kzstd.SpeedBetterCompression},
		{12, kzstd.SpeedBetterCompression}, {13, kzstd.SpeedBestCompression}, {22, kzstd.SpeedBestCompression}} {
		if got := EncoderLevel(c.level); got != c.want {
			t.Errorf("level %d: %v want %v", c.level, got, c.want)
		}
	}
}

func TestConcatenatedAndSkippableFrames(t *testing.T) {
	a, _ := Compress([]byte("hello "), 3)
	b, _ := Compress([]byte("world"), 19)
	skippable := []byte{0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 'x', 'y', 'z'}
	stream := append(append(append([]byte{}, a...), skippable...), b...)
	got, err := Decompress(stream)
	if err != nil || string(got) != "hello world" {
		t.Fatalf("%q %v", got, err)
	}
	got, err = Decompress(stream, WithMaxSize(11))
	if err != nil || string(got) != "hello world" {
		t.Fatalf("limited: %q %v", got, err)
	}
}

func TestCorrupt(t *testing.T) {
	for _, in := range [][]byte{nil, {1, 2, 3}, {0x28, 0xb5, 0x2f, 0xfd}, {0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0, 0, 0}} {
		if _, err := Decompress(in); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%x: %v", in, err)
		}
	}
	frame, _ := Compress(testutil.GenBytes("ramp", 5000), 3)
	if _, err := Decompress(frame[:len(frame)-3]); !errors.Is(err, ErrCorrupt) {
		t.Errorf("truncated: %v", err)
	}
	if _, err := Decompress(frame[:len(frame)-3], WithMaxSize(5000)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("truncated (limited): %v", err)
	}
	if _, err := Decompress([]byte{1, 2, 3, 4, 5, 6, 7, 8}, WithMaxSize(5000)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("garbage (limited): %v", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	in := testutil.GenBytes("ramp", 100000)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				f, err := Compress(in, g*3)
				if err == nil {
					var out []byte
					out, err = Decompress(f, WithMaxSize(len(in)))
					if err == nil && !bytes.Equal(out, in) {
						err = errors.New("mismatch")
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func FuzzDecompress(f *testing.F) {
	fr, _ := Compress([]byte("tensogram tensogram"), 3)
	f.Add(fr)
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58, 0x01, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := Decompress(in, WithMaxSize(1<<16))
		if err == nil && len(out) > 1<<16 {
			t.Fatal("output above limit")
		}
	})
}

func BenchmarkCompress(b *testing.B) {
	in := testutil.GenBytes("ramp", 8<<20)
	for _, level := range []int{1, 3, 9, 19} {
		b.Run(fmt.Sprintf("level=%d", level), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for i := 0; i < b.N; i++ {
				if _, err := Compress(in, level); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecompress(b *testing.B) {
	in := testutil.GenBytes("ramp", 8<<20)
	fr, _ := Compress(in, 3)
	b.SetBytes(int64(len(in)))
	for i := 0; i < b.N; i++ {
		if _, err := Decompress(fr, WithMaxSize(len(in))); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecompressUnlimited(b *testing.B) {
	in := testutil.GenBytes("ramp", 8<<20)
	fr, _ := Compress(in, 3)
	b.SetBytes(int64(len(in)))
	for i := 0; i < b.N; i++ {
		if _, err := Decompress(fr); err != nil {
			b.Fatal(err)
		}
	}
}
