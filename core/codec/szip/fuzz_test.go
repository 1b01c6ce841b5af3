package szip

import (
	"bytes"
	"testing"
)

// fuzzParams derives valid-ish parameters from four fuzz bytes; invalid
// combinations are left in on purpose (they must fail cleanly).
func fuzzParams(bps, block, rsi, flags byte) Params {
	blocks := []int{8, 16, 32, 64}
	p := Params{
		BitsPerSample: 1 + int(bps)%32,
		BlockSize:     blocks[int(block)%4],
		RSI:           1 + int(rsi)%64,
		Flags:         Flags(flags) &^ FlagNotEnforce,
	}
	if block >= 128 {
		p.Flags |= FlagNotEnforce
		p.BlockSize = 2 + 2*(int(block)%20)
	}
	return p
}

func addStreamSeeds(f *testing.F) {
	in, enc := example1(f)
	f.Add(enc, byte(7), byte(0), byte(1), byte(FlagPreprocess), uint16(len(in)))
	for _, v := range loadVectors(f) {
		p, _, payload := v.decoded(f)
		if len(payload) > 4096 || v.Samples == 0 {
			continue
		}
		f.Add(payload, byte(p.BitsPerSample-1), byte(map[int]int{8: 0, 16: 1, 32: 2, 64: 3}[p.BlockSize]), byte(p.RSI-1), byte(p.Flags), uint16(v.Samples))
	}
	f.Add([]byte{}, byte(0), byte(0), byte(0), byte(0), uint16(1))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff}, byte(31), byte(3), byte(63), byte(0xff), uint16(4096))
}

// FuzzDecode feeds arbitrary streams to the decoder: it must never panic,
// and sequential and parallel decoding must agree.
func FuzzDecode(f *testing.F) {
	addStreamSeeds(f)
	f.Fuzz(func(t *testing.T, stream []byte, bps, block, rsi, flags byte, n uint16) {
		p := fuzzParams(bps, block, rsi, flags)
		dst := make([]byte, int(n)%8192*p.SampleWidth())
		_, _ = ScanOffsets(stream, p, int(n)%8192) // must not panic
		err := Decode(dst, stream, p)
		if err != nil || p.Validate() != nil {
			return
		}
		offs, serr := ScanOffsets(stream, p, len(dst)/p.SampleWidth())
		if serr != nil {
			t.Fatalf("decode succeeded but scan failed: %v", serr)
		}
		par := make([]byte, len(dst))
		if err := Decode(par, stream, p, WithThreads(2), WithOffsets(offs), withParallelMin(0)); err != nil || !bytes.Equal(par, dst) {
			t.Fatalf("parallel decode differs: %v", err)
		}
	})
}

// FuzzDecodeRange checks that untrusted range decoding of arbitrary
// streams and offset tables never panics and agrees with a full decode.
func FuzzDecodeRange(f *testing.F) {
	addStreamSeeds(f)
	f.Fuzz(func(t *testing.T, stream []byte, bps, block, rsi, flags byte, n uint16) {
		p := fuzzParams(bps, block, rsi, flags)
		if p.Validate() != nil {
			return
		}
		cw := p.SampleWidth()
		samples := int(n)%8192 + 1
		full := make([]byte, samples*cw)
		fullErr := Decode(full, stream, p)
		// A table built from the stream bytes: arbitrary, possibly wrong.
		var tbl []uint64
		for i := 0; i+1 < len(stream) && len(tbl) < 64; i += 2 {
			tbl = append(tbl, uint64(stream[i])<<8|uint64(stream[i+1]))
		}
		if len(tbl) > 0 {
			tbl[0] = 0
		}
		lo := int(n) % len(full)
		hi := min(len(full), lo+1+int(flags))
		part := make([]byte, hi-lo)
		err := DecodeRange(part, stream, p, tbl, lo)
		if err == nil && fullErr == nil && !bytes.Equal(part, full[lo:hi]) {
			t.Fatalf("range [%d,%d) differs from full decode", lo, hi)
		}
	})
}

// FuzzRoundTrip encodes arbitrary samples and checks that decoding gives
// them back and that every thread count produces the same bytes.
func FuzzRoundTrip(f *testing.F) {
	in, _ := example1(f)
	f.Add(in, byte(7), byte(0), byte(1), byte(FlagPreprocess))
	f.Add(smoothField24(3000), byte(23), byte(1), byte(127), byte(FlagPreprocess|FlagMSB|Flag3Byte))
	f.Add(bytes.Repeat([]byte{0}, 1000), byte(15), byte(2), byte(3), byte(FlagPreprocess|FlagSigned))
	f.Fuzz(func(t *testing.T, raw []byte, bps, block, rsi, flags byte) {
		p := fuzzParams(bps, block, rsi, flags&^byte(FlagPadRSI))
		if p.Validate() != nil {
			return
		}
		cw := p.SampleWidth()
		raw = raw[:len(raw)/cw*cw]
		// Keep samples inside the bit width (libaec's input contract);
		// signed samples are then stored sign-extended by the decoder.
		in := make([]byte, len(raw))
		want := make([]byte, len(raw))
		c, _ := newCoder(p)
		x := make([]uint32, len(raw)/cw)
		c.readSamples(x, raw)
		mask := uint32(uint64(1)<<p.BitsPerSample - 1)
		for i := range x {
			x[i] &= mask
		}
		c.writeSamples(in, x)
		if p.Flags&FlagSigned != 0 && p.Flags&FlagPreprocess != 0 {
			m := uint32(1) << (p.BitsPerSample - 1)
			for i := range x {
				x[i] = (x[i] ^ m) - m
			}
		}
		c.writeSamples(want, x)
		enc, offs, err := Encode(in, p)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]byte, len(in))
		if err := Decode(got, enc, p); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("round trip differs")
		}
		scan, err := ScanOffsets(enc, p, len(x))
		if err != nil || len(scan) != len(offs) {
			t.Fatalf("scan: %v", err)
		}
		for i := range scan {
			if scan[i] != offs[i] {
				t.Fatalf("offset %d: scan %d, encoder %d", i, scan[i], offs[i])
			}
		}
		par, _, err := Encode(in, p, WithThreads(3), withParallelMin(0))
		if err != nil || !bytes.Equal(par, enc) {
			t.Fatalf("threads=3 differs: %v", err)
		}
	})
}
