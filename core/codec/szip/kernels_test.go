package szip

import (
	"bytes"
	"encoding/binary"
	"math/rand"
	"testing"
)

// checkResiduals compares the vector residual mapping (where the CPU has
// it; -tags purego runs the portable one) with residual on x.
func checkResiduals(t *testing.T, x []uint32, xmax uint32) {
	t.Helper()
	got := make([]uint32, len(x))
	c := &coder{xmax: xmax}
	c.preprocess(got, x)
	for j := 1; j < len(x); j++ {
		if want := residual(x[j-1], x[j], xmax); got[j] != want {
			t.Fatalf("xmax %#x n %d: residual %d of (%d, %d) = %d, want %d", xmax, len(x), j, x[j-1], x[j], got[j], want)
		}
	}
	if got[0] != 0 {
		t.Fatalf("d[0] = %d, want 0", got[0])
	}
}

// checkSums compares blockStats (vector kernel when enabled) with the
// portable sums and OR of blk for every hint.
func checkSums(t *testing.T, blk []uint32, kmax int) {
	t.Helper()
	for hint := 0; hint <= kmax; hint++ {
		vec := &encoder{hint: hint, vecStats: true}
		ref := &encoder{hint: hint}
		gotOr, wantOr := vec.blockStats(blk), ref.blockStats(blk)
		if (gotOr == 0) != (wantOr == 0) || vec.sums != ref.sums || vec.sumBase != ref.sumBase {
			t.Fatalf("hint %d: sums %v base %d zero %v, want %v base %d zero %v",
				hint, vec.sums, vec.sumBase, gotOr == 0, ref.sums, ref.sumBase, wantOr == 0)
		}
	}
}

// The residual and block-sum kernels agree with the portable code on
// extremes (0, xmax, jumps across the bound) and random samples, at every
// length around the vector width.
func TestKernelsMatchPortable(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for _, bps := range []uint{1, 8, 16, 24, 31} {
		xmax := uint32(1)<<bps - 1
		for n := 1; n <= 40; n++ {
			for range 20 {
				x := make([]uint32, n)
				for i := range x {
					switch r.Intn(4) {
					case 0:
						x[i] = 0
					case 1:
						x[i] = xmax
					case 2:
						x[i] = (xmax/2 + uint32(r.Intn(3)) - 1) & xmax
					default:
						x[i] = r.Uint32() & xmax
					}
				}
				checkResiduals(t, x, xmax)
			}
		}
		if bps > 24 {
			continue
		}
		for _, j := range []int{8, 16, 32, 64} {
			for range 50 {
				blk := make([]uint32, j)
				if r.Intn(3) > 0 {
					for i := range blk {
						blk[i] = r.Uint32() & xmax >> uint(r.Intn(int(bps)+1))
					}
				}
				checkSums(t, blk, 29)
			}
			all := make([]uint32, j)
			for i := range all {
				all[i] = xmax
			}
			checkSums(t, all, 29)
		}
	}
}

// FuzzKernels holds both kernels to the portable code on arbitrary
// samples.
func FuzzKernels(f *testing.F) {
	f.Add([]byte("\x00\xff\x10\x20\x30\x40\x50\x60\x70\x80\x90\xa0\xb0\xc0\xd0\xe0\xf0\x01\x02\x03"), uint8(8))
	f.Add(make([]byte, 256), uint8(24))
	f.Fuzz(func(t *testing.T, raw []byte, bps uint8) {
		if bps == 0 || bps > 31 {
			return
		}
		xmax := uint32(1)<<bps - 1
		x := make([]uint32, len(raw)/4)
		for i := range x {
			x[i] = (uint32(raw[4*i]) | uint32(raw[4*i+1])<<8 | uint32(raw[4*i+2])<<16 | uint32(raw[4*i+3])<<24) & xmax
		}
		if len(x) == 0 {
			return
		}
		checkResiduals(t, x, xmax)
		if bps <= 24 && len(x) >= 8 {
			checkSums(t, x[:len(x)&^7], 29)
		}
	})
}

