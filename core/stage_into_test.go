package core

import (
	"bytes"
	"testing"
)

// checkIntoMatchesDecode decodes payload with Pipeline.Decode and with
// Pipeline.DecodeInto and fails unless both succeed with the same bytes or
// both fail with the same message.
func checkIntoMatchesDecode(t *testing.T, what string, p *Pipeline, payload []byte, size int) {
	t.Helper()
	want, werr := p.Decode(payload, size)
	dst := make([]byte, size)
	gerr := p.DecodeInto(dst, payload)
	switch {
	case werr != nil && gerr != nil:
		if werr.Error() != gerr.Error() {
			t.Fatalf("%s: errors differ:\n Decode:     %v\n DecodeInto: %v", what, werr, gerr)
		}
	case werr != nil || gerr != nil:
		t.Fatalf("%s: Decode error %v, DecodeInto error %v", what, werr, gerr)
	case !bytes.Equal(want, dst):
		t.Fatalf("%s: DecodeInto bytes differ from Decode", what)
	}
}

// Pipeline.DecodeInto (the zero-copy path every C/Python decode takes)
// agrees with Pipeline.Decode on every pipeline: the same bytes for good
// payloads and the same error for truncated, extended and corrupted ones.
func TestPipelineDecodeIntoMatchesDecode(t *testing.T) {
	data := smoothField(700)
	cases := append(losslessCases(Float64), packingCases()...)
	cases = append(cases, losslessCases(Int16)...)
	for i := range 2 * len(cases) {
		c, order := cases[i/2], []ByteOrder{LittleEndian, BigEndian}[i%2]
		dt := Float64
		if c.enc == "none" && c.params["shuffle_element_size"] == uint64(2) || (c.comp == "szip" && c.enc == "none") {
			dt = Int16
		}
		raw := data
		if dt == Int16 {
			raw = data[:2*700]
		}
		d := descFor(dt, 700, order, c)
		msg, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: raw, DataOrder: NativeOrder}}, &EncodeOptions{NoHash: true})
		if err != nil {
			t.Fatalf("%v %s: encode: %v", c, dt, err)
		}
		_, ov, err := ParseObject(msg, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		size, err := ov.DecodedSize()
		if err != nil {
			t.Fatal(err)
		}
		for _, threads := range []int{0, 2} {
			p, err := BuildPipeline(ov.Descriptor, ov.Descriptor.Params, threads)
			if err != nil {
				t.Fatal(err)
			}
			pl := ov.Payload
			checkIntoMatchesDecode(t, c.String()+" intact", p, pl, size)
			for _, cut := range []int{0, 1, len(pl) / 2, len(pl) - 1} {
				if cut >= 0 && cut < len(pl) {
					checkIntoMatchesDecode(t, c.String()+" truncated", p, pl[:cut], size)
					bad := append([]byte(nil), pl...)
					for i := cut; i < len(bad); i++ {
						bad[i] ^= 0x5a
					}
					checkIntoMatchesDecode(t, c.String()+" corrupted", p, bad, size)
				}
			}
			checkIntoMatchesDecode(t, c.String()+" extended", p, append(append([]byte(nil), pl...), 1, 2, 3), size)
			if size > 8 {
				checkIntoMatchesDecode(t, c.String()+" smaller size", p, pl, size-8)
				checkIntoMatchesDecode(t, c.String()+" larger size", p, pl, size+8)
			}
		}
	}
}
