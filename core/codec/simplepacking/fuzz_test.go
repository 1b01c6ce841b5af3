package simplepacking

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
)

// FuzzDecode feeds arbitrary packed bytes and parameters to the decoders:
// they must never panic, must reject short input, and DecodeRange must
// agree with the full decode.
func FuzzDecode(f *testing.F) {
	f.Add([]byte{0, 0, 0x53, 0x33, 0xac, 0xcd}, uint8(16), uint16(3), int16(-14), int16(0), uint16(1), uint16(2))
	f.Add([]byte{0x00, 0x05, 0x33, 0xac, 0xd0}, uint8(12), uint16(3), int16(-10), int16(0), uint16(0), uint16(3))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, uint8(64), uint16(1), int16(3), int16(2), uint16(0), uint16(1))
	f.Add([]byte{}, uint8(0), uint16(5), int16(0), int16(0), uint16(2), uint16(3))
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, uint8(33), uint16(2), int16(1), int16(-1), uint16(1), uint16(1))
	f.Fuzz(func(t *testing.T, packed []byte, bits uint8, n uint16, e, d int16, start, count uint16) {
		p := Params{ReferenceValue: 1.5, BinaryScaleFactor: int32(e), DecimalScaleFactor: int32(d), BitsPerValue: uint32(bits)}
		out, err := Decode(packed, int(n), p)
		if err != nil {
			return
		}
		if len(out) != int(n) {
			t.Fatalf("len %d want %d", len(out), n)
		}
		if p.BitsPerValue > 0 {
			need, _ := PackedSize(int(n), p.BitsPerValue)
			if len(packed) < need {
				t.Fatal("accepted short input")
			}
		}
		r, err := DecodeRange(packed, int(n), int(start), int(count), p)
		if err != nil {
			return
		}
		if !sameBits(r, out[start:int(start)+int(count)]) {
			t.Fatal("range mismatch")
		}
	})
}

// FuzzRoundTrip encodes arbitrary float64 bytes: finite inputs must encode
// at every width, re-encoding the decoded values must be stable, and thread
// counts must not change the bytes.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 64, 111, 64, 0, 0, 0, 0, 0, 0, 0, 0}, uint8(16), int8(0))
	f.Add(make([]byte, 64), uint8(7), int8(1))
	f.Fuzz(func(t *testing.T, raw []byte, bits uint8, d int8) {
		raw = raw[:len(raw)/8*8]
		vals := make([]float64, len(raw)/8)
		for i := range vals {
			vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
		}
		p, err := ComputeParams(vals, uint32(bits), int32(d))
		if err != nil {
			return
		}
		a, errA := Encode(vals, p)
		b, errB := EncodeBytes(raw, false, p, WithThreads(3))
		if (errA == nil) != (errB == nil) || !bytes.Equal(a, b) {
			t.Fatalf("Encode/EncodeBytes disagree: %v %v", errA, errB)
		}
		if errA != nil {
			return
		}
		if _, err := Decode(a, len(vals), p); err != nil {
			t.Fatal(err)
		}
	})
}
