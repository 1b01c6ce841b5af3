package core

import (
	"os"
	"path/filepath"
	"testing"
)

// fuzzPipelines are the descriptors FuzzStageDecode feeds arbitrary
// payloads to (element count from the fuzzer).
var fuzzPipelines = []struct {
	dt     DType
	c      pipelineCase
	sparse bool
}{
	{Float64, pipelineCase{"simple_packing", "none", "none", map[string]any{"sp_bits_per_value": uint64(12), "sp_reference_value": 1.0, "sp_binary_scale_factor": int64(-3), "sp_decimal_scale_factor": uint64(0)}}, false},
	{Float64, pipelineCase{"simple_packing", "none", "szip", mergeParams(szipParams(8), map[string]any{"sp_bits_per_value": uint64(24), "sp_reference_value": 1.0, "sp_binary_scale_factor": int64(-3), "sp_decimal_scale_factor": uint64(0), "szip_block_offsets": []any{uint64(0), uint64(40)}})}, false},
	{Float64, pipelineCase{"simple_packing", "none", "lz4", map[string]any{"sp_bits_per_value": uint64(0), "sp_reference_value": 1.0, "sp_binary_scale_factor": int64(0), "sp_decimal_scale_factor": uint64(0)}}, false},
	{Float32, pipelineCase{"none", "none", "szip", mergeParams(szipParams(8), map[string]any{"szip_block_offsets": []any{uint64(0)}})}, false},
	{Int16, pipelineCase{"none", "shuffle", "szip", mergeParams(szipParams(0), map[string]any{"shuffle_element_size": uint64(2)})}, false},
	{Float32, pipelineCase{"none", "shuffle", "zstd", map[string]any{"shuffle_element_size": uint64(4)}}, false},
	{Uint8, pipelineCase{"none", "none", "lz4", nil}, false},
	{Bitmask, pipelineCase{"none", "none", "rle", nil}, false},
	{Bitmask, pipelineCase{"none", "none", "roaring", nil}, false},
}

// FuzzStageDecode: the codec adapters never panic on arbitrary payloads and
// element counts, never return more than the declared size, and decode
// into a caller's buffer exactly as they decode into a new one.
func FuzzStageDecode(f *testing.F) {
	vs, _ := filepath.Glob(filepath.Join("testdata", "pipeline", "*.tgm"))
	for _, p := range vs {
		b, err := os.ReadFile(p)
		if err != nil || len(b) > 4096 {
			continue
		}
		if _, ov, err := ParseObject(b, 0, false); err == nil {
			f.Add(uint8(len(b)%len(fuzzPipelines)), uint32(len(ov.Payload)), ov.Payload)
		}
	}
	f.Add(uint8(0), uint32(3), []byte{1, 2, 3, 4, 5})
	f.Add(uint8(6), uint32(1<<30), []byte{0xff, 0xff, 0xff, 0x7f, 0})
	f.Fuzz(func(t *testing.T, sel uint8, n uint32, payload []byte) {
		c := fuzzPipelines[int(sel)%len(fuzzPipelines)]
		p, _, ok, _ := fuzzDecode(t, c.dt, c.c, n, payload)
		if !ok {
			return
		}
		enc, eok := p.Encoding.(RangeEncoding)
		comp, cok := p.Compression.(RangeStage)
		if eok && cok && n > 2 {
			if bo, bl, err := enc.EncodedRange(1, uint64(n)-2); err == nil {
				if chunk, err := comp.DecodeRange(payload, bo, bl); err == nil {
					_, _ = enc.DecodeRangeFrom(chunk, 1, uint64(n)-2)
				}
			}
		}
	})
}

// fuzzDecode decodes payload as n elements of dt through case c's
// pipeline and checks what every stage must do on any input: never return
// more than the declared size, and decode into a caller's buffer exactly as
// into a new one. ok is false (and nothing checked) when the descriptor
// builds no pipeline or declares more than 4 MiB.
func fuzzDecode(t *testing.T, dt DType, c pipelineCase, n uint32, payload []byte) (p *Pipeline, out []byte, ok bool, err error) {
	d := descFor(dt, int(n), LittleEndian, c)
	p, err = BuildPipeline(d, d.Params, 2)
	if err != nil {
		return nil, nil, false, nil
	}
	size, err := d.DecodedSize()
	if err != nil || size > 1<<22 {
		return nil, nil, false, nil
	}
	out, err = p.Decode(payload, int(size))
	if err == nil && len(out) != int(size) {
		t.Fatalf("decoded %d bytes, declared %d", len(out), size)
	}
	checkIntoMatchesDecode(t, c.String(), p, payload, int(size))
	return p, out, true, err
}