// checkPostprocess compares postprocess (kernel where the CPU has it) with
// the portable loop over the whole of v.
func checkPostprocess(t *testing.T, bps uint, v []uint32) {
	t.Helper()
	c := &coder{bps: bps, xmax: uint32(1<<bps - 1)}
	got := append([]uint32(nil), v...)
	want := append([]uint32(nil), v...)
	c.postprocess(got)
	if len(want) > 0 {
		c.postprocessRange(want, 1, len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("bps %d n %d: sample %d = %d, want %d", bps, len(v), i, got[i], want[i])
		}
	}
}

// The reconstruction kernel agrees with the portable loop on residuals
// of encoded smooth and random data, on residuals that hit the edge case
// at every position, and on garbage (residuals and references out of
// range, as a corrupt stream gives).
func TestPostprocessKernel(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for _, bps := range []uint{1, 2, 8, 16, 23, 24, 31, 32} {
		xmax := uint32(1<<bps - 1)
		c := &coder{bps: bps, xmax: xmax}
		for n := 1; n <= 70; n++ {
			for rep := 0; rep < 10; rep++ {
				x := make([]uint32, n)
				base := r.Uint32() & xmax
				for i := range x {
					switch rep % 3 {
					case 0:
						x[i] = (base + uint32(r.Intn(9)) - 4) & xmax
					case 1:
						x[i] = r.Uint32() & xmax
					default:
						x[i] = []uint32{0, xmax, xmax / 2, xmax/2 + 1}[r.Intn(4)]
					}
				}
				d := make([]uint32, n)
				c.preprocess(d, x)
				d[0] = x[0]
				checkPostprocess(t, bps, d)
				g := make([]uint32, n)
				for i := range g {
					g[i] = r.Uint32() >> uint(r.Intn(32))
				}
				checkPostprocess(t, bps, g)
			}
		}
	}
}

// FuzzPostprocess holds the reconstruction kernel to the portable loop on
// arbitrary residuals.
func FuzzPostprocess(f *testing.F) {
	f.Add([]byte("\x00\x00\x80\x00\x02\x00\x00\x00\x04\x00\x00\x00\x01\x00\x00\x00\x03\x00\x00\x00\x06\x00\x00\x00\x02\x00\x00\x00\x08\x00\x00\x00\x01\x00\x00\x00"), uint8(24))
	f.Fuzz(func(t *testing.T, raw []byte, bps uint8) {
		if bps == 0 || bps > 32 {
			return
		}
		v := make([]uint32, len(raw)/4)
		for i := range v {
			v[i] = uint32(raw[4*i]) | uint32(raw[4*i+1])<<8 | uint32(raw[4*i+2])<<16 | uint32(raw[4*i+3])<<24
		}
		checkPostprocess(t, uint(bps), v)
	})
}

// Blocks longer than 256 samples (FlagNotEnforce) can sum past 2^32:
// blockStats must not take the kernel's 32-bit sums for them. 1024 samples
// of 2^22 sum to exactly 2^32, which 32-bit lanes wrap to 0.
func TestBlockSumsLongBlocks(t *testing.T) {
	for _, n := range []int{256, 264, 1024} {
		blk := make([]uint32, n)
		for i := range blk {
			blk[i] = 1 << 22
		}
		checkSums(t, blk, 29)
		for i := range blk {
			blk[i] = 1<<24 - 1
		}
		checkSums(t, blk, 29)
	}
}

// A 1024-sample block whose sums wrap 32 bits (after a block that drives
// the parameter hint to 0) round-trips through Encode and Decode.
func TestEncodeLongBlocksRoundTrip(t *testing.T) {
	const bs = 1024
	src := make([]byte, 4*2*bs)
	for i := range 2 * bs {
		v := uint32(i % 2)
		if i >= bs {
			v = 1 << 22
		}
		binary.LittleEndian.PutUint32(src[4*i:], v)
	}
	p := Params{BitsPerSample: 24, BlockSize: bs, RSI: 2, Flags: FlagNotEnforce}
	enc, _, err := Encode(src, p)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(src))
	if err := Decode(got, enc, p); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, src) {
		t.Fatalf("%d-byte stream does not decode to its input", len(enc))
	}
}
