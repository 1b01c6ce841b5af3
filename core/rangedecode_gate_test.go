package core

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// A range decode must refuse a simple_packing payload shorter than
// ceil(N*bits/8), exactly as a full decode does, even when the requested
// range itself lies inside the bytes present.
func TestDecodeRangeRefusesShortPackedPayload(t *testing.T) {
	vals := make([]float64, 64)
	for i := range vals {
		vals[i] = float64(i)
	}
	d := NewDescriptor(Float64, []uint64{64})
	d.ByteOrder = NativeOrder
	d.Encoding = "simple_packing"
	d.Params = map[string]any{"sp_bits_per_value": uint64(16)}
	msg, err := Encode(&GlobalMetadata{}, []EncodeInput{{Descriptor: d, Data: nativeFloat64s(vals)}}, &EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mv, err := ParseMessage(msg)
	if err != nil {
		t.Fatal(err)
	}
	ov := mv.Objects[0]
	if _, err := ov.DecodeRange([]Range{{Offset: 1, Count: 2}}, nil); err != nil {
		t.Fatalf("intact payload: %v", err)
	}
	ov.Payload = ov.Payload[:len(ov.Payload)-1]
	_, err = ov.DecodeRange([]Range{{Offset: 1, Count: 2}}, nil)
	if err == nil || !errors.Is(err, ErrEncoding) {
		t.Fatalf("short payload: got %v, want an encoding error", err)
	}
}

func nativeFloat64s(v []float64) []byte {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		if NativeOrder == LittleEndian {
			binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
		} else {
			binary.BigEndian.PutUint64(b[8*i:], math.Float64bits(x))
		}
	}
	return b
}
