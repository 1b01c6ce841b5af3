package remote

import (
	"context"
	"testing"
	"time"

	"github.com/tensogram-go/tensogram-go/core"
)

// benchRemote runs op on a fresh handle per iteration against a loopback
// server adding 20 ms to every answer, and reports requests and bytes per
// operation (open included).
func benchRemote(b *testing.B, data []byte, opts map[string]string, op func(*File) error) {
	s := newRangeServer(b, data)
	s.latency = 20 * time.Millisecond
	var reqs, bytes int64
	for b.Loop() {
		f, err := OpenFile(context.Background(), s.url(), opts, OpenOptions{Bidirectional: true})
		if err != nil {
			b.Fatal(err)
		}
		if err := op(f); err != nil {
			b.Fatal(err)
		}
		st := f.Object().Stats()
		reqs, bytes = reqs+st.Requests, bytes+st.Bytes
	}
	b.ReportMetric(float64(reqs)/float64(b.N), "requests/op")
	b.ReportMetric(float64(bytes)/float64(b.N), "bytes/op")
}

func BenchmarkRemoteDecodeMessage(b *testing.B) {
	data := cat(buffered(b, 4, 1<<14, 0), buffered(b, 4, 1<<14, 1))
	benchRemote(b, data, nil, func(f *File) error {
		_, err := f.DecodeMessage(context.Background(), 1, nil)
		return err
	})
}

func BenchmarkRemoteDecodeObject(b *testing.B) {
	data := cat(buffered(b, 4, 1<<14, 0), buffered(b, 4, 1<<14, 1))
	benchRemote(b, data, nil, func(f *File) error {
		_, _, err := f.DecodeObject(context.Background(), 1, 2, nil)
		return err
	})
}

func BenchmarkRemote100Ranges(b *testing.B) {
	data := bigMessage(&testing.T{}, 1<<20, "none")
	var ranges []core.Range
	for k := range 100 {
		ranges = append(ranges, core.Range{Offset: uint64(k * 10007), Count: 4})
	}
	for _, gap := range []string{"4096", "1048576"} {
		b.Run("range_coalesce_gap="+gap, func(b *testing.B) {
			benchRemote(b, data, map[string]string{"range_coalesce_gap": gap}, func(f *File) error {
				_, err := f.DecodeRange(context.Background(), 0, 0, ranges, nil)
				return err
			})
		})
	}
}

// BenchmarkReadRange16MiB is one 16 MiB ranged GET on loopback without
// added latency: the cost of receiving a large body (buffer growth).
func BenchmarkReadRange16MiB(b *testing.B) {
	const n = 16 << 20
	s := newRangeServer(b, testData(n+1000))
	o, err := Open(context.Background(), s.url(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(n)
	for b.Loop() {
		if _, err := o.ReadRange(context.Background(), 1000, n); err != nil {
			b.Fatal(err)
		}
	}
}
