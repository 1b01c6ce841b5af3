package mask

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// benchF64 is n little-endian float64 values 0, 0.5, 1, …, with every
// nanEvery-th one NaN (none for 0).
func benchF64(n int, nanEvery int) []byte {
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = float64(i) * 0.5
		if nanEvery > 0 && i%nanEvery == 0 {
			vals[i] = math.NaN()
		}
	}
	return testutil.Float64sToLE(vals)
}

func BenchmarkSubstitute(b *testing.B) {
	for _, every := range []int{0, 1000} {
		data := benchF64(1<<20, every)
		b.Run(fmt.Sprintf("f64/nanEvery=%d", every), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if _, _, err := Substitute(data, Float64, false, Policy{AllowNaN: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRestore(b *testing.B) {
	data := benchF64(1<<20, 1000)
	out, m, _ := Substitute(data, Float64, false, Policy{AllowNaN: true})
	b.SetBytes(int64(len(out)))
	for i := 0; i < b.N; i++ {
		if err := Restore(out, Float64, false, m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMaskCodecs(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	bm := NewBitmap(1 << 20)
	for i := 0; i < bm.N; i++ {
		if rng.IntN(100) == 0 {
			bm.Set(i)
		}
	}
	for _, meth := range []Method{MethodRLE, MethodRoaring, MethodLZ4, MethodZstd} {
		blob, _ := EncodeBlob(bm, meth, 0)
		b.Run("encode/"+string(meth), func(b *testing.B) {
			b.SetBytes(int64(len(bm.Packed)))
			for i := 0; i < b.N; i++ {
				if _, err := EncodeBlob(bm, meth, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("decode/"+string(meth), func(b *testing.B) {
			b.SetBytes(int64(len(bm.Packed)))
			for i := 0; i < b.N; i++ {
				if _, err := DecodeBlob(blob, bm.N, meth); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
