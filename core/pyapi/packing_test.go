package pyapi

import (
	"math"
	"strings"
	"testing"
)

func TestPackingParams(t *testing.T) {
	ref, bsf, err := PackingParams([]float64{1, 2, 3, 4}, 16, 0)
	if err != nil || ref != 1 || bsf >= 0 {
		t.Fatalf("ref %v bsf %v err %v", ref, bsf, err)
	}
	for _, tc := range []struct {
		vals  []float64
		bits  uint64
		dsf   int64
		class Class
		want  string
	}{
		{nil, 65, 0, ValueError, "bits_per_value 65 exceeds maximum of 64"},
		{nil, 16, 1 << 31, OverflowError, "out of range integral type conversion"},
		{nil, 16, -(1 << 31) - 1, OverflowError, "out of range integral type conversion"},
		{[]float64{1, math.NaN()}, 16, 0, ValueError, ""},
	} {
		_, _, err := PackingParams(tc.vals, tc.bits, tc.dsf)
		if classOf(err) != int(tc.class) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v/%d/%d: %v", tc.vals, tc.bits, tc.dsf, err)
		}
	}
}
