package sz3

import (
	"bytes"
	"math"
	"sync"
	"testing"
)

// Encodes running at once (each takes its own zstd encoders) give the
// bytes of the same encodes run one after another.
func TestConcurrentEncodesMatchSequential(t *testing.T) {
	fields := make([][]float64, 6)
	for i := range fields {
		fields[i] = make([]float64, 3000+i*777)
		for j := range fields[i] {
			fields[i][j] = math.Sin(float64(j)*0.01*float64(i+1)) + float64(j%7)*0.1
		}
	}
	fields[5] = fields[5][:40] // a short field: the raw-values path
	want := make([][]byte, len(fields))
	for i, f := range fields {
		out, err := Encode(f, ModeAbs, 1e-3)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = out
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 2; r++ {
				for i, f := range fields {
					out, err := Encode(f, ModeAbs, 1e-3)
					if err != nil || !bytes.Equal(out, want[i]) {
						t.Errorf("field %d: concurrent encode differs (err %v)", i, err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}
