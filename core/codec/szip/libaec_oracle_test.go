//go:build libaec && cgo

package szip

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/tensogram-go/tensogram-go/core/codec/szip/internal/aecoracle"
)

// randomCase draws parameters and valid sample data the way the oracle
// comparison needs them.
func randomCase(rng *rand.Rand) (Params, []byte) {
	p := Params{BitsPerSample: 1 + rng.IntN(32)}
	blocks := []int{8, 16, 32, 64}
	p.BlockSize = blocks[rng.IntN(4)]
	if rng.IntN(10) == 0 {
		p.Flags |= FlagNotEnforce
		p.BlockSize = 2 * (1 + rng.IntN(40))
	}
	switch rng.IntN(4) {
	case 0:
		p.RSI = 1 + rng.IntN(4)
	case 1:
		p.RSI = 1 + rng.IntN(4096)
	default:
		p.RSI = 1 + rng.IntN(128)
	}
	for _, f := range []Flags{FlagSigned, Flag3Byte, FlagMSB, FlagPreprocess} {
		if rng.IntN(2) == 0 {
			p.Flags |= f
		}
	}
	if p.BitsPerSample <= 4 && rng.IntN(3) == 0 {
		p.Flags |= FlagRestricted
	}
	n := rng.IntN(6000)
	if rng.IntN(8) == 0 {
		n = rng.IntN(60000)
	}
	return p, genSamples(rng, p, n)
}

// genSamples makes n valid samples (values within the bit width; signed
// values as two's complement in the low bits) with a random distribution.
func genSamples(rng *rand.Rand, p Params, n int) []byte {
	bps := uint(p.BitsPerSample)
	mask := uint64(1)<<bps - 1
	lo, hi := int64(0), int64(mask)
	if p.Flags&FlagSigned != 0 {
		lo, hi = -int64(1)<<(bps-1), int64(1)<<(bps-1)-1
	}
	clamp := func(v int64) int64 { return max(lo, min(hi, v)) }
	vals := make([]int64, n)
	kind := rng.IntN(7)
	cur := lo + rng.Int64N(hi-lo+1)
	step := int64(1) << uint(rng.IntN(int(bps)))
	for i := range vals {
		switch kind {
		case 0: // constant
			vals[i] = cur
		case 1: // smooth random walk
			cur = clamp(cur + rng.Int64N(2*step+1) - step)
			vals[i] = cur
		case 2: // uniform random
			vals[i] = lo + rng.Int64N(hi-lo+1)
		case 3: // mostly zero, with bursts
			if rng.IntN(50) == 0 {
				cur = lo + rng.Int64N(hi-lo+1)
			} else if rng.IntN(10) == 0 {
				cur = 0
			}
			vals[i] = clamp(cur)
		case 4: // extremes
			if rng.IntN(2) == 0 {
				vals[i] = lo
			} else {
				vals[i] = hi
			}
		case 5: // sparse spikes on a zero background
			if rng.IntN(200) == 0 {
				vals[i] = lo + rng.Int64N(hi-lo+1)
			}
		default: // small values
			vals[i] = clamp(rng.Int64N(min(hi, 16) + 1))
		}
	}
	cw := p.SampleWidth()
	out := make([]byte, n*cw)
	for i, v := range vals {
		u := uint64(v) & mask
		for b := 0; b < cw; b++ {
			sh := uint(8 * b)
			if p.Flags&FlagMSB != 0 {
				sh = uint(8 * (cw - 1 - b))
			}
			out[i*cw+b] = byte(u >> sh)
		}
	}
	return out
}

