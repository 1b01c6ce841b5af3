package core

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

func TestParseDataFrameMatchesParseMessage(t *testing.T) {
	vals := make([]byte, 8*10)
	for i := range 10 {
		v := float64(i)
		if i == 3 {
			v = math.NaN()
		}
		be.PutUint64(vals[i*8:], math.Float64bits(v))
	}
	d := NewDescriptor(Float64, []uint64{10})
	d.ByteOrder = BigEndian
	msg, err := Encode(&GlobalMetadata{}, []EncodeInput{{Descriptor: d, Data: vals}, {Descriptor: d, Data: vals}}, &EncodeOptions{AllowNaN: true})
	if err != nil {
		t.Fatal(err)
	}
	mv, err := ParseMessage(msg)
	if err != nil {
		t.Fatal(err)
	}
	want := mv.Objects[1]
	frame := msg[want.FrameOffset : want.FrameOffset+len(want.Frame)]
	ov, err := ParseDataFrame(frame, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ov.Payload, want.Payload) || !bytes.Equal(ov.MaskRegion, want.MaskRegion) || ov.MaskBase != want.MaskBase || len(ov.Descriptor.Masks) != 1 {
		t.Fatal("standalone parse differs from ParseMessage")
	}
	got, err := ov.Decode(nil)
	if err != nil || !math.IsNaN(math.Float64frombits(binary.NativeEndian.Uint64(got[24:]))) {
		t.Fatalf("decode: %v", err)
	}
	bad := append([]byte(nil), frame...)
	bad[40] ^= 0xff
	var hm *HashMismatchError
	if _, err := ParseDataFrame(bad, 1, true); !errors.As(err, &hm) || hm.ObjectIndex != 1 {
		t.Fatalf("hash mismatch: %v", err)
	}
	if _, err := ParseDataFrame(frame[:len(frame)-1], 0, false); err == nil {
		t.Fatal("short frame accepted")
	}
	if _, err := ParseDataFrame(msg[PreambleSize:], 0, false); err == nil {
		t.Fatal("metadata frame accepted as data frame")
	}
}
