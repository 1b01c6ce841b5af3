//go:build libzfp && cgo

package zfp

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/tensogram-go/tensogram-go/core/codec/zfp/internal/zfporacle"
)

// oracleArgs maps Params to the oracle's mode number and argument.
func oracleArgs(p Params) (int, float64) {
	switch p.Mode {
	case FixedRate:
		return 1, p.Rate
	case FixedPrecision:
		return 2, float64(p.Precision)
	}
	return 3, p.Tolerance
}

func TestOracleConfig(t *testing.T) {
	for _, p := range append(testModes, Params{Mode: FixedAccuracy, Tolerance: 0}, Params{Mode: FixedAccuracy, Tolerance: -1},
		Params{Mode: FixedAccuracy, Tolerance: math.NaN()}, Params{Mode: FixedRate, Rate: 1e6}, Params{Mode: FixedRate, Rate: 2.625}, Params{Mode: FixedRate, Rate: 2.624}) {
		m, a := oracleArgs(p)
		minb, maxb, prec, minexp, ok := zfporacle.Config(m, a)
		c, err := p.config()
		if !ok {
			if err == nil {
				t.Errorf("%+v: libzfp rejects, we accept", p)
			}
			continue
		}
		if err != nil {
			t.Errorf("%+v: %v", p, err)
			continue
		}
		want := config{minBits: minb, maxBits: maxb, maxPrec: prec, minExp: minexp}
		if c != want {
			t.Errorf("%+v: config %+v, libzfp %+v", p, c, want)
		}
		for _, n := range []int{0, 1, 4, 5, 1001, 1 << 20} {
			got, err := MaxSize(uint64(n), p)
			if want := wordRound(zfporacle.MaxSize(m, a, n)); err != nil || got != want {
				t.Errorf("%+v n=%d: MaxSize %d (%v), libzfp %d", p, n, got, err, want)
			}
		}
	}
}

// Debian builds libzfp with 8-bit stream words, upstream (zfp-sys-cc) with
// the default 64-bit words: the bit sequence is the same, but the stream is
// flushed to a byte instead of an 8-byte word, and the maximum size is
// rounded the same way. wordRound and wordPad convert the oracle's figures
// to 64-bit words.
func wordRound(n uint64) uint64 { return (n + 7) &^ 7 }

func wordPad(b []byte) []byte {
	return append(b, make([]byte, wordRound(uint64(len(b)))-uint64(len(b)))...)
}

// TestOracleStreams compares streams and decoded values with libzfp for
// every data kind, size and mode: encode byte-identical, decode bit-exact.
func TestOracleStreams(t *testing.T) {
	cases := 0
	for _, p := range testModes {
		for _, kind := range dataKinds {
			for si, n := range testSizes {
				vals := genData(kind, n, uint64(si*31+n))
				name := fmt.Sprintf("%v/%s/%d", p, kind, n)
				m, a := oracleArgs(p)
				want, err := zfporacle.Compress(m, a, vals)
				if err != nil {
					t.Fatalf("%s: oracle: %v", name, err)
				}
				got, err := Encode(vals, p)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if !bytes.Equal(got, wordPad(want)) {
					t.Errorf("%s: stream differs from libzfp (len %d vs %d)", name, len(got), len(want))
					continue
				}
				wantV, err := zfporacle.Decompress(m, a, want, n)
				if err != nil {
					t.Fatalf("%s: oracle decode: %v", name, err)
				}
				gotV := make([]float64, n)
				if err := Decode(gotV, want, p); err != nil {
					t.Fatalf("%s: decode: %v", name, err)
				}
				for i := range gotV {
					if math.Float64bits(gotV[i]) != math.Float64bits(wantV[i]) {
						t.Errorf("%s: value %d = %v (%#x), libzfp %v (%#x)", name, i, gotV[i], math.Float64bits(gotV[i]), wantV[i], math.Float64bits(wantV[i]))
						break
					}
				}
				cases++
			}
		}
	}
	t.Logf("%d cases identical", cases)
}

// TestOracleRandom sweeps random modes, kinds and sizes (including 0).
func TestOracleRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for i := 0; i < 3000; i++ {
		var p Params
		switch rng.IntN(3) {
		case 0:
			p = Params{Mode: FixedRate, Rate: rng.Float64() * 70}
		case 1:
			p = Params{Mode: FixedPrecision, Precision: uint32(rng.IntN(70))}
		default:
			p = Params{Mode: FixedAccuracy, Tolerance: math.Pow(10, rng.Float64()*30-22)}
		}
		n := rng.IntN(300)
		kind := dataKinds[rng.IntN(len(dataKinds))]
		vals := genData(kind, n, rng.Uint64())
		m, a := oracleArgs(p)
		want, err := zfporacle.Compress(m, a, vals)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Encode(vals, p)
		if err != nil || !bytes.Equal(got, wordPad(want)) {
			t.Fatalf("%+v %s n=%d: stream differs (%v)", p, kind, n, err)
		}
		if n == 0 {
			continue
		}
		wantV, err := zfporacle.Decompress(m, a, want, n)
		if err != nil {
			t.Fatal(err)
		}
		gotV := make([]float64, n)
		if err := Decode(gotV, got, p); err != nil {
			t.Fatal(err)
		}
		for j := range gotV {
			if math.Float64bits(gotV[j]) != math.Float64bits(wantV[j]) {
				t.Fatalf("%+v %s n=%d: value %d = %v, libzfp %v", p, kind, n, j, gotV[j], wantV[j])
			}
		}
	}
}

// TestOracleGarbage decodes random bit patterns as long as libzfp's maximum
// size with both decoders: arbitrary streams must give the same values.
func TestOracleGarbage(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for i := 0; i < 2000; i++ {
		p := testModes[rng.IntN(len(testModes))]
		n := 1 + rng.IntN(64)
		m, a := oracleArgs(p)
		stream := make([]byte, zfporacle.MaxSize(m, a, n))
		for j := range stream {
			stream[j] = byte(rng.Uint32() >> uint(rng.IntN(2)*24))
		}
		wantV, err := zfporacle.Decompress(m, a, stream, n)
		if err != nil {
			t.Fatal(err)
		}
		gotV := make([]float64, n)
		if err := Decode(gotV, stream, p); err != nil {
			t.Fatalf("%+v n=%d: %v", p, n, err)
		}
		for j := range gotV {
			if math.Float64bits(gotV[j]) != math.Float64bits(wantV[j]) {
				t.Fatalf("%+v n=%d: value %d = %v, libzfp %v", p, n, j, gotV[j], wantV[j])
			}
		}
	}
}