// Random parameter sets and inputs agree with libaec byte for byte: the
// encoded stream, the decode, the RSI offsets, ranges and threaded paths.
func TestLibaecOracle(t *testing.T) {
	cases := 3000
	if testing.Short() {
		cases = 300
	}
	if v, err := strconv.Atoi(os.Getenv("SZIP_ORACLE_CASES")); err == nil && v > 0 {
		cases = v
	}
	seed := uint64(1)
	if v, err := strconv.ParseUint(os.Getenv("SZIP_ORACLE_SEED"), 10, 64); err == nil {
		seed = v
	}
	rng := rand.New(rand.NewPCG(seed, 2))
	for tc := 0; tc < cases; tc++ {
		p, in := randomCase(rng)
		flags := uint32(p.Flags)
		if len(in) == 0 {
			// Tensogram never runs the coder on empty input (libaec would
			// emit one byte); Encode returns an empty stream.
			got, offs, err := Encode(in, p)
			if err != nil || len(got) != 0 || len(offs) != 0 {
				t.Fatalf("case %d: empty input gave %x %v %v", tc, got, offs, err)
			}
			continue
		}
		want, err := aecoracle.Encode(in, p.BitsPerSample, p.BlockSize, p.RSI, flags)
		if err != nil {
			t.Fatalf("case %d %+v: libaec encode: %v", tc, p, err)
		}
		got, offs, err := Encode(in, p)
		if err != nil {
			t.Fatalf("case %d %+v: encode: %v", tc, p, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("case %d %+v n=%d: encode differs from libaec (len %d vs %d)", tc, p, len(in), len(got), len(want))
		}
		ref, err := aecoracle.Decode(want, len(in), p.BitsPerSample, p.BlockSize, p.RSI, flags)
		if err != nil {
			t.Fatalf("case %d: libaec decode: %v", tc, err)
		}
		dec := make([]byte, len(in))
		if err := Decode(dec, want, p); err != nil {
			t.Fatalf("case %d %+v: decode: %v", tc, p, err)
		}
		if !bytes.Equal(dec, ref) {
			t.Fatalf("case %d %+v: decode differs from libaec", tc, p)
		}
		n := len(in) / p.SampleWidth()
		scan, err := ScanOffsets(want, p, n)
		if err != nil || !slices.Equal(scan, offs) {
			t.Fatalf("case %d: ScanOffsets = %v, %v; encoder offsets %v", tc, scan, err, offs)
		}
		_, loffs, _ := Encode(in, p, WithLibaecOffsets())
		checkOracleRanges(t, tc, rng, in, want, ref, p, offs, loffs)
		checkOracleThreads(t, tc, in, want, ref, p, offs, loffs)
	}
}

// checkOracleRanges decodes four random ranges of libaec's stream want
// (with our offsets, libaec's and trusted offsets) and compares them with
// libaec's full decode ref.
func checkOracleRanges(t *testing.T, tc int, rng *rand.Rand, in, want, ref []byte, p Params, offs, loffs []uint64) {
	t.Helper()
	for k := 0; k < 4; k++ {
		a := rng.IntN(len(in))
		b := a + rng.IntN(len(in)-a) + 1
		part := make([]byte, b-a)
		tbl := offs
		if k%2 == 1 {
			tbl = loffs
		}
		var ropts []Option
		if k == 2 {
			ropts = append(ropts, WithTrustedOffsets())
		}
		if err := DecodeRange(part, want, p, tbl, a, ropts...); err != nil {
			t.Fatalf("case %d %+v: range [%d,%d): %v", tc, p, a, b, err)
		}
		if !bytes.Equal(part, ref[a:b]) {
			t.Fatalf("case %d %+v: range [%d,%d) differs", tc, p, a, b)
		}
	}
}

// checkOracleThreads encodes and decodes with 2 and 3 workers and expects
// libaec's bytes, our offsets and libaec's offsets unchanged.
func checkOracleThreads(t *testing.T, tc int, in, want, ref []byte, p Params, offs, loffs []uint64) {
	t.Helper()
	for _, th := range []int{2, 3} {
		pg, po, err := Encode(in, p, WithThreads(th), withParallelMin(0))
		if err != nil || !bytes.Equal(pg, want) || !slices.Equal(po, offs) {
			t.Logf("n=%d len %d/%d\noffs %v\npo   %v", len(in), len(pg), len(want), offs, po)
			t.Fatalf("case %d %+v: threads=%d encode differs (err %v)", tc, p, th, err)
		}
		_, plo, _ := Encode(in, p, WithThreads(th), withParallelMin(0), WithLibaecOffsets())
		if !slices.Equal(plo, loffs) {
			t.Fatalf("case %d: threads=%d libaec offsets differ", tc, th)
		}
		pd := make([]byte, len(in))
		if err := Decode(pd, want, p, WithThreads(th), WithOffsets(loffs), withParallelMin(0)); err != nil || !bytes.Equal(pd, ref) {
			t.Fatalf("case %d %+v: threads=%d decode differs (err %v)", tc, p, th, err)
		}
	}
}

// Truncated libaec streams must fail, never panic.
func TestLibaecOracleTruncated(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for tc := 0; tc < 300; tc++ {
		p, in := randomCase(rng)
		if len(in) == 0 {
			continue
		}
		enc, err := aecoracle.Encode(in, p.BitsPerSample, p.BlockSize, p.RSI, uint32(p.Flags))
		if err != nil {
			t.Fatal(err)
		}
		cut := enc[:rng.IntN(len(enc))]
		dec := make([]byte, len(in))
		err = Decode(dec, cut, p)
		if err == nil {
			// A cut inside the final padding can still decode fully.
			ref, _ := aecoracle.Decode(enc, len(in), p.BitsPerSample, p.BlockSize, p.RSI, uint32(p.Flags))
			if !bytes.Equal(dec, ref) {
				t.Fatalf("case %d: truncated stream decoded to wrong data without error", tc)
			}
			continue
		}
		if !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("case %d: unexpected error %v", tc, err)
		}
	}
}

// BenchmarkLibaec times libaec's buffer calls alone (C buffers prepared
// once) on the same input as BenchmarkEncode/BenchmarkDecode.
func BenchmarkLibaec(b *testing.B) {
	p := headlineParams
	for _, n := range benchSizes() {
		in := smoothField24(n)
		enc, err := aecoracle.Encode(in, p.BitsPerSample, p.BlockSize, p.RSI, uint32(p.Flags))
		if err != nil {
			b.Fatal(err)
		}
		for _, mode := range []struct {
			name string
			enc  bool
			src  []byte
			out  int
		}{{"encode", true, in, 2*len(in) + 4096}, {"decode", false, enc, len(in)}} {
			b.Run(fmt.Sprintf("%s/n=%dM", mode.name, n/1_000_000), func(b *testing.B) {
				r := aecoracle.NewRunner(mode.enc, mode.src, mode.out, p.BitsPerSample, p.BlockSize, p.RSI, uint32(p.Flags))
				defer r.Close()
				b.SetBytes(int64(len(in)))
				for b.Loop() {
					if _, err := r.Run(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
