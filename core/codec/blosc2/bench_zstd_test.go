package blosc2

import (
	"encoding/binary"
	"math"
	"math/rand"
	"syscall"
	"testing"

	"github.com/tensogram-go/tensogram-go/core/codec/zstd"
)

// The "Decode (1M float64, blosc2 zstd clevel 5)" row of
// bench_threading.py (standard normal values: the six low mantissa planes
// of each block do not compress and are stored as is, planes 6 and 7 are
// zstd frames) and its parts, by CPU time per operation.

// normalInput is 1M standard normal float64.
func normalInput() []byte {
	r := rand.New(rand.NewSource(1))
	b := make([]byte, 8<<20)
	for i := 0; i < 1<<20; i++ {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(r.NormFloat64()))
	}
	return b
}

// cpuTime is the process's user + system time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// runCPU runs f b.N times and reports its CPU time per call.
func runCPU(b *testing.B, f func() error) {
	b.ResetTimer()
	t0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if err := f(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-t0)/float64(b.N), "cpu-ns/op")
}

func BenchmarkBlosc2ZstdNormal(b *testing.B) {
	src := normalInput()
	frame, err := Encode(src, Params{Codec: Zstd, Clevel: 5, Typesize: 8})
	if err != nil {
		b.Fatal(err)
	}
	f, err := ParseFrame(frame)
	if err != nil {
		b.Fatal(err)
	}
	c, err := f.chunk(0)
	if err != nil {
		b.Fatal(err)
	}
	// streams[s] holds stream s of every block; planes[i] the planes of block
	// i for unshuffle (stored streams in place, a scratch buffer for the rest).
	nblocks := c.h.nbytes / c.h.blocksize
	var streams [8][][]byte
	planes := make([][8][]byte, nblocks)
	for i := 0; i < nblocks; i++ {
		p, err := c.bstart(i)
		if err != nil {
			b.Fatal(err)
		}
		for s := 0; s < 8; s++ {
			cs := int(int32(binary.LittleEndian.Uint32(c.data[p:])))
			streams[s] = append(streams[s], c.data[p+4:p+4+cs])
			if cs == c.h.blocksize/8 {
				planes[i][s] = c.data[p+4 : p+4+cs]
			}
			p += 4 + cs
		}
	}
	dst := make([]byte, len(src))
	plane := make([]byte, c.h.blocksize/8+zstd.SpareBytes)
	for i := range planes {
		for s := range planes[i] {
			if planes[i][s] == nil { // a decoded plane, from the scratch buffer
				planes[i][s] = plane[:c.h.blocksize/8]
			}
		}
	}
	b.Run("whole", func(b *testing.B) {
		runCPU(b, func() error { return DecodeInto(dst, frame) })
	})
	for _, s := range []int{6, 7} {
		b.Run([]string{6: "plane6", 7: "plane7"}[s], func(b *testing.B) {
			if len(streams[s][0]) == c.h.blocksize/8 {
				b.Skip("stored as is")
			}
			runCPU(b, func() error {
				for _, fr := range streams[s] {
					if err := zstd.DecompressIntoSpare(plane[:c.h.blocksize/8], fr); err != nil {
						return err
					}
				}
				return nil
			})
		})
	}
	b.Run("unshuffle", func(b *testing.B) {
		runCPU(b, func() error {
			for i := range planes {
				unshuffle8Planes(dst[i*c.h.blocksize:], &planes[i], c.h.blocksize/8)
			}
			return nil
		})
	})
}
