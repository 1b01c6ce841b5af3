package zstd

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// DecompressInto fills exactly len(dst) bytes in place and reports content
// of any other size, and corrupt input, with the package's errors.
func TestDecompressInto(t *testing.T) {
	src := testutil.GenBytes("ramp", 300_000)
	two := bytes.Repeat(src, 2)
	frame, err := Compress(src, 3)
	if err != nil {
		t.Fatal(err)
	}
	concat := append(append([]byte(nil), frame...), frame...)

	dst := make([]byte, len(src))
	if err := DecompressInto(dst, frame); err != nil || !bytes.Equal(dst, src) {
		t.Fatalf("exact size: %v", err)
	}
	dst2 := make([]byte, len(two))
	if err := DecompressInto(dst2, concat); err != nil || !bytes.Equal(dst2, two) {
		t.Fatalf("concatenated frames: %v", err)
	}
	if allocs := testing.AllocsPerRun(5, func() { _ = DecompressInto(dst, frame) }); allocs > 8 {
		t.Errorf("%v allocations per call: the output should not be allocated", allocs)
	}
	if err := DecompressInto(make([]byte, len(src)-1), frame); !errors.Is(err, ErrSizeLimit) {
		t.Errorf("destination too small: %v, want ErrSizeLimit", err)
	}
	if err := DecompressInto(make([]byte, len(src)+1), frame); !errors.Is(err, ErrShort) {
		t.Errorf("destination too large: %v, want ErrShort", err)
	}
	if err := DecompressInto(dst, nil); !errors.Is(err, ErrCorrupt) {
		t.Errorf("empty input: %v, want ErrCorrupt", err)
	}
	bad := append([]byte(nil), frame...)
	for i := len(bad) / 2; i < len(bad); i++ {
		bad[i] ^= 0x5a
	}
	if err := DecompressInto(dst, bad); !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrSizeLimit) {
		t.Errorf("corrupt input: %v, want ErrCorrupt or ErrSizeLimit", err)
	}
}

// DecompressIntoSpare decodes exactly len(dst) bytes with spare capacity
// after dst, and still reports content longer than len(dst) that would fit
// in the spare room; DecompressInto never writes past len(dst).
func TestDecompressIntoSpare(t *testing.T) {
	src := testutil.GenBytes("ramp", 40_000)
	frame, err := Compress(src, 3)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, len(src)+SpareBytes+64)
	if err := DecompressIntoSpare(buf[:len(src)], frame); err != nil || !bytes.Equal(buf[:len(src)], src) {
		t.Fatalf("with spare room: %v", err)
	}
	if err := DecompressIntoSpare(buf[:len(src)-10], frame); !errors.Is(err, ErrSizeLimit) {
		t.Errorf("content longer than len(dst) but within cap: %v, want ErrSizeLimit", err)
	}
	guard := make([]byte, len(src)+SpareBytes)
	for i := range guard {
		guard[i] = 0xA5
	}
	if err := DecompressInto(guard[:len(src)], frame); err != nil {
		t.Fatal(err)
	}
	for i, b := range guard[len(src):] {
		if b != 0xA5 {
			t.Fatalf("DecompressInto wrote byte %d past dst", i)
		}
	}
}

// Many more concurrent decodes than CPUs each get their own pooled decoder
// and the right content.
func TestDecompressConcurrent(t *testing.T) {
	srcs := [][]byte{testutil.GenBytes("ramp", 100_000), testutil.GenBytes("ramp", 70_001)}
	frames := make([][]byte, len(srcs))
	for i, s := range srcs {
		f, err := Compress(s, 3)
		if err != nil {
			t.Fatal(err)
		}
		frames[i] = f
	}
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			k := g % len(srcs)
			for i := 0; i < 20; i++ {
				dst := make([]byte, len(srcs[k]))
				if err := DecompressInto(dst, frames[k]); err != nil || !bytes.Equal(dst, srcs[k]) {
					errs <- fmt.Errorf("goroutine %d: %v or wrong content", g, err)
					return
				}
				out, err := Decompress(frames[k])
				if err != nil || !bytes.Equal(out, srcs[k]) {
					errs <- fmt.Errorf("goroutine %d: Decompress %v or wrong content", g, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
