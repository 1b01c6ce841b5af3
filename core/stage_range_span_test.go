package core

import "testing"

func TestSzipEncodedSpan(t *testing.T) {
	d := NewDescriptor(Uint16, []uint64{4096})
	d.Compression = "szip"
	d.Params = map[string]any{"szip_rsi": uint64(4), "szip_block_size": uint64(16), "szip_flags": uint64(8),
		szipOffsetsKey: []any{uint64(0), uint64(800), uint64(1600), uint64(2400), uint64(3200)}}
	p, err := BuildPipeline(d, d.Params, 0)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := p.Compression.(RangeSpanStage)
	if !ok {
		t.Fatal("szip stage is not a RangeSpanStage")
	}
	// One RSI = 64 samples = 128 bytes; a range ending in RSI r needs the
	// prefix up to entry r+2 plus one block's worst case (16×4 bytes) and
	// slack.
	for _, c := range []struct {
		off, n uint64
		want   int
	}{{0, 0, 0}, {0, 1, 200 + 73}, {100, 28, 200 + 73}, {128, 1, 300 + 73}, {300, 84, 400 + 73}, {300, 85, 5000}, {0, 8192, 5000}} {
		if a, b, ok := s.EncodedSpan(c.off, c.n, 5000); !ok || a != 0 || b != c.want {
			t.Errorf("EncodedSpan(%d, %d) = %d, %d, %v; want 0, %d", c.off, c.n, a, b, ok, c.want)
		}
	}
	d.Params = map[string]any{"szip_rsi": uint64(4), "szip_block_size": uint64(16), "szip_flags": uint64(8)}
	p, _ = BuildPipeline(d, d.Params, 0)
	if _, _, ok := p.Compression.(RangeSpanStage).EncodedSpan(0, 10, 5000); ok {
		t.Fatal("span claimed without block offsets")
	}
}

func TestZfpEncodedSpan(t *testing.T) {
	d := NewDescriptor(Float64, []uint64{1000})
	d.Compression = "zfp"
	d.Params = map[string]any{"zfp_mode": "fixed_rate", "zfp_rate": 16.0}
	p, err := BuildPipeline(d, d.Params, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := p.Compression.(RangeSpanStage)
	// rate 16 → 64 bits (8 bytes) per 4-value block.
	if a, b, ok := s.EncodedSpan(8*40, 8*8, 2000); !ok || a != 80 || b != 96+8 {
		t.Fatalf("fixed_rate span = %d, %d, %v", a, b, ok)
	}
	d.Params = map[string]any{"zfp_mode": "fixed_precision", "zfp_precision": uint64(20)}
	p, _ = BuildPipeline(d, d.Params, 0)
	if _, _, ok := p.Compression.(RangeSpanStage).EncodedSpan(0, 8, 2000); ok {
		t.Fatal("span claimed for a variable-size mode")
	}
}
