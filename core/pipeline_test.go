package core

import (
	"bytes"
	"math"
	"testing"
)

// testXor is a test-only compression stage (xor 0x5a), registered under a
// name the format does not define, to exercise the non-raw pipeline paths.
type testXor struct{}

func (testXor) Encode(in []byte) ([]byte, error) {
	out := make([]byte, len(in))
	for i, b := range in {
		out[i] = b ^ 0x5a
	}
	return out, nil
}

func (x testXor) Decode(in []byte, _ int) ([]byte, error) { return x.Encode(in) }

func init() {
	RegisterStage(StageCompression, "test_xor", func(ctx *StageContext) (Stage, error) {
		if _, _, err := ParamInt64(ctx.Params, "test_level", 0, 9); err != nil {
			return nil, err
		}
		ctx.Params["test_written"] = uint64(ctx.NumElements)
		return testXor{}, nil
	})
}

func TestPluggedStage(t *testing.T) {
	d := NewDescriptor(Float64, []uint64{3})
	d.ByteOrder = BigEndian
	d.Compression = "test_xor"
	data := beF64(1, math.NaN(), 3)
	m := mustEncode(t, nil, []EncodeInput{{Descriptor: d, Data: data}}, &EncodeOptions{AllowNaN: true})
	mv, err := ParseMessage(m)
	if err != nil {
		t.Fatal(err)
	}
	ov := &mv.Objects[0]
	if ov.Descriptor.Params["test_written"] != uint64(3) {
		t.Fatal("stage params not written to the descriptor")
	}
	if d.Params != nil {
		t.Fatal("caller descriptor modified")
	}
	got, err := ov.Decode(nil)
	if err != nil || !bytes.Equal(got[16:], f64s(3)) || getUint(got[8:], 8, NativeOrder) != 0x7FF8000000000000 {
		t.Fatalf("%v %x", err, got)
	}
	wire, _ := ov.Decode(&DecodeOptions{WireOrder: true, KeepNonFinite: true})
	if !bytes.Equal(wire, beF64(1, 0, 3)) {
		t.Fatalf("%x", wire)
	}
	dst := make([]byte, 24)
	if err := ov.DecodeInto(dst, nil); err != nil || !bytes.Equal(dst, got) {
		t.Fatal(err)
	}
	// Range decode is refused: the stage has no RangeStage.
	_, err = ov.DecodeRange([]Range{{0, 1}}, nil)
	wantErr(t, err, ErrEncoding, "range decode not supported")
	// Wrong parameter type is rejected at pipeline build.
	d2 := d.Clone()
	d2.Params = map[string]any{"test_level": "high"}
	_, err = Encode(nil, []EncodeInput{{Descriptor: d2, Data: beF64(1, 2, 3)}}, nil)
	wantErr(t, err, ErrMetadata, "expected integer for test_level")
	// Hostile shape with a codec pipeline: codec output size mismatch is an
	// error, and nothing of the claimed size is allocated.
	h := NewDescriptor(Float32, []uint64{1 << 40})
	h.Compression = "test_xor"
	desc, _ := h.MarshalCBOR()
	hm := tMessage(1, [][]byte{tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false), tDataFrame(desc, make([]byte, 8), true, false)}, false)
	_, err = Decode(hm, nil)
	wantErr(t, err, ErrEncoding, "size mismatch")
	if r := ValidateMessage(m, &ValidateOptions{Mode: ModeFull}); !r.HasCode("unknown_compression") {
		t.Fatal(r.Issues)
	}
	if len(SupportedStages(StageCompression)) == 0 {
		t.Fatal("none must be supported")
	}
}
