package core

import (
	"bytes"
	"math"
	"reflect"
	"testing"
)

// The fused simple_packing → szip encode gives the staged path's stream,
// szip_block_offsets and errors: every szip-capable width, both byte
// orders, sequential and threaded, finite and non-finite input.
func TestFusedSzipPackedEncodeMatchesStaged(t *testing.T) {
	vals := smoothField(5000)
	for _, c := range packingCases() {
		if c.comp != "szip" {
			continue
		}
		for _, order := range []ByteOrder{LittleEndian, BigEndian} {
			for _, threads := range []int{0, 3} {
				for _, bad := range []float64{0, math.NaN(), math.Inf(-1)} {
					raw := append([]byte(nil), vals...)
					if bad != 0 {
						putUint(raw[8*1234:], math.Float64bits(bad), 8, NativeOrder)
					}
					if order != NativeOrder {
						swapInPlace(raw, 8)
					}
					d := descFor(Float64, 5000, order, c)
					if err := resolveSimplePacking(Float64, d.Params, vals, NativeOrder); err != nil {
						t.Fatal(err)
					}
					pf, err := BuildPipeline(d, cloneMap(d.Params), threads)
					if err != nil {
						t.Fatal(err)
					}
					ps, _ := BuildPipeline(d, cloneMap(d.Params), threads)
					got, gerr := pf.Encode(raw)
					want, werr := ps.encodeStaged(raw)
					what := c.String() + " " + order.String()
					switch {
					case gerr != nil || werr != nil:
						if gerr == nil || werr == nil || gerr.Error() != werr.Error() {
							t.Fatalf("%s bad=%v: fused error %v, staged error %v", what, bad, gerr, werr)
						}
					case !bytes.Equal(got, want):
						t.Fatalf("%s threads=%d: fused stream differs", what, threads)
					case !reflect.DeepEqual(pf.Ctx.Params[szipOffsetsKey], ps.Ctx.Params[szipOffsetsKey]):
						t.Fatalf("%s threads=%d: szip_block_offsets differ", what, threads)
					}
				}
			}
		}
	}
}
