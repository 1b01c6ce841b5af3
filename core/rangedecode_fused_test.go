package core

import (
	"bytes"
	"testing"
)

// Range decodes of simple_packing + szip (the fused path, at every width
// szip accepts) equal the same elements of a full decode, in both byte
// orders, for ranges in any order within one call.
func TestDecodeRangeFusedMatchesFull(t *testing.T) {
	const n = 70_000
	data := smoothField(n)
	ranges := []Range{{0, 1}, {n - 1, 1}, {12_345, 20_000}, {5, 3}, {4095, 2}, {0, n}, {n / 2, 0}}
	for _, bits := range []uint64{8, 16, 24, 32} {
		for _, order := range []ByteOrder{LittleEndian, BigEndian} {
			d := spSzipDesc(n, bits)
			d.ByteOrder = order
			msg, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			full, err := Decode(msg, nil)
			if err != nil {
				t.Fatal(err)
			}
			all := full.Objects[0].Data
			parts, err := DecodeRange(msg, 0, ranges, nil)
			if err != nil {
				t.Fatalf("bits %d %v: %v", bits, order, err)
			}
			for k, r := range ranges {
				if !bytes.Equal(parts[k], all[8*r.Offset:8*(r.Offset+r.Count)]) {
					t.Fatalf("bits %d %v range %v differs", bits, order, r)
				}
			}
		}
	}
}
