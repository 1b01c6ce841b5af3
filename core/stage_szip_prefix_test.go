package core

import "testing"

func TestSzipRangePrefix(t *testing.T) {
	d := NewDescriptor(Uint16, []uint64{4096})
	d.Compression = "szip"
	d.Params = map[string]any{"szip_rsi": uint64(4), "szip_block_size": uint64(16), "szip_flags": uint64(8),
		szipOffsetsKey: []any{uint64(0), uint64(800), uint64(1600), uint64(2400), uint64(3200)}}
	p, err := BuildPipeline(d, d.Params, 0)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := p.Compression.(PrefixRangeStage)
	if !ok {
		t.Fatal("szip stage is not a PrefixRangeStage")
	}
	// One RSI = 64 samples = 128 bytes; byte 127 is in RSI 0, so the
	// prefix runs to entry 2 (bit 1600 = byte 200) plus one block's worst
	// case (16×4 bytes) and slack.
	for _, c := range []struct {
		end  uint64
		want int
	}{{0, 0}, {1, 200 + 1 + 64 + 8}, {128, 200 + 1 + 64 + 8}, {129, 300 + 1 + 64 + 8}, {3 * 128, 400 + 1 + 64 + 8}, {3*128 + 1, 5000}, {8192, 5000}} {
		if n, ok := s.RangePrefix(c.end, 5000); !ok || n != c.want {
			t.Errorf("RangePrefix(%d) = %d, %v; want %d", c.end, n, ok, c.want)
		}
	}
	d.Params = map[string]any{"szip_rsi": uint64(4), "szip_block_size": uint64(16), "szip_flags": uint64(8)}
	p, _ = BuildPipeline(d, d.Params, 0)
	if _, ok := p.Compression.(PrefixRangeStage).RangePrefix(10, 5000); ok {
		t.Fatal("prefix claimed without block offsets")
	}
}
